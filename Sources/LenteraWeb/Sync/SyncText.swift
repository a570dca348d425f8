import LenteraCore

/// The interface text of the sync rows of `/status`, in both languages; merged into ``Labels/table(_:)`` for templates.
enum SyncText {
    /// Indonesian and English for each key.
    static let entries: [String: (String, String)] = [
        "syncUpstreams": ("Sinkronisasi ke hulu", "Sync with upstreams"),
        "syncKind": ("Jenis", "Kind"),
        "syncUpstream": ("Hulu", "Upstream"),
        "syncNode": ("Node", "Node"),
        "syncLastAttempt": ("Percobaan terakhir", "Last attempt"),
        "syncLastSuccess": ("Terakhir berhasil", "Last success"),
        "syncDetail": ("Versi / keterangan", "Versions / detail"),
        "syncLastError": ("Galat terakhir", "Last error"),
        "syncKindPush": ("kemajuan (xAPI)", "progress (xAPI)"),
        "syncKindMirror": ("konten (cermin) node ini", "content (mirror) of this node"),
        "syncThisNode": ("node ini", "this node"),
        "syncSent": ("%d pernyataan terkirim pada dorongan terakhir", "%d statements sent at the last push"),
        "syncRefused": ("%d ditolak hulu (disimpan di sini)", "%d refused by the upstream (kept here)"),
        "syncRegionalNodes": ("Node daerah", "Regional nodes"),
        "syncNodeLastSync": ("Sinkron terakhir", "Last sync"),
        "syncNodeStatements": ("Pernyataan diterima", "Statements received"),
    ]

    static let indonesian = entries.mapValues(\.0)
    static let english = entries.mapValues(\.1)

    /// The text for a key in a language.
    static func text(_ key: String, _ language: Language) -> String {
        guard let entry = entries[key] else { return key }
        return language == .indonesian ? entry.0 : entry.1
    }
}
