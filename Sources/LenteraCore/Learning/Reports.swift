/// The reports a training office works from, computed from accounts and ledger entries of one year.
public enum Reports {
    /// One learner's JP in a year.
    public struct LedgerRow: Sendable, Equatable {
        public var account: Account
        public var jp: JP
        public var courses: Int
        /// PNS only: whether the 20 JP target is met (PPPK are reported separately, without the obligation).
        public var meetsTarget: Bool

        public init(account: Account, jp: JP, courses: Int, meetsTarget: Bool) {
            self.account = account
            self.jp = jp
            self.courses = courses
            self.meetsTarget = meetsTarget
        }
    }

    /// Compliance of one unit (and everything below it).
    public struct UnitRow: Sendable, Equatable {
        public var unit: UnitPath
        /// Whether the unit has units below it to drill into.
        public var hasChildren: Bool
        public var pns: Int
        public var pnsMeetingTarget: Int
        public var pppk: Int
        public var totalJP: JP
        /// Share of PNS meeting the target, 0 to 100 (0 when there is no PNS).
        public var compliancePercent: Double {
            pns == 0 ? 0 : (Double(pnsMeetingTarget) * 1000 / Double(pns)).rounded() / 10
        }
    }

    /// Compliance summed up one ledger row at a time, so that a report over a million accounts keeps only its units.
    public struct Compliance: Sendable {
        let parent: UnitPath?
        var units: [UnitPath: UnitRow] = [:]

        public init(below parent: UnitPath?) {
            self.parent = parent
        }

        public mutating func add(_ row: LedgerRow) {
            guard parent?.contains(row.account.unit) ?? true else { return }
            let depth = (parent?.components.count ?? 0) + 1
            let components = row.account.unit.components
            let unit = UnitPath(Array(components.prefix(depth)))
            var summary = units[unit] ?? UnitRow(unit: unit, hasChildren: false, pns: 0, pnsMeetingTarget: 0, pppk: 0, totalJP: JP(hundredths: 0))
            if components.count > depth { summary.hasChildren = true }
            if row.account.status == .pns {
                summary.pns += 1
                if row.meetsTarget { summary.pnsMeetingTarget += 1 }
            } else {
                summary.pppk += 1
            }
            summary.totalJP = JP(hundredths: summary.totalJP.hundredths + row.jp.hundredths)
            units[unit] = summary
        }

        public var rows: [UnitRow] { units.values.sorted { $0.unit < $1.unit } }
    }

    /// Completion of one course.
    public struct CourseRow: Sendable, Equatable {
        public var courseID: String
        public var title: String
        /// Learners who opened at least one module.
        public var started: Int
        /// Learners credited in the year.
        public var completed: Int
        public var jp: JP
    }

    /// Started and completed counts per course, for the learners given.
    public static func completion(courses: [(id: String, title: String, jp: JP)], started: [String: Set<Int64>],
                                  entries: [LedgerEntry], year: Int, accounts: Set<Int64>) -> [CourseRow] {
        courses.map { course in
            let completers = Set(entries.filter { $0.courseID == course.id && $0.year == year && accounts.contains($0.accountID) }.map(\.accountID))
            let starters = (started[course.id] ?? []).intersection(accounts).union(completers)
            return CourseRow(courseID: course.id, title: course.title, started: starters.count, completed: completers.count, jp: course.jp)
        }
    }
}
