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
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// A signed-in account with its session.
struct SignedIn: Sendable {
    var account: Account
    var session: StoredSession
}
