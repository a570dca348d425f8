/// How a learner's answer, in the form Lentera's pages send it, becomes the QTI response variables of an imported item:
/// choices by their identifiers, matches and orders by the identifiers behind their texts, gaps by the response (or, for
/// a gap match, the gap) they fill.
public enum QTIBinding: Sendable, Equatable, Codable {
    /// A choice, text, number or essay answering one response variable.
    case single(String)
    /// An ordering; `identifiers` maps each shown text to its choice identifier.
    case ordering(response: String, identifiers: [String: String])
    /// A matching; texts to identifiers, and whether a pair is written premise first (`directedPair` source, target).
    case matching(response: String, premises: [String: String], targets: [String: String], premiseFirst: Bool)
    /// Fill in the blanks; each gap id to what it fills.
    case gaps([String: GapTarget])

    public enum GapTarget: Sendable, Equatable, Codable {
        /// The gap's text, or its chosen option's identifier, is the response's value.
        case value(response: String)
        /// The chosen option (a `gapText`) fills `gap` of a gap match: a `directedPair` of the two in `response`.
        case gapMatch(response: String, gap: String)
    }

    /// The response variables an answer sets; those it does not set are NULL.
    public func values(for response: QuizResponse?, declarations: [QTIProgram.ResponseVariable]) -> [String: QTIValue] {
        var byIdentifier: [String: QTIProgram.ResponseVariable] = [:]
        for declaration in declarations { byIdentifier[declaration.identifier] = declaration }
        var result: [String: QTIValue] = [:]
        guard let response else { return result }
        switch (self, response) {
        case (.single(let identifier), _):
            guard let declaration = byIdentifier[identifier] else { return result }
            result[identifier] = Self.value(of: response, for: declaration)
        case (.ordering(let identifier, let identifiers), .order(let texts)):
            let ids = texts.compactMap { identifiers[$0] }
            guard ids.count == texts.count else { return result }
            result[identifier] = .container(.ordered, ids.map(QTIScalar.identifier))
        case (.matching(let identifier, let premises, let targets, let premiseFirst), .matches(let matches)):
            let unordered = byIdentifier[identifier]?.baseType == .pair
            var pairs: [QTIScalar] = []
            for (premiseText, targetText) in matches.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                guard let premise = premises[QuizItem.Pair.premise(ofKey: premiseText)], let target = targets[targetText] else { continue }
                let (first, second) = premiseFirst ? (premise, target) : (target, premise)
                pairs.append(unordered ? .pair(first, second) : .directedPair(first, second))
            }
            result[identifier] = .container(byIdentifier[identifier]?.cardinality ?? .multiple, pairs)
        case (.gaps(let targets), .gaps(let filled)):
            var pairs: [String: [QTIScalar]] = [:]
            for (gap, value) in filled.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                switch targets[gap] {
                case .value(let identifier):
                    guard let declaration = byIdentifier[identifier] else { continue }
                    result[identifier] = Self.value(of: .text(value), for: declaration)
                case .gapMatch(let identifier, let gapIdentifier):
                    guard !value.isEmpty else { continue }
                    pairs[identifier, default: []].append(.directedPair(value, gapIdentifier))
                case nil:
                    continue
                }
            }
            for (identifier, values) in pairs {
                result[identifier] = .container(byIdentifier[identifier]?.cardinality ?? .multiple, values)
            }
        default:
            break
        }
        return result
    }

    /// One answer as the value of a response variable of the declared type; NULL when it cannot be one.
    static func value(of response: QuizResponse, for declaration: QTIProgram.ResponseVariable) -> QTIValue {
        let scalars: [QTIScalar]
        switch response {
        case .choices(let chosen):
            scalars = chosen.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { QTIScalar.parse($0, as: declaration.baseType) }
        case .text(let typed), .essay(let typed):
            // A typed answer is trimmed of surrounding whitespace (a phone keyboard adds a space after a word);
            // an essay is kept as written.
            let text = response == .essay(typed) ? typed : typed.trimmingSpaces()
            if declaration.baseType == .string {
                scalars = text.isEmpty ? [] : [.string(text)]
            } else {
                scalars = QTIScalar.parse(text, as: declaration.baseType).map { [$0] } ?? []
            }
        case .number(let number):
            switch declaration.baseType {
            case .integer:
                scalars = number.isFinite && number == number.rounded() && abs(number) < 9e15 ? [.integer(Int(number))] : []
            case .float:
                scalars = [.float(number)]
            case .string:
                scalars = [.string(QTIScalar.numberText(number))]
            default:
                scalars = []
            }
        case .matches, .order, .gaps:
            scalars = []
        }
        if declaration.cardinality == .single {
            return scalars.count == 1 ? .single(scalars[0]) : .null
        }
        return .container(declaration.cardinality, scalars)
    }
}
