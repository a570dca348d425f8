import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore

/// Session tokens: random, sent only in an HttpOnly cookie, stored only as their SHA-256.
enum SessionToken {
    static let cookieName = "sesi"
    static let signInCookieName = "csrf_masuk"
    static let lifetime: TimeInterval = 12 * 3600

    /// 32 random bytes, hex.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    /// Whether a token is one ``random()`` makes (64 lower-case hex digits): a cookie's value is sent back in
    /// `Set-Cookie` only then, so that no text a client chose can add attributes to the header.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A cookie for this site: HttpOnly, SameSite=Lax, Secure when the request came over TLS.
    static func cookie(name: String, value: String, maxAge: Int?, request: Request) -> Cookie {
        let secure = request.uri.scheme == .https || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }
}

/// Finds the signed-in account from the session cookie.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = LenteraContext
    let store: any LearningStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookie(named: SessionToken.cookieName), !token.isEmpty,
            let (session, account) = try await store.signedInAccount(tokenHash: SessionToken.hash(token))
        {
            context.signedIn = SignedIn(account: account, session: session)
            // An operator-issued password must be changed before anything else: pages lead to /sandi, and nothing
            // else is posted meanwhile.
            if account.mustChangePassword, !["/sandi", "/keluar", "/sw.js", "/manifest.webmanifest"].contains(request.uri.path),
                !request.uri.path.hasPrefix(PublicAssets.prefix)
            {
                if request.method == .get || request.method == .head { return LearnerController.redirect("/sandi") }
                throw HTTPError(.forbidden, message: "change the temporary password first")
            }
        }
        return try await next(request, context)
    }
}

/// Refuses every state-changing request without the right CSRF token (403).
///
/// Signed in, the token is the session's, sent as the form field `csrf` or the `X-CSRF-Token` header. Before
/// signing in (the sign-in form itself), the form field must match the `csrf_masuk` cookie (double submit).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = LenteraContext
    static let field = "csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        // The xAPI endpoints take a node's bearer key and never a session cookie: there is nothing to forge.
        if request.uri.path.hasPrefix("/xapi/") { return try await next(request, context) }
        // Lentera's forms only POST: any other method is not allowed here (405), whatever its token.
        guard request.method == .post else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD, POST", .cacheControl: "no-store"])
        }
        // Nothing of the body is read before it is known whose token it must carry: a request with neither a
        // session nor the sign-in form's cookie is refused before any parsing.
        guard let expected = context.signedIn?.session.csrfToken ?? request.cookie(named: SessionToken.signInCookieName), !expected.isEmpty else {
            throw HTTPError(.forbidden, message: "CSRF token missing or wrong")
        }
        var request = request
        var context = context
        var sent = request.headers[Self.header]
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if sent == nil, contentType.hasPrefix("application/x-www-form-urlencoded") || contentType.hasPrefix("text/plain")
            || contentType.hasPrefix("multipart/form-data")
        {
            // Before signing in only the sign-in form is posted (a cookie anyone can set is all that is checked):
            // 64 KB. The roster import, for signed-in operators, is the largest form.
            let limit = context.signedIn == nil ? 64 * 1024 : 4 * 1024 * 1024
            let body = try await request.collectBody(upTo: limit)
            let fields = FormFields(body, contentType: request.headers[.contentType])
            context.form = (fields, body.readableBytes)
            sent = fields[Self.field]
        }
        guard let sent, SessionToken.equal(sent, expected) else {
            throw HTTPError(.forbidden, message: "CSRF token missing or wrong")
        }
        return try await next(request, context)
    }
}

/// Counts failed sign-ins per NIP and per address, in the database (so every node counts alike), and refuses more
/// than ``SignInLimits`` allows in a window.
struct SignInThrottle: Sendable {
    let store: any SignInThrottleRepository
    var limits = SignInLimits()

    /// Starts an attempt: the seconds to wait when it is refused, or nil when it may go on.
    ///
    /// An allowed attempt counts as failed until ``recordSuccess(nip:address:)`` says otherwise, so that parallel
    /// requests cannot all pass the check while their passwords are being verified.
    func begin(nip: String, address: String, now: Date = Date()) async throws -> TimeInterval? {
        let keys = SignInLimits.keys(nip: nip, address: address)
        return try await store.beginSignIn(nipKey: keys.nip, addressKey: keys.address, limits: limits, at: now)
    }

    /// Forgets the NIP's failures and the address's pending attempt after a successful sign-in.
    func recordSuccess(nip: String, address: String) async throws {
        let keys = SignInLimits.keys(nip: nip, address: address)
        try await store.signInSucceeded(nipKey: keys.nip, addressKey: keys.address)
    }
}
