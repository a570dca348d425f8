import Foundation

/// Why an account no longer signs in: retired, left the service, or another reason an operator wrote.
public struct Deactivation: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        /// Pensiun.
        case retired = "pensiun"
        /// Berhenti (resigned or dismissed).
        case left = "berhenti"
        /// Meninggal dunia.
        case deceased = "meninggal"
        /// Anything else.
        case other = "lainnya"
    }

    public var reason: Reason
    public var date: Date

    public init(reason: Reason, date: Date) {
        self.reason = reason
        self.date = date
    }
}

/// A change to an account's record as an operator, an admin or the command line asks for it; nil leaves a field as
/// it is. Transferring a learner (mutasi) is a change of unit: the ledger belongs to the person, so it moves along.
public struct AccountChange: Sendable, Equatable {
    public var name: String?
    public var unit: UnitPath?
    public var position: String?
    public var status: EmployeeStatus?
    /// A new address; the empty string removes it.
    public var email: String?
    public var role: Role?
    /// `.some(nil)` reactivates; `.some(x)` deactivates.
    public var deactivation: Deactivation??
    /// `.some(nil)` removes the supervisor; `.some(x)` names one.
    public var supervisor: NIP??

    public init(
        name: String? = nil, unit: UnitPath? = nil, position: String? = nil, status: EmployeeStatus? = nil, email: String? = nil,
        role: Role? = nil, deactivation: Deactivation?? = nil, supervisor: NIP?? = nil
    ) {
        self.supervisor = supervisor
        self.name = name
        self.unit = unit
        self.position = position
        self.status = status
        self.email = email
        self.role = role
        self.deactivation = deactivation
    }
}

/// Who may change which account how: the one place this is decided, for the web pages and the command line.
public enum AccountRules {
    /// Why a change is refused.
    public enum Refusal: Error, Sendable, Equatable {
        /// The actor does not manage this account (shown as "not found": it is not theirs to see).
        case notManaged
        /// The new unit is outside the operator's subtree.
        case unitOutsideScope(UnitPath)
        /// Only admins change roles.
        case roleNeedsAdmin
        /// Nobody changes their own role or deactivates themselves.
        case ownAccount
        case emptyName
        case invalidEmail(String)
        /// A text field holds a control character (see ``ControlCharacters``).
        case controlCharacter(Field, Unicode.Scalar)
        /// Nobody is their own supervisor.
        case ownSupervisor

        /// The message in the given language.
        public func message(in language: Language) -> String {
            let id = language == .indonesian
            switch self {
            case .notManaged: return id ? "Akun ini tidak ada di wilayah Anda." : "This account is not in your area."
            case .unitOutsideScope(let unit):
                return id ? "Unit \(unit) di luar wilayah Anda; mutasi ke sana dilakukan oleh admin atau operator unit tujuan."
                    : "Unit \(unit) is outside your area; a transfer there is made by an admin or the receiving unit's operator."
            case .roleNeedsAdmin: return id ? "Hanya admin yang dapat mengubah peran." : "Only admins change roles."
            case .ownAccount:
                return id ? "Anda tidak dapat mengubah peran atau menonaktifkan akun Anda sendiri." : "You cannot change your own role or deactivate yourself."
            case .emptyName: return id ? "Nama tidak boleh kosong." : "The name cannot be empty."
            case .ownSupervisor: return id ? "NIP atasan sama dengan NIP pegawai itu sendiri." : "The supervisor's NIP is the person's own."
            case .invalidEmail(let value): return id ? "Alamat surel \"\(value)\" tidak valid." : "The e-mail address \"\(value)\" is not valid."
            case .controlCharacter(let field, let scalar):
                return id
                    ? "\(field.label(in: language)) berisi karakter kendali \(ControlCharacters.name(scalar)), yang tidak dapat disimpan: tulis ulang tanpa karakter itu."
                    : "\(field.label(in: language)) holds the control character \(ControlCharacters.name(scalar)), which cannot be stored: type it again without it."
            }
        }
    }

    /// An account's text fields, as refusals name them.
    public enum Field: Sendable, Equatable {
        case name
        case position
        case email

        /// The field's name at the start of a sentence.
        public func label(in language: Language) -> String {
            let id = language == .indonesian
            switch self {
            case .name: return id ? "Nama" : "The name"
            case .position: return id ? "Jabatan" : "The position"
            case .email: return id ? "Alamat surel" : "The e-mail address"
            }
        }
    }

    /// One field as it was and as it becomes, for the audit trail.
    public struct FieldChange: Sendable, Equatable, Codable, CustomStringConvertible {
        public var field: String
        public var old: String
        public var new: String

        public var description: String { "\(field): \(old.isEmpty ? "—" : old) → \(new.isEmpty ? "—" : new)" }
    }

    /// Applies a change made by `actor` (nil: the server's own command line, which may do anything), returning the
    /// account as it is to be stored and what changed.
    public static func apply(_ change: AccountChange, to account: Account, by actor: Account?) throws(Refusal) -> (Account, [FieldChange]) {
        if let actor {
            guard actor.canManage(account) else { throw .notManaged }
            if actor.id == account.id, change.role.map({ $0 != account.role }) == true || change.deactivation.map({ $0 != nil }) == true {
                throw .ownAccount
            }
            if let role = change.role, role != account.role, actor.role != .admin { throw .roleNeedsAdmin }
            if let unit = change.unit, actor.role != .admin, !actor.unit.contains(unit) { throw .unitOutsideScope(unit) }
        }
        var updated = account
        var changes: [FieldChange] = []
        func note(_ field: String, _ old: String, _ new: String) {
            if old != new { changes.append(FieldChange(field: field, old: old, new: new)) }
        }
        if let name = change.name?.trimmingSpaces() {
            guard !name.isEmpty else { throw .emptyName }
            try refuseControlCharacter(in: name, .name)
            note("nama", account.name, name)
            updated.name = name
        }
        if let unit = change.unit {
            note("unit", account.unit.description, unit.description)
            updated.unit = unit
        }
        if let position = change.position?.trimmingSpaces() {
            try refuseControlCharacter(in: position, .position)
            note("jabatan", account.position, position)
            updated.position = position
        }
        if let status = change.status {
            note("status", account.status.rawValue, status.rawValue)
            updated.status = status
        }
        if let email = change.email?.trimmingSpaces() {
            try refuseControlCharacter(in: email, .email)
            guard email.isEmpty || isPlausibleEmail(email) else { throw .invalidEmail(email) }
            note("email", account.email ?? "", email)
            updated.email = email.isEmpty ? nil : email
        }
        if let role = change.role {
            note("peran", account.role.rawValue, role.rawValue)
            updated.role = role
        }
        // A transfer ends the supervision of the old unit unless the change names the supervisor (a roster with the
        // column, the account page).
        var supervisor = change.supervisor
        if supervisor == nil, updated.unit != account.unit, account.supervisorNIP != nil { supervisor = .some(nil) }
        if let supervisor {
            guard supervisor != account.nip else { throw .ownSupervisor }
            note("atasan", account.supervisorNIP?.digits ?? "", supervisor?.digits ?? "")
            updated.supervisorNIP = supervisor
        }
        if let deactivation = change.deactivation {
            note("aktif", account.deactivation == nil ? "ya" : "tidak (\(account.deactivation!.reason.rawValue))",
                 deactivation == nil ? "ya" : "tidak (\(deactivation!.reason.rawValue))")
            updated.deactivation = deactivation
        }
        return (updated, changes)
    }

    /// Refuses the text fields of a new account (from the command line) that hold a control character, as ``apply(_:to:by:)``
    /// refuses them in a change.
    public static func refuseControlCharacters(in account: NewAccount) throws(Refusal) {
        try refuseControlCharacter(in: account.name, .name)
        try refuseControlCharacter(in: account.position, .position)
        try refuseControlCharacter(in: account.email ?? "", .email)
    }

    /// Refuses one field's text that holds a control character (see ``ControlCharacters``).
    static func refuseControlCharacter(in text: String, _ field: Field) throws(Refusal) {
        if let scalar = ControlCharacters.first(in: text) { throw .controlCharacter(field, scalar) }
    }

    /// `local@domain.tld`, without spaces: enough to catch a typo, not a full RFC 5322 parser.
    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" } && text.count <= 254
    }
}
