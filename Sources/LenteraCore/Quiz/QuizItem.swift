/// One question, in the shape of a QTI `assessmentItem`: every authoring format (Markdown, QTI, GIFT) compiles to it.
public struct QuizItem: Sendable, Equatable {
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

    /// Creates an item.
    public init(id: String, prompt: String, interaction: Interaction, points: Double = 1, generalFeedback: String? = nil, category: String? = nil) {
        self.id = id
        self.prompt = prompt
        self.interaction = interaction
        self.points = points
        self.generalFeedback = generalFeedback
        self.category = category
    }

    /// A choice with its weight: the fraction of the item's points it earns (negative weights penalise).
    public struct Choice: Sendable, Equatable {
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
    public struct TextAnswer: Sendable, Equatable {
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
    public struct NumericAnswer: Sendable, Equatable {
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
    public struct Gap: Sendable, Equatable {
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
    public enum Interaction: Sendable, Equatable {
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
    }

    /// A premise and the response it belongs to.
    public struct Pair: Sendable, Equatable {
        public var premise: String
        public var response: String

        public init(premise: String, response: String) {
            self.premise = premise
            self.response = response
        }
    }
}

/// A learner's answer to one item.
public enum QuizResponse: Sendable, Equatable {
    case choices(Set<String>)
    case text(String)
    case number(Double)
    /// Premise to chosen response.
    case matches([String: String])
    case order([String])
    /// Gap id to the text typed or the option id chosen.
    case gaps([String: String])
    case essay(String)
}
