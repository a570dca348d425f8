import Foundation

/// A competency of the server's dictionary (`programs/kompetensi.xml`), with the kind the ASN competency standard
/// gives it.
public struct Competency: Sendable, Equatable {
    /// The three kinds of the ASN competency standard.
    public enum Kind: String, Sendable, CaseIterable {
        case teknis
        case manajerial
        case sosialKultural = "sosial-kultural"
    }

    /// The stable id courses and standards refer to.
    public var id: String
    public var name: String
    public var kind: Kind
    /// What each level 1-5 means, where the dictionary says (index 0 is level 1).
    public var levels: [String]

    /// Creates a competency.
    public init(id: String, name: String, kind: Kind, levels: [String] = []) {
        self.id = id
        self.name = name
        self.kind = kind
        self.levels = levels
    }

    /// The levels a competency is measured in.
    public static let levelRange = 1...5
}

/// The competency levels a position (jabatan) requires.
public struct CompetencyStandard: Sendable, Equatable {
    /// The position, as accounts write it.
    public var position: String
    /// Required level by competency id.
    public var required: [String: Int]

    /// Creates a standard.
    public init(position: String, required: [String: Int]) {
        self.position = position
        self.required = required
    }
}

/// The server's competency dictionary: competencies and the standards of positions.
public struct CompetencyDictionary: Sendable, Equatable {
    public var competencies: [Competency]
    public var standards: [CompetencyStandard]

    /// Creates a dictionary.
    public init(competencies: [Competency] = [], standards: [CompetencyStandard] = []) {
        self.competencies = competencies
        self.standards = standards
    }

    /// The competency with an id.
    public func competency(withID id: String) -> Competency? {
        competencies.first { $0.id == id }
    }

    /// The standard of a position, compared as ``ProgramTarget`` compares positions (any case, spaces collapsed).
    public func standard(for position: String) -> CompetencyStandard? {
        let wanted = ProgramTarget.normalized(position)
        return standards.first { ProgramTarget.normalized($0.position) == wanted }
    }
}
