import Hummingbird
import LenteraCore
import NIOCore

/// The per-request state of Lentera: the signed-in account, if any, and the peer address for rate limits.
struct LenteraContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` for a valid session cookie.
    var signedIn: SignedIn?
    /// The form of a POST, parsed once by the CSRF check, with the size of its body.
    var form: (fields: FormFields, size: Int)?
    /// The peer, kept as NIO gives it: formatting it costs time that only sign-in needs to spend.
    let peer: SocketAddress?
    /// The client's address as a trusted proxy reported it (`--trusted-proxy`); nil when the peer is the client.
    var clientAddress: String?
    /// The id of this request, in its `X-Request-Id` header and every log line about it.
    var requestID = ""
    /// Whether the client is one `--metrics-allow` names.
    var mayReadMetrics = false

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress
    }

    /// The client's address, for rate limits; IPv6 clients by their /64 network, since each has one to choose from
    /// (read from the address's bytes: its text may be compressed with `::`).
    var remoteAddress: String {
        if let clientAddress, let bytes = AddressRange.parse(clientAddress) {
            return bytes.count == 16 ? bytes.prefix(8).map { String(format: "%02x", $0) }.joined() + "::/64" : clientAddress
        }
        guard let peer else { return "unknown" }
        if case .v6(let address) = peer {
            let bytes = withUnsafeBytes(of: address.address.sin6_addr) { Array($0.prefix(8)) }
            return bytes.map { String(format: "%02x", $0) }.joined() + "::/64"
        }
        return peer.ipAddress ?? "unknown"
    }
}

/// A signed-in account with its session.
struct SignedIn: Sendable {
    var account: Account
    var session: StoredSession
}

extension LenteraContext {
    /// The request's form fields, parsed once (by the CSRF check) and refused above the route's own size limit.
    func formFields(_ request: Request, limit: Int) async throws -> FormFields {
        if let form {
            guard form.size <= limit else { throw HTTPError(.contentTooLarge) }
            return form.fields
        }
        var request = request
        return FormFields(try await request.collectBody(upTo: limit), contentType: request.headers[.contentType])
    }
}
