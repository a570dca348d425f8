import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Items nobody here wrote (oat-sa/qti-sdk's samples), scored by Lentera's interpreter and compared with the scores
/// qti-sdk itself computed for the same responses (`expected.json`, made by `reference/generate.php`; see SOURCE.md).
@Suite struct QTIConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/conformance/qti/oat-sa").standardized.path

    struct Counts: CustomStringConvertible {
        var items = 0
        var accepted = 0
        var withoutProcessing = 0
        var partlyScoredByAPerson = 0
        var refused: [String: Int] = [:]
        var referenceErrors = 0
        var cases = 0
        var agreeing = 0
        var answeredAsALearner = 0

        var description: String {
            let reasons = refused.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "    \($0.value) × \($0.key)" }
            return """
                QTI conformance (oat-sa/qti-sdk samples): \(items) items, \(accepted) accepted and run by their own rules \
                (\(withoutProcessing) more accepted without response processing, \(partlyScoredByAPerson) partly scored by a person), \
                \(refused.values.reduce(0, +)) refused; \
                \(agreeing) of \(cases) generated responses score as qti-sdk does (\(referenceErrors) cases qti-sdk itself could not process); \
                \(answeredAsALearner) of them given as a learner gives them on Lentera's pages record that score
                refused, by reason:
                """ + "\n" + reasons.joined(separator: "\n")
        }
    }

    @Test func itemsScoreAsTheReferenceImplementation() throws {
        let expectedPath = Self.folder + "/expected.json"
        guard FileManager.default.fileExists(atPath: expectedPath) else {
            Issue.record("QTI conformance: \(expectedPath) not found; the corpus belongs in Tests/Fixtures (see Tests/Fixtures/SOURCES.md)")
            return
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: expectedPath))) as? [String: Any])
        let entries = try #require(json["items"] as? [[String: Any]])
        #expect(entries.count >= 100, "the fixture lists \(entries.count) items")
        var counts = Counts()
        var disagreements: [String] = []
        for entry in entries {
            let file = try #require(entry["file"] as? String)
            counts.items += 1
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + file)))
            let result = QTIImporter.item(bytes)
            guard let item = result.items.first else {
                let reason = result.problems.first.map { Self.reason($0.english) } ?? "no item"
                counts.refused[reason, default: 0] += 1
                continue
            }
            guard let program = item.qti else {
                counts.withoutProcessing += 1
                continue
            }
            counts.accepted += 1
            // The declared correct response earns the item's points.
            var correct: [String: QTIValue] = [:]
            for declaration in program.responses { correct[declaration.identifier] = declaration.correct }
            // (Unless a person scores part of the item: TAO's MAXSCORE then counts the points of a human-scored outcome.)
            let scoredByAPerson = String(decoding: bytes, as: UTF8.self).contains("externalScored=\"human\"")
            if scoredByAPerson { counts.partlyScoredByAPerson += 1 }
            if program.responses.contains(where: { $0.correct != .null }), !scoredByAPerson {
                let score = try QTIInterpreter.score(program, responses: correct)
                if abs(min(score, item.points) - item.points) > 1e-9 {
                    disagreements.append("\(file): the correct response scores \(score) of \(item.points)")
                }
            }
            for (index, testCase) in (entry["cases"] as? [[String: Any]] ?? []).enumerated() {
                if testCase["error"] is String {
                    counts.referenceErrors += 1
                    continue
                }
                counts.cases += 1
                var responses: [String: QTIValue] = [:]
                for (identifier, value) in testCase["responses"] as? [String: Any] ?? [:] {
                    responses[identifier] = try Self.value(value)
                }
                var interpreter = QTIInterpreter(program: program, responses: responses)
                let outcomes: [String: QTIValue]
                do {
                    outcomes = try interpreter.run()
                } catch {
                    disagreements.append("\(file) case \(index): \(error)")
                    continue
                }
                var agrees = true
                for (identifier, value) in testCase["outcomes"] as? [String: Any] ?? [:] {
                    let expected = try Self.value(value)
                    let actual = outcomes[identifier] ?? .null
                    if !Self.same(expected, actual) {
                        agrees = false
                        disagreements.append("\(file) case \(index) \(Self.brief(responses)): \(identifier) is \(actual), qti-sdk gives \(expected)")
                    }
                }
                if agrees { counts.agreeing += 1 }
                // The same answer given as a learner gives it on Lentera's pages, where it can be: the score recorded
                // is the item's SCORE, between 0 and the item's points.
                guard let answer = Self.lenteraResponse(responses, item: item, program: program) else { continue }
                counts.answeredAsALearner += 1
                let reference = outcomes[program.scoreOutcome]?.number ?? 0
                let expected = (min(item.points, max(0, reference)) * 1e6).rounded() / 1e6
                let recorded = Scoring.score(item, answer).points
                if abs(recorded - expected) > 1e-9 {
                    disagreements.append("\(file) case \(index) answered as \(String(describing: answer)): scores \(recorded), expected \(expected)")
                }
            }
        }
        print(counts)
        let listed = disagreements.prefix(40).joined(separator: "\n")
        #expect(disagreements.isEmpty, "\(disagreements.count) disagreements:\n\(listed)")
        #expect(counts.accepted >= 40, "\(counts)")
        #expect(counts.cases >= 300, "\(counts)")
        #expect(counts.answeredAsALearner >= 200, "\(counts)")
    }

    /// QTI response values as the answer a learner gives on Lentera's pages; nil when the pages cannot give it (a
    /// choice or text the question does not show, a text with surrounding spaces, which the pages trim, two texts in
    /// one gap, a premise matched twice). `.some(nil)` is no answer at all.
    static func lenteraResponse(_ responses: [String: QTIValue], item: QuizItem, program: QTIProgram) -> QuizResponse?? {
        var used: Set<String> = ["numAttempts", "duration"]
        func value(_ identifier: String) -> QTIValue {
            used.insert(identifier)
            return responses[identifier] ?? .null
        }
        func text(_ scalar: QTIScalar) -> String? {
            switch scalar {
            case .identifier(let text), .string(let text): text
            case .integer(let number): String(number)
            case .float(let number): String(number)
            default: nil
            }
        }
        var answer: QuizResponse?
        switch (program.binding, item.interaction) {
        case (.single(let identifier), .choice(let choices, let multiple)):
            let values = value(identifier).values
            var ids: Set<String> = []
            for scalar in values {
                guard case .identifier(let id) = scalar, choices.contains(where: { $0.id == id }), ids.insert(id).inserted else { return nil }
            }
            if ids.count > 1, !multiple { return nil }
            answer = ids.isEmpty ? nil : .choices(ids)
        case (.single(let identifier), .text):
            guard let scalar = value(identifier).scalar else { break }
            guard let typed = text(scalar), typed == typed.trimmingSpaces() else { return nil }
            answer = .text(typed)
        case (.single(let identifier), .numeric):
            guard let scalar = value(identifier).scalar else { break }
            guard let number = scalar.number else { return nil }
            answer = .number(number)
        case (.ordering(let identifier, let identifiers), .ordering(let correctOrder, _)):
            let values = value(identifier).values
            guard !values.isEmpty else { break }
            var texts: [String: String] = [:]
            for (shown, id) in identifiers { texts[id] = shown }
            let order = values.compactMap { scalar -> String? in
                guard case .identifier(let id) = scalar else { return nil }
                return texts[id]
            }
            guard order.count == values.count, order.count == correctOrder.count, Set(order) == Set(correctOrder) else { return nil }
            answer = .order(order)
        case (.matching(let identifier, let premises, let targets, _), .matching(let pairs, _)):
            let values = value(identifier).values
            guard !values.isEmpty else { break }
            var premiseTexts: [String: String] = [:]
            for (shown, id) in premises { premiseTexts[id] = shown }
            var targetTexts: [String: String] = [:]
            for (shown, id) in targets { targetTexts[id] = shown }
            let shownPremises = Set(pairs.map(\.premise))
            var matches: [String: String] = [:]
            for scalar in values {
                let candidates: [(String, String)]
                switch scalar {
                case .directedPair(let a, let b): candidates = [(a, b)]
                case .unorderedPair(let a, let b): candidates = [(a, b), (b, a)]
                default: return nil
                }
                guard let (premise, target) = candidates.compactMap({ pair -> (String, String)? in
                    guard let premise = premiseTexts[pair.0], shownPremises.contains(premise), let target = targetTexts[pair.1] else { return nil }
                    return (premise, target)
                }).first, matches[premise] == nil
                else { return nil }
                matches[premise] = target
            }
            answer = .matches(matches)
        case (.gaps(let targets), .gaps(let gaps)):
            var filled: [String: String] = [:]
            var placed: [String: Int] = [:]
            for (gapID, target) in targets {
                guard let gap = gaps.first(where: { $0.id == gapID }) else { return nil }
                switch target {
                case .value(let identifier):
                    guard let scalar = value(identifier).scalar else { continue }
                    guard let typed = text(scalar), typed == typed.trimmingSpaces() else { return nil }
                    if !gap.options.isEmpty, !gap.options.contains(where: { $0.id == typed }) { return nil }
                    filled[gapID] = typed
                case .gapMatch(let identifier, let gapIdentifier):
                    let into = value(identifier).values.filter {
                        if case .directedPair(_, let target) = $0 { return target == gapIdentifier }
                        return false
                    }
                    placed[identifier, default: 0] += into.count
                    guard into.count <= 1 else { return nil }
                    guard case .directedPair(let source, _)? = into.first else { continue }
                    guard gap.options.contains(where: { $0.id == source }) else { return nil }
                    filled[gapID] = source
                }
            }
            // Every pair of a gap match must have landed in a gap.
            for (identifier, count) in placed where count != value(identifier).values.count { return nil }
            answer = filled.isEmpty ? nil : .gaps(filled)
        default:
            return nil
        }
        for (identifier, given) in responses where !used.contains(identifier) && !given.isNull { return nil }
        // Beyond the interaction's limits (more choices than maxChoices, a text in more gaps than its matchMax) the
        // answer is one a delivery engine refuses: Lentera scores it 0; qti-sdk's processing alone does not say.
        if let limits = program.limits, !limits.allows(responses) { return nil }
        return .some(answer)
    }

    /// A problem's message without its particulars (names, values), to count reasons.
    static func reason(_ message: String) -> String {
        var result = ""
        var quoted = false
        for character in message {
            if character == "\"" {
                quoted.toggle()
                if quoted { result += "…" }
                continue
            }
            if !quoted { result.append(character) }
        }
        return result
    }

    static func brief(_ responses: [String: QTIValue]) -> String {
        responses.sorted { $0.key < $1.key }.filter { $0.value != .null }.map { "\($0.key)=\($0.value.values.map(describe))" }.joined(separator: " ")
    }

    static func describe(_ scalar: QTIScalar) -> String {
        switch scalar {
        case .identifier(let text), .string(let text), .uri(let text): text
        case .integer(let value): String(value)
        case .float(let value), .duration(let value): String(value)
        case .boolean(let value): String(value)
        case .unorderedPair(let a, let b): "{\(a) \(b)}"
        case .directedPair(let a, let b): "\(a)>\(b)"
        case .point(let x, let y): "(\(x),\(y))"
        }
    }

    /// Whether two values are the same as QTI compares them: numbers to 1e-9 (an integer and a float of one value
    /// alike), bags as multisets.
    static func same(_ expected: QTIValue, _ actual: QTIValue) -> Bool {
        if expected.isNull || actual.isNull { return expected.isNull && actual.isNull }
        func equal(_ a: QTIScalar, _ b: QTIScalar) -> Bool {
            if let x = a.number, let y = b.number { return abs(x - y) <= 1e-9 * max(1, abs(x)) }
            return a == b
        }
        switch (expected, actual) {
        case (.single(let a), .single(let b)):
            return equal(a, b)
        case (.ordered(let a), .ordered(let b)):
            return a.count == b.count && zip(a, b).allSatisfy(equal)
        case (.multiple(let a), .multiple(let b)):
            var rest = b
            for value in a {
                guard let index = rest.firstIndex(where: { equal(value, $0) }) else { return false }
                rest.remove(at: index)
            }
            return rest.isEmpty
        case (.record(let a), .record(let b)):
            return a.keys.sorted() == b.keys.sorted() && a.allSatisfy { key, value in b[key].map { equal(value, $0) } ?? false }
        default:
            return false
        }
    }

    struct BadFixture: Error, CustomStringConvertible {
        var description: String
    }

    /// A value as the fixture writes it: `{"cardinality", "baseType", "value"}` with NULL as null.
    static func value(_ json: Any) throws -> QTIValue {
        guard let object = json as? [String: Any] else {
            if json is NSNull { return .null }
            throw BadFixture(description: "not a value: \(json)")
        }
        let cardinality = QTICardinality(attribute: object["cardinality"] as? String ?? "single") ?? .single
        guard let raw = object["value"], !(raw is NSNull) else { return .null }
        if cardinality == .record {
            guard let fields = raw as? [String: Any] else { throw BadFixture(description: "not a record: \(raw)") }
            var record: [String: QTIScalar] = [:]
            for (name, field) in fields {
                guard let field = field as? [String: Any], let type = (field["baseType"] as? String).flatMap(QTIBaseType.init(attribute:)),
                    let value = field["value"], let scalar = try scalar(value, type)
                else { continue }
                record[name] = scalar
            }
            return .record(record)
        }
        guard let type = (object["baseType"] as? String).flatMap(QTIBaseType.init(attribute:)) else {
            throw BadFixture(description: "no base type in \(object)")
        }
        if cardinality == .single {
            return try scalar(raw, type).map(QTIValue.single) ?? .null
        }
        guard let list = raw as? [Any] else { throw BadFixture(description: "not a container: \(raw)") }
        return .container(cardinality, try list.compactMap { try scalar($0, type) })
    }

    static func scalar(_ json: Any, _ type: QTIBaseType) throws -> QTIScalar? {
        if json is NSNull { return nil }
        switch type {
        case .identifier: return (json as? String).map(QTIScalar.identifier)
        case .string: return (json as? String).map(QTIScalar.string)
        case .uri: return (json as? String).map(QTIScalar.uri)
        case .integer: return (json as? NSNumber).map { .integer($0.intValue) }
        case .float: return (json as? NSNumber).map { .float($0.doubleValue) }
        case .duration: return (json as? NSNumber).map { .duration($0.doubleValue) }
        case .boolean: return (json as? Bool).map(QTIScalar.boolean)
        case .pair, .directedPair:
            guard let parts = json as? [String], parts.count == 2 else { throw BadFixture(description: "not a pair: \(json)") }
            return type == .pair ? .pair(parts[0], parts[1]) : .directedPair(parts[0], parts[1])
        case .point:
            guard let parts = json as? [NSNumber], parts.count == 2 else { throw BadFixture(description: "not a point: \(json)") }
            return .point(parts[0].intValue, parts[1].intValue)
        }
    }
}
