import AsyncHTTPClient
import Crypto
import Foundation
import LenteraCore
import NIOCore

/// Sends this node's completions to its upstream as xAPI statements, from a stored high-water mark: a node that was
/// offline for a week catches up, and a retried batch is recognised upstream by its statement ids.
public struct PushClient: Sendable {
    public let store: any SyncRepository
    public let upstream: String
    public let key: String
    let client: HTTPClient

    public init(store: any SyncRepository, upstream: String, key: String, client: HTTPClient = MirrorHTTP.client) {
        self.store = store
        self.upstream = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        self.key = key
        self.client = client
    }

    /// This node's name in statement ids: derived from its key, so it stays the same across restarts.
    public var nodeName: String { "node-" + String(SHA256.hash(data: Data(key.utf8)).hexString.prefix(16)) }

    public struct Report: Sendable {
        public var sent = 0
        public var alreadyStored = 0
        /// Statements the upstream refused (id and its reason): kept at this node, and passed over.
        public var refused: [(statementID: String, reason: String)] = []
        public var failure: String?
    }

    /// Pushes everything not yet acknowledged, in batches.
    public func push(batchSize: Int = 100) async -> Report {
        var report = Report()
        do {
            var mark = try await store.highWaterMark(upstream: upstream)
            var first = true
            while true {
                let batch = try await store.outbox(after: mark, limit: batchSize, node: nodeName)
                // With nothing to send, an empty batch still tells the upstream this node is in sync (and tells us
                // whether it can be reached).
                guard first || !batch.isEmpty else { break }
                first = false
                guard try await deliver(batch, report: &report) else { return report }
                guard let last = batch.last?.sequence else { break }
                try await store.setHighWaterMark(upstream: upstream, to: last)
                mark = last
            }
        } catch {
            report.failure = "cannot reach \(upstream): \(error)"
        }
        return report
    }

    /// Sends one batch until the upstream takes it. The upstream decides what counts: a statement it refuses (403,
    /// naming it) is kept here with the reason, and the rest goes again without it. False when the push must stop.
    func deliver(_ batch: [(sequence: Int64, completion: XAPI.Completion)], report: inout Report) async throws -> Bool {
        var pending = batch
        while true {
            // Unsorted: the upstream compares statements by their canonical form, not by these bytes.
            let body = Array(try JSONSerialization.data(withJSONObject: pending.map { $0.completion.statement() }, options: [.withoutEscapingSlashes]))
            var request = HTTPClientRequest(url: upstream + "/xapi/statements")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "X-Experience-API-Version", value: XAPI.version)
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 1024 * 1024)
            if response.status == .forbidden, let refusal = Self.refusal(in: answer),
                let index = pending.firstIndex(where: { $0.completion.id == refusal.statementID })
            {
                try await store.recordRefused(
                    upstream: upstream, sequence: pending[index].sequence, statementID: refusal.statementID, reason: refusal.reason, at: Date()
                )
                report.refused.append(refusal)
                pending.remove(at: index)
                if pending.isEmpty { return true }
                continue
            }
            guard response.status == .ok else {
                report.failure = "\(upstream) answered \(response.status.code): \(String(buffer: answer))"
                return false
            }
            let duplicates = Int(response.headers.first(name: "X-Lentera-Duplicates") ?? "0") ?? 0
            report.alreadyStored += duplicates
            report.sent += pending.count - duplicates
            return true
        }
    }

    /// The statement a 403 names and why, from the upstream's JSON answer.
    static func refusal(in answer: ByteBuffer) -> (statementID: String, reason: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.readableBytesView)) as? [String: Any],
            let statement = object["statement"] as? String, XAPI.isUUID(statement)
        else { return nil }
        // Kept in this node's database: a reason no store can keep (see ControlCharacters) is not taken as given.
        let reason = (object["error"] as? String).flatMap { ControlCharacters.first(in: $0) == nil ? $0 : nil }
        return (statement, reason ?? "refused")
    }
}

/// The learners an upstream shares with its nodes.
public struct RosterEntry: Sendable, Decodable {
    public var nip: String
    public var name: String
    public var unit: String
    public var status: String
    public var position: String?
    public var passwordHash: String?
}

/// An upstream's roster: its learners in the units it says this node serves.
public struct SharedRoster: Sendable, Decodable {
    /// The learners.
    public var learners: [RosterEntry]
    /// The unit subtrees the upstream has this node serving; an entry outside them is not taken.
    public var units: [String]
}

public enum RosterClient {
    public static func fetch(from upstream: String, key: String, client: HTTPClient = MirrorHTTP.client) async throws -> SharedRoster {
        let base = upstream.hasSuffix("/") ? String(upstream.dropLast()) : upstream
        var request = HTTPClientRequest(url: base + "/api/roster")
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let response = try await client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
        guard response.status == .ok else { throw MirrorSourceError("\(base)/api/roster answered \(response.status.code)") }
        return try JSONDecoder().decode(SharedRoster.self, from: Data(body.readableBytesView))
    }
}
