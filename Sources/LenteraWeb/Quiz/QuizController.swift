import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore

/// A learner's quiz pages: the quiz with its attempts, an attempt as a plain form (autosaved and counted down by
/// lentera.js where JavaScript runs), and the result with its review.
struct QuizController: Sendable {
    let quizzes: QuizService
    let html: QuizHTML
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        // Every quiz page is a learner's own: the group gives each handler the signed-in account.
        let routes = router.group("/kursus/:course/kuis/:quiz", context: SignedInContext.self)
        routes.get(use: intro)
        routes.post("mulai", use: start)
        routes.get("percobaan/:attempt", use: attemptPage)
        routes.post("percobaan/:attempt", use: answer)
        routes.get("percobaan/:attempt/hasil", use: result)
    }

    static func quizHref(_ course: Course, _ quiz: Quiz) -> String { "/kursus/\(course.id)/kuis/\(quiz.id)" }
    static func attemptHref(_ course: Course, _ quiz: Quiz, _ attempt: QuizAttempt) -> String {
        quizHref(course, quiz) + "/percobaan/\(attempt.id)"
    }

    func resolve(_ context: some RequestContext) throws -> (Course, Quiz) {
        guard let found = quizzes.quiz(courseID: try context.parameters.require("course"), quizID: try context.parameters.require("quiz")) else {
            throw HTTPError(.notFound)
        }
        return found
    }

    func language(_ request: Request) -> Language { LanguagePreference.resolve(request).language }

    // MARK: The quiz

    @Sendable func intro(_ request: Request, context: SignedInContext) async throws -> Response {
        let (course, quiz) = try resolve(context)
        let signedIn = context.signedIn
        let language = language(request)
        let now = Date()
        let attempts = try await quizzes.attempts(signedIn.account, course: course, quiz: quiz, now: now)
        let settings = quiz.settings
        let open = attempts.first { $0.isOpen(at: now) }
        let used = attempts.count
        let closed = settings.isClosed(at: now)
        let canStart = open == nil && !closed && (settings.attempts == 0 || used < settings.attempts)
        let modules = course.modules.filter { $0.completion == .quizPassed(quizID: quiz.id) }
        let title = QuizHTML.titleText(quiz.title)
        let model = QuizIntroPage(
            chrome: pages.renderer.chrome(language, title: title), labels: Text.table(language),
            title: title, titleHTML: QuizHTML.titleHTML(quiz.title), courseTitle: course.title, courseHref: PageRenderer.courseHref(course),
            introduction: quiz.introduction.map { html.html($0, .markdown, course: course) },
            questions: quiz.questionsPerAttempt,
            timeLimit: settings.timeLimit.map { Text.Quiz.minutesAndSeconds(Int($0), language) },
            attemptsAllowed: settings.attempts == 0 ? Text.Quiz.quizUnlimited(language) : String(settings.attempts),
            used: used, passingScore: QuizHTML.number(settings.passingScore, language),
            closes: settings.closes.map { LearnerController.date($0, language) },
            closed: closed, canStart: canStart, csrf: signedIn.session.csrfToken, startAction: Self.quizHref(course, quiz) + "/mulai",
            continueHref: open.map { Self.attemptHref(course, quiz, $0) },
            noAttemptsLeft: open == nil && !closed && !canStart,
            completes: modules.map { ModuleLink(href: PageRenderer.moduleHref(course, $0), title: $0.title) },
            attempts: attempts.reversed().map { attemptRow($0, course: course, quiz: quiz, language: language, now: now) }
        )
        return pages.page("quizIntro", model: model, request: request, context: context)
    }

    /// One of the learner's attempts as the quiz's table lists it.
    func attemptRow(_ attempt: QuizAttempt, course: Course, quiz: Quiz, language: Language, now: Date) -> QuizIntroPage.AttemptRow {
        let started = LearnerController.date(attempt.startedAt, language) + " " + Self.time(attempt.startedAt)
        guard attempt.submittedAt != nil else {
            return QuizIntroPage.AttemptRow(
                number: attempt.number, started: started, state: Text.Quiz.quizInProgress(language),
                href: Self.attemptHref(course, quiz, attempt), score: nil, passedText: nil, passed: false
            )
        }
        return QuizIntroPage.AttemptRow(
            number: attempt.number, started: started,
            state: (attempt.needsGrading ? Text.Quiz.quizAwaitingGrading : (attempt.expired ? .quizTimedOut : .quizGraded))(language),
            href: Self.attemptHref(course, quiz, attempt) + "/hasil",
            score: attempt.percentage.map { QuizHTML.number($0, language) + "%" } ?? "–",
            passedText: attempt.passed.map { ($0 ? Text.Quiz.quizPassed : .quizFailed)(language) },
            passed: attempt.passed == true
        )
    }

    @Sendable func start(_ request: Request, context: SignedInContext) async throws -> Response {
        let (course, quiz) = try resolve(context)
        let signedIn = context.signedIn
        do {
            let attempt = try await quizzes.start(signedIn.account, course: course, quiz: quiz)
            return LearnerController.redirect(Self.attemptHref(course, quiz, attempt))
        } catch let refusal as QuizRefusal {
            return refused(refusal, request: request, context: context, course: course, quiz: quiz)
        }
    }

    // MARK: An attempt

    @Sendable func attemptPage(_ request: Request, context: SignedInContext) async throws -> Response {
        let (course, quiz) = try resolve(context)
        let signedIn = context.signedIn
        guard let id = context.parameters.get("attempt").flatMap(Int64.init),
            let (attempt, answers) = try await quizzes.attempt(signedIn.account, course: course, quiz: quiz, id: id)
        else { throw HTTPError(.notFound) }
        let now = Date()
        guard attempt.isOpen(at: now) else { return LearnerController.redirect(Self.attemptHref(course, quiz, attempt) + "/hasil") }
        let language = language(request)
        let query = request.queryFields
        let immediate = quiz.settings.feedback == .immediate
        var number = 0
        let questions = attempt.items.map { item -> QuizQuestionView in
            if item.isAnswerable { number += 1 }
            return html.question(item, number: max(number, 1), attempt: attempt, answer: answers[item.id], course: course,
                                 directory: quiz.directories[item.id] ?? "", language: language, immediate: immediate, renderer: pages.renderer)
        }
        let title = QuizHTML.titleText(quiz.title)
        let model = QuizAttemptPage(
            chrome: pages.renderer.chrome(language, title: title), labels: Text.table(language),
            title: title, titleHTML: QuizHTML.titleHTML(quiz.title), number: attempt.number, courseTitle: course.title,
            quizHref: Self.quizHref(course, quiz),
            action: Self.attemptHref(course, quiz, attempt), csrf: signedIn.session.csrfToken, questions: questions,
            deadline: attempt.deadline.map { String(Int64($0.timeIntervalSince1970 * 1000)) },
            deadlineText: attempt.deadline.map { Self.time($0) + " WIB" },
            remaining: attempt.deadline.map { String(max(0, Int($0.timeIntervalSince(now)))) },
            // What a page without JavaScript shows; lentera.js counts down from `remaining` instead.
            remainingText: attempt.deadline.map { Text.Quiz.minutesAndSeconds(max(0, Int($0.timeIntervalSince(now))), language) },
            saved: query["tersimpan"] != nil,
            numberProblem: query["angka"].flatMap { itemID in
                attempt.items.filter(\.isAnswerable).firstIndex { $0.id == itemID }
            }.map { Text.Quiz.quizNotANumber(language, $0 + 1) }
        )
        return pages.page("quizAttempt", model: model, request: request, context: context)
    }

    /// Saves (button `simpan`, or lentera.js's autosave), checks one answer (`periksa:<id>`) or submits (`kumpulkan`).
    @Sendable func answer(_ request: Request, context: SignedInContext) async throws -> Response {
        let (course, quiz) = try resolve(context)
        let signedIn = context.signedIn
        guard let id = context.parameters.get("attempt").flatMap(Int64.init) else { throw HTTPError(.notFound) }
        let form = try await context.form(request, limit: 512 * 1024)
        let autosave = request.headers[HTTPField.Name("X-Lentera-Autosave")!] != nil
        let action = form["aksi"] ?? "simpan"
        do {
            // The usual save or submission reads nothing first: the questions of an attempt in progress are in
            // memory, and the store checks owner, state, deadline and every answer inside its write. (Immediate
            // feedback needs the stored answers, to leave checked ones alone.)
            // A form that does not read (a forged answer) takes the slow path, which reports a closed attempt first.
            if action == "kumpulkan" || action == "simpan", quiz.settings.feedback != .immediate,
                let items = quizzes.knownItems(signedIn.account, course: course, quiz: quiz, id: id),
                let form = try? QuizForm.answers(form, items: items, stored: nil)
            {
                return try await saveOrSubmit(form, action: action, autosave: autosave, signedIn: signedIn, course: course, quiz: quiz, attemptID: id)
            }
            guard let (attempt, stored) = try await quizzes.attempt(signedIn.account, course: course, quiz: quiz, id: id) else {
                throw QuizRefusal.notFound
            }
            if attempt.submittedAt != nil { throw attempt.expired ? QuizRefusal.pastDeadline : QuizRefusal.alreadySubmitted }
            let form = try QuizForm.answers(form, attempt: attempt, stored: stored)
            if action.hasPrefix("periksa:") {
                let itemID = String(action.dropFirst("periksa:".count))
                guard attempt.item(id: itemID) != nil else { throw QuizRefusal.unknownItem(itemID) }
                var others = form.given
                others[itemID] = nil
                _ = try await quizzes.save(signedIn.account, course: course, quiz: quiz, attemptID: id, answers: others, cleared: form.cleared, check: false)
                // Checking an unanswered question locks nothing: there is nothing to check yet.
                if let answer = form.given[itemID] {
                    _ = try await quizzes.save(signedIn.account, course: course, quiz: quiz, attemptID: id, answers: [itemID: answer], check: true)
                }
                return LearnerController.redirect(Self.attemptHref(course, quiz, attempt) + Self.numberQuery(form) + "#soal-\(itemID)")
            }
            return try await saveOrSubmit(form, action: action, autosave: autosave, signedIn: signedIn, course: course, quiz: quiz, attemptID: id)
        } catch let refusal as QuizRefusal {
            if case .pastDeadline = refusal {
                // Graded from the answers saved before the deadline.
                _ = try await quizzes.attempt(signedIn.account, course: course, quiz: quiz, id: id)
            }
            if autosave { return Response(status: Self.status(refusal), headers: [.cacheControl: "no-store"]) }
            return refused(refusal, request: request, context: context, course: course, quiz: quiz, attemptID: id)
        }
    }

    /// Submits (`kumpulkan`) or saves the answers of a form. A typed number that does not read as one is asked
    /// for again, and nothing is submitted meanwhile; every other answer of the form is saved, so none is lost.
    func saveOrSubmit(_ form: QuizForm.Answers, action: String, autosave: Bool, signedIn: SignedIn, course: Course, quiz: Quiz,
                      attemptID: Int64) async throws -> Response {
        let href = "/kursus/\(course.id)/kuis/\(quiz.id)/percobaan/\(attemptID)"
        if action == "kumpulkan", form.unreadableNumbers.isEmpty {
            _ = try await quizzes.submit(signedIn.account, course: course, quiz: quiz, attemptID: attemptID, answers: form.given, cleared: form.cleared)
            return LearnerController.redirect(href + "/hasil")
        }
        _ = try await quizzes.save(signedIn.account, course: course, quiz: quiz, attemptID: attemptID, answers: form.given, cleared: form.cleared, check: false)
        if autosave { return Response(status: .noContent, headers: [.cacheControl: "no-store"]) }
        if let first = form.unreadableNumbers.first {
            return LearnerController.redirect(href + Self.numberQuery(form) + "#soal-\(first.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
        return LearnerController.redirect(href + "?tersimpan=1")
    }

    /// `?angka=ID` naming the first question whose typed number did not read, for the message on the attempt page.
    static func numberQuery(_ form: QuizForm.Answers) -> String {
        guard let first = form.unreadableNumbers.first else { return "" }
        return "?angka=" + FormFields.encode(first)
    }

    static func status(_ refusal: QuizRefusal) -> HTTPResponse.Status {
        switch refusal {
        case .notFound: .notFound
        case .unknownItem, .invalidAnswer, .controlCharacter: .badRequest
        case .alreadySubmitted, .pastDeadline, .noAttemptsLeft, .closed, .answerFinal: .conflict
        }
    }

    /// A refused request as a page that says why and what happens next; nothing was changed.
    func refused(_ refusal: QuizRefusal, request: Request, context: SignedInContext, course: Course, quiz: Quiz, attemptID: Int64? = nil)
        -> Response
    {
        let language = language(request)
        let message = Text.Quiz.message(for: refusal, language)
        let back = attemptID.map { Self.quizHref(course, quiz) + "/percobaan/\($0)" } ?? Self.quizHref(course, quiz)
        return pages.messagePage(
            heading: Text.Quiz.quizRefused(language), text: message, backHref: back, backText: Text.Quiz.quizBackToQuiz(language),
            request: request, context: context, title: Text.Quiz.quizRefused(language), status: Self.status(refusal)
        )
    }

    // MARK: The result

    @Sendable func result(_ request: Request, context: SignedInContext) async throws -> Response {
        let (course, quiz) = try resolve(context)
        let signedIn = context.signedIn
        guard let id = context.parameters.get("attempt").flatMap(Int64.init),
            let (attempt, answers) = try await quizzes.attempt(signedIn.account, course: course, quiz: quiz, id: id)
        else { throw HTTPError(.notFound) }
        guard attempt.submittedAt != nil else { return LearnerController.redirect(Self.attemptHref(course, quiz, attempt)) }
        let language = language(request)
        let now = Date()
        let reviewVisible = QuizService.reviewVisible(quiz, attempt: attempt, now: now)
        var review: [QuizReviewView] = []
        if reviewVisible {
            var number = 0
            review = attempt.items.map { item -> QuizReviewView in
                if item.isAnswerable { number += 1 }
                return html.review(item, number: max(number, 1), answer: answers[item.id], course: course,
                                   directory: quiz.directories[item.id] ?? "", language: language, renderer: pages.renderer)
            }
        }
        let modules = course.modules.filter { $0.completion == .quizPassed(quizID: quiz.id) }
        // A pre-test is taken before learning: its result leads on to the course's first module.
        let next = quiz.settings.kind == .pre ? course.modules.first : nil
        let title = QuizHTML.titleText(quiz.title)
        let model = QuizResultPage(
            chrome: pages.renderer.chrome(language, title: title), labels: Text.table(language),
            title: title, titleHTML: QuizHTML.titleHTML(quiz.title), number: attempt.number, quizHref: Self.quizHref(course, quiz),
            score: attempt.score.map { QuizHTML.number($0, language) }, maximum: QuizHTML.number(attempt.maximum, language),
            percent: attempt.percentage.map { QuizHTML.number($0, language) },
            passed: attempt.passed == true, failed: attempt.passed == false, pending: attempt.needsGrading,
            expired: attempt.expired, passingScore: QuizHTML.number(quiz.settings.passingScore, language),
            review: review.isEmpty ? nil : review,
            reviewLater: !reviewVisible && quiz.settings.review && quiz.settings.feedback == .afterClose,
            reviewOff: !quiz.settings.review,
            completes: attempt.passed == true ? modules.map { ModuleLink(href: PageRenderer.moduleHref(course, $0), title: $0.title) } : [],
            nextModule: next.map { ModuleLink(href: PageRenderer.moduleHref(course, $0), title: $0.title) }
        )
        return pages.page("quizResult", model: model, request: request, context: context)
    }

    // MARK: Formatting

    /// A time of day in Western Indonesian Time.
    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = JPLedger.timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
