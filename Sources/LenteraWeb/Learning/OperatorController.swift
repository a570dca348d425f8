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

    func addRoutes(to router: Router<LenteraContext>) {
        // Operators and admins only; the context carries the operator's unit scope.
        let routes = router.group("/operator", context: OperatorContext.self)
        routes.get(use: reports)
        routes.get("laporan/:name", use: csv)
    }

    /// The unit a report is asked for (`?unit=`), within the operator's scope; the whole scope when none is asked for.
    func unit(_ request: Request, _ context: OperatorContext) throws -> UnitPath? {
        guard let requested = request.uri.queryParameters["unit"].flatMap({ UnitPath(parsing: String($0)) }) else { return context.scope }
        // Another office's unit does not exist as far as this operator can tell.
        guard context.maySee(requested) else { throw HTTPError(.notFound) }
        return requested
    }

    func year(_ request: Request) -> Int {
        request.uri.queryParameters["tahun"].flatMap { Int(String($0)) }.flatMap { (2000...2100).contains($0) ? $0 : nil }
            ?? JPLedger.year(of: Date())
    }

    struct ReportData {
        var ledger: (pns: [Reports.LedgerRow], pppk: [Reports.LedgerRow])
        var units: [Reports.UnitRow]
        var courses: [Reports.CourseRow]
        var feedback: [FeedbackSummary]
    }

    func data(unit: UnitPath?, year: Int) async throws -> ReportData {
        let accounts = try await store.accounts(under: unit)
        let entries = try await store.entries(year: year, under: unit)
        let ledger = Reports.ledger(accounts: accounts, entries: entries, year: year)
        let courses = learning.site.site.courses.map { (id: $0.id, title: $0.title, jp: $0.jp) }
        let completion = Reports.completion(
            courses: courses, started: try await store.learnersStarted(under: unit), entries: entries, year: year,
            accounts: Set(accounts.map(\.id))
        )
        return ReportData(
            ledger: ledger, units: Reports.compliance(ledger.pns + ledger.pppk, below: unit), courses: completion,
            feedback: try await store.feedbackSummaries(under: unit)
        )
    }

    static func query(_ unit: UnitPath) -> String {
        unit.description.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Sendable func reports(_ request: Request, context: OperatorContext) async throws -> Response {
        let scope = context.scope
        let unit = try unit(request, context)
        let language = LanguagePreference.resolve(request).language
        let labels = Labels.forLanguage(language)
        let year = year(request)
        let data = try await data(unit: unit, year: year)
        func ledgerRow(_ row: Reports.LedgerRow) -> [String: Any] {
            [
                "nip": row.account.nip.digits, "name": row.account.name, "unit": row.account.unit.description, "courses": row.courses,
                "jp": row.jp.formatted(for: language), "meets": row.meetsTarget, "meetsText": row.meetsTarget ? labels.yes : labels.no,
            ]
        }
        let units: [[String: Any]] = data.units.map { row in
            var values: [String: Any] = [
                "name": row.unit.components.last ?? "", "pns": row.pns, "meeting": row.pnsMeetingTarget,
                "percent": String(format: "%.1f", row.compliancePercent), "pppk": row.pppk, "jp": row.totalJP.formatted(for: language),
            ]
            if row.hasChildren { values["drillHref"] = "/operator?tahun=\(year)&unit=\(Self.query(row.unit))" }
            return values
        }
        let titles = Dictionary(learning.site.site.courses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String: Any] = [
            "intro": String(format: labels.operatorIntro, unit?.description ?? labels.allUnits), "year": year, "units": units,
            "pns": data.ledger.pns.map(ledgerRow), "pppk": data.ledger.pppk.map(ledgerRow),
            "hasQuizCourses": learning.site.site.courses.contains { !$0.quizzes.isEmpty },
            "quizCourses": learning.site.site.courses.filter { !$0.quizzes.isEmpty }.map { ["title": $0.title, "href": "/operator/kuis/\($0.id)"] },
            "courseRows": data.courses.map { ["title": $0.title, "jp": $0.jp.formatted(for: language), "started": $0.started, "completed": $0.completed] },
            "feedback": data.feedback.map { summary -> [String: Any] in
                [
                    "course": titles[summary.courseID]?.title ?? summary.courseID,
                    "module": summary.moduleID.isEmpty ? "—" : (titles[summary.courseID]?.module(withID: summary.moduleID)?.title ?? summary.moduleID), "count": summary.count,
                    "average": String(format: "%.1f", summary.averageRelevance), "comments": summary.comments,
                ]
            },
        ]
        values["hasFeedback"] = !data.feedback.isEmpty
        if let unit, unit != scope { values["unitKey"] = Self.query(unit) }
        if let unit, unit != scope, let parent = unit.parent, scope?.contains(parent) ?? true {
            values["upHref"] = "/operator?tahun=\(year)&unit=\(Self.query(parent))"
        } else if let unit, unit != scope {
            values["upHref"] = "/operator?tahun=\(year)"
        }
        return pages.page("operator", values, request: request, context: context, title: labels.operatorTitle)
    }

    @Sendable func csv(_ request: Request, context: OperatorContext) async throws -> Response {
        let unit = try unit(request, context)
        let year = year(request)
        let data = try await data(unit: unit, year: year)
        let name = try context.parameters.require("name")
        let text: String
        switch name {
        case "jp.csv":
            text = Reports.csv(
                header: ["nip", "nama", "unit", "status", "tahun", "kursus_selesai", "jp", "memenuhi_20_jp"],
                rows: (data.ledger.pns + data.ledger.pppk).map { row in
                    [
                        row.account.nip.digits, row.account.name, row.account.unit.description, row.account.status.rawValue, String(year),
                        String(row.courses), row.jp.description, row.account.status == .pns ? (row.meetsTarget ? "1" : "0") : "",
                    ]
                }
            )
        case "kepatuhan.csv":
            text = Reports.csv(
                header: ["unit", "pns", "pns_memenuhi_20_jp", "kepatuhan_persen", "pppk", "total_jp"],
                rows: data.units.map { row in
                    [
                        row.unit.description, String(row.pns), String(row.pnsMeetingTarget), String(format: "%.1f", row.compliancePercent),
                        String(row.pppk), row.totalJP.description,
                    ]
                }
            )
        case "kursus.csv":
            text = Reports.csv(
                header: ["kursus_id", "judul", "jp", "mulai", "selesai"],
                rows: data.courses.map { [$0.courseID, $0.title, $0.jp.description, String($0.started), String($0.completed)] }
            )
        case "umpan-balik.csv":
            text = Reports.csv(
                header: ["kursus_id", "modul_id", "tanggapan", "rata_rata_relevansi"],
                rows: data.feedback.map { [$0.courseID, $0.moduleID, String($0.count), String(format: "%.2f", $0.averageRelevance)] }
            )
        default:
            throw HTTPError(.notFound)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-\(year)-\(name)\"",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    func labels(_ request: Request) -> Labels {
        Labels.forLanguage(LanguagePreference.resolve(request).language)
    }
}

import NIOCore
import NIOPosix
