import Foundation
import LenteraCore
import NIOCore
import NIOPosix
import NIOSSL

/// Why mail could not be sent. Only a recipient the relay refused (RCPT) concerns one message: `refused` (5xx: for
/// good, sending again would fail again) or `deferred` (4xx: try later); anything else means the relay is down,
/// busy or misconfigured for every message (`session`), and the round stops without deciding about anyone.
public struct SMTPError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        case session, refused, deferred
    }

    public var description: String
    public var kind: Kind
    /// The relay's reply code, when a reply refused.
    public var code: Int?

    public init(_ description: String, kind: Kind = .session) {
        self.description = description
        self.kind = kind
    }
}

/// Sends mail through an SMTP relay: one connection for many messages (RFC 5321), STARTTLS or TLS as the relay's URL
/// says, AUTH PLAIN only over TLS. Every reply is awaited for at most `timeout`.
public struct SMTPClient: Sendable {
    public let relay: SMTPRelay
    /// The name this server gives in EHLO.
    public let heloName: String
    public var timeout: TimeAmount = .seconds(60)

    public init(relay: SMTPRelay, heloName: String) {
        self.relay = relay
        self.heloName = heloName.isEmpty || !heloName.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) ? "lentera" : heloName
    }

    /// Opens a session (greeting, EHLO, TLS, login), hands it to `body`, then says QUIT.
    public func withSession<Result: Sendable>(_ body: (SMTPSession) async throws -> Result) async throws -> Result {
        var tlsContext: NIOSSLContext?
        if relay.security != .none {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let roots = relay.trustRoots { configuration.trustRoots = .file(roots) }
            tlsContext = try NIOSSLContext(configuration: configuration)
        }
        // Certificates name hosts; for an address, NIOSSL checks the certificate's IP entries against the peer.
        let serverHostname = Self.isAddress(relay.host) ? nil : relay.host
        let implicitTLS = relay.security == .tls ? tlsContext : nil
        let fence = STARTTLSFence(switchingTo: relay.security == .startTLS ? tlsContext : nil, serverHostname: serverHostname)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: relay.host, port: relay.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicitTLS {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(fence)
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError("cannot connect to \(relay.described): \(error)")
        }
        return try await channel.executeThenClose { inbound, outbound in
            let session = SMTPSession(channel: channel.channel, inbound: inbound, outbound: outbound, timeout: timeout)
            try await session.expect(220, "the relay's greeting")
            let capabilities = try await session.command("EHLO \(heloName)", expect: 250, "EHLO")
            if relay.security == .startTLS {
                guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                    throw SMTPError("\(relay.described) does not offer STARTTLS")
                }
                // TLS starts at the byte after the relay's 220, switched in on the event loop as that line passes
                // (``STARTTLSFence``): bytes sent after it in plaintext are refused, never read as if encrypted.
                try await session.command("STARTTLS", expect: 220, "STARTTLS")
                guard session.pending.isEmpty else { throw SMTPError("the relay sent more after agreeing to STARTTLS") }
                try await session.command("EHLO \(heloName)", expect: 250, "EHLO after STARTTLS")
            }
            if let username = relay.username {
                let secret = Data(("\0" + username + "\0" + (relay.password ?? "")).utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(secret)", expect: 235, "the login (AUTH PLAIN)")
            }
            let result = try await body(session)
            _ = try? await session.command("QUIT", expect: 221, "QUIT")
            return result
        }
    }

    static func isAddress(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }
}

/// One open connection to the relay.
public final class SMTPSession {
    let channel: any Channel
    var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeout: TimeAmount
    var pending: [UInt8] = []

    init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, timeout: TimeAmount) {
        self.channel = channel
        lines = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.timeout = timeout
    }

    /// Sends one message: MAIL FROM, RCPT TO, DATA. A recipient refused (`refused`, `deferred`) leaves the session
    /// ready for the next message; any other failure is the session's.
    public func send(_ message: MailMessage, messageID: String, date: Date = Date()) async throws {
        guard MailAddress.isPlain(message.from), MailAddress.isPlain(message.to) else {
            throw SMTPError("not a plain mail address: \(message.to)", kind: .refused)
        }
        try await command("MAIL FROM:<\(message.from)>", expect: 250, "MAIL FROM")
        do {
            try await command("RCPT TO:<\(message.to)>", expect: 250, "RCPT TO <\(message.to)>", alsoAccept: 251)
        } catch let error as SMTPError where error.code.map({ (400...599).contains($0) }) ?? false {
            try await command("RSET", expect: 250, "RSET")
            throw SMTPError(error.description, kind: error.code! >= 500 ? .refused : .deferred)
        }
        try await command("DATA", expect: 354, "DATA")
        try await write(message.formatted(date: date, messageID: messageID) + ".\r\n")
        try await expect(250, "the message")
    }

    /// Sends a command and reads its reply; returns the reply's lines after the code.
    @discardableResult
    func command(_ line: String, expect code: Int, _ what: String, alsoAccept other: Int? = nil) async throws -> [String] {
        try await write(line + "\r\n")
        return try await expect(code, what, alsoAccept: other)
    }

    func write(_ text: String) async throws {
        do {
            try await outbound.write(ByteBuffer(string: text))
        } catch {
            throw SMTPError("the connection to the relay broke (\(error))")
        }
    }

    /// Reads one reply (its lines `250-…` up to `250 …`) within `timeout` and checks its code.
    @discardableResult
    func expect(_ code: Int, _ what: String, alsoAccept other: Int? = nil) async throws -> [String] {
        // One deadline for the whole reply: a relay that sends a line now and then cannot hold a reply open.
        let deadline = Task { [channel, timeout] in
            try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var texts: [String] = []
        while true {
            let line = try await readLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let found = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else {
                throw SMTPError("the relay answered \(what) with something that is not SMTP: \(Self.printable(line))")
            }
            texts.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            guard bytes.count > 3, bytes[3] == UInt8(ascii: "-") else {
                guard found == code || found == other else {
                    var error = SMTPError("the relay refused \(what): \(Self.printable(line))")
                    error.code = found
                    throw error
                }
                return texts
            }
            guard texts.count < 100 else { throw SMTPError("the relay's reply to \(what) does not end") }
        }
    }

    /// A relay's words as a log line may hold them: at most 300 characters, control characters as `?`.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.prefix(300).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
    }

    /// The next line the relay sends, without its line end.
    func readLine() async throws -> String {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(pending[..<end])
                pending.removeSubrange(...end)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard pending.count < 64 * 1024 else { throw SMTPError("the relay sent a line longer than 64 kB") }
            let next: ByteBuffer?
            do {
                next = try await lines.next()
            } catch {
                throw SMTPError("the connection to the relay broke (\(error))")
            }
            guard var buffer = next else {
                throw SMTPError("the relay closed the connection (or did not answer within \(timeout.nanoseconds / 1_000_000_000) s)")
            }
            pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
    }
}
