import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import LenteraCore

/// A training office's pages, scoped to the operator's unit subtree (admins see everything): reports with CSV
/// downloads, the roster import and password resets.
struct OperatorController: Sendable {
    let store: any LearningStore
    let learning: LearningService
    let renderer: PageRenderer
    let pages: LearnerController
    /// The learners from which a scope's unit and course totals come from the report snapshot.
    var snapshotScope = Reports.snapshotScope

    func addRoutes(to router: Router<LenteraContext>) {
        // Operators and admins only; the context carries the operator's unit scope.
        let routes = router.group("/operator", context: OperatorContext.self)
        routes.get(use: reports)
        routes.get("laporan/:name", use: csv)
    }

    /// The unit a report is asked for (`?unit=`), within the operator's scope; the whole scope when none is asked for.
    func unit(_ request: Request, _ context: OperatorContext) throws -> UnitPath? {
        try Self.requestedUnit(request, context)
    }

    /// The unit a page is asked for (`?unit=`), within the operator's scope; the whole scope when none is asked for.
    static func requestedUnit(_ request: Request, _ context: OperatorContext) throws -> UnitPath? {
        guard let requested = request.queryFields["unit"].flatMap({ UnitPath(parsing: $0) }) else { return context.scope }
        // Another office's unit does not exist as far as this operator can tell.
        guard context.maySee(requested) else { throw HTTPError(.notFound) }
        return requested
    }

    func year(_ request: Request) -> Int {
        request.queryFields["tahun"].flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil }
            ?? JPLedger.year(of: Date())
    }

    /// One page of a ledger table, and how many rows it has in all.
    struct LedgerPage {
        var rows: [Reports.LedgerRow] = []
        var total = 0
    }

    struct ReportData {
        var pns = LedgerPage()
        var pppk = LedgerPage()
        var units: [Reports.UnitRow]
        var courses: [Reports.CourseRow]
        var feedback: [FeedbackSummary]
        /// When the unit and course totals were summed, for a large scope read from the report snapshot; nil: now.
        var summedAt: Date?
    }

    static let pageSize = 50

    /// The reports of a unit subtree for a year, summed by the database (the reads run at once): the units'
    /// compliance and the courses' completion over everyone, and of the ledger tables only the page asked for.
    func data(unit: UnitPath?, year: Int, search: String = "", page: Int = 1) async throws -> ReportData {
        let first = (page - 1) * Self.pageSize
        async let pns = store.ledgerPage(
            year: year, under: unit, status: .pns, search: search, offset: first, limit: Self.pageSize, target: JPLedger.target
        )
        async let pppk = store.ledgerPage(
            year: year, under: unit, status: .pppk, search: search, offset: first, limit: Self.pageSize, target: JPLedger.target
        )
        async let totals = totals(unit: unit, year: year)
        async let feedback = store.feedbackSummaries(under: unit)
        let (pnsPage, pppkPage) = try await (pns, pppk)
        let summed = try await totals
        return ReportData(
            pns: LedgerPage(rows: pnsPage.rows, total: pnsPage.total), pppk: LedgerPage(rows: pppkPage.rows, total: pppkPage.total),
            units: compliance(unit: unit, summed.units), courses: completion(summed.courses), feedback: try await feedback,
            summedAt: summed.summedAt
        )
    }

    /// A subtree's unit and course totals in a year: from the year's snapshot when the subtree is large (with the time
    /// it was summed), summed live otherwise.
    func totals(unit: UnitPath?, year: Int) async throws
        -> (units: [Reports.UnitTotal], courses: [String: Reports.CourseTotal], summedAt: Date?)
    {
        if let snapshot = try await store.reportSnapshot(year: year, under: unit, target: JPLedger.target), snapshot.learners >= snapshotScope {
            return (snapshot.units, snapshot.courses, snapshot.builtAt)
        }
        async let units = store.unitTotals(year: year, under: unit, target: JPLedger.target)
        async let courses = store.courseTotals(year: year, under: unit)
        return (try await units, try await courses, nil)
    }

    /// The compliance of the units one level below `unit` (the instansi when nil), against the yearly target.
    func compliance(unit: UnitPath?, _ totals: [Reports.UnitTotal]) -> [Reports.UnitRow] {
        var summary = Reports.Compliance(below: unit)
        for total in totals { summary.add(total) }
        return summary.rows
    }

    /// How many learners started and completed each course served.
    func completion(_ totals: [String: Reports.CourseTotal]) -> [Reports.CourseRow] {
        let courses = learning.site.site.courses.map { (id: $0.id, title: $0.title, jp: $0.jp) }
        return Reports.completion(courses: courses, totals: totals)
    }

    /// A unit as the value of `?unit=` in a link.
    static func query(_ unit: UnitPath) -> String {
        FormFields.encode(unit.description)
    }

    @Sendable func reports(_ request: Request, context: OperatorContext) async throws -> Response {
        let scope = context.scope
        let unit = try unit(request, context)
        let language = LanguagePreference.resolve(request).language
        let year = year(request)
        let query = request.queryFields
        let search = query["q"]?.trimmingSpaces() ?? ""
        let pageNumber = min(max(1, query["halaman"].flatMap { Int($0) } ?? 1), AccountController.lastPage)
        let data = try await data(unit: unit, year: year, search: search, page: pageNumber)
        func ledgerRow(_ row: Reports.LedgerRow) -> OperatorPage.LedgerRow {
            OperatorPage.LedgerRow(
                nip: row.account.nip.digits, name: row.account.name, unit: row.account.unit.description, courses: row.courses,
                jp: row.jp.formatted(for: language), meets: row.meetsTarget, meetsText: (row.meetsTarget ? Text.Operator.yes : .no)(language)
            )
        }
        let titles = Dictionary(learning.site.site.courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        // The ledger tables go by pages of 50; the links keep the year, unit and search.
        var kept = "tahun=\(year)"
        if let unit, unit != scope { kept += "&unit=\(Self.query(unit))" }
        if !search.isEmpty { kept += "&q=\(FormFields.encode(search))" }
        // Links carry the unit encoded (`unitKey`); the forms' hidden fields carry it as it is (`unitName`), since the
        // browser encodes what it sends.
        let chosen = unit.flatMap { $0 != scope ? $0 : nil }
        var upHref: String?
        if let unit, unit != scope, let parent = unit.parent, scope?.contains(parent) ?? true {
            upHref = "/operator?tahun=\(year)&unit=\(Self.query(parent))"
        } else if let unit, unit != scope {
            upHref = "/operator?tahun=\(year)"
        }
        let model = OperatorPage(
            chrome: pages.renderer.chrome(language, title: Text.Operator.operatorTitle(language)), labels: Text.table(language),
            intro: Text.Operator.operatorIntro(language, unit?.description ?? Text.Operator.allUnits(language)),
            summedAt: data.summedAt.map { Text.Operator.operatorSummedAt(language, AuditController.timestamp($0)) }, year: year,
            unitKey: chosen.map { Self.query($0) }, unitName: chosen?.description, upHref: upHref,
            units: data.units.map { row in
                OperatorPage.UnitRow(
                    name: row.unit.components.last ?? "", pns: row.pns, meeting: row.pnsMeetingTarget,
                    percent: String(format: "%.1f", row.compliancePercent), pppk: row.pppk, jp: row.totalJP.formatted(for: language),
                    drillHref: row.hasChildren ? "/operator?tahun=\(year)&unit=\(Self.query(row.unit))" : nil
                )
            },
            pns: data.pns.rows.map(ledgerRow), pppk: data.pppk.rows.map(ledgerRow), pnsTotal: data.pns.total, pppkTotal: data.pppk.total,
            search: search, pageNumber: pageNumber,
            previousHref: pageNumber > 1 ? "/operator?\(kept)&halaman=\(pageNumber - 1)" : nil,
            nextHref: pageNumber * Self.pageSize < max(data.pns.total, data.pppk.total) ? "/operator?\(kept)&halaman=\(pageNumber + 1)" : nil,
            courseRows: data.courses.map {
                OperatorPage.CourseRow(title: $0.title, jp: $0.jp.formatted(for: language), started: $0.started, completed: $0.completed)
            },
            quizCourses: learning.site.site.courses.filter { !$0.quizzes.isEmpty }.map {
                OperatorPage.QuizCourse(title: $0.title, href: "/operator/kuis/\($0.id)")
            },
            feedback: data.feedback.map { summary in
                let names = Self.feedbackNames(summary, courses: titles, programs: learning.site.site.programs, language: language)
                return FeedbackRow(
                    course: names.course, module: names.module ?? "—",
                    count: summary.count, average: String(format: "%.1f", summary.averageRelevance), comments: summary.comments
                )
            }
        )
        return pages.page("operator", model: model, request: request, context: context)
    }

    /// What rated feedback is about, as people read it: the course's title (an event's "Acara: TITLE"), and its
    /// module's title (an event's edition); nil for a rating of the whole course.
    static func feedbackNames(_ summary: FeedbackSummary, courses: [String: Course], programs: [Program], language: Language)
        -> (course: String, module: String?)
    {
        let course = courses[summary.courseID]
        let event = course == nil ? programs.event(creditID: summary.courseID) : nil
        let title = course?.title ?? event.map { Text.Programs.eventRatingName(language, $0.event.title) } ?? summary.courseID
        guard !summary.moduleID.isEmpty else { return (title, nil) }
        let module = course?.module(withID: summary.moduleID)?.title
            ?? (course == nil && summary.courseID.hasPrefix("acara:") ? Text.Programs.eventRatingEdition(language, summary.moduleID) : summary.moduleID)
        return (title, module)
    }

    @Sendable func csv(_ request: Request, context: OperatorContext) async throws -> Response {
        let unit = try unit(request, context)
        let year = year(request)
        let name = try context.parameters.require("name")
        let format = CSVFormat(request)
        let body: ResponseBody
        switch name {
        case "jp.csv":
            // Streamed a batch of accounts at a time: the same memory for a hundred learners or a million.
            let store = store
            body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: format.header(["nip", "nama", "unit", "status", "tahun", "kursus_selesai", "jp", "memenuhi_20_jp"])))
                try await store.eachLedgerTotal(year: year, under: unit, batch: 2000) { rows in
                    var chunk = ""
                    for row in rows {
                        chunk += format.row([
                            .nip(row.account.nip.digits), .text(row.account.name), .text(row.account.unit.description), .text(row.account.status.rawValue),
                            .number(String(year)), .number(String(row.courses)), .number(row.jp.description),
                            .number(row.account.status == .pns ? (row.meetsTarget ? "1" : "0") : ""),
                        ])
                    }
                    try await writer.write(ByteBuffer(string: chunk))
                }
                try await writer.finish(nil)
            }
        case "kepatuhan.csv":
            let units = compliance(unit: unit, try await totals(unit: unit, year: year).units)
            body = ResponseBody(byteBuffer: ByteBuffer(string: format.header(["unit", "pns", "pns_memenuhi_20_jp", "kepatuhan_persen", "pppk", "total_jp"])
                + units.map { row in
                    format.row([
                        .text(row.unit.description), .number(String(row.pns)), .number(String(row.pnsMeetingTarget)),
                        .number(String(format: "%.1f", row.compliancePercent)), .number(String(row.pppk)), .number(row.totalJP.description),
                    ])
                }.joined()))
        case "kursus.csv":
            let courses = completion(try await totals(unit: unit, year: year).courses)
            body = ResponseBody(byteBuffer: ByteBuffer(string: format.header(["kursus_id", "judul", "jp", "mulai", "selesai"])
                + courses.map {
                    format.row([.text($0.courseID), .text($0.title), .number($0.jp.description), .number(String($0.started)), .number(String($0.completed))])
                }.joined()))
        case "umpan-balik.csv":
            let feedback = try await store.feedbackSummaries(under: unit)
            let site = learning.site.site
            let courses = Dictionary(site.courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let language = pages.language(request)
            // The titles come last: the first four columns stay where spreadsheets made before them expect them.
            body = ResponseBody(byteBuffer: ByteBuffer(string: format.header(["kursus_id", "modul_id", "tanggapan", "rata_rata_relevansi", "judul", "judul_modul"])
                + feedback.map {
                    let names = Self.feedbackNames($0, courses: courses, programs: site.programs, language: language)
                    return format.row([
                        .text($0.courseID), .text($0.moduleID), .number(String($0.count)), .number(String(format: "%.2f", $0.averageRelevance)),
                        .text(names.course), .text(names.module ?? ""),
                    ])
                }.joined()))
        default:
            throw HTTPError(.notFound)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-\(year)-\(name)\"",
                .cacheControl: "private, no-store",
            ],
            body: body
        )
    }
}

import NIOCore
import NIOPosix
