import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Items nobody here wrote (oat-sa/qti-sdk's samples), exported by Lentera and imported again: every answer a learner
/// can give scores on the item read back exactly as on the item first imported, and so as qti-sdk scores it.
@Suite struct QTIRoundTripConformanceTests {
    @Test func everyAcceptedItemScoresTheSameAfterExportAndImport() throws {
        let expectedPath = QTIConformanceTests.folder + "/expected.json"
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: expectedPath))) as? [String: Any])
        let entries = try #require(json["items"] as? [[String: Any]])
        var items = 0, answers = 0, keptRules = 0
        var differences: [String] = []
        for entry in entries {
            let file = try #require(entry["file"] as? String)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: QTIConformanceTests.folder + "/" + file)))
            guard let item = QTIImporter.item(bytes).items.first, let program = item.qti else { continue }
            items += 1
            let (result, _) = QTITests.roundTrip([item])
            guard let back = result.items.first else {
                differences.append("\(file): not read back: \(result.problems.map(\.english))")
                continue
            }
            // Its own rules come back, after the rules that set Lentera's feedback outcomes (when it has feedback).
            if let rules = back.qti?.rules, rules.count >= program.rules.count, Array(rules.suffix(program.rules.count)) == program.rules {
                keptRules += 1
            } else {
                differences.append("\(file): its rules did not come back")
            }
            if back.points != item.points { differences.append("\(file): worth \(back.points), first \(item.points)") }
            for (index, testCase) in (entry["cases"] as? [[String: Any]] ?? []).enumerated() where !(testCase["error"] is String) {
                var responses: [String: QTIValue] = [:]
                for (identifier, value) in testCase["responses"] as? [String: Any] ?? [:] {
                    responses[identifier] = try QTIConformanceTests.value(value)
                }
                guard let answer = QTIConformanceTests.lenteraResponse(responses, item: item, program: program) else { continue }
                answers += 1
                let first = Scoring.score(item, answer).points
                // The same response, by its identifiers: a text QTI 2.1 cannot write as it was (`bdo` is QTI 2.2) reads
                // back as another text behind the same identifier.
                let again = Scoring.score(back, Self.translated(answer, from: program.binding, to: back.qti?.binding)).points
                if abs(first - again) > 1e-9 {
                    differences.append("\(file) case \(index) \(String(describing: answer)): \(again) after the round trip, \(first) before")
                }
            }
        }
        print("QTI round trip (oat-sa/qti-sdk samples): \(items) items exported and read back, \(keptRules) with their own rules kept; \(answers - differences.count) of \(answers) learner answers score as before")
        #expect(differences.isEmpty, "\(differences.count) differences:\n\(differences.prefix(40).joined(separator: "\n"))")
        #expect(items >= 40 && answers >= 200)
    }

    /// A learner's answer to the first item as the same answer to the item read back: shown texts mapped through the
    /// identifiers behind them.
    static func translated(_ answer: QuizResponse?, from first: QTIBinding, to back: QTIBinding?) -> QuizResponse? {
        func through(_ text: String, _ before: [String: String], _ after: [String: String]) -> String {
            guard let identifier = before[text], let found = after.first(where: { $0.value == identifier }) else { return text }
            return found.key
        }
        switch (answer, first, back) {
        case (.order(let texts)?, .ordering(_, let before), .ordering(_, let after)?):
            return .order(texts.map { through($0, before, after) })
        case (.matches(let matches)?, .matching(_, let premises, let targets, _), .matching(_, let premisesBack, let targetsBack, _)?):
            var result: [String: String] = [:]
            for (premise, target) in matches { result[through(premise, premises, premisesBack)] = through(target, targets, targetsBack) }
            return .matches(result)
        default:
            return answer
        }
    }
}
