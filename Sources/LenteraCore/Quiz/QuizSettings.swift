import Foundation

/// A quiz as `course.xml` declares it: where its questions are and how attempts run.
public struct QuizSettings: Sendable, Equatable {
    /// When learners see which answers were right and the feedback.
    public enum FeedbackTiming: String, Sendable, Equatable {
        /// Each question can be checked as soon as it is answered; a checked answer is final.
        case immediate
        /// After the attempt is submitted (the default).
        case afterSubmit = "after-submit"
        /// After the quiz closes (`closes`): nobody can learn the answers from a classmate's review meanwhile.
        case afterClose = "after-close"
    }

    /// Which side of a pre-test/post-test pair a quiz is.
    public enum Kind: String, Sendable, Equatable {
        case pre
        case post
    }

    /// The quiz id, unique in its course.
    public var id: String
    public var title: String
    /// Whether `course.xml` gave the title (else a Markdown quiz's own title is used, or the id).
    public var titleGiven = false
    /// The quiz file or package manifest, relative to the course folder.
    public var href: String
    /// Attempts allowed; 0 is unlimited.
    public var attempts: Int
    /// The time limit in seconds, if any.
    public var timeLimit: TimeInterval?
    /// The percentage needed to pass, 0 to 100.
    public var passingScore: Double
    public var feedback: FeedbackTiming
    /// When the quiz closes: no attempts start after it.
    public var closes: Date?
    /// Whether learners may review their submitted answers (when the feedback timing allows).
    public var review: Bool
    /// Questions drawn per attempt, nil for all.
    public var draw: Int?
    /// Questions drawn per category, for the categories named.
    public var drawPerCategory: [String: Int]
    /// Whether questions and choices are shuffled per attempt (else they keep the file's order).
    public var shuffle: Bool
    public var kind: Kind?
    /// The other quiz of a pre/post pair.
    public var pair: String?
    /// The line of the `<quiz>` element.
    public var line: Int

    package static let knownAttributes: Set<String> = [
        "id", "title", "href", "attempts", "time-limit", "passing-score", "feedback", "closes", "review", "draw", "shuffle", "kind",
        "pair",
    ]

    /// `20` or `1.5` minutes, or `90s` seconds.
    package static func duration(_ text: String) -> TimeInterval? {
        let lowered = text.lowercased().replacingOccurrences(of: ",", with: ".")
        if lowered.hasSuffix("s"), let seconds = Double(lowered.dropLast()), seconds > 0, seconds <= 24 * 3600 { return seconds }
        if let minutes = Double(lowered), minutes > 0, minutes <= 24 * 60 { return minutes * 60 }
        return nil
    }

    /// A full ISO 8601 date-time, or a date alone (the end of that day in Western Indonesian Time).
    package static func date(_ text: String) -> Date? {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let dayOnly = ISO8601DateFormatter()
        dayOnly.formatOptions = [.withFullDate]
        dayOnly.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        return dayOnly.date(from: text).map { $0.addingTimeInterval(24 * 3600 - 1) }
    }

    /// Whether the quiz has closed at a moment.
    public func isClosed(at date: Date) -> Bool {
        closes.map { date > $0 } ?? false
    }

    package init(id: String, title: String, href: String, attempts: Int, timeLimit: TimeInterval?, passingScore: Double, feedback: FeedbackTiming, closes: Date?, review: Bool, draw: Int?, drawPerCategory: [String: Int], shuffle: Bool, kind: Kind?, pair: String?, line: Int) {
        self.id = id
        self.title = title
        self.href = href
        self.attempts = attempts
        self.timeLimit = timeLimit
        self.passingScore = passingScore
        self.feedback = feedback
        self.closes = closes
        self.review = review
        self.draw = draw
        self.drawPerCategory = drawPerCategory
        self.shuffle = shuffle
        self.kind = kind
        self.pair = pair
        self.line = line
    }
}

/// A quiz of a loaded course: its settings and its question pool.
public struct Quiz: Sendable {
    public var settings: QuizSettings
    /// Every question of the pool, in file order.
    public var items: [QuizItem]
    /// A digest of the pool's source files.
    public var version: String
    /// Markdown shown above the questions (a Markdown quiz's text before its first question).
    public var introduction: String?
    /// The folder (relative to the course) of the file each question came from: relative links and images in a
    /// question resolve from there, as in modules.
    public var directories: [String: String] = [:]
    /// Files that came inside its quiz files, by course path (see ``QuizParseResult/files``).
    public var files: [String: EmbeddedFile] = [:]

    public var id: String { settings.id }
    public var title: String { settings.title }

    public init(settings: QuizSettings, items: [QuizItem], version: String, introduction: String? = nil, directories: [String: String] = [:]) {
        self.settings = settings
        self.items = items
        self.version = version
        self.introduction = introduction
        self.directories = directories
    }

    /// The questions one attempt shows, in the order it shows them: drawn and shuffled by the attempt's seed.
    public func draw(seed: UInt64) -> [QuizItem] {
        var counts: [String?: Int] = [:]
        for (category, count) in settings.drawPerCategory { counts[category] = count }
        var drawn = Draw.items(items, perCategory: counts, seed: seed)
        if let limit = settings.draw { drawn = Array(drawn.prefix(limit)) }
        guard settings.shuffle else {
            // Without shuffling, the questions drawn keep the file's order and their choices stay as written.
            let position = Dictionary(items.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
            return drawn.sorted { position[$0.id, default: 0] < position[$1.id, default: 0] }
        }
        return drawn.map { Draw.shuffledChoices($0, seed: seed) }
    }

    /// How many questions an attempt shows (descriptions aside).
    public var questionsPerAttempt: Int {
        if let draw = settings.draw { return draw }
        if settings.drawPerCategory.isEmpty { return items.filter(\.isAnswerable).count }
        return draw(seed: 0).filter(\.isAnswerable).count
    }

    /// The most points an attempt can earn.
    public static func maximum(_ items: [QuizItem]) -> Double {
        items.filter(\.isAnswerable).reduce(0) { $0 + max(0, $1.points) }
    }
}
