import Foundation
import Hummingbird
import LenteraCore

/// Level 3 of a program's evaluation (behaviour): some weeks after a learner completed a program that asks
/// (`<follow-up weeks="N"/>`), their home page leads to one question, "has this program changed how you work?", on a
/// scale of 1 to 5 with a comment; their supervisor (the roster's `nip_atasan`) is asked the same about them. When
/// they are asked, and who answers about whom, is ``FollowUp``'s rule.
struct FollowUpController: Sendable {
    let store: any LearningStore
    let site: SiteStore
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        let learner = router.group("/program/:program/tindak-lanjut", context: SignedInContext.self)
        learner.get(use: form)
        learner.post(use: answer)
        learner.get(":nip", use: form)
        learner.post(":nip", use: answer)
    }

    /// The answers' labels, from 1 to 5.
    static let scale: [Text.Programs] = [.followUpScale1, .followUpScale2, .followUpScale3, .followUpScale4, .followUpScale5]

    /// The learner's own follow-up, or (with `learner`) their supervisor's about them.
    static func href(_ program: Program, about learner: Account? = nil) -> String {
        "/program/\(program.id)/tindak-lanjut" + (learner.map { "/\($0.nip.digits)" } ?? "")
    }

    /// What a URL asks of the person signed in: the program, and the learner it is about (themselves, or one they
    /// supervise). A program that does not target that learner or asks no follow-up, or a learner the person does not
    /// supervise, is "not found".
    struct Asked {
        var program: Program
        var learner: Account
        var respondent: FollowUp.Respondent
    }

    func asked(_ context: SignedInContext) async throws -> Asked {
        let id = try context.parameters.require("program")
        var learner = context.account
        var respondent = FollowUp.Respondent.learner
        if let digits = context.parameters.get("nip") {
            guard let nip = try? NIP(validating: digits), let found = try await store.account(nip: nip), context.account.supervises(found)
            else { throw HTTPError(.notFound) }
            learner = found
            respondent = .supervisor
        }
        guard let program = site.site.programs.first(where: { $0.id == id }), program.followUpWeeks != nil, program.targets(learner)
        else { throw HTTPError(.notFound) }
        return Asked(program: program, learner: learner, respondent: respondent)
    }

    func page(_ request: Request, context: SignedInContext, _ asked: Asked, chosen: Int?, comment: String, error: String?) async throws
        -> Response
    {
        let language = pages.language(request)
        let now = Date()
        let program = asked.program
        let progress = ProgramProgress(program, credits: try await store.entries(accountID: asked.learner.id), now: now)
        let weeks = String(program.followUpWeeks ?? 0)
        let aboutOther = asked.respondent == .supervisor
        var notice: String?
        if let due = FollowUp.due(program, progress: progress) {
            if now < due {
                notice = aboutOther ? Text.Programs.followUpSupervisorNotYet(language, asked.learner.name, LearnerController.date(due, language))
                    : Text.Programs.followUpNotYet(language, LearnerController.date(due, language), weeks)
            }
        } else {
            notice = aboutOther ? Text.Programs.followUpSupervisorNotCompleted(language, asked.learner.name)
                : Text.Programs.followUpNotCompleted(language, weeks)
        }
        let model = FollowUpFormPage(
            chrome: pages.renderer.chrome(language, title: Text.Programs.followUpTitle(language), breadcrumbs: [
                .init(text: Text.Learner.home(language), href: "/beranda"), .init(text: Text.Programs.followUpTitle(language)),
            ]),
            labels: Text.table(language), programTitle: program.title,
            about: aboutOther ? PageRenderer.metaLine([asked.learner.name, asked.learner.nip.digits, asked.learner.position]) : nil,
            question: aboutOther ? Text.Programs.followUpSupervisorQuestion(language, asked.learner.name) : Text.Programs.followUpQuestion(language),
            action: notice == nil ? Self.href(program, about: aboutOther ? asked.learner : nil) : nil, csrf: context.session.csrfToken,
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
        let asked = try await asked(context)
        // One's own answer only: a supervisor's predecessor's answer is not shown to them (theirs replaces it).
        let kept = try await store.followUps(programID: asked.program.id, accountID: asked.learner.id).first {
            $0.respondent == asked.respondent && $0.respondentID == context.account.id
        }
        return try await page(request, context: context, asked, chosen: kept?.rating, comment: kept?.comment ?? "", error: nil)
    }

    @Sendable func answer(_ request: Request, context: SignedInContext) async throws -> Response {
        let asked = try await asked(context)
        let now = Date()
        // Asked only once due: an answer posted before then is refused, whatever the form said.
        let progress = ProgramProgress(asked.program, credits: try await store.entries(accountID: asked.learner.id), now: now)
        guard FollowUp.isAsked(asked.program, progress: progress, now: now) else { throw HTTPError(.forbidden) }
        let form = try await context.form(request, limit: 64 * 1024)
        let language = pages.language(request)
        let comment = (form["komentar"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let rating = form["nilai"].flatMap({ Int($0) }), FollowUp.ratingRange.contains(rating) else {
            return try await page(request, context: context, asked, chosen: nil, comment: comment, error: Text.Programs.followUpBadRating(language))
        }
        guard comment.count <= FollowUp.commentLimit, ControlCharacters.first(inFreeText: comment) == nil else {
            return try await page(request, context: context, asked, chosen: rating, comment: "",
                                  error: Text.Programs.followUpBadComment(language, String(FollowUp.commentLimit)))
        }
        try await store.saveFollowUp(FollowUp(
            programID: asked.program.id, accountID: asked.learner.id, respondent: asked.respondent, respondentID: context.account.id,
            rating: rating, comment: comment, answeredAt: now
        ))
        let href = Self.href(asked.program, about: asked.respondent == .supervisor ? asked.learner : nil)
        return LearnerController.redirect(href + "?tersimpan=1")
    }

    /// The follow-ups on a home page that ask the person now, each marked when answered: their own, and those about
    /// the learners they supervise.
    static func homeItems(store: any LearningStore, programs: [Program], account: Account, entries: [LedgerEntry], now: Date, language: Language)
        async throws -> [NeedsHomeItem]
    {
        let asking = programs.filter { $0.followUpWeeks != nil }
        guard !asking.isEmpty, account.isActive else { return [] }
        var items: [NeedsHomeItem] = []
        for program in asking where program.targets(account) {
            guard FollowUp.isAsked(program, progress: ProgramProgress(program, credits: entries, now: now), now: now) else { continue }
            let answered = try await store.followUps(programID: program.id, accountID: account.id).contains { $0.respondent == .learner }
            items.append(NeedsHomeItem(text: Text.Programs.followUpHomeItem(language, program.title), href: href(program), answered: answered))
        }
        for learner in try await store.supervisedLearners(supervisor: account.nip) where account.supervises(learner) {
            let targeting = asking.filter { $0.targets(learner) }
            guard !targeting.isEmpty else { continue }
            let credits = try await store.entries(accountID: learner.id)
            for program in targeting where FollowUp.isAsked(program, progress: ProgramProgress(program, credits: credits, now: now), now: now) {
                let answered = try await store.followUps(programID: program.id, accountID: learner.id).contains {
                    $0.respondent == .supervisor && $0.respondentID == account.id
                }
                items.append(NeedsHomeItem(
                    text: Text.Programs.followUpSupervisorHomeItem(language, learner.name, program.title), href: href(program, about: learner),
                    answered: answered
                ))
            }
        }
        return items
    }
}
