import NIOCore
import NIOSSL

/// Switches a connection to TLS at the exact byte STARTTLS says (RFC 3207): once armed, it passes the relay's reply
/// line by line, and after a final `220` line it puts the TLS handler in front of itself within the same read, so
/// every later byte is decrypted. Bytes that follow that line in plaintext (a relay that talks on, or someone in
/// between injecting replies) close the connection: they would otherwise be read as if they had come encrypted.
///
/// Its state is touched on the channel's event loop only (``arm(_:serverHostname:)`` is submitted to it).
final class STARTTLSFence: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var armed: (context: NIOSSLContext, serverHostname: String?)?
    private var held: ByteBuffer?

    /// Watches for the reply to STARTTLS from now on.
    func arm(_ context: NIOSSLContext, serverHostname: String?) {
        armed = (context, serverHostname)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let armed else { return context.fireChannelRead(data) }
        var incoming = unwrapInboundIn(data)
        if held == nil { held = context.channel.allocator.buffer(capacity: incoming.readableBytes) }
        held!.writeBuffer(&incoming)
        while let newline = held!.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let line = held!.readSlice(length: newline - held!.readerIndex + 1)!
            let bytes = line.readableBytesView
            // A final reply line: three digits, then a space or the line's end.
            let final = bytes.count < 5 || bytes[bytes.startIndex + 3] != UInt8(ascii: "-")
            let accepted = final && bytes.starts(with: "220".utf8)
            if final {
                self.armed = nil
                if accepted {
                    guard held!.readableBytes == 0 else { return refuse(context) }
                    do {
                        try context.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: armed.context, serverHostname: armed.serverHostname), position: .before(self)
                        )
                    } catch {
                        context.fireErrorCaught(error)
                        return context.close(promise: nil)
                    }
                }
            }
            context.fireChannelRead(wrapInboundOut(line))
            if final {
                // Refused: whatever followed goes on as plaintext replies.
                if let rest = held, rest.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(rest)) }
                held = nil
                // Handed over now: the read's own completion would pass the TLS handler, which keeps it to itself
                // (it completes only reads that gave plaintext), and the reply would wait for the next read.
                context.fireChannelReadComplete()
                return
            }
        }
        if held!.readableBytes > 64 * 1024 { refuse(context) }
    }

    private func refuse(_ context: ChannelHandlerContext) {
        held = nil
        context.fireErrorCaught(SMTPError("the relay sent more after agreeing to STARTTLS (or a line without end)"))
        context.close(promise: nil)
    }
}
