import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import NIOCore

/// The audit trail at `/admin/audit`: admins see every entry, operators those about accounts of their subtree;
/// filtered by action, NIP and date, paged, and downloadable as CSV of any length.
struct AuditController: Sendable {
    let store: any LearningStore
    let pages: LearnerController

    static let pageSize = 100

    func addRoutes(to router: Router<LenteraContext>) {
        let routes = router.group("/admin/audit", context: OperatorContext.self)
        routes.get(use: list)
        routes.get("audit.csv", use: csv)
    }

    /// The filter a request asks for, always within the operator's subtree.
    func filter(_ request: Request, _ context: OperatorContext) -> AuditFilter {
        let parameters = request.queryFields
        func day(_ name: String) -> Date? {
            guard let text = parameters[name], !text.isEmpty else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = JPLedger.timeZone
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, (1900...2200).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        let nip = parameters["nip"].map { $0.filter(\.isNumber) }.flatMap { $0.isEmpty ? nil : $0 }
        return AuditFilter(
            action: parameters["aksi"].flatMap(AuditAction.init(rawValue:)), nip: nip, from: day("dari"),
            until: day("sampai").map { $0.addingTimeInterval(86_400) }, unit: context.scope
        )
    }

    @Sendable func list(_ request: Request, context: OperatorContext) async throws -> Response {
        let language = LanguagePreference.resolve(request).language
        let filter = filter(request, context)
        let parameters = request.queryFields
        let pageNumber = min(max(1, parameters["halaman"].flatMap { Int($0) } ?? 1), AccountController.lastPage)
        let (events, total) = try await store.auditEvents(filter, offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize)
        let kept = ["aksi", "nip", "dari", "sampai"].compactMap { name -> String? in
            guard let value = parameters[name], !value.isEmpty else { return nil }
            return "\(name)=\(FormFields.encode(value))"
        }.joined(separator: "&")
        var showing: String?
        if total > 0 {
            let first = (pageNumber - 1) * Self.pageSize + 1
            showing = "\(first)–\(first + events.count - 1) / \(total)"
        }
        let base = "/admin/audit?" + (kept.isEmpty ? "" : kept + "&")
        let model = AuditTrailPage(
            chrome: pages.renderer.chrome(language, title: Text.Accounts.auditTitle(language)), labels: Text.table(language),
            events: events.map { event in
                AuditTrailPage.Event(
                    when: Self.timestamp(event.date), action: event.action.label(in: language), actor: event.actor ?? "—",
                    subject: event.subject ?? "—", unit: event.unit?.description ?? "—", detail: event.detail, address: event.address ?? "—"
                )
            },
            actions: AuditAction.allCases.map { Choice(value: $0.rawValue, text: $0.label(in: language), selected: $0 == filter.action) },
            nip: filter.nip ?? "", from: parameters["dari"] ?? "", until: parameters["sampai"] ?? "",
            csvHref: "/admin/audit/audit.csv" + (kept.isEmpty ? "" : "?" + kept),
            csvSemicolonHref: "/admin/audit/audit.csv?" + (kept.isEmpty ? "" : kept + "&") + "pemisah=titik-koma",
            showing: showing,
            previousHref: pageNumber > 1 ? base + "halaman=\(pageNumber - 1)" : nil,
            nextHref: pageNumber * Self.pageSize < total ? base + "halaman=\(pageNumber + 1)" : nil
        )
        return pages.page("auditTrail", model: model, request: request, context: context)
    }

    /// The whole filtered trail as CSV, streamed in batches: memory stays the same whatever its length.
    @Sendable func csv(_ request: Request, context: OperatorContext) async throws -> Response {
        let filter = filter(request, context)
        let format = CSVFormat(request)
        let store = store
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: format.header(["waktu", "tindakan", "oleh", "akun", "unit", "rincian", "alamat"])))
            try await store.eachAuditEvent(filter, batch: 1000) { events in
                var chunk = ""
                for event in events {
                    chunk += format.row([
                        .text(Self.timestamp(event.date)), .text(event.action.rawValue), .nip(event.actor ?? ""), .nip(event.subject ?? ""),
                        .text(event.unit?.description ?? ""), .text(event.detail), .text(event.address ?? ""),
                    ])
                }
                try await writer.write(ByteBuffer(string: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"lentera-audit.csv\"",
                .cacheControl: "private, no-store",
            ],
            body: body
        )
    }

    /// `2026-12-06 12:25:03` in WIB, the same on the page and in the CSV.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = JPLedger.timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0, p.second ?? 0)
    }
}

extension CSVFormat {
    /// The format a download asks for: `?pemisah=titik-koma` for Excel set to Indonesian, a comma otherwise.
    init(_ request: Request) {
        self.init(separator: request.queryFields["pemisah"] == "titik-koma" ? ";" : ",")
    }
}
