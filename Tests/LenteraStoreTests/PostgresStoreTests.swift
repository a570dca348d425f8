import Logging
import Synchronization
import Testing

@testable import LenteraStore

/// What only the PostgreSQL store does: say why it cannot connect, without the password; set leases' expiry by the
/// database's clock (`PostgresStoreTests+Leases.swift`).
@Suite struct PostgresStoreTests {
    /// A log handler that keeps the messages it is given.
    struct KeepingHandler: LogHandler {
        final class Lines: Sendable {
            let all = Mutex<[String]>([])
        }

        let lines: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            lines.all.withLock { $0.append(event.message.description) }
        }
    }

    /// The client's failed connection attempts are logged at info; the store keeps the last one's error even when the
    /// logger shows only warnings (the commands), and shows what it showed before.
    @Test func theLastConnectionErrorIsKeptWhateverTheLevelShown() {
        let lines = KeepingHandler.Lines()
        var shown = Logger(label: "test") { _ in KeepingHandler(lines: lines) }
        shown.logLevel = .warning
        let last = ConnectionErrorLog.Last()
        let logger = ConnectionErrorLog.logger(wrapping: shown, into: last)

        logger.debug("Creating new connection")
        logger.info("Connection creation failed", metadata: [ConnectionErrorLog.errorKey: "first: connection timed out"])
        logger.info("Connection creation failed", metadata: [ConnectionErrorLog.errorKey: "Connection refused (errno: 111)"])
        logger.warning("shown")

        #expect(last.error == "Connection refused (errno: 111)")
        #expect(lines.all.withLock { $0 } == ["shown"])
    }

    /// The error at the deadline names the last reason; the password is in neither the URL shown nor the reason, as
    /// the URL wrote it or decoded, even in a URL that does not parse.
    @Test func theConnectionErrorNamesTheReasonAndNeverThePassword() {
        let url = "postgres://lentera:s%40ndi-r4hasia@db.example:5432/lentera?sslmode=require"
        let logged = #"PSQLError(code: server, serverInfo: [message: password authentication failed for user "lentera" s@ndi-r4hasia])"#
        let refused = PostgresStore.unreachable(url, seconds: 15, lastError: logged)
        #expect(refused.description.contains(#"password authentication failed for user "lentera""#))
        #expect(refused.description.contains("postgres://lentera:***@db.example:5432/lentera") && refused.description.contains("within 15 s"))
        #expect(!refused.description.contains("r4hasia"))

        let unparsed = PostgresStore.unreachable("postgres://lentera:p@ss word@db/lentera", seconds: 15, lastError: "echo p@ss word")
        #expect(!unparsed.description.contains("ss word"))

        let silent = PostgresStore.unreachable(url, seconds: 15, lastError: nil)
        #expect(silent.description.contains("no connection attempt has finished") && !silent.description.contains("r4hasia"))
    }
}
