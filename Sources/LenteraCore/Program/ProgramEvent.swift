import Foundation

/// A classroom event inside a program (lokakarya, seminar, pelatihan klasikal): its sessions, place or online link,
/// capacity and who registers learners. Its JP are credited once, to the same ledger as e-learning, when a learner has
/// attended every session.
public struct ProgramEvent: Sendable, Equatable {
    /// Who puts learners on the list.
    public enum Registration: String, Sendable, CaseIterable {
        /// Learners register themselves (and operators may register them).
        case learner
        /// Only operators register learners (assigned participants).
        case `operator`
    }

    /// One sitting of the event.
    public struct Session: Sendable, Equatable {
        public var start: Date
        public var end: Date

        /// Creates a session.
        public init(start: Date, end: Date) {
            self.start = start
            self.end = end
        }
    }

    /// The event's id within its program.
    public var id: String
    public var title: String
    /// JP credited when every session was attended.
    public var jp: JP
    /// Where it takes place, for an event in a room.
    public var place: String?
    /// The online meeting's address, for an event held online (`https` only).
    public var link: String?
    /// How many learners get a seat; the others wait in registration order. Nil: no limit.
    public var capacity: Int?
    public var registration: Registration
    /// The sessions, in order.
    public var sessions: [Session]
    /// The id its credit is kept under in the ledger: `acara:PROGRAM/EVENT`, which no course id can be (a course id
    /// has no `:` or `/`). The ledger's version is the ``edition``.
    public var creditID: String
    /// The program's edition (its version label, or "1"): a new edition is a new event, with its own list, presence
    /// and credit, as a new version of a course is credited again.
    public var edition: String

    /// The id its list and presence are kept under: the event's id with the edition (`lokakarya@2`), so that a program
    /// file used again for its next edition starts with nobody registered or present.
    public var recordID: String { "\(id)@\(edition)" }

    /// Creates an event.
    public init(
        id: String, programID: String, edition: String = "1", title: String, jp: JP, place: String? = nil, link: String? = nil,
        capacity: Int? = nil, registration: Registration = .learner, sessions: [Session]
    ) {
        self.edition = edition
        self.id = id
        self.title = title
        self.jp = jp
        self.place = place
        self.link = link
        self.capacity = capacity
        self.registration = registration
        self.sessions = sessions
        creditID = "acara:\(programID)/\(id)"
    }

    /// How long before a session starts and after it ends its attendance is taken.
    public static let checkInMargin: TimeInterval = 30 * 60

    /// Whether attendance of a session is taken at a moment: from half an hour before it starts to half an hour after
    /// it ends.
    public func takesAttendance(session index: Int, at date: Date) -> Bool {
        guard sessions.indices.contains(index) else { return false }
        let session = sessions[index]
        return date >= session.start.addingTimeInterval(-Self.checkInMargin) && date <= session.end.addingTimeInterval(Self.checkInMargin)
    }

    /// The key a session's presence is kept under: its start, in seconds since 1970. A session is known by when it
    /// is, not by its place in the file: an author who removes or inserts a session moves nobody's presence to another.
    public func sessionKey(_ index: Int) -> Int {
        Int(sessions[index].start.timeIntervalSince1970)
    }

    /// The index of the session a key names, if the event still has it.
    public func sessionIndex(key: Int) -> Int? {
        sessions.indices.first { sessionKey($0) == key }
    }

    /// Whether the sessions attended (by ``sessionKey(_:)``) are all of them: the event's JP are then due.
    public func isAttendedInFull(_ attended: Set<Int>) -> Bool {
        !sessions.isEmpty && sessions.indices.allSatisfy { attended.contains(sessionKey($0)) }
    }

    /// Whether an operator may tick a session on the list at a moment: from when its attendance opens (a paper list
    /// may be entered late, never ahead of the session).
    public func acceptsTick(session index: Int, at date: Date) -> Bool {
        sessions.indices.contains(index) && date >= sessions[index].start.addingTimeInterval(-Self.checkInMargin)
    }

    /// Whether registration is still open: until the last session ends.
    public func acceptsRegistration(at date: Date) -> Bool {
        guard let last = sessions.last else { return false }
        return date < last.end
    }

    /// Each registered learner's place: a seat for the first `capacity` in order of registration (then account id), a
    /// position on the waiting list (from 1) for the others. Cancelling frees a seat for the first who waits.
    public func seats(_ registrations: [EventRegistration]) -> [Int64: EventSeat] {
        let ordered = registrations.sorted { ($0.registeredAt, $0.accountID) < ($1.registeredAt, $1.accountID) }
        var seats: [Int64: EventSeat] = [:]
        for (index, registration) in ordered.enumerated() {
            if let capacity, index >= capacity {
                seats[registration.accountID] = .waiting(index - capacity + 1)
            } else {
                seats[registration.accountID] = .seated
            }
        }
        return seats
    }
}

/// A learner's place at an event.
public enum EventSeat: Sendable, Equatable {
    case seated
    /// On the waiting list, at this position (from 1).
    case waiting(Int)
}

/// A learner on an event's list.
public struct EventRegistration: Sendable, Equatable {
    public var programID: String
    /// The event's ``ProgramEvent/recordID`` (its id with the edition).
    public var eventID: String
    public var accountID: Int64
    public var registeredAt: Date
    /// The NIP of the operator who registered the learner; nil when they registered themselves.
    public var assignedBy: String?

    /// Creates a registration.
    public init(programID: String, eventID: String, accountID: Int64, registeredAt: Date, assignedBy: String? = nil) {
        self.programID = programID
        self.eventID = eventID
        self.accountID = accountID
        self.registeredAt = registeredAt
        self.assignedBy = assignedBy
    }
}

/// A learner's presence at one session.
public struct EventAttendance: Sendable, Equatable {
    /// How the presence was recorded.
    public enum Method: String, Sendable {
        /// The learner scanned the venue's code.
        case code
        /// An operator ticked the list.
        case `operator`
    }

    public var programID: String
    /// The event's ``ProgramEvent/recordID`` (its id with the edition).
    public var eventID: String
    /// The session's ``ProgramEvent/sessionKey(_:)``: its start, in seconds since 1970.
    public var session: Int
    public var accountID: Int64
    public var at: Date
    public var method: Method
    /// The code's nonce (scanned), or the NIP of the operator who ticked it.
    public var evidence: String

    /// Creates an attendance record.
    public init(programID: String, eventID: String, session: Int, accountID: Int64, at: Date, method: Method, evidence: String) {
        self.programID = programID
        self.eventID = eventID
        self.session = session
        self.accountID = accountID
        self.at = at
        self.method = method
        self.evidence = evidence
    }
}

/// Registrations and attendance of classroom events, and the server's signing secrets.
public protocol EventRepository: Sendable {
    /// Puts a learner on an event's list; false when they were on it already (nothing changes).
    func register(_ registration: EventRegistration) async throws -> Bool
    /// Takes a learner off an event's list (the first who waits then has a seat); false when they were not on it.
    func cancelRegistration(programID: String, eventID: String, accountID: Int64) async throws -> Bool
    /// Everyone on an event's list.
    func registrations(programID: String, eventID: String) async throws -> [EventRegistration]
    /// Records a presence; false when that learner's presence at that session was recorded already (nothing changes).
    func recordAttendance(_ attendance: EventAttendance) async throws -> Bool
    /// Every presence recorded at an event.
    func attendance(programID: String, eventID: String) async throws -> [EventAttendance]
    /// The secret stored under a name, or `proposed` stored and returned when there is none yet (every node of a
    /// cluster then signs with the same one).
    func secret(named name: String, proposed: String) async throws -> String
}

/// Whether a scan records a learner's presence: the rule, decided here alone.
extension ProgramEvent {
    /// Why a learner's scan of a genuine, unexpired code of this event records nothing.
    public enum CheckInRefusal: Error, Sendable, Equatable {
        /// The code itself is refused (forged, expired, another event's, reused).
        case code(AttendanceCode.Refusal)
        /// The program does not target the learner.
        case notTargeted
        /// The learner is not on the event's list.
        case notRegistered
        /// The learner waits for a seat, at this position.
        case waiting(Int)
    }

    /// The session (its index) a code records the learner's presence at, when the session is on now, the program
    /// targets them and they have a seat.
    public func admit(_ code: AttendanceCode, program: Program, account: Account, seat: EventSeat?, now: Date) throws(CheckInRefusal) -> Int {
        guard takesAttendance(session: code.session, at: now) else { throw .code(.outsideSession) }
        guard program.targets(account) else { throw .notTargeted }
        switch seat {
        case nil: throw .notRegistered
        case .waiting(let position): throw .waiting(position)
        case .seated: return code.session
        }
    }

    /// The ledger entry that credits a learner's attendance in full (nil until every session of this edition is
    /// attended): the event's JP, under ``creditID`` and the ``edition``, started at the first presence and completed
    /// at the last. The ledger keeps one per learner, id and edition.
    public func credit(for accountID: Int64, attendance: [EventAttendance], program: Program, certificateNumber: (Int) -> String) -> LedgerEntry? {
        let own = attendance.filter { $0.accountID == accountID && $0.programID == program.id && $0.eventID == recordID }
        guard isAttendedInFull(Set(own.map(\.session))), let first = own.map(\.at).min(), let last = own.map(\.at).max() else { return nil }
        let year = JPLedger.year(of: last)
        return LedgerEntry(
            accountID: accountID, courseID: creditID, courseTitle: title, courseVersion: edition, year: year, jp: jp,
            startedAt: first, completedAt: last, score: nil, certificateNumber: certificateNumber(year)
        )
    }
}
