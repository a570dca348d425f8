/// Seeded randomness for quiz attempts: the same seed draws the same questions in the same order with the same
/// choice order, so a review or a re-grade shows exactly what the learner saw.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed stored with the attempt.
    public init(seed: UInt64) {
        state = seed
    }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Drawing questions and shuffling choices for an attempt.
public enum Draw {
    /// N items per category (all when a category asks for more than it has), in a seeded order.
    public static func items(_ pool: [QuizItem], perCategory counts: [String?: Int], seed: UInt64) -> [QuizItem] {
        var generator = SeededGenerator(seed: seed)
        var drawn: [QuizItem] = []
        let categories = Array(Set(pool.map(\.category))).sorted { ($0 ?? "") < ($1 ?? "") }
        for category in categories {
            let members = pool.filter { $0.category == category }
            let count = counts[category] ?? members.count
            drawn += members.shuffled(using: &generator).prefix(max(0, count))
        }
        return drawn.shuffled(using: &generator)
    }

    /// The item with its choices (and dropdown options) in a seeded order; scoring uses ids, so order never matters.
    /// What the item's source fixed (``QuizItem/fixedChoices``) keeps its place; the rest move among the other places.
    public static func shuffledChoices(_ item: QuizItem, seed: UInt64) -> QuizItem {
        var generator = SeededGenerator(seed: seed ^ item.id.stableHash)
        var item = item
        let fixed = item.fixedChoices
        switch item.interaction {
        case .choice(let choices, let multiple):
            item.interaction = .choice(choices: shuffled(choices, key: \.id, fixed: fixed, using: &generator), multiple: multiple)
        case .gaps(let gaps):
            item.interaction = .gaps(gaps.map { gap in
                var gap = gap
                let id = gap.id
                gap.options = shuffled(gap.options, key: { QuizItem.fixedKey(gap: id, option: $0.id) }, fixed: fixed, using: &generator)
                return gap
            })
        case .matching(let pairs, let responses):
            item.interaction = .matching(pairs: pairs, responses: shuffled(responses, key: { $0 }, fixed: fixed, using: &generator))
        default:
            break
        }
        return item
    }

    /// Elements in a seeded order, those whose key is fixed in their place.
    public static func shuffled<Element>(
        _ elements: [Element], key: (Element) -> String, fixed: Set<String>?, using generator: inout SeededGenerator
    ) -> [Element] {
        guard let fixed, !fixed.isEmpty else { return elements.shuffled(using: &generator) }
        let movable = elements.indices.filter { !fixed.contains(key(elements[$0])) }
        var result = elements
        for (slot, element) in zip(movable, movable.map { elements[$0] }.shuffled(using: &generator)) { result[slot] = element }
        return result
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per run): FNV-1a.
    public var stableHash: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}
