import HTTPTypes
import Hummingbird

/// The security headers of every response, in one place.
enum SecurityHeaders {
    /// Pages: scripts, styles and media only from this site, no inline script, never framed.
    static let pagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Files authors upload: an HTML or SVG file opened directly runs no script and submits no form.
    static let courseFilePolicy =
        "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "font-src 'self'; frame-ancestors 'self'"

    /// A PDF the server writes (a certificate): browsers show it in a viewer that `object-src 'none'` and a style
    /// policy would block, and the file holds no script, so the policy only forbids framing it.
    static let documentPolicy = "frame-ancestors 'none'"

    /// Adds the security headers to a response's fields.
    static func apply(to fields: inout HTTPFields, contentSecurityPolicy: String) {
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.xContentTypeOptions] = "nosniff"
        fields[.referrerPolicy] = "strict-origin-when-cross-origin"
        fields[.xFrameOptions] = contentSecurityPolicy == courseFilePolicy ? "SAMEORIGIN" : "DENY"
    }
}

/// Answers unknown addresses with the localized 404 page and gives every response its security headers
/// (responses built from precomputed headers already carry them).
struct SiteMiddleware: RouterMiddleware {
    typealias Context = LenteraContext
    let store: SiteStore
    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let required as SignInRequired {
            response = required.response(to: request)
        } catch let error as HTTPError where error.status == .notFound {
            response = SiteController.notFound(request, store: store)
        } catch let error as HTTPError where (400..<500).contains(error.status.code) {
            // A missing CSRF token (403), a form that is not valid (400), a body too large (413): a page in the
            // learner's language that says what to do, never the action and never a bare status line.
            let language = LanguagePreference.resolve(request).language
            let title = (error.status == .forbidden ? Text.Site.forbiddenTitle : .requestRefusedTitle)(language)
            let page = MessagePage(
                chrome: renderer.chrome(language, title: title), labels: Text.table(language), heading: title,
                text: Text.Site.forbiddenText(language), backHref: "/", backText: Text.Site.catalogue(language)
            )
            let html = renderer.render(page, "message")
            response = LearnerController.privateHTML(html, status: error.status)
        }
        if response.headers[.contentSecurityPolicy] == nil {
            SecurityHeaders.apply(to: &response.headers, contentSecurityPolicy: SecurityHeaders.pagePolicy)
        }
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let clearSiteData = Self("Clear-Site-Data")!
}
