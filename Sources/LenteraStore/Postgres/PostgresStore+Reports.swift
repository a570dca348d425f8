import Foundation
import LenteraCore
import Logging
import PostgresNIO

// MARK: - The operator's reports, summed in the database

extension PostgresStore {
    /// The accounts ``eachLedgerTotal`` reports for the year bound as `year`: active learners, and anyone credited in
    /// the year (a deactivated learner without credit is no longer in service).
    static func reportedAccount(year: String) -> String {
        """
        ((account.role = 'learner' AND account.deactivated_at IS NULL)
            OR EXISTS (SELECT 1 FROM ledger_entry WHERE ledger_entry.account_id = account.id AND ledger_entry.year = \(year)))
        """
    }

    /// The learners of ``eachLedgerTotal`` summed by unit and status. Each account's credits of the year are summed
    /// first (an account with none has 0 and `credited` 0), then filtered as ``reportedAccount(year:)`` filters:
    /// `credited > 0` is its `EXISTS`.
    public func unitTotals(year: Int, under unit: UnitPath?, target: JP) async throws -> [Reports.UnitTotal] {
        var sql = SQLBuilder()
        sql.append(Self.unitTotalsSQL(year: year, under: unit, target: target, &sql) + " ORDER BY unit, status")
        return try await rows(sql.query).map(Self.unitTotal(from:))
    }

    static func unitTotal(from row: PostgresRow) throws -> Reports.UnitTotal {
        try Reports.UnitTotal(
            unit: UnitPath(storageKey: row.value("unit", as: String.self)),
            status: EmployeeStatus(rawValue: row.value("status", as: String.self)) ?? .pns, accounts: row.value("accounts", as: Int.self),
            meetingTarget: row.value("meeting", as: Int.self), jp: JP(hundredths: row.value("jp", as: Int.self))
        )
    }

    /// The query of ``unitTotals`` (columns unit, status, accounts, meeting, jp), with its values bound in `sql`.
    static func unitTotalsSQL(year: Int, under unit: UnitPath?, target: JP, _ sql: inout SQLBuilder) -> String {
        let (low, high) = SQLiteStore.keyRange(unit)
        let (targetValue, yearValue, lowValue, highValue) = (sql.bind(target.hundredths), sql.bind(year), sql.bind(low), sql.bind(high))
        return """
            SELECT unit, status, COUNT(*) AS accounts, COUNT(*) FILTER (WHERE jp >= \(targetValue)) AS meeting,
                COALESCE(SUM(jp), 0)::BIGINT AS jp
            FROM (
                SELECT account.unit, account.status, account.role, account.deactivated_at,
                    COALESCE(SUM(ledger_entry.jp_hundredths), 0)::BIGINT AS jp, COUNT(ledger_entry.account_id) AS credited
                FROM account LEFT JOIN ledger_entry ON ledger_entry.account_id = account.id AND ledger_entry.year = \(yearValue)
                WHERE account.unit >= \(lowValue) AND account.unit < \(highValue)
                GROUP BY account.id
            ) AS learner
            WHERE (learner.role = 'learner' AND learner.deactivated_at IS NULL) OR learner.credited > 0
            GROUP BY unit, status
            """
    }

    /// Per course, the learners of ``eachLedgerTotal`` credited for it in the year, and those who opened one of its
    /// modules or were credited: the (learner, course) pairs of each side, each once, joined in full, so that a pair on
    /// either side is a start and a pair on the credit side a completion. Anyone credited in the year is reported, so
    /// the credits need only the subtree.
    public func courseTotals(year: Int, under unit: UnitPath?) async throws -> [String: Reports.CourseTotal] {
        var sql = SQLBuilder()
        let byUnit = Self.courseTotalsByUnitSQL(year: year, under: unit, &sql)
        sql.append("SELECT course_id, SUM(started)::BIGINT AS started, SUM(completed)::BIGINT AS completed FROM (\(byUnit)) AS t GROUP BY course_id")
        var totals: [String: Reports.CourseTotal] = [:]
        for row in try await rows(sql.query) {
            let courseID = try row.value("course_id", as: String.self)
            totals[courseID] = try Reports.CourseTotal(started: row.value("started", as: Int.self), completed: row.value("completed", as: Int.self))
        }
        return totals
    }

    /// The query of ``courseTotals`` by unit as well (columns unit, course_id, started, completed): a learner is in
    /// one unit, so the totals of a subtree are the sums of its units'.
    static func courseTotalsByUnitSQL(year: Int, under unit: UnitPath?, _ sql: inout SQLBuilder) -> String {
        let (low, high) = SQLiteStore.keyRange(unit)
        let (yearValue, lowValue, highValue) = (sql.bind(year), sql.bind(low), sql.bind(high))
        return """
            SELECT COALESCE(starter.unit, completer.unit) AS unit, COALESCE(starter.course_id, completer.course_id) AS course_id,
                COUNT(*) AS started, COUNT(completer.account_id) AS completed
            FROM (
                SELECT DISTINCT account.unit, content_summary_log.account_id, content_summary_log.course_id
                FROM account JOIN content_summary_log ON content_summary_log.account_id = account.id
                WHERE account.unit >= \(lowValue) AND account.unit < \(highValue) AND \(Self.reportedAccount(year: yearValue))
            ) AS starter
            FULL JOIN (
                SELECT DISTINCT account.unit, ledger_entry.account_id, ledger_entry.course_id
                FROM account JOIN ledger_entry ON ledger_entry.account_id = account.id AND ledger_entry.year = \(yearValue)
                WHERE account.unit >= \(lowValue) AND account.unit < \(highValue)
            ) AS completer ON completer.account_id = starter.account_id AND completer.course_id = starter.course_id
            GROUP BY 1, 2
            """
    }

    public func buildReportSnapshot(year: Int, target: JP, at date: Date) async throws {
        var units = SQLBuilder()
        let unitYear = units.bind(year)
        let unitTotals = Self.unitTotalsSQL(year: year, under: nil, target: target, &units)
        units.append(
            """
            INSERT INTO report_unit_total (year, unit, status, accounts, meeting, jp_hundredths)
            SELECT \(unitYear), unit, status, accounts, meeting, jp FROM (\(unitTotals)) AS t
            """
        )
        var courses = SQLBuilder()
        let courseYear = courses.bind(year)
        let courseTotals = Self.courseTotalsByUnitSQL(year: year, under: nil, &courses)
        courses.append(
            """
            INSERT INTO report_course_total (year, unit, course_id, started, completed)
            SELECT \(courseYear), unit, course_id, started, completed FROM (\(courseTotals)) AS t
            """
        )
        let (unitQuery, courseQuery) = (units.query, courses.query)
        // One snapshot of the data for both (readers see the old totals or the new, never half), and no serialization
        // failure for a long read: one node builds at a time (the report lease).
        try await transaction(.repeatableRead) { connection in
            try await connection.execute("DELETE FROM report_unit_total WHERE year = \(year)", logger: logger)
            try await connection.execute("DELETE FROM report_course_total WHERE year = \(year)", logger: logger)
            try await connection.execute(unitQuery, logger: logger)
            try await connection.execute(courseQuery, logger: logger)
            try await connection.execute(
                """
                INSERT INTO report_build (year, target_hundredths, built_at) VALUES (\(year), \(target.hundredths), \(date))
                ON CONFLICT (year) DO UPDATE SET target_hundredths = excluded.target_hundredths, built_at = excluded.built_at
                """,
                logger: logger
            )
        }
    }

    public func reportSnapshot(year: Int, under unit: UnitPath?, target: JP) async throws -> Reports.Snapshot? {
        let (low, high) = SQLiteStore.keyRange(unit)
        return try await transaction(.repeatableReadOnly) { connection -> Reports.Snapshot? in
            guard
                let built = try await connection.row(
                    "SELECT built_at FROM report_build WHERE year = \(year) AND target_hundredths = \(target.hundredths)", logger: logger
                )
            else { return nil }
            let units = try await connection.rows(
                """
                SELECT unit, status, accounts, meeting, jp_hundredths AS jp FROM report_unit_total
                WHERE year = \(year) AND unit >= \(low) AND unit < \(high) ORDER BY unit, status
                """,
                logger: logger
            ).map(Self.unitTotal(from:))
            var courses: [String: Reports.CourseTotal] = [:]
            for row in try await connection.rows(
                """
                SELECT course_id, SUM(started)::BIGINT AS started, SUM(completed)::BIGINT AS completed FROM report_course_total
                WHERE year = \(year) AND unit >= \(low) AND unit < \(high) GROUP BY course_id
                """,
                logger: logger
            ) {
                courses[try row.value("course_id", as: String.self)] = try Reports.CourseTotal(
                    started: row.value("started", as: Int.self), completed: row.value("completed", as: Int.self)
                )
            }
            return Reports.Snapshot(builtAt: try built.value("built_at", as: Date.self), units: units, courses: courses)
        }
    }

    /// A page of ``eachLedgerTotal``'s rows for one status, searched as ``accountsPage`` searches, and how many match,
    /// counted from the same snapshot. Only the page's accounts have their JP summed.
    public func ledgerPage(year: Int, under unit: UnitPath?, status: EmployeeStatus, search: String, offset: Int, limit: Int, target: JP)
        async throws -> (rows: [Reports.LedgerRow], total: Int)
    {
        let wanted = AccountSearch(search)
        var count = SQLBuilder()
        let (_, countCondition) = Self.ledgerConditions(year: year, under: unit, status: status, search: wanted, &count)
        count.append("SELECT COUNT(*) AS total FROM account WHERE \(countCondition)")
        var page = SQLBuilder()
        let (yearValue, pageCondition) = Self.ledgerConditions(year: year, under: unit, status: status, search: wanted, &page)
        let (limitValue, offsetValue) = (page.bind(limit), page.bind(offset))
        page.append(
            """
            SELECT page.*,
                (SELECT COALESCE(SUM(jp_hundredths), 0)::BIGINT FROM ledger_entry
                    WHERE ledger_entry.account_id = page.id AND ledger_entry.year = \(yearValue)) AS jp_total,
                (SELECT COUNT(*) FROM ledger_entry WHERE ledger_entry.account_id = page.id AND ledger_entry.year = \(yearValue)) AS credited
            FROM (
                SELECT account.* FROM account WHERE \(pageCondition)
                ORDER BY account.unit, account.name, account.id LIMIT \(limitValue) OFFSET \(offsetValue)
            ) AS page
            ORDER BY page.unit, page.name, page.id
            """
        )
        let (countQuery, pageQuery) = (count.query, page.query)
        return try await transaction(.repeatableReadOnly) { connection in
            let total = try await connection.row(countQuery, logger: logger)?.value("total", as: Int.self) ?? 0
            var found: [Reports.LedgerRow] = []
            for row in try await connection.rows(pageQuery, logger: logger) {
                guard let account = try Self.account(from: row) else { continue }
                let jp = try JP(hundredths: row.value("jp_total", as: Int.self))
                let courses = try row.value("credited", as: Int.self)
                found.append(Reports.LedgerRow(account: account, jp: jp, courses: courses, meetsTarget: jp >= target))
            }
            return (found, total)
        }
    }

    /// The condition of ``ledgerPage`` with its values bound in `sql`, and the placeholder of the year.
    static func ledgerConditions(year: Int, under unit: UnitPath?, status: EmployeeStatus, search: AccountSearch?, _ sql: inout SQLBuilder)
        -> (year: String, condition: String)
    {
        let (low, high) = SQLiteStore.keyRange(unit)
        let (yearValue, lowValue, highValue, statusValue) = (sql.bind(year), sql.bind(low), sql.bind(high), sql.bind(status.rawValue))
        // The search as the accounts page reads it (no unit, no role condition: those are above).
        let searched = Self.accountConditions(under: nil, search: search, learnersOnly: false, &sql)
        let conditions = [
            "account.unit >= \(lowValue)", "account.unit < \(highValue)", "account.status = \(statusValue)",
            Self.reportedAccount(year: yearValue), searched,
        ]
        return (yearValue, conditions.joined(separator: " AND "))
    }
}
