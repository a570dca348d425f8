import Foundation
import LenteraCore
import LenteraMirror
import Logging
import ServiceLifecycle
import Synchronization

/// This node's mirror status, for `/status`. Each node mirrors into its own courses folder, so the status is this
/// node's, kept in its memory (empty after a restart until the run at start-up ends); the push status, the same for
/// every node, is in the database (``SyncStatusRepository``).
final class MirrorBoard: Sendable {
    private let status = Mutex<SyncStatus?>(nil)

    /// This node's last mirror run, if one ended.
    var current: SyncStatus? { status.withLock { $0 } }

    /// Records a run: `next` makes its status from the one before.
    func record(_ next: (SyncStatus?) -> SyncStatus) {
        status.withLock { value in value = next(value) }
    }
}

/// Mirrors the courses from an upstream on a schedule; an upstream that is down is retried with backoff while the
/// local site keeps serving what it holds.
struct MirrorService: Service {
    let client: MirrorClient
    let upstream: String
    let key: String?
    let interval: Duration
    let board: MirrorBoard
    let builder: SiteBuilder
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            var backoff = Duration.seconds(30)
            while !Task.isCancelled {
                let logger = logger
                let report = await client.sync(from: HTTPMirrorSource(base: upstream, key: key)) { line in logger.info("\(line)") }
                await builder.refresh()
                let held = client.loadState().courses.filter { $0.value.upstream == upstream }.map { "\($0.key)@\($0.value.sha256.prefix(8))" }
                board.record { previous in
                    SyncStatus.afterMirror(
                        previous, upstream: upstream, node: LeaseHolder.current, at: Date(), held: held, rejected: report.rejected,
                        failure: report.failure, secrets: [key].compactMap { $0 }
                    )
                }
                LenteraMetrics.sync(kind: "mirror", upstream: Self.label(upstream), succeeded: report.succeeded)
                if let failure = report.failure {
                    logger.warning("mirror failed; the courses held here stay served", metadata: [
                        "upstream": "\(Self.label(upstream))", "error": "\(failure)", "retry_in": "\(min(backoff, interval))",
                    ])
                    try await Task.sleep(for: min(backoff, interval))
                    backoff = min(backoff * 2, interval)
                } else {
                    backoff = .seconds(30)
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}

/// Pushes progress upward on a schedule, resuming from the high-water mark after an outage.
struct PushService: Service {
    let client: PushClient
    let interval: Duration
    /// Where the status of each push is kept, for `/status` on every node.
    let statuses: any SyncStatusRepository
    let leases: any JobLeaseRepository
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            var backoff = Duration.seconds(5)
            while !Task.isCancelled {
                // One node pushes at a time when several share the database (the outbox and its high-water mark are
                // shared); the lease outlives a few rounds, so another node takes over only when this one is gone.
                let lease = "push " + MirrorService.label(client.upstream)
                let seconds = max(60, Double(interval.components.seconds) * 3)
                do {
                    guard try await leases.holdLease(lease, holder: LeaseHolder.current, for: seconds) else {
                        try await Task.sleep(for: interval)
                        continue
                    }
                } catch {
                    logger.warning("cannot take the push lease; trying again", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: interval)
                    continue
                }
                let report = await client.push()
                await record(report)
                LenteraMetrics.sync(kind: "push", upstream: MirrorService.label(client.upstream), succeeded: report.failure == nil)
                for refusal in report.refused {
                    logger.warning("the upstream refused a statement; kept here", metadata: ["statement": "\(refusal.statementID)", "reason": "\(refusal.reason)"])
                }
                if let failure = report.failure {
                    logger.warning("push failed; progress stays queued here", metadata: [
                        "upstream": "\(MirrorService.label(client.upstream))", "error": "\(failure)",
                    ])
                    try await Task.sleep(for: min(backoff, interval * 10))
                    backoff = min(backoff * 2, .seconds(600))
                } else {
                    backoff = .seconds(5)
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}

extension PushService {
    /// Keeps the status of a push in the database, where every node reads it. A status that cannot be written is
    /// logged; the push itself is done.
    func record(_ report: PushClient.Report) async {
        do {
            let previous = try await statuses.syncStatus(.push, upstream: SyncStatus.shown(client.upstream))
            try await statuses.saveSyncStatus(
                SyncStatus.afterPush(
                    previous, upstream: client.upstream, node: LeaseHolder.current, at: Date(), sent: report.sent,
                    refusals: report.refused.map { $0.reason }, failure: report.failure, secrets: [client.key]
                )
            )
        } catch {
            logger.warning("cannot record the push status; /status shows the one before", metadata: ["error": "\(error)"])
        }
    }
}

extension MirrorService {
    /// An upstream's address for logs and metrics: scheme, host and port, never credentials or a query.
    static func label(_ upstream: String) -> String {
        guard let url = URL(string: upstream), let scheme = url.scheme, let host = url.host else { return "invalid" }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// Runs a background loop until the server stops. Its cancellation at shutdown is how it is meant to end, so it
/// returns normally then, and a stop is not reported as a failure.
func untilShutdown(_ body: @escaping @Sendable () async throws -> Void) async throws {
    do {
        try await cancelWhenGracefulShutdown(body)
    } catch is CancellationError {
        return
    }
}
