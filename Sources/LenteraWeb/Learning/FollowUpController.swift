import Foundation
import Hummingbird
import LenteraCore

/// Level 3 of a program's evaluation (behaviour), for learners: some weeks after they completed a program that asks
/// (`<follow-up weeks="N"/>`), its home-page item leads to one question, "has this program changed how you work?", on
/// a scale of 1 to 5 with a comment. When they are asked is ``FollowUp``'s rule.
struct FollowUpController: Sendable {
    let store: any LearningStore
    let site: SiteStore
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        let learner = router.group("/program/:program/tindak-lanjut", context: SignedInContext.self)
        learner.get(use: form)
        learner.post(use: answer)
    }

    /// The answers' labels, from 1 to 5.
    static let scale: [Text.Programs] = [.followUpScale1, .followUpScale2, .followUpScale3, .followUpScale4, .followUpScale5]

    static func href(_ program: Program) -> String { "/program/\(program.id)/tindak-lanjut" }

    /// The program a learner's URL names, when it targets them and asks a follow-up; anything else is "not found".
    func askingProgram(_ context: SignedInContext) throws -> Program {
        let id = try context.parameters.require("program")
        guard let program = site.site.programs.first(where: { $0.id == id }), program.followUpWeeks != nil, program.targets(context.account)
        else { throw HTTPError(.notFound) }
        return program
    }

    func page(_ request: Request, context: SignedInContext, program: Program, chosen: Int?, comment: String, error: String?) async throws
        -> Response
    {
        let language = pages.language(request)
        let now = Date()
        let progress = ProgramProgress(program, credits: try await store.entries(accountID: context.account.id), now: now)
        let weeks = String(program.followUpWeeks ?? 0)
        var notice: String?
        if let due = FollowUp.due(program, progress: progress) {
            if now < due { notice = Text.Programs.followUpNotYet(language, LearnerController.date(due, language), weeks) }
        } else {
            notice = Text.Programs.followUpNotCompleted(language, weeks)
        }
        let model = FollowUpFormPage(
            chrome: pages.renderer.chrome(language, title: Text.Programs.followUpTitle(language), breadcrumbs: [
                .init(text: Text.Learner.home(language), href: "/beranda"), .init(text: Text.Programs.followUpTitle(language)),
            ]),
            labels: Text.table(language), programTitle: program.title,
            action: notice == nil ? Self.href(program) : nil, csrf: context.session.csrfToken,
            options: FollowUp.ratingRange.map { rating in
                FollowUpFormPage.Option(value: rating, label: Self.scale[rating - 1](language), checked: chosen == rating)
            },
            comment: comment, commentLimit: FollowUp.commentLimit, notice: notice, error: error, saved: request.queryFields["tersimpan"] != nil
        )
        var response = pages.page("followUpForm", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func form(_ request: Request, context: SignedInContext) async throws -> Response {
        let program = try askingProgram(context)
        let own = try await store.followUps(programID: program.id, accountID: context.account.id).first { $0.respondent == .learner }
        return try await page(request, context: context, program: program, chosen: own?.rating, comment: own?.comment ?? "", error: nil)
    }

    @Sendable func answer(_ request: Request, context: SignedInContext) async throws -> Response {
        let program = try askingProgram(context)
        let now = Date()
        // Asked only once due: an answer posted before then is refused, whatever the form said.
        let progress = ProgramProgress(program, credits: try await store.entries(accountID: context.account.id), now: now)
        guard FollowUp.isAsked(program, progress: progress, now: now) else { throw HTTPError(.forbidden) }
        let form = try await context.form(request, limit: 64 * 1024)
        let language = pages.language(request)
        let comment = (form["komentar"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let rating = form["nilai"].flatMap { Int($0) }
        guard let rating, FollowUp.ratingRange.contains(rating) else {
            return try await page(request, context: context, program: program, chosen: nil, comment: comment, error: Text.Programs.followUpBadRating(language))
        }
        guard comment.count <= FollowUp.commentLimit, ControlCharacters.first(inFreeText: comment) == nil else {
            return try await page(request, context: context, program: program, chosen: rating, comment: "",
                                  error: Text.Programs.followUpBadComment(language, String(FollowUp.commentLimit)))
        }
        try await store.saveFollowUp(FollowUp(
            programID: program.id, accountID: context.account.id, respondent: .learner, respondentID: context.account.id, rating: rating,
            comment: comment, answeredAt: now
        ))
        return LearnerController.redirect(Self.href(program) + "?tersimpan=1")
    }

    /// The follow-ups on a learner's home: programs that target them and ask them now, each marked when answered.
    static func homeItems(store: any LearningStore, programs: [Program], account: Account, entries: [LedgerEntry], now: Date, language: Language)
        async throws -> [NeedsHomeItem]
    {
        var items: [NeedsHomeItem] = []
        for program in programs where program.followUpWeeks != nil && program.targets(account) {
            let progress = ProgramProgress(program, credits: entries, now: now)
            guard FollowUp.isAsked(program, progress: progress, now: now) else { continue }
            let answered = try await store.followUps(programID: program.id, accountID: account.id).contains { $0.respondent == .learner }
            items.append(NeedsHomeItem(text: Text.Programs.followUpHomeItem(language, program.title), href: href(program), answered: answered))
        }
        return items
    }
}
