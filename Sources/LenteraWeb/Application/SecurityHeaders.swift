import HTTPTypes
import Hummingbird

/// Adds the security headers to every response and answers unknown addresses with the localized 404 page.
struct SiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: SiteStore

    static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
            + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    /// For files authors upload: an HTML or SVG file opened directly runs no script and submits no form.
    static var courseFilePolicy: String {
        "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "font-src 'self'; frame-ancestors 'self'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let language = LanguagePreference.resolve(request).language
            response = ResourceResponder.respond(store.site.notFound[language], to: request, cache: .revalidate, allowRanges: false)
            response.status = .notFound
            response.headers[.eTag] = nil
            response.headers[.lastModified] = nil
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
