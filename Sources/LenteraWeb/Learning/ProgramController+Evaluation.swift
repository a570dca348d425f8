import Foundation
import Hummingbird
import LenteraCore
import NIOCore

extension ProgramController {
    /// A program's evaluation over a subtree: participation and completion by unit, and each activity's level 1 and 2.
    struct Evaluation {
        struct Activity {
            var title: String
            var done: Int
            var reaction: ProgramEvaluation.Reaction?
            var learning: ProgramEvaluation.Learning?
        }

        var tally: ProgramTally
        var activities: [Activity]
        var reaction: ProgramEvaluation.Reaction?
        var learning: ProgramEvaluation.Learning?
        /// Level 3 by unit and for the program; nil when the program asks no follow-up.
        var behaviour: ProgramEvaluation.BehaviourTally?
        /// The comments that say the material did not fit daily work, with their activity's title.
        var unfit: [(activity: String, comment: String)]
    }

    func evaluation(_ program: Program, under unit: UnitPath?, language: Language) async throws -> Evaluation {
        var tally = ProgramTally(below: unit)
        var done = Array(repeating: 0, count: program.activities.count)
        var participants: Set<Int64> = []
        var behaviour = program.followUpWeeks.map { _ in ProgramEvaluation.BehaviourTally(below: unit) }
        let now = Date()
        try await eachParticipant(program, under: unit) { account, progress in
            tally.add(account, progress)
            participants.insert(account.id)
            if FollowUp.isAsked(program, progress: progress, now: now) { behaviour?.ask(account.unit) }
            for (index, state) in progress.states.enumerated() where state.isDone { done[index] += 1 }
        }
        let units = program.target.units(within: unit)
        // Level 1: the ratings of the program's courses by learners of its units.
        var ratings: [FeedbackSummary.Rating] = []
        for part in units { ratings += try await store.feedbackRatings(courseIDs: program.creditIDs, under: part) }
        let titles = ProgramText.activities(program, courses: learning.site.site.courses, eventHref: { _ in "" }, language).map(\.title)
        var activities: [Evaluation.Activity] = []
        var unfit: [(activity: String, comment: String)] = []
        for (index, activity) in program.activities.enumerated() {
            var row = Evaluation.Activity(title: titles[index], done: done[index])
            // Level 1: the ratings of the course, or of this edition of the event by its attendees.
            let own = ratings.filter { rating in rating.courseID == activity.key && (activity.creditVersion.map { rating.moduleID == $0 } ?? true) }
            row.reaction = ProgramEvaluation.reaction(own)
            unfit += ProgramEvaluation.unfitComments(own).map { (titles[index], $0.comment) }
            if case .course(let courseID) = activity.kind {
                // Level 2: the course's pre/post gain over the program's participants.
                if let course = learning.site.site.courses.first(where: { $0.id == courseID }),
                    let pre = course.quizzes.first(where: { $0.settings.kind == .pre }), let postID = pre.settings.pair
                {
                    var attempts: [QuizAttempt] = []
                    for part in units { attempts += try await store.gradedAttempts(courseID: courseID, under: part) }
                    attempts = attempts.filter { participants.contains($0.accountID) }
                    row.learning = ProgramEvaluation.learning(QuizReports.gain(
                        pre: attempts.filter { $0.quizID == pre.id }, post: attempts.filter { $0.quizID == postID }
                    ))
                }
            }
            activities.append(row)
        }
        // Level 3: the follow-up answers about the participants, their own and their supervisors'.
        if behaviour != nil {
            var answers: [FollowUp] = []
            for part in units {
                for (learnerUnit, answer) in try await store.followUps(programID: program.id, under: part) where participants.contains(answer.accountID) {
                    behaviour?.add(answer, unit: learnerUnit)
                    answers.append(answer)
                }
            }
            unfit += ProgramEvaluation.unchangedComments(answers).map { answer in
                ((answer.respondent == .learner ? Text.Programs.evaluationFollowUpComment : .evaluationSupervisorComment)(language), answer.comment)
            }
        }
        return Evaluation(
            tally: tally, activities: activities, reaction: ProgramEvaluation.programReaction(activities.map(\.reaction)),
            learning: ProgramEvaluation.programLearning(activities.map(\.learning)), behaviour: behaviour, unfit: unfit
        )
    }

    static func number(_ value: Double, _ language: Language) -> String {
        let text = String(format: "%.1f", value)
        return language == .indonesian ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    func evaluationRow(_ title: String, done: String, _ reaction: ProgramEvaluation.Reaction?, _ learning: ProgramEvaluation.Learning?,
                       _ language: Language) -> ProgramEvaluationPage.Row {
        ProgramEvaluationPage.Row(
            title: title, done: done, responses: reaction.map { String($0.responses) } ?? "—",
            relevance: reaction.map { Self.number($0.averageRelevance, language) } ?? "—", learners: learning.map { String($0.learners) } ?? "—",
            pre: learning.map { Self.number($0.averagePre, language) } ?? "—", post: learning.map { Self.number($0.averagePost, language) } ?? "—",
            gain: learning.map { ($0.gain >= 0 ? "+" : "") + Self.number($0.gain, language) } ?? "—"
        )
    }

    static func behaviourRow(_ name: String, _ behaviour: ProgramEvaluation.Behaviour, _ language: Language) -> ProgramEvaluationPage.BehaviourRow {
        ProgramEvaluationPage.BehaviourRow(
            name: name, asked: behaviour.asked, answers: behaviour.answers, rating: behaviour.averageRating.map { number($0, language) } ?? "—",
            supervisorAnswers: behaviour.supervisorAnswers,
            supervisorRating: behaviour.averageSupervisorRating.map { number($0, language) } ?? "—"
        )
    }

    @Sendable func evaluationPage(_ request: Request, context: OperatorContext) async throws -> Response {
        let program = try program(context)
        let unit = try OperatorController.requestedUnit(request, context)
        let language = pages.language(request)
        let result = try await evaluation(program, under: unit, language: language)
        let base = "/operator/program/\(program.id)"
        let query = unit.flatMap { $0 != context.scope ? "?unit=\(OperatorController.query($0))" : nil } ?? ""
        let model = ProgramEvaluationPage(
            chrome: pages.renderer.chrome(language, title: Text.Programs.evaluationTitle(language), breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"),
                .init(text: Text.Programs.programListTitle(language), href: "/operator/program"), .init(text: program.title, href: base),
                .init(text: Text.Programs.evaluationTitle(language)),
            ]),
            labels: Text.table(language), title: program.title, period: ProgramText.period(program, language),
            intro: Text.Programs.programReportIntro(language, unit?.description ?? Text.Operator.allUnits(language)),
            enrolled: result.tally.total.enrolled, completed: result.tally.total.completed, jp: result.tally.total.jp.formatted(for: language),
            units: result.tally.rows.map {
                ProgramEvaluationPage.UnitRow(name: $0.unit.components.last ?? "", enrolled: $0.enrolled, completed: $0.completed,
                                              jp: $0.jp.formatted(for: language))
            },
            activities: result.activities.map { evaluationRow($0.title, done: String($0.done), $0.reaction, $0.learning, language) },
            program: evaluationRow(Text.Programs.programTotal(language), done: String(result.tally.total.completed), result.reaction,
                                   result.learning, language),
            behaviour: result.behaviour.map { tally in
                ProgramEvaluationPage.Behaviour(
                    intro: Text.Programs.evaluationBehaviourIntro(language, String(program.followUpWeeks ?? 0)),
                    units: tally.units.keys.sorted().map { Self.behaviourRow($0.components.last ?? "", tally.units[$0]!, language) },
                    total: Self.behaviourRow(Text.Programs.programTotal(language), tally.total, language)
                )
            },
            unfit: result.unfit.map { ProgramEvaluationPage.Comment(activity: $0.activity, text: $0.comment) },
            csvHref: base + "/evaluasi.csv" + query
        )
        var response = pages.page("programEvaluation", model: model, request: request, context: context)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func evaluationCSV(_ request: Request, context: OperatorContext) async throws -> Response {
        let program = try program(context)
        let unit = try OperatorController.requestedUnit(request, context)
        let result = try await evaluation(program, under: unit, language: .indonesian)
        let format = CSVFormat(request)
        var csv = format.header([
            "kegiatan", "peserta_selesai", "l1_tanggapan", "l1_rata_rata_relevansi", "l2_peserta", "l2_rata_rata_pre", "l2_rata_rata_post", "l2_gain",
            "l3_ditanya", "l3_jawaban", "l3_rata_rata", "l3_jawaban_atasan", "l3_rata_rata_atasan",
        ])
        func line(_ title: String, done: Int, _ reaction: ProgramEvaluation.Reaction?, _ learning: ProgramEvaluation.Learning?,
                  _ behaviour: ProgramEvaluation.Behaviour? = nil) -> String {
            let fields: [CSVFormat.Field] = [
                .text(title), .number(String(done)), .number(reaction.map { String($0.responses) } ?? ""),
                .number(reaction.map { String(format: "%.2f", $0.averageRelevance) } ?? ""), .number(learning.map { String($0.learners) } ?? ""),
                .number(learning.map { String(format: "%.1f", $0.averagePre) } ?? ""), .number(learning.map { String(format: "%.1f", $0.averagePost) } ?? ""),
                .number(learning.map { String(format: "%.1f", $0.gain) } ?? ""),
                // Level 3 is the program's, not an activity's: on the program's line only.
                .number(behaviour.map { String($0.asked) } ?? ""), .number(behaviour.map { String($0.answers) } ?? ""),
                .number(behaviour?.averageRating.map { String(format: "%.2f", $0) } ?? ""),
                .number(behaviour.map { String($0.supervisorAnswers) } ?? ""),
                .number(behaviour?.averageSupervisorRating.map { String(format: "%.2f", $0) } ?? ""),
            ]
            return format.row(fields)
        }
        for activity in result.activities { csv += line(activity.title, done: activity.done, activity.reaction, activity.learning) }
        csv += line("program", done: result.tally.total.completed, result.reaction, result.learning, result.behaviour?.total)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-evaluasi-\(program.id).csv\"",
                .cacheControl: "private, no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: csv))
        )
    }
}
