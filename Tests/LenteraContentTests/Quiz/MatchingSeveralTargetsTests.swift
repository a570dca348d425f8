import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// A QTI matching whose source takes several targets (`matchMax="2"`, as in the public `towns.xml`): the source is a
/// row for each of its matches, every row keeps its own answer, and the correct response earns every point.
@Suite struct MatchingSeveralTargetsTests {
    static let item = QTITests.document(
        """
        <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
          <correctResponse><value>A X</value><value>A Y</value><value>B Z</value></correctResponse>
          <mapping defaultValue="0" upperBound="3"><mapEntry mapKey="A X" mappedValue="1"/><mapEntry mapKey="A Y" mappedValue="1"/>
            <mapEntry mapKey="B Z" mappedValue="1"/></mapping>
        </responseDeclaration>
        """,
        body: """
            <matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="3">
              <prompt>Pasangkan provinsi dengan kabupatennya.</prompt>
              <simpleMatchSet>
                <simpleAssociableChoice identifier="A" matchMax="2">Yogyakarta</simpleAssociableChoice>
                <simpleAssociableChoice identifier="B" matchMax="1">Jawa Tengah</simpleAssociableChoice>
              </simpleMatchSet>
              <simpleMatchSet>
                <simpleAssociableChoice identifier="X" matchMax="1">Sleman</simpleAssociableChoice>
                <simpleAssociableChoice identifier="Y" matchMax="1">Bantul</simpleAssociableChoice>
                <simpleAssociableChoice identifier="Z" matchMax="1">Klaten</simpleAssociableChoice>
              </simpleMatchSet>
            </matchInteraction>
            """,
        processing: QTITests.mapResponse)

    static func answer(_ rows: [String], _ pairs: [QuizItem.Pair]) -> QuizResponse {
        .matches(Dictionary(uniqueKeysWithValues: zip(QuizItem.Pair.keys(pairs), rows).filter { !$0.1.isEmpty }))
    }

    @Test func eachRowKeepsItsOwnAnswerAndTheCorrectResponseEarnsEveryPoint() throws {
        let item = try #require(QTITests.only(Self.item))
        guard case .matching(let pairs, _) = item.interaction else { Issue.record("not a matching"); return }
        #expect(pairs.map(\.premise) == ["Yogyakarta", "Yogyakarta", "Jawa Tengah"])
        #expect(QuizItem.Pair.keys(pairs) == ["Yogyakarta", "Yogyakarta\u{1F}2", "Jawa Tengah"])
        #expect(item.points == 3)
        #expect(QTITests.points(item, Self.answer(["Sleman", "Bantul", "Klaten"], pairs)) == 3)
        #expect(QTITests.points(item, Self.answer(["Bantul", "Sleman", "Klaten"], pairs)) == 3, "a set of pairs: the rows' order is free")
        #expect(QTITests.points(item, Self.answer(["Sleman", "", "Klaten"], pairs)) == 2)
        // Sleman twice: a target taken more often than its matchMax, which a QTI player would not accept.
        #expect(QTITests.points(item, Self.answer(["Sleman", "Sleman", "Klaten"], pairs)) == 0)
        #expect(Scoring.fits(Self.answer(["Sleman", "Bantul", "Klaten"], pairs), item.interaction))
    }

    @Test func theRowsSurviveExportAndImport() throws {
        let item = try #require(QTITests.only(Self.item))
        let (result, files) = QTITests.roundTrip([item])
        #expect(result.problems.isEmpty, "\(result.problems) \(files.keys.sorted())")
        let back = try #require(result.items.first)
        guard case .matching(let pairs, _) = back.interaction else { Issue.record("not a matching"); return }
        #expect(pairs.map(\.premise) == ["Yogyakarta", "Yogyakarta", "Jawa Tengah"])
        #expect(QTITests.points(back, Self.answer(["Bantul", "Sleman", "Klaten"], pairs)) == back.points)
        let written = String(decoding: files.first { $0.key.hasSuffix(".xml") && $0.key != "imsmanifest.xml" }?.value ?? [], as: UTF8.self)
        // Written back with its own identifiers and limits (the source takes two targets), and its own rules.
        #expect(written.contains(#"identifier="A" matchMax="2""#), "\(written)")
    }
}
