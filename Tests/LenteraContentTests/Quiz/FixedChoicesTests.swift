import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Choices that keep their place: QTI's `shuffle="false"` and `fixed="true"`, Moodle's `<shuffleanswers>0`, through
/// every attempt's shuffle and through export and import.
@Suite struct FixedChoicesTests {
    static let samples = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/conformance/qti/oat-sa/ims/items/2_1").standardized

    static func sample(_ name: String) throws -> QuizItem {
        let bytes = Array(try Data(contentsOf: samples.appendingPathComponent(name)))
        let result = QTIImporter.item(bytes)
        #expect(result.problems.isEmpty, "\(result.problems)")
        return try #require(result.items.first)
    }

    /// What each of 60 attempts shows: choice ids, responses, or options per blank.
    static func orders(_ item: QuizItem) -> [[String]] {
        (0..<60).map { seed in
            switch Draw.shuffledChoices(item, seed: UInt64(seed) &* 0x9E37_79B9).interaction {
            case .choice(let choices, _): return choices.map(\.id)
            case .matching(_, let responses): return responses
            case .gaps(let gaps): return gaps.flatMap { $0.options.map(\.id) }
            default: return []
            }
        }
    }

    static func choiceItem(shuffle: String, fixed: String = "") -> [UInt8] {
        QTITests.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
              <correctResponse><value>A</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <choiceInteraction responseIdentifier="RESPONSE" \(shuffle) maxChoices="1">
                  <simpleChoice identifier="A">Satu</simpleChoice><simpleChoice identifier="B">Dua</simpleChoice>
                  <simpleChoice identifier="C">Tiga</simpleChoice><simpleChoice identifier="D" \(fixed)>Tidak ada di atas</simpleChoice>
                </choiceInteraction>
                """,
            processing: QTITests.matchCorrect)
    }

    @Test func qtiChoicesKeepThePlacesTheItemFixes() throws {
        // oat-sa's own example: shuffled, "None of the above" fixed last.
        let fixedLast = try Self.sample("choice_fixed.xml")
        #expect(fixedLast.fixedChoices == ["ChoiceD"])
        let orders = Self.orders(fixedLast)
        #expect(orders.allSatisfy { $0.last == "ChoiceD" })
        #expect(Set(orders.map { $0.prefix(3) }).count > 3, "the other choices still move")
        // shuffle="false", or no shuffle attribute (QTI's default is not to shuffle): the order as written.
        for shuffle in [#"shuffle="false""#, ""] {
            let item = try #require(QTITests.only(Self.choiceItem(shuffle: shuffle)))
            #expect(item.keepsOrder)
            #expect(Self.orders(item).allSatisfy { $0 == ["A", "B", "C", "D"] })
        }
        // shuffle="true" without fixed choices: all move, as before.
        let free = try #require(QTITests.only(Self.choiceItem(shuffle: #"shuffle="true""#)))
        #expect(free.fixedChoices == nil)
        #expect(Set(Self.orders(free).map { $0.last }).count > 1)
    }

    @Test func qtiMatchingAndBlanksKeepTheirOrderWhenTheItemSaysSo() throws {
        let match = try Self.sample("match.xml")  // shuffle="true": the responses move
        #expect(match.fixedChoices == nil)
        #expect(Set(Self.orders(match)).count > 1)
        let bytes = try String(contentsOf: Self.samples.appendingPathComponent("match.xml"), encoding: .utf8)
            .replacingOccurrences(of: #"shuffle="true""#, with: #"shuffle="false""#)
        let kept = try #require(QTITests.only(Array(bytes.utf8)))
        guard case .matching(let pairs, let responses) = kept.interaction else { Issue.record("not matching"); return }
        #expect(Self.orders(kept).allSatisfy { $0 == responses })
        // Premises in the order the item lists them, whatever order its correct response gives.
        #expect(pairs.map { QTITests.plain($0.premise) } == ["Capulet", "Demetrius", "Lysander", "Prospero"])
        #expect(responses.map(QTITests.plain) == ["A Midsummer-Night's Dream", "Romeo and Juliet", "The Tempest"])

        let inline = try Self.sample("inline_choice.xml")  // shuffle="false"
        #expect(inline.keepsOrder)
        #expect(Set(Self.orders(inline)).count == 1)
        let inlineShuffled = try #require(QTITests.only(Array(try String(contentsOf: Self.samples.appendingPathComponent("inline_choice.xml"), encoding: .utf8)
            .replacingOccurrences(of: #"shuffle="false""#, with: #"shuffle="true""#).utf8)))
        #expect(inlineShuffled.fixedChoices == nil)
        #expect(Set(Self.orders(inlineShuffled)).count > 1)
    }

    @Test func moodleShuffleAnswersZeroKeepsTheOrder() throws {
        func question(_ shuffle: String) -> [UInt8] {
            Array("""
                <quiz><question type="multichoice"><name><text>Urutan</text></name>
                <questiontext format="html"><text>Pilih</text></questiontext><single>true</single>\(shuffle)
                <answer fraction="100"><text>Satu</text></answer><answer fraction="0"><text>Dua</text></answer>
                <answer fraction="0"><text>Tiga</text></answer><answer fraction="0"><text>Semua salah</text></answer>
                </question></quiz>
                """.utf8)
        }
        let kept = try #require(MoodleXMLImporter.parse(question("<shuffleanswers>0</shuffleanswers>")).items.first)
        #expect(kept.keepsOrder)
        #expect(Self.orders(kept).allSatisfy { $0 == ["c1", "c2", "c3", "c4"] })
        for shuffled in ["<shuffleanswers>1</shuffleanswers>", "<shuffleanswers>true</shuffleanswers>", ""] {
            #expect(try #require(MoodleXMLImporter.parse(question(shuffled)).items.first).fixedChoices == nil)
        }
    }

    @Test func fixedChoicesSurviveExportAndImport() throws {
        var lastFixed = QuizItem(
            id: "akhir", prompt: "Pilih", interaction: .choice(choices: [
                .init(id: "a", text: "Satu", weight: 1), .init(id: "b", text: "Dua", weight: 0), .init(id: "c", text: "Semua salah", weight: 0),
            ], multiple: false))
        lastFixed.fixedChoices = ["c"]
        var inOrder = QuizItem(
            id: "jodoh", prompt: "Pasangkan",
            interaction: .matching(pairs: [.init(premise: "Sleman", response: "DIY"), .init(premise: "Klaten", response: "Jateng")], responses: ["Jatim"]))
        inOrder.fixedChoices = inOrder.shuffleableKeys
        let free = QuizItem(id: "bebas", prompt: "Pilih", interaction: .choice(choices: [
            .init(id: "a", text: "Ya", weight: 1), .init(id: "b", text: "Tidak", weight: 0),
        ], multiple: false))
        let (result, files) = QTITests.roundTrip([lastFixed, inOrder, free])
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.items.map(\.fixedChoices) == [["c"], inOrder.shuffleableKeys, nil], "\(files.keys.sorted())")
        #expect(result.items[1].keepsOrder)

        let moodle = try MoodleXMLExporter.document([lastFixed, inOrder, free])
        let read = MoodleXMLImporter.parse(Array(moodle.utf8))
        #expect(read.problems.isEmpty, "\(read.problems)")
        // Moodle keeps all or none in place: a single fixed choice is shuffled there.
        #expect(read.items.map(\.keepsOrder) == [false, true, false])
    }

    /// A pool stored before this field existed reads as shuffling everything.
    @Test func aPoolStoredBeforeReadsAsShufflingAll() throws {
        let item = QuizItem(id: "q", prompt: "P", interaction: .choice(choices: [.init(id: "a", text: "A", weight: 1)], multiple: false))
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(item)) as? [String: Any] ?? [:]
        json.removeValue(forKey: "fixedChoices")
        let decoded = try JSONDecoder().decode(QuizItem.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.fixedChoices == nil)
    }
}
