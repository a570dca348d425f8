/// Which questions an attempt shows and in which order their choices appear, without the questions themselves:
/// those are kept once per quiz version (the pool), so an attempt stores a few hundred bytes, and a review or re-grade
/// rebuilds exactly what the learner saw from the pool of the version the attempt was drawn from.
public struct AttemptLayout: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        /// The question's id in the pool.
        public var id: String
        /// Choice ids (choice questions) or response texts (matching) in the order shown.
        public var order: [String]?
        /// Option ids per dropdown gap, in the order shown.
        public var gaps: [String: [String]]?
    }

    public var entries: [Entry]

    /// The layout of questions as drawn and shuffled.
    public init(items: [QuizItem]) {
        entries = items.map { item in
            switch item.interaction {
            case .choice(let choices, _): Entry(id: item.id, order: choices.map(\.id))
            case .matching(_, let responses): Entry(id: item.id, order: responses)
            case .gaps(let gaps):
                Entry(id: item.id, gaps: Dictionary(gaps.filter { !$0.options.isEmpty }.map { ($0.id, $0.options.map(\.id)) }, uniquingKeysWith: { a, _ in a }))
            default: Entry(id: item.id)
            }
        }
    }

    /// The questions as shown, rebuilt from the pool; nil when the pool does not hold them as laid out.
    public func items(from pool: [QuizItem]) -> [QuizItem]? {
        let byID = Dictionary(pool.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var items: [QuizItem] = []
        for entry in entries {
            guard var item = byID[entry.id] else { return nil }
            switch item.interaction {
            case .choice(let choices, let multiple):
                guard let order = entry.order, let reordered = Self.reorder(choices, by: order, key: \.id) else { return nil }
                item.interaction = .choice(choices: reordered, multiple: multiple)
            case .matching(let pairs, let responses):
                guard let order = entry.order, order.sorted() == responses.sorted() else { return nil }
                item.interaction = .matching(pairs: pairs, responses: order)
            case .gaps(let gaps):
                var rebuilt: [QuizItem.Gap] = []
                for var gap in gaps {
                    if !gap.options.isEmpty {
                        guard let order = entry.gaps?[gap.id], let reordered = Self.reorder(gap.options, by: order, key: \.id) else { return nil }
                        gap.options = reordered
                    }
                    rebuilt.append(gap)
                }
                item.interaction = .gaps(rebuilt)
            default:
                break
            }
            items.append(item)
        }
        return items
    }

    static func reorder<T>(_ values: [T], by order: [String], key: KeyPath<T, String>) -> [T]? {
        guard values.count == order.count else { return nil }
        let byKey = Dictionary(values.map { ($0[keyPath: key], $0) }, uniquingKeysWith: { first, _ in first })
        let reordered = order.compactMap { byKey[$0] }
        return reordered.count == values.count ? reordered : nil
    }

    /// Compact JSON, written by hand: attempts start by the hundred at once, and Foundation's encoder was a tenth of
    /// the time a start took.
    public func json() -> String {
        var out = "{\"entries\":["
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += "," }
            out += "{\"id\":" + Self.quoted(entry.id)
            if let order = entry.order { out += ",\"order\":[" + order.map(Self.quoted).joined(separator: ",") + "]" }
            if let gaps = entry.gaps {
                out += ",\"gaps\":{" + gaps.keys.sorted().map { Self.quoted($0) + ":[" + gaps[$0]!.map(Self.quoted).joined(separator: ",") + "]" }
                    .joined(separator: ",") + "}"
            }
            out += "}"
        }
        return out + "]}"
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
