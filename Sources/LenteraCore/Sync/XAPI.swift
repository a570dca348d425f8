import Crypto
import Foundation

/// Progress sent upward as xAPI statements: a regional node reports completions to its upstream, which merges them
/// into each learner's progress and JP ledger by NIP.
public enum XAPI {
    public static let version = "1.0.3"
    /// The account home page for NIPs: the NIP travels as an account name inside the statement, never in a URL.
    public static let nipHomePage = "https://lentera.id/nip"
    public static let completed = "http://adlnet.gov/expapi/verbs/completed"
    public static let extensionBase = "https://lentera.id/xapi/"
    /// The `score-source` of a course completion's score that is a quiz's result (the learner's grade).
    public static let quizScore = "quiz"

    /// The namespace of Lentera's statement ids (a UUID of its own).
    static let namespace: [UInt8] = [0x6c, 0x65, 0x6e, 0x74, 0x65, 0x72, 0x61, 0x2d, 0x78, 0x61, 0x70, 0x69, 0x2d, 0x69, 0x64, 0x73]

    /// A name-based UUID (version 5, SHA-1) in Lentera's namespace: the same event always gets the same id, so a
    /// retried push is recognised as already stored.
    public static func statementID(_ parts: [String]) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: namespace)
        hasher.update(data: Data(parts.joined(separator: "|").utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.hexString
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    /// Whether a string is a UUID in canonical form.
    public static func isUUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    /// A completion a node reports.
    public struct Completion: Sendable, Equatable {
        public enum Object: Sendable, Equatable {
            case course(jp: JP, version: String, certificate: String, title: String)
            case module(String)
        }

        public var node: String
        public var nip: NIP
        public var name: String
        public var unit: UnitPath
        public var status: EmployeeStatus
        public var courseID: String
        public var object: Object
        public var timestamp: Date
        /// Course completions: when the course was started.
        public var started: Date?
        /// Course completions: the learner's grade 0 to 100 (``CourseGrade``), nil when they have none.
        ///
        /// It travels as `result.score.scaled` with the extension `score-source: quiz`; a score without that mark is
        /// what nodes sent before grades existed (module progress, 100 for every completion) and is not read.
        public var score: Int?

        public init(node: String, nip: NIP, name: String, unit: UnitPath, status: EmployeeStatus, courseID: String, object: Object, timestamp: Date,
                    started: Date? = nil, score: Int? = nil) {
            self.node = node
            self.nip = nip
            self.name = name
            self.unit = unit
            self.status = status
            self.courseID = courseID
            self.object = object
            self.timestamp = timestamp
            self.started = started
            self.score = score
        }

        /// The statement's id: node, verb, learner, object and version.
        public var id: String {
            switch object {
            case .course(_, let version, _, _): XAPI.statementID([node, "completed", nip.digits, "course", courseID, version])
            case .module(let module): XAPI.statementID([node, "completed", nip.digits, "course", courseID, "module", module])
            }
        }

        /// The statement as JSON (sorted keys, so the same completion always gives the same bytes).
        public func statement() -> [String: Any] {
            let objectID: String
            var extensions: [String: Any] = [
                XAPI.extensionBase + "node": node, XAPI.extensionBase + "unit": unit.description,
                XAPI.extensionBase + "status": status.rawValue,
            ]
            var result: [String: Any] = ["completion": true]
            var definition: [String: Any] = [:]
            switch object {
            case .course(let jp, let version, let certificate, let title):
                objectID = "lentera:course:\(courseID)"
                extensions[XAPI.extensionBase + "version"] = version
                extensions[XAPI.extensionBase + "jp"] = jp.description
                extensions[XAPI.extensionBase + "certificate"] = certificate
                if let started { extensions[XAPI.extensionBase + "started"] = XAPI.timestamp(started) }
                if let score {
                    result["score"] = ["scaled": Double(score) / 100]
                    extensions[XAPI.extensionBase + "score-source"] = XAPI.quizScore
                }
                definition = ["name": ["id": title], "type": "http://adlnet.gov/expapi/activities/course"]
            case .module(let module):
                objectID = "lentera:course:\(courseID):module:\(module)"
                definition = ["type": "http://adlnet.gov/expapi/activities/module"]
            }
            return [
                "id": id,
                "actor": ["objectType": "Agent", "name": name, "account": ["homePage": XAPI.nipHomePage, "name": nip.digits]],
                "verb": ["id": XAPI.completed, "display": ["id": "menyelesaikan", "en": "completed"]],
                "object": ["objectType": "Activity", "id": objectID, "definition": definition],
                "result": result,
                "context": ["extensions": extensions],
                "timestamp": XAPI.timestamp(timestamp),
            ]
        }

        /// Reads a statement that Lentera sends; nil (with the reason) for anything else.
        public static func read(_ statement: [String: Any]) -> Result<Completion, XAPIError> {
            guard let id = statement["id"] as? String, XAPI.isUUID(id) else { return .failure(.invalid("statement id must be a UUID")) }
            guard let actor = statement["actor"] as? [String: Any], let account = actor["account"] as? [String: Any],
                account["homePage"] as? String == XAPI.nipHomePage, let nipText = account["name"] as? String,
                let nip = try? NIP(validating: nipText)
            else { return .failure(.invalid("\(id): the actor must be an account with a valid NIP")) }
            guard let verb = (statement["verb"] as? [String: Any])?["id"] as? String, verb == XAPI.completed else {
                return .failure(.invalid("\(id): only the completed verb is merged"))
            }
            guard let objectID = (statement["object"] as? [String: Any])?["id"] as? String, objectID.hasPrefix("lentera:course:") else {
                return .failure(.invalid("\(id): unknown object"))
            }
            let extensions = ((statement["context"] as? [String: Any])?["extensions"] as? [String: Any]) ?? [:]
            func ext(_ name: String) -> String? { extensions[XAPI.extensionBase + name] as? String }
            guard let node = ext("node"), let unitText = ext("unit") else { return .failure(.invalid("\(id): node and unit are required")) }
            let unit: UnitPath
            do {
                unit = try UnitPath(validating: unitText)
            } catch .controlCharacter {
                // Read as written, like the other texts: admission refuses it by name (``StatementRefusal``), so the node
                // keeps the statement aside and pushes the rest instead of being stopped by one learner's record.
                unit = UnitPath(UnitPath.levels(of: unitText))
            } catch {
                return .failure(.invalid("\(id): node and unit are required"))
            }
            guard let timestampText = statement["timestamp"] as? String, let timestamp = XAPI.date(timestampText) else {
                return .failure(.invalid("\(id): timestamp is required"))
            }
            let rest = String(objectID.dropFirst("lentera:course:".count))
            let parts = rest.components(separatedBy: ":module:")
            let courseID = parts[0]
            guard CoursePath.isValidID(courseID) else { return .failure(.invalid("\(id): invalid course id")) }
            let object: Object
            var started: Date?
            var score: Int?
            if parts.count == 2 {
                guard CoursePath.isValidID(parts[1]) else { return .failure(.invalid("\(id): invalid module id")) }
                object = .module(parts[1])
            } else {
                guard let version = ext("version"), let jpText = ext("jp"), let jp = JP(parsing: jpText), let certificate = ext("certificate"),
                    !certificate.isEmpty, certificate.count <= 64
                else { return .failure(.invalid("\(id): a course completion needs version, jp and certificate")) }
                let title = (((statement["object"] as? [String: Any])?["definition"] as? [String: Any])?["name"] as? [String: Any])?["id"] as? String
                object = .course(jp: jp, version: version, certificate: certificate, title: title ?? courseID)
                started = ext("started").flatMap(XAPI.date)
                if ext("score-source") == XAPI.quizScore,
                    let scaled = ((statement["result"] as? [String: Any])?["score"] as? [String: Any])?["scaled"] as? Double
                {
                    score = Int((max(0, min(1, scaled)) * 100).rounded())
                }
            }
            let name = (actor["name"] as? String) ?? nip.digits
            let status = ext("status").flatMap(EmployeeStatus.init(rawValue:)) ?? .pns
            let completion = Completion(
                node: node, nip: nip, name: String(name.prefix(200)), unit: unit, status: status, courseID: courseID, object: object, timestamp: timestamp,
                started: started, score: score
            )
            return .success(completion)
        }
    }

    /// Why a statement was refused.
    public enum XAPIError: Error, Sendable, Equatable {
        case invalid(String)
    }

    /// Canonical bytes of a JSON object: sorted keys, so equal statements compare equal.
    public static func canonical(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }

    // Format styles are values, safe to share; a formatter made per statement was a third of the upstream's time.
    static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let withoutFractions = Date.ISO8601FormatStyle()

    public static func timestamp(_ date: Date) -> String {
        withFractions.format(date)
    }

    public static func date(_ text: String) -> Date? {
        (try? withFractions.parse(text)) ?? (try? withoutFractions.parse(text))
    }
}

/// A downstream node registered with an upstream, known by the hash of its key.
public struct SyncNode: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var lastSync: Date?
    public var statements: Int
    /// The unit subtrees the node serves: it may report for learners in them only, and gets only their roster.
    public var units: [UnitPath]

    public init(id: Int64, name: String, lastSync: Date?, statements: Int, units: [UnitPath] = []) {
        self.id = id
        self.name = name
        self.lastSync = lastSync
        self.statements = statements
        self.units = units
    }

    /// Whether a unit is one the node serves.
    public func serves(_ unit: UnitPath) -> Bool {
        units.contains { $0.contains(unit) }
    }
}

/// What an upstream answers to a batch.
public enum StatementOutcome: Sendable, Equatable {
    /// Stored: so many new, so many already stored with the same content.
    case stored(new: Int, duplicates: Int)
    /// A statement id is stored with different content: nothing of the batch was stored.
    case conflict(String)
    /// A statement is not the node's to make (see ``StatementAdmission``): nothing of the batch was stored.
    case refused(StatementRefusal)
}

/// Nodes, the statements they send, and the outbox of what this node reports upward.
public protocol SyncRepository: Sendable {
    /// Registers a node with the unit subtrees it serves.
    func createNode(name: String, keyHash: String, units: [UnitPath]) async throws -> SyncNode
    func node(keyHash: String) async throws -> SyncNode?
    func nodes() async throws -> [SyncNode]
    /// Records a publication: the versions served now (a version published once stays known, with its latest JP), and
    /// the courses withdrawn since (served before, and their folder is no longer among those `present`). Returns every
    /// tombstone, the courses served again excepted.
    ///
    /// - Parameters:
    ///   - folders: the folder of each course served, by course id.
    ///   - present: the course folders there are now; nil when this node does not decide withdrawals (several nodes
    ///     share the database, and only the one holding the publication lease does: a node missing a folder must not
    ///     withdraw a course the others serve).
    func recordPublication(_ versions: [PublishedVersion], folders: [String: String], present: Set<String>?, at date: Date) async throws
        -> [ContentMirror.Withdrawal]
    /// Records the program files published (by name) and withdraws those published before whose file is no longer among
    /// those `present` in the programs folder (nil: this node does not decide, or the folder could not be read). A file
    /// still there but broken is not withdrawn. Returns every tombstone, the files published again excepted.
    func recordProgramPublication(_ files: Set<String>, present: Set<String>?, at date: Date) async throws -> [ContentMirror.ProgramWithdrawal]
    /// Stores a batch and merges each new statement into accounts, progress and the ledger, in one transaction. Each
    /// statement is first admitted by ``StatementAdmission`` against the node's units, the versions this server
    /// published and its accounts; one refusal refuses the batch. Credit is this server's: JP from its own version,
    /// a certificate number of its own (the node's is kept as a reference).
    func receive(_ statements: [(id: String, canonical: [UInt8], completion: XAPI.Completion)], from node: SyncNode, at date: Date) async throws
        -> StatementOutcome
    /// Completions to report upward after a high-water mark, oldest first.
    func outbox(after sequence: Int64, limit: Int, node: String) async throws -> [(sequence: Int64, completion: XAPI.Completion)]
    /// Keeps a completion the upstream refused, with its reason: the push goes on past it, and nothing is lost.
    func recordRefused(upstream: String, sequence: Int64, statementID: String, reason: String, at date: Date) async throws
    /// The completions an upstream refused, oldest first.
    func refusedStatements(upstream: String) async throws -> [(sequence: Int64, statementID: String, reason: String, at: Date)]
    func highWaterMark(upstream: String) async throws -> Int64
    func setHighWaterMark(upstream: String, to sequence: Int64) async throws
}
