import Foundation
import GRDB
import LenteraCore
import Logging
import PostgresNIO

extension PostgresStore {
    /// One table as `lentera migrate-to` copied it: its rows, and a checksum of them read from SQLite and read back
    /// from PostgreSQL (equal, or the copy was rolled back).
    public struct TableCopy: Sendable {
        public var table: String
        public var rows: Int
        public var checksum: String
    }

    /// The tables, in the order their references need.
    static let copyOrder = [
        "account", "session", "content_session_log", "content_summary_log", "ledger_entry", "feedback", "quiz_pool", "quiz_attempt",
        "quiz_answer", "sync_node", "xapi_statement", "sync_state", "sync_outbox", "published_version", "published_course", "sync_refused",
        "audit_event", "roster_import", "roster_import_row", "sign_in_failure", "job_lease", "sync_status",
        "event_registration", "event_attendance", "server_secret", "needs_survey", "needs_answer", "followup_answer", "needs_supervisor_answer",
        "published_program", "reminder_mail",
    ]

    /// Copies the SQLite database at `path` into the empty PostgreSQL database `url`, in one transaction: every
    /// table, its rows counted and checksummed on both sides before the commit. A database that holds any table
    /// already is refused; the SQLite file is only read (after its own schema is brought up to date).
    public static func copy(fromSQLite path: String, to url: String, logger: Logger, progress: @Sendable (TableCopy) -> Void) async throws
        -> [TableCopy]
    {
        let source = try SQLiteStore(path: path)
        defer { try? source.shutDown() }
        let connectionErrors = ConnectionErrorLog.Last()
        let client = PostgresClient(
            configuration: try configuration(url: url, maximumConnections: 2),
            backgroundLogger: ConnectionErrorLog.logger(wrapping: logger, into: connectionErrors)
        )
        let runner = Task.immediate { await client.run() }
        defer { runner.cancel() }
        // As the store's own start: a database not reached is an error within 15 s that says why, not a wait.
        let existing = try await Self.withDeadline(seconds: 15, or: Self.unreachable(url, seconds: 15, lastError: connectionErrors.error)) {
            try await client.query(
                "SELECT count(*)::BIGINT FROM information_schema.tables WHERE table_schema = current_schema()", logger: logger
            ).collect().first?.decode(Int.self) ?? 0
        }
        guard existing == 0 else {
            throw OpenError(description: "\(redacted(url)) is not empty (\(existing) tables): migrate-to copies into an empty database only")
        }
        let target = try await PostgresStore(url: url, logger: logger, maximumConnections: 2)
        defer { Task { try? await target.shutDown() } }
        return try await target.client.withConnection { connection in
            try await connection.execute("BEGIN", logger: logger)
            do {
                try await connection.execute("ALTER TABLE content_summary_log DISABLE TRIGGER outbox_module", logger: logger)
                try await connection.execute("ALTER TABLE ledger_entry DISABLE TRIGGER outbox_course", logger: logger)
                var copies: [TableCopy] = []
                for table in copyOrder {
                    let copy = try await copyTable(table, from: source.pool, to: connection, logger: logger)
                    copies.append(copy)
                    progress(copy)
                }
                try await connection.execute("ALTER TABLE content_summary_log ENABLE TRIGGER outbox_module", logger: logger)
                try await connection.execute("ALTER TABLE ledger_entry ENABLE TRIGGER outbox_course", logger: logger)
                // New rows continue after the copied ones.
                for (table, column) in [
                    ("account", "id"), ("quiz_attempt", "id"), ("sync_node", "id"), ("sync_outbox", "seq"), ("audit_event", "id"),
                    ("roster_import", "id"), ("needs_survey", "id"),
                ] {
                    try await connection.execute(
                        PostgresQuery(
                            unsafeSQL: "SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), coalesce(max(\(column)), 0) + 1, false) FROM \(table)"
                        ),
                        logger: logger
                    )
                }
                try await connection.execute("COMMIT", logger: logger)
                // The planner's statistics of the copied tables at once: without them, the first reports over a large
                // copy plan blind (the program report over 100,000 learners took 3.5 s instead of 1.9 s) until
                // autovacuum gets to it.
                try await connection.execute("ANALYZE", logger: logger)
                return copies
            } catch {
                _ = try? await connection.execute("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// A column's type as the copy reads and writes it.
    enum ColumnKind: String {
        case integer = "bigint", real = "double precision", boolean, date = "timestamp with time zone", text, bytes = "bytea"
    }

    static func copyTable(_ table: String, from source: DatabasePool, to connection: PostgresConnection, logger: Logger) async throws
        -> TableCopy
    {
        var columns: [(name: String, kind: ColumnKind)] = []
        for row in try await connection.rows(
            """
            SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """,
            logger: logger
        ) {
            let (name, type) = try row.decode((String, String).self)
            guard let kind = ColumnKind(rawValue: type) else { throw OpenError(description: "\(table).\(name) has a type the copy does not know: \(type)") }
            columns.append((name, kind))
        }
        let sourceColumns = try await source.read { db in try db.columns(in: table).map(\.name) }
        guard Set(sourceColumns) == Set(columns.map(\.name)) else {
            throw OpenError(
                description: "\(table) has other columns in SQLite (\(sourceColumns.sorted().joined(separator: ", "))) than in PostgreSQL "
                    + "(\(columns.map(\.name).sorted().joined(separator: ", "))): use the Lentera that made the PostgreSQL schema"
            )
        }
        let list = columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        var sourceSum = RowChecksum()
        var rowid: Int64 = 0
        while true {
            let batch = try await source.read { db in
                try Row.fetchAll(db, sql: "SELECT rowid AS lentera_rowid, \(list) FROM \(table) WHERE rowid > ? ORDER BY rowid LIMIT 500", arguments: [rowid])
            }
            guard let last = batch.last else { break }
            rowid = last["lentera_rowid"]
            var sql = SQLBuilder("INSERT INTO \(table) (\(list)) VALUES ")
            for (index, row) in batch.enumerated() {
                var placeholders: [String] = []
                var values: [String?] = []
                for column in columns {
                    switch column.kind {
                    case .integer:
                        let value: Int64? = row[column.name]
                        placeholders.append(sql.bind(value))
                        values.append(value.map { "\($0)" })
                    case .real:
                        let value: Double? = row[column.name]
                        placeholders.append(sql.bind(value))
                        values.append(value.map { "\($0)" })
                    case .boolean:
                        let value: Bool? = row[column.name]
                        placeholders.append(sql.bind(value))
                        values.append(value.map { $0 ? "1" : "0" })
                    case .date:
                        let value: Date? = row[column.name]
                        placeholders.append(sql.bind(value))
                        values.append(value.map(RowChecksum.milliseconds))
                    case .text:
                        let value: String? = row[column.name]
                        placeholders.append(sql.bind(value))
                        values.append(value)
                    case .bytes:
                        let value: Data? = row[column.name]
                        placeholders.append(sql.bind(value.map { ByteBuffer(bytes: $0) }))
                        values.append(value.map { $0.map { String(format: "%02x", $0) }.joined() })
                    }
                }
                sql.append((index == 0 ? "" : ", ") + "(" + placeholders.joined(separator: ", ") + ")")
                sourceSum.add(values)
            }
            try await connection.execute(sql.query, logger: logger)
        }
        // Read back what PostgreSQL now holds, in the same canonical form.
        var copiedSum = RowChecksum()
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT \(list) FROM \(table)"), logger: logger)
        for try await row in rows {
            let cells = row.makeRandomAccess()
            var values: [String?] = []
            for column in columns {
                let cell = cells[column.name]
                switch column.kind {
                case .integer: values.append(try cell.decode(Int64?.self).map { "\($0)" })
                case .real: values.append(try cell.decode(Double?.self).map { "\($0)" })
                case .boolean: values.append(try cell.decode(Bool?.self).map { $0 ? "1" : "0" })
                case .date: values.append(try cell.decode(Date?.self).map(RowChecksum.milliseconds))
                case .text: values.append(try cell.decode(String?.self))
                case .bytes: values.append(try cell.decode(ByteBuffer?.self).map { $0.readableBytesView.map { String(format: "%02x", $0) }.joined() })
                }
            }
            copiedSum.add(values)
        }
        guard sourceSum == copiedSum else {
            throw OpenError(
                description: "\(table): SQLite has \(sourceSum.rows) rows (checksum \(sourceSum.hex)), PostgreSQL read back \(copiedSum.rows) "
                    + "(checksum \(copiedSum.hex)); nothing was kept"
            )
        }
        return TableCopy(table: table, rows: sourceSum.rows, checksum: sourceSum.hex)
    }
}

/// An order-free checksum of a table's rows: the sum of each row's FNV-1a hash over its values in a canonical form
/// (integers and reals as decimal text, dates as whole milliseconds, booleans as 0/1, bytes as hex, NULL apart).
struct RowChecksum: Equatable {
    private(set) var rows = 0
    private var sum: UInt64 = 0

    static func milliseconds(_ date: Date) -> String {
        "\(Int64((date.timeIntervalSince1970 * 1000).rounded()))"
    }

    mutating func add(_ values: [String?]) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            for byte in (value.map { "v" + $0 } ?? "n").utf8 + [0x1F] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
        }
        sum = sum &+ hash
        rows += 1
    }

    var hex: String { String(sum, radix: 16) }
}
