import NIOCore
import NIOSSL

/// Switches a connection to TLS at the exact byte STARTTLS says (RFC 3207). It counts the relay's replies from the
/// first byte, line by line as the session reads them: the greeting, the reply to EHLO, then the reply to STARTTLS.
/// After that third reply, when it is a final `220` line, it puts the TLS handler in front of itself within the same
/// read, so every later byte is decrypted. Bytes that follow that line in plaintext (a relay that talks on, or someone
/// in between injecting replies) close the connection; replies injected earlier only move the switch earlier, so the
/// session's next command (STARTTLS or EHLO) already goes through TLS and fails instead of being answered by them.
///
/// Its state is touched on the channel's event loop only.
final class STARTTLSFence: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The TLS to switch to, and the final replies still to come before the switch; nil once it is done with.
    private var armed: (context: NIOSSLContext, serverHostname: String?, repliesLeft: Int)?
    private var held: ByteBuffer?

    /// A fence that switches after the third final reply; `nil` context: a pass-through.
    init(switchingTo context: NIOSSLContext?, serverHostname: String?) {
        armed = context.map { ($0, serverHostname, 3) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard var armed else { return context.fireChannelRead(data) }
        var incoming = unwrapInboundIn(data)
        if held == nil { held = context.channel.allocator.buffer(capacity: incoming.readableBytes) }
        held!.writeBuffer(&incoming)
        while let newline = held!.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let line = held!.readSlice(length: newline - held!.readerIndex + 1)!
            let bytes = line.readableBytesView
            // A final reply line: three digits, then a space or the line's end.
            let final = bytes.count < 5 || bytes[bytes.startIndex + 3] != UInt8(ascii: "-")
            if final { armed.repliesLeft -= 1 }
            let decides = final && armed.repliesLeft == 0
            self.armed = decides ? nil : armed
            if decides {
                if bytes.starts(with: "220".utf8) {
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
            if decides {
                // Refused: whatever followed goes on as plaintext replies.
                if let rest = held, rest.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(rest)) }
                held = nil
                // Handed over now: the read's own completion would pass the TLS handler, which keeps it to itself
                // (it completes only reads that gave plaintext), and the reply would wait for the next read.
                context.fireChannelReadComplete()
                return
            }
        }
        if held!.readableBytes == 0 {
            held = nil
        } else if held!.readableBytes > 64 * 1024 {
            refuse(context)
        }
    }

    private func refuse(_ context: ChannelHandlerContext) {
        held = nil
        context.fireErrorCaught(SMTPError("the relay sent more after agreeing to STARTTLS (or a line without end)"))
        context.close(promise: nil)
    }
}
