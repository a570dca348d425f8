import Foundation

/// What a person may do in Lentera.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Reads courses and collects JP.
    case learner
    /// Also sees the course status page and item statistics.
    case author
    /// A training office: manages the learners of its unit subtree and sees its reports.
    case `operator`
    /// Everything.
    case admin
}

/// Civil servant (PNS) or government employee with a work agreement (PPPK).
public enum EmployeeStatus: String, Sendable, CaseIterable, Codable {
    case pns = "PNS"
    case pppk = "PPPK"
}

/// A place in the unit hierarchy: instansi > unit > sub-unit.
public struct UnitPath: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The names from the instansi down.
    public let components: [String]

    /// Why text is not a unit path, for the person who typed it.
    public enum Problem: Error, Sendable, Equatable {
        /// No level is named, or more than six are.
        case malformed
        /// A level's name holds a control character (see ``ControlCharacters``).
        case controlCharacter(Unicode.Scalar)

        /// The message in the given language.
        public func message(in language: Language) -> String {
            let id = language == .indonesian
            switch self {
            case .malformed:
                return id ? "Unit kerja tidak valid: tulis Instansi > Unit > Sub-unit." : "The unit is not valid: write Instansi > Unit > Sub-unit."
            case .controlCharacter(let scalar):
                return id
                    ? "Unit kerja berisi karakter kendali \(ControlCharacters.name(scalar)), yang tidak dapat disimpan: tulis ulang tanpa karakter itu."
                    : "The unit holds the control character \(ControlCharacters.name(scalar)), which cannot be stored: type it again without it."
            }
        }
    }

    /// Reads `Instansi > Unit > Sub-unit` (also `/` as separator), or says why it cannot.
    public init(validating text: String) throws(Problem) {
        let levels = Self.levels(of: text)
        guard !levels.isEmpty, levels.count <= 6 else { throw .malformed }
        for level in levels {
            if let scalar = ControlCharacters.first(in: level) { throw .controlCharacter(scalar) }
        }
        components = levels
    }

    /// Reads `Instansi > Unit > Sub-unit` (also `/` as separator); nil when it is not a valid unit.
    public init?(parsing text: String) {
        guard let path = try? UnitPath(validating: text) else { return nil }
        self = path
    }

    /// The names a text gives, from the instansi down: split at `>` (or `/` when there is none), trimmed, empty ones
    /// left out, each in Unicode's composed form (NFC).
    ///
    /// Split at the scalar, not the character (a `>` followed by a combining mark is one character that is not `>`),
    /// and composed so that "Café" typed with a combining accent is the unit it looks like: the database compares
    /// units byte for byte.
    static func levels(of text: String) -> [String] {
        let separator: Unicode.Scalar = text.unicodeScalars.contains(">") ? ">" : "/"
        return text.unicodeScalars.split(separator: separator).map { String(String.UnicodeScalarView($0)).trimmingSpaces() }
            .filter { !$0.isEmpty }.map { $0.precomposedStringWithCanonicalMapping }
    }

    /// Creates a path from its components.
    public init(_ components: [String]) {
        self.components = components
    }

    /// Whether `other` is this unit or lies below it: compared byte for byte, as the database compares the stored
    /// form (``storageKey``), never by Swift's canonical equivalence, so that a scope means the same here and in SQL.
    public func contains(_ other: UnitPath) -> Bool {
        other.components.count >= components.count
            && zip(components, other.components).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    }

    /// The same unit, byte for byte (as the database compares it).
    public static func == (lhs: UnitPath, rhs: UnitPath) -> Bool {
        lhs.components.count == rhs.components.count && lhs.contains(rhs)
    }

    public func hash(into hasher: inout Hasher) {
        for component in components {
            hasher.combine(component.utf8.count)
            for byte in component.utf8 { hasher.combine(byte) }
        }
    }

    /// The path one level up, or nil at the instansi.
    public var parent: UnitPath? {
        components.count > 1 ? UnitPath(Array(components.dropLast())) : nil
    }

    /// `Instansi > Unit > Sub-unit`.
    public var description: String { components.joined(separator: " > ") }

    /// The stored form, which sorts a unit before everything below it.
    public var storageKey: String { components.joined(separator: "\u{1F}") + "\u{1F}" }

    /// Reads the stored form.
    public init(storageKey: String) {
        components = storageKey.split(separator: "\u{1F}").map(String.init)
    }

    /// In the database's order: the stored form's bytes.
    public static func < (lhs: UnitPath, rhs: UnitPath) -> Bool { lhs.storageKey.utf8.lexicographicallyPrecedes(rhs.storageKey.utf8) }
}

/// A person who signs in: a learner, author, operator or admin.
public struct Account: Sendable, Equatable {
    /// The database id.
    public var id: Int64
    /// The NIP, which signs in.
    public var nip: NIP
    /// The full name.
    public var name: String
    /// Where the person works.
    public var unit: UnitPath
    /// The position (jabatan).
    public var position: String
    /// PNS or PPPK.
    public var status: EmployeeStatus
    /// An optional e-mail address.
    public var email: String?
    /// What the person may do.
    public var role: Role
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// Set when an operator issued the password: it must be changed at the next sign-in.
    public var mustChangePassword: Bool
    /// Set when the person left the service: the account no longer signs in, and its history stays.
    public var deactivation: Deactivation?
    /// The NIP of the person's supervisor (atasan langsung), where the roster names one: they assess the person in a
    /// program's follow-up.
    public var supervisorNIP: NIP?

    /// Whether the account may sign in.
    public var isActive: Bool { deactivation == nil }

    /// Creates an account value.
    public init(
        id: Int64, nip: NIP, name: String, unit: UnitPath, position: String, status: EmployeeStatus, email: String?, role: Role,
        passwordHash: String, mustChangePassword: Bool, deactivation: Deactivation? = nil, supervisorNIP: NIP? = nil
    ) {
        self.deactivation = deactivation
        self.supervisorNIP = supervisorNIP
        self.id = id
        self.nip = nip
        self.name = name
        self.unit = unit
        self.position = position
        self.status = status
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
    }

    /// Whether this account may see and manage another: admins everyone, operators the learners of their unit
    /// subtree (never authors, other operators or admins), everyone themselves.
    public func canManage(_ other: Account) -> Bool {
        if id == other.id || role == .admin { return true }
        return role == .operator && other.role == .learner && unit.contains(other.unit)
    }

    /// Whether this person answers about `learner` as their supervisor (a program's follow-up): the learner's record
    /// names this NIP, both are active and of one instansi (a NIP named across instansi, or not yet registered when
    /// named, gives nobody else's staff), and the learner is a learner other than themselves.
    public func supervises(_ learner: Account) -> Bool {
        learner.supervisorNIP == nip && learner.id != id && learner.role == .learner && isActive && learner.isActive
            && unit.components.first == learner.unit.components.first
    }

    /// The unit subtree whose learners this account's staff pages show: an operator's own unit; nil (every unit) for
    /// authors and admins.
    public var learnerScope: UnitPath? {
        role == .operator ? unit : nil
    }
}

/// The data needed to create an account.
public struct NewAccount: Sendable, Equatable {
    public var nip: NIP
    public var name: String
    public var unit: UnitPath
    public var position: String
    public var status: EmployeeStatus
    public var email: String?
    public var role: Role
    public var passwordHash: String
    public var mustChangePassword: Bool
    /// The supervisor's NIP, where known.
    public var supervisorNIP: NIP?

    /// Creates the data for a new account.
    public init(
        nip: NIP, name: String, unit: UnitPath, position: String = "", status: EmployeeStatus = .pns, email: String? = nil,
        role: Role = .learner, passwordHash: String, mustChangePassword: Bool, supervisorNIP: NIP? = nil
    ) {
        self.supervisorNIP = supervisorNIP
        self.nip = nip
        self.name = name
        self.unit = unit
        self.position = position
        self.status = status
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
    }
}
