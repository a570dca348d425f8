import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Markdown → model → QTI export → model: the same questions and the same scores, through the real Markdown renderer.
@Suite struct MarkdownRoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../..").standardized.path

    static func markdownRender(_ text: String, _ format: QuizItem.TextFormat) -> String {
        switch format {
        case .markdown: MarkdownRenderer().render(text).html
        case .html: RawHTMLFilter.filter(text)
        case .plain: escapeText(text)
        }
    }

    /// Responses worth comparing for an item: every choice alone and the right set, each accepted text, numbers at and
    /// around each range, the key of a matching, ordering or gap question and a wrong variant of it.
    static func responses(_ item: QuizItem) -> [QuizResponse] {
        switch item.interaction {
        case .choice(let choices, _):
            return choices.map { .choices([$0.id]) } + [.choices(Set(choices.filter { $0.weight > 0 }.map(\.id))), .choices([])]
        case .text(let answers, _):
            return answers.map { .text($0.pattern.replacingOccurrences(of: "*", with: "x")) } + [.text("jawaban lain")]
        case .numeric(let answers):
            return answers.flatMap { [QuizResponse.number($0.minimum), .number($0.maximum), .number(($0.minimum + $0.maximum) / 2), .number($0.maximum + 1000)] }
        case .matching(let pairs, _):
            let right = Dictionary(pairs.map { ($0.premise, $0.response) }, uniquingKeysWith: { a, _ in a })
            let shifted = Dictionary(zip(pairs.map(\.premise), pairs.map(\.response).reversed()).map { ($0, $1) }, uniquingKeysWith: { a, _ in a })
            return [.matches(right), .matches(shifted)]
        case .ordering(let order, _):
            return [.order(order), .order(order.reversed()), .order(Array(order.dropFirst()) + order.prefix(1))]
        case .gaps(let gaps):
            var right: [String: String] = [:]
            for gap in gaps { right[gap.id] = gap.options.first { $0.weight >= 1 }?.id ?? gap.answers.first?.pattern ?? "" }
            return [.gaps(right), .gaps(right.mapValues { _ in "salah" })]
        case .essay:
            return [.essay("Uraian.")]
        case .description:
            return []
        }
    }

    @Test(arguments: [
        "courses/penyusunan-program-pembinaan-asn/kuis/post-test.quiz.md", "courses/penyusunan-program-pembinaan-asn/kuis/pre-test.quiz.md",
        "courses/pengelolaan-data-spreadsheet/kuis/cek-rumus.quiz.md",
    ])
    func shippedMarkdownQuizzesSurviveAQTIRoundTrip(_ path: String) throws {
        try expectRoundTrip(try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8), name: path)
    }

    /// The author guide's complete example holds every kind of question.
    @Test func theGuidesExampleOfEveryKindSurvivesAQTIRoundTrip() throws {
        let guide = try String(contentsOfFile: Self.root + "/docs/authoring.md", encoding: .utf8)
        let start = try #require(guide.range(of: "```markdown quiz\n"))
        let end = try #require(guide.range(of: "\n```", range: start.upperBound..<guide.endIndex))
        try expectRoundTrip(String(guide[start.upperBound..<end.lowerBound]), name: "docs/authoring.md example")
    }

    func expectRoundTrip(_ source: String, name path: String) throws {
        let parsed = MarkdownQuizParser.parse(source)
        #expect(parsed.problems.isEmpty)
        #expect(!parsed.items.isEmpty)
        let (back, files) = QTITests.roundTrip(parsed.items, render: Self.markdownRender)
        #expect(back.problems.isEmpty, "\(back.problems)")
        for (name, bytes) in files {
            #expect(throws: Never.self, "\(name) is well-formed") { try SafeXMLParser.parse(bytes) }
        }
        #expect(back.items.map(\.id) == parsed.items.map(\.id))
        var compared = 0
        for (original, imported) in zip(parsed.items, back.items) {
            #expect(imported.points == original.points, "\(original.id)")
            for response in Self.responses(original) {
                let translated = translate(response, from: original, to: imported)
                let before = Scoring.score(original, response)
                let after = Scoring.score(imported, translated)
                #expect(before.points == after.points && before.needsGrading == after.needsGrading,
                        "\(original.id): \(response) scores \(before.points), after the round trip \(after.points)")
                compared += 1
            }
        }
        print("round trip \(path): \(parsed.items.count) questions, \(compared) responses scored the same before and after")
    }

    /// Like ``QTITests/translate``, but comparing texts through the Markdown renderer.
    func translate(_ response: QuizResponse, from original: QuizItem, to back: QuizItem) -> QuizResponse {
        var backs: [String] = []
        switch back.interaction {
        case .matching(let pairs, let responses): backs = pairs.map(\.premise) + pairs.map(\.response) + responses
        case .ordering(let order, _): backs = order
        default: return QTITests.identified(response, original)
        }
        func map(_ text: String) -> String {
            backs.first { QTITests.plain($0) == QTITests.plain(Self.markdownRender(text, original.format)) } ?? text
        }
        switch response {
        case .matches(let matches): return .matches(Dictionary(matches.map { (map($0.key), map($0.value)) }, uniquingKeysWith: { a, _ in a }))
        case .order(let order): return .order(order.map(map))
        default: return response
        }
    }
}
