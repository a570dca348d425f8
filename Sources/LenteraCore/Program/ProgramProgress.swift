import Foundation

/// Where one learner stands in a program: the rule, decided here alone, from the learner's ledger entries.
///
/// An activity is done when the learner holds a credit for it, whenever earned (a course finished before the
/// program began counts: its JP cannot be earned twice); an event's credit must be of the program's edition. It is late when that credit came after its deadline, and
/// overdue when there is none and the deadline has passed. JP earned through the program are the credits for its
/// activities completed from the program's first day.
public struct ProgramProgress: Sendable, Equatable {
    /// One activity for one learner.
    public enum ActivityState: Sendable, Equatable {
        /// Done at a moment; `late` when after the deadline.
        case done(at: Date, late: Bool)
        /// Not done, and the deadline is still ahead.
        case due
        /// Not done, and the deadline has passed.
        case overdue

        /// Whether the activity is done.
        public var isDone: Bool {
            if case .done = self { true } else { false }
        }
    }

    /// A learner's standing in a program.
    public enum Standing: String, Sendable, CaseIterable {
        /// Every required activity is done.
        case completed
        /// A required activity is overdue.
        case late
        /// Nothing required is overdue yet.
        case onTrack
    }

    /// Each activity's state, in the program's order.
    public var states: [ActivityState]
    /// The standing these states give.
    public var standing: Standing
    /// JP credited for the program's activities from its first day.
    public var jp: JP
    /// When the learner completed the program: the last of their required activities done. Nil while one is not, and
    /// for a program that requires nothing (there is no moment it was completed).
    public var completedAt: Date?

    /// The moments a program's progress is measured against, worked out once for all its learners: its start and
    /// each activity's deadline (the end of its day in the program's zone).
    public struct Schedule: Sendable {
        public var starts: Date
        public var deadlines: [Date]

        /// The schedule of a program.
        public init(_ program: Program) {
            starts = program.starts
            deadlines = program.activities.map { $0.deadline.end(in: program.zone) }
        }
    }

    /// Works out a learner's progress from their credits (any entries: those of other courses are ignored).
    public init(_ program: Program, credits: [LedgerEntry], now: Date) {
        self.init(program, schedule: Schedule(program), credits: credits, now: now)
    }

    /// Works out a learner's progress against a schedule worked out once (a report over many learners).
    public init(_ program: Program, schedule: Schedule, credits: [LedgerEntry], now: Date) {
        var states: [ActivityState] = []
        states.reserveCapacity(program.activities.count)
        var hundredths = 0
        for (index, activity) in program.activities.enumerated() {
            let deadline = schedule.deadlines[index]
            var first: Date?
            for entry in credits where activity.isCredited(by: entry) {
                if entry.completedAt >= schedule.starts { hundredths += entry.jp.hundredths }
                if first.map({ entry.completedAt < $0 }) ?? true { first = entry.completedAt }
            }
            if let first {
                states.append(.done(at: first, late: first >= deadline))
            } else {
                states.append(now >= deadline ? .overdue : .due)
            }
        }
        self.states = states
        jp = JP(hundredths: hundredths)
        var standing = Standing.completed
        var completedAt: Date?
        for (activity, state) in zip(program.activities, states) where activity.required {
            if case .done(let at, _) = state {
                completedAt = max(completedAt ?? at, at)
                continue
            }
            if state == .overdue {
                standing = .late
                break
            }
            standing = .onTrack
        }
        self.standing = standing
        self.completedAt = standing == .completed ? completedAt : nil
    }

    /// How many activities are done.
    public var doneCount: Int { states.filter(\.isDone).count }

    /// How long before a deadline a learner is reminded of it.
    public static let reminderWindow: TimeInterval = 14 * 86_400

    /// The activities to remind the learner of, by index: not done, and overdue or due within ``reminderWindow``.
    public func reminders(_ program: Program, now: Date) -> [Int] {
        program.activities.indices.filter { index in
            guard !states[index].isDone else { return false }
            return program.activities[index].deadline.end(in: program.zone).timeIntervalSince(now) <= Self.reminderWindow
        }
    }
}

/// A program's learners summed by unit, one learner at a time (a report over 100,000 learners keeps only its units).
public struct ProgramTally: Sendable {
    /// The learners of one unit (and everything below it).
    public struct UnitRow: Sendable, Equatable {
        public var unit: UnitPath
        /// Whether the unit has units below it to drill into.
        public var hasChildren: Bool
        /// Learners the program targets.
        public var enrolled = 0
        public var onTrack = 0
        public var late = 0
        public var completed = 0
        /// JP earned through the program, together.
        public var jp = JP(hundredths: 0)

        /// Counts one learner.
        mutating func add(_ progress: ProgramProgress) {
            enrolled += 1
            switch progress.standing {
            case .completed: completed += 1
            case .late: late += 1
            case .onTrack: onTrack += 1
            }
            jp = JP(hundredths: jp.hundredths + progress.jp.hundredths)
        }
    }

    let parent: UnitPath?
    var units: [UnitPath: UnitRow] = [:]
    /// Everyone counted.
    public private(set) var total: UnitRow

    /// A tally of the units one level below `parent` (the instansi when nil).
    public init(below parent: UnitPath?) {
        self.parent = parent
        total = UnitRow(unit: parent ?? UnitPath([]), hasChildren: false)
    }

    /// Counts one learner's progress into the unit below the parent that holds them.
    public mutating func add(_ account: Account, _ progress: ProgramProgress) {
        guard parent?.contains(account.unit) ?? true else { return }
        let depth = (parent?.components.count ?? 0) + 1
        let components = account.unit.components
        let unit = UnitPath(Array(components.prefix(depth)))
        var row = units[unit] ?? UnitRow(unit: unit, hasChildren: false)
        if components.count > depth { row.hasChildren = true }
        row.add(progress)
        units[unit] = row
        total.add(progress)
    }

    /// The units, in the database's order.
    public var rows: [UnitRow] { units.values.sorted { $0.unit < $1.unit } }
}
