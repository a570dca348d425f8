/// The score of one answered item.
public struct ItemScore: Sendable, Equatable {
    /// Points earned, between 0 and `maximum`.
    public var points: Double
    /// The item's points.
    public var maximum: Double
    /// Whether a person must grade it (essays).
    public var needsGrading: Bool

    /// Whether the answer earned every point.
    public var isCorrect: Bool { !needsGrading && maximum > 0 && points >= maximum - 1e-9 }
}

/// Scoring as pure functions: the server computes every score; nothing here trusts the browser.
public enum Scoring {
    /// Scores a response to an item. A response of the wrong kind, or naming choices the item does not have,
    /// scores zero (the web layer refuses such submissions before they get here).
    public static func score(_ item: QuizItem, _ response: QuizResponse?) -> ItemScore {
        if case .description = item.interaction {
            return ItemScore(points: 0, maximum: 0, needsGrading: false)
        }
        let maximum = max(0, item.points)
        func scored(_ fraction: Double) -> ItemScore {
            ItemScore(points: (min(1, max(0, fraction)) * maximum * 1e6).rounded() / 1e6, maximum: maximum, needsGrading: false)
        }
        if let program = item.qti, item.interaction != .essay {
            // An imported QTI item scores by its own rules, over the answer as its response variables.
            if let response, !fits(response, item.interaction) { return scored(0) }
            let values = program.binding.values(for: response, declarations: program.responses)
            if let limits = program.limits, !limits.allows(values) { return scored(0) }
            let score = (try? QTIInterpreter.score(program, responses: values)) ?? 0
            return ItemScore(points: (min(maximum, max(0, score)) * 1e6).rounded() / 1e6, maximum: maximum, needsGrading: false)
        }
        guard let response else {
            return ItemScore(points: 0, maximum: maximum, needsGrading: false)
        }
        switch (item.interaction, response) {
        case (.choice(let choices, let multiple), .choices(let chosen)):
            let known = Set(choices.map(\.id))
            guard chosen.isSubset(of: known), multiple || chosen.count <= 1 else { return scored(0) }
            if !multiple {
                return scored(choices.first { chosen.contains($0.id) }?.weight ?? 0)
            }
            let partial = choices.contains { $0.weight > 0 && $0.weight < 1 } || choices.contains { $0.weight < 0 }
            if partial {
                return scored(choices.filter { chosen.contains($0.id) }.reduce(0) { $0 + $1.weight })
            }
            let correct = Set(choices.filter { $0.weight > 0 }.map(\.id))
            return scored(chosen == correct ? 1 : 0)
        case (.text(let answers, let caseSensitive), .text(let text)):
            return scored(bestTextWeight(text, answers, caseSensitive: caseSensitive))
        case (.numeric(let answers), .number(let value)):
            guard value.isFinite else { return scored(0) }
            return scored(matchedAnswer(value, answers)?.weight ?? 0)
        case (.matching(let pairs, _), .matches(let matches)):
            guard !pairs.isEmpty else { return scored(0) }
            let right = zip(pairs, QuizItem.Pair.keys(pairs)).filter { pair, key in matches[key] == pair.response }.count
            return scored(Double(right) / Double(pairs.count))
        case (.ordering(let correctOrder, let partialCredit), .order(let order)):
            guard !correctOrder.isEmpty, Set(order) == Set(correctOrder), order.count == correctOrder.count else { return scored(0) }
            if !partialCredit { return scored(order == correctOrder ? 1 : 0) }
            let inPlace = zip(order, correctOrder).filter { $0 == $1 }.count
            return scored(Double(inPlace) / Double(correctOrder.count))
        case (.gaps(let gaps), .gaps(let filled)):
            guard !gaps.isEmpty else { return scored(0) }
            let total = gaps.reduce(0.0) { sum, gap in
                guard let answer = filled[gap.id] else { return sum }
                if !gap.options.isEmpty {
                    return sum + min(1, max(0, gap.options.first { $0.id == answer }?.weight ?? 0))
                }
                return sum + min(1, max(0, bestTextWeight(answer, gap.answers, caseSensitive: false)))
            }
            return scored(total / Double(gaps.count))
        case (.essay, .essay):
            return ItemScore(points: 0, maximum: maximum, needsGrading: true)
        default:
            return scored(0)
        }
    }

    /// Whether an answer is of the item's kind and names only what the item shows: choices it has, premises and
    /// responses it lists, each item of an ordering once, gaps and options it has.
    static func fits(_ response: QuizResponse, _ interaction: QuizItem.Interaction) -> Bool {
        switch (interaction, response) {
        case (.choice(let choices, let multiple), .choices(let chosen)):
            return chosen.isSubset(of: Set(choices.map(\.id))) && (multiple || chosen.count <= 1)
        case (.text, .text), (.numeric, .number), (.essay, .essay):
            return true
        case (.matching(let pairs, let responses), .matches(let matches)):
            let premises = Set(QuizItem.Pair.keys(pairs))
            let targets = Set(responses + pairs.map(\.response))
            return matches.allSatisfy { premises.contains($0.key) && ($0.value.isEmpty || targets.contains($0.value)) }
        case (.ordering(let correctOrder, _), .order(let order)):
            return order.count == correctOrder.count && Set(order) == Set(correctOrder)
        case (.gaps(let gaps), .gaps(let filled)):
            return filled.allSatisfy { id, value in
                guard let gap = gaps.first(where: { $0.id == id }) else { return false }
                return gap.options.isEmpty || value.isEmpty || gap.options.contains { $0.id == value }
            }
        default:
            return false
        }
    }

    /// The weight of the best accepted answer a text matches.
    static func bestTextWeight(_ text: String, _ answers: [QuizItem.TextAnswer], caseSensitive: Bool) -> Double {
        matchedAnswer(text, answers, caseSensitive: caseSensitive)?.weight ?? 0
    }

    /// The answer a typed text is scored by, whose feedback it gets: the best-weighted one it matches (the first of
    /// equals); nil when it matches none.
    public static func matchedAnswer(_ text: String, _ answers: [QuizItem.TextAnswer], caseSensitive: Bool) -> QuizItem.TextAnswer? {
        let given = normalize(text, caseSensitive: caseSensitive)
        return answers.filter { wildcardMatch(given, normalize($0.pattern, caseSensitive: caseSensitive)) }.max { $0.weight < $1.weight }
    }

    /// The answer a number is scored by, whose feedback it gets: the best-weighted range holding it.
    public static func matchedAnswer(_ value: Double, _ answers: [QuizItem.NumericAnswer]) -> QuizItem.NumericAnswer? {
        guard value.isFinite else { return nil }
        return answers.filter { value >= $0.minimum - 1e-12 && value <= $0.maximum + 1e-12 }.max { $0.weight < $1.weight }
    }

    /// Trims, collapses whitespace and (unless case matters) folds case.
    public static func normalize(_ text: String, caseSensitive: Bool) -> String {
        let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return caseSensitive ? collapsed : collapsed.lowercased()
    }

    /// Whether `text` matches `pattern`, where `*` stands for any run of characters (`\*` for a literal star).
    public static func wildcardMatch(_ text: String, _ pattern: String) -> Bool {
        var tokens: [Character?] = []  // nil is a wildcard
        var escaped = false
        for character in pattern {
            if escaped {
                tokens.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                tokens.append(character == "*" ? nil : character)
            }
        }
        if escaped { tokens.append("\\") }
        let characters = Array(text)
        // Dynamic programming over text positions: linear in text length per token.
        var reachable = [Bool](repeating: false, count: characters.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: characters.count + 1)
            if let token {
                for index in 0..<characters.count where reachable[index] && characters[index] == token { next[index + 1] = true }
            } else {
                var seen = false
                for index in 0...characters.count {
                    seen = seen || reachable[index]
                    next[index] = seen
                }
            }
            reachable = next
        }
        return reachable[characters.count]
    }
}
