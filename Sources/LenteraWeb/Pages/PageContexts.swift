import LenteraCore
import LenteraContent

/// What every page's layout needs: language, title, stylesheet and breadcrumb.
struct Chrome: Sendable {
    struct Crumb: Sendable {
        var text: String
        var href: String?
    }

    var language: String
    var title: String
    var styleURL: String
    var iconURL: String
    var scriptURL: String
    var breadcrumbs: [Crumb]
    // Mustache reads stored properties only (through Mirror), so flags are stored.
    var hasBreadcrumbs: Bool

    init(language: String, title: String, styleURL: String, iconURL: String, scriptURL: String, breadcrumbs: [Crumb]) {
        self.language = language
        self.title = title
        self.styleURL = styleURL
        self.iconURL = iconURL
        self.scriptURL = scriptURL
        self.breadcrumbs = breadcrumbs
        self.hasBreadcrumbs = !breadcrumbs.isEmpty
    }
}

struct CategoryOption: Sendable {
    var value: String
    var name: String
    var selected: Bool
}

struct CourseCard: Sendable {
    /// The course id, which names the card's region for a signed-in learner's standing (``LearnerPages``).
    var id: String
    var href: String
    var title: String
    var summary: String?
    var categoryName: String?
    var jp: String
    var moduleCount: Int
    var minutes: Int?
}

struct CataloguePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var query: String
    var categories: [CategoryOption]
    var hasCategory: Bool
    var isSearch: Bool
    var courses: [CourseCard]
    var hasCourses: Bool
    var resultCount: Int
    /// Modules that hold the query's words, best first ("Di dalam modul").
    var moduleHits: [ModuleHitCard] = []
    /// False when no module held every word and the hits hold some of them.
    var moduleHitsMatchEveryWord = true
}

/// A module found by the search inside modules.
struct ModuleHitCard: Sendable {
    var href: String
    var moduleTitle: String
    var courseTitle: String
    /// Escaped text with `<mark>` around the matched words (``ModuleSearchIndex/Hit/snippetHTML``): written unescaped.
    var snippetHTML: String
}

struct OutlineNode: Sendable {
    var isSection: Bool
    var title: String
    var href: String?
    var minutes: Int?
    var items: [OutlineNode]
    var labels: [String: String]
}

struct CoursePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var summary: String?
    var jp: String
    var minutes: Int?
    var moduleCount: Int
    var categoryName: String?
    var version: String
    var firstModuleHref: String?
    var outline: [OutlineNode]
    var quizzes: [QuizLink] = []
    var hasQuizzes: Bool { !quizzes.isEmpty }

    /// A quiz of the course: where it is, its title as text, and how many questions an attempt draws, in words.
    struct QuizLink: Sendable {
        var href: String
        var title: String
        var questions: String
    }
}

struct ModuleLink: Sendable {
    var href: String
    var title: String
}

struct ModulePage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var html: String
    var courseTitle: String
    var courseHref: String
    var sectionTitle: String?
    var minutes: Int?
    var position: Int
    var moduleCount: Int
    var tableOfContents: [Heading]
    var hasTableOfContents: Bool
    var previous: ModuleLink?
    var next: ModuleLink?
}

struct StatusProblem: Sendable {
    var severity: String
    var severityLabel: String
    var location: String
    var message: String
}

struct StatusEntry: Sendable {
    var folder: String
    var title: String
    var href: String?
    var version: String
    var hasErrors: Bool
    var servingLastGood: Bool
    /// Where the copy served is kept, when the course is served from the data folder.
    var keptCopy: String?
    /// When the copy was saved: ISO 8601 for the `<time>` element, and as people read it.
    var keptCopySaved: String?
    var keptCopySavedText: String?
    var problems: [StatusProblem]
    var hasProblems: Bool
}

struct StatusPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// When the folders were checked: ISO 8601 for the `<time>` element, and as people read it.
    var checkedAt: String
    var checkedAtText: String
    var entries: [StatusEntry]
}

struct NotFoundPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
}
