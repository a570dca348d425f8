import Foundation

/// What importing a roster would do, worked out before anything is written: who is added, whose record changes
/// and how, who is deactivated (only when the roster is declared complete), and which rows are refused and why.
/// The operator sees this as the preview; applying it does exactly this, and nothing else.
public struct RosterPlan: Sendable, Equatable {
    /// A row whose NIP is new.
    public struct Addition: Sendable, Equatable {
        public var line: Int
        public var account: NewAccount
    }

    /// A row whose account exists: the record after the change, and the fields that change.
    public struct Change: Sendable, Equatable {
        public var line: Int
        public var account: Account
        public var changes: [AccountRules.FieldChange]
    }

    public var additions: [Addition] = []
    public var changes: [Change] = []
    /// Rows that match their account already.
    public var unchanged = 0
    /// Accounts not in a roster declared complete for its units, with the record as it will be stored.
    public var deactivations: [Change] = []
    public var refusals: [Roster.Rejection] = []

    public init() {}

    /// Why a row cannot be imported by this actor, beyond what the file itself gets wrong.
    public enum Refusal: Sendable, Equatable {
        /// The NIP belongs to a staff account (operator, author, admin): only an admin changes it.
        case nipIsStaff(Role)
        /// The NIP belongs to a learner of another office.
        case nipInAnotherUnit
        /// An operator's roster names a unit outside their subtree.
        case unitOutsideScope(UnitPath)
        /// Only admins import staff roles.
        case roleNeedsAdmin(Role)
        /// The row's values break a rule for accounts (an empty name, a malformed e-mail).
        case invalid(AccountRules.Refusal)
    }

    /// Works out the plan of a roster imported by `actor` (nil: the server's command line, which acts as admin).
    ///
    /// - Parameters:
    ///   - existing: the accounts with the roster's NIPs, by NIP.
    ///   - inScope: when `deactivateMissing`, the accounts the roster is complete for (see ``completeScope(of:actor:)``).
    public static func make(
        _ roster: Roster, existing: [NIP: Account], actor: Account?, deactivateMissing: Bool, inScope: [Account], at date: Date
    ) -> RosterPlan {
        var plan = RosterPlan()
        plan.refusals = roster.rejections
        let isAdmin = actor == nil || actor?.role == .admin
        var listed: Set<NIP> = []
        for row in roster.rows {
            listed.insert(row.nip)
            func refuse(_ reason: Refusal) { plan.refusals.append(Roster.Rejection(line: row.line, reason: .refused(reason))) }
            if !isAdmin, row.role != .learner {
                refuse(.roleNeedsAdmin(row.role))
                continue
            }
            if let actor, !isAdmin, !actor.unit.contains(row.unit) {
                refuse(.unitOutsideScope(row.unit))
                continue
            }
            guard let account = existing[row.nip] else {
                if let email = row.email, !AccountRules.isPlausibleEmail(email) {
                    refuse(.invalid(.invalidEmail(email)))
                    continue
                }
                plan.additions.append(Addition(line: row.line, account: NewAccount(
                    nip: row.nip, name: row.name, unit: row.unit, position: row.position, status: row.status, email: row.email, role: row.role,
                    passwordHash: "", mustChangePassword: true, supervisorNIP: row.supervisorNIP
                )))
                continue
            }
            // Rosters keep learners' records; staff accounts are changed one at a time, by an admin.
            if account.role != .learner {
                refuse(.nipIsStaff(account.role))
                continue
            }
            if let actor, !actor.canManage(account) {
                refuse(.nipInAnotherUnit)
                continue
            }
            var change = AccountChange(name: row.name, unit: row.unit)
            if roster.columnsPresent.contains("position") { change.position = row.position }
            if roster.columnsPresent.contains("status") { change.status = row.status }
            if roster.columnsPresent.contains("email") { change.email = row.email ?? "" }
            if roster.columnsPresent.contains("supervisor") { change.supervisor = .some(row.supervisorNIP) }
            // Listed in the office's current roster: the person works there, so an inactive account comes back.
            if !account.isActive { change.deactivation = .some(nil) }
            do {
                let (updated, changes) = try AccountRules.apply(change, to: account, by: actor)
                if changes.isEmpty {
                    plan.unchanged += 1
                } else {
                    plan.changes.append(Change(line: row.line, account: updated, changes: changes))
                }
            } catch .notManaged {
                refuse(.nipInAnotherUnit)
            } catch {
                refuse(.invalid(error))
            }
        }
        if deactivateMissing {
            for account in inScope where account.role == .learner && account.isActive && !listed.contains(account.nip) {
                if let actor, !actor.canManage(account) { continue }
                guard let (updated, changes) = try? AccountRules.apply(
                    AccountChange(deactivation: .some(Deactivation(reason: .left, date: date))), to: account, by: actor)
                else { continue }
                plan.deactivations.append(Change(line: 0, account: updated, changes: changes))
            }
        }
        plan.refusals.sort { $0.line < $1.line }
        return plan
    }

    /// The units a roster is complete for when its importer says it is: an operator's own subtree; for an admin,
    /// each instansi the roster names. Learners there who are missing from it are deactivated.
    public static func completeScope(of roster: Roster, actor: Account?) -> [UnitPath] {
        if let actor, actor.role != .admin { return [actor.unit] }
        return Array(Set(roster.rows.compactMap { $0.unit.components.first.map { UnitPath([$0]) } })).sorted()
    }
}

extension Roster.Rejection.Reason {
    /// The message of a refusal by the import rules.
    func refusalText(_ refusal: RosterPlan.Refusal, in language: Language) -> String {
        let id = language == .indonesian
        switch refusal {
        case .nipIsStaff(let role):
            return id ? "NIP ini terdaftar sebagai \(role.rawValue); akun staf tidak diubah lewat impor, tetapi satu per satu oleh admin"
                : "this NIP belongs to an account with role \(role.rawValue); staff accounts are not changed by an import but one at a time by an admin"
        case .nipInAnotherUnit:
            return id ? "NIP ini terdaftar di unit lain, di luar wilayah Anda; mutasi dilakukan oleh operator unit asal atau admin"
                : "this NIP is registered in another unit, outside your area; the transfer is made by that unit's operator or an admin"
        case .unitOutsideScope(let unit):
            return id ? "unit kerja \(unit) di luar wilayah Anda" : "unit \(unit) is outside your area"
        case .roleNeedsAdmin(let role):
            return id ? "peran \(role.rawValue) hanya dapat diberikan oleh admin" : "only an admin gives the role \(role.rawValue)"
        case .invalid(let refusal):
            return refusal.message(in: language)
        }
    }
}
