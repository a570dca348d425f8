import LenteraCore
import Mustache

// The typed contexts of the staff's account pages: the accounts an operator manages, one account's record, and the
// audit trail. Each answers Mustache's look-ups by name (``MustacheParent``): an optional left nil is absent, as a
// missing key of a dictionary was.

/// One option of a `<select>`: its value, what it shows, and whether it is chosen.
struct Choice: Sendable {
    var value: String
    var text: String
    var selected: Bool
}

/// `/operator/pengguna`: the accounts an operator manages, searched and paged, with the roster import form.
struct UsersPage: Sendable {
    /// An account in the list.
    struct User: Sendable {
        var id: Int64
        var nip: String
        var name: String
        var unit: String
        /// The account's role, in words.
        var roleName: String
        /// Whether the account is deactivated.
        var inactive: Bool
        /// Whether the operator may open the record and reset the password (never their own account).
        var manageable: Bool
        /// The session's CSRF token, for the reset form.
        var csrf: String
    }

    /// A roster import not yet finished.
    struct OpenImport: Sendable {
        var id: Int64
        /// Its state, in words.
        var state: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var csrf: String
    /// What the list is searched for.
    var search: String
    var users: [User]
    /// Which accounts the page shows of how many, in words; nil when there are none.
    var showing: String?
    /// The pages before and after this one, when there are.
    var previousHref: String?
    var nextHref: String?
    /// The temporary password just set, in a sentence.
    var resetMessage: String?
    /// Whether the roster just imported had no rows.
    var emptyImport: Bool
    var openImports: [OpenImport]
}

/// One account's record (`accountRecord`), to change or deactivate; the role only by admins.
struct AccountRecordPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var csrf: String
    var id: Int64
    var nip: String
    /// The name, unit, position and email: as typed after a refusal, as stored otherwise.
    var name: String
    var unit: String
    var position: String
    /// The supervisor's NIP, or nothing.
    var supervisor: String
    var email: String
    /// The account's role, as stored and in words.
    var role: String
    var roleName: String
    /// Employee statuses, the account's chosen.
    var statuses: [Choice]
    /// Whether the one editing is an admin, who alone may change the role among `roles`.
    var isAdmin: Bool
    var roles: [Choice]
    /// Whether the account is active, and the reasons to deactivate it, the current one chosen.
    var active: Bool
    var reasons: [Choice]
    /// Since when and why the account is inactive, as people read them; nil while it is active.
    var inactiveSince: String?
    var inactiveReason: String?
    /// What was saved, or why it was refused.
    var message: String?
    var error: String?
}

/// The audit trail (`auditTrail`): its filters, a page of events, and its CSV.
struct AuditTrailPage: Sendable {
    /// One event; "—" where it has no actor, subject, unit or address.
    struct Event: Sendable {
        /// When, in WIB.
        var when: String
        /// The action, in words.
        var action: String
        var actor: String
        var subject: String
        var unit: String
        var detail: String
        var address: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var events: [Event]
    /// The actions to filter by, the one filtered by chosen.
    var actions: [Choice]
    /// The NIP and days filtered by, as typed.
    var nip: String
    var from: String
    var until: String
    /// The filtered trail as CSV, with commas and with semicolons.
    var csvHref: String
    var csvSemicolonHref: String
    /// Which events the page shows of how many; nil when there are none.
    var showing: String?
    /// The pages before and after this one, when there are.
    var previousHref: String?
    var nextHref: String?
}

// MARK: Mustache

extension Choice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "text": text
        case "selected": selected
        default: nil
        }
    }
}

extension UsersPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "csrf": csrf
        case "search": search
        case "users": users
        case "hasUsers": !users.isEmpty
        case "showing": showing
        case "previousHref": previousHref
        case "nextHref": nextHref
        // The pager is a navigation region only when it has a link (an empty one would still be announced).
        case "hasPages": previousHref != nil || nextHref != nil
        case "resetMessage": resetMessage
        case "emptyImport": emptyImport
        case "hasOpenImports": !openImports.isEmpty
        case "openImports": openImports
        default: nil
        }
    }
}

extension UsersPage.User: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "roleName": roleName
        case "inactive": inactive
        case "manageable": manageable
        case "csrf": csrf
        default: nil
        }
    }
}

extension UsersPage.OpenImport: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "state": state
        default: nil
        }
    }
}

extension AccountRecordPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "csrf": csrf
        case "id": id
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "position": position
        case "supervisor": supervisor
        case "email": email
        case "role": role
        case "roleName": roleName
        case "statuses": statuses
        case "isAdmin": isAdmin
        case "roles": roles
        case "active": active
        case "reasons": reasons
        case "inactiveSince": inactiveSince
        case "inactiveReason": inactiveReason
        case "message": message
        case "error": error
        default: nil
        }
    }
}

extension AuditTrailPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "events": events
        case "hasEvents": !events.isEmpty
        case "actions": actions
        case "nip": nip
        case "from": from
        case "until": until
        case "csvHref": csvHref
        case "csvSemicolonHref": csvSemicolonHref
        case "showing": showing
        case "previousHref": previousHref
        case "nextHref": nextHref
        // The pager is a navigation region only when it has a link (an empty one would still be announced).
        case "hasPages": previousHref != nil || nextHref != nil
        default: nil
        }
    }
}

extension AuditTrailPage.Event: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "when": when
        case "action": action
        case "actor": actor
        case "subject": subject
        case "unit": unit
        case "detail": detail
        case "address": address
        default: nil
        }
    }
}
