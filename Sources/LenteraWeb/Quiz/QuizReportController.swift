import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import Mustache

/// Quiz reports: results per learner and the pre/post learning gain for training offices (scoped to their units),
/// item statistics for authors (on screen and as CSV), and the grading of essays.
struct QuizReportController: Sendable {
    let quizzes: QuizService
    let html: QuizHTML
    let pages: LearnerController

    var store: any LearningStore { quizzes.store }

    func addRoutes(to router: Router<LenteraContext>) {
        // Results per learner: operators (their units) and admins.
        let operators = router.group("/operator/kuis", context: OperatorContext.self)
        operators.get(":course", use: results)
        operators.get(":course/:file", use: resultsCSV)
        // Item statistics and essay grading: authors, operators (their units' learners) and admins.
        let staff = router.group(context: StaffContext.self)
        staff.get("/penulis/kuis/:course/:quiz", use: statistics)
        staff.get("/penulis/kuis/:course/:quiz/statistik.csv", use: statisticsCSV)
        staff.get("/penilaian", use: grading)
        staff.post("/penilaian/:attempt/:item", use: grade)
    }

    func course(_ context: some RequestContext) throws -> Course {
        let id = try context.parameters.require("course")
        guard let course = quizzes.site.site.courses.first(where: { $0.id == id }), !course.quizzes.isEmpty else { throw HTTPError(.notFound) }
        return course
    }

    func language(_ request: Request) -> Language { LanguagePreference.resolve(request).language }

    // MARK: Results and gain

    struct ResultRow {
        var account: Account
        var result: QuizReports.LearnerResult
    }

    func resultRows(course: Course, quiz: Quiz, attempts: [QuizAttempt], accounts: [Int64: Account]) -> [ResultRow] {
        QuizReports.results(attempts.filter { $0.quizID == quiz.id }).compactMap { result in
            accounts[result.accountID].map { ResultRow(account: $0, result: result) }
        }.sorted { ($0.account.unit.storageKey, $0.account.name) < ($1.account.unit.storageKey, $1.account.name) }
    }

    @Sendable func results(_ request: Request, context: OperatorContext) async throws -> Response {
        let scope = context.scope
        let course = try course(context)
        let language = language(request)
        let attempts = try await store.gradedAttempts(courseID: course.id, under: scope)
        let accounts = Dictionary(try await store.accounts(under: scope).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var model = QuizReportsPage(
            chrome: pages.renderer.chrome(language, title: Text.Quiz.quizResultsTitle(language)), labels: Text.table(language),
            courseTitle: course.title,
            quizzes: course.quizzes.map { quiz in
                QuizReportsPage.QuizResults(
                    title: QuizHTML.titleText(quiz.title), csvHref: "/operator/kuis/\(course.id)/\(quiz.id).csv",
                    statsHref: "/penulis/kuis/\(course.id)/\(quiz.id)",  // operators and admins are staff
                    rows: resultRows(course: course, quiz: quiz, attempts: attempts, accounts: accounts).map { row in
                        .init(
                            nip: row.account.nip.digits, name: row.account.name, unit: row.account.unit.description, attempts: row.result.attempts,
                            best: row.result.best.map { QuizHTML.number($0, language) + "%" } ?? "–",
                            passedText: (row.result.passed ? Text.Quiz.quizPassed : .quizFailed)(language)
                        )
                    }
                )
            }
        )
        if let pre = course.quizzes.first(where: { $0.settings.kind == .pre }), let postID = pre.settings.pair,
            let post = course.quiz(withID: postID),
            let gain = QuizReports.gain(pre: attempts.filter { $0.quizID == pre.id }, post: attempts.filter { $0.quizID == post.id })
        {
            model.gain = QuizReportsPage.Gain(
                pre: QuizHTML.titleText(pre.title), post: QuizHTML.titleText(post.title), learners: gain.learners,
                averagePre: QuizHTML.number(gain.averagePre, language) + "%", averagePost: QuizHTML.number(gain.averagePost, language) + "%",
                gain: (gain.gain >= 0 ? "+" : "") + QuizHTML.number(gain.gain, language),
                normalized: gain.normalized.map { QuizHTML.number($0, language) } ?? "–"
            )
        }
        return pages.page("quizReports", model: model, request: request, context: context)
    }

    @Sendable func resultsCSV(_ request: Request, context: OperatorContext) async throws -> Response {
        let scope = context.scope
        let course = try course(context)
        let file = try context.parameters.require("file")
        guard file.hasSuffix(".csv"), let quiz = course.quiz(withID: String(file.dropLast(4))) else { throw HTTPError(.notFound) }
        let attempts = try await store.gradedAttempts(courseID: course.id, under: scope)
        let accounts = Dictionary(try await store.accounts(under: scope).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let format = CSVFormat(request)
        let rows = resultRows(course: course, quiz: quiz, attempts: attempts, accounts: accounts).map { row in
            format.row([
                .nip(row.account.nip.digits), .text(row.account.name), .text(row.account.unit.description), .number(String(row.result.attempts)),
                .number(row.result.best.map { QuizHTML.number($0, .english) } ?? ""), .number(row.result.first.map { QuizHTML.number($0, .english) } ?? ""),
                .number(row.result.passed ? "1" : "0"),
            ])
        }
        let text = format.header(["nip", "nama", "unit", "percobaan", "nilai_terbaik", "nilai_pertama", "lulus"]) + rows.joined()
        return Self.csvResponse(text, filename: "lentera-kuis-\(course.id)-\(quiz.id).csv")
    }

    static func csvResponse(_ text: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\"", .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    // MARK: Item statistics

    func statisticsData(_ context: StaffContext) async throws -> (Course, Quiz, [QuizReports.ItemStatistic]) {
        let course = try course(context)
        guard let quiz = course.quiz(withID: try context.parameters.require("quiz")) else { throw HTTPError(.notFound) }
        let attempts = try await store.gradedAttempts(courseID: course.id, under: nil).filter { $0.quizID == quiz.id }
        let answers = try await store.answers(attemptIDs: attempts.map(\.id))
        return (course, quiz, QuizReports.itemStatistics(attempts, answers: answers))
    }

    @Sendable func statistics(_ request: Request, context: StaffContext) async throws -> Response {
        let (course, quiz, statistics) = try await statisticsData(context)
        let language = language(request)
        let rows = statistics.map { row in
            let format = quiz.items.first { $0.id == row.itemID }?.format ?? .markdown
            return ItemStatisticRow(
                idHTML: escapeText(row.itemID), labelHTML: escapeText(html.label(row.label, format, course: course)), responses: row.responses,
                difficulty: row.difficulty.map { QuizHTML.number($0, language) } ?? "–",
                discrimination: row.discrimination.map { QuizHTML.number($0, language) } ?? "–",
                picks: row.choices.map { choice in
                    .init(labelHTML: escapeText(html.label(choice.text, format, course: course)), correct: choice.correct, picked: choice.picked)
                }
            )
        }
        let model = ItemStatisticsPage(
            chrome: pages.renderer.chrome(language, title: Text.Quiz.quizItemStats(language)), labels: Text.table(language),
            quizTitleHTML: escapeText(QuizHTML.titleText(quiz.title)), courseTitleHTML: escapeText(course.title),
            csvHref: "/penulis/kuis/\(course.id)/\(quiz.id)/statistik.csv", rows: rows
        )
        return pages.page("quizItemStatistics", model: model, request: request, context: context)
    }

    @Sendable func statisticsCSV(_ request: Request, context: StaffContext) async throws -> Response {
        let (course, quiz, statistics) = try await statisticsData(context)
        let format = CSVFormat(request)
        let rows = statistics.map { row in
            format.row([
                .text(row.itemID), .text(row.label), .number(String(row.responses)), .number(row.difficulty.map { QuizHTML.number($0, .english) } ?? ""),
                .number(row.discrimination.map { QuizHTML.number($0, .english) } ?? ""),
                .text(row.choices.map { "\($0.id)=\($0.picked)" }.joined(separator: ";")),
            ])
        }
        let text = format.header(["soal", "label", "jawaban", "kesukaran", "daya_beda", "pilihan"]) + rows.joined()
        return Self.csvResponse(text, filename: "lentera-statistik-\(course.id)-\(quiz.id).csv")
    }

    // MARK: Essay grading

    @Sendable func grading(_ request: Request, context: StaffContext) async throws -> Response {
        let language = language(request)
        let courses = quizzes.site.site.courses
        let attempts = try await store.attemptsNeedingGrading(courseIDs: nil)
        let answers = try await store.answers(attemptIDs: attempts.map(\.id))
        var essays: [GradingPage.Essay] = []
        // An item id is one segment of the grading form's address.
        let segment = CharacterSet.urlPathAllowed.subtracting(.init(charactersIn: "/"))
        for attempt in attempts {
            guard let course = courses.first(where: { $0.id == attempt.courseID }), let quiz = course.quiz(withID: attempt.quizID),
                let learner = try await store.account(id: attempt.accountID)
            else { continue }
            // Learners' essays only, never one's own; an operator grades learners of their own units only.
            guard context.mayGrade(learner) else { continue }
            for item in attempt.items {
                guard case .essay = item.interaction, let answer = answers[attempt.id]?[item.id], answer.points == nil,
                    case .essay(let text) = answer.response, !text.isEmpty
                else { continue }
                essays.append(
                    GradingPage.Essay(
                        quizTitle: QuizHTML.titleText(quiz.title), learner: "\(learner.name) (\(learner.nip.masked))",
                        prompt: html.html(item.prompt, item.format, course: course, directory: quiz.directories[item.id] ?? ""),
                        answerLines: QuizHTML.lines(text), maximum: QuizHTML.number(item.points, language),
                        csrf: context.session.csrfToken,
                        action: "/penilaian/\(attempt.id)/\(item.id.addingPercentEncoding(withAllowedCharacters: segment) ?? item.id)"
                    )
                )
            }
        }
        let model = GradingPage(
            chrome: pages.renderer.chrome(language, title: Text.Quiz.quizGrading(language)), labels: Text.table(language), essays: essays
        )
        return pages.page("quizGrading", model: model, request: request, context: context)
    }

    @Sendable func grade(_ request: Request, context: StaffContext) async throws -> Response {
        guard let attemptID = context.parameters.get("attempt").flatMap(Int64.init) else { throw HTTPError(.notFound) }
        let itemID = try context.parameters.require("item").removingPercentEncoding ?? ""
        let form = try await context.form(request, limit: 16 * 1024)
        guard let points = form["poin"].flatMap({ Double($0.trimmingSpaces().replacingOccurrences(of: ",", with: ".")) }), points.isFinite, points >= 0
        else { throw HTTPError(.badRequest, message: "points must be a number from 0") }
        guard let attempt = try await store.attemptsNeedingGrading(courseIDs: nil).first(where: { $0.id == attemptID }),
            let (course, quiz) = quizzes.quiz(courseID: attempt.courseID, quizID: attempt.quizID),
            let learner = try await store.account(id: attempt.accountID)
        else { throw HTTPError(.notFound) }
        guard context.mayGrade(learner) else { throw HTTPError(.notFound) }
        let graded: QuizAttempt
        do {
            graded = try await store.gradeEssay(attempt.key, itemID: itemID, points: points, policy: QuizPolicy(quiz.settings), at: Date())
        } catch QuizRefusal.notFound {
            throw HTTPError(.notFound)
        }
        try await quizzes.completeModulesIfPassed(learner, course: course, quiz: quiz, attempts: [graded])
        try await store.record([AuditEvent(
            date: Date(), action: .essayGraded, actor: context.account.nip.digits, subject: learner.nip.digits, unit: learner.unit,
            detail: "\(course.id)/\(quiz.id) percobaan \(attempt.id) soal \(itemID): \(points) poin", address: context.base.remoteAddress
        )])
        return LearnerController.redirect("/penilaian")
    }
}
