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
        if let token = request.cookies[SessionToken.cookieName]?.value, !token.isEmpty,
            let (session, account) = try await store.signedInAccount(tokenHash: SessionToken.hash(token))
        {
            context.signedIn = SignedIn(account: account, session: session)
            // An operator-issued password must be changed before anything else: pages lead to /sandi, and nothing
            // else is posted meanwhile.
            if account.mustChangePassword, !["/sandi", "/keluar"].contains(request.uri.path), !request.uri.path.hasPrefix(PublicAssets.prefix) {
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
        guard let expected = context.signedIn?.session.csrfToken ?? request.cookies[SessionToken.signInCookieName]?.value, !expected.isEmpty else {
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

/// The fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
struct FormFields: Sendable {
    var values: [String: String] = [:]
    /// Every value of a name given more than once (checkboxes), in order; most forms have none.
    var repeated: [String: [String]] = [:]

    /// Reads a body by its content type; a file field's value is the file's text.
    init(_ buffer: ByteBuffer, contentType: String?) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.boundary(in: contentType)
        else {
            self.init(buffer)
            return
        }
        var fields = FormFields(values: [:])
        for (name, value) in Self.multipart(Array(buffer.readableBytesView), boundary: boundary) { fields.add(name, value) }
        self = fields
    }

    init(values: [String: String]) {
        self.values = values
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// Splits a multipart body at its boundary lines and reads each part's name from Content-Disposition.
    ///
    /// Linear in the body's size whatever it holds: delimiters are found with Knuth-Morris-Pratt, and each part's
    /// header is searched once (a crafted body once cost seconds of CPU with a naive search).
    static func multipart(_ body: [UInt8], boundary: String) -> [(String, String)] {
        let delimiter = Array("--\(boundary)".utf8)
        let positions = occurrences(of: delimiter, in: body)
        var values: [(String, String)] = []
        let headerEnd: [UInt8] = [13, 10, 13, 10]
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            var partEnd = end
            if partStart + 1 < partEnd, body[partStart] == 13, body[partStart + 1] == 10 { partStart += 2 }
            if partEnd - 2 >= partStart, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard let split = occurrences(of: headerEnd, in: body[partStart..<partEnd], first: true).first else { continue }
            let headers = String(decoding: body[partStart..<split], as: UTF8.self)
            let content = String(decoding: body[(split + 4)..<partEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let nameRange = disposition.range(of: "name=\"")
            else { continue }
            let name = String(disposition[nameRange.upperBound...].prefix { $0 != "\"" })
            values.append((name, content))
        }
        return values
    }

    /// Where a pattern starts in bytes (absolute indices), by Knuth-Morris-Pratt: O(bytes + pattern).
    static func occurrences(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, first: Bool = false) -> [Int] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
        var failure = [Int](repeating: 0, count: pattern.count)
        var length = 0
        for index in 1..<pattern.count {
            while length > 0, pattern[index] != pattern[length] { length = failure[length - 1] }
            if pattern[index] == pattern[length] { length += 1 }
            failure[index] = length
        }
        var found: [Int] = []
        var matched = 0
        for index in bytes.indices {
            while matched > 0, bytes[index] != pattern[matched] { matched = failure[matched - 1] }
            if bytes[index] == pattern[matched] { matched += 1 }
            if matched == pattern.count {
                found.append(index - pattern.count + 1)
                if first { return found }
                matched = failure[matched - 1]
            }
        }
        return found
    }

    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        occurrences(of: pattern, in: bytes[...])
    }

    init(_ buffer: ByteBuffer) {
        self.init(String(buffer: buffer))
    }

    init(_ text: String) {
        // Byte-level: a heartbeat's form is parsed on every request, and Foundation's string search showed up as a
        // sixth of the server's time in perf.
        for pair in text.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let key = Self.decode(pair[..<(equals ?? pair.endIndex)])
            let value = equals.map { Self.decode(pair[pair.index(after: $0)...]) } ?? ""
            add(key, value)
        }
    }

    mutating func add(_ key: String, _ value: String) {
        if let first = values[key] {
            repeated[key, default: [first]].append(value)
        } else {
            values[key] = value
        }
    }

    /// Every value given for a name.
    func all(_ key: String) -> [String] {
        repeated[key] ?? values[key].map { [$0] } ?? []
    }

    /// Decodes `+` and `%XX` escapes; an invalid escape is kept as written.
    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), bytes.distance(from: index, to: bytes.endIndex) > 2,
                let high = hex(bytes[bytes.index(after: index)]), let low = hex(bytes[bytes.index(index, offsetBy: 2)])
            {
                output.append(high << 4 | low)
                index = bytes.index(index, offsetBy: 2)
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    subscript(_ key: String) -> String? { values[key] }
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
