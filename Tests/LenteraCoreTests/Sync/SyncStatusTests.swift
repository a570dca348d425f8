import Foundation
import Testing

@testable import LenteraCore

/// What `/status` shows of a push or a mirror run, decided from the run's report and the status before it.
@Suite struct SyncStatusTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let upstream = "https://pusat.example/lentera"
    static let key = "0123456789abcdef0123456789abcdef"

    func push(_ previous: SyncStatus?, at date: Date, sent: Int = 0, refusals: [String] = [], failure: String? = nil) -> SyncStatus {
        SyncStatus.afterPush(
            previous, upstream: Self.upstream, node: "node-a/1/aaaa", at: date, sent: sent, refusals: refusals, failure: failure, secrets: [Self.key]
        )
    }

    @Test func aFailedPushKeepsTheLastSuccessAndTheCountSent() {
        let first = push(nil, at: Self.t0, sent: 12)
        #expect(first == SyncStatus(
            kind: .push, upstream: Self.upstream, node: "node-a/1/aaaa", attemptedAt: Self.t0, succeededAt: Self.t0, outcome: .succeeded,
            message: nil, sent: 12
        ))
        // Nothing to send still counts as a success; the count is that of the last push that sent statements.
        let idle = push(first, at: Self.t0 + 30)
        #expect(idle.succeededAt == Self.t0 + 30 && idle.sent == 12 && idle.outcome == .succeeded)
        let failed = push(idle, at: Self.t0 + 60, failure: "https://pusat.example/lentera answered 503: pemeliharaan")
        #expect(failed.outcome == .failed && failed.succeededAt == Self.t0 + 30 && failed.attemptedAt == Self.t0 + 60 && failed.sent == 12)
        #expect(failed.message == "https://pusat.example/lentera answered 503: pemeliharaan")
    }

    @Test func refusedStatementsMakeAPartialPushThatStillSucceeded() {
        let status = push(nil, at: Self.t0, sent: 3, refusals: ["kursus tidak diterbitkan", "di luar unit node"])
        #expect(status.outcome == .partial && status.succeededAt == Self.t0 && status.refused == 2 && status.message == "di luar unit node")
    }

    @Test func credentialsNeverReachTheStatus() {
        let upstream = "https://node:sandi-rahasia@pusat.example/lentera?token=abc123#x"
        let status = SyncStatus.afterPush(
            nil, upstream: upstream, node: "n", at: Self.t0, sent: 0, refusals: [],
            failure: "cannot reach \(upstream): refused; Bearer \(Self.key); sandi-rahasia", secrets: [Self.key]
        )
        #expect(status.upstream == "https://pusat.example/lentera")
        #expect(status.message == "cannot reach https://pusat.example/lentera: refused; Bearer …; …")
        #expect(SyncStatus.shown("http://pusat.example:8080") == "http://pusat.example:8080")
        #expect(SyncStatus.shown("bukan alamat") == "invalid")
    }

    @Test func anUpstreamsAnswerIsKeptAsOneLineWithoutControlCharacters() {
        let status = push(nil, at: Self.t0, failure: "https://pusat.example/lentera answered 502: bad\u{0}gate\r\nway\u{7F}")
        #expect(status.message == "https://pusat.example/lentera answered 502: bad gate  way ")
    }

    @Test func aLongMessageIsCut() {
        let status = push(nil, at: Self.t0, failure: "https://pusat.example/lentera answered 500: " + String(repeating: "x", count: 5000))
        #expect(status.message?.count == SyncStatus.messageLimit + 1)
    }

    @Test func aMirrorSucceedsOnlyWhenEveryVersionIsTaken() {
        let taken = SyncStatus.afterMirror(
            nil, upstream: Self.upstream, node: "n", at: Self.t0, held: ["b@22222222", "a@11111111"], rejected: [], failure: nil, secrets: []
        )
        #expect(taken.outcome == .succeeded && taken.succeededAt == Self.t0 && taken.detail == "a@11111111, b@22222222" && taken.message == nil)
        let rejected = SyncStatus.afterMirror(
            taken, upstream: Self.upstream, node: "n", at: Self.t0 + 600, held: ["a@11111111"], rejected: [(folder: "b", reason: "hash berbeda")],
            failure: nil, secrets: []
        )
        #expect(rejected.outcome == .partial && rejected.succeededAt == Self.t0 && rejected.message == "b: hash berbeda")
    }
}
