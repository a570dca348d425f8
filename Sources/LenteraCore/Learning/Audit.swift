import Foundation

/// What an audit entry records.
public enum AuditAction: String, Sendable, CaseIterable {
    case signIn = "masuk"
    case signInFailed = "masuk-gagal"
    case signInThrottled = "masuk-dibatasi"
    case passwordChanged = "sandi-diganti"
    case passwordReset = "sandi-disetel-ulang"
    case accountCreated = "akun-dibuat"
    case accountChanged = "akun-diubah"
    case transferred = "mutasi"
    case roleChanged = "peran-diubah"
    case deactivated = "dinonaktifkan"
    case reactivated = "diaktifkan"
    case rosterImported = "impor-roster"
    case nodeAdded = "node-ditambah"
    case nodeRevoked = "node-dicabut"
    case essayGraded = "esai-dinilai"

    /// The action's name on the audit page.
    public func label(in language: Language) -> String {
        let id = language == .indonesian
        switch self {
        case .signIn: return id ? "Masuk" : "Signed in"
        case .signInFailed: return id ? "Gagal masuk" : "Sign-in failed"
        case .signInThrottled: return id ? "Masuk dibatasi" : "Sign-in throttled"
        case .passwordChanged: return id ? "Kata sandi diganti" : "Password changed"
        case .passwordReset: return id ? "Kata sandi disetel ulang" : "Password reset"
        case .accountCreated: return id ? "Akun dibuat" : "Account created"
        case .accountChanged: return id ? "Data akun diubah" : "Account edited"
        case .transferred: return id ? "Mutasi unit" : "Transferred"
        case .roleChanged: return id ? "Peran diubah" : "Role changed"
        case .deactivated: return id ? "Dinonaktifkan" : "Deactivated"
        case .reactivated: return id ? "Diaktifkan kembali" : "Reactivated"
        case .rosterImported: return id ? "Impor daftar pegawai" : "Roster imported"
        case .nodeAdded: return id ? "Node ditambahkan" : "Node added"
        case .nodeRevoked: return id ? "Node dicabut" : "Node revoked"
        case .essayGraded: return id ? "Esai dinilai" : "Essay graded"
        }
    }
}

/// One entry of the audit trail: who did what to whom, when and from where. It names people by NIP and holds no
/// password, token or answer text.
public struct AuditEvent: Sendable, Equatable {
    public var id: Int64
    public var date: Date
    public var action: AuditAction
    /// Who acted: an account's NIP, or `cli` for the server's command line; nil for a sign-in by nobody known.
    public var actor: String?
    /// Whose account the action was about, if anyone's.
    public var subject: String?
    /// The subject's unit when it happened: operators see the entries of their subtree.
    public var unit: UnitPath?
    /// What changed, in words (`unit: A → B`, `12 added, 3 changed`).
    public var detail: String
    /// The client's address, for sign-ins and changes made on the web.
    public var address: String?

    public init(
        id: Int64 = 0, date: Date, action: AuditAction, actor: String?, subject: String? = nil, unit: UnitPath? = nil, detail: String = "",
        address: String? = nil
    ) {
        self.id = id
        self.date = date
        self.action = action
        self.actor = actor
        self.subject = subject
        self.unit = unit
        self.detail = detail
        self.address = address
    }

    /// The entries an account changed produces: a transfer, a role change and a deactivation are named as such,
    /// so that they can be found by what they are.
    public static func changes(_ changes: [AccountRules.FieldChange], of account: Account, by actor: String, at date: Date, address: String?)
        -> [AuditEvent]
    {
        Self.changes(changes, subject: account.nip.digits, unit: account.unit, by: actor, at: date, address: address)
    }

    /// The entries of changes to the account with NIP `subject`, each detail followed by `note` (which import made it).
    ///
    /// Decided from the changes themselves, never from their text: a name that reads "; aktif: ya → tidak" is a name.
    public static func changes(
        _ changes: [AccountRules.FieldChange], subject: String, unit: UnitPath, by actor: String, at date: Date, address: String?, note: String = ""
    ) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var rest: [AccountRules.FieldChange] = []
        for change in changes {
            let action: AuditAction?
            switch change.field {
            case "unit": action = .transferred
            case "peran": action = .roleChanged
            case "aktif": action = change.new == "ya" ? .reactivated : .deactivated
            default: action = nil
            }
            if let action {
                events.append(AuditEvent(date: date, action: action, actor: actor, subject: subject, unit: unit, detail: change.description + note,
                                         address: address))
            } else {
                rest.append(change)
            }
        }
        if !rest.isEmpty {
            events.append(AuditEvent(date: date, action: .accountChanged, actor: actor, subject: subject, unit: unit,
                                     detail: rest.map(\.description).joined(separator: "; ") + note, address: address))
        }
        return events
    }
}

/// Which entries to show: by action, by a NIP (as actor or subject), by date, within a unit subtree.
public struct AuditFilter: Sendable, Equatable {
    public var action: AuditAction?
    public var nip: String?
    public var from: Date?
    public var until: Date?
    /// The operator's subtree; nil for everything (admins).
    public var unit: UnitPath?

    public init(action: AuditAction? = nil, nip: String? = nil, from: Date? = nil, until: Date? = nil, unit: UnitPath? = nil) {
        self.action = action
        self.nip = nip
        self.from = from
        self.until = until
        self.unit = unit
    }
}

/// The audit trail: written as things happen, never changed, read newest first.
public protocol AuditRepository: Sendable {
    func record(_ events: [AuditEvent]) async throws
    /// A page of entries, newest first, and how many match in all.
    func auditEvents(_ filter: AuditFilter, offset: Int, limit: Int) async throws -> (events: [AuditEvent], total: Int)
    /// Every matching entry, newest first, handed over in batches (for a CSV of any size in constant memory).
    func eachAuditEvent(_ filter: AuditFilter, batch: Int, _ body: ([AuditEvent]) async throws -> Void) async throws
}
