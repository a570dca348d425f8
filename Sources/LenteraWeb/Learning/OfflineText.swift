import Foundation
import LenteraCore

/// The interface text of offline reading, in both languages; merged into ``Labels/table(_:)`` for templates and read by
/// lentera.js from the data attributes of the page it runs on.
enum OfflineText {
    /// Indonesian and English for each key.
    static let entries: [String: (String, String)] = [
        "offlineTitle": ("Baca tanpa sambungan", "Read without a connection"),
        "offlineSave": ("Simpan untuk dibaca luring", "Save for offline reading"),
        "offlineUpdate": ("Perbarui salinan di perangkat", "Update the copy on this device"),
        "offlineRemove": ("Hapus dari perangkat", "Remove from this device"),
        "offlineIntro": (
            "Halaman, gambar, dan lampiran kursus ini disimpan di perangkat ini, sehingga tetap dapat dibuka tanpa sambungan. "
                + "Tanda selesai dan jawaban kuis yang diberikan saat luring dikirim ketika sambungan kembali.",
            "The pages, images and attachments of this course are kept on this device, so they open without a connection. "
                + "Modules marked done and quiz answers given offline are sent when the connection returns."
        ),
        "offlineSize": ("Ukuran", "Size"),
        "offlineSaving": ("Menyimpan…", "Saving…"),
        "offlineSaved": ("Tersimpan di perangkat ini.", "Saved on this device."),
        "offlineFailed": (
            "Belum tersimpan: sambungan terputus atau ruang perangkat tidak cukup. Coba lagi.",
            "Not saved: the connection dropped or the device has no room. Try again."
        ),
        "offlineRemoved": ("Dihapus dari perangkat ini.", "Removed from this device."),
        "offlineQueued": ("Luring: akan dikirim saat tersambung.", "Offline: will be sent when connected."),
        "offlineSent": ("Tersambung kembali: yang dicatat saat luring sudah terkirim.", "Back online: what was recorded offline has been sent."),
    ]

    static let indonesian = entries.mapValues(\.0)
    static let english = entries.mapValues(\.1)

    /// The text for a key in a language.
    static func text(_ key: String, _ language: Language) -> String {
        guard let entry = entries[key] else { return key }
        return language == .indonesian ? entry.0 : entry.1
    }

    /// A size as people read it: "850 KB", "2,3 MB" ("2.3 MB" in English); kilobytes of 1,024 bytes, never "0 KB".
    static func size(_ bytes: Int, _ language: Language) -> String {
        let kilobytes = Double(bytes) / 1024
        let text = kilobytes < 1000 ? String(format: "%.0f KB", max(1, kilobytes.rounded(.up))) : String(format: "%.1f MB", kilobytes / 1024)
        return language == .indonesian ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
