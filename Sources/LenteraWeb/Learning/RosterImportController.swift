import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import LenteraStore
import NIOCore

/// Roster imports on the web: upload, preview (added, changed, deactivated, refused), apply in the background with
/// progress, then the temporary passwords as CSV and as a printable sheet until the operator confirms they were
/// handed out. An import is seen only by whoever uploaded it, and by admins.
struct RosterImportController: Sendable {
    let store: any LenteraDatabase
    let imports: RosterImportService
    let pages: LearnerController
    let baseURL: String?

    /// How many rows of each list the preview shows (the counts are always whole).
    static let previewRows = 200

    func addRoutes(to router: Router<LenteraContext>) {
        let routes = router.group("/operator/pengguna/impor", context: OperatorContext.self)
        routes.post(use: upload)
        routes.get(":import", use: show)
        routes.post(":import/terapkan", use: apply)
        routes.post(":import/batal", use: cancel)
        routes.post(":import/konfirmasi", use: confirm)
        routes.get(":import/kata-sandi.csv", use: passwordsCSV)
        routes.get(":import/cetak", use: printable)
    }

    func record(_ context: OperatorContext) async throws -> RosterImportRecord {
        guard let id = Int64(try context.parameters.require("import")), let record = try await store.rosterImport(id: id),
            record.actorID == context.account.id || context.account.role == .admin
        else { throw HTTPError(.notFound) }
        return record
    }

    @Sendable func upload(_ request: Request, context: OperatorContext) async throws -> Response {
        let form = try await context.form(request, limit: 4 * 1024 * 1024)
        let uploaded = form["berkas"].flatMap { $0.trimmingSpaces().isEmpty ? nil : $0 }
        let csv = uploaded ?? form["csv"] ?? ""
        // An empty form is a mistake, not an import to keep.
        guard !csv.trimmingSpaces().isEmpty else { return LearnerController.redirect("/operator/pengguna?impor=kosong") }
        // A file no store can keep (a NUL from a UTF-16 export) is refused whole, saying where and what to do.
        if let rejection = Roster.rejection(ofFile: csv) {
            let language = LanguagePreference.resolve(request).language
            let title = Text.Accounts.rosterUnreadable(language)
            return pages.messagePage(
                heading: title, text: rejection.message(in: language), backHref: "/operator/pengguna",
                backText: Text.Accounts.usersTitle(language), request: request, context: context, title: title, status: .badRequest
            )
        }
        let id = try await store.createRosterImport(actor: context.account, csv: csv, deactivateMissing: form["lengkap"] == "ya", at: Date())
        return LearnerController.redirect("/operator/pengguna/impor/\(id)")
    }

    @Sendable func show(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        let language = LanguagePreference.resolve(request).language
        let title = record.state == .previewed ? Text.Accounts.rosterPreviewTitle(language) : Text.Accounts.importResult(language)
        var model = RosterImportPage(
            chrome: pages.renderer.chrome(language, title: title), labels: Text.table(language), title: title, csrf: context.session.csrfToken,
            id: record.id, state: record.state.rawValue, cancelled: false
        )
        switch record.state {
        case .previewed:
            // The plan is the uploader's, with the uploader's rights, whoever looks at it.
            let plan = try await imports.plan(for: record, actor: try await uploader(record))
            model.preview = RosterImportPage.Preview(
                additionsCount: plan.additions.count, changesCount: plan.changes.count, deactivationsCount: plan.deactivations.count,
                unchangedCount: plan.unchanged, refusalsCount: plan.refusals.count,
                additions: plan.additions.prefix(Self.previewRows).map {
                    .init(
                        line: $0.line, nip: $0.account.nip.digits, name: $0.account.name, unit: $0.account.unit.description,
                        role: Text.Accounts.name(of: $0.account.role)(language)
                    )
                },
                changes: plan.changes.prefix(Self.previewRows).map {
                    .init(
                        line: $0.line, nip: $0.account.nip.digits, name: $0.account.name,
                        detail: $0.changes.map(\.description).joined(separator: "; ")
                    )
                },
                deactivations: plan.deactivations.prefix(Self.previewRows).map {
                    .init(nip: $0.account.nip.digits, name: $0.account.name, unit: $0.account.unit.description)
                },
                refusals: plan.refusals.map { $0.message(in: language) },
                canApply: !(plan.additions.isEmpty && plan.changes.isEmpty && plan.deactivations.isEmpty),
                deactivateMissing: record.deactivateMissing
            )
        case .applying:
            model.applying = RosterImportPage.Progress(
                done: record.done, total: record.total, percent: record.total == 0 ? 0 : record.done * 100 / record.total
            )
        case .applied, .confirmed:
            let rows = try await store.rosterRows(importID: record.id)
            let passwords = rows.filter { $0.password != nil }
            model.finished = RosterImportPage.Finished(
                confirmed: record.state == .confirmed, addedCount: rows.filter { $0.kind == .add }.count,
                changedCount: rows.filter { $0.kind == .change }.count, deactivatedCount: rows.filter { $0.kind == .deactivate }.count,
                passwords: passwords.prefix(Self.previewRows).map { .init(nip: $0.nip, name: $0.name, password: $0.password ?? "") },
                passwordsCount: passwords.count
            )
        case .cancelled:
            model.cancelled = true
        }
        var response = pages.page("rosterImport", model: model, request: request, context: context)
        // The page follows the background work without JavaScript.
        if record.state == .applying { response.headers[HTTPField.Name("Refresh")!] = "2" }
        return response
    }

    /// Whoever uploaded an import, as their account is now (an uploader no longer staff imports nothing).
    func uploader(_ record: RosterImportRecord) async throws -> Account {
        guard let id = record.actorID, let account = try await store.account(id: id), account.isActive, account.role == .operator || account.role == .admin
        else { throw HTTPError(.notFound) }
        return account
    }

    @Sendable func apply(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        _ = try await context.form(request, limit: 16 * 1024)
        // Only the uploader applies: an admin applying an operator's file would lend it the admin's rights.
        guard record.actorID == context.account.id else { throw HTTPError(.forbidden) }
        if record.state == .previewed {
            _ = try await imports.start(record, actor: try await uploader(record))
            let rows = try await store.rosterImport(id: record.id)
            try await store.record([AuditEvent(
                date: Date(), action: .rosterImported, actor: context.account.nip.digits, unit: context.scope,
                detail: "impor #\(record.id): \(rows?.total ?? 0) baris diterapkan", address: context.base.remoteAddress
            )])
        }
        return LearnerController.redirect("/operator/pengguna/impor/\(record.id)")
    }

    @Sendable func cancel(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        try await store.cancelRosterImport(id: record.id)
        return LearnerController.redirect("/operator/pengguna")
    }

    @Sendable func confirm(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        try await store.confirmRosterImport(id: record.id)
        return LearnerController.redirect("/operator/pengguna/impor/\(record.id)")
    }

    /// The temporary passwords of the new accounts, for a spreadsheet (until confirmed).
    @Sendable func passwordsCSV(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        let format = CSVFormat(request)
        let rows = try await store.rosterRows(importID: record.id).filter { $0.password != nil }
        guard !rows.isEmpty else { throw HTTPError(.notFound) }
        var text = format.header(["nip", "nama", "unit", "kata_sandi_sementara"])
        for row in rows { text += format.row([.nip(row.nip), .text(row.name), .text(row.unit), .text(row.password ?? "")]) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"kata-sandi-sementara-\(record.id).csv\"",
                .cacheControl: "private, no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// One slip per new account, to cut and hand out: name, NIP, temporary password and where to sign in.
    @Sendable func printable(_ request: Request, context: OperatorContext) async throws -> Response {
        let record = try await record(context)
        let rows = try await store.rosterRows(importID: record.id).filter { $0.password != nil }
        guard !rows.isEmpty else { throw HTTPError(.notFound) }
        let site = baseURL ?? (request.head.authority.map { "http://\($0)" } ?? "")
        let language = LanguagePreference.resolve(request).language
        let model = RosterSlipsPage(
            chrome: pages.renderer.chrome(language, title: Text.Accounts.rosterSlipsTitle(language)), labels: Text.table(language), id: record.id,
            site: site + "/masuk", slips: rows.map { .init(nip: $0.nip, name: $0.name, unit: $0.unit, password: $0.password ?? "") }
        )
        return pages.page("rosterSlips", model: model, request: request, context: context)
    }
}
