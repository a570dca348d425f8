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
                // Unsorted: the upstream compares statements by their canonical form, not by these bytes.
                let body = Array(try JSONSerialization.data(withJSONObject: batch.map { $0.completion.statement() }, options: [.withoutEscapingSlashes]))
                var request = HTTPClientRequest(url: upstream + "/xapi/statements")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "X-Experience-API-Version", value: XAPI.version)
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                request.body = .bytes(ByteBuffer(bytes: body))
                let response = try await client.execute(request, timeout: .seconds(60))
                let answer = try await response.body.collect(upTo: 1024 * 1024)
                guard response.status == .ok else {
                    report.failure = "\(upstream) answered \(response.status.code): \(String(buffer: answer))"
                    return report
                }
                let duplicates = Int(response.headers.first(name: "X-Lentera-Duplicates") ?? "0") ?? 0
                report.alreadyStored += duplicates
                report.sent += batch.count - duplicates
                guard let last = batch.last?.sequence else { break }
                try await store.setHighWaterMark(upstream: upstream, to: last)
                mark = last
            }
        } catch {
            report.failure = "cannot reach \(upstream): \(error)"
        }
        return report
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
