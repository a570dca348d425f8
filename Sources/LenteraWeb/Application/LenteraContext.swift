import Hummingbird
import LenteraCore
import NIOCore

/// The per-request state of Lentera: the signed-in account, if any, and the peer address for rate limits.
struct LenteraContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware`` for a valid session cookie.
    var signedIn: SignedIn?
    /// The client's address, for rate limits.
    let remoteAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let address = source.channel.remoteAddress?.ipAddress ?? "unknown"
        // IPv6 hands every client a /64: limits apply to the network, not to addresses chosen at will.
        remoteAddress = address.contains(":") ? address.split(separator: ":", omittingEmptySubsequences: false).prefix(4).joined(separator: ":") : address
    }
}

/// A signed-in account with its session.
struct SignedIn: Sendable {
    var account: Account
    var session: StoredSession
}
