import Foundation
import NIOCore

/// A block of addresses written as CIDR (`10.0.0.0/8`, `127.0.0.1`, `::1/128`, `fd00::/8`).
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's address bytes (4 for IPv4, 16 for IPv6) and how many leading bits must match.
    let bytes: [UInt8]
    let prefix: Int

    /// Reads a CIDR block or a single address; nil when it is neither.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.parse(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...maximum).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            prefix = maximum
        }
        self.bytes = bytes
    }

    public var description: String {
        (bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : stride(from: 0, to: 16, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }.joined(separator: ":")) + "/\(prefix)"
    }

    /// Whether an address (as bytes) lies in the block; an IPv4-mapped IPv6 address counts as its IPv4 address.
    func contains(_ address: [UInt8]) -> Bool {
        var address = address
        if address.count == 16, bytes.count == 4, address.prefix(12) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] {
            address = Array(address.suffix(4))
        }
        guard address.count == bytes.count else { return false }
        var remaining = prefix
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address[index] & mask != bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The bytes of an IPv4 or IPv6 address written as text.
    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
        return nil
    }

    /// The bytes of a peer's address.
    static func bytes(of peer: SocketAddress?) -> [UInt8]? {
        switch peer {
        case .v4(let address): return withUnsafeBytes(of: address.address.sin_addr) { Array($0) }
        case .v6(let address): return withUnsafeBytes(of: address.address.sin6_addr) { Array($0) }
        default: return nil
        }
    }
}

/// Which peers are proxies whose `X-Forwarded-For` is believed, and which may read `/metrics`.
public struct NetworkPolicy: Sendable {
    public var trustedProxies: [AddressRange]
    public var metricsAllowed: [AddressRange]

    /// Loopback only may read the metrics; no proxy is trusted until one is named.
    public static let defaultMetricsAllowed = [AddressRange("127.0.0.0/8")!, AddressRange("::1/128")!]

    public init(trustedProxies: [AddressRange] = [], metricsAllowed: [AddressRange] = Self.defaultMetricsAllowed) {
        self.trustedProxies = trustedProxies
        self.metricsAllowed = metricsAllowed
    }

    func isTrustedProxy(_ peer: SocketAddress?) -> Bool {
        guard !trustedProxies.isEmpty, let bytes = AddressRange.bytes(of: peer) else { return false }
        return trustedProxies.contains { $0.contains(bytes) }
    }

    /// The client's address: the peer's, or, from a trusted proxy, the right-most address of `X-Forwarded-For` that
    /// is not itself a trusted proxy (the left-most entries are whatever the client chose to send); when every one is
    /// a trusted proxy, the right-most, which the proxy wrote (a scraper on the proxy's own host).
    func clientAddress(peer: SocketAddress?, forwardedFor: [String], fromProxy: Bool) -> String? {
        guard fromProxy else { return nil }
        // Split at the bytes a proxy writes: by Swift characters, U+0600 (or a combining mark) joins the comma a proxy
        // appended, and the client's own entry swallowed the address the proxy wrote after it.
        let hops = forwardedFor.flatMap { $0.utf8.split(separator: UInt8(ascii: ",")) }
            .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let bytes = AddressRange.parse(hop) else { return nil }
            if !trustedProxies.contains(where: { $0.contains(bytes) }) { return hop }
        }
        return hops.last
    }

    /// Whether a client may read `/metrics`: judged by the client's address, so a proxy in front does not open it.
    /// A request a trusted proxy `forwarded` (it carries `X-Forwarded-For`) is judged by the client it names, and
    /// refused when that cannot be read: never as the proxy's own, which may be allowed.
    func mayReadMetrics(peer: SocketAddress?, clientAddress: String?, forwarded: Bool = false) -> Bool {
        let bytes = forwarded ? clientAddress.flatMap(AddressRange.parse) : clientAddress.flatMap(AddressRange.parse) ?? AddressRange.bytes(of: peer)
        guard let bytes else { return false }
        return metricsAllowed.contains { $0.contains(bytes) }
    }
}
