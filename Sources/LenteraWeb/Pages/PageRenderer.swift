import Foundation
import LenteraCore
import LenteraContent
import Mustache

/// Turns courses into the HTML of every page, in every language.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let assets: AssetURLs
    /// Personal fragments of signed-in pages as rendered for their values (``keptFragment(_:)``).
    let fragments = FragmentCache()
    /// The same fragments as compressed for gzip answers (``GzipSplice/Pieces``).
    let pieces = GzipSplice.Pieces()

    /// URLs of the stylesheet and icon, versioned by content.
    struct AssetURLs: Sendable {
        var style: String
        var icon: String
        var script: String
    }

    init(assets: AssetURLs) throws {
        HTMLScalarEscaping.register()
        var library = MustacheLibrary()
        for (name, template) in Templates.all {
            try library.register(HTMLScalarEscaping.pragma + template, named: name)
        }
        self.library = library
        self.assets = assets
    }

    func chrome(_ language: Language, title: String, breadcrumbs: [Chrome.Crumb] = []) -> Chrome {
        Chrome(
            language: language.rawValue, title: title, styleURL: assets.style, iconURL: assets.icon, scriptURL: assets.script,
            breadcrumbs: breadcrumbs
        )
    }

    static func courseHref(_ course: Course) -> String { "\(CourseLoader.pagePrefix)/\(course.id)" }
    static func moduleHref(_ course: Course, _ module: Module) -> String { moduleHref(courseID: course.id, moduleID: module.id) }
    static func moduleHref(courseID: String, moduleID: String) -> String { "\(CourseLoader.pagePrefix)/\(courseID)/\(moduleID)" }

    /// The parts of a meta line that have something in them, between middle dots: never "· ·" for a part left empty
    /// (an account without a position); nil when none has.
    static func metaLine(_ parts: [String?]) -> String? {
        let filled = parts.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return filled.isEmpty ? nil : filled.joined(separator: " · ")
    }

    func render(_ object: Any, _ template: String) -> String {
        library.render(object, withTemplate: template) ?? ""
    }

    /// A small personal fragment of a signed-in page, rendered once for the same values (``FragmentCache``), with its
    /// digest and gzip piece kept beside it, for a page's region.
    func keptFragment<Fragment: PageFragment>(_ fragment: Fragment) -> FragmentHTML {
        FragmentHTML(fragments.fragment(fragment) { render(fragment, Fragment.template) })
    }

    /// A personal fragment rendered each time: for fragments that are not shown often enough to keep.
    func render<Fragment: PageFragment>(_ fragment: Fragment) -> String {
        render(fragment, Fragment.template)
    }

    /// The catalogue, optionally filtered by a search query and a category; with a query and a module index, the
    /// modules of the courses listed under the category that hold the query's words ("Di dalam modul").
    func catalogue(
        _ courses: [Course], language: Language, query: String = "", category: Category? = nil, moduleSearch: ModuleSearchIndex? = nil
    ) -> String {
        let terms = CourseSearch.terms(of: query)
        // What the catalogue lists is what may be searched: module hits come from these courses and no others.
        let listed = courses.filter { category == nil || $0.category == category }
        let matching = listed.filter { CourseSearch.matches($0, terms: terms) }
        var moduleHits: [ModuleSearchIndex.Hit] = []
        if !terms.isEmpty, let moduleSearch { moduleHits = moduleSearch.search(query, inCourses: Set(listed.map(\.id))) }
        let cards = matching.map { course in
            CourseCard(
                id: course.id, href: Self.courseHref(course), title: course.title, summary: course.summary,
                categoryName: course.category.map { Text.Site.name(of: $0)(language) },
                jp: course.jp.formatted(for: language), moduleCount: course.modules.count,
                minutes: course.estimatedMinutes > 0 ? course.estimatedMinutes : nil
            )
        }
        let page = CataloguePage(
            chrome: chrome(language, title: Text.Site.catalogue(language)),
            labels: Text.table(language),
            query: query,
            categories: Category.allCases.map {
                CategoryOption(value: $0.rawValue, name: Text.Site.name(of: $0)(language), selected: $0 == category)
            },
            hasCategory: category != nil,
            isSearch: !terms.isEmpty || category != nil,
            courses: cards, hasCourses: !cards.isEmpty, resultCount: cards.count,
            moduleHits: moduleHits.map { hit in
                ModuleHitCard(
                    href: Self.moduleHref(courseID: hit.courseID, moduleID: hit.moduleID), moduleTitle: hit.moduleTitle,
                    courseTitle: hit.courseTitle, snippetHTML: hit.snippetHTML
                )
            },
            moduleHitsMatchEveryWord: moduleHits.first?.matchedEveryWord ?? true
        )
        return render(page, "catalogue")
    }

    /// A course's page: summary, facts and the outline.
    func coursePage(_ course: Course, language: Language) -> String {
        let modulesByID = Dictionary(course.modules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func nodes(_ items: [OutlineItem]) -> [OutlineNode] {
            items.compactMap { item in
                switch item {
                case .section(let title, let children):
                    return OutlineNode(isSection: true, title: title, href: nil, minutes: nil, items: nodes(children), labels: Text.table(language))
                case .module(let id):
                    guard let module = modulesByID[id] else { return nil }
                    return OutlineNode(
                        isSection: false, title: module.title, href: Self.moduleHref(course, module), minutes: module.minutes,
                        items: [], labels: Text.table(language)
                    )
                }
            }
        }
        let page = CoursePage(
            chrome: chrome(
                language, title: course.title, breadcrumbs: [.init(text: Text.Site.catalogue(language), href: "/"), .init(text: course.title)]
            ),
            labels: Text.table(language), title: course.title, summary: course.summary, jp: course.jp.formatted(for: language),
            minutes: course.estimatedMinutes > 0 ? course.estimatedMinutes : nil, moduleCount: course.modules.count,
            categoryName: course.category.map { Text.Site.name(of: $0)(language) }, version: course.displayVersion,
            firstModuleHref: course.modules.first.map { Self.moduleHref(course, $0) }, outline: nodes(course.outline),
            quizzes: course.quizzes.map { quiz in
                CoursePage.QuizLink(
                    href: "/kursus/\(course.id)/kuis/\(quiz.id)", title: QuizHTML.titleText(quiz.title),
                    questions: Text.Quiz.questionCount(quiz.questionsPerAttempt, language)
                )
            }
        )
        return render(page, "course")
    }

    /// A module's page: breadcrumb, table of contents, body, previous and next.
    func modulePage(_ course: Course, index: Int, language: Language) -> String {
        let module = course.modules[index]
        var crumbs: [Chrome.Crumb] = [
            .init(text: Text.Site.catalogue(language), href: "/"), .init(text: course.title, href: Self.courseHref(course)),
        ]
        crumbs += module.sectionPath.filter { !$0.isEmpty }.map { Chrome.Crumb(text: $0) }
        crumbs.append(.init(text: module.title))
        let previous = index > 0 ? course.modules[index - 1] : nil
        let next = index + 1 < course.modules.count ? course.modules[index + 1] : nil
        let page = ModulePage(
            chrome: chrome(language, title: "\(module.title) · \(course.title)", breadcrumbs: crumbs),
            labels: Text.table(language), html: module.html, courseTitle: course.title, courseHref: Self.courseHref(course),
            sectionTitle: module.sectionPath.last, minutes: module.minutes, position: index + 1,
            moduleCount: course.modules.count, tableOfContents: module.tableOfContents,
            hasTableOfContents: !module.tableOfContents.isEmpty,
            previous: previous.map { ModuleLink(href: Self.moduleHref(course, $0), title: $0.title) },
            next: next.map { ModuleLink(href: Self.moduleHref(course, $0), title: $0.title) }
        )
        return render(page, "module")
    }

    /// The author-facing status page.
    func statusPage(_ entries: [CourseStatus], programs: [ProgramStatus] = [], checkedAt: Date, language: Language) -> String {
        let formatter = ISO8601DateFormatter()
        let title = Text.Site.status(language)
        let page = StatusPage(
            chrome: chrome(language, title: title, breadcrumbs: [.init(text: Text.Site.catalogue(language), href: "/"), .init(text: title)]),
            labels: Text.table(language), checkedAt: formatter.string(from: checkedAt),
            checkedAtText: LearnerController.dateTime(checkedAt, language),
            entries: entries.map { entry in
                let problems = entry.problems.map { problem in
                    StatusProblem(
                        severity: problem.severity.rawValue,
                        severityLabel: (problem.severity == .error ? Text.Site.statusError : .statusWarning)(language),
                        location: problem.line.map { "\(problem.file):\($0)" } ?? problem.file,
                        message: problem.kind.message(in: language)
                    )
                }
                return StatusEntry(
                    folder: entry.folderName, title: entry.course?.title ?? "",
                    href: entry.course.map { Self.courseHref($0) }, version: entry.course?.displayVersion ?? "—",
                    hasErrors: entry.problems.contains { $0.severity == .error }, servingLastGood: entry.course != nil,
                    keptCopy: entry.keptCopy?.link, keptCopySaved: entry.keptCopy.map { formatter.string(from: $0.manifest.savedAt) },
                    keptCopySavedText: entry.keptCopy.map { LearnerController.dateTime($0.manifest.savedAt, language) },
                    problems: problems, hasProblems: !problems.isEmpty
                )
            } + programs.map { entry in
                // A program file is listed as `programs/NAME`, its problems located the same way.
                let problems = entry.problems.map { problem in
                    StatusProblem(
                        severity: problem.severity.rawValue,
                        severityLabel: (problem.severity == .error ? Text.Site.statusError : .statusWarning)(language),
                        location: "programs/" + (problem.line.map { "\(problem.file):\($0)" } ?? problem.file),
                        message: problem.kind.message(in: language)
                    )
                }
                return StatusEntry(
                    folder: "programs/" + entry.fileName,
                    title: entry.dictionarySize.map { Text.Programs.dictionaryStatus(language, String($0.competencies), String($0.standards)) }
                        ?? entry.title ?? "",
                    href: entry.href, version: entry.version ?? "—",
                    hasErrors: entry.problems.contains { $0.severity == .error }, servingLastGood: entry.served,
                    problems: problems, hasProblems: !problems.isEmpty
                )
            }
        )
        return render(page, "status")
    }

    /// The page for an address that does not exist.
    func notFoundPage(language: Language) -> String {
        render(NotFoundPage(chrome: chrome(language, title: Text.Site.notFoundTitle(language)), labels: Text.table(language)), "notFound")
    }
}

/// The state of one course folder as the status page shows it.
struct CourseStatus: Sendable {
    var folderName: String
    /// The course served: the latest good version, which may be older than the folder's content.
    var course: Course?
    var problems: [Problem]
    /// The copy in the data folder the course is served from, when the folder was broken at start.
    var keptCopy: LastGoodCopies.Copy? = nil
}
