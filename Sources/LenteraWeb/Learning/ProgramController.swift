import Foundation
import Hummingbird
import NIOCore
import LenteraCore

/// A training office's program pages: the programs that target its learners, and each one's progress by unit with
/// a CSV of its participants. Scoped like every operator page: an operator sees only programs and learners of their
/// unit subtree (admins everything).
struct ProgramController: Sendable {
    let store: any LearningStore
    let learning: LearningService
    let pages: LearnerController

    func addRoutes(to router: Router<LenteraContext>) {
        let routes = router.group("/operator/program", context: OperatorContext.self)
        routes.get(use: list)
        routes.get(":program", use: report)
        routes.get(":program/peserta.csv", use: participants)
        routes.get(":program/evaluasi", use: evaluationPage)
        routes.get(":program/evaluasi.csv", use: evaluationCSV)
    }

    /// The programs served that target learners in the operator's scope.
    func programs(_ context: OperatorContext) -> [Program] {
        learning.site.site.programs.filter { $0.concerns(scope: context.scope) }
    }

    /// The program a URL names, when it concerns the operator: any other is "not found".
    func program(_ context: OperatorContext) throws -> Program {
        let id = try context.parameters.require("program")
        guard let program = programs(context).first(where: { $0.id == id }) else { throw HTTPError(.notFound) }
        return program
    }

    /// Each targeted learner of `unit`'s subtree within the program's target, with their progress, a batch at a time.
    func eachParticipant(_ program: Program, under unit: UnitPath?, _ body: (Account, ProgramProgress) throws -> Void) async throws {
        // Every activity's credits: courses' and events'.
        let now = Date()
        let schedule = ProgramProgress.Schedule(program)
        try await store.eachLearnerCredits(under: program.target.units(within: unit), courseIDs: program.creditIDs, batch: 2000) { batch in
            for learner in batch where program.targets(learner.account) {
                try body(learner.account, ProgramProgress(program, schedule: schedule, credits: learner.credits, now: now))
            }
        }
    }

    @Sendable func list(_ request: Request, context: OperatorContext) async throws -> Response {
        let language = pages.language(request)
        let model = ProgramListPage(
            chrome: pages.renderer.chrome(language, title: Text.Programs.programListTitle(language), breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"), .init(text: Text.Programs.programListTitle(language)),
            ]),
            labels: Text.table(language),
            programs: programs(context).map { program in
                ProgramListPage.Row(
                    title: program.title, href: "/operator/program/\(program.id)", period: ProgramText.period(program, language),
                    target: ProgramText.target(program, language), activities: program.activities.count
                )
            }
        )
        return pages.page("programList", model: model, request: request, context: context)
    }

    @Sendable func report(_ request: Request, context: OperatorContext) async throws -> Response {
        let program = try program(context)
        let operators = OperatorController.self
        let unit = try OperatorController.requestedUnit(request, context)
        let language = pages.language(request)
        var tally = ProgramTally(below: unit)
        try await eachParticipant(program, under: unit) { tally.add($0, $1) }
        let base = "/operator/program/\(program.id)"
        func row(_ row: ProgramTally.UnitRow, drill: Bool) -> ProgramReportPage.UnitRow {
            ProgramReportPage.UnitRow(
                name: row.unit.components.last ?? Text.Programs.programTotal(language),
                drillHref: drill && row.hasChildren ? "\(base)?unit=\(operators.query(row.unit))" : nil, enrolled: row.enrolled,
                onTrack: row.onTrack, late: row.late, completed: row.completed, jp: row.jp.formatted(for: language)
            )
        }
        var upHref: String?
        if let unit, unit != context.scope {
            upHref = unit.parent.flatMap { parent in context.maySee(parent) ? "\(base)?unit=\(operators.query(parent))" : nil } ?? base
        }
        var total = row(tally.total, drill: false)
        total.name = Text.Programs.programTotal(language)
        let model = ProgramReportPage(
            chrome: pages.renderer.chrome(language, title: program.title, breadcrumbs: [
                .init(text: Text.Operator.reports(language), href: "/operator"),
                .init(text: Text.Programs.programListTitle(language), href: "/operator/program"), .init(text: program.title),
            ]),
            labels: Text.table(language), title: program.title, goal: program.goal, period: ProgramText.period(program, language),
            target: ProgramText.target(program, language),
            intro: Text.Programs.programReportIntro(language, unit?.description ?? Text.Operator.allUnits(language)), upHref: upHref,
            csvHref: "\(base)/peserta.csv" + (unit.flatMap { $0 != context.scope ? "?unit=\(operators.query($0))" : nil } ?? ""),
            evaluationHref: "\(base)/evaluasi" + (unit.flatMap { $0 != context.scope ? "?unit=\(operators.query($0))" : nil } ?? ""),
            activities: ProgramText.activities(program, courses: learning.site.site.courses, eventHref: { "/operator/program/\(program.id)/acara/\($0.id)" }, language),
            units: tally.rows.map { row($0, drill: true) }, total: total
        )
        return pages.page("programReport", model: model, request: request, context: context)
    }

    @Sendable func participants(_ request: Request, context: OperatorContext) async throws -> Response {
        let program = try program(context)
        let unit = try OperatorController.requestedUnit(request, context)
        let format = CSVFormat(request)
        var csv = format.header(
            ["nip", "nama", "unit", "jabatan", "status_program", "kegiatan_selesai", "jp_program"] + program.activities.map { "selesai_\($0.key)" }
        )
        try await eachParticipant(program, under: unit) { account, progress in
            let days: [CSVFormat.Field] = progress.states.map { state in
                if case .done(let at, _) = state { return .number(ProgramDay(at, in: program.zone).description) }
                return .text("")
            }
            csv += format.row(
                [
                    .nip(account.nip.digits), .text(account.name), .text(account.unit.description), .text(account.position),
                    .text(progress.standing.csvName), .number(String(progress.doneCount)), .number(progress.jp.description),
                ] + days
            )
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-program-\(program.id).csv\"",
                .cacheControl: "private, no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: csv))
        )
    }
}

extension ProgramProgress.Standing {
    /// The standing in a CSV column: a word that stays the same in every language.
    var csvName: String {
        switch self {
        case .completed: "selesai"
        case .late: "terlambat"
        case .onTrack: "sesuai_jadwal"
        }
    }
}
