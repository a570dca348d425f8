import Foundation
import Testing

@testable import LenteraCore

/// A program's evaluation at Kirkpatrick's levels 1 to 3 (issue 14).
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

    @Test func levelThreeCountsTheLearnersAskedAndTheirOwnAnswersByUnit() throws {
        let kabupaten = try #require(UnitPath(parsing: "Pemkab Sleman"))
        let bkpsdm = try #require(UnitPath(parsing: "Pemkab Sleman > BKPSDM > Bidang Diklat"))
        let dinkes = try #require(UnitPath(parsing: "Pemkab Sleman > Dinkes"))
        let bantul = try #require(UnitPath(parsing: "Pemkab Bantul > BKPSDM"))
        func answer(_ account: Int64, _ rating: Int, _ comment: String = "", by respondent: FollowUp.Respondent = .learner) -> FollowUp {
            FollowUp(programID: "p", accountID: account, respondent: respondent, respondentID: respondent == .learner ? account : 99, rating: rating,
                     comment: comment, answeredAt: Date(timeIntervalSince1970: 0))
        }
        var tally = ProgramEvaluation.BehaviourTally(below: kabupaten)
        for unit in [bkpsdm, bkpsdm, dinkes, bantul] { tally.ask(unit) }
        tally.add(answer(1, 4), unit: bkpsdm)
        tally.add(answer(2, 1, "belum ada kesempatan menerapkannya"), unit: bkpsdm)
        tally.add(answer(1, 5, by: .supervisor), unit: bkpsdm)  // counted apart from the learners' own
        tally.add(answer(3, 3), unit: bantul)  // outside the report's unit
        let row = try #require(tally.units[UnitPath(parsing: "Pemkab Sleman > BKPSDM")!])
        #expect(row.asked == 2 && row.answers == 2 && row.averageRating == 2.5 && row.supervisorAnswers == 1 && row.averageSupervisorRating == 5)
        #expect(tally.units[dinkes]?.asked == 1 && tally.units[dinkes]?.averageRating == nil)
        #expect(tally.total.asked == 3 && tally.total.answers == 2 && tally.units.count == 2)
        #expect(ProgramEvaluation.unchangedComments([answer(1, 4, "lebih cepat"), answer(2, 1, "belum ada kesempatan menerapkannya"), answer(5, 2, " ")])
            .map(\.comment) == ["belum ada kesempatan menerapkannya"])
    }
}
