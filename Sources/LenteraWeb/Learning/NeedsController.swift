import Foundation
import Hummingbird
import LenteraCore
import NIOCore

/// Needs analysis (analisis kebutuhan): an operator opens a survey for a unit subtree, its learners assess their
/// current level in each competency their position requires, and the gap matrix (``NeedsAnalysis``) is computed from
/// the answers, with the courses that close the gaps. Operators see only surveys and staff of their units.
struct NeedsController: Sendable {
    let store: any LearningStore
    let site: SiteStore
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        let office = router.group("/operator/kebutuhan", context: OperatorContext.self)
        office.get(use: list)
        office.post(use: open)
        office.get(":survey", use: matrix)
        office.get(":survey/matriks.csv", use: matrixCSV)
        office.post(":survey/tutup", use: close)
        let learner = router.group("/kebutuhan/:survey", context: SignedInContext.self)
        learner.get(use: form)
        learner.post(use: answer)
        learner.get("pegawai/:nip", use: supervisorForm)
        learner.post("pegawai/:nip", use: supervisorAnswer)
    }

    // MARK: Operators

    /// The part of a survey an operator sees: the survey's subtree, or their own unit when the survey covers more.
    static func visibleUnit(of survey: NeedsSurvey, scope: UnitPath?) -> UnitPath? {
        guard let scope else { return survey.unit }
        if scope.contains(survey.unit) { return survey.unit }
        if survey.unit.contains(scope) { return scope }
        return nil
    }

    func surveys(_ context: OperatorContext) async throws -> [NeedsSurvey] {
        try await store.surveys(under: nil).filter { Self.visibleUnit(of: $0, scope: context.scope) != nil }
    }

    func survey(_ context: OperatorContext) async throws -> (NeedsSurvey, UnitPath) {
        guard let id = context.parameters.get("survey").flatMap({ Int64($0) }), let survey = try await store.survey(id: id),
            let unit = Self.visibleUnit(of: survey, scope: context.scope)
        else { throw HTTPError(.notFound) }
        return (survey, unit)
    }

    func listPage(_ request: Request, context: OperatorContext, error: String? = nil, title: String = "", unit: String? = nil, closes: String? = nil)
        async throws -> Response
    {
        let language = pages.language(request)
        let now = Date()
        let model = NeedsListPage(
            chrome: pages.renderer.chrome(language, title: Text.Programs.needsTitle(language), breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"), .init(text: Text.Programs.needsTitle(language)),
            ]),
            labels: Text.table(language), csrf: context.session.csrfToken, error: error, title: title,
            unit: unit ?? context.scope?.description ?? "", closes: closes ?? ProgramDay(now.addingTimeInterval(14 * 86_400), in: .wib).description,
            surveys: try await surveys(context).map { survey in
                NeedsListPage.Row(
                    title: survey.title, href: "/operator/kebutuhan/\(survey.id)", unit: survey.unit.description,
                    closes: Self.lastDay(survey, language),
                    state: (survey.isOpen(at: now) ? Text.Programs.needsOpen : .needsClosed)(language)
                )
            },
            dictionaryMissing: site.site.competencies == nil
        )
        var response = pages.page("needsList", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func list(_ request: Request, context: OperatorContext) async throws -> Response {
        try await listPage(request, context: context)
    }

    @Sendable func open(_ request: Request, context: OperatorContext) async throws -> Response {
        let form = try await context.form(request, limit: 16 * 1024)
        let language = pages.language(request)
        let title = (form["judul"] ?? "").trimmingSpaces().collapsingSpaces()
        let unitText = form["unit"] ?? ""
        let closesText = form["tutup"] ?? ""
        func refuse(_ message: String) async throws -> Response {
            try await listPage(request, context: context, error: message, title: title, unit: unitText, closes: closesText)
        }
        guard !title.isEmpty, title.count <= 200, ControlCharacters.first(in: title) == nil else { return try await refuse(Text.Programs.needsBadTitle(language)) }
        guard let unit = UnitPath(parsing: unitText), context.maySee(unit) else { return try await refuse(Text.Programs.needsBadUnit(language)) }
        let now = Date()
        guard let day = ProgramDay(parsing: closesText), day >= ProgramDay(now, in: .wib) else { return try await refuse(Text.Programs.needsBadDate(language)) }
        let survey = try await store.openSurvey(title: title, unit: unit, openedBy: context.account.nip.digits, at: now, closesAt: day.end(in: .wib))
        return LearnerController.redirect("/operator/kebutuhan/\(survey.id)")
    }

    @Sendable func close(_ request: Request, context: OperatorContext) async throws -> Response {
        let (survey, _) = try await survey(context)
        // Closing is for an office whose units hold the whole survey (an office of one part cannot close it for all).
        guard context.maySee(survey.unit) else { throw HTTPError(.notFound) }
        try await store.closeSurvey(id: survey.id, at: Date())
        return LearnerController.redirect("/operator/kebutuhan/\(survey.id)")
    }

    /// The gap matrix of a survey over a subtree, with how many staff there are and how many answered: summed by the
    /// database, so a province's survey needs the memory of its positions, not of its answers.
    func matrix(_ survey: NeedsSurvey, unit: UnitPath, dictionary: CompetencyDictionary) async throws
        -> (rows: [NeedsAnalysis.Row], staff: Int, respondents: Int)
    {
        let totals = try await store.needsTotals(surveyID: survey.id, under: unit)
        let rows = NeedsAnalysis.matrix(
            dictionary: dictionary, staff: totals.staff, answers: totals.answers,
            supervisorAnswers: try await store.supervisorTotals(surveyID: survey.id, under: unit),
            courses: site.site.courses.map { (id: $0.id, develops: $0.competencies) }
        )
        return (rows, totals.staff.reduce(0) { $0 + $1.count }, totals.respondents)
    }

    /// The survey's last day for answers, as people read it ("21 Desember 2026"): it closes at that day's end.
    static func lastDay(_ survey: NeedsSurvey, _ language: Language) -> String {
        LearnerController.date(survey.closesAt.addingTimeInterval(-1), language)
    }

    static func priority(_ priority: NeedsAnalysis.Priority?, _ language: Language) -> (String, String) {
        switch priority {
        case .high?: (Text.Programs.needsPriorityHigh(language), "bad")
        case .medium?: (Text.Programs.needsPriorityMedium(language), "due")
        case .low?: (Text.Programs.needsPriorityLow(language), "")
        case nil: (Text.Programs.needsPriorityNone(language), "")
        }
    }

    static func decimal(_ value: Double, _ language: Language) -> String {
        let text = String(format: "%.2f", value).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
        return language == .indonesian ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    @Sendable func matrix(_ request: Request, context: OperatorContext) async throws -> Response {
        let (survey, unit) = try await survey(context)
        let language = pages.language(request)
        let dictionary = site.site.competencies
        var result: (rows: [NeedsAnalysis.Row], staff: Int, respondents: Int) = ([], 0, 0)
        if let dictionary { result = try await matrix(survey, unit: unit, dictionary: dictionary) }
        let courses = Dictionary(site.site.courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let now = Date()
        let model = NeedsMatrixPage(
            chrome: pages.renderer.chrome(language, title: survey.title, breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"),
                .init(text: Text.Programs.needsTitle(language), href: "/operator/kebutuhan"), .init(text: survey.title),
            ]),
            labels: Text.table(language), title: survey.title,
            state: (survey.isOpen(at: now) ? Text.Programs.needsOpen : .needsClosed)(language) + " · " + Text.Programs.needsCloses(language) + " "
                + Self.lastDay(survey, language),
            respondents: Text.Programs.needsRespondentsOf(language, result.respondents, result.staff, unit.description),
            rows: result.rows.map { row in
                let (priority, style) = Self.priority(row.priority, language)
                return NeedsMatrixPage.Row(
                    position: row.position, competency: dictionary?.competency(withID: row.competencyID)?.name ?? row.competencyID,
                    standard: row.standard, average: row.averageCurrent.map { Self.decimal($0, language) } ?? "—",
                    gap: row.gap.map { Self.decimal($0, language) } ?? "—", staff: row.staff,
                    respondents: row.respondents, supervisorAverage: row.averageSupervisor.map { Self.decimal($0, language) } ?? "—",
                    supervisorRespondents: row.supervisorRespondents, priority: priority, priorityClass: style,
                    suggested: row.suggestedCourses.compactMap { courses[$0] }.map {
                        NeedsMatrixPage.Suggestion(title: $0.title, href: PageRenderer.courseHref($0))
                    }
                )
            },
            csvHref: "/operator/kebutuhan/\(survey.id)/matriks.csv",
            closeAction: survey.isOpen(at: now) && context.maySee(survey.unit) ? "/operator/kebutuhan/\(survey.id)/tutup" : nil,
            csrf: context.session.csrfToken, dictionaryMissing: dictionary == nil
        )
        var response = pages.page("needsMatrix", model: model, request: request, context: context)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func matrixCSV(_ request: Request, context: OperatorContext) async throws -> Response {
        let (survey, unit) = try await survey(context)
        let format = CSVFormat(request)
        let dictionary = site.site.competencies
        var rows: [NeedsAnalysis.Row] = []
        if let dictionary { rows = try await matrix(survey, unit: unit, dictionary: dictionary).rows }
        var csv = format.header([
            "jabatan", "kompetensi_id", "kompetensi", "level_standar", "level_rata_rata", "kesenjangan", "jumlah_pegawai", "responden", "prioritas",
            "kursus_disarankan", "level_rata_rata_atasan", "dinilai_atasan",
        ])
        for row in rows {
            let name = dictionary?.competency(withID: row.competencyID)?.name ?? ""
            let fields: [CSVFormat.Field] = [
                .text(row.position), .text(row.competencyID), .text(name), .number(String(row.standard)),
                .number(row.averageCurrent.map { Self.decimal($0, .english) } ?? ""), .number(row.gap.map { Self.decimal($0, .english) } ?? ""),
                .number(String(row.staff)),
                .number(String(row.respondents)), .text(row.priority?.rawValue ?? ""), .text(row.suggestedCourses.joined(separator: " ")),
                .number(row.averageSupervisor.map { Self.decimal($0, .english) } ?? ""), .number(String(row.supervisorRespondents)),
            ]
            csv += format.row(fields)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-kebutuhan-\(survey.id).csv\"",
                .cacheControl: "private, no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: csv))
        )
    }

    // MARK: Learners, and their supervisors

    /// The survey a learner's URL names, when it asks them; anything else is "not found".
    func askedSurvey(_ context: SignedInContext) async throws -> NeedsSurvey {
        guard let id = context.parameters.get("survey").flatMap({ Int64($0) }), let survey = try await store.survey(id: id),
            survey.asks(context.account)
        else { throw HTTPError(.notFound) }
        return survey
    }

    /// The survey and the learner a supervisor's URL names, when the survey asks that learner and the person signed in
    /// supervises them (``Account/supervises(_:)``); anything else is "not found".
    func assessedLearner(_ context: SignedInContext) async throws -> (NeedsSurvey, Account) {
        guard let id = context.parameters.get("survey").flatMap({ Int64($0) }), let survey = try await store.survey(id: id),
            let nip = context.parameters.get("nip").flatMap({ try? NIP(validating: $0) }), let learner = try await store.account(nip: nip),
            context.account.supervises(learner), survey.asks(learner), !competencies(for: learner).isEmpty
        else { throw HTTPError(.notFound) }
        return (survey, learner)
    }

    /// The competencies a learner assesses: those their position's standard requires; none when their position has no
    /// standard (the matrix could not use their answers, so they are not asked for any).
    static func competencies(for account: Account, dictionary: CompetencyDictionary?) -> [Competency] {
        guard let dictionary, let standard = dictionary.standard(for: account.position) else { return [] }
        return dictionary.competencies.filter { standard.required[$0.id] != nil }
    }

    func competencies(for account: Account) -> [Competency] {
        Self.competencies(for: account, dictionary: site.site.competencies)
    }

    /// Where a form about `learner` posts: their own survey page, or their supervisor's page about them.
    static func href(_ survey: NeedsSurvey, about learner: Account, by account: Account) -> String {
        "/kebutuhan/\(survey.id)" + (learner.id == account.id ? "" : "/pegawai/\(learner.nip.digits)")
    }

    func formPage(_ request: Request, context: SignedInContext, survey: NeedsSurvey, learner: Account, chosen: [String: Int], error: String?,
                  saved: Bool) -> Response {
        let language = pages.language(request)
        let open = survey.isOpen(at: Date())
        let asked = competencies(for: learner)
        let model = NeedsFormPage(
            chrome: pages.renderer.chrome(language, title: survey.title), labels: Text.table(language), title: survey.title,
            closes: Text.Programs.needsCloses(language) + " " + Self.lastDay(survey, language),
            about: learner.id == context.account.id ? nil : PageRenderer.metaLine([learner.name, learner.nip.digits, learner.position]),
            action: open && !asked.isEmpty ? Self.href(survey, about: learner, by: context.account) : nil, csrf: context.session.csrfToken,
            questions: asked.map { competency in
                NeedsFormPage.Question(
                    id: competency.id, name: competency.name, kind: competency.kind.rawValue,
                    options: Competency.levelRange.map { level in
                        let meaning = competency.levels.indices.contains(level - 1) ? competency.levels[level - 1] : ""
                        return NeedsFormPage.Option(
                            value: level, label: Text.Programs.needsLevel(language, level) + (meaning.isEmpty ? "" : ": " + meaning),
                            checked: chosen[competency.id] == level, inputID: "k-\(competency.id)-\(level)"
                        )
                    }
                )
            },
            error: error, saved: saved, nothingAsked: asked.isEmpty
        )
        var response = pages.page("needsForm", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    @Sendable func form(_ request: Request, context: SignedInContext) async throws -> Response {
        let survey = try await askedSurvey(context)
        let answers = try await store.answers(surveyID: survey.id, accountID: context.account.id)
        return formPage(request, context: context, survey: survey, learner: context.account, chosen: Self.chosen(answers), error: nil,
                        saved: request.queryFields["tersimpan"] != nil)
    }

    @Sendable func supervisorForm(_ request: Request, context: SignedInContext) async throws -> Response {
        let (survey, learner) = try await assessedLearner(context)
        // One's own assessment only: a predecessor's is not shown (theirs replaces it).
        let answers = try await store.supervisorAnswers(surveyID: survey.id, accountID: learner.id, supervisorID: context.account.id)
        return formPage(request, context: context, survey: survey, learner: learner, chosen: Self.chosen(answers), error: nil,
                        saved: request.queryFields["tersimpan"] != nil)
    }

    static func chosen(_ answers: [SelfAssessment]) -> [String: Int] {
        Dictionary(answers.map { ($0.competencyID, $0.level) }, uniquingKeysWith: { first, _ in first })
    }

    @Sendable func answer(_ request: Request, context: SignedInContext) async throws -> Response {
        let survey = try await askedSurvey(context)
        return try await save(request, context: context, survey: survey, learner: context.account)
    }

    @Sendable func supervisorAnswer(_ request: Request, context: SignedInContext) async throws -> Response {
        let (survey, learner) = try await assessedLearner(context)
        return try await save(request, context: context, survey: survey, learner: learner)
    }

    /// Keeps an assessment of `learner`'s competencies: their own, or (when someone else posts it) their supervisor's.
    func save(_ request: Request, context: SignedInContext, survey: NeedsSurvey, learner: Account) async throws -> Response {
        guard survey.isOpen(at: Date()) else { throw HTTPError(.forbidden) }
        let form = try await context.form(request, limit: 64 * 1024)
        let language = pages.language(request)
        let asked = competencies(for: learner)
        var chosen: [String: Int] = [:]
        for competency in asked {
            if let level = form["k.\(competency.id)"].flatMap({ Int($0) }), Competency.levelRange.contains(level) { chosen[competency.id] = level }
        }
        guard !asked.isEmpty else { throw HTTPError(.forbidden) }
        let missing = asked.filter { chosen[$0.id] == nil }
        guard missing.isEmpty else {
            return formPage(request, context: context, survey: survey, learner: learner, chosen: chosen,
                            error: Text.Programs.needsMissing(language, missing.map(\.name).joined(separator: ", ")), saved: false)
        }
        let now = Date()
        let answers = asked.map {
            SelfAssessment(surveyID: survey.id, accountID: learner.id, competencyID: $0.id, level: chosen[$0.id]!, answeredAt: now)
        }
        if learner.id == context.account.id {
            try await store.saveAnswers(surveyID: survey.id, accountID: learner.id, answers)
        } else {
            try await store.saveSupervisorAnswers(surveyID: survey.id, accountID: learner.id, supervisorID: context.account.id, answers)
        }
        return LearnerController.redirect(Self.href(survey, about: learner, by: context.account) + "?tersimpan=1")
    }

    /// The open surveys on a home page that ask the person something, each marked when answered: about themselves (one
    /// read for all), and about each of the staff they supervise.
    static func homeItems(store: any LearningStore, dictionary: CompetencyDictionary?, account: Account, language: Language) async throws
        -> [NeedsHomeItem]
    {
        guard account.isActive, dictionary != nil else { return [] }
        var items: [NeedsHomeItem] = []
        if account.role == .learner, !competencies(for: account, dictionary: dictionary).isEmpty {
            let surveys = try await store.openSurveys(for: account.unit, at: Date())
            let answered = try await store.answeredSurveys(surveys.map(\.id), accountID: account.id)
            items += surveys.map { survey in
                NeedsHomeItem(
                    text: Text.Programs.needsHomeItem(language, survey.title, lastDay(survey, language)), href: "/kebutuhan/\(survey.id)",
                    answered: answered.contains(survey.id)
                )
            }
        }
        // Staff mostly share a unit: its open surveys are read once.
        var openByUnit: [UnitPath: [NeedsSurvey]] = [:]
        for learner in try await store.supervisedLearners(supervisor: account.nip)
        where account.supervises(learner) && !competencies(for: learner, dictionary: dictionary).isEmpty {
            if openByUnit[learner.unit] == nil { openByUnit[learner.unit] = try await store.openSurveys(for: learner.unit, at: Date()) }
            for survey in openByUnit[learner.unit] ?? [] where survey.asks(learner) {
                let answered = try await store.supervisorAnswers(surveyID: survey.id, accountID: learner.id, supervisorID: account.id)
                items.append(NeedsHomeItem(
                    text: Text.Programs.needsSupervisorHomeItem(language, learner.name, survey.title, lastDay(survey, language)),
                    href: href(survey, about: learner, by: account), answered: !answered.isEmpty
                ))
            }
        }
        return items
    }
}

extension String {
    /// Runs of white space as one space.
    func collapsingSpaces() -> String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
