import Logging
import Synchronization

/// The PostgreSQL client's background logger, with a memory: it passes every line on as the logger it wraps would
/// write it, and keeps the last error the client logged (a failed connection attempt, at level info).
///
/// The client retries a connection in the background and says why one failed only in its log, which the commands
/// write from level warning; so the store's "cannot connect" error names the reason itself (see
/// ``PostgresStore/unreachable(_:seconds:lastError:)``).
struct ConnectionErrorLog: LogHandler {
    /// The last error logged, shared by every copy of the handler (a logger copies its handler with its metadata).
    final class Last: Sendable {
        private let text = Mutex<String?>(nil)

        /// The last error logged, as the client described it; nil while none was.
        var error: String? { text.withLock { $0 } }

        /// Keeps `error` as the last one.
        func record(_ error: String) { text.withLock { $0 = error } }
    }

    /// The metadata key under which PostgresNIO logs an error (its `PSQLConnection.LoggerMetaDataKey.error`).
    static let errorKey = "psql_error"

    var wrapped: any LogHandler
    let last: Last

    /// A logger that writes what `logger` would and records the errors it is given into `last`.
    static func logger(wrapping logger: Logger, into last: Last) -> Logger {
        let wrapped = logger.handler
        return Logger(label: logger.label) { _ in ConnectionErrorLog(wrapped: wrapped, last: last) }
    }

    /// At most info, so that failed connection attempts reach ``log(event:)``; lines go on only from the wrapped
    /// handler's own level.
    var logLevel: Logger.Level {
        get { min(wrapped.logLevel, .info) }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        if event.level >= .info, let error = event.error.map({ String(reflecting: $0) }) ?? event.metadata?[Self.errorKey]?.description {
            last.record(error)
        }
        if event.level >= wrapped.logLevel { wrapped.log(event: event) }
    }
}
