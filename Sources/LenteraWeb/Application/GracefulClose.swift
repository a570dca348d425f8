import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection at shutdown only once its last response has reached the socket.
///
/// When the server stops (SIGTERM), every connection gets a quiesce event. Hummingbird's own handler then closes a
/// connection as soon as the end of its response is *queued*; NIO drops whatever is still queued when a channel
/// closes, so a learner downloading a large file over a slow link lost the last megabyte. This handler sits before
/// Hummingbird's in the pipeline, keeps the event from it, and closes the connection itself after the write of the
/// last response has completed (or at once when the connection is idle). The server's grace period still bounds
/// the wait.
final class GracefulCloseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Requests read whose response has not been written to the end yet.
    private var requestsInProgress = 0
    /// Response ends written but not yet handed to the socket.
    private var endsInFlight = 0
    private var quiescing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { requestsInProgress += 1 }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        requestsInProgress -= 1
        endsInFlight += 1
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { [self] result in
            endsInFlight -= 1
            promise?.completeWith(result)
            closeIfDone(context)
        }
        context.write(data, promise: written)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        quiescing = true
        closeIfDone(context)
    }

    private func closeIfDone(_ context: ChannelHandlerContext) {
        guard quiescing, requestsInProgress <= 0, endsInFlight == 0, context.channel.isActive else { return }
        context.close(promise: nil)
    }
}
