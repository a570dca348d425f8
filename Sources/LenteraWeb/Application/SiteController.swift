import Foundation
import Hummingbird
import LenteraCore
import LenteraContent

/// The routes of the public site: catalogue, course and module pages, course files, assets and the status page.
struct SiteController: Sendable {
    typealias Context = LenteraContext
    let store: SiteStore
    let renderer: PageRenderer
    let assets: PublicAssets
    let fileIO: FileIO
    let learnerPages: LearnerPages
    /// This node's mirror status.
    let mirrorBoard: MirrorBoard
    /// The push status, the same on every node.
    let syncStatuses: any SyncStatusRepository

    func addRoutes(to router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/", method: method, use: catalogue)
            router.group(context: StaffContext.self).on("/status", method: method, use: status)
            router.on("/kursus/:course", method: method) { request, context in
                try await page("/kursus/\(try context.parameters.require("course"))", request, context)
            }
            router.on("/kursus/:course/:module", method: method) { request, context in
                let course = try context.parameters.require("course")
                let module = try context.parameters.require("module")
                return try await page("/kursus/\(course)/\(module)", request, context)
            }
            router.on("/berkas/:course/**", method: method, use: courseFile)
            router.on("/aset/:version/**", method: method, use: asset)
        }
    }

    /// Answers a plain request for an in-memory page, course file or asset without going through the router.
    ///
    /// Returns nil for anything else (queries, percent-encoded paths, files streamed from disk, unknown paths), which
    /// the router then handles: this is only a shortcut to the same answers.
    func answerFromMemory(_ request: Request) -> Response? {
        guard request.method == .get || request.method == .head, request.uri.query == nil else { return nil }
        // Signed-in learners get personalized pages from the router.
        if let cookies = request.headers[.cookie], cookies.contains(SessionToken.cookieName + "=") { return nil }
        let path = request.uri.path
        guard !path.utf8.contains(UInt8(ascii: "%")) else { return nil }
        let site = store.site
        if let resource = site.pages[path] {
            return respond(resource, request)
        }
        if path.hasPrefix(CourseLoader.filePrefix + "/") {
            let rest = path.utf8.dropFirst(CourseLoader.filePrefix.utf8.count + 1)
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")),
                let files = site.files[String(Substring(rest[..<slash]))],
                case .memory(let resource) = files[String(Substring(rest[rest.index(after: slash)...]))]
            else { return nil }
            return ResourceResponder.respond(resource, to: request)
        }
        if path.hasPrefix(PublicAssets.prefix + "/") {
            let rest = path.utf8.dropFirst(PublicAssets.prefix.utf8.count + 1)
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            let relative = String(Substring(rest[rest.index(after: slash)...]))
            guard assets.versions[relative] == String(Substring(rest[..<slash])), case .memory(let resource) = assets.files[relative]
            else { return nil }
            return ResourceResponder.respond(resource, to: request)
        }
        return nil
    }

    /// The route a path answered from memory stands for, as the router would name it (for logs and metrics).
    static func routeTemplate(_ path: String) -> String {
        if path == "/" { return "/" }
        if path.hasPrefix(CourseLoader.filePrefix + "/") { return CourseLoader.filePrefix + "/{course}/**" }
        if path.hasPrefix(PublicAssets.prefix + "/") { return PublicAssets.prefix + "/{version}/**" }
        return path.split(separator: "/").count >= 3 ? "/kursus/{course}/{module}" : "/kursus/{course}"
    }

    /// The course status page, for authors, operators and admins.
    @Sendable func status(_ request: Request, context: StaffContext) async throws -> Response {
        let signedIn = context.signedIn
        guard let resource = store.site.status else { return notFound(request) }
        let language = LanguagePreference.resolve(request).language
        var html = Personalizer.withAccountNav(String(buffer: resource[language].body), signedIn: signedIn, renderer: renderer, language: language)
        // How relevant learners found each module, across all units.
        let site = store.site
        let feedback = try await learnerPages.store.feedbackSummaries(under: nil).map { summary in
            let course = site.courses.first { $0.id == summary.courseID }
            return FeedbackRow(
                course: course?.title ?? site.programs.event(creditID: summary.courseID).map { Text.Programs.eventRatingName(language, $0.event.title) }
                    ?? summary.courseID,
                module: summary.moduleID.isEmpty ? "—"
                    : course?.module(withID: summary.moduleID)?.title
                    ?? (course == nil && summary.courseID.hasPrefix("acara:") ? Text.Programs.eventRatingEdition(language, summary.moduleID) : summary.moduleID),
                count: summary.count, average: String(format: "%.1f", summary.averageRelevance), comments: summary.comments
            )
        }
        let table = renderer.render(FeedbackTable(labels: Text.table(language), feedback: feedback), "feedbackTable")
        // Where authors find how their quiz questions performed, and the essays waiting for a grade.
        let quizzes = site.courses.flatMap { course in
            course.quizzes.map { quiz in
                QuizStatisticsLinks.Link(
                    href: "/penulis/kuis/\(course.id)/\(quiz.id)", titleHTML: escapeText(course.title) + ": " + escapeText(quiz.title)
                )
            }
        }
        let quizLinks = renderer.render(QuizStatisticsLinks(labels: Text.table(language), quizzes: quizzes), "quizStatisticsLinks")
        let sync = renderer.render(try await syncStatus(language), "syncStatus")
        html = Personalizer.replaceRegion(html, "umpan-balik", with: table + quizLinks + sync)
        return LearnerController.privateHTML(html)
    }

    /// Upstreams this server syncs with (the push as every node sees it, this node's mirror), and nodes that push to it.
    func syncStatus(_ language: Language) async throws -> SyncStatusTable {
        let shared = try await syncStatuses.syncStatuses()
        let nodes = try await learnerPages.store.nodes()
        return SyncStatusTable(shared: shared, mirror: mirrorBoard.current, nodes: nodes, thisNode: LeaseHolder.current, language: language)
    }

    /// A precomputed page in the request's language; personalized for a signed-in learner.
    func page(_ path: String, _ request: Request, _ context: Context) async throws -> Response {
        let site = store.site
        if let signedIn = context.signedIn {
            return try await learnerPages.respond(path: path, request: request, signedIn: signedIn, site: site) ?? notFound(request)
        }
        guard let resource = site.pages[path] else {
            return notFound(request)
        }
        return respond(resource, request)
    }

    func respond(_ resource: LocalizedResource, _ request: Request) -> Response {
        let preference = LanguagePreference.resolve(request)
        var response = ResourceResponder.respond(resource[preference.language], to: request)
        if let cookie = preference.cookieToSet { response.setCookie(cookie) }
        return response
    }

    func notFound(_ request: Request) -> Response {
        Self.notFound(request, store: store)
    }

    /// The localized 404 page; never a 304, since there is nothing to validate.
    static func notFound(_ request: Request, store: SiteStore) -> Response {
        let language = LanguagePreference.resolve(request).language
        let resource = store.site.notFound[language]
        let gzip = resource.gzipBody != nil && ResourceResponder.acceptsGzip(request.headers[.acceptEncoding])
        var headers = gzip ? resource.gzipHeaders : resource.headers
        headers[.eTag] = nil
        headers[.lastModified] = nil
        if request.method == .head { return Response(status: .notFound, headers: headers) }
        return Response(status: .notFound, headers: headers, body: ResponseBody(byteBuffer: gzip ? resource.gzipBody! : resource.body))
    }

    /// The catalogue: precomputed without a query; searched and filtered per request with one.
    @Sendable func catalogue(_ request: Request, context: Context) async throws -> Response {
        let parameters = request.queryFields
        let query = parameters["q"]?.trimmingSpaces() ?? ""
        let categoryCode = parameters["kategori"] ?? ""
        if query.isEmpty && categoryCode.isEmpty {
            return try await page("/", request, context)
        }
        let preference = LanguagePreference.resolve(request)
        let site = store.site
        // The modules found are those of the courses this catalogue lists (the same for every visitor), so the page
        // holds nothing personal until the personalizer fills the signed-in regions.
        let html = renderer.catalogue(
            site.courses, language: preference.language, query: String(query.prefix(ModuleSearchIndex.longestQuery)),
            category: Category(rawValue: categoryCode), moduleSearch: site.moduleSearch
        )
        if let signedIn = context.signedIn {
            var personal = Personalizer.withAccountNav(html, signedIn: signedIn, renderer: renderer, language: preference.language)
            personal = try await learnerPages.catalogueRegions(personal, courses: site.courses, signedIn: signedIn, language: preference.language)
            return LearnerController.privateHTML(personal)
        }
        var response = ResourceResponder.respond(StaticResource(html: html, modified: Date()), to: request)
        if let cookie = preference.cookieToSet { response.setCookie(cookie) }
        return response
    }

    /// A file of a course folder, looked up in the index made at load: nothing outside it can be named.
    @Sendable func courseFile(_ request: Request, context: Context) async throws -> Response {
        let courseID = try context.parameters.require("course")
        guard let relative = Self.relativePath(context.parameters.getCatchAll()),
            let entry = store.site.files[courseID]?[relative]
        else { return notFound(request) }
        return try await serve(entry, request, context, cache: nil)
    }

    /// A file of `public/`, immutable when its URL carries the current version.
    @Sendable func asset(_ request: Request, context: Context) async throws -> Response {
        let version = try context.parameters.require("version")
        guard let relative = Self.relativePath(context.parameters.getCatchAll()), let entry = assets.files[relative] else {
            return notFound(request)
        }
        // An outdated version still gets the file, but must revalidate it.
        return try await serve(entry, request, context, cache: assets.versions[relative] == version ? nil : .revalidate)
    }

    func serve(_ entry: FileEntry, _ request: Request, _ context: Context, cache: ResourceResponder.CachePolicy?) async throws -> Response {
        switch entry {
        case .memory(let resource):
            return ResourceResponder.respond(resource, to: request, cache: cache)
        case .disk(let file):
            return try await ResourceResponder.respond(
                disk: file, to: request, context: context, cache: cache ?? file.policy.cache,
                contentSecurityPolicy: file.policy.contentSecurityPolicy, fileIO: fileIO
            )
        }
    }

    /// Decodes the path segments after a prefix into an index key; nil for anything that could climb or hide.
    static func relativePath(_ segments: [Substring]) -> String? {
        var parts: [String] = []
        for segment in segments {
            guard let decoded = String(segment).removingPercentEncoding, !decoded.isEmpty, decoded != ".", decoded != "..",
                !decoded.contains("/"), !decoded.contains("\\"), !decoded.contains("\0"), !decoded.hasPrefix(".")
            else { return nil }
            parts.append(decoded)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
