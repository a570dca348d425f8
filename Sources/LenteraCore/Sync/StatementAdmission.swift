import Foundation

/// A course version as this server published it: what credit for it is worth here.
public struct PublishedVersion: Sendable, Equatable {
    /// The course id.
    public var courseID: String
    /// The version JP is credited for (``Course/creditVersion``).
    public var version: String
    /// The JP this server credits for the version.
    public var jp: JP
    /// The course title.
    public var title: String
    /// The ids of the version's modules.
    public var moduleIDs: Set<String>
    /// The quiz whose result is the version's grade (``CourseGrade``); nil when it has none, and then a node's score
    /// for it is no grade.
    public var gradeQuizID: String?

    /// Creates a value.
    public init(courseID: String, version: String, jp: JP, title: String, moduleIDs: Set<String>, gradeQuizID: String? = nil) {
        self.courseID = courseID
        self.version = version
        self.jp = jp
        self.title = title
        self.moduleIDs = moduleIDs
        self.gradeQuizID = gradeQuizID
    }

    /// The version a course credits, as it is served now.
    public init(_ course: Course) {
        self.init(
            courseID: course.id, version: course.creditVersion, jp: course.jp, title: course.title, moduleIDs: Set(course.modules.map(\.id)),
            gradeQuizID: CourseGrade.quiz(of: course)?.id
        )
    }
}

/// Why a node's statement is refused. A refusal refuses the node's whole batch: nothing of it is stored.
public enum StatementRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The course is not one this server publishes.
    case unknownCourse(statementID: String, courseID: String)
    /// This server never published that version of the course.
    case unknownVersion(statementID: String, courseID: String, version: String)
    /// No published version of the course has the module.
    case unknownModule(statementID: String, courseID: String, moduleID: String)
    /// The learner's unit (as this server knows it, or as the statement gives it for a new learner) is outside every
    /// unit the node serves.
    case outsideNodeUnits(statementID: String, nip: String)
    /// The NIP belongs to an account that is not a learner here: nodes never report for operators, authors or admins.
    case notALearner(statementID: String, nip: String)
    /// The completion is dated after the moment it was received (a node's clock is wrong, or the date is made up).
    case fromTheFuture(statementID: String)
    /// A text of the statement (the learner's name or unit, the node, the version or the certificate number) holds a
    /// control character, which this server does not store (see ``ControlCharacters``).
    case controlCharacter(statementID: String, field: String)

    /// The statement refused.
    public var statementID: String {
        switch self {
        case .unknownCourse(let id, _), .unknownVersion(let id, _, _), .unknownModule(let id, _, _), .outsideNodeUnits(let id, _),
            .notALearner(let id, _), .fromTheFuture(let id), .controlCharacter(let id, _):
            id
        }
    }

    /// The message for the node's operator.
    public var description: String {
        switch self {
        case .unknownCourse(let id, let course): "\(id): course \(course) is not published here"
        case .unknownVersion(let id, let course, let version): "\(id): version \(version) of course \(course) is not published here"
        case .unknownModule(let id, let course, let module): "\(id): course \(course) has no module \(module)"
        case .outsideNodeUnits(let id, let nip): "\(id): learner …\(nip.suffix(4)) is not in a unit this node serves"
        case .notALearner(let id, let nip): "\(id): NIP …\(nip.suffix(4)) is not a learner's"
        case .fromTheFuture(let id): "\(id): the completion is dated in the future (check the node's clock)"
        case .controlCharacter(let id, let field): "\(id): the \(field) holds a control character, which is not stored here"
        }
    }
}

/// A learner as this server already knows them, for the checks on a statement about them.
public struct KnownLearner: Sendable, Equatable {
    /// The account's role.
    public var role: Role
    /// The account's unit here.
    public var unit: UnitPath

    /// Creates a value.
    public init(role: Role, unit: UnitPath) {
        self.role = role
        self.unit = unit
    }
}

/// What a node may report, decided from this server's own records: the node's units, the versions this server
/// published, and the accounts it holds. A node's statement is input, never truth.
public enum StatementAdmission {
    /// The completion to merge, with what it is worth recomputed here (JP and title from this server's version), or
    /// the reason it is refused. A score is kept (within 0 to 100) only for a version this server grades with a quiz:
    /// for one without a grade quiz, a node's score cannot be a grade, and is dropped.
    ///
    /// - Parameters:
    ///   - units: the unit subtrees the node serves.
    ///   - versions: the versions this server published of the statement's course, by version.
    ///   - known: the account that has the statement's NIP here, if any.
    ///   - now: when the statement arrived; a completion dated more than five minutes later is refused.
    public static func admit(
        _ completion: XAPI.Completion, statementID: String, units: [UnitPath], versions: [String: PublishedVersion], known: KnownLearner?,
        now: Date
    ) throws(StatementRefusal) -> XAPI.Completion {
        if let field = textWithControlCharacter(completion) { throw .controlCharacter(statementID: statementID, field: field) }
        guard completion.timestamp <= now.addingTimeInterval(300), (completion.started ?? completion.timestamp) <= completion.timestamp.addingTimeInterval(1)
        else { throw .fromTheFuture(statementID: statementID) }
        if let known, known.role != .learner { throw .notALearner(statementID: statementID, nip: completion.nip.digits) }
        // The unit that decides is the one this server holds for a known learner: a node cannot move someone into its scope.
        let unit = known?.unit ?? completion.unit
        guard units.contains(where: { $0.contains(unit) }) else { throw .outsideNodeUnits(statementID: statementID, nip: completion.nip.digits) }
        guard !versions.isEmpty else { throw .unknownCourse(statementID: statementID, courseID: completion.courseID) }
        var admitted = completion
        switch completion.object {
        case .module(let moduleID):
            guard versions.values.contains(where: { $0.moduleIDs.contains(moduleID) }) else {
                throw .unknownModule(statementID: statementID, courseID: completion.courseID, moduleID: moduleID)
            }
        case .course(_, let version, let certificate, _):
            guard let published = versions[version] else {
                throw .unknownVersion(statementID: statementID, courseID: completion.courseID, version: version)
            }
            admitted.object = .course(jp: published.jp, version: version, certificate: certificate, title: published.title)
            admitted.score = published.gradeQuizID == nil ? nil : completion.score.map { min(100, max(0, $0)) }
        }
        admitted.unit = unit
        return admitted
    }

    /// The first text of a completion that holds a control character (see ``ControlCharacters``), by name; nil when none
    /// does. The title is not looked at: this server's own replaces it.
    static func textWithControlCharacter(_ completion: XAPI.Completion) -> String? {
        var texts: [(field: String, text: String)] = [("name", completion.name), ("node", completion.node)]
        for level in completion.unit.components { texts.append(("unit", level)) }
        if case .course(_, let version, let certificate, _) = completion.object {
            texts.append(("version", version))
            texts.append(("certificate number", certificate))
        }
        return texts.first(where: { ControlCharacters.first(in: $0.text) != nil })?.field
    }
}
