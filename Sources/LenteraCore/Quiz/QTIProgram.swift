/// The response processing of a QTI item, kept with the item and run on every answer: the item's own declarations and
/// rules, so that an imported item scores exactly as its author's system scores it. Read by `QTIProgramReader` (LenteraContent),
/// run by ``QTIInterpreter``.
public struct QTIProgram: Sendable, Equatable, Codable {
    public var responses: [ResponseVariable]
    public var outcomes: [OutcomeVariable]
    public var rules: [QTIRule]
    /// How a Lentera answer to the item becomes the item's response variables.
    public var binding: QTIBinding
    /// The outcome that holds the score (`SCORE`).
    public var scoreOutcome: String
    /// What a response may hold, as the item's interactions say (`maxChoices`, `maxAssociations`, `matchMax`): a
    /// delivery engine enforces them before the rules run, and an answer beyond them scores nothing.
    public var limits: QTIResponseLimits?

    public init(responses: [ResponseVariable], outcomes: [OutcomeVariable], rules: [QTIRule], binding: QTIBinding, scoreOutcome: String = "SCORE") {
        self.responses = responses
        self.outcomes = outcomes
        self.rules = rules
        self.binding = binding
        self.scoreOutcome = scoreOutcome
    }

    /// For an item scored by the `map_response` template, the most its mapping can give: the upper bound, else the
    /// best entry (or default) of a single response, else the sum of a container's positive entries.
    public var bestMapping: Double? {
        guard rules == Self.mapResponseRules, let mapping = responses.first(where: { $0.identifier == "RESPONSE" })?.mapping else {
            return nil
        }
        if let upper = mapping.upperBound { return upper }
        let values = mapping.entries.map(\.value)
        let best: Double?
        if responses.first(where: { $0.identifier == "RESPONSE" })?.cardinality == .single {
            best = (values + [mapping.defaultValue]).max()
        } else {
            best = values.filter { $0 > 0 }.reduce(0, +)
        }
        return best.flatMap { $0.isFinite ? $0 : nil }
    }

    /// A `responseDeclaration`.
    public struct ResponseVariable: Sendable, Equatable, Codable {
        public var identifier: String
        public var cardinality: QTICardinality
        public var baseType: QTIBaseType
        public var correct: QTIValue
        public var mapping: QTIValueMapping?

        public init(identifier: String, cardinality: QTICardinality, baseType: QTIBaseType, correct: QTIValue = .null, mapping: QTIValueMapping? = nil) {
            self.identifier = identifier
            self.cardinality = cardinality
            self.baseType = baseType
            self.correct = correct
            self.mapping = mapping
        }
    }

    /// An `outcomeDeclaration`.
    public struct OutcomeVariable: Sendable, Equatable, Codable {
        public var identifier: String
        public var cardinality: QTICardinality
        public var baseType: QTIBaseType?
        public var defaultValue: QTIValue
        public var lookupTable: QTILookupTable?

        public init(
            identifier: String, cardinality: QTICardinality, baseType: QTIBaseType?, defaultValue: QTIValue = .null, lookupTable: QTILookupTable? = nil
        ) {
            self.identifier = identifier
            self.cardinality = cardinality
            self.baseType = baseType
            self.defaultValue = defaultValue
            self.lookupTable = lookupTable
        }

        /// The value before processing: the default, else 0 for a single numeric outcome (as QTI says), else NULL.
        public var initialValue: QTIValue {
            if defaultValue != .null { return defaultValue }
            if cardinality == .single, baseType == .integer { return .single(.integer(0)) }
            if cardinality == .single, baseType == .float { return .single(.float(0)) }
            return .null
        }
    }

    /// The rules of the `map_response` template.
    package static let mapResponseRules: [QTIRule] = [
        .condition([
            QTIBranch(condition: .apply("isnull", [:], [.variable("RESPONSE")]), rules: [.setOutcome("SCORE", .value(.single(.float(0))))]),
            QTIBranch(condition: nil, rules: [.setOutcome("SCORE", .mapResponse("RESPONSE"))]),
        ])
    ]
}

/// A `mapping`: response values to scores.
public struct QTIValueMapping: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var key: QTIScalar
        public var value: Double
        public var caseSensitive: Bool

        public init(key: QTIScalar, value: Double, caseSensitive: Bool = true) {
            self.key = key
            self.value = value
            self.caseSensitive = caseSensitive
        }
    }

    public var entries: [Entry]
    public var defaultValue: Double
    public var lowerBound: Double?
    public var upperBound: Double?

    public init(entries: [Entry], defaultValue: Double = 0, lowerBound: Double? = nil, upperBound: Double? = nil) {
        self.entries = entries
        self.defaultValue = defaultValue
        self.lowerBound = lowerBound
        self.upperBound = upperBound
    }
}

/// An outcome's `matchTable` or `interpolationTable`, for `lookupOutcomeValue`.
public enum QTILookupTable: Sendable, Equatable, Codable {
    case match(entries: [MatchEntry], defaultValue: QTIValue)
    case interpolation(entries: [InterpolationEntry], defaultValue: QTIValue)

    public struct MatchEntry: Sendable, Equatable, Codable {
        public var source: Int
        public var target: QTIScalar

        package init(source: Int, target: QTIScalar) {
            self.source = source
            self.target = target
        }
    }

    public struct InterpolationEntry: Sendable, Equatable, Codable {
        public var source: Double
        public var includeBoundary: Bool
        public var target: QTIScalar

        package init(source: Double, includeBoundary: Bool, target: QTIScalar) {
            self.source = source
            self.includeBoundary = includeBoundary
            self.target = target
        }
    }
}

/// A response rule.
public indirect enum QTIRule: Sendable, Equatable, Codable {
    case setOutcome(String, QTIExpression)
    case lookupOutcome(String, QTIExpression)
    /// `responseCondition`: the first branch whose condition is true runs; an `else` has no condition.
    case condition([QTIBranch])
    /// `exitResponse`: processing stops.
    case exit
}

/// One `responseIf`, `responseElseIf` or `responseElse`.
public struct QTIBranch: Sendable, Equatable, Codable {
    public var condition: QTIExpression?
    public var rules: [QTIRule]

    public init(condition: QTIExpression?, rules: [QTIRule]) {
        self.condition = condition
        self.rules = rules
    }
}

/// An expression of response processing.
public indirect enum QTIExpression: Sendable, Equatable, Codable {
    case value(QTIValue)
    case variable(String)
    case correct(String)
    case defaultValue(String)
    case mapResponse(String)
    /// An operator by its QTI name in lower case, with its attributes (names in lower case) and operands.
    case apply(String, [String: String], [QTIExpression])
}

/// The limits a QTI item's interactions set on its responses.
public struct QTIResponseLimits: Sendable, Equatable, Codable {
    /// Per response, the most values it may hold (`maxChoices`, `maxAssociations`).
    public var maximumValues: [String: Int]
    /// Per response, how many pairs each choice may be in (`matchMax`).
    public var uses: [String: [String: Int]]

    public init(maximumValues: [String: Int] = [:], uses: [String: [String: Int]] = [:]) {
        self.maximumValues = maximumValues
        self.uses = uses
    }

    public var isEmpty: Bool { maximumValues.isEmpty && uses.isEmpty }

    /// Whether responses keep within the limits.
    public func allows(_ responses: [String: QTIValue]) -> Bool {
        for (identifier, maximum) in maximumValues where (responses[identifier]?.values.count ?? 0) > maximum { return false }
        for (identifier, limits) in uses {
            var counts: [String: Int] = [:]
            for value in responses[identifier]?.values ?? [] {
                switch value {
                case .directedPair(let a, let b), .unorderedPair(let a, let b):
                    counts[a, default: 0] += 1
                    counts[b, default: 0] += 1
                default:
                    continue
                }
            }
            for (choice, count) in counts where count > (limits[choice] ?? .max) { return false }
        }
        return true
    }
}
