import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import Testing

@testable import LenteraWeb

/// The push status on `/status`: kept in the database, so every node on it shows the same, whichever node pushed.
@Suite struct SyncStatusHTTPTests {
    @Test func theStatusPageShowsThePushStatusAnotherNodeWrote() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)
        // Another node on the same database holds the push lease and pushed; this one never did.
        let otherNode = try await fixture.openStore()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await otherNode.saveSyncStatus(SyncStatus(
            kind: .push, upstream: "https://pusat.example", node: "node-b/4242/0badcafe", attemptedAt: t0, succeededAt: t0, outcome: .partial,
            message: "kursus tidak diterbitkan", sent: 7, refused: 2
        ))

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(page.contains("Sinkronisasi ke hulu"))
            #expect(page.contains("<code>https://pusat.example</code>"))
            #expect(page.contains("<td>node-b/4242/0badcafe</td>"))
            #expect(page.contains("7 pernyataan terkirim pada dorongan terakhir"))
            #expect(page.contains("2 ditolak hulu (disimpan di sini): kursus tidak diterbitkan"))
            let english = String(buffer: try await client.execute(uri: "/status?lang=en", method: .get, headers: [.cookie: author]).body)
            #expect(english.contains("Sync with upstreams"))
            #expect(english.contains("7 statements sent at the last push"))
            #expect(english.contains("2 refused by the upstream (kept here): kursus tidak diterbitkan"))
        }
    }

    @Test func theStatusPageShowsTheReminderMailsLastRoundWithoutThePassword() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)
        let store = try await fixture.openStore()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let relay = "smtp+starttls://lentera@mail.sleman.go.id:587"
        // A round that mailed 12 and had 1 refused, then one that failed with the password in the relay's words.
        let partial = SyncStatus.afterMail(nil, relay: relay, node: "node-a", at: t0, mailed: 12, refused: 1, deferred: 0, failure: nil, secrets: ["rahasia-relai-77"])
        #expect(partial.outcome == .partial && partial.sent == 12 && partial.succeededAt == t0)
        let failed = SyncStatus.afterMail(
            partial, relay: relay, node: "node-a", at: t0 + 3600, mailed: 0, refused: 0, deferred: 0,
            failure: "the relay refused the login (AUTH PLAIN): 535 bad login for rahasia-relai-77", secrets: ["rahasia-relai-77"]
        )
        #expect(failed.outcome == .failed && failed.sent == 12 && failed.succeededAt == t0 && failed.message?.contains("rahasia-relai-77") == false)
        try await store.saveSyncStatus(failed)

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(page.contains("pengingat tenggat (surel)") && page.contains("<code>\(relay)</code>"))
            #expect(page.contains("12 surel terkirim pada putaran terakhir yang mengirim"))
            #expect(page.contains("535 bad login for …") && !page.contains("rahasia-relai-77"))
            try await store.saveSyncStatus(partial)
            let english = String(buffer: try await client.execute(uri: "/status?lang=en", method: .get, headers: [.cookie: author]).body)
            #expect(english.contains("deadline reminders (mail)") && english.contains("the relay refused or deferred some addresses"))
        }
    }

    @Test func aPushKeepsItsStatusInTheDatabaseWithoutCredentials() async throws {
        let fixture = try SiteFixture()
        // Nothing listens on port 1: the push fails at once.
        let app = try await fixture.application { configuration in
            configuration.upstream = "http://pusat:sandi-rahasia@127.0.0.1:1"
            configuration.upstreamKey = "kunci-node-rahasia"
            configuration.pushEvery = .seconds(60)
        }
        let author = try await fixture.sessionCookie(role: .author)
        let otherNode = try await fixture.openStore()

        try await app.test(.live) { client in
            var kept: SyncStatus?
            for _ in 0..<100 where kept == nil {
                kept = try await otherNode.syncStatus(.push, upstream: "http://127.0.0.1:1")
                if kept == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            let status = try #require(kept)
            #expect(status.outcome == .failed && status.succeededAt == nil && status.node == LeaseHolder.current)
            let message = try #require(status.message)
            #expect(message.contains("http://127.0.0.1:1") && !message.contains("sandi-rahasia") && !message.contains("kunci-node-rahasia"))

            let page = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(page.contains("<code>http://127.0.0.1:1</code>"))
            #expect(page.contains("\(LeaseHolder.current) (node ini)"))
            #expect(!page.contains("sandi-rahasia") && !page.contains("kunci-node-rahasia"))
        }
    }
}
