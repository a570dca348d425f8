import Testing

@testable import LenteraCore

@Suite struct ScoringTests {
    typealias Choice = QuizItem.Choice

    let single = QuizItem(
        id: "q1", prompt: "Ibu kota?",
        interaction: .choice(choices: [Choice(id: "a", text: "Jakarta", weight: 1), Choice(id: "b", text: "Bandung", weight: 0)], multiple: false),
        points: 2
    )

    @Test func singleChoice() {
        #expect(Scoring.score(single, .choices(["a"])).points == 2)
        #expect(Scoring.score(single, .choices(["a"])).isCorrect)
        #expect(Scoring.score(single, .choices(["b"])).points == 0)
        #expect(Scoring.score(single, .choices([])).points == 0)
        #expect(Scoring.score(single, nil).points == 0)
        #expect(Scoring.score(single, .choices(["a", "b"])).points == 0)  // two answers to a single choice
        #expect(Scoring.score(single, .choices(["z"])).points == 0)  // an unknown choice id
        #expect(Scoring.score(single, .text("Jakarta")).points == 0)  // the wrong kind of answer
    }

    @Test func multipleResponseAllOrNothingAndWeighted() {
        let strict = QuizItem(id: "m", prompt: "", interaction: .choice(choices: [
            Choice(id: "a", text: "", weight: 1), Choice(id: "b", text: "", weight: 1), Choice(id: "c", text: "", weight: 0),
        ], multiple: true))
        #expect(Scoring.score(strict, .choices(["a", "b"])).points == 1)
        #expect(Scoring.score(strict, .choices(["a"])).points == 0)
        #expect(Scoring.score(strict, .choices(["a", "b", "c"])).points == 0)
        let weighted = QuizItem(id: "w", prompt: "", interaction: .choice(choices: [
            Choice(id: "a", text: "", weight: 0.5), Choice(id: "b", text: "", weight: 0.5), Choice(id: "c", text: "", weight: -1),
        ], multiple: true), points: 4)
        #expect(Scoring.score(weighted, .choices(["a"])).points == 2)
        #expect(Scoring.score(weighted, .choices(["a", "b"])).points == 4)
        #expect(Scoring.score(weighted, .choices(["a", "c"])).points == 0)  // never below zero
    }

    @Test func shortTextWithCaseWhitespaceAndWildcards() {
        let item = QuizItem(id: "t", prompt: "", interaction: .text(answers: [
            QuizItem.TextAnswer(pattern: "Badan Kepegawaian Negara"), QuizItem.TextAnswer(pattern: "BKN", weight: 0.8),
            QuizItem.TextAnswer(pattern: "badan kepegawaian*", weight: 0.5), QuizItem.TextAnswer(pattern: "5\\*", weight: 0.3),
        ], caseSensitive: false))
        #expect(Scoring.score(item, .text("  badan   KEPEGAWAIAN negara ")).points == 1)
        #expect(Scoring.score(item, .text("bkn")).points == 0.8)
        #expect(Scoring.score(item, .text("Badan Kepegawaian Daerah")).points == 0.5)
        #expect(Scoring.score(item, .text("5*")).points == 0.3)
        #expect(Scoring.score(item, .text("55")).points == 0)
        let strict = QuizItem(id: "s", prompt: "", interaction: .text(answers: [QuizItem.TextAnswer(pattern: "NIP")], caseSensitive: true))
        #expect(Scoring.score(strict, .text("nip")).points == 0)
        #expect(Scoring.score(strict, .text("NIP")).points == 1)
    }

    @Test func numericExactToleranceAndRange() {
        let item = QuizItem(id: "n", prompt: "", interaction: .numeric(answers: [
            QuizItem.NumericAnswer(value: 20), QuizItem.NumericAnswer(value: 20, tolerance: 2, weight: 0.5),
            QuizItem.NumericAnswer(minimum: 30, maximum: 40, weight: 0.25),
        ]))
        #expect(Scoring.score(item, .number(20)).points == 1)
        #expect(Scoring.score(item, .number(21.5)).points == 0.5)
        #expect(Scoring.score(item, .number(35)).points == 0.25)
        #expect(Scoring.score(item, .number(25)).points == 0)
        #expect(Scoring.score(item, .number(.nan)).points == 0)
        #expect(Scoring.score(item, .number(.infinity)).points == 0)
    }

    @Test func matchingOrderingAndGaps() {
        let matching = QuizItem(id: "p", prompt: "", interaction: .matching(pairs: [
            QuizItem.Pair(premise: "PNS", response: "20 JP"), QuizItem.Pair(premise: "SKP", response: "kinerja"),
        ], responses: ["20 JP", "kinerja", "cuti"]), points: 2)
        #expect(Scoring.score(matching, .matches(["PNS": "20 JP", "SKP": "kinerja"])).points == 2)
        #expect(Scoring.score(matching, .matches(["PNS": "20 JP", "SKP": "cuti"])).points == 1)
        let strict = QuizItem(id: "o", prompt: "", interaction: .ordering(correctOrder: ["a", "b", "c"], partialCredit: false))
        #expect(Scoring.score(strict, .order(["a", "b", "c"])).points == 1)
        #expect(Scoring.score(strict, .order(["a", "c", "b"])).points == 0)
        #expect(Scoring.score(strict, .order(["a", "b"])).points == 0)
        #expect(Scoring.score(strict, .order(["a", "b", "b"])).points == 0)
        let partial = QuizItem(id: "o2", prompt: "", interaction: .ordering(correctOrder: ["a", "b", "c", "d"], partialCredit: true))
        #expect(Scoring.score(partial, .order(["a", "b", "d", "c"])).points == 0.5)
        let gaps = QuizItem(id: "g", prompt: "", interaction: .gaps([
            QuizItem.Gap(id: "1", answers: [QuizItem.TextAnswer(pattern: "20")]),
            QuizItem.Gap(id: "2", options: [Choice(id: "x", text: "PNS", weight: 1), Choice(id: "y", text: "PPPK", weight: 0)]),
        ]), points: 2)
        #expect(Scoring.score(gaps, .gaps(["1": "20", "2": "x"])).points == 2)
        #expect(Scoring.score(gaps, .gaps(["1": "20", "2": "y"])).points == 1)
        #expect(Scoring.score(gaps, .gaps(["2": "x"])).points == 1)
    }

    @Test func essaysWaitForAGrader() {
        let essay = QuizItem(id: "e", prompt: "", interaction: .essay, points: 5)
        let score = Scoring.score(essay, .essay("Jawaban panjang"))
        #expect(score.needsGrading)
        #expect(score.points == 0)
        #expect(!score.isCorrect)
    }

    @Test func wildcardMatchingIsLinear() {
        #expect(Scoring.wildcardMatch(String(repeating: "a", count: 2000), String(repeating: "*a", count: 200) + "b") == false)
        #expect(Scoring.wildcardMatch("abc", "a*c"))
        #expect(Scoring.wildcardMatch("ac", "a*c"))
        #expect(!Scoring.wildcardMatch("ab", "a*c"))
    }
}

/// Invariants checked on many generated items and answers (a seeded generator makes every run the same).
@Suite struct ScoringPropertyTests {
    static func randomItem(_ generator: inout SeededGenerator, index: Int) -> QuizItem {
        let points = Double(Int.random(in: 0...10, using: &generator))
        let count = Int.random(in: 1...6, using: &generator)
        let choices = (0..<count).map { QuizItem.Choice(id: "c\($0)", text: "", weight: Double(Int.random(in: -4...4, using: &generator)) / 4) }
        return QuizItem(id: "q\(index)", prompt: "", interaction: .choice(choices: choices, multiple: Bool.random(using: &generator)),
                        points: points, category: ["a", "b", nil][Int.random(in: 0...2, using: &generator)])
    }

    @Test func scoresStayWithinBounds() {
        var generator = SeededGenerator(seed: 42)
        for index in 0..<2000 {
            let item = Self.randomItem(&generator, index: index)
            guard case .choice(let choices, _) = item.interaction else { continue }
            let chosen = Set(choices.filter { _ in Bool.random(using: &generator) }.map(\.id))
            let score = Scoring.score(item, .choices(chosen))
            #expect(score.points >= 0 && score.points <= item.points, "\(item) \(chosen)")
        }
    }

    @Test func shufflingNeverChangesAScore() {
        var generator = SeededGenerator(seed: 7)
        for index in 0..<1000 {
            let item = Self.randomItem(&generator, index: index)
            guard case .choice(let choices, _) = item.interaction else { continue }
            let chosen = Set(choices.filter { _ in Bool.random(using: &generator) }.map(\.id))
            let shuffled = Draw.shuffledChoices(item, seed: generator.next())
            #expect(Scoring.score(item, .choices(chosen)) == Scoring.score(shuffled, .choices(chosen)))
        }
    }

    @Test func theSameSeedDrawsTheSameQuestions() {
        var generator = SeededGenerator(seed: 99)
        let pool = (0..<40).map { Self.randomItem(&generator, index: $0) }
        for seed in [UInt64(1), 2, 12345, .max] {
            let first = Draw.items(pool, perCategory: ["a": 3, "b": 2, nil: 1], seed: seed)
            let second = Draw.items(pool, perCategory: ["a": 3, "b": 2, nil: 1], seed: seed)
            #expect(first.map(\.id) == second.map(\.id))
            let inA = min(3, pool.filter { $0.category == "a" }.count)
            let inB = min(2, pool.filter { $0.category == "b" }.count)
            let uncategorized = min(1, pool.filter { $0.category == nil }.count)
            let expected: Int = inA + inB + uncategorized
            #expect(first.count == expected)
            #expect(Set(first.map(\.id)).count == first.count)  // no item twice
        }
        #expect(Draw.items(pool, perCategory: [:], seed: 1).map(\.id) != Draw.items(pool, perCategory: [:], seed: 2).map(\.id))
    }
}
