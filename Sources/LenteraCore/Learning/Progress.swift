import Foundation

/// How a module counts as complete, declared per module in `course.xml`.
public enum CompletionRule: Sendable, Equatable, CustomStringConvertible {
    /// Opening the module completes it (the default).
    case viewed
    /// The module must be open for at least this many minutes, counted from heartbeats.
    case timeSpent(minutes: Int)
    /// The learner presses "Tandai selesai".
    case markedDone
    /// The learner passes the course's quiz with this id (a passed attempt marks the module done).
    case quizPassed(quizID: String)

    /// Reads the `completion`, `minutes` and `quiz` attributes of a `<module>`.
    public init?(attribute: String?, minutes: String?, quiz: String? = nil) {
        switch attribute?.trimmingSpaces().lowercased() ?? "viewed" {
        case "", "viewed": self = .viewed
        case "marked", "marked-done": self = .markedDone
        case "quiz", "kuis":
            guard let quiz = quiz?.trimmingSpaces(), !quiz.isEmpty else { return nil }
            self = .quizPassed(quizID: quiz)
        case "time":
            guard let minutes, let value = Int(minutes.trimmingSpaces()), value > 0, value <= 600 else { return nil }
            self = .timeSpent(minutes: value)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .viewed: "viewed"
        case .timeSpent(let minutes): "time:\(minutes)"
        case .markedDone: "marked"
        case .quizPassed(let quizID): "quiz:\(quizID)"
        }
    }

    /// Progress from 0 to 1 that a summary earns under this rule.
    public func progress(of summary: ContentSummary) -> Double {
        switch self {
        case .viewed: summary.firstAccess == nil ? 0 : 1
        case .timeSpent(let minutes): min(1, summary.timeSpent / Double(minutes * 60))
        case .markedDone, .quizPassed: summary.markedDone ? 1 : 0
        }
    }

    /// Whether the learner may press "Tandai selesai" on the module.
    public var allowsMarkingDone: Bool { self == .markedDone }
}

/// One learner's summary of one module (Kolibri's ContentSummaryLog): progress, time, first and last access.
public struct ContentSummary: Sendable, Equatable {
    public var accountID: Int64
    public var courseID: String
    /// The module's stable content id.
    public var moduleID: String
    public var progress: Double
    /// Seconds.
    public var timeSpent: Double
    public var firstAccess: Date?
    public var lastAccess: Date?
    public var completedAt: Date?
    public var markedDone: Bool
    /// When a heartbeat last added time, over all visits: several tabs open on one module count once.
    public var lastHeartbeat: Date?

    /// A summary of a module not visited yet.
    public init(accountID: Int64, courseID: String, moduleID: String) {
        self.accountID = accountID
        self.courseID = courseID
        self.moduleID = moduleID
        progress = 0
        timeSpent = 0
        markedDone = false
    }

    /// Whether the module is complete.
    public var isComplete: Bool { completedAt != nil }

    /// Applies the rule after a change: progress never goes down, completion is stamped once.
    public mutating func apply(_ rule: CompletionRule, at date: Date) {
        progress = max(progress, rule.progress(of: self))
        if progress >= 1, completedAt == nil {
            completedAt = date
        }
    }
}

/// A module page view as the store recorded it, read in one transaction: the visit the page's heartbeats continue, the
/// module's summary after the view, and the learner's ledger entries of the course (every version), so that a page
/// view costs one round trip to the database.
public struct ModuleVisit: Sendable, Equatable {
    public var session: ContentSession
    public var summary: ContentSummary
    /// Whether the view wrote anything (a new visit, or a summary it changed); false when reads alone answered it
    /// (``ContentSummary/viewChangesRecord(at:rule:)``).
    public var recorded: Bool
    /// The learner's ledger entries of the course, any version.
    public var courseEntries: [LedgerEntry]

    public init(session: ContentSession, summary: ContentSummary, recorded: Bool, courseEntries: [LedgerEntry]) {
        self.session = session
        self.summary = summary
        self.recorded = recorded
        self.courseEntries = courseEntries
    }

    /// Whether a view at `date` of the module whose latest visit is `session` and summary `summary` is that visit
    /// continued and changes nothing recorded: reads alone answer it, and nothing is written.
    public static func needsNoWrite(session: ContentSession, summary: ContentSummary, at date: Date, rule: CompletionRule) -> Bool {
        session.continues(at: date) && !summary.viewChangesRecord(at: date, rule: rule)
    }
}

/// One visit to a module (Kolibri's ContentSessionLog), kept alive by heartbeats.
public struct ContentSession: Sendable, Equatable {
    /// The session log's public id (random, sent to the browser to address heartbeats).
    public var id: String
    public var accountID: Int64
    public var courseID: String
    public var moduleID: String
    public var start: Date
    public var end: Date
    /// Seconds.
    public var timeSpent: Double
    /// The highest heartbeat sequence number applied; a heartbeat at or below it is a repeat.
    public var lastSequence: Int

    /// Creates a session log value.
    public init(
        id: String, accountID: Int64, courseID: String, moduleID: String, start: Date, end: Date, timeSpent: Double, lastSequence: Int
    ) {
        self.id = id
        self.accountID = accountID
        self.courseID = courseID
        self.moduleID = moduleID
        self.start = start
        self.end = end
        self.timeSpent = timeSpent
        self.lastSequence = lastSequence
    }

    /// A page view within this long of a visit's last sign of life is the same sitting: it continues that visit
    /// instead of opening another (so a reload or a click back and forth adds no row).
    public static let sittingGap: TimeInterval = 30 * 60

    /// Whether a view at `date` continues this visit.
    public func continues(at date: Date) -> Bool {
        date >= start && date.timeIntervalSince(end) <= Self.sittingGap
    }
}

/// Turns heartbeats into time: each one may add at most the wall time since the previous one, and never more
/// than the heartbeat interval allows, so a replayed or forged heartbeat cannot inflate time.
public enum Heartbeat {
    /// How often pages send a heartbeat, in seconds.
    public static let interval: Double = 30
    /// The most one heartbeat can add (interval plus slack for slow links).
    public static let maximumCredit: Double = 60

    /// The seconds a heartbeat adds; zero for a repeat.
    ///
    /// - Parameter lastCredited: when the learner's summary of this module last gained time from any visit, so that
    ///   parallel visits (several tabs) cannot add up faster than the clock.
    public static func credit(session: ContentSession, sequence: Int, now: Date, lastCredited: Date? = nil) -> Double {
        guard sequence > session.lastSequence else { return 0 }
        var elapsed = now.timeIntervalSince(session.end)
        if let lastCredited { elapsed = min(elapsed, now.timeIntervalSince(lastCredited)) }
        return max(0, min(elapsed, maximumCredit))
    }

    /// A heartbeat applied to a visit and the learner's summary of the module: what both become and the seconds
    /// credited; nil for a repeat or a replay (nothing counts twice).
    ///
    /// - Parameter learnerLastCredited: when any of the learner's modules last gained time: modules open side by side
    ///   (tabs, a script) share the clock, so time is credited at most as fast as it passes.
    public static func apply(
        sequence: Int, at date: Date, session: ContentSession, summary: ContentSummary, rule: CompletionRule, learnerLastCredited: Date? = nil
    ) -> (session: ContentSession, summary: ContentSummary, credit: Double)? {
        guard sequence > session.lastSequence else { return nil }
        let last = [summary.lastHeartbeat, learnerLastCredited].compactMap { $0 }.max()
        let credit = Heartbeat.credit(session: session, sequence: sequence, now: date, lastCredited: last)
        var session = session
        session.end = max(date, session.end)
        session.timeSpent += credit
        session.lastSequence = sequence
        var summary = summary
        summary.timeSpent += credit
        if credit > 0 { summary.lastHeartbeat = date }
        summary.apply(rule, at: date)
        return (session, summary, credit)
    }
}

/// A course as the completion rules see it: which modules are required and under which rule.
public struct CourseRequirements: Sendable {
    public var courseID: String
    public var version: String
    public var jp: JP
    /// Required module ids with their rules, in course order.
    public var rules: [(moduleID: String, rule: CompletionRule)]

    /// The requirements of a loaded course.
    public init(_ course: Course) {
        courseID = course.id
        version = course.creditVersion
        jp = course.jp
        rules = course.modules.filter(\.required).map { ($0.id, $0.completion) }
    }

    /// Whether every required module is complete.
    public func isComplete(_ summaries: [String: ContentSummary]) -> Bool {
        !rules.isEmpty && rules.allSatisfy { summaries[$0.moduleID]?.isComplete == true }
    }

    /// The share of required modules completed, 0 to 1.
    public func progress(_ summaries: [String: ContentSummary]) -> Double {
        guard !rules.isEmpty else { return 0 }
        let total = rules.reduce(0.0) { $0 + (summaries[$1.moduleID]?.progress ?? 0) }
        return total / Double(rules.count)
    }
}

/// A credit of JP in a learner's yearly ledger, earned by completing a course version; it carries the certificate.
public struct LedgerEntry: Sendable, Equatable {
    public var accountID: Int64
    public var courseID: String
    public var courseTitle: String
    /// The version JP is credited for (the author's label, or "1").
    public var courseVersion: String
    /// The digest of the course's files when it was completed: exactly which content the learner saw.
    public var contentDigest: String?
    /// The year (in Western Indonesian Time) the course was completed.
    public var year: Int
    public var jp: JP
    public var startedAt: Date
    public var completedAt: Date
    /// The learner's grade, 0 to 100: their result in the course's post-test or final quiz when the course was
    /// completed (``CourseGrade``); nil when the course has no such quiz or no attempt at it was graded by then.
    public var score: Int?
    /// The certificate number, unique and unguessable.
    public var certificateNumber: String

    /// The version as people read it: the credited version with the first characters of the content digest.
    public var displayVersion: String {
        contentDigest.map { "\(courseVersion) (\($0.prefix(8)))" } ?? courseVersion
    }

    /// Creates a ledger entry value.
    public init(
        accountID: Int64, courseID: String, courseTitle: String, courseVersion: String, year: Int, jp: JP, startedAt: Date,
        completedAt: Date, score: Int?, certificateNumber: String
    ) {
        self.accountID = accountID
        self.courseID = courseID
        self.courseTitle = courseTitle
        self.courseVersion = courseVersion
        self.contentDigest = nil
        self.year = year
        self.jp = jp
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.score = score
        self.certificateNumber = certificateNumber
    }
}

/// The yearly JP obligation: every ASN is owed at least 20 JP of competency development a year.
public enum JPLedger {
    /// The yearly target.
    public static let target = JP(hundredths: 2000)
    /// Western Indonesian Time, which decides the year of a completion.
    public static let timeZone = TimeZone(secondsFromGMT: 7 * 3600)!

    /// The year of a date in Western Indonesian Time.
    public static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.component(.year, from: date)
    }

    /// The total JP of a year's entries.
    public static func total(_ entries: [LedgerEntry], year: Int) -> JP {
        JP(hundredths: entries.filter { $0.year == year }.reduce(0) { $0 + $1.jp.hundredths })
    }

    /// Whether a total meets the target.
    public static func meetsTarget(_ total: JP) -> Bool { total >= target }
}
