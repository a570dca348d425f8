import LenteraCore

extension Text {
    /// The text of the mails Lentera sends: reminders of program deadlines.
    enum Mail: String, TextKey {
        case mailReminderSubjectOne, mailReminderSubjectMany, mailReminderGreeting, mailReminderIntro, mailReminderOpen, mailReminderOpenNoLink,
            mailReminderFooter, mailSenderName

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .mailReminderSubjectOne: ("Pengingat tenggat: %@", "Deadline reminder: %@")
            case .mailReminderSubjectMany: ("Pengingat tenggat: %@ kegiatan program pembinaan", "Deadline reminder: %@ development program activities")
            case .mailReminderGreeting: ("Yth. %@,", "Dear %@,")
            case .mailReminderIntro:
                (
                    "kegiatan program pembinaan berikut belum Anda selesaikan dan tenggatnya sudah dekat atau sudah lewat:",
                    "you have not yet finished these development program activities, and their deadlines are near or have passed:"
                )
            case .mailReminderOpen: ("Buka %@ untuk melanjutkan.", "Open %@ to continue.")
            case .mailReminderOpenNoLink: ("Buka Lentera dan masuk dengan NIP Anda untuk melanjutkan.", "Open Lentera and sign in with your NIP to continue.")
            case .mailReminderFooter:
                (
                    "Pesan ini dikirim otomatis oleh Lentera. Setiap kegiatan diingatkan sekali menjelang tenggat dan sekali setelah tenggat lewat; daftar yang sama ada di beranda Anda.",
                    "This message was sent automatically by Lentera. Each activity is reminded once before its deadline and once after it has passed; the same list is on your home page."
                )
            case .mailSenderName: ("Lentera", "Lentera")
            }
        }
    }
}
