extension Text {
    /// The interface text of development programs: the learner's programs on `/beranda` and the operator's program
    /// pages.
    enum Programs: String, TextKey {
        case programsTitle, programsNone, programPeriod, programGoal, programActivity, programDeadline, programStatus, programRequired,
            programOptional, programDone, programDoneLate, programDue, programOverdue, programRemindersTitle, programReminderDue,
            programReminderOverdue, programStandingCompleted, programStandingLate, programStandingOnTrack, programStarts,
            programListTitle, programListIntro, programTarget, programAllUnits, programAllPositions, programReportIntro, programEnrolled,
            programOnTrack, programLate, programCompleted, programJP, programTotal, programParticipantsCSV, programActivitiesTitle,
            programCourseMissing, programNoLearners, programsLink, programJPEarned

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .programsTitle: ("Program pengembangan Anda", "Your development programs")
            case .programsNone: ("Belum ada program yang ditujukan kepada Anda.", "No program is addressed to you yet.")
            case .programPeriod: ("Periode", "Period")
            case .programGoal: ("Tujuan", "Goal")
            case .programActivity: ("Kegiatan", "Activity")
            case .programDeadline: ("Tenggat", "Deadline")
            case .programStatus: ("Status", "Status")
            case .programRequired: ("wajib", "required")
            case .programOptional: ("pilihan", "optional")
            case .programDone: ("Selesai %@", "Done %@")
            case .programDoneLate: ("Selesai terlambat %@", "Done late %@")
            case .programDue: ("Belum selesai", "Not done yet")
            case .programOverdue: ("Lewat tenggat", "Overdue")
            case .programRemindersTitle: ("Pengingat tenggat", "Deadline reminders")
            case .programReminderDue: ("%@: selesaikan paling lambat %@ (%@)", "%@: finish by %@ (%@)")
            case .programReminderOverdue: ("%@: tenggat %@ sudah lewat (%@)", "%@: the deadline of %@ has passed (%@)")
            case .programStandingCompleted: ("Selesai", "Completed")
            case .programStandingLate: ("Terlambat", "Late")
            case .programStandingOnTrack: ("Sesuai jadwal", "On track")
            case .programStarts: ("Dimulai %@", "Starts %@")
            case .programListTitle: ("Program Pengembangan", "Development Programs")
            case .programListIntro:
                (
                    "Program dari folder programs/ yang menyasar pegawai di unit Anda. Untuk menambah atau mengubah program, ubah berkasnya: perubahan dimuat tanpa memulai ulang server.",
                    "Programs from the programs/ folder that target employees in your units. To add or change a program, edit its file: changes load without a restart."
                )
            case .programTarget: ("Sasaran", "Target")
            case .programAllUnits: ("semua unit", "all units")
            case .programAllPositions: ("semua jabatan", "all positions")
            case .programReportIntro: ("Peserta program di %@ dan unit di bawahnya, dihitung saat halaman dibuka.", "Program participants in %@ and the units below it, counted as the page opens.")
            case .programEnrolled: ("Peserta", "Enrolled")
            case .programOnTrack: ("Sesuai jadwal", "On track")
            case .programLate: ("Terlambat", "Late")
            case .programCompleted: ("Selesai", "Completed")
            case .programJP: ("JP diperoleh", "JP earned")
            case .programTotal: ("Jumlah", "Total")
            case .programParticipantsCSV: ("Unduh peserta (CSV)", "Download participants (CSV)")
            case .programActivitiesTitle: ("Kegiatan program", "Program activities")
            case .programCourseMissing: ("kursus tidak tersedia saat ini", "course not available now")
            case .programNoLearners: ("Belum ada peserta di cakupan ini.", "No participants in this scope yet.")
            case .programsLink: ("Program pengembangan", "Development programs")
            case .programJPEarned: ("JP dari program ini: %@", "JP from this program: %@")
            }
        }
    }
}
