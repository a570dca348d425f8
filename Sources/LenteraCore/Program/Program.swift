import Foundation

/// A development program (program pembinaan): a goal, a period, the learners it targets and its activities in order,
/// as an author wrote it in a file under `programs/`.
public struct Program: Sendable, Equatable {
    /// The stable program id (the `id` attribute, or the file name without `.xml`).
    public var id: String
    /// The author's version label, if given.
    public var versionLabel: String?
    /// The program's title.
    public var title: String
    /// What the program means to achieve.
    public var goal: String
    /// The first and last day of the program.
    public var period: ClosedRange<ProgramDay>
    /// The time zone its days and times are in (WIB, WITA or WIT).
    public var zone: IndonesianTimeZone
    /// Who the program is for.
    public var target: ProgramTarget
    /// The activities, in the order learners should do them.
    public var activities: [ProgramActivity]
    /// How many weeks after a learner completed it they are asked whether it changed how they work (evaluation level
    /// 3, ``FollowUp``); nil when the program asks nothing.
    public var followUpWeeks: Int?
    /// The file's name under `programs/`.
    public var fileName: String
    /// A digest of the file: any change gives a new one.
    public var contentVersion: String

    /// Creates a program value.
    public init(
        id: String, versionLabel: String? = nil, title: String, goal: String, period: ClosedRange<ProgramDay>, zone: IndonesianTimeZone = .wib,
        target: ProgramTarget, activities: [ProgramActivity], followUpWeeks: Int? = nil, fileName: String, contentVersion: String
    ) {
        self.followUpWeeks = followUpWeeks
        self.id = id
        self.versionLabel = versionLabel
        self.title = title
        self.goal = goal
        self.period = period
        self.zone = zone
        self.target = target
        self.activities = activities
        self.fileName = fileName
        self.contentVersion = contentVersion
    }

    /// The moment the program starts: the first day's midnight in its zone.
    public var starts: Date { period.lowerBound.start(in: zone) }
    /// The moment it ends: the end of its last day in its zone.
    public var ends: Date { period.upperBound.end(in: zone) }
    /// How long after its end a program stays on its learners' home pages, with its reminders (a late learner still
    /// sees what is missing).
    public static let shownAfterEnd: TimeInterval = 30 * 86_400

    /// The ids of the courses its activities name, in order.
    public var courseIDs: [String] {
        activities.compactMap { if case .course(let id) = $0.kind { id } else { nil } }
    }

    /// The ids the ledger keeps its activities' credits under, in order: course ids and events' ``ProgramEvent/creditID``.
    public var creditIDs: [String] { activities.map(\.key) }

    /// The event with an id.
    public func event(withID id: String) -> ProgramEvent? {
        for activity in activities {
            if case .event(let event) = activity.kind, event.id == id { return event }
        }
        return nil
    }

    /// Whether the program is for this person: a learner in one of its units, holding one of its positions when it
    /// names any.
    public func targets(_ account: Account) -> Bool {
        account.role == .learner && account.isActive && target.includes(unit: account.unit, position: account.position)
    }

    /// Whether an operator whose learners are `scope` (everyone when nil) has learners this program targets.
    public func concerns(scope: UnitPath?) -> Bool {
        !target.units(within: scope).isEmpty
    }
}

extension [Program] {
    /// The event whose credit (and rating) is kept under `creditID` (``ProgramEvent/creditID``), with its program.
    public func event(creditID: String) -> (program: Program, event: ProgramEvent)? {
        for program in self {
            for activity in program.activities {
                if case .event(let event) = activity.kind, event.creditID == creditID { return (program, event) }
            }
        }
        return nil
    }
}

/// Who a program is for: units (each with everything below it) and, optionally, positions (jabatan).
public struct ProgramTarget: Sendable, Equatable {
    /// The unit subtrees whose learners it targets; empty means every unit.
    public var units: [UnitPath]
    /// The positions it targets within those units; empty means every position.
    public var positions: [String]

    /// Creates a target.
    public init(units: [UnitPath], positions: [String] = []) {
        self.units = units
        self.positions = positions
    }

    /// Whether a person of this unit and position is targeted.
    public func includes(unit: UnitPath, position: String) -> Bool {
        guard units.isEmpty || units.contains(where: { $0.contains(unit) }) else { return false }
        if positions.isEmpty { return true }
        let held = Self.normalized(position)
        return positions.contains { Self.normalized($0) == held }
    }

    /// The subtrees whose learners are both targeted and within `scope` (nil: everyone), none inside another: a target
    /// unit inside the scope, or the scope itself where a target unit holds it. `[nil]` is the whole tree.
    public func units(within scope: UnitPath?) -> [UnitPath?] {
        guard !units.isEmpty else { return [scope] }
        var found: [UnitPath] = []
        for unit in units {
            guard let scope else {
                found.append(unit)
                continue
            }
            if scope.contains(unit) {
                found.append(unit)
            } else if unit.contains(scope) {
                found.append(scope)
            }
        }
        // A unit below another listed one adds nobody.
        let distinct = Array(Set(found))
        return distinct.filter { unit in !distinct.contains { $0 != unit && $0.contains(unit) } }.sorted()
    }

    /// Whether everyone targeted is within `scope` (nil: everyone): the target's units all lie in it. A target of
    /// positions alone spans every unit, within no operator's scope.
    public func isWithin(scope: UnitPath?) -> Bool {
        guard let scope else { return true }
        return !units.isEmpty && units.allSatisfy { scope.contains($0) }
    }

    /// A position as compared: any case, spaces collapsed.
    package static func normalized(_ position: String) -> String {
        position.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}

/// One step of a program.
public struct ProgramActivity: Sendable, Equatable {
    /// What the activity is.
    public enum Kind: Sendable, Equatable {
        /// An e-learning course, by id: done when the learner is credited for it.
        case course(String)
        /// A classroom event (workshop, seminar, pelatihan klasikal): done when the learner attended every session.
        case event(ProgramEvent)
    }

    /// The activity's kind.
    public var kind: Kind
    /// The last day to do it, in the program's zone.
    public var deadline: ProgramDay
    /// Whether completing the program needs it.
    public var required: Bool
    /// The line of the file that declares it.
    public var line: Int

    /// Creates an activity.
    public init(kind: Kind, deadline: ProgramDay, required: Bool = true, line: Int = 0) {
        self.kind = kind
        self.deadline = deadline
        self.required = required
        self.line = line
    }

    /// The ledger version its credit must carry: an event's edition (a credit from an earlier edition is not this
    /// one's); nil for a course, whose any credited version counts.
    public var creditVersion: String? {
        if case .event(let event) = kind { event.edition } else { nil }
    }

    /// Whether a ledger entry credits this activity.
    public func isCredited(by entry: LedgerEntry) -> Bool {
        entry.courseID == key && (creditVersion.map { entry.courseVersion == $0 } ?? true)
    }

    /// The id its progress keys on: the course's id, or the event's ``ProgramEvent/creditID``.
    public var key: String {
        switch kind {
        case .course(let id): id
        case .event(let event): event.creditID
        }
    }
}

/// A calendar day, as a program file writes it (`2027-03-31`).
public struct ProgramDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Reads `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    public init?(parsing text: String) {
        let parts = text.trimmingSpaces().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (2000...2100).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.dateComponents([.year, .month, .day], from: date) == DateComponents(year: year, month: month, day: day)
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// The day a moment falls on in a zone.
    public init(_ date: Date, in zone: IndonesianTimeZone) {
        let parts = zone.calendar.dateComponents([.year, .month, .day], from: date)
        (year, month, day) = (parts.year ?? 2000, parts.month ?? 1, parts.day ?? 1)
    }

    /// Midnight at the start of the day in a zone.
    public func start(in zone: IndonesianTimeZone) -> Date {
        zone.calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date.distantPast
    }

    /// The last moment of the day in a zone (the next day's midnight, exclusive).
    public func end(in zone: IndonesianTimeZone) -> Date {
        start(in: zone).addingTimeInterval(86_400)
    }

    /// `2027-03-31`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (lhs: ProgramDay, rhs: ProgramDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// Indonesia's three time zones.
public enum IndonesianTimeZone: String, Sendable, CaseIterable {
    /// Western Indonesian Time, UTC+7.
    case wib = "WIB"
    /// Central Indonesian Time, UTC+8.
    case wita = "WITA"
    /// Eastern Indonesian Time, UTC+9.
    case wit = "WIT"

    /// The zone's offset from UTC.
    public var timeZone: TimeZone {
        switch self {
        case .wib: TimeZone(secondsFromGMT: 7 * 3600)!
        case .wita: TimeZone(secondsFromGMT: 8 * 3600)!
        case .wit: TimeZone(secondsFromGMT: 9 * 3600)!
        }
    }

    /// A Gregorian calendar in the zone.
    public var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
