import Foundation

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

    /// The learners of one unit (exactly that unit, not below it) and status in a year's report, summed by the database.
    public struct UnitTotal: Sendable, Equatable {
        public var unit: UnitPath
        public var status: EmployeeStatus
        /// How many learners.
        public var accounts: Int
        /// How many of them have at least the target JP in the year.
        public var meetingTarget: Int
        /// Their JP in the year, together.
        public var jp: JP

        /// Creates a unit total value.
        public init(unit: UnitPath, status: EmployeeStatus, accounts: Int, meetingTarget: Int, jp: JP) {
            self.unit = unit
            self.status = status
            self.accounts = accounts
            self.meetingTarget = meetingTarget
            self.jp = jp
        }
    }

    /// Compliance summed up one ledger row at a time, so that a report over a million accounts keeps only its units.
    public struct Compliance: Sendable {
        let parent: UnitPath?
        var units: [UnitPath: UnitRow] = [:]

        public init(below parent: UnitPath?) {
            self.parent = parent
        }

        /// Counts one learner's row into the unit below the parent that holds it.
        public mutating func add(_ row: LedgerRow) {
            add(unit: row.account.unit, status: row.account.status, accounts: 1, meetingTarget: row.meetsTarget ? 1 : 0, jp: row.jp)
        }

        /// Counts the learners of one unit and status, as the database summed them, as their rows one by one would be.
        public mutating func add(_ total: UnitTotal) {
            add(unit: total.unit, status: total.status, accounts: total.accounts, meetingTarget: total.meetingTarget, jp: total.jp)
        }

        private mutating func add(unit full: UnitPath, status: EmployeeStatus, accounts: Int, meetingTarget: Int, jp: JP) {
            guard parent?.contains(full) ?? true else { return }
            let depth = (parent?.components.count ?? 0) + 1
            let components = full.components
            let unit = UnitPath(Array(components.prefix(depth)))
            var summary = units[unit] ?? UnitRow(unit: unit, hasChildren: false, pns: 0, pnsMeetingTarget: 0, pppk: 0, totalJP: JP(hundredths: 0))
            if components.count > depth { summary.hasChildren = true }
            // Only PNS owe the target; PPPK are counted without it.
            if status == .pns {
                summary.pns += accounts
                summary.pnsMeetingTarget += meetingTarget
            } else {
                summary.pppk += accounts
            }
            summary.totalJP = JP(hundredths: summary.totalJP.hundredths + jp.hundredths)
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

    /// How many learners of a report started and completed one course, summed by the database.
    public struct CourseTotal: Sendable, Equatable {
        /// Learners who opened at least one module, or were credited in the year.
        public var started: Int
        /// Learners credited in the year.
        public var completed: Int

        /// Creates a course total value.
        public init(started: Int, completed: Int) {
            self.started = started
            self.completed = completed
        }
    }

    /// A year's unit and course totals as the report job last summed them for the whole tree, read back for a
    /// subtree: what a scope of hundreds of thousands of learners is reported from, where summing it live would take
    /// seconds on every view.
    public struct Snapshot: Sendable, Equatable {
        /// When the totals were summed.
        public var builtAt: Date
        /// The subtree's totals by unit and status, as ``LedgerRepository/unitTotals(year:under:target:)`` gives them.
        public var units: [UnitTotal]
        /// The subtree's totals by course, as ``LedgerRepository/courseTotals(year:under:)`` gives them.
        public var courses: [String: CourseTotal]

        /// Creates a snapshot value.
        public init(builtAt: Date, units: [UnitTotal], courses: [String: CourseTotal]) {
            self.builtAt = builtAt
            self.units = units
            self.courses = courses
        }

        /// The learners of a status in the subtree.
        public func accounts(_ status: EmployeeStatus) -> Int {
            units.filter { $0.status == status }.reduce(0) { $0 + $1.accounts }
        }

        /// The learners in the subtree, of every status.
        public var learners: Int { units.reduce(0) { $0 + $1.accounts } }
    }

    /// The learners from which a scope is reported from the year's snapshot instead of summed live (by default).
    public static let snapshotScope = 50_000
    /// How often the report job sums the snapshot again, in seconds.
    public static let snapshotInterval: Double = 600

    /// A row per course served, in the order given, with its totals (none: nobody started it).
    public static func completion(courses: [(id: String, title: String, jp: JP)], totals: [String: CourseTotal]) -> [CourseRow] {
        courses.map { course in
            let total = totals[course.id] ?? CourseTotal(started: 0, completed: 0)
            return CourseRow(courseID: course.id, title: course.title, started: total.started, completed: total.completed, jp: course.jp)
        }
    }
}
