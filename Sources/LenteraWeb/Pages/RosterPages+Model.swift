import LenteraCore
import Mustache

// The typed contexts of a roster import: its preview, progress and result, and its password slips. Each answers
// Mustache's look-ups by name (``MustacheParent``): an optional left nil is absent, as a missing key of a dictionary
// was.

/// A roster import (`rosterImport`): its preview, its progress while applied, or what it did once finished.
struct RosterImportPage: Sendable {
    /// What applying the import would do.
    struct Preview: Sendable {
        /// A new account.
        struct Addition: Sendable {
            /// The line of the file.
            var line: Int
            var nip: String
            var name: String
            var unit: String
            /// The role, in words.
            var role: String
        }

        /// A change to an account.
        struct Change: Sendable {
            var line: Int
            var nip: String
            var name: String
            /// What changes, between semicolons.
            var detail: String
        }

        /// An account the import deactivates.
        struct Deactivation: Sendable {
            var nip: String
            var name: String
            var unit: String
        }

        /// How many accounts each kind of change touches, and how many lines are refused.
        var additionsCount: Int
        var changesCount: Int
        var deactivationsCount: Int
        var unchangedCount: Int
        var refusalsCount: Int
        /// The first rows of each kind.
        var additions: [Addition]
        var changes: [Change]
        var deactivations: [Deactivation]
        /// Why each refused line is refused.
        var refusals: [String]
        /// Whether there is anything to apply.
        var canApply: Bool
        /// Whether the file was declared complete for its units.
        var deactivateMissing: Bool
    }

    /// How far applying has got.
    struct Progress: Sendable {
        var done: Int
        var total: Int
        /// Done as a share of the total, 0 to 100.
        var percent: Int
    }

    /// What an applied import did, with the temporary passwords until it is confirmed.
    struct Finished: Sendable {
        /// A new account's temporary password.
        struct Password: Sendable {
            var nip: String
            var name: String
            var password: String
        }

        /// Whether the operator confirmed that the passwords are handed out.
        var confirmed: Bool
        var addedCount: Int
        var changedCount: Int
        var deactivatedCount: Int
        /// The first temporary passwords, and how many there are.
        var passwords: [Password]
        var passwordsCount: Int
    }

    var chrome: Chrome
    var labels: [String: String]
    /// The page's heading.
    var title: String
    var csrf: String
    var id: Int64
    /// The import's state as stored.
    var state: String
    /// Exactly one of these while the import is in that state.
    var preview: Preview?
    var applying: Progress?
    var finished: Finished?
    var cancelled: Bool
}

/// The temporary password slips of a roster import (`rosterSlips`), to print and cut.
struct RosterSlipsPage: Sendable {
    /// One new account's slip.
    struct Slip: Sendable {
        var nip: String
        var name: String
        var unit: String
        var password: String
    }

    var chrome: Chrome
    var labels: [String: String]
    /// The import, for the link back.
    var id: Int64
    /// Where to sign in.
    var site: String
    var slips: [Slip]
}

// MARK: Mustache

extension RosterImportPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "csrf": csrf
        case "id": id
        case "state": state
        case "preview": preview
        case "applying": applying
        case "finished": finished
        case "cancelled": cancelled
        default: nil
        }
    }
}

extension RosterImportPage.Preview: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "additionsCount": additionsCount
        case "changesCount": changesCount
        case "deactivationsCount": deactivationsCount
        case "unchangedCount": unchangedCount
        case "refusalsCount": refusalsCount
        case "additions": additions
        case "hasAdditions": !additions.isEmpty
        case "changes": changes
        case "hasChanges": !changes.isEmpty
        case "deactivations": deactivations
        case "hasDeactivations": !deactivations.isEmpty
        case "refusals": refusals
        case "hasRefusals": !refusals.isEmpty
        case "canApply": canApply
        case "deactivateMissing": deactivateMissing
        default: nil
        }
    }
}

extension RosterImportPage.Preview.Addition: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "line": line
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "role": role
        default: nil
        }
    }
}

extension RosterImportPage.Preview.Change: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "line": line
        case "nip": nip
        case "name": self.name
        case "detail": detail
        default: nil
        }
    }
}

extension RosterImportPage.Preview.Deactivation: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "unit": unit
        default: nil
        }
    }
}

extension RosterImportPage.Progress: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "done": done
        case "total": total
        case "percent": percent
        default: nil
        }
    }
}

extension RosterImportPage.Finished: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "confirmed": confirmed
        case "addedCount": addedCount
        case "changedCount": changedCount
        case "deactivatedCount": deactivatedCount
        case "hasPasswords": !passwords.isEmpty
        case "passwords": passwords
        case "passwordsCount": passwordsCount
        default: nil
        }
    }
}

extension RosterImportPage.Finished.Password: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "password": password
        default: nil
        }
    }
}

extension RosterSlipsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "id": id
        case "site": site
        case "slips": slips
        default: nil
        }
    }
}

extension RosterSlipsPage.Slip: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "password": password
        default: nil
        }
    }
}
