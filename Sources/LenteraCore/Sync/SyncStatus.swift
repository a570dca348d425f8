import Foundation

/// What the last run of a sync job against an upstream did, as `/status` shows it.
///
/// A push runs on one node at a time (it holds a lease) and pushes the outbox every node shares, so its status is kept
/// in the database and every node shows the same. A mirror fills the courses folder of the node that runs it, so each
/// node keeps its own.
public struct SyncStatus: Sendable, Equatable {
    /// The job.
    public enum Kind: String, Sendable, CaseIterable {
        /// Completions pushed upward as xAPI statements.
        case push
        /// Courses mirrored from the upstream.
        case mirror
        /// Reminders of program deadlines mailed through the SMTP relay (the "upstream" is the relay, without its password).
        case mail
    }

    /// How the last run ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Everything was done.
        case succeeded
        /// The run went to the end, but the upstream refused statements (kept here) or course versions were rejected.
        case partial
        /// The run stopped: the upstream could not be reached, or answered with an error.
        case failed
    }

    /// The job.
    public var kind: Kind
    /// The upstream as shown (``SyncStatus/shown(_:)``): never with credentials.
    public var upstream: String
    /// The server process that ran the job last (``LeaseHolder/current``).
    public var node: String
    /// When the last run ended.
    public var attemptedAt: Date
    /// When a run last succeeded; nil until one does.
    public var succeededAt: Date?
    /// How the last run ended.
    public var outcome: Outcome
    /// Why the last run failed, or what it refused or rejected; nil when it succeeded. Never holds credentials.
    public var message: String?
    /// The course versions the node holds (mirror: `FOLDER@SHA8, …`); empty for a push.
    public var detail: String
    /// The statements sent by the last push that sent any; 0 until one does.
    public var sent: Int
    /// The statements the upstream refused in the last run (each kept here with its reason).
    public var refused: Int

    /// Creates a value.
    public init(
        kind: Kind, upstream: String, node: String, attemptedAt: Date, succeededAt: Date?, outcome: Outcome, message: String?,
        detail: String = "", sent: Int = 0, refused: Int = 0
    ) {
        self.kind = kind
        self.upstream = upstream
        self.node = node
        self.attemptedAt = attemptedAt
        self.succeededAt = succeededAt
        self.outcome = outcome
        self.message = message
        self.detail = detail
        self.sent = sent
        self.refused = refused
    }
}

extension SyncStatus {
    /// The longest message kept: an upstream's error page is cut, not kept whole.
    public static let messageLimit = 1000

    /// The status after a push. A push that went to the end succeeded, even when the upstream refused statements (they
    /// are kept here, and the push went on past them); the last success and the count sent stay from `previous` when
    /// this run did not change them.
    ///
    /// - Parameters:
    ///   - upstream: the upstream as configured; it is kept as ``shown(_:)`` gives it.
    ///   - refusals: the reason of each statement refused, in order.
    ///   - failure: why the push stopped, as the push client says it; nil when it went to the end.
    ///   - secrets: the keys used with the upstream, taken out of the message.
    public static func afterPush(
        _ previous: SyncStatus?, upstream: String, node: String, at date: Date, sent: Int, refusals: [String], failure: String?,
        secrets: [String]
    ) -> SyncStatus {
        let outcome: Outcome = failure != nil ? .failed : (refusals.isEmpty ? .succeeded : .partial)
        return SyncStatus(
            kind: .push, upstream: shown(upstream), node: node, attemptedAt: date, succeededAt: outcome == .failed ? previous?.succeededAt : date,
            outcome: outcome, message: (failure ?? refusals.last).map { redacted($0, upstream: upstream, secrets: secrets) },
            sent: sent > 0 ? sent : previous?.sent ?? 0, refused: refusals.count
        )
    }

    /// The status after a mirror run: it succeeded only when every course version was taken; the last success stays
    /// from `previous` otherwise.
    ///
    /// - Parameters:
    ///   - held: the course versions the node holds from this upstream, `FOLDER@SHA8`.
    ///   - rejected: each course folder rejected, with the reason.
    ///   - failure: why the run stopped; nil when it went to the end.
    public static func afterMirror(
        _ previous: SyncStatus?, upstream: String, node: String, at date: Date, held: [String], rejected: [(folder: String, reason: String)],
        failure: String?, secrets: [String]
    ) -> SyncStatus {
        let outcome: Outcome = failure != nil ? .failed : (rejected.isEmpty ? .succeeded : .partial)
        let message = failure ?? (rejected.isEmpty ? nil : rejected.map { "\($0.folder): \($0.reason)" }.joined(separator: "; "))
        return SyncStatus(
            kind: .mirror, upstream: shown(upstream), node: node, attemptedAt: date,
            succeededAt: outcome == .succeeded ? date : previous?.succeededAt, outcome: outcome,
            message: message.map { redacted($0, upstream: upstream, secrets: secrets) }, detail: held.sorted().joined(separator: ", ")
        )
    }

    /// The status after a round of reminder mails: it succeeded when the relay took or refused nothing it should have
    /// taken (refusals and deferrals make it partial); `mailed` stays from `previous` when this round mailed nothing.
    ///
    /// - Parameters:
    ///   - relay: the relay as shown, without its password (``SMTPRelay``'s description).
    ///   - failure: why the round stopped; nil when it went to the end.
    ///   - secrets: the relay's password, taken out of the message.
    public static func afterMail(
        _ previous: SyncStatus?, relay: String, node: String, at date: Date, mailed: Int, refused: Int, deferred: Int, failure: String?,
        secrets: [String]
    ) -> SyncStatus {
        let outcome: Outcome = failure != nil ? .failed : (refused + deferred == 0 ? .succeeded : .partial)
        let message = failure ?? (outcome == .partial ? "refused: \(refused), deferred: \(deferred)" : nil)
        return SyncStatus(
            kind: .mail, upstream: relay, node: node, attemptedAt: date, succeededAt: outcome == .failed ? previous?.succeededAt : date,
            outcome: outcome, message: message.map { redacted($0, upstream: "", secrets: secrets) },
            sent: mailed > 0 ? mailed : previous?.sent ?? 0, refused: refused
        )
    }

    /// An upstream's address as shown and kept: scheme, host, port and path, without user, password, query or fragment.
    public static func shown(_ upstream: String) -> String {
        guard var components = URLComponents(string: upstream), components.scheme != nil, components.host != nil else { return "invalid" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "invalid"
    }

    /// A message with the credentials taken out: the upstream's address as ``shown(_:)`` gives it, and every secret
    /// and the address's password replaced by `…`; cut at ``messageLimit`` characters.
    public static func redacted(_ message: String, upstream: String, secrets: [String]) -> String {
        var text = upstream.isEmpty ? message : message.replacingOccurrences(of: upstream, with: shown(upstream))
        let components = URLComponents(string: upstream)
        let hidden = secrets + [components?.password, components?.percentEncodedPassword].compactMap { $0 }
        for secret in hidden where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "…")
        }
        // The text of an upstream's answer is kept as one line without control characters (ControlCharacters): a
        // NUL would not even be stored on PostgreSQL.
        text = String(String.UnicodeScalarView(text.unicodeScalars.map { ControlCharacters.first(in: String($0)) == nil ? $0 : " " }))
        return text.count > messageLimit ? String(text.prefix(messageLimit)) + "…" : text
    }
}

/// The status of the sync jobs that run on one node at a time (pushing to an upstream), shared by every node on the
/// database: whichever node runs the job writes it, and every node reads it.
public protocol SyncStatusRepository: Sendable {
    /// Keeps a status, replacing the one kept for the same kind and upstream.
    func saveSyncStatus(_ status: SyncStatus) async throws
    /// The status kept for a kind and upstream (as shown), if any.
    func syncStatus(_ kind: SyncStatus.Kind, upstream: String) async throws -> SyncStatus?
    /// Every status kept, by kind and upstream (in byte order).
    func syncStatuses() async throws -> [SyncStatus]
}
