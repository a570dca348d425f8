extension Text {
    /// The interface text of a learner's own pages: sign-in and password, home, progress, feedback, certificates and their
    /// verification.
    enum Learner: String, TextKey {
        case signIn, signOut, home, nip, password, signInIntro, signInFailed, signInThrottled, changePassword, changePasswordIntro, currentPassword,
            newPassword, repeatPassword, passwordTooShort, passwordMismatch, passwordWrong, save, welcome, jpThisYear, jpTarget, jpMet,
            continueLearning, inProgress, completed, noneInProgress, noneCompleted, certificate, certificateNumber, certificateOf, awardedTo,
            forCompleting, started, finished, score, verifyAt, verification, verified, certificateNotFound, verifyIntro, verifyCheck, verifyNotFound,
            verifyAnother, standingNotStarted, standingInProgress, standingCompleted, startsWithPreTest, printPage, downloadPDF, name, course,
            progress, moduleDone, markDone, ruleViewed, ruleTime, ruleMarked, courseProgress, courseComplete, viewCertificate, feedback,
            feedbackComment, feedbackSend, feedbackThanks, relevance1, relevance5, feedbackRefused

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .signIn: ("Masuk", "Sign in")
            case .signOut: ("Keluar", "Sign out")
            case .home: ("Beranda", "Home")
            case .nip: ("NIP", "NIP")
            case .password: ("Kata sandi", "Password")
            case .signInIntro:
                (
                    "Masuk dengan NIP dan kata sandi Anda untuk mencatat kemajuan belajar dan JP.",
                    "Sign in with your NIP and password to record your progress and JP."
                )
            case .signInFailed: ("NIP atau kata sandi salah.", "Wrong NIP or password.")
            case .signInThrottled:
                (
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %d menit.",
                    "Too many failed sign-in attempts. Try again in %d minutes."
                )
            case .changePassword: ("Ganti kata sandi", "Change password")
            case .changePasswordIntro:
                (
                    "Kata sandi Anda diberikan oleh operator dan harus diganti sebelum melanjutkan.",
                    "Your password was issued by an operator and must be changed before you go on."
                )
            case .currentPassword: ("Kata sandi sekarang", "Current password")
            case .newPassword: ("Kata sandi baru (minimal 8 karakter)", "New password (at least 8 characters)")
            case .repeatPassword: ("Ulangi kata sandi baru", "Repeat the new password")
            case .passwordTooShort: ("Kata sandi baru minimal 8 karakter.", "The new password needs at least 8 characters.")
            case .passwordMismatch: ("Kedua kata sandi baru tidak sama.", "The two new passwords differ.")
            case .passwordWrong: ("Kata sandi sekarang salah.", "The current password is wrong.")
            case .save: ("Simpan", "Save")
            case .welcome: ("Selamat datang", "Welcome")
            case .jpThisYear: ("JP tahun %d", "JP in %d")
            case .jpTarget: ("dari target 20 JP", "of the 20 JP target")
            case .jpMet: ("Target 20 JP tahun ini telah terpenuhi.", "This year's 20 JP target is met.")
            case .continueLearning: ("Lanjutkan belajar", "Continue learning")
            case .inProgress: ("Sedang dipelajari", "In progress")
            case .completed: ("Selesai", "Completed")
            case .noneInProgress:
                (
                    "Belum ada kursus yang sedang dipelajari. Pilih kursus di katalog.",
                    "No course in progress yet. Choose one in the catalogue."
                )
            case .noneCompleted: ("Belum ada kursus yang selesai.", "No course completed yet.")
            case .certificate: ("Sertifikat", "Certificate")
            case .certificateNumber: ("Nomor sertifikat", "Certificate number")
            case .certificateOf: ("Sertifikat Penyelesaian Kursus", "Certificate of Course Completion")
            case .awardedTo: ("diberikan kepada", "awarded to")
            case .forCompleting: ("atas penyelesaian kursus", "for completing the course")
            case .started: ("Mulai", "Started")
            case .finished: ("Selesai", "Completed")
            case .score: ("Nilai", "Score")
            case .verifyAt: ("Periksa keaslian di", "Verify at")
            case .verification: ("Verifikasi Sertifikat", "Certificate Verification")
            case .verified: ("Sertifikat ini sah dan tercatat di Lentera.", "This certificate is valid and recorded in Lentera.")
            case .certificateNotFound: ("Sertifikat dengan nomor ini tidak ditemukan.", "No certificate has this number.")
            // The form at `/verifikasi`: what to type, its button, the answer when no certificate has the number, and the link to it.
            case .verifyIntro:
                (
                    "Ketik nomor yang tertera pada sertifikat. Huruf besar atau kecil, spasi, dan tanda hubung tidak berpengaruh.",
                    "Type the number printed on the certificate. Upper or lower case, spaces and dashes make no difference."
                )
            case .verifyCheck: ("Periksa", "Check")
            case .verifyNotFound:
                (
                    "Sertifikat tidak ditemukan. Periksa lagi nomor yang Anda ketik.",
                    "Certificate not found. Check the number you typed."
                )
            case .verifyAnother: ("Ketik nomor sertifikat", "Type a certificate number")
            // A catalogue card's line for a signed-in learner (``CourseStanding``); the in-progress one takes the percentage.
            case .standingNotStarted: ("Belum dimulai", "Not started")
            case .standingInProgress: ("Sedang berjalan %d%%", "In progress %d%%")
            case .standingCompleted: ("Selesai", "Completed")
            // Beside "Mulai belajar" when it leads to the course's pre-test.
            case .startsWithPreTest:
                (
                    "Kursus ini diawali pra-tes untuk mengukur pengetahuan awal Anda.",
                    "This course begins with a pre-test of what you already know."
                )
            case .printPage: ("Cetak", "Print")
            // The certificate page's link to its PDF.
            case .downloadPDF: ("Unduh PDF", "Download PDF")
            case .name: ("Nama", "Name")
            case .course: ("Kursus", "Course")
            case .progress: ("Kemajuan", "Progress")
            case .moduleDone: ("Modul ini sudah selesai.", "This module is complete.")
            case .markDone: ("Tandai selesai", "Mark as done")
            case .ruleViewed: ("Modul selesai saat dibuka.", "The module is complete once opened.")
            case .ruleTime: ("Modul selesai setelah dipelajari %d menit.", "The module is complete after %d minutes of study.")
            case .ruleMarked: ("Tandai modul selesai setelah Anda mempelajarinya.", "Mark the module done once you have studied it.")
            case .courseProgress: ("Kemajuan kursus", "Course progress")
            case .courseComplete: ("Kursus selesai. JP telah dicatat.", "Course complete. The JP has been recorded.")
            case .viewCertificate: ("Lihat sertifikat", "View the certificate")
            case .feedback: ("Seberapa relevan modul ini dengan pekerjaan Anda?", "How relevant is this module to your work?")
            case .feedbackComment: ("Komentar (boleh kosong)", "Comment (optional)")
            case .feedbackSend: ("Kirim umpan balik", "Send feedback")
            case .feedbackThanks: ("Terima kasih atas umpan balik Anda.", "Thank you for your feedback.")
            case .relevance1: ("1 — tidak relevan", "1 — not relevant")
            case .relevance5: ("5 — sangat relevan", "5 — very relevant")
            case .feedbackRefused:
                (
                    "Komentar berisi karakter kendali %@, yang tidak dapat disimpan. Hapus karakter itu lalu kirim lagi; umpan balik ini belum tersimpan.",
                    "The comment holds the control character %@, which cannot be stored. Remove it and send again; this feedback was not saved."
                )
            }
        }
    }
}
