import LenteraCore

/// Every piece of interface text, in one catalogue per language.
struct Labels: Sendable {
    var siteName = "Lentera"
    var catalogue: String
    var catalogueIntro: String
    var search: String
    var searchPlaceholder: String
    var allCategories: String
    var category: String
    var noCourses: String
    var noResults: String
    var resultsFor: String
    /// The search's second list: modules whose text holds the query's words, and the note when they hold only some.
    var insideModules: String
    var insideModulesSomeWords: String
    var modules: String
    var moduleCountTitle: String
    var statusState: String
    var minutes: String
    var estimatedTime: String
    var jp: String
    var version: String
    var startCourse: String
    var contents: String
    var onThisPage: String
    var previous: String
    var next: String
    var backToCourse: String
    var breadcrumb: String
    /// The names of the site's menu and of a module's previous/next links: each navigation region of a page has its own.
    var mainMenu: String
    var modulePages: String
    var status: String
    var statusIntro: String
    var statusCourse: String
    var statusFolder: String
    var statusLoaded: String
    var statusNotLoaded: String
    var statusServingLastGood: String
    var statusKeptCopy: String
    var statusKeptCopySaved: String
    var statusBecause: String
    var statusError: String
    var statusWarning: String
    var statusCheckedAt: String
    var notFoundTitle: String
    var notFoundText: String
    var switchLanguage: String
    var switchLanguageCode: String
    var skipToContent: String
    var footer: String
    var filterCategory: String
    var apply: String
    var operatorTitle: String
    var operatorIntro: String
    var operatorSummedAt: String
    var allUnits: String
    var year: String
    var show: String
    var ledgerPNS: String
    var ledgerPPPK: String
    var unit: String
    var courses: String
    var meetsTarget: String
    var yes: String
    var no: String
    var complianceTitle: String
    var pnsCount: String
    var pnsMeeting: String
    var compliance: String
    var pppkCount: String
    var totalJP: String
    var drillUp: String
    var completionTitle: String
    var startedCount: String
    var completedCount: String
    var feedbackTitle: String
    var module: String
    var responses: String
    var averageRelevance: String
    var comments: String
    var downloadCSV: String
    var noData: String
    var usersTitle: String
    var importTitle: String
    var importHelp: String
    var importButton: String
    var importFile: String
    var importPaste: String
    var importResult: String
    var created: String
    var temporaryPassword: String
    var rejected: String
    var outsideScope: String
    var resetPassword: String
    var resetDone: String
    var role: String
    var reports: String
    var signIn: String
    var signOut: String
    var home: String
    var nip: String
    var password: String
    var signInIntro: String
    var signInFailed: String
    var signInThrottled: String
    var changePassword: String
    var changePasswordIntro: String
    var currentPassword: String
    var newPassword: String
    var repeatPassword: String
    var passwordTooShort: String
    var passwordMismatch: String
    var passwordWrong: String
    var save: String
    var welcome: String
    var jpThisYear: String
    var jpTarget: String
    var jpMet: String
    var continueLearning: String
    var inProgress: String
    var completed: String
    var noneInProgress: String
    var noneCompleted: String
    var certificate: String
    var certificateNumber: String
    var certificateOf: String
    var awardedTo: String
    var forCompleting: String
    var started: String
    var finished: String
    var score: String
    var verifyAt: String
    var verification: String
    var verified: String
    var certificateNotFound: String
    /// The form at `/verifikasi`: what to type, its button, the answer when no certificate has the number, and the link to it.
    var verifyIntro: String
    var verifyCheck: String
    var verifyNotFound: String
    var verifyAnother: String
    /// A catalogue card's line for a signed-in learner (``CourseStanding``); the in-progress one takes the percentage.
    var standingNotStarted: String
    var standingInProgress: String
    var standingCompleted: String
    /// Beside "Mulai belajar" when it leads to the course's pre-test.
    var startsWithPreTest: String
    var printPage: String
    /// The certificate page's link to its PDF.
    var downloadPDF: String
    var name: String
    var course: String
    var progress: String
    var moduleDone: String
    var markDone: String
    var ruleViewed: String
    var ruleTime: String
    var ruleMarked: String
    var courseProgress: String
    var courseComplete: String
    var viewCertificate: String
    var feedback: String
    var feedbackComment: String
    var feedbackSend: String
    var feedbackThanks: String
    var relevance1: String
    var relevance5: String
    var feedbackRefused: String
    var forbiddenTitle: String
    var requestRefusedTitle: String
    var forbiddenText: String
    var serverErrorTitle: String
    var serverErrorText: String
    var storageFullTitle: String
    var storageFullText: String
    var requestIDText: String

    /// The catalogue for a language.
    static func forLanguage(_ language: Language) -> Labels {
        language == .indonesian ? .indonesian : .english
    }

    /// The catalogue as a dictionary, for templates: Mustache looks keys up in it directly instead of reflecting
    /// over the struct for every label (which made rendering 1,000 pages take seconds).
    static func table(_ language: Language) -> [String: String] {
        language == .indonesian ? indonesianTable : englishTable
    }

    private static let indonesianTable = makeTable(.indonesian).merging(QuizText.indonesian) { first, _ in first }
        .merging(AccountText.indonesian) { first, _ in first }.merging(SyncText.indonesian) { first, _ in first }
        .merging(OfflineText.indonesian) { first, _ in first }
    private static let englishTable = makeTable(.english).merging(QuizText.english) { first, _ in first }
        .merging(AccountText.english) { first, _ in first }.merging(SyncText.english) { first, _ in first }
        .merging(OfflineText.english) { first, _ in first }

    private static func makeTable(_ labels: Labels) -> [String: String] {
        var table: [String: String] = [:]
        for child in Mirror(reflecting: labels).children {
            if let key = child.label, let value = child.value as? String { table[key] = value }
        }
        return table
    }

    /// The name of a category for people.
    static func categoryName(_ category: Category, _ language: Language) -> String {
        switch (category, language) {
        case (.teknis, .indonesian): "Teknis"
        case (.teknis, .english): "Technical"
        case (.manajerial, .indonesian): "Manajerial"
        case (.manajerial, .english): "Managerial"
        case (.sosialKultural, .indonesian): "Sosial-Kultural"
        case (.sosialKultural, .english): "Socio-cultural"
        }
    }

    static let indonesian = Labels(
        catalogue: "Katalog Kursus",
        catalogueIntro: "Pilih kursus pengembangan kompetensi. Setiap kursus yang selesai menambah jam pelajaran (JP) Anda.",
        search: "Cari",
        searchPlaceholder: "Judul atau kata kunci",
        allCategories: "Semua kategori",
        category: "Kategori",
        noCourses: "Belum ada kursus.",
        noResults: "Tidak ada kursus yang cocok.",
        resultsFor: "Hasil pencarian",
        insideModules: "Di dalam modul",
        insideModulesSomeWords: "Tidak ada modul yang memuat semua kata; modul berikut memuat sebagian.",
        modules: "modul",
        moduleCountTitle: "Jumlah modul",
        statusState: "Keadaan",
        minutes: "menit",
        estimatedTime: "Perkiraan waktu",
        jp: "JP",
        version: "Versi",
        startCourse: "Mulai belajar",
        contents: "Daftar modul",
        onThisPage: "Di halaman ini",
        previous: "Sebelumnya",
        next: "Berikutnya",
        backToCourse: "Kembali ke kursus",
        breadcrumb: "Navigasi remah roti",
        mainMenu: "Menu utama",
        modulePages: "Modul sebelumnya dan berikutnya",
        status: "Status Kursus",
        statusIntro: "Halaman penulis: kursus yang dimuat dan masalah yang ditemukan di folder courses/.",
        statusCourse: "Kursus",
        statusFolder: "Folder",
        statusLoaded: "Dimuat",
        statusNotLoaded: "Tidak dimuat",
        statusServingLastGood: "Versi terakhir yang baik tetap ditayangkan",
        statusKeptCopy: "dari salinan di",
        statusKeptCopySaved: "yang disimpan pada",
        statusBecause: "karena",
        statusError: "galat",
        statusWarning: "peringatan",
        statusCheckedAt: "Diperiksa",
        notFoundTitle: "Halaman tidak ditemukan",
        notFoundText: "Alamat yang Anda buka tidak ada. Kembali ke katalog kursus.",
        switchLanguage: "English",
        switchLanguageCode: "en",
        skipToContent: "Langsung ke isi",
        footer: "Lentera — pengembangan kompetensi ASN",
        filterCategory: "Saring menurut kategori",
        apply: "Terapkan",
        operatorTitle: "Laporan Pengembangan Kompetensi",
        operatorIntro: "Laporan untuk unit %@ dan unit di bawahnya.",
        operatorSummedAt: "Ringkasan unit dan kursus dijumlahkan pada %@ WIB dan diperbarui tiap 10 menit: cakupan ini terlalu besar untuk dihitung ulang setiap halaman dibuka. Tabel JP per pegawai selalu terkini.",
        allUnits: "semua unit",
        year: "Tahun",
        show: "Tampilkan",
        ledgerPNS: "JP per pegawai — PNS (target 20 JP)",
        ledgerPPPK: "JP per pegawai — PPPK",
        unit: "Unit kerja",
        courses: "Kursus",
        meetsTarget: "Memenuhi 20 JP",
        yes: "Ya",
        no: "Tidak",
        complianceTitle: "Kepatuhan per unit",
        pnsCount: "PNS",
        pnsMeeting: "PNS memenuhi",
        compliance: "Kepatuhan (%)",
        pppkCount: "PPPK",
        totalJP: "Total JP",
        drillUp: "Naik satu tingkat",
        completionTitle: "Penyelesaian per kursus",
        startedCount: "Mulai",
        completedCount: "Selesai",
        feedbackTitle: "Umpan balik per modul",
        module: "Modul",
        responses: "Tanggapan",
        averageRelevance: "Rata-rata relevansi (1-5)",
        comments: "Komentar",
        downloadCSV: "Unduh CSV",
        noData: "Belum ada data.",
        usersTitle: "Pegawai",
        importTitle: "Impor daftar pegawai",
        importHelp: "Tempel CSV dengan baris judul: nip, nama, unit (Instansi > Unit > Sub-unit), dan boleh juga jabatan, status (PNS/PPPK), email, peran. Setiap akun mendapat kata sandi sementara yang harus diganti saat pertama masuk.",
        importButton: "Impor",
        importFile: "Berkas CSV",
        importPaste: "atau tempel isinya di sini",
        importResult: "Hasil impor",
        created: "Akun dibuat",
        temporaryPassword: "Kata sandi sementara",
        rejected: "Baris ditolak",
        outsideScope: "unit kerja di luar wilayah Anda",
        resetPassword: "Setel ulang kata sandi",
        resetDone: "Kata sandi sementara untuk %@: %@ — berikan kepada pegawai; harus diganti saat masuk.",
        role: "Peran",
        reports: "Laporan",
        signIn: "Masuk",
        signOut: "Keluar",
        home: "Beranda",
        nip: "NIP",
        password: "Kata sandi",
        signInIntro: "Masuk dengan NIP dan kata sandi Anda untuk mencatat kemajuan belajar dan JP.",
        signInFailed: "NIP atau kata sandi salah.",
        signInThrottled: "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %d menit.",
        changePassword: "Ganti kata sandi",
        changePasswordIntro: "Kata sandi Anda diberikan oleh operator dan harus diganti sebelum melanjutkan.",
        currentPassword: "Kata sandi sekarang",
        newPassword: "Kata sandi baru (minimal 8 karakter)",
        repeatPassword: "Ulangi kata sandi baru",
        passwordTooShort: "Kata sandi baru minimal 8 karakter.",
        passwordMismatch: "Kedua kata sandi baru tidak sama.",
        passwordWrong: "Kata sandi sekarang salah.",
        save: "Simpan",
        welcome: "Selamat datang",
        jpThisYear: "JP tahun %d",
        jpTarget: "dari target 20 JP",
        jpMet: "Target 20 JP tahun ini telah terpenuhi.",
        continueLearning: "Lanjutkan belajar",
        inProgress: "Sedang dipelajari",
        completed: "Selesai",
        noneInProgress: "Belum ada kursus yang sedang dipelajari. Pilih kursus di katalog.",
        noneCompleted: "Belum ada kursus yang selesai.",
        certificate: "Sertifikat",
        certificateNumber: "Nomor sertifikat",
        certificateOf: "Sertifikat Penyelesaian Kursus",
        awardedTo: "diberikan kepada",
        forCompleting: "atas penyelesaian kursus",
        started: "Mulai",
        finished: "Selesai",
        score: "Nilai",
        verifyAt: "Periksa keaslian di",
        verification: "Verifikasi Sertifikat",
        verified: "Sertifikat ini sah dan tercatat di Lentera.",
        certificateNotFound: "Sertifikat dengan nomor ini tidak ditemukan.",
        verifyIntro: "Ketik nomor yang tertera pada sertifikat. Huruf besar atau kecil, spasi, dan tanda hubung tidak berpengaruh.",
        verifyCheck: "Periksa",
        verifyNotFound: "Sertifikat tidak ditemukan. Periksa lagi nomor yang Anda ketik.",
        verifyAnother: "Ketik nomor sertifikat",
        standingNotStarted: "Belum dimulai",
        standingInProgress: "Sedang berjalan %d%%",
        standingCompleted: "Selesai",
        startsWithPreTest: "Kursus ini diawali pra-tes untuk mengukur pengetahuan awal Anda.",
        printPage: "Cetak",
        downloadPDF: "Unduh PDF",
        name: "Nama",
        course: "Kursus",
        progress: "Kemajuan",
        moduleDone: "Modul ini sudah selesai.",
        markDone: "Tandai selesai",
        ruleViewed: "Modul selesai saat dibuka.",
        ruleTime: "Modul selesai setelah dipelajari %d menit.",
        ruleMarked: "Tandai modul selesai setelah Anda mempelajarinya.",
        courseProgress: "Kemajuan kursus",
        courseComplete: "Kursus selesai. JP telah dicatat.",
        viewCertificate: "Lihat sertifikat",
        feedback: "Seberapa relevan modul ini dengan pekerjaan Anda?",
        feedbackComment: "Komentar (boleh kosong)",
        feedbackSend: "Kirim umpan balik",
        feedbackThanks: "Terima kasih atas umpan balik Anda.",
        relevance1: "1 — tidak relevan",
        relevance5: "5 — sangat relevan",
        feedbackRefused: "Komentar berisi karakter kendali %@, yang tidak dapat disimpan. Hapus karakter itu lalu kirim lagi; umpan balik ini belum tersimpan.",
        forbiddenTitle: "Akses ditolak",
        requestRefusedTitle: "Permintaan tidak dapat diproses",
        forbiddenText: "Permintaan ini tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
        serverErrorTitle: "Terjadi galat di server",
        serverErrorText: "Permintaan Anda tidak selesai dan tidak ada yang berubah. Coba lagi sebentar lagi; bila masih gagal, hubungi pengelola.",
        storageFullTitle: "Penyimpanan penuh",
        storageFullText: "Penyimpanan server penuh, jadi perubahan Anda belum tersimpan. Pengelola sudah dapat melihat galat ini; coba lagi nanti.",
        requestIDText: "Kode permintaan:"
    )

    static let english = Labels(
        catalogue: "Course Catalogue",
        catalogueIntro: "Choose a competency development course. Every completed course adds learning hours (JP).",
        search: "Search",
        searchPlaceholder: "Title or keyword",
        allCategories: "All categories",
        category: "Category",
        noCourses: "No courses yet.",
        noResults: "No course matches.",
        resultsFor: "Search results",
        insideModules: "Inside modules",
        insideModulesSomeWords: "No module holds every word; these modules hold some of them.",
        modules: "modules",
        moduleCountTitle: "Modules",
        statusState: "State",
        minutes: "minutes",
        estimatedTime: "Estimated time",
        jp: "JP",
        version: "Version",
        startCourse: "Start learning",
        contents: "Modules",
        onThisPage: "On this page",
        previous: "Previous",
        next: "Next",
        backToCourse: "Back to the course",
        breadcrumb: "Breadcrumb",
        mainMenu: "Main menu",
        modulePages: "Previous and next module",
        status: "Course Status",
        statusIntro: "Author page: the courses loaded and the problems found in the courses/ folder.",
        statusCourse: "Course",
        statusFolder: "Folder",
        statusLoaded: "Loaded",
        statusNotLoaded: "Not loaded",
        statusServingLastGood: "The last good version is still served",
        statusKeptCopy: "from the copy at",
        statusKeptCopySaved: "saved at",
        statusBecause: "because",
        statusError: "error",
        statusWarning: "warning",
        statusCheckedAt: "Checked",
        notFoundTitle: "Page not found",
        notFoundText: "The address you opened does not exist. Go back to the course catalogue.",
        switchLanguage: "Bahasa Indonesia",
        switchLanguageCode: "id",
        skipToContent: "Skip to content",
        footer: "Lentera — competency development for civil servants",
        filterCategory: "Filter by category",
        apply: "Apply",
        operatorTitle: "Competency Development Reports",
        operatorIntro: "Reports for %@ and the units below it.",
        operatorSummedAt: "Unit and course totals were summed at %@ WIB and are updated every 10 minutes: this scope is too large to sum on every view. The JP table per employee is always current.",
        allUnits: "all units",
        year: "Year",
        show: "Show",
        ledgerPNS: "JP per employee — PNS (20 JP target)",
        ledgerPPPK: "JP per employee — PPPK",
        unit: "Unit",
        courses: "Courses",
        meetsTarget: "Meets 20 JP",
        yes: "Yes",
        no: "No",
        complianceTitle: "Compliance per unit",
        pnsCount: "PNS",
        pnsMeeting: "PNS meeting",
        compliance: "Compliance (%)",
        pppkCount: "PPPK",
        totalJP: "Total JP",
        drillUp: "One level up",
        completionTitle: "Completion per course",
        startedCount: "Started",
        completedCount: "Completed",
        feedbackTitle: "Feedback per module",
        module: "Module",
        responses: "Responses",
        averageRelevance: "Mean relevance (1-5)",
        comments: "Comments",
        downloadCSV: "Download CSV",
        noData: "No data yet.",
        usersTitle: "Employees",
        importTitle: "Import an employee roster",
        importHelp: "Paste CSV with a header row: nip, nama, unit (Instansi > Unit > Sub-unit), and optionally jabatan, status (PNS/PPPK), email, peran. Every account gets a temporary password to change at first sign-in.",
        importButton: "Import",
        importFile: "CSV file",
        importPaste: "or paste its content here",
        importResult: "Import result",
        created: "Accounts created",
        temporaryPassword: "Temporary password",
        rejected: "Rejected rows",
        outsideScope: "the unit is outside your scope",
        resetPassword: "Reset password",
        resetDone: "Temporary password for %@: %@ — hand it to the employee; it must be changed at sign-in.",
        role: "Role",
        reports: "Reports",
        signIn: "Sign in",
        signOut: "Sign out",
        home: "Home",
        nip: "NIP",
        password: "Password",
        signInIntro: "Sign in with your NIP and password to record your progress and JP.",
        signInFailed: "Wrong NIP or password.",
        signInThrottled: "Too many failed sign-in attempts. Try again in %d minutes.",
        changePassword: "Change password",
        changePasswordIntro: "Your password was issued by an operator and must be changed before you go on.",
        currentPassword: "Current password",
        newPassword: "New password (at least 8 characters)",
        repeatPassword: "Repeat the new password",
        passwordTooShort: "The new password needs at least 8 characters.",
        passwordMismatch: "The two new passwords differ.",
        passwordWrong: "The current password is wrong.",
        save: "Save",
        welcome: "Welcome",
        jpThisYear: "JP in %d",
        jpTarget: "of the 20 JP target",
        jpMet: "This year's 20 JP target is met.",
        continueLearning: "Continue learning",
        inProgress: "In progress",
        completed: "Completed",
        noneInProgress: "No course in progress yet. Choose one in the catalogue.",
        noneCompleted: "No course completed yet.",
        certificate: "Certificate",
        certificateNumber: "Certificate number",
        certificateOf: "Certificate of Course Completion",
        awardedTo: "awarded to",
        forCompleting: "for completing the course",
        started: "Started",
        finished: "Completed",
        score: "Score",
        verifyAt: "Verify at",
        verification: "Certificate Verification",
        verified: "This certificate is valid and recorded in Lentera.",
        certificateNotFound: "No certificate has this number.",
        verifyIntro: "Type the number printed on the certificate. Upper or lower case, spaces and dashes make no difference.",
        verifyCheck: "Check",
        verifyNotFound: "Certificate not found. Check the number you typed.",
        verifyAnother: "Type a certificate number",
        standingNotStarted: "Not started",
        standingInProgress: "In progress %d%%",
        standingCompleted: "Completed",
        startsWithPreTest: "This course begins with a pre-test of what you already know.",
        printPage: "Print",
        downloadPDF: "Download PDF",
        name: "Name",
        course: "Course",
        progress: "Progress",
        moduleDone: "This module is complete.",
        markDone: "Mark as done",
        ruleViewed: "The module is complete once opened.",
        ruleTime: "The module is complete after %d minutes of study.",
        ruleMarked: "Mark the module done once you have studied it.",
        courseProgress: "Course progress",
        courseComplete: "Course complete. The JP has been recorded.",
        viewCertificate: "View the certificate",
        feedback: "How relevant is this module to your work?",
        feedbackComment: "Comment (optional)",
        feedbackSend: "Send feedback",
        feedbackThanks: "Thank you for your feedback.",
        relevance1: "1 — not relevant",
        relevance5: "5 — very relevant",
        feedbackRefused: "The comment holds the control character %@, which cannot be stored. Remove it and send again; this feedback was not saved.",
        forbiddenTitle: "Access refused",
        requestRefusedTitle: "Request not processed",
        forbiddenText: "This request cannot be processed. Reload the page and try again.",
        serverErrorTitle: "Server error",
        serverErrorText: "Your request did not complete and nothing was changed. Try again shortly; if it still fails, contact the administrator.",
        storageFullTitle: "Storage full",
        storageFullText: "The server's storage is full, so your change was not saved. The administrator can see this error; try again later.",
        requestIDText: "Request id:"
    )
}
