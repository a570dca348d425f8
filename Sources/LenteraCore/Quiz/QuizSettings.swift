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

    /// Reads a `<quiz>` element; nil (with problems) when it cannot be used.
    static func read(_ element: XMLElement, problems: inout [Problem], file: String) -> QuizSettings? {
        let attributes = element.attributes
        func value(_ name: String) -> String? {
            attributes[name].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func fail(_ indonesian: String, _ english: String) {
            problems.append(Problem(file: file, line: element.line, kind: .quizDeclaration(indonesian: indonesian, english: english)))
        }
        guard let id = value("id") else {
            problems.append(Problem(file: file, line: element.line, kind: .missingAttribute(element: "quiz", attribute: "id")))
            return nil
        }
        guard CoursePath.isValidID(id) else {
            fail("id kuis \"\(id)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah",
                 "quiz id \"\(id)\" is invalid: use letters, digits, hyphens, dots or underscores")
            return nil
        }
        guard let href = value("href") else {
            problems.append(Problem(file: file, line: element.line, kind: .missingAttribute(element: "quiz", attribute: "href")))
            return nil
        }
        var settings = QuizSettings(
            id: id, title: value("title") ?? id, href: href, attempts: 1, timeLimit: nil, passingScore: 70, feedback: .afterSubmit,
            closes: nil, review: true, draw: nil, drawPerCategory: [:], shuffle: true, kind: nil, pair: nil, line: element.line
        )
        settings.titleGiven = value("title") != nil
        var valid = true
        if let text = value("attempts") {
            if let number = Int(text), (0...1000).contains(number) {
                settings.attempts = number
            } else {
                fail("attempts=\"\(text)\" harus bilangan bulat 0 sampai 1000 (0 = tanpa batas)",
                     "attempts=\"\(text)\" must be a whole number from 0 to 1000 (0 = unlimited)")
                valid = false
            }
        }
        if let text = value("time-limit") {
            if let seconds = Self.duration(text) {
                settings.timeLimit = seconds
            } else {
                fail("time-limit=\"\(text)\" harus lama dalam menit (misalnya 20 atau 1.5) atau detik dengan akhiran s (misalnya 90s)",
                     "time-limit=\"\(text)\" must be minutes (such as 20 or 1.5) or seconds ending in s (such as 90s)")
                valid = false
            }
        }
        if let text = value("passing-score") {
            if let score = Double(text.replacingOccurrences(of: "%", with: "")), (0...100).contains(score) {
                settings.passingScore = score
            } else {
                fail("passing-score=\"\(text)\" harus persen 0 sampai 100", "passing-score=\"\(text)\" must be a percentage from 0 to 100")
                valid = false
            }
        }
        if let text = value("feedback") {
            if let timing = FeedbackTiming(rawValue: text.lowercased()) {
                settings.feedback = timing
            } else {
                fail("feedback=\"\(text)\" tidak dikenal: gunakan immediate, after-submit atau after-close",
                     "unknown feedback=\"\(text)\": use immediate, after-submit or after-close")
                valid = false
            }
        }
        if let text = value("closes") {
            if let date = Self.date(text) {
                settings.closes = date
            } else {
                fail("closes=\"\(text)\" harus tanggal ISO 8601, misalnya 2026-12-31 atau 2026-12-31T17:00:00+07:00",
                     "closes=\"\(text)\" must be an ISO 8601 date, such as 2026-12-31 or 2026-12-31T17:00:00+07:00")
                valid = false
            }
        }
        if settings.feedback == .afterClose, settings.closes == nil, valid {
            fail("feedback=\"after-close\" memerlukan atribut closes (kapan kuis ditutup)",
                 "feedback=\"after-close\" needs a closes attribute (when the quiz closes)")
            valid = false
        }
        for (name, keyPath) in [("review", \QuizSettings.review), ("shuffle", \QuizSettings.shuffle)] {
            guard let text = value(name)?.lowercased() else { continue }
            if ["true", "ya"].contains(text) {
                settings[keyPath: keyPath] = true
            } else if ["false", "tidak"].contains(text) {
                settings[keyPath: keyPath] = false
            } else {
                fail("\(name)=\"\(text)\" harus true atau false", "\(name)=\"\(text)\" must be true or false")
                valid = false
            }
        }
        if let text = value("draw") {
            if let count = Int(text), count > 0 {
                settings.draw = count
            } else {
                fail("draw=\"\(text)\" harus bilangan bulat positif", "draw=\"\(text)\" must be a positive whole number")
                valid = false
            }
        }
        for child in element.children {
            guard child.name == "draw" else {
                problems.append(Problem(file: file, line: child.line, kind: .unknownElement(child.name)))
                continue
            }
            guard let category = child.attributes["category"]?.trimmingSpaces(), !category.isEmpty,
                let count = child.attributes["count"].flatMap({ Int($0.trimmingSpaces()) }), count >= 0
            else {
                problems.append(Problem(file: file, line: child.line, kind: .quizDeclaration(
                    indonesian: "<draw> memerlukan category dan count (bilangan bulat)",
                    english: "<draw> needs category and count (a whole number)")))
                valid = false
                continue
            }
            settings.drawPerCategory[category] = count
        }
        if let text = value("kind") {
            if let kind = Kind(rawValue: text.lowercased()) {
                settings.kind = kind
            } else {
                fail("kind=\"\(text)\" tidak dikenal: gunakan pre atau post", "unknown kind=\"\(text)\": use pre or post")
                valid = false
            }
        }
        settings.pair = value("pair")
        for name in attributes.keys where !Self.knownAttributes.contains(name) {
            problems.append(Problem(file: file, line: element.line, kind: .quizDeclaration(
                indonesian: "atribut \(name) pada <quiz> tidak dikenal", english: "unknown attribute \(name) on <quiz>")))
            valid = false
        }
        return valid ? settings : nil
    }

    static let knownAttributes: Set<String> = [
        "id", "title", "href", "attempts", "time-limit", "passing-score", "feedback", "closes", "review", "draw", "shuffle", "kind",
        "pair",
    ]

    /// `20` or `1.5` minutes, or `90s` seconds.
    static func duration(_ text: String) -> TimeInterval? {
        let lowered = text.lowercased().replacingOccurrences(of: ",", with: ".")
        if lowered.hasSuffix("s"), let seconds = Double(lowered.dropLast()), seconds > 0, seconds <= 24 * 3600 { return seconds }
        if let minutes = Double(lowered), minutes > 0, minutes <= 24 * 60 { return minutes * 60 }
        return nil
    }

    /// A full ISO 8601 date-time, or a date alone (the end of that day in Western Indonesian Time).
    static func date(_ text: String) -> Date? {
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
