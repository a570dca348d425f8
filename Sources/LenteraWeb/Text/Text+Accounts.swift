import LenteraCore
import LenteraStore

extension Text {
    /// The interface text of account management, roster imports and the audit trail.
    enum Accounts: String, TextKey {
        case usersTitle, importTitle, importHelp, importFile, importPaste, importResult, temporaryPassword, rejected, resetPassword, resetDone, role,
            inactiveSignIn, usersSearch, usersSearchButton, usersShowing, usersNone, pagePrevious, pageNext, listPages, actionsColumn, edit, inactive,
            active, accountTitle, position, supervisorNIP, supervisorHelp, supervisorInvalid, employeeStatus, email, accountState, deactivateAs, keepActive, reasonRetired, reasonLeft, reasonDeceased,
            reasonOther, roleLearner, roleAuthor, roleOperator, roleAdmin, saved, noChange, transferHelp, roleAdminOnly, auditTitle, auditIntro,
            auditWhen, auditAction, auditActor, auditSubject, auditDetail, auditAddress, auditAllActions, auditFrom, auditUntil, auditFilter,
            auditCSV, auditNone, rosterComplete, rosterPreviewButton, rosterPreviewTitle, rosterEmpty, rosterUnreadable, rosterOpen,
            rosterStatePreviewed, rosterStateApplying, rosterStateApplied, rosterPreviewIntro, rosterAdd, rosterChange, rosterDeactivate,
            rosterUnchanged, rosterLine, rosterApply, rosterCancel, rosterCancelled, rosterApplying, rosterFinished, rosterPasswordsIntro,
            rosterPasswordsCSV, rosterPasswordsCSVSemicolon, rosterPrint, rosterConfirm, rosterConfirmed, rosterSlipsTitle, rosterSlipHelp

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .usersTitle: ("Pegawai", "Employees")
            case .importTitle: ("Impor daftar pegawai", "Import an employee roster")
            case .importHelp:
                (
                    "Tempel CSV dengan baris judul: nip, nama, unit (Instansi > Unit > Sub-unit), dan boleh juga jabatan, status (PNS/PPPK), email, peran, nip_atasan (NIP atasan langsung, yang menilai pegawainya pada evaluasi pasca-program). Setiap akun mendapat kata sandi sementara yang harus diganti saat pertama masuk.",
                    "Paste CSV with a header row: nip, nama, unit (Instansi > Unit > Sub-unit), and optionally jabatan, status (PNS/PPPK), email, peran, nip_atasan (the direct supervisor's NIP, who assesses their staff in a program's follow-up). Every account gets a temporary password to change at first sign-in."
                )
            case .importFile: ("Berkas CSV", "CSV file")
            case .importPaste: ("atau tempel isinya di sini", "or paste its content here")
            case .importResult: ("Hasil impor", "Import result")
            case .temporaryPassword: ("Kata sandi sementara", "Temporary password")
            case .rejected: ("Baris ditolak", "Rejected rows")
            case .resetPassword: ("Setel ulang kata sandi", "Reset password")
            case .resetDone:
                (
                    "Kata sandi sementara untuk %@: %@ — berikan kepada pegawai; harus diganti saat masuk.",
                    "Temporary password for %@: %@ — hand it to the employee; it must be changed at sign-in."
                )
            case .role: ("Peran", "Role")
            case .inactiveSignIn:
                (
                    "Akun ini sudah tidak aktif (pensiun atau berhenti). Riwayat belajarnya tetap tersimpan; hubungi operator BKPSDM Anda bila ini keliru.",
                    "This account is no longer active (retired or left the service). Its learning history is kept; contact your BKPSDM operator if this is a mistake."
                )
            case .usersSearch: ("Cari NIP atau nama", "Search NIP or name")
            case .usersSearchButton: ("Cari", "Search")
            case .usersShowing: ("Menampilkan %d–%d dari %d akun", "Showing %d–%d of %d accounts")
            case .usersNone: ("Tidak ada akun yang cocok.", "No accounts match.")
            case .pagePrevious: ("Sebelumnya", "Previous")
            case .pageNext: ("Berikutnya", "Next")
            // The name of a list's previous/next links, and the header of a column of buttons or links (read by screen readers).
            case .listPages: ("Halaman daftar", "Pages of the list")
            case .actionsColumn: ("Tindakan", "Actions")
            case .edit: ("Ubah", "Edit")
            case .inactive: ("tidak aktif", "inactive")
            case .active: ("aktif", "active")
            case .accountTitle: ("Data pegawai", "Employee record")
            case .position: ("Jabatan", "Position")
            case .supervisorNIP: ("NIP atasan langsung", "Direct supervisor's NIP")
            case .supervisorHelp:
                ("Atasan menilai pegawainya pada evaluasi pasca-program. Kosongkan bila tidak ada.", "The supervisor assesses their staff in a program's follow-up. Leave it empty when there is none.")
            case .supervisorInvalid: ("NIP atasan: %@", "Supervisor's NIP: %@")
            case .employeeStatus: ("Status kepegawaian", "Employment status")
            case .email: ("Surel", "E-mail")
            case .accountState: ("Keadaan akun", "Account state")
            case .deactivateAs: ("Nonaktifkan karena", "Deactivate because")
            case .keepActive: ("Tetap aktif", "Keep active")
            case .reasonRetired: ("pensiun", "retired")
            case .reasonLeft: ("berhenti", "left the service")
            case .reasonDeceased: ("meninggal dunia", "deceased")
            case .reasonOther: ("alasan lain", "another reason")
            case .roleLearner: ("peserta", "learner")
            case .roleAuthor: ("penulis", "author")
            case .roleOperator: ("operator", "operator")
            case .roleAdmin: ("admin", "admin")
            case .saved: ("Perubahan disimpan.", "Changes saved.")
            case .noChange: ("Tidak ada yang berubah.", "Nothing changed.")
            case .transferHelp:
                (
                    "Mutasi: ganti unit kerja. Riwayat belajar dan JP tetap milik pegawai ini.",
                    "Transfer: change the unit. The learning history and JP stay with this person."
                )
            case .roleAdminOnly: ("Peran hanya dapat diubah oleh admin.", "Only admins change roles.")
            case .auditTitle: ("Jejak audit", "Audit trail")
            case .auditIntro:
                (
                    "Siapa melakukan apa, kapan, dan dari mana: masuk, kata sandi, perubahan akun, impor daftar pegawai, node dan penilaian esai.",
                    "Who did what, when and from where: sign-ins, passwords, account changes, roster imports, nodes and essay grades."
                )
            case .auditWhen: ("Waktu", "When")
            case .auditAction: ("Tindakan", "Action")
            case .auditActor: ("Oleh", "By")
            case .auditSubject: ("Akun", "Account")
            case .auditDetail: ("Rincian", "Detail")
            case .auditAddress: ("Alamat", "Address")
            case .auditAllActions: ("Semua tindakan", "All actions")
            case .auditFrom: ("Dari tanggal", "From")
            case .auditUntil: ("Sampai tanggal", "Until")
            case .auditFilter: ("Saring", "Filter")
            case .auditCSV: ("Unduh CSV", "Download CSV")
            case .auditNone: ("Tidak ada entri yang cocok.", "No entries match.")
            case .rosterComplete:
                (
                    "Daftar ini lengkap untuk wilayah saya: nonaktifkan pegawai yang tidak tercantum",
                    "This roster is complete for my area: deactivate employees it does not list"
                )
            case .rosterPreviewButton: ("Pratinjau impor", "Preview the import")
            case .rosterPreviewTitle: ("Pratinjau impor", "Import preview")
            case .rosterEmpty: ("Pilih berkas CSV atau tempel isinya dulu.", "Choose a CSV file or paste its content first.")
            case .rosterUnreadable: ("Berkas tidak dapat diimpor", "The file cannot be imported")
            case .rosterOpen: ("Impor yang belum selesai", "Imports not finished")
            case .rosterStatePreviewed: ("menunggu diterapkan", "waiting to be applied")
            case .rosterStateApplying: ("sedang diterapkan", "being applied")
            case .rosterStateApplied: ("kata sandi belum dikonfirmasi dibagikan", "passwords not yet confirmed as handed out")
            case .rosterPreviewIntro:
                (
                    "Belum ada yang diubah. Periksa apa yang akan terjadi, lalu terapkan atau batalkan.",
                    "Nothing has changed yet. Check what will happen, then apply or cancel."
                )
            case .rosterAdd: ("Ditambahkan", "Added")
            case .rosterChange: ("Diubah", "Changed")
            case .rosterDeactivate: ("Dinonaktifkan", "Deactivated")
            case .rosterUnchanged: ("Tidak berubah", "Unchanged")
            case .rosterLine: ("Baris", "Line")
            case .rosterApply: ("Terapkan", "Apply")
            case .rosterCancel: ("Batalkan", "Cancel")
            case .rosterCancelled: ("Impor ini dibatalkan; tidak ada yang diubah.", "This import was cancelled; nothing changed.")
            case .rosterApplying:
                (
                    "Sedang diterapkan di latar belakang; halaman ini diperbarui sendiri.",
                    "Being applied in the background; this page updates itself."
                )
            case .rosterFinished: ("Impor selesai.", "Import finished.")
            case .rosterPasswordsIntro:
                (
                    "Kata sandi sementara akun baru ada di bawah sampai Anda mengonfirmasi sudah membagikannya. Setiap pegawai harus menggantinya saat pertama masuk.",
                    "The new accounts' temporary passwords are below until you confirm they were handed out. Everyone must change theirs at the first sign-in."
                )
            case .rosterPasswordsCSV: ("Unduh CSV", "Download CSV")
            case .rosterPasswordsCSVSemicolon: ("CSV untuk Excel berbahasa Indonesia (;)", "CSV for Excel in Indonesian (;)")
            case .rosterPrint: ("Cetak lembar kata sandi", "Print the password slips")
            case .rosterConfirm: ("Kata sandi sudah dibagikan: hapus dari server", "Passwords handed out: delete them from the server")
            case .rosterConfirmed:
                (
                    "Kata sandi sementara sudah dihapus dari server. Bila ada yang hilang, setel ulang kata sandinya di daftar pengguna.",
                    "The temporary passwords are deleted from the server. If one is lost, reset that password in the user list."
                )
            case .rosterSlipsTitle: ("Lembar kata sandi sementara", "Temporary password slips")
            case .rosterSlipHelp:
                (
                    "Masuk dengan NIP dan kata sandi ini, lalu ganti kata sandi Anda. Jangan berikan kepada siapa pun.",
                    "Sign in with your NIP and this password, then change your password. Do not share it."
                )
            }
        }
    }
}

extension Text.Accounts {
    /// The name people read for a role.
    static func name(of role: Role) -> Text.Accounts {
        switch role {
        case .learner: .roleLearner
        case .author: .roleAuthor
        case .operator: .roleOperator
        case .admin: .roleAdmin
        }
    }

    /// Why an account was deactivated, as its record and the deactivation menu say it.
    static func name(of reason: Deactivation.Reason) -> Text.Accounts {
        switch reason {
        case .retired: .reasonRetired
        case .left: .reasonLeft
        case .deceased: .reasonDeceased
        case .other: .reasonOther
        }
    }

    /// Where a roster import stands, as the list of imports not finished says it; a finished or cancelled one (never
    /// in that list) as its own page says it.
    static func name(of state: RosterImportRecord.State) -> Text.Accounts {
        switch state {
        case .previewed: .rosterStatePreviewed
        case .applying: .rosterStateApplying
        case .applied: .rosterStateApplied
        case .confirmed: .rosterFinished
        case .cancelled: .rosterCancelled
        }
    }
}
