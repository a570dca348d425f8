import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Feedback on a blank's answers and options goes out in QTI (an outcome per blank) and comes back on import.
@Suite struct GapFeedbackRoundTripTests {
    @Test func blankFeedbackSurvivesExportAndImport() throws {
        let item = QuizItem(
            id: "wilayah", prompt: "Ibu kota DIY: [[g1]]. Kabupaten di utaranya: [[g2]].",
            interaction: .gaps([
                .init(id: "g1", answers: [
                    .init(pattern: "Yogyakarta", weight: 1, feedback: "Benar, Kota Yogyakarta."),
                    .init(pattern: "Jogja", weight: 0.5, feedback: "Tulis nama resminya."),
                ]),
                .init(id: "g2", options: [
                    .init(id: "p1", text: "Sleman", weight: 1, feedback: "Tepat."),
                    .init(id: "p2", text: "Bantul", weight: 0, feedback: "Bantul di selatan."),
                    .init(id: "p3", text: "Klaten", weight: 0),
                ]),
            ]))
        let (result, files) = QTITests.roundTrip([item])
        #expect(result.problems.isEmpty, "\(result.problems)")
        let back = try #require(result.items.first)
        guard case .gaps(let gaps) = back.interaction else { Issue.record("not gaps"); return }
        #expect(gaps.count == 2)
        // The texts come back as the HTML they were exported as.
        #expect(gaps[0].answers.map { $0.feedback.map(QTITests.plain) } == ["Benar, Kota Yogyakarta.", "Tulis nama resminya."], "\(files.keys.sorted())")
        #expect(gaps[1].options.map { $0.feedback.map(QTITests.plain) } == ["Tepat.", "Bantul di selatan.", nil])
        #expect(gaps[0].answers.map(\.weight) == [1, 0.5] && gaps[1].options.map(\.weight) == [1, 0, 0])
    }
}
