import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// For generated questions of every kind (weights negative, partial and full, blanks, pairs, orders) and for the QTI
/// items of the conformance corpus run by their own rules, generated answers always score between 0 and the item's
/// points, and the order an attempt shows choices, options and responses in never changes a score.
@Suite struct EveryKindScoringPropertyTests {
    static func weight(_ generator: inout SeededGenerator) -> Double {
        [-1, -0.5, 0, 0, 0.25, 0.5, 1][Int.random(in: 0..<7, using: &generator)]
    }

    static func item(_ index: Int, _ generator: inout SeededGenerator) -> QuizItem {
        let points = [0, 1, 2, 2.5, 10][Int.random(in: 0..<5, using: &generator)]
        let count = Int.random(in: 2...5, using: &generator)
        let texts = (0..<count).map { "t\($0)" }
        let interaction: QuizItem.Interaction
        switch index % 7 {
        case 0, 1:
            var choices = texts.map { QuizItem.Choice(id: $0, text: $0, weight: weight(&generator)) }
            choices[0].weight = 1
            interaction = .choice(choices: choices, multiple: index % 7 == 1)
        case 2:
            interaction = .text(answers: texts.map { QuizItem.TextAnswer(pattern: $0 + "*", weight: weight(&generator)) }, caseSensitive: Bool.random(using: &generator))
        case 3:
            interaction = .numeric(answers: (0..<count).map { QuizItem.NumericAnswer(value: Double($0), tolerance: 0.5, weight: weight(&generator)) })
        case 4:
            interaction = .matching(pairs: texts.map { QuizItem.Pair(premise: "p-" + $0, response: "r-" + $0) }, responses: texts.map { "r-" + $0 } + ["r-x"])
        case 5:
            interaction = .ordering(correctOrder: texts, partialCredit: Bool.random(using: &generator))
        default:
            interaction = .gaps(texts.map { text in
                Bool.random(using: &generator)
                    ? QuizItem.Gap(id: "g" + text, answers: [QuizItem.TextAnswer(pattern: text, weight: weight(&generator))])
                    : QuizItem.Gap(id: "g" + text, options: texts.map { QuizItem.Choice(id: $0, text: $0, weight: weight(&generator)) })
            })
        }
        return QuizItem(id: "q\(index)", prompt: "?", interaction: interaction, points: points)
    }

    static func response(_ item: QuizItem, _ generator: inout SeededGenerator) -> QuizResponse? {
        if Int.random(in: 0..<10, using: &generator) == 0 { return nil }
        switch item.interaction {
        case .choice(let choices, let multiple):
            let ids = choices.map(\.id).shuffled(using: &generator)
            return .choices(Set(ids.prefix(multiple ? Int.random(in: 0...ids.count, using: &generator) : 1)))
        case .text(let answers, _):
            return .text((answers.randomElement(using: &generator)?.pattern.replacingOccurrences(of: "*", with: "x") ?? "") + " ")
        case .numeric:
            return .number(Double(Int.random(in: -2...6, using: &generator)) + 0.25)
        case .matching(let pairs, let responses):
            return .matches(Dictionary(uniqueKeysWithValues: pairs.map { ($0.premise, responses.randomElement(using: &generator) ?? "") }))
        case .ordering(let order, _):
            return .order(order.shuffled(using: &generator))
        case .gaps(let gaps):
            return .gaps(Dictionary(uniqueKeysWithValues: gaps.map { gap in
                (gap.id, gap.options.isEmpty ? (gap.answers.first?.pattern ?? "") : (gap.options.randomElement(using: &generator)?.id ?? ""))
            }))
        case .essay: return .essay("x")
        case .description: return nil
        }
    }

    /// Every item of the QTI corpus that runs its own rules.
    static func qtiItems() -> [QuizItem] {
        let folder = QTIConformanceTests.folder
        return (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted().filter { $0.hasSuffix(".xml") }
            .flatMap { path in QTIImporter.item([UInt8](FileManager.default.contents(atPath: folder + "/" + path) ?? Data())).items }
            .filter { $0.qti != nil }
    }

    @Test func scoresStayWithinTheItemsPointsAndShufflingNeverChangesThem() {
        var generator = SeededGenerator(seed: 20_261_207)
        let items = (0..<700).map { Self.item($0, &generator) } + Self.qtiItems()
        #expect(items.filter { $0.qti != nil }.count >= 40)
        var scored = 0
        for item in items {
            for round in 0..<20 {
                let response = Self.response(item, &generator)
                let score = Scoring.score(item, response)
                #expect(score.points >= 0 && score.points <= max(0, item.points) + 1e-9, "\(item.id): \(String(describing: response)) scores \(score.points) of \(item.points)")
                let shuffled = Draw.shuffledChoices(item, seed: UInt64(round) &* 0x9E37_79B9_7F4A_7C15)
                #expect(Scoring.score(shuffled, response) == score, "\(item.id): shuffled, \(String(describing: response)) scores differently")
                scored += 1
            }
        }
        #expect(scored == items.count * 20)
    }
}
