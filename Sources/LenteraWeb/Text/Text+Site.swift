import LenteraCore

extension Text {
    /// The interface text of the pages every visitor sees: the layout, the catalogue, course and module pages, the author's
    /// status page and the error pages.
    enum Site: String, TextKey {
        case catalogue, catalogueIntro, search, searchPlaceholder, allCategories, category, noCourses, noResults, noResultsButModules,
            resultsFor, insideModules,
            insideModulesSomeWords, modules, moduleCountTitle, statusState, minutes, estimatedTime, jp, version, startCourse, contents, onThisPage,
            previous, next, backToCourse, breadcrumb, mainMenu, modulePages, status, statusIntro, statusCourse, statusFolder, statusLoaded,
            statusNotLoaded, statusServingLastGood, statusKeptCopy, statusKeptCopySaved, statusBecause, statusError, statusWarning, statusCheckedAt,
            notFoundTitle, notFoundText, switchLanguage, switchLanguageCode, skipToContent, footer, filterCategory, forbiddenTitle,
            requestRefusedTitle, forbiddenText, serverErrorTitle, serverErrorText, storageFullTitle, storageFullText, requestIDText, categoryTeknis,
            categoryManajerial, categorySosialKultural

        /// This key's text in Indonesian and in English.
        var translations: Translations {
            switch self {
            case .catalogue: ("Katalog Kursus", "Course Catalogue")
            case .catalogueIntro:
                (
                    "Pilih kursus pengembangan kompetensi. Setiap kursus yang selesai menambah jam pelajaran (JP) Anda.",
                    "Choose a competency development course. Every completed course adds learning hours (JP)."
                )
            case .search: ("Cari", "Search")
            case .searchPlaceholder: ("Judul atau kata kunci", "Title or keyword")
            case .allCategories: ("Semua kategori", "All categories")
            case .category: ("Kategori", "Category")
            case .noCourses: ("Belum ada kursus.", "No courses yet.")
            case .noResults: ("Tidak ada kursus yang cocok.", "No course matches.")
            // No course's title, summary or keywords hold the words, but modules do: the page says where to look.
            case .noResultsButModules:
                (
                    "Tidak ada kursus yang cocok menurut judul, ringkasan, atau kata kuncinya; kata yang dicari ada di dalam modul berikut.",
                    "No course matches by its title, summary or keywords; the words are inside the modules below."
                )
            case .resultsFor: ("Hasil pencarian", "Search results")
            // The search's second list: modules whose text holds the query's words, and the note when they hold only some.
            case .insideModules: ("Di dalam modul", "Inside modules")
            case .insideModulesSomeWords:
                (
                    "Tidak ada modul yang memuat semua kata; modul berikut memuat sebagian.",
                    "No module holds every word; these modules hold some of them."
                )
            case .modules: ("modul", "modules")
            case .moduleCountTitle: ("Jumlah modul", "Modules")
            case .statusState: ("Keadaan", "State")
            case .minutes: ("menit", "minutes")
            case .estimatedTime: ("Perkiraan waktu", "Estimated time")
            case .jp: ("JP", "JP")
            case .version: ("Versi", "Version")
            case .startCourse: ("Mulai belajar", "Start learning")
            case .contents: ("Daftar modul", "Modules")
            case .onThisPage: ("Di halaman ini", "On this page")
            case .previous: ("Sebelumnya", "Previous")
            case .next: ("Berikutnya", "Next")
            case .backToCourse: ("Kembali ke kursus", "Back to the course")
            case .breadcrumb: ("Navigasi remah roti", "Breadcrumb")
            // The names of the site's menu and of a module's previous/next links: each navigation region of a page has its own.
            case .mainMenu: ("Menu utama", "Main menu")
            case .modulePages: ("Modul sebelumnya dan berikutnya", "Previous and next module")
            case .status: ("Status Kursus", "Course Status")
            case .statusIntro:
                (
                    "Halaman penulis: kursus dan program yang dimuat, dan masalah yang ditemukan di folder courses/ dan programs/.",
                    "Author page: the courses and programs loaded, and the problems found in the courses/ and programs/ folders."
                )
            case .statusCourse: ("Kursus", "Course")
            case .statusFolder: ("Folder", "Folder")
            case .statusLoaded: ("Dimuat", "Loaded")
            case .statusNotLoaded: ("Tidak dimuat", "Not loaded")
            case .statusServingLastGood: ("Versi terakhir yang baik tetap ditayangkan", "The last good version is still served")
            case .statusKeptCopy: ("dari salinan di", "from the copy at")
            case .statusKeptCopySaved: ("yang disimpan pada", "saved at")
            case .statusBecause: ("karena", "because")
            case .statusError: ("galat", "error")
            case .statusWarning: ("peringatan", "warning")
            case .statusCheckedAt: ("Diperiksa", "Checked")
            case .notFoundTitle: ("Halaman tidak ditemukan", "Page not found")
            case .notFoundText:
                (
                    "Alamat yang Anda buka tidak ada. Kembali ke katalog kursus.",
                    "The address you opened does not exist. Go back to the course catalogue."
                )
            case .switchLanguage: ("English", "Bahasa Indonesia")
            case .switchLanguageCode: ("en", "id")
            case .skipToContent: ("Langsung ke isi", "Skip to content")
            case .footer: ("Lentera — pengembangan kompetensi ASN", "Lentera — competency development for civil servants")
            case .filterCategory: ("Saring menurut kategori", "Filter by category")
            case .forbiddenTitle: ("Akses ditolak", "Access refused")
            case .requestRefusedTitle: ("Permintaan tidak dapat diproses", "Request not processed")
            case .forbiddenText:
                (
                    "Permintaan ini tidak dapat diproses. Muat ulang halaman lalu coba lagi.",
                    "This request cannot be processed. Reload the page and try again."
                )
            case .serverErrorTitle: ("Terjadi galat di server", "Server error")
            case .serverErrorText:
                (
                    "Permintaan Anda tidak selesai dan tidak ada yang berubah. Coba lagi sebentar lagi; bila masih gagal, hubungi pengelola.",
                    "Your request did not complete and nothing was changed. Try again shortly; if it still fails, contact the administrator."
                )
            case .storageFullTitle: ("Penyimpanan penuh", "Storage full")
            case .storageFullText:
                (
                    "Penyimpanan server penuh, jadi perubahan Anda belum tersimpan. Pengelola sudah dapat melihat galat ini; coba lagi nanti.",
                    "The server's storage is full, so your change was not saved. The administrator can see this error; try again later."
                )
            case .requestIDText: ("Kode permintaan:", "Request id:")
            // The names of the categories of courses (``Category``).
            case .categoryTeknis: ("Teknis", "Technical")
            case .categoryManajerial: ("Manajerial", "Managerial")
            case .categorySosialKultural: ("Sosial-Kultural", "Socio-cultural")
            }
        }
    }
}

extension Text.Site {
    /// The name people read for a category of courses.
    static func name(of category: Category) -> Text.Site {
        switch category {
        case .teknis: .categoryTeknis
        case .manajerial: .categoryManajerial
        case .sosialKultural: .categorySosialKultural
        }
    }
}
