import Foundation
import Hummingbird
import LenteraCore

/// The routes of the public site: catalogue, course and module pages, course files, assets and the status page.
struct SiteController<Context: RequestContext>: Sendable {
    let store: SiteStore
    let renderer: PageRenderer
    let assets: PublicAssets
    let fileIO: FileIO

    func addRoutes(to router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/", method: method, use: catalogue)
            router.on("/status", method: method) { request, _ in page("/status", request) }
            router.on("/kursus/:course", method: method) { request, context in
                page("/kursus/\(try context.parameters.require("course"))", request)
            }
            router.on("/kursus/:course/:module", method: method) { request, context in
                let course = try context.parameters.require("course")
                let module = try context.parameters.require("module")
                return page("/kursus/\(course)/\(module)", request)
            }
            router.on("/berkas/:course/**", method: method, use: courseFile)
            router.on("/aset/:version/**", method: method, use: asset)
        }
    }

    /// A precomputed page in the request's language.
    func page(_ path: String, _ request: Request) -> Response {
        guard let resource = store.site.pages[path] else {
            return notFound(request)
        }
        return respond(resource, request)
    }

    func respond(_ resource: LocalizedResource, _ request: Request) -> Response {
        let preference = LanguagePreference.resolve(request)
        var response = ResourceResponder.respond(
            resource[preference.language], to: request, cache: .revalidate, allowRanges: false, varyCookie: true
        )
        if let cookie = preference.cookieToSet { response.setCookie(cookie) }
        return response
    }

    func notFound(_ request: Request) -> Response {
        let language = LanguagePreference.resolve(request).language
        var response = ResourceResponder.respond(store.site.notFound[language], to: request, cache: .revalidate, allowRanges: false)
        response.status = .notFound
        response.headers[.eTag] = nil
        response.headers[.lastModified] = nil
        return response
    }

    /// The catalogue: precomputed without a query; searched and filtered per request with one.
    @Sendable func catalogue(_ request: Request, context: Context) async throws -> Response {
        let parameters = request.uri.queryParameters
        let query = parameters["q"].map(String.init)?.trimmingSpaces() ?? ""
        let categoryCode = parameters["kategori"].map(String.init) ?? ""
        if query.isEmpty && categoryCode.isEmpty {
            return page("/", request)
        }
        let preference = LanguagePreference.resolve(request)
        let site = store.site
        let html = renderer.catalogue(
            site.courses, language: preference.language, query: String(query.prefix(200)), category: Category(rawValue: categoryCode)
        )
        var response = ResourceResponder.respond(
            StaticResource(html: html, modified: Date()), to: request, cache: .revalidate, allowRanges: false, varyCookie: true
        )
        if let cookie = preference.cookieToSet { response.setCookie(cookie) }
        return response
    }

    /// A file of a course folder, looked up in the index made at load: nothing outside it can be named.
    @Sendable func courseFile(_ request: Request, context: Context) async throws -> Response {
        let courseID = try context.parameters.require("course")
        guard let relative = Self.relativePath(context.parameters.getCatchAll()),
            let entry = store.site.files[courseID]?[relative]
        else { return notFound(request) }
        var response = try await serve(entry, request, context, cache: .revalidate)
        response.headers[.contentSecurityPolicy] = SiteMiddleware<Context>.courseFilePolicy
        return response
    }

    /// A file of `public/`, immutable when its URL carries the current version.
    @Sendable func asset(_ request: Request, context: Context) async throws -> Response {
        let version = try context.parameters.require("version")
        guard let relative = Self.relativePath(context.parameters.getCatchAll()), let entry = assets.files[relative] else {
            return notFound(request)
        }
        let cache: ResourceResponder.CachePolicy = assets.versions[relative] == version ? .immutable : .revalidate
        return try await serve(entry, request, context, cache: cache)
    }

    func serve(_ entry: FileEntry, _ request: Request, _ context: Context, cache: ResourceResponder.CachePolicy) async throws -> Response {
        switch entry {
        case .memory(let resource):
            return ResourceResponder.respond(resource, to: request, cache: cache, allowRanges: true)
        case .disk(let file):
            return try await ResourceResponder.respond(disk: file, to: request, context: context, cache: cache, fileIO: fileIO)
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
