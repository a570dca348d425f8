import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import LenteraStore

/// The accounts a training office manages: a searchable, paged list; one person's record (name, unit, jabatan,
/// status, e-mail, role, active or not); password resets. What may change is decided by ``AccountRules``, and every
/// change goes into the audit trail in the same transaction.
struct AccountController: Sendable {
    let store: any LearningStore
    let pages: LearnerController
    /// The roster imports not finished yet, listed on the users page.
    let openImports: @Sendable (Account) async throws -> [(id: Int64, state: RosterImportRecord.State)]

    static let pageSize = 50
    /// The highest page number read from a URL: far past any list, and far from overflowing an offset.
    static let lastPage = 1_000_000

    func addRoutes(to router: Router<LenteraContext>) {
        let routes = router.group("/operator/pengguna", context: OperatorContext.self)
        routes.get(use: list)
        routes.get(":id", use: record)
        routes.post(":id", use: save)
        routes.post(":id/setel-ulang", use: resetPassword)
    }

    @Sendable func list(_ request: Request, context: OperatorContext) async throws -> Response {
        try await listPage(request, context: context, message: nil)
    }

    func listPage(_ request: Request, context: OperatorContext, message: String?) async throws -> Response {
        let language = LanguagePreference.resolve(request).language
        let parameters = request.queryFields
        let search = parameters["q"]?.trimmingSpaces() ?? ""
        var pageNumber = min(max(1, parameters["halaman"].flatMap { Int($0) } ?? 1), Self.lastPage)
        // Operators see the learners they manage; admins see every account.
        let learnersOnly = context.account.role != .admin
        var (accounts, total) = try await store.accountsPage(
            under: context.scope, search: search, learnersOnly: learnersOnly, offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize
        )
        // Past the last page (a list that got shorter), show the last one.
        if accounts.isEmpty, total > 0 {
            pageNumber = (total + Self.pageSize - 1) / Self.pageSize
            (accounts, total) = try await store.accountsPage(
                under: context.scope, search: search, learnersOnly: learnersOnly, offset: (pageNumber - 1) * Self.pageSize, limit: Self.pageSize
            )
        }
        let csrf = context.session.csrfToken
        var showing: String?
        if total > 0 {
            let first = (pageNumber - 1) * Self.pageSize + 1
            showing = Text.Accounts.usersShowing(language, first, first + accounts.count - 1, total)
        }
        let query = search.isEmpty ? "" : "q=\(FormFields.encode(search))&"
        let open = try await openImports(context.account)
        let model = UsersPage(
            chrome: pages.renderer.chrome(language, title: Text.Accounts.usersTitle(language)), labels: Text.table(language), csrf: csrf,
            search: search,
            users: accounts.map { account in
                UsersPage.User(
                    id: account.id, nip: account.nip.digits, name: account.name, unit: account.unit.description,
                    roleName: Text.Accounts.name(of: account.role)(language), inactive: !account.isActive,
                    manageable: context.account.canManage(account) && account.id != context.account.id, csrf: csrf
                )
            },
            showing: showing,
            previousHref: pageNumber > 1 ? "/operator/pengguna?\(query)halaman=\(pageNumber - 1)" : nil,
            nextHref: pageNumber * Self.pageSize < total ? "/operator/pengguna?\(query)halaman=\(pageNumber + 1)" : nil,
            resetMessage: message, emptyImport: parameters["impor"] == "kosong",
            openImports: open.map { UsersPage.OpenImport(id: $0.id, state: Text.Accounts.name(of: $0.state)(language)) }
        )
        return pages.page("operatorUsers", model: model, request: request, context: context)
    }

    /// The account an operator asked for, if it is theirs to manage; anyone else's does not exist for them.
    func managed(_ context: OperatorContext) async throws -> Account {
        guard let id = Int64(try context.parameters.require("id")), let target = try await store.account(id: id),
            target.id != context.account.id, context.account.canManage(target)
        else { throw HTTPError(.notFound) }
        return target
    }

    @Sendable func record(_ request: Request, context: OperatorContext) async throws -> Response {
        recordPage(request, context: context, account: try await managed(context), message: nil, error: nil)
    }

    /// The record form; after a refusal it shows what was typed (`typed`), so nothing has to be typed again.
    func recordPage(_ request: Request, context: OperatorContext, account: Account, message: String?, error: String?,
                    typed: FormFields? = nil) -> Response {
        let language = LanguagePreference.resolve(request).language
        let isAdmin = context.account.role == .admin
        let chosenRole = typed?["peran"] ?? account.role.rawValue
        let model = AccountRecordPage(
            chrome: pages.renderer.chrome(language, title: Text.Accounts.accountTitle(language)), labels: Text.table(language),
            csrf: context.session.csrfToken, id: account.id, nip: account.nip.digits, name: typed?["nama"] ?? account.name,
            unit: typed?["unit"] ?? account.unit.description, position: typed?["jabatan"] ?? account.position,
            supervisor: typed?["atasan"] ?? account.supervisorNIP?.digits ?? "",
            email: typed?["surel"] ?? account.email ?? "", role: account.role.rawValue, roleName: Text.Accounts.name(of: account.role)(language),
            statuses: EmployeeStatus.allCases.map { Choice(value: $0.rawValue, text: $0.rawValue, selected: $0 == account.status) },
            isAdmin: isAdmin,
            roles: Role.allCases.map {
                Choice(value: $0.rawValue, text: Text.Accounts.name(of: $0)(language), selected: $0.rawValue == chosenRole)
            },
            active: account.isActive,
            reasons: Deactivation.Reason.allCases.map { reason in
                Choice(value: reason.rawValue, text: Text.Accounts.name(of: reason)(language), selected: account.deactivation?.reason == reason)
            },
            inactiveSince: account.deactivation.map { LearnerController.date($0.date, language) },
            inactiveReason: account.deactivation.map { Text.Accounts.name(of: $0.reason)(language) }, message: message, error: error
        )
        return pages.page("accountRecord", model: model, request: request, context: context, status: error == nil ? .ok : .badRequest)
    }

    @Sendable func save(_ request: Request, context: OperatorContext) async throws -> Response {
        let target = try await managed(context)
        let form = try await context.form(request, limit: 64 * 1024)
        let language = LanguagePreference.resolve(request).language
        var change = AccountChange(
            name: form["nama"], position: form["jabatan"], status: form["status"].flatMap(EmployeeStatus.init(rawValue:)), email: form["surel"]
        )
        if let text = form["unit"] {
            do {
                change.unit = try UnitPath(validating: text)
            } catch {
                return recordPage(request, context: context, account: target, message: nil, error: error.message(in: language), typed: form)
            }
        }
        if let text = form["atasan"]?.trimmingSpaces() {
            do {
                change.supervisor = .some(text.isEmpty ? nil : try NIP(validating: text))
            } catch {
                return recordPage(request, context: context, account: target, message: nil,
                                  error: Text.Accounts.supervisorInvalid(language, error.message(in: language)), typed: form)
            }
        }
        if let role = form["peran"].flatMap(Role.init(rawValue:)) { change.role = role }
        if let state = form["aktif"] {
            change.deactivation = state == "ya" ? .some(nil) : Deactivation.Reason(rawValue: state).map { .some(Deactivation(reason: $0, date: Date())) }
            // Deactivating an account already inactive keeps its first date and reason.
            if target.deactivation != nil, state != "ya" { change.deactivation = nil }
        }
        let updated: Account
        let changes: [AccountRules.FieldChange]
        do {
            (updated, changes) = try AccountRules.apply(change, to: target, by: context.account)
        } catch .notManaged {
            throw HTTPError(.notFound)
        } catch {
            return recordPage(request, context: context, account: target, message: nil, error: error.message(in: language), typed: form)
        }
        guard !changes.isEmpty else {
            return recordPage(request, context: context, account: target, message: Text.Accounts.noChange(language), error: nil)
        }
        let audit = AuditEvent.changes(changes, of: updated, by: context.account.nip.digits, at: Date(), address: context.base.remoteAddress)
        try await store.updateAccount(updated, audit: audit)
        return recordPage(request, context: context, account: updated, message: Text.Accounts.saved(language), error: nil)
    }

    @Sendable func resetPassword(_ request: Request, context: OperatorContext) async throws -> Response {
        let target = try await managed(context)
        let password = RosterImport.temporaryPassword()
        let hash = try await RosterImport.passwordHash(password)
        try await store.setPassword(accountID: target.id, hash: hash, mustChange: true)
        try await store.deleteSessions(accountID: target.id)
        try await store.record([AuditEvent(date: Date(), action: .passwordReset, actor: context.account.nip.digits, subject: target.nip.digits,
                                           unit: target.unit, address: context.base.remoteAddress)])
        // Shown once, in the answer to the POST: never in a URL.
        return try await listPage(request, context: context, message: Text.Accounts.resetDone(pages.language(request), target.name, password))
    }
}
