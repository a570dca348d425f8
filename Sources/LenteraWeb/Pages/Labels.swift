import LenteraCore

/// Every piece of interface text, in one catalogue per language.
struct Labels: Sendable {
    var siteName = "Lentera"
    var tagline: String
    var catalogue: String
    var catalogueIntro: String
    var search: String
    var searchPlaceholder: String
    var allCategories: String
    var category: String
    var noCourses: String
    var noResults: String
    var resultsFor: String
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
    var status: String
    var statusIntro: String
    var statusCourse: String
    var statusFolder: String
    var statusLoaded: String
    var statusNotLoaded: String
    var statusServingLastGood: String
    var statusNoProblems: String
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

    /// The catalogue for a language.
    static func forLanguage(_ language: Language) -> Labels {
        language == .indonesian ? .indonesian : .english
    }

    /// The catalogue as a dictionary, for templates: Mustache looks keys up in it directly instead of reflecting
    /// over the struct for every label (which made rendering 1,000 pages take seconds).
    static func table(_ language: Language) -> [String: String] {
        language == .indonesian ? indonesianTable : englishTable
    }

    private static let indonesianTable = makeTable(.indonesian)
    private static let englishTable = makeTable(.english)

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
        tagline: "Belajar di mana saja, kapan saja",
        catalogue: "Katalog Kursus",
        catalogueIntro: "Pilih kursus pengembangan kompetensi. Setiap kursus yang selesai menambah jam pelajaran (JP) Anda.",
        search: "Cari",
        searchPlaceholder: "Judul atau kata kunci",
        allCategories: "Semua kategori",
        category: "Kategori",
        noCourses: "Belum ada kursus.",
        noResults: "Tidak ada kursus yang cocok.",
        resultsFor: "Hasil pencarian",
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
        status: "Status Kursus",
        statusIntro: "Halaman penulis: kursus yang dimuat dan masalah yang ditemukan di folder courses/.",
        statusCourse: "Kursus",
        statusFolder: "Folder",
        statusLoaded: "Dimuat",
        statusNotLoaded: "Tidak dimuat",
        statusServingLastGood: "Versi terakhir yang baik tetap ditayangkan",
        statusNoProblems: "Tidak ada masalah.",
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
        apply: "Terapkan"
    )

    static let english = Labels(
        tagline: "Learn anywhere, any time",
        catalogue: "Course Catalogue",
        catalogueIntro: "Choose a competency development course. Every completed course adds learning hours (JP).",
        search: "Search",
        searchPlaceholder: "Title or keyword",
        allCategories: "All categories",
        category: "Category",
        noCourses: "No courses yet.",
        noResults: "No course matches.",
        resultsFor: "Search results",
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
        status: "Course Status",
        statusIntro: "Author page: the courses loaded and the problems found in the courses/ folder.",
        statusCourse: "Course",
        statusFolder: "Folder",
        statusLoaded: "Loaded",
        statusNotLoaded: "Not loaded",
        statusServingLastGood: "The last good version is still served",
        statusNoProblems: "No problems.",
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
        apply: "Apply"
    )
}
