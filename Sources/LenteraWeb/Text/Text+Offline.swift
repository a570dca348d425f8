import Foundation
import LenteraCore

extension Text {
    /// The interface text of offline reading, also read by lentera.js from the data attributes of the page it runs on.
    enum Offline: String, TextKey {
        case offlineTitle, offlineSave, offlineUpdate, offlineRemove, offlineIntro, offlineSize, offlineSaving, offlineSaved, offlineFailed,
            offlineRemoved, offlineQueued, offlineSent, manifestDescription

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .offlineTitle: ("Baca tanpa sambungan", "Read without a connection")
            case .offlineSave: ("Simpan untuk dibaca luring", "Save for offline reading")
            case .offlineUpdate: ("Perbarui salinan di perangkat", "Update the copy on this device")
            case .offlineRemove: ("Hapus dari perangkat", "Remove from this device")
            case .offlineIntro:
                (
                    "Halaman, gambar, dan lampiran kursus ini disimpan di perangkat ini, sehingga tetap dapat dibuka tanpa sambungan. "
                        + "Tanda selesai dan jawaban kuis yang diberikan saat luring dikirim ketika sambungan kembali.",
                    "The pages, images and attachments of this course are kept on this device, so they open without a connection. "
                        + "Modules marked done and quiz answers given offline are sent when the connection returns."
                )
            case .offlineSize: ("Ukuran", "Size")
            case .offlineSaving: ("Menyimpan…", "Saving…")
            case .offlineSaved: ("Tersimpan di perangkat ini.", "Saved on this device.")
            case .offlineFailed:
                (
                    "Belum tersimpan: sambungan terputus atau ruang perangkat tidak cukup. Coba lagi.",
                    "Not saved: the connection dropped or the device has no room. Try again."
                )
            case .offlineRemoved: ("Dihapus dari perangkat ini.", "Removed from this device.")
            case .offlineQueued: ("Luring: akan dikirim saat tersambung.", "Offline: will be sent when connected.")
            case .offlineSent:
                (
                    "Tersambung kembali: yang dicatat saat luring sudah terkirim.",
                    "Back online: what was recorded offline has been sent."
                )
            // The web app manifest's description (in Indonesian, the manifest's language).
            case .manifestDescription:
                (
                    "Pengembangan kompetensi ASN: kursus, kuis, dan jam pelajaran (JP).",
                    "Competency development for civil servants: courses, quizzes and learning hours (JP)."
                )
            }
        }
    }
}

extension Text.Offline {
    /// A size as people read it: "850 KB", "2,3 MB" ("2.3 MB" in English); kilobytes of 1,024 bytes, never "0 KB".
    static func size(_ bytes: Int, _ language: Language) -> String {
        let kilobytes = Double(bytes) / 1024
        let text = kilobytes < 1000 ? String(format: "%.0f KB", max(1, kilobytes.rounded(.up))) : String(format: "%.1f MB", kilobytes / 1024)
        return language == .indonesian ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
