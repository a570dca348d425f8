import Foundation
import LenteraCore
import Logging
import NIOSSL
import PostgresNIO
import Synchronization

/// The learning store on PostgreSQL, for a centre that runs several Lentera nodes on one database.
///
/// Every write is one serializable transaction, retried when PostgreSQL reports a conflict with a concurrent one: the
/// store then behaves as SQLite's single writer does, whichever node a request reaches. Nothing a second node would
/// decide differently is kept in memory: sessions are read from the database on every request.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// The URL without its password.
    public let location: String
    /// The decoded questions of attempts by attempt id, so that a save or a submission does not read their pool and
    /// rebuild them again: they never change once an attempt starts, so every node may keep them. The store's own, not
    /// part of ``QuizRepository``.
    let attemptItems = Mutex<[Int64: (key: AttemptKey, items: [QuizItem])]>([:])
    /// Session reads that arrive together, answered by one query.
    let sessionReads: ReadCoalescer<String, SignedIn>

    /// Why the database cannot be used, in words an operator can act on.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Connects to the database a `postgres://` URL names and brings its schema up to date.
    ///
    /// The URL is `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, with `?sslmode=disable|prefer|require` (default
    /// prefer) and `?host=/run/postgresql` for a Unix socket.
    public init(url: String, logger: Logger = Logger(label: "lentera.postgres"), maximumConnections: Int = 20) async throws {
        let configuration = try Self.configuration(url: url, maximumConnections: maximumConnections)
        location = Self.redacted(url)
        self.logger = logger
        // The client logs why a connection attempt failed (and tries again); the error at the deadline says it too.
        let connectionErrors = ConnectionErrorLog.Last()
        let client = PostgresClient(
            configuration: configuration, backgroundLogger: ConnectionErrorLog.logger(wrapping: logger, into: connectionErrors)
        )
        self.client = client
        // A read that does not answer within 10 s fails its requests instead of holding every signed-in request of
        // this node behind it; at most 1,000 sessions per query.
        sessionReads = ReadCoalescer(limit: 1_000) { tokenHashes in
            try await Self.withDeadline(seconds: 10, or: OpenError(description: "the database did not answer a session read within 10 s")) {
                try await Self.signedIn(tokenHashes: tokenHashes, client: client, logger: logger)
            }
        }
        // Started at once, so that the pool runs before the first query leases a connection.
        runner = Task.immediate { await client.run() }
        do {
            // An unreachable database, a wrong password or a refused certificate is an error at start, not a wait.
            try await Self.withDeadline(seconds: 15, or: Self.unreachable(url, seconds: 15, lastError: connectionErrors.error)) {
                _ = try await client.query("SELECT 1", logger: logger).collect()
            }
            try await Self.migrate(client, logger: logger)
            try await checkWritable()
        } catch let error as OpenError {
            runner.cancel()
            throw error
        } catch {
            runner.cancel()
            throw OpenError(description: "cannot use the PostgreSQL database \(location): \(Self.describe(error))")
        }
    }

    /// The URL with any password replaced, for logs and messages.
    ///
    /// A URL that does not parse (a password with an unencoded `@`, `/` or space) is cut by hand: everything between
    /// `://` and the last `@` goes, and so does a `password=` in the query.
    public static func redacted(_ url: String) -> String {
        var text = url
        if var components = URLComponents(string: url) {
            if components.password != nil { components.password = "***" }
            if let items = components.queryItems, items.contains(where: { $0.name.lowercased() == "password" }) {
                components.queryItems = items.map { $0.name.lowercased() == "password" ? URLQueryItem(name: $0.name, value: "***") : $0 }
            }
            return components.string ?? "postgres://***"
        }
        if let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards), at.lowerBound > scheme.upperBound {
            text.replaceSubrange(scheme.upperBound..<at.lowerBound, with: "***")
        }
        if let query = text.firstIndex(of: "?") { text = String(text[..<query]) + "?***" }
        return text
    }

    /// The error of a database not reached within `seconds`: the reason the client gave for the last failed attempt
    /// (connection refused, password authentication failed, certificate refused...), with the URL's password hidden.
    static func unreachable(_ url: String, seconds: Int, lastError: String?) -> OpenError {
        let reason = lastError.map { "the last attempt failed: \(withoutPassword($0, of: url))" } ?? "no connection attempt has finished"
        return OpenError(
            description: "cannot connect to the PostgreSQL database \(redacted(url)) within \(seconds) s (\(reason)); is it running, and are the "
                + "host, port, user, password and sslmode right?"
        )
    }

    /// `text` with the password a URL holds (as written, decoded, or as `password=`) replaced by `***`.
    static func withoutPassword(_ text: String, of url: String) -> String {
        var secrets: [String] = []
        // As redacted(_:) cuts a URL that does not parse: the password is what follows the first `:` before the last `@`.
        if let scheme = url.range(of: "://"), let at = url.range(of: "@", options: .backwards), at.lowerBound > scheme.upperBound {
            let userInfo = url[scheme.upperBound..<at.lowerBound]
            if let colon = userInfo.firstIndex(of: ":") { secrets.append(String(userInfo[userInfo.index(after: colon)...])) }
        }
        if let components = URLComponents(string: url) {
            secrets += [components.password, components.percentEncodedPassword].compactMap { $0 }
            secrets += (components.queryItems ?? []).filter { $0.name.lowercased() == "password" }.compactMap(\.value)
        }
        let decoded = secrets.compactMap { $0.removingPercentEncoding }
        secrets += decoded
        var hidden = text
        for secret in Set(secrets).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            hidden = hidden.replacingOccurrences(of: secret, with: "***")
        }
        return hidden
    }

    static func configuration(url: String, maximumConnections: Int) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let user = components.user, !user.isEmpty
        else {
            throw OpenError(description: "\(redacted(url)) is not a PostgreSQL URL: write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw OpenError(description: "\(redacted(url)) names no database: add /DATABASE after the host") }
        let items = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        // As libpq reads sslmode: prefer and require encrypt without checking the server's certificate; verify-ca
        // checks it against the system's CAs (or sslrootcert=FILE), verify-full checks the host name too.
        var checked = TLSConfiguration.makeClientConfiguration()
        if let root = items["sslrootcert"], !root.isEmpty {
            guard FileManager.default.isReadableFile(atPath: root) else { throw OpenError(description: "sslrootcert \(root) cannot be read") }
            checked.trustRoots = .file(root)
        }
        var unchecked = checked
        unchecked.certificateVerification = .none
        let tls: PostgresClient.Configuration.TLS
        switch items["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(unchecked)
        case "require": tls = .require(unchecked)
        case "verify-ca":
            checked.certificateVerification = .noHostnameVerification
            tls = .require(checked)
        case "verify-full": tls = .require(checked)
        case let other: throw OpenError(description: "sslmode=\(other) is not known: use disable, prefer, require, verify-ca or verify-full")
        }
        var configuration: PostgresClient.Configuration
        if let socket = items["host"], socket.hasPrefix("/") {
            let path = socket.hasSuffix(".s.PGSQL.\(components.port ?? 5432)") ? socket : socket + "/.s.PGSQL.\(components.port ?? 5432)"
            configuration = .init(unixSocketPath: path, username: user, password: components.password, database: database)
        } else {
            guard let host = components.host, !host.isEmpty else { throw OpenError(description: "\(redacted(url)) names no host") }
            configuration = .init(host: host, port: components.port ?? 5432, username: user, password: components.password, database: database, tls: tls)
        }
        configuration.options.maximumConnections = maximumConnections
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(5)
        // No statement or lock wait holds a connection for ever (a stuck query would otherwise keep it from the pool).
        configuration.options.additionalStartupParameters = [("statement_timeout", "120s"), ("lock_timeout", "30s")]
        return configuration
    }

    /// PostgreSQL's own message for an error it reported, else the error.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The SQLSTATE of an error PostgreSQL reported.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// How a transaction sees others.
    enum Isolation: String {
        /// As SQLite's single writer: the default for every write.
        case serializable = "SERIALIZABLE"
        /// Each statement sees what committed before it: for transactions that serialize themselves on an advisory
        /// lock first (sign-in throttles), where SERIALIZABLE would abort the waiters.
        case readCommitted = "READ COMMITTED"
        /// One snapshot for every statement, without the serializable checks: a long read that one node runs at a
        /// time (the report snapshot).
        case repeatableRead = "REPEATABLE READ"
        /// Reads only, from one snapshot (a page and its count, the report snapshot read back).
        case repeatableReadOnly = "REPEATABLE READ READ ONLY"
    }

    /// Runs `body` in one transaction (serializable unless asked otherwise), again (up to 20 times) when PostgreSQL
    /// reports a serialization failure or a deadlock: a write acknowledged to the caller is committed.
    func transaction<Result: Sendable>(_ isolation: Isolation = .serializable, _ body: (PostgresConnection) async throws -> Result) async throws
        -> Result
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"), logger: logger)
                    do {
                        let result = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return result
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch where attempt < 20 && ["40001", "40P01"].contains(Self.sqlState(error) ?? "") {
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...(5 * attempt))))
            }
        }
    }

    /// Every row of a read outside a transaction.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs a statement outside a transaction.
    func execute(_ query: PostgresQuery) async throws {
        _ = try await client.query(query, logger: logger).collect()
    }

    /// Writes one row, within 5 s (for `/readyz`: a database that does not answer is not ready).
    public func checkWritable() async throws {
        try await Self.withDeadline(seconds: 5, or: OpenError(description: "the database did not answer within 5 s")) {
            try await self.execute("UPDATE meta SET checked_at = \(Date())")
        }
    }

    /// The result of `body`, or `error` when it takes longer than `seconds`. The answer comes at the deadline even
    /// when the body cannot be cancelled (a query already sent waits for the server): the body is cancelled and
    /// left to finish on its own.
    /// `error` is made when the deadline passes, so that it can tell what was learnt meanwhile.
    static func withDeadline<T: Sendable>(
        seconds: Double, or error: @autoclosure @escaping @Sendable () -> OpenError, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let outcome = FirstAnswer<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            outcome.pending.withLock { $0 = continuation }
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                outcome.pending.withLock { pending in
                    pending?.resume(with: result)
                    pending = nil
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(seconds))
                outcome.pending.withLock { pending in
                    pending?.resume(throwing: error())
                    pending = nil
                }
                work.cancel()
            }
        }
    }

    /// Stops the connection pool.
    public func shutDown() async throws {
        runner.cancel()
    }

    deinit {
        runner.cancel()
    }
}

/// A continuation resumed by whichever of two tasks answers first.
final class FirstAnswer<T: Sendable>: Sendable {
    let pending = Mutex<CheckedContinuation<T, any Error>?>(nil)
}

extension PostgresConnection {
    /// Every row a query answers.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }

    /// The first row a query answers.
    func row(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRow? {
        try await self.query(query, logger: logger).collect().first
    }

    /// Runs a statement.
    func execute(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}

extension PostgresRow {
    /// A column by name.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[column].decode(T.self, context: .default)
    }
}

/// A query built in parts, with its values bound as parameters (never spliced into the text).
struct SQLBuilder {
    var text: String
    var binds = PostgresBindings()

    init(_ text: String = "") {
        self.text = text
    }

    /// Binds a value and returns its placeholder (`$n`).
    mutating func bind<T: PostgresDynamicTypeEncodable>(_ value: T) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Binds a value that may be absent (NULL) and returns its placeholder.
    mutating func bind<T: PostgresDynamicTypeEncodable>(_ value: T?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    mutating func append(_ part: String) {
        text += part
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: text, binds: binds) }
}

extension PostgresStore {
    /// A condition that a unit column lies in a subtree (true for nil): the stored key of a unit starts with the
    /// subtree's key, found by an index range on `column`.
    static func under(_ unit: UnitPath?, column: String, _ sql: inout SQLBuilder) -> String {
        guard let unit else { return "TRUE" }
        // Every stored key ends in U+001F, so the keys under `key` are exactly those from it up to (not including)
        // the same text ending in U+0020.
        let key = unit.storageKey
        let low = sql.bind(key)
        let high = sql.bind(String(key.dropLast()) + "\u{20}")
        return "(\(column) >= \(low) AND \(column) < \(high))"
    }
}
