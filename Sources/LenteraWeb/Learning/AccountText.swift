import LenteraCore

/// The interface text of account management and the audit trail, in both languages; merged into
/// ``Labels/table(_:)`` for templates.
enum AccountText {
    static let entries: [String: (String, String)] = [
        "inactiveSignIn": (
            "Akun ini sudah tidak aktif (pensiun atau berhenti). Riwayat belajarnya tetap tersimpan; hubungi operator BKPSDM Anda bila ini keliru.",
            "This account is no longer active (retired or left the service). Its learning history is kept; contact your BKPSDM operator if this is a mistake."
        ),
        "usersSearch": ("Cari NIP atau nama", "Search NIP or name"),
        "usersSearchButton": ("Cari", "Search"),
        "usersShowing": ("Menampilkan %d–%d dari %d akun", "Showing %d–%d of %d accounts"),
        "usersNone": ("Tidak ada akun yang cocok.", "No accounts match."),
        "pagePrevious": ("Sebelumnya", "Previous"),
        "pageNext": ("Berikutnya", "Next"),
        // The name of a list's previous/next links, and the header of a column of buttons or links (read by screen readers).
        "listPages": ("Halaman daftar", "Pages of the list"),
        "actionsColumn": ("Tindakan", "Actions"),
        "edit": ("Ubah", "Edit"),
        "inactive": ("tidak aktif", "inactive"),
        "active": ("aktif", "active"),
        "accountTitle": ("Data pegawai", "Employee record"),
        "position": ("Jabatan", "Position"),
        "employeeStatus": ("Status kepegawaian", "Employment status"),
        "email": ("Surel", "E-mail"),
        "accountState": ("Keadaan akun", "Account state"),
        "deactivateAs": ("Nonaktifkan karena", "Deactivate because"),
        "keepActive": ("Tetap aktif", "Keep active"),
        "reason.pensiun": ("pensiun", "retired"),
        "reason.berhenti": ("berhenti", "left the service"),
        "reason.meninggal": ("meninggal dunia", "deceased"),
        "reason.lainnya": ("alasan lain", "another reason"),
        "save": ("Simpan", "Save"),
        "role.learner": ("peserta", "learner"),
        "role.author": ("penulis", "author"),
        "role.operator": ("operator", "operator"),
        "role.admin": ("admin", "admin"),
        "saved": ("Perubahan disimpan.", "Changes saved."),
        "noChange": ("Tidak ada yang berubah.", "Nothing changed."),
        "transferHelp": (
            "Mutasi: ganti unit kerja. Riwayat belajar dan JP tetap milik pegawai ini.",
            "Transfer: change the unit. The learning history and JP stay with this person."
        ),
        "roleAdminOnly": ("Peran hanya dapat diubah oleh admin.", "Only admins change roles."),
        "auditTitle": ("Jejak audit", "Audit trail"),
        "auditIntro": (
            "Siapa melakukan apa, kapan, dan dari mana: masuk, kata sandi, perubahan akun, impor daftar pegawai, node dan penilaian esai.",
            "Who did what, when and from where: sign-ins, passwords, account changes, roster imports, nodes and essay grades."
        ),
        "auditWhen": ("Waktu", "When"),
        "auditAction": ("Tindakan", "Action"),
        "auditActor": ("Oleh", "By"),
        "auditSubject": ("Akun", "Account"),
        "auditDetail": ("Rincian", "Detail"),
        "auditAddress": ("Alamat", "Address"),
        "auditAllActions": ("Semua tindakan", "All actions"),
        "auditFrom": ("Dari tanggal", "From"),
        "auditUntil": ("Sampai tanggal", "Until"),
        "auditFilter": ("Saring", "Filter"),
        "auditCSV": ("Unduh CSV", "Download CSV"),
        "auditNone": ("Tidak ada entri yang cocok.", "No entries match."),
        "rosterComplete": (
            "Daftar ini lengkap untuk wilayah saya: nonaktifkan pegawai yang tidak tercantum",
            "This roster is complete for my area: deactivate employees it does not list"
        ),
        "rosterPreviewButton": ("Pratinjau impor", "Preview the import"),
        "rosterPreviewTitle": ("Pratinjau impor", "Import preview"),
        "rosterEmpty": ("Pilih berkas CSV atau tempel isinya dulu.", "Choose a CSV file or paste its content first."),
        "rosterUnreadable": ("Berkas tidak dapat diimpor", "The file cannot be imported"),
        "rosterOpen": ("Impor yang belum selesai", "Imports not finished"),
        "rosterState.previewed": ("menunggu diterapkan", "waiting to be applied"),
        "rosterState.applying": ("sedang diterapkan", "being applied"),
        "rosterState.applied": ("kata sandi belum dikonfirmasi dibagikan", "passwords not yet confirmed as handed out"),
        "rosterPreviewIntro": (
            "Belum ada yang diubah. Periksa apa yang akan terjadi, lalu terapkan atau batalkan.",
            "Nothing has changed yet. Check what will happen, then apply or cancel."
        ),
        "rosterAdd": ("Ditambahkan", "Added"),
        "rosterChange": ("Diubah", "Changed"),
        "rosterDeactivate": ("Dinonaktifkan", "Deactivated"),
        "rosterUnchanged": ("Tidak berubah", "Unchanged"),
        "rosterLine": ("Baris", "Line"),
        "rosterApply": ("Terapkan", "Apply"),
        "rosterCancel": ("Batalkan", "Cancel"),
        "rosterCancelled": ("Impor ini dibatalkan; tidak ada yang diubah.", "This import was cancelled; nothing changed."),
        "rosterApplying": ("Sedang diterapkan di latar belakang; halaman ini diperbarui sendiri.", "Being applied in the background; this page updates itself."),
        "rosterFinished": ("Impor selesai.", "Import finished."),
        "rosterPasswordsIntro": (
            "Kata sandi sementara akun baru ada di bawah sampai Anda mengonfirmasi sudah membagikannya. Setiap pegawai harus menggantinya saat pertama masuk.",
            "The new accounts' temporary passwords are below until you confirm they were handed out. Everyone must change theirs at the first sign-in."
        ),
        "rosterPasswordsCSV": ("Unduh CSV", "Download CSV"),
        "rosterPasswordsCSVSemicolon": ("CSV untuk Excel berbahasa Indonesia (;)", "CSV for Excel in Indonesian (;)"),
        "rosterPrint": ("Cetak lembar kata sandi", "Print the password slips"),
        "rosterConfirm": ("Kata sandi sudah dibagikan: hapus dari server", "Passwords handed out: delete them from the server"),
        "rosterConfirmed": (
            "Kata sandi sementara sudah dihapus dari server. Bila ada yang hilang, setel ulang kata sandinya di daftar pengguna.",
            "The temporary passwords are deleted from the server. If one is lost, reset that password in the user list."
        ),
        "rosterSlipsTitle": ("Lembar kata sandi sementara", "Temporary password slips"),
        "rosterSlipHelp": (
            "Masuk dengan NIP dan kata sandi ini, lalu ganti kata sandi Anda. Jangan berikan kepada siapa pun.",
            "Sign in with your NIP and this password, then change your password. Do not share it."
        ),
    ]

    static let indonesian = entries.mapValues(\.0)
    static let english = entries.mapValues(\.1)

    /// The text for a key in a language.
    static func text(_ key: String, _ language: Language) -> String {
        guard let entry = entries[key] else { return key }
        return language == .indonesian ? entry.0 : entry.1
    }
}

/// Lets an event through once a minute per key (and forgets keys after that), so that what an attacker can repeat
/// cheaply is not written as often as they repeat it.
actor AuditSampler {
    private var last: [String: ContinuousClock.Instant] = [:]

    func admits(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        if last.count > 10_000 { last = last.filter { now - $0.value < .seconds(60) } }
        // Still full of fresh keys (many addresses at once): forget them rather than grow; a few more entries are written.
        if last.count > 10_000 { last.removeAll() }
        if let seen = last[key], now - seen < .seconds(60) { return false }
        last[key] = now
        return true
    }
}
