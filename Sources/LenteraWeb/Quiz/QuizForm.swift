import Foundation
import LenteraCore

/// Reads the answers of a quiz form. Fields name their question (`a:<item id>[:<part>]`); a field for a question the
/// attempt does not show, or a value no question offers, refuses the whole form. A question shown but left empty
/// (`h:<item id>` without answer fields) gives no answer, except checkboxes left all unticked, which clear it.
enum QuizForm {
    /// What a form asks: answers to save, and questions the learner emptied (their saved answer goes).
    struct Answers {
        var given: [String: QuizResponse] = [:]
        var cleared: Set<String> = []
        /// Questions whose typed number does not read as one ("enam", "6 jam"): not saved, and the learner is
        /// asked again; the other answers are kept.
        var unreadableNumbers: [String] = []
    }

    /// Reads a form against the attempt. Answers already checked (immediate feedback) are final and their fields
    /// are ignored; a field of a question the attempt does not show, or a value it does not offer, refuses the form.
    static func answers(_ form: FormFields, attempt: QuizAttempt, stored: [String: QuizAnswer]) throws(QuizRefusal) -> Answers {
        try answers(form, items: attempt.items, stored: stored)
    }

    /// The same from the questions alone (the store checks everything again when it writes). Without the stored
    /// answers (nil), every question left empty is listed as cleared; the store removes those that exist.
    static func answers(_ form: FormFields, items: [QuizItem], stored: [String: QuizAnswer]?) throws(QuizRefusal) -> Answers {
        let known = stored ?? [:]
        let itemsByID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Group the answer fields by item.
        var parts: [String: [String: [String]]] = [:]
        var named: Set<String> = []
        for key in form.values.keys {
            if key.hasPrefix("h:") {
                let id = String(key.dropFirst(2))
                guard itemsByID[id] != nil else { throw .unknownItem(id) }
                named.insert(id)
                continue
            }
            guard key.hasPrefix("a:") else { continue }
            let rest = String(key.dropFirst(2))
            // The longest item id that the field names (ids may themselves hold colons).
            guard let id = itemsByID.keys.filter({ rest == $0 || rest.hasPrefix($0 + ":") }).max(by: { $0.count < $1.count }) else {
                throw .unknownItem(rest.split(separator: ":").first.map(String.init) ?? rest)
            }
            let part = rest == id ? "" : String(rest.dropFirst(id.count + 1))
            parts[id, default: [:]][part] = form.all(key)
            named.insert(id)
        }
        var answers = Answers()
        for id in named where known[id]?.checked != true {
            guard let item = itemsByID[id] else { throw .unknownItem(id) }
            if case .numeric = item.interaction, let typed = parts[id]?[""]?.first, !typed.trimmingSpaces().isEmpty, number(typed) == nil {
                answers.unreadableNumbers.append(id)
                continue
            }
            if let response = try response(item, parts[id] ?? [:]) {
                guard response.refusedControlCharacter == nil else { throw .controlCharacter(itemID: id) }
                guard AttemptGrading.validate(response, for: item) else { throw .invalidAnswer(itemID: id) }
                answers.given[id] = response
            } else if stored == nil || known[id] != nil {
                answers.cleared.insert(id)
            }
        }
        return answers
    }

    /// A typed number: a decimal comma or point, surrounding spaces allowed.
    static func number(_ text: String) -> Double? {
        Double(text.trimmingSpaces().replacingOccurrences(of: ",", with: ".")).flatMap { $0.isFinite ? $0 : nil }
    }

    /// Form values for choices are their positions as shown (1, 2, …), not their ids: ids written by authors
    /// (`a`, `b`, … in the order written, or `ChoiceA`) would tell which one is right.
    static func choiceID(_ value: String, in choices: [QuizItem.Choice]) -> String? {
        guard let position = Int(value), choices.indices.contains(position - 1) else { return nil }
        return choices[position - 1].id
    }

    /// The response a question's fields give; nil when the question was left unanswered.
    static func response(_ item: QuizItem, _ fields: [String: [String]]) throws(QuizRefusal) -> QuizResponse? {
        let single = fields[""]?.first
        if fields.keys.contains(where: { !$0.isEmpty }), !item.takesParts { throw .invalidAnswer(itemID: item.id) }
        if (fields[""]?.count ?? 0) > 1, !item.takesSeveral { throw .invalidAnswer(itemID: item.id) }
        switch item.interaction {
        case .choice(let choices, _):
            var chosen: Set<String> = []
            for value in fields[""] ?? [] {
                guard let id = choiceID(value, in: choices) else { throw .invalidAnswer(itemID: item.id) }
                chosen.insert(id)
            }
            return chosen.isEmpty ? nil : .choices(chosen)
        case .text:
            guard let single, !single.trimmingSpaces().isEmpty else { return nil }
            return .text(single)
        case .numeric:
            guard let single, !single.trimmingSpaces().isEmpty else { return nil }
            guard let value = number(single) else { throw .invalidAnswer(itemID: item.id) }
            return .number(value)
        case .essay:
            guard let single else { return nil }
            return .essay(single)
        case .matching(let pairs, _):
            var matches: [String: String] = [:]
            let keys = QuizItem.Pair.keys(pairs)
            for (part, values) in fields where !part.isEmpty {
                guard let index = Int(part), pairs.indices.contains(index), values.count == 1 else { throw .invalidAnswer(itemID: item.id) }
                if !values[0].isEmpty { matches[keys[index]] = values[0] }
            }
            return matches.isEmpty ? nil : .matches(matches)
        case .ordering(let correctOrder, _):
            var byPosition: [Int: String] = [:]
            for (part, values) in fields where !part.isEmpty {
                guard let position = Int(part), (1...correctOrder.count).contains(position), values.count == 1 else {
                    throw .invalidAnswer(itemID: item.id)
                }
                if !values[0].isEmpty {
                    guard correctOrder.contains(values[0]) else { throw .invalidAnswer(itemID: item.id) }
                    byPosition[position] = values[0]
                }
            }
            // Only a complete order (each item once) is an answer; a half-filled one is kept as unanswered.
            let order = (1...max(1, correctOrder.count)).compactMap { byPosition[$0] }
            return order.count == correctOrder.count && Set(order).count == order.count ? .order(order) : nil
        case .gaps(let gaps):
            var filled: [String: String] = [:]
            for (part, values) in fields where !part.isEmpty {
                guard let gap = gaps.first(where: { $0.id == part }), values.count == 1 else { throw .invalidAnswer(itemID: item.id) }
                guard !values[0].trimmingSpaces().isEmpty else { continue }
                if gap.options.isEmpty {
                    filled[part] = values[0]
                } else {
                    guard let id = choiceID(values[0], in: gap.options) else { throw .invalidAnswer(itemID: item.id) }
                    filled[part] = id
                }
            }
            return filled.isEmpty ? nil : .gaps(filled)
        case .description:
            if !fields.isEmpty { throw .invalidAnswer(itemID: item.id) }
            return nil
        }
    }
}

extension QuizItem {
    /// Whether the question's answer comes in several named fields (matching, ordering, gaps).
    var takesParts: Bool {
        switch interaction {
        case .matching, .ordering, .gaps: true
        default: false
        }
    }

    /// Whether one field may carry several values (multiple response).
    var takesSeveral: Bool {
        if case .choice(_, let multiple) = interaction { return multiple }
        return false
    }
}
