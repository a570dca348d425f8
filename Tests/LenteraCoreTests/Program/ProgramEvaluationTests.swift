import Foundation
import Testing

@testable import LenteraCore

/// A program's evaluation at Kirkpatrick's levels 1 and 2 (issue 14).
@Suite struct ProgramEvaluationTests {
    @Test func levelOneCountsEveryRatingOnceAndPicksTheCommentsOfMaterialThatDidNotFit() {
        let ratings: [FeedbackSummary.Rating] = [
            ("a", "m1", 5, "berguna"), ("a", "m2", 4, ""), ("a", "", 1, "tidak sesuai tugas saya"), ("a", "m1", 2, "  "),
        ]
        #expect(ProgramEvaluation.reaction(ratings) == ProgramEvaluation.Reaction(responses: 4, averageRelevance: 3))
        #expect(ProgramEvaluation.reaction([]) == nil)
        #expect(ProgramEvaluation.unfitComments(ratings).map(\.comment) == ["tidak sesuai tugas saya"])
        // The program's mean weighs each activity by its ratings: (3 x 4 + 5 x 1) / 5.
        let program = ProgramEvaluation.programReaction([
            ProgramEvaluation.Reaction(responses: 4, averageRelevance: 3), nil, ProgramEvaluation.Reaction(responses: 1, averageRelevance: 5),
        ])
        #expect(program?.responses == 5 && program?.averageRelevance == 3.4)
        #expect(ProgramEvaluation.programReaction([nil, nil]) == nil)
    }

    @Test func levelTwoWeighsEachCoursesGainByItsLearners() {
        let first = ProgramEvaluation.learning(QuizReports.Gain(learners: 3, averagePre: 40, averagePost: 70, gain: 30, normalized: 0.5))
        let second = ProgramEvaluation.learning(QuizReports.Gain(learners: 1, averagePre: 80, averagePost: 90, gain: 10, normalized: 0.5))
        #expect(first == ProgramEvaluation.Learning(learners: 3, averagePre: 40, averagePost: 70, gain: 30))
        let program = ProgramEvaluation.programLearning([first, nil, second])
        #expect(program == ProgramEvaluation.Learning(learners: 4, averagePre: 50, averagePost: 75, gain: 25))
        #expect(ProgramEvaluation.learning(nil) == nil && ProgramEvaluation.programLearning([nil]) == nil)
    }
}
