import Foundation

/// How many failed sign-ins a NIP and an address may have in a window before further attempts wait: the rule, kept
/// apart from where the failures are counted (the database, so that every node behind one address counts alike).
public struct SignInLimits: Sendable, Equatable {
    public var maximumPerNIP: Int
    public var maximumPerAddress: Int
    public var window: TimeInterval

    public init(maximumPerNIP: Int = 5, maximumPerAddress: Int = 20, window: TimeInterval = 15 * 60) {
        self.maximumPerNIP = maximumPerNIP
        self.maximumPerAddress = maximumPerAddress
        self.window = window
    }

    /// The keys failures are counted under; a typed NIP is cut to 32 characters so keys stay small whatever is typed.
    /// NUL characters are dropped: no database keeps them in text.
    public static func keys(nip: String, address: String) -> (nip: String, address: String) {
        ("nip:" + String(nip.filter { $0 != "\u{0}" }.prefix(32)), "ip:" + String(address.filter { $0 != "\u{0}" }.prefix(64)))
    }

    /// The seconds until the next attempt is allowed, or nil when it is allowed now, from the failures inside the
    /// window (oldest first).
    public func wait(nipFailures: [Date], addressFailures: [Date], now: Date) -> TimeInterval? {
        var waits: [TimeInterval] = []
        let recentNIP = nipFailures.filter { $0 > now.addingTimeInterval(-window) }
        let recentAddress = addressFailures.filter { $0 > now.addingTimeInterval(-window) }
        if recentNIP.count >= maximumPerNIP {
            waits.append(recentNIP[recentNIP.count - maximumPerNIP].addingTimeInterval(window).timeIntervalSince(now))
        }
        if recentAddress.count >= maximumPerAddress {
            waits.append(recentAddress[recentAddress.count - maximumPerAddress].addingTimeInterval(window).timeIntervalSince(now))
        }
        return waits.max().map { max(1, $0) }
    }
}

/// Failed sign-ins, counted where every node sees them.
public protocol SignInThrottleRepository: Sendable {
    /// Starts an attempt, in one transaction: the seconds to wait when ``SignInLimits`` refuses it; otherwise nil, and
    /// the attempt counts as a failure of both keys until ``signInSucceeded(nipKey:addressKey:)`` says otherwise (so
    /// that parallel attempts cannot all pass while their passwords are being checked).
    func beginSignIn(nipKey: String, addressKey: String, limits: SignInLimits, at date: Date) async throws -> TimeInterval?
    /// Forgets the NIP's failures and the address's pending attempt after a successful sign-in.
    func signInSucceeded(nipKey: String, addressKey: String) async throws
}
