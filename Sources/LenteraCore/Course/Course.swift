/// A course: its manifest data, its ordered modules and the files it serves.
public struct Course: Sendable {
    /// The stable course id (the `id` attribute, or the folder name).
    public var id: String
    /// The language code of the course content, such as `id` or `en`.
    public var language: String
    /// Jam pelajaran credited on completion.
    public var jp: JP
    /// The author's version label, if given.
    public var versionLabel: String?
    /// A digest over every file of the course: any change of any file gives a new one.
    public var contentVersion: String
    /// The course title.
    public var title: String
    /// The summary shown on the catalogue and course page.
    public var summary: String?
    /// The competency category.
    public var category: Category?
    /// Keywords for search.
    public var keywords: [String]
    /// The outline: sections and modules in order.
    public var outline: [OutlineItem]
    /// Every module in reading order.
    public var modules: [Module]
    /// The course folder's name under `courses/`.
    public var folderName: String
    /// Files of the course folder that may be served, keyed by their path relative to the folder. Quiz sources are
    /// never among them: their answer keys stay on the server.
    public var files: [String: CourseFile]
    /// The course's quizzes, in `course.xml` order.
    public var quizzes: [Quiz] = []
    /// Files that came inside its quiz files (Moodle XML's embedded pictures), served beside `files` at their paths.
    public var embeddedFiles: [String: EmbeddedFile] {
        quizzes.reduce(into: [:]) { all, quiz in all.merge(quiz.files) { first, _ in first } }
    }
    /// The office, signatory and logo its `<certificate>` element names: over the server's, on certificates' PDFs.
    public var certificateIssuer = CertificateIssuer()
    /// The competencies it develops (its `<competency ref level>` elements): the level it brings a learner to, by the
    /// competency dictionary's id.
    public var competencies: [String: Int] = [:]

    /// The quiz with the given id.
    public func quiz(withID id: String) -> Quiz? {
        quizzes.first { $0.id == id }
    }

    /// The module with the given id.
    public func module(withID id: String) -> Module? {
        modules.first { $0.id == id }
    }

    /// Total estimated minutes of all modules that state them.
    public var estimatedMinutes: Int {
        modules.reduce(0) { $0 + ($1.minutes ?? 0) }
    }

    /// The version JP is credited for: the author's label, or "1" for a course without one.
    ///
    /// Not the content digest: fixing a typo must not let everyone who finished the course collect its JP again.
    /// An author who publishes a new edition raises `version`, and learners can then earn it again.
    public var creditVersion: String {
        versionLabel ?? "1"
    }

    /// The version shown to people: the author's label, else the first characters of the content digest.
    public var displayVersion: String {
        versionLabel ?? String(contentVersion.prefix(8))
    }

    package init(id: String, language: String, jp: JP, versionLabel: String? = nil, contentVersion: String, title: String, summary: String? = nil, category: Category? = nil, keywords: [String], outline: [OutlineItem], modules: [Module], folderName: String, files: [String: CourseFile], quizzes: [Quiz] = [], certificateIssuer: CertificateIssuer = CertificateIssuer()) {
        self.id = id
        self.language = language
        self.jp = jp
        self.versionLabel = versionLabel
        self.contentVersion = contentVersion
        self.title = title
        self.summary = summary
        self.category = category
        self.keywords = keywords
        self.outline = outline
        self.modules = modules
        self.folderName = folderName
        self.files = files
        self.quizzes = quizzes
        self.certificateIssuer = certificateIssuer
    }
}

/// Jam pelajaran: a non-negative decimal kept exactly as hundredths.
public struct JP: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// Hundredths of a JP.
    public var hundredths: Int

    /// Parses `2`, `2.5`, `2,5` or `0.25`; nil for anything else or more than two decimals.
    public init?(parsing text: String) {
        let normalized = text.trimmingSpaces().replacingOccurrences(of: ",", with: ".")
        let parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), whole >= 0, whole < 10_000,
            parts[0].allSatisfy(\.isASCII)
        else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits)
            else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        hundredths = whole * 100 + fraction
    }

    /// Creates a JP amount from hundredths.
    public init(hundredths: Int) {
        self.hundredths = hundredths
    }

    /// Written with a dot, as in data exports: `2.5`.
    public var description: String {
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Written for people in the given language (`2,5` in Indonesian).
    public func formatted(for language: Language) -> String {
        language == .indonesian ? description.replacingOccurrences(of: ".", with: ",") : description
    }

    public static func < (lhs: JP, rhs: JP) -> Bool { lhs.hundredths < rhs.hundredths }
}

/// The competency categories of ASN development.
public enum Category: String, Sendable, CaseIterable {
    case teknis
    case manajerial
    case sosialKultural = "sosial-kultural"
}

/// One entry of a course outline.
public indirect enum OutlineItem: Sendable {
    /// A titled group of items.
    case section(title: String, items: [OutlineItem])
    /// A module, by id.
    case module(id: String)
}

/// A module: one Markdown page of a course.
public struct Module: Sendable {
    /// The stable content id that progress keys on.
    public var id: String
    /// The Markdown file, relative to the course folder.
    public var href: String
    /// The module title.
    public var title: String
    /// Estimated minutes, if the author gave them.
    public var minutes: Int?
    /// The sanitized HTML body.
    public var html: String
    /// The headings of the body.
    public var headings: [Heading]
    /// The titles of the sections that contain this module, outermost first.
    public var sectionPath: [String]
    /// How the module counts as complete.
    public var completion: CompletionRule = .viewed
    /// Whether course completion waits for this module.
    public var required: Bool = true

    /// The headings listed in the table of contents (levels 2 and 3).
    public var tableOfContents: [Heading] {
        headings.filter { $0.level == 2 || $0.level == 3 }
    }

    package init(id: String, href: String, title: String, minutes: Int? = nil, html: String, headings: [Heading], sectionPath: [String], completion: CompletionRule = .viewed, required: Bool = true) {
        self.id = id
        self.href = href
        self.title = title
        self.minutes = minutes
        self.html = html
        self.headings = headings
        self.sectionPath = sectionPath
        self.completion = completion
        self.required = required
    }
}

/// A file of a course folder that may be served.
public struct CourseFile: Sendable {
    /// Absolute path on disk (symlinks resolved, inside the course folder).
    public var path: String
    /// Size in bytes.
    public var size: Int
    /// Modification time, seconds since 1970.
    public var modified: Double

    package init(path: String, size: Int, modified: Double) {
        self.path = path
        self.size = size
        self.modified = modified
    }
}
