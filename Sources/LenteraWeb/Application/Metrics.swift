import Foundation
import Hummingbird
import HummingbirdCore
import Metrics
import NIOCore
import Prometheus

/// The process's metrics: recorded through swift-metrics, kept in one Prometheus registry, read at `/metrics`.
public enum LenteraMetrics {
    /// The registry every metric of this process is kept in.
    public static let registry = PrometheusCollectorRegistry()

    /// Routes swift-metrics to the registry; done once per process (the first application built does it).
    public static let bootstrap: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    /// The Prometheus text exposition of every metric.
    static func exposition() -> ByteBuffer {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    /// Sign-in attempts by outcome: `success`, `failure` or `throttled`.
    static func signIn(_ outcome: String) {
        Counter(label: "lentera_signins_total", dimensions: [("result", outcome)]).increment()
    }

    /// Heartbeats received from learners' pages.
    static func heartbeat() {
        Counter(label: "lentera_heartbeats_total").increment()
    }

    /// Quiz attempts started and submitted.
    static func quizStarted() {
        Counter(label: "lentera_quiz_starts_total").increment()
    }

    static func quizSubmitted() {
        Counter(label: "lentera_quiz_submissions_total").increment()
    }

    /// The courses the site serves and the folders that do not load.
    static func courses(loaded: Int, broken: Int) {
        Gauge(label: "lentera_courses", dimensions: [("state", "loaded")]).record(loaded)
        Gauge(label: "lentera_courses", dimensions: [("state", "broken")]).record(broken)
    }

    /// The outcome of one mirror or push run against an upstream.
    static func sync(kind: String, upstream: String, succeeded: Bool) {
        let dimensions = [("kind", kind), ("upstream", upstream)]
        Gauge(label: "lentera_sync_up", dimensions: dimensions).record(succeeded ? 1 : 0)
        if succeeded {
            Gauge(label: "lentera_sync_last_success_seconds", dimensions: dimensions).record(Date().timeIntervalSince1970)
        } else {
            Counter(label: "lentera_sync_failures_total", dimensions: dimensions).increment()
        }
    }
}

/// Requests by method, route template and status, with their latency.
enum RequestMetrics {
    static func record(method: String, route: String, status: Int, duration: Duration) {
        Counter(label: "lentera_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))]).increment()
        Metrics.Timer(label: "lentera_http_request_duration_seconds", dimensions: [("method", method), ("route", route)])
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}

/// The connection cap, counting the connections open for the metrics.
struct CountedConnections: AvailableConnectionsDelegate {
    var limit: MaximumAvailableConnections
    let open = Gauge(label: "lentera_open_connections")
    var count = 0

    mutating func connectionOpened() {
        limit.connectionOpened()
        count += 1
        open.record(count)
    }

    mutating func connectionClosed() {
        limit.connectionClosed()
        count -= 1
        open.record(count)
    }

    func isAcceptingNewConnections() -> Bool {
        limit.isAcceptingNewConnections()
    }
}
