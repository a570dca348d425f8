extension Text {
    /// The interface text of the sync tables of `/status`.
    enum Sync: String, TextKey {
        case syncUpstreams, syncKind, syncUpstream, syncNode, syncLastAttempt, syncLastSuccess, syncDetail, syncLastError, syncKindPush,
            syncKindMirror, syncThisNode, syncSent, syncRefused, syncRegionalNodes, syncNodeLastSync, syncNodeStatements, syncKindMail, syncMailed,
            syncMailRefused

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .syncUpstreams: ("Sinkronisasi ke hulu", "Sync with upstreams")
            case .syncKind: ("Jenis", "Kind")
            case .syncUpstream: ("Hulu / relai surel", "Upstream / mail relay")
            case .syncNode: ("Node", "Node")
            case .syncLastAttempt: ("Percobaan terakhir", "Last attempt")
            case .syncLastSuccess: ("Terakhir berhasil", "Last success")
            case .syncDetail: ("Versi / keterangan", "Versions / detail")
            case .syncLastError: ("Galat terakhir", "Last error")
            case .syncKindPush: ("kemajuan (xAPI)", "progress (xAPI)")
            case .syncKindMirror: ("konten (cermin) node ini", "content (mirror) of this node")
            case .syncThisNode: ("node ini", "this node")
            case .syncSent: ("%d pernyataan terkirim pada dorongan terakhir", "%d statements sent at the last push")
            case .syncRefused: ("%d ditolak hulu (disimpan di sini)", "%d refused by the upstream (kept here)")
            case .syncRegionalNodes: ("Node daerah", "Regional nodes")
            case .syncNodeLastSync: ("Sinkron terakhir", "Last sync")
            case .syncNodeStatements: ("Pernyataan diterima", "Statements received")
            case .syncKindMail: ("pengingat tenggat (surel)", "deadline reminders (mail)")
            case .syncMailed: ("%d surel terkirim pada putaran terakhir yang mengirim", "%d mails sent in the last round that sent any")
            case .syncMailRefused:
                (
                    "relai menolak atau menunda sebagian alamat pada putaran terakhir (lihat log: NIP dan alasannya)",
                    "the relay refused or deferred some addresses in the last round (see the log: NIP and reason)"
                )
            }
        }
    }
}
