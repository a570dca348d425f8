import Foundation
import GRDB
import LenteraCore

// MARK: - The operator's reports, summed in the database

extension SQLiteStore {
    /// The stored keys of a unit subtree as a range (everything when nil): keys end with a separator, so the key with
    /// the next character in its place closes the range. The same bounds as ``eachLedgerTotal``.
    static func keyRange(_ unit: UnitPath?) -> (low: String, high: String) {
        (unit?.storageKey ?? "", unit.map { String($0.storageKey.dropLast()) + "\u{20}" } ?? "\u{10FFFF}")
    }

    /// The accounts ``eachLedgerTotal`` reports for a year (bound as the one `?`): active learners, and anyone credited
    /// in the year (a deactivated learner without credit is no longer in service).
    static let reportedAccount = """
        ((account.role = 'learner' AND account.deactivated_at IS NULL)
            OR EXISTS (SELECT 1 FROM ledger_entry WHERE ledger_entry.account_id = account.id AND ledger_entry.year = ?))
        """

    /// The learners of ``eachLedgerTotal`` summed by unit and status, in one pass over the subtree's accounts: each
    /// account's JP in the year is one look-up in the ledger's (year, account_id) index.
    public func unitTotals(year: Int, under unit: UnitPath?, target: JP) async throws -> [Reports.UnitTotal] {
        let (sql, arguments) = Self.unitTotalsSQL(year: year, under: unit, target: target)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql + " ORDER BY unit, status", arguments: arguments).map(Self.unitTotal(from:))
        }
    }

    static func unitTotal(from row: Row) -> Reports.UnitTotal {
        Reports.UnitTotal(
            unit: UnitPath(storageKey: row["unit"]), status: EmployeeStatus(rawValue: row["status"]) ?? .pns, accounts: row["accounts"],
            meetingTarget: row["meeting"], jp: JP(hundredths: row["jp"])
        )
    }

    /// The query of ``unitTotals`` (columns unit, status, accounts, meeting, jp) and its arguments.
    static func unitTotalsSQL(year: Int, under unit: UnitPath?, target: JP) -> (String, StatementArguments) {
        let (low, high) = Self.keyRange(unit)
        let sql = """
            SELECT unit, status, COUNT(*) AS accounts, COUNT(CASE WHEN jp >= ? THEN 1 END) AS meeting, SUM(jp) AS jp FROM (
                SELECT account.unit, account.status,
                    (SELECT COALESCE(SUM(jp_hundredths), 0) FROM ledger_entry WHERE ledger_entry.account_id = account.id AND ledger_entry.year = ?)
                        AS jp
                FROM account WHERE account.unit >= ? AND account.unit < ? AND \(Self.reportedAccount)
            )
            GROUP BY unit, status
            """
        return (sql, [target.hundredths, year, low, high, year])
    }

    /// Per course, the learners of ``eachLedgerTotal`` credited for it in the year, and those who opened one of its
    /// modules or were credited: each (course, learner) pair once, whichever way it came.
    public func courseTotals(year: Int, under unit: UnitPath?) async throws -> [String: Reports.CourseTotal] {
        let (byUnit, arguments) = Self.courseTotalsByUnitSQL(year: year, under: unit)
        let sql = "SELECT course_id, SUM(started) AS started, SUM(completed) AS completed FROM (\(byUnit)) GROUP BY course_id"
        return try await pool.read { db in
            var totals: [String: Reports.CourseTotal] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let courseID: String = row["course_id"]
                totals[courseID] = Reports.CourseTotal(started: row["started"], completed: row["completed"])
            }
            return totals
        }
    }

    /// The query of ``courseTotals`` by unit as well (columns unit, course_id, started, completed) and its arguments:
    /// a learner is in one unit, so the totals of a subtree are the sums of its units'.
    static func courseTotalsByUnitSQL(year: Int, under unit: UnitPath?) -> (String, StatementArguments) {
        let (low, high) = Self.keyRange(unit)
        // CROSS JOIN keeps the subtree's accounts as the outer loop, so that a small unit reads only its own rows. Anyone
        // credited in the year is reported, so the credits need only the subtree.
        let sql = """
            SELECT unit, course_id, COUNT(*) AS started, SUM(completed) AS completed FROM (
                SELECT unit, course_id, account_id, MAX(completed) AS completed FROM (
                    SELECT account.unit, content_summary_log.course_id, content_summary_log.account_id, 0 AS completed
                    FROM account CROSS JOIN content_summary_log ON content_summary_log.account_id = account.id
                    WHERE account.unit >= ? AND account.unit < ? AND \(Self.reportedAccount)
                    UNION ALL
                    SELECT account.unit, ledger_entry.course_id, ledger_entry.account_id, 1
                    FROM account CROSS JOIN ledger_entry ON ledger_entry.account_id = account.id AND ledger_entry.year = ?
                    WHERE account.unit >= ? AND account.unit < ?
                )
                GROUP BY unit, course_id, account_id
            )
            GROUP BY unit, course_id
            """
        return (sql, [low, high, year, year, low, high])
    }

    public func buildReportSnapshot(year: Int, target: JP, at date: Date) async throws {
        let (unitTotals, unitArguments) = Self.unitTotalsSQL(year: year, under: nil, target: target)
        let (courseTotals, courseArguments) = Self.courseTotalsByUnitSQL(year: year, under: nil)
        // Summed from a read snapshot, so that writers (heartbeats, answers, sign-ins) do not wait for the sums; the
        // rows (one per unit, status and course) are then written in one short transaction: readers see the old
        // totals or the new, never half.
        let (units, courses) = try await pool.read { db in
            (
                try Row.fetchAll(db, sql: unitTotals, arguments: unitArguments).map(Self.unitTotal(from:)),
                try Row.fetchAll(db, sql: courseTotals, arguments: courseArguments).map { row -> (unit: String, course: String, started: Int, completed: Int) in
                    (row["unit"], row["course_id"], row["started"], row["completed"])
                }
            )
        }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM report_unit_total WHERE year = ?", arguments: [year])
            try db.execute(sql: "DELETE FROM report_course_total WHERE year = ?", arguments: [year])
            let unitInsert = try db.cachedStatement(
                sql: "INSERT INTO report_unit_total (year, unit, status, accounts, meeting, jp_hundredths) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for total in units {
                try unitInsert.execute(
                    arguments: [year, total.unit.storageKey, total.status.rawValue, total.accounts, total.meetingTarget, total.jp.hundredths]
                )
            }
            let courseInsert = try db.cachedStatement(
                sql: "INSERT INTO report_course_total (year, unit, course_id, started, completed) VALUES (?, ?, ?, ?, ?)"
            )
            for total in courses {
                try courseInsert.execute(arguments: [year, total.unit, total.course, total.started, total.completed])
            }
            try db.execute(
                sql: """
                    INSERT INTO report_build (year, target_hundredths, built_at) VALUES (?, ?, ?)
                    ON CONFLICT (year) DO UPDATE SET target_hundredths = excluded.target_hundredths, built_at = excluded.built_at
                    """,
                arguments: [year, target.hundredths, date]
            )
        }
    }

    public func reportSnapshot(year: Int, under unit: UnitPath?, target: JP) async throws -> Reports.Snapshot? {
        let (low, high) = Self.keyRange(unit)
        return try await pool.read { db -> Reports.Snapshot? in
            guard
                let built = try Date.fetchOne(
                    db, sql: "SELECT built_at FROM report_build WHERE year = ? AND target_hundredths = ?", arguments: [year, target.hundredths]
                )
            else { return nil }
            let units = try Row.fetchAll(
                db,
                sql: """
                    SELECT unit, status, accounts, meeting, jp_hundredths AS jp FROM report_unit_total
                    WHERE year = ? AND unit >= ? AND unit < ? ORDER BY unit, status
                    """,
                arguments: [year, low, high]
            ).map(Self.unitTotal(from:))
            var courses: [String: Reports.CourseTotal] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT course_id, SUM(started) AS started, SUM(completed) AS completed FROM report_course_total
                    WHERE year = ? AND unit >= ? AND unit < ? GROUP BY course_id
                    """,
                arguments: [year, low, high]
            ) {
                courses[row["course_id"]] = Reports.CourseTotal(started: row["started"], completed: row["completed"])
            }
            return Reports.Snapshot(builtAt: built, units: units, courses: courses)
        }
    }

    /// A page of ``eachLedgerTotal``'s rows for one status, searched as ``accountsPage`` searches, and how many match,
    /// read in one transaction. Only the page's accounts have their JP summed.
    public func ledgerPage(year: Int, under unit: UnitPath?, status: EmployeeStatus, search: String, offset: Int, limit: Int, target: JP)
        async throws -> (rows: [Reports.LedgerRow], total: Int)
    {
        let (low, high) = Self.keyRange(unit)
        var conditions = ["account.unit >= ?", "account.unit < ?", "account.status = ?", Self.reportedAccount]
        var arguments: StatementArguments = [low, high, status.rawValue, year]
        switch AccountSearch(search) {
        case .nipPrefix(let digits)?:
            conditions.append("account.nip LIKE ? ESCAPE '\\'")
            arguments += [digits + "%"]
        case .name(let part)?:
            conditions.append("account.name LIKE ? ESCAPE '\\'")
            arguments += ["%" + Self.escapeLike(part) + "%"]
        case nil:
            break
        }
        let whereClause = conditions.joined(separator: " AND ")
        let countSQL = "SELECT COUNT(*) FROM account WHERE \(whereClause)"
        let pageSQL = """
            SELECT page.*,
                (SELECT COALESCE(SUM(jp_hundredths), 0) FROM ledger_entry WHERE ledger_entry.account_id = page.id AND ledger_entry.year = ?)
                    AS jp_total,
                (SELECT COUNT(*) FROM ledger_entry WHERE ledger_entry.account_id = page.id AND ledger_entry.year = ?) AS credited
            FROM (SELECT account.* FROM account WHERE \(whereClause) ORDER BY account.unit, account.name, account.id LIMIT ? OFFSET ?) AS page
            ORDER BY page.unit, page.name, page.id
            """
        var pageArguments: StatementArguments = [year, year]
        pageArguments += arguments
        pageArguments += [limit, offset]
        let (countArguments, boundPage) = (arguments, pageArguments)
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: countSQL, arguments: countArguments) ?? 0
            let rows = try Row.fetchAll(db, sql: pageSQL, arguments: boundPage).compactMap { row -> Reports.LedgerRow? in
                guard let account = Self.account(from: row) else { return nil }
                let jp = JP(hundredths: row["jp_total"])
                return Reports.LedgerRow(account: account, jp: jp, courses: row["credited"], meetsTarget: jp >= target)
            }
            return (rows, total)
        }
    }
}
