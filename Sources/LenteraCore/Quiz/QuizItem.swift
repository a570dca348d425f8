/// One question, in the shape of a QTI `assessmentItem`: every authoring format (Markdown, QTI, GIFT) compiles to it.
public struct QuizItem: Sendable, Equatable, Codable {
    /// The item's id, unique within its quiz.
    public var id: String
    /// The question text (Markdown).
    public var prompt: String
    /// What kind of answer is expected and how it is scored.
    public var interaction: Interaction
    /// The most points the item gives.
    public var points: Double
    /// Feedback shown whatever the answer.
    public var generalFeedback: String?
    /// A category, for drawing N of M per category.
    public var category: String?
    /// A short name (GIFT `::title::`, QTI `title`, the Markdown heading); nil when the source has none.
    public var title: String?
    /// How `prompt`, choice texts and feedback are written.
    public var format: TextFormat
    /// The 1-based line in the source file where the item starts, for messages; not part of equality.
    public var line: Int?
    /// For an item imported from QTI, its own response processing: the score comes from running it (``QTIInterpreter``),
    /// the interaction's weights only show the expected answers. Not part of equality (an exported and re-imported
    /// question is the same question).
    public var qti: QTIProgram?
    /// What keeps its place when an attempt shuffles (``Draw/shuffledChoices(_:seed:)``): ids of choices, texts of a
    /// matching question's responses, ``fixedKey(gap:option:)`` of a blank's options. Set when the source says so
    /// (QTI `shuffle="false"` fixes every one, `fixed="true"` one; Moodle `<shuffleanswers>0`); nil when it says
    /// nothing, as in pools stored before. Not part of equality: it changes the order shown, not the question.
    public var fixedChoices: Set<String>?

    /// The key of a blank's option in ``fixedChoices`` (option ids are unique within their blank only).
    public static func fixedKey(gap: String, option: String) -> String {
        gap + "\u{1F}" + option
    }

    /// Every choice, response or option the item shows: what ``fixedChoices`` holds when nothing is shuffled.
    public var shuffleableKeys: Set<String> {
        switch interaction {
        case .choice(let choices, _): return Set(choices.map(\.id))
        case .matching(let pairs, let responses): return Set(responses + pairs.map(\.response))
        case .gaps(let gaps): return Set(gaps.flatMap { gap in gap.options.map { Self.fixedKey(gap: gap.id, option: $0.id) } })
        default: return []
        }
    }

    /// Whether the source asked for the order as written (every choice fixed).
    public var keepsOrder: Bool {
        guard let fixedChoices else { return false }
        let keys = shuffleableKeys
        return !keys.isEmpty && keys.isSubset(of: fixedChoices)
    }

    /// Creates an item.
    public init(
        id: String, prompt: String, interaction: Interaction, points: Double = 1, generalFeedback: String? = nil,
        category: String? = nil, title: String? = nil, format: TextFormat = .markdown, line: Int? = nil
    ) {
        self.id = id
        self.prompt = prompt
        self.interaction = interaction
        self.points = points
        self.generalFeedback = generalFeedback
        self.category = category
        self.title = title
        self.format = format
        self.line = line
    }

    public static func == (lhs: QuizItem, rhs: QuizItem) -> Bool {
        lhs.id == rhs.id && lhs.prompt == rhs.prompt && lhs.interaction == rhs.interaction && lhs.points == rhs.points
            && lhs.generalFeedback == rhs.generalFeedback && lhs.category == rhs.category && lhs.title == rhs.title
            && lhs.format == rhs.format
    }

    /// Whether the item asks for an answer (all but descriptions).
    public var isAnswerable: Bool {
        if case .description = interaction { return false }
        return true
    }

    /// The markup of an item's texts.
    public enum TextFormat: String, Sendable, Equatable, Codable {
        /// Markdown (Lentera's quiz files, GIFT `[markdown]`); raw HTML in it is filtered as in modules.
        case markdown
        /// HTML or XHTML (QTI, GIFT `[html]`); filtered with the raw-HTML allowlist before display.
        case html
        /// Plain text, escaped for display (GIFT `[plain]`, and GIFT's default `[moodle]` format).
        case plain
    }

    /// A choice with its weight: the fraction of the item's points it earns (negative weights penalise).
    public struct Choice: Sendable, Equatable, Codable {
        public var id: String
        public var text: String
        /// -1 to 1.
        public var weight: Double
        public var feedback: String?

        public init(id: String, text: String, weight: Double, feedback: String? = nil) {
            self.id = id
            self.text = text
            self.weight = weight
            self.feedback = feedback
        }
    }

    /// An accepted text answer with its weight; `*` in the pattern matches any run of characters.
    public struct TextAnswer: Sendable, Equatable, Codable {
        public var pattern: String
        public var weight: Double
        public var feedback: String?

        public init(pattern: String, weight: Double = 1, feedback: String? = nil) {
            self.pattern = pattern
            self.weight = weight
            self.feedback = feedback
        }
    }

    /// An accepted number: exact, within a tolerance, or within a range, with its weight.
    public struct NumericAnswer: Sendable, Equatable, Codable {
        public var minimum: Double
        public var maximum: Double
        public var weight: Double
        public var feedback: String?

        /// `value ± tolerance`.
        public init(value: Double, tolerance: Double = 0, weight: Double = 1, feedback: String? = nil) {
            minimum = value - abs(tolerance)
            maximum = value + abs(tolerance)
            self.weight = weight
            self.feedback = feedback
        }

        /// A closed range.
        public init(minimum: Double, maximum: Double, weight: Double = 1, feedback: String? = nil) {
            self.minimum = min(minimum, maximum)
            self.maximum = max(minimum, maximum)
            self.weight = weight
            self.feedback = feedback
        }
    }

    /// One blank in a fill-in-the-blank item: typed (text answers) or a dropdown (choices).
    public struct Gap: Sendable, Equatable, Codable {
        public var id: String
        public var answers: [TextAnswer]
        /// For a dropdown gap, the options; the correct ones carry weight.
        public var options: [Choice]

        public init(id: String, answers: [TextAnswer] = [], options: [Choice] = []) {
            self.id = id
            self.answers = answers
            self.options = options
        }
    }

    /// The kinds of question (QTI interactions).
    public enum Interaction: Sendable, Equatable, Codable {
        /// Single choice (`multiple` false, also true/false) or multiple response.
        /// Without any partial weights, a multiple response is all or nothing (QTI match_correct).
        case choice(choices: [Choice], multiple: Bool)
        /// Short text; matching ignores case unless `caseSensitive`, and always surrounding and repeated whitespace.
        case text(answers: [TextAnswer], caseSensitive: Bool)
        /// A number.
        case numeric(answers: [NumericAnswer])
        /// Premises to match to responses; each correct pair earns its share. `responses` may hold distractors.
        case matching(pairs: [Pair], responses: [String])
        /// Items to put in order; `partialCredit` gives each item in its place a share, else all or nothing.
        case ordering(correctOrder: [String], partialCredit: Bool)
        /// Fill in the blanks; each gap earns its share.
        case gaps([Gap])
        /// A free text graded by an author or operator.
        case essay
        /// Text between questions (GIFT description items): nothing to answer, no points.
        case description
    }

    /// A premise and the response it belongs to.
    public struct Pair: Sendable, Equatable, Codable {
        public var premise: String
        public var response: String

        public init(premise: String, response: String) {
            self.premise = premise
            self.response = response
        }

        /// The keys a matching answer (``QuizResponse/matches(_:)``) is kept under, one per row: each premise's text,
        /// and for a premise shown again (a QTI source matched to several targets, `matchMax` above 1) its text and
        /// its occurrence, so that every row keeps its own answer.
        public static func keys(_ pairs: [Pair]) -> [String] {
            var seen: [String: Int] = [:]
            return pairs.map { pair in
                let occurrence = seen[pair.premise, default: 0] + 1
                seen[pair.premise] = occurrence
                return occurrence == 1 ? pair.premise : pair.premise + "\u{1F}" + String(occurrence)
            }
        }

        /// The premise text a key of ``keys(_:)`` stands for.
        public static func premise(ofKey key: String) -> String {
            key.firstIndex(of: "\u{1F}").map { String(key[..<$0]) } ?? key
        }
    }
}

/// A learner's answer to one item.
public enum QuizResponse: Sendable, Equatable, Codable {
    case choices(Set<String>)
    case text(String)
    case number(Double)
    /// Premise to chosen response.
    case matches([String: String])
    case order([String])
    /// Gap id to the text typed or the option id chosen.
    case gaps([String: String])
    case essay(String)

    /// The first control character in what the learner typed that free text may not hold (see ``ControlCharacters``);
    /// nil when there is none. Choices, matches and orders are not typed: they are checked against the question.
    public var refusedControlCharacter: Unicode.Scalar? {
        switch self {
        case .text(let text), .essay(let text):
            return ControlCharacters.first(inFreeText: text)
        case .gaps(let filled):
            for value in filled.values {
                if let scalar = ControlCharacters.first(inFreeText: value) { return scalar }
            }
            return nil
        case .choices, .number, .matches, .order:
            return nil
        }
    }
}

/// A problem in a quiz file, located by line, with its message in both interface languages.
public struct QuizProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line, when known.
    public var line: Int?
    /// The message in Bahasa Indonesia.
    public var indonesian: String
    /// The message in English.
    public var english: String

    public init(line: Int?, indonesian: String, english: String) {
        self.line = line
        self.indonesian = indonesian
        self.english = english
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + english }
}

/// What reading a quiz file gives: the items it defines and the problems found. An item with a problem is
/// left out of `items`, and its problem is always reported: nothing is dropped silently.
public struct QuizParseResult: Sendable, Equatable {
    public var items: [QuizItem]
    public var problems: [QuizProblem]
    /// Files that came inside the quiz file (Moodle XML's embedded pictures and sounds), by their path relative to
    /// the quiz file's folder; the items' texts point at them.
    public var files: [String: EmbeddedFile] = [:]

    public init(items: [QuizItem] = [], problems: [QuizProblem] = []) {
        self.items = items
        self.problems = problems
    }
}

/// A file that came inside a quiz file: served at its course path like a file of the course folder.
public struct EmbeddedFile: Sendable, Equatable {
    public var bytes: [UInt8]
    /// Modification time of the quiz file it came in, seconds since 1970.
    public var modified: Double

    public init(bytes: [UInt8], modified: Double = 0) {
        self.bytes = bytes
        self.modified = modified
    }
}
