import Foundation
import HTTPTypes
import Hummingbird
import LenteraStore
import Logging
import NIOCore

/// What surrounds every request, whichever way it is answered (from memory or by the router): the client's address,
/// a request id, the error page for anything that fails, one access-log line and the request metrics.
struct ObservedResponder<Inner: HTTPResponder>: HTTPResponder where Inner.Context == LenteraContext {
    let inner: Inner
    let renderer: PageRenderer
    let network: NetworkPolicy
    let logger: Logger

    func respond(to request: Request, context: LenteraContext) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        let fromProxy = network.isTrustedProxy(context.peer)
        let forwardedFor = request.headers[values: .xForwardedFor]
        context.clientAddress = network.clientAddress(peer: context.peer, forwardedFor: forwardedFor, fromProxy: fromProxy)
        let requestID = fromProxy ? (RequestIdentifier.accepted(request.headers[.xRequestID]) ?? RequestIdentifier.make()) : RequestIdentifier.make()
        context.requestID = requestID
        context.mayReadMetrics = network.mayReadMetrics(
            peer: context.peer, clientAddress: context.clientAddress, forwarded: fromProxy && !forwardedFor.isEmpty
        )

        var response: Response
        var failure: (any Error)?
        do {
            response = try await inner.respond(to: request, context: context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            response = try error.response(from: request, context: context)
        } catch {
            failure = error
            response = errorPage(error, request: request, requestID: requestID)
        }
        response.headers[.xRequestID] = requestID
        let route = context.endpointPath ?? "NotFound"
        let method = request.method.rawValue
        let status = response.status.code
        if let failure {
            logger.error("request failed", metadata: [
                "request_id": "\(requestID)", "method": "\(method)", "route": "\(route)", "status": "\(status)", "error": "\(failure)",
            ])
        }
        let log = logger
        let original = response.body
        response.body = ResponseBody(contentLength: original.contentLength) { writer in
            let counting = CountingWriter(inner: writer)
            do {
                try await original.write(counting)
            } catch {
                let duration = ContinuousClock.now - start
                RequestMetrics.record(method: method, route: route, status: status, duration: duration)
                log.warning("response cut off", metadata: [
                    "request_id": "\(requestID)", "method": "\(method)", "route": "\(route)", "status": "\(status)",
                    "bytes": "\(counting.count.value)", "duration_ms": "\(duration.loggedMilliseconds)", "error": "\(error)",
                ])
                throw error
            }
            let duration = ContinuousClock.now - start
            RequestMetrics.record(method: method, route: route, status: status, duration: duration)
            log.info("request", metadata: [
                "method": "\(method)", "route": "\(route)", "status": "\(status)", "bytes": "\(counting.count.value)",
                "duration_ms": "\(duration.loggedMilliseconds)", "request_id": "\(requestID)",
            ])
        }
        return response
    }


    /// The page for a failure on our side: in the learner's language, with the request id to quote to the helpdesk.
    /// A full disk says so, since that is what the sysadmin has to fix.
    func errorPage(_ error: any Error, request: Request, requestID: String) -> Response {
        let language = LanguagePreference.resolve(request).language
        let full = StorageFailure.isDiskFull(error)
        let title = (full ? Text.Site.storageFullTitle : .serverErrorTitle)(language)
        let text = (full ? Text.Site.storageFullText : .serverErrorText)(language) + " " + Text.Site.requestIDText(language) + " " + requestID
        let page = MessagePage(
            chrome: renderer.chrome(language, title: title), labels: Text.table(language), heading: title, text: text, backHref: "/",
            backText: Text.Site.catalogue(language)
        )
        let html = renderer.render(page, "message")
        var response = LearnerController.privateHTML(html, status: full ? .init(code: 507, reasonPhrase: "Insufficient Storage") : .internalServerError)
        SecurityHeaders.apply(to: &response.headers, contentSecurityPolicy: SecurityHeaders.pagePolicy)
        return response
    }
}

/// Counts the bytes of a response body as they are written.
struct CountingWriter: ResponseBodyWriter {
    final class Count: @unchecked Sendable {
        var value = 0
    }
    var inner: any ResponseBodyWriter
    let count = Count()

    mutating func write(_ buffer: ByteBuffer) async throws {
        count.value += buffer.readableBytes
        try await inner.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await inner.finish(trailingHeaders)
    }
}

/// Request ids: 16 random hexadecimal characters, or a plain one a trusted proxy already gave the request.
enum RequestIdentifier {
    static func make() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A proxy's id (nginx's `$request_id`), kept only when it is short and plain, so it cannot forge log lines.
    static func accepted(_ value: String?) -> String? {
        guard let value, (8...64).contains(value.utf8.count),
            value.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 })
        else { return nil }
        return value
    }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}

extension Duration {
    /// A duration in milliseconds with two decimals (`2.93`), rounded to the nearest hundredth: by integers, since
    /// every request's log line has one and `String(format:)` cost a fortieth of a signed-in page.
    var loggedMilliseconds: String {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0, seconds < Int64.max / 100_000 - 1 else { return "0.00" }
        // Hundredths of a millisecond: 10^13 attoseconds each, half of one added to round.
        let hundredths = seconds * 100_000 + (attoseconds + 5_000_000_000_000) / 10_000_000_000_000
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
