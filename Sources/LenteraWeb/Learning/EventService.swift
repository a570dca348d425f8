import Crypto
import Foundation
import LenteraCore
import Synchronization

/// Classroom events: registration with a waiting list, attendance by the venue's code or an operator's tick, and the
/// event's JP credited once when every session was attended. The rules are ``ProgramEvent``'s; this keeps the records.
struct EventService: Sendable {
    let store: any LearningStore
    let site: SiteStore
    /// The signing key of attendance codes, read from the database once (every node of a cluster shares it).
    let keyCache = KeyCache()

    /// The stored key is too short to sign with.
    struct KeyError: Error {}

    final class KeyCache: Sendable {
        let key = Mutex<SymmetricKey?>(nil)
    }

    /// The key codes are signed with: made at first use and kept in the database.
    func key() async throws -> SymmetricKey {
        if let key = keyCache.key.withLock({ $0 }) { return key }
        let proposed = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let stored = try await store.secret(named: "attendance-code", proposed: proposed)
        guard stored.utf8.count >= 32 else { throw KeyError() }
        let key = SymmetricKey(data: Data(stored.utf8))
        keyCache.key.withLock { $0 = key }
        return key
    }

    /// A program served, and one of its events, by the ids a URL names; nil when either is not there.
    func event(programID: String, eventID: String) -> (Program, ProgramEvent)? {
        guard let program = site.site.programs.first(where: { $0.id == programID }), let event = program.event(withID: eventID) else { return nil }
        return (program, event)
    }

    /// Each registered learner's place.
    func seats(_ program: Program, _ event: ProgramEvent) async throws -> (registrations: [EventRegistration], seats: [Int64: EventSeat]) {
        let registrations = try await store.registrations(programID: program.id, eventID: event.recordID)
        return (registrations, event.seats(registrations))
    }

    /// What a scan did.
    enum CheckIn: Equatable {
        /// The presence at a session is recorded; the credit when it completed the event.
        case recorded(session: Int, credit: LedgerEntry?)
    }

    /// Records a learner's presence from a scanned code, or says why not.
    func checkIn(token: String, program: Program, event: ProgramEvent, account: Account, address: String, now: Date) async throws
        -> Result<CheckIn, ProgramEvent.CheckInRefusal>
    {
        let key = try await key()
        let code: AttendanceCode
        do throws(AttendanceCode.Refusal) {
            code = try AttendanceCode.verify(token, programID: program.id, eventID: event.id, key: key, now: now)
        } catch {
            return .failure(.code(error))
        }
        let seat = try await seats(program, event).seats[account.id]
        let session: Int
        do throws(ProgramEvent.CheckInRefusal) {
            session = try event.admit(code, program: program, account: account, seat: seat, now: now)
        } catch {
            return .failure(error)
        }
        // The code's nonce and where the scan came from: an operator can tell a scan from the venue's network from one
        // sent on from elsewhere.
        let recorded = try await store.recordAttendance(EventAttendance(
            programID: program.id, eventID: event.recordID, session: event.sessionKey(session), accountID: account.id, at: now, method: .code,
            evidence: "\(code.nonce) \(address)"
        ))
        guard recorded else { return .failure(.code(.reused)) }
        return .success(.recorded(session: session, credit: try await creditIfComplete(program, event, accountID: account.id)))
    }

    /// Records a presence an operator ticked (the learner is put on the list if they were not); nil when the session's
    /// attendance has not opened yet (``ProgramEvent/acceptsTick(session:at:)``), else the credit when it completed the
    /// event.
    func tick(program: Program, event: ProgramEvent, learner: Account, session: Int, by operatorNIP: String, now: Date) async throws
        -> (recorded: Bool, credit: LedgerEntry?)?
    {
        guard event.acceptsTick(session: session, at: now) else { return nil }
        _ = try await store.register(EventRegistration(programID: program.id, eventID: event.recordID, accountID: learner.id, registeredAt: now,
                                                       assignedBy: operatorNIP))
        let recorded = try await store.recordAttendance(EventAttendance(
            programID: program.id, eventID: event.recordID, session: event.sessionKey(session), accountID: learner.id, at: now, method: .operator,
            evidence: operatorNIP
        ))
        return (recorded, recorded ? try await creditIfComplete(program, event, accountID: learner.id) : nil)
    }

    /// Credits the event's JP once every session of its edition is attended; the ledger keeps one credit per learner,
    /// event and edition (a second returns the first).
    func creditIfComplete(_ program: Program, _ event: ProgramEvent, accountID: Int64) async throws -> LedgerEntry? {
        let attendance = try await store.attendance(programID: program.id, eventID: event.recordID)
        guard let entry = event.credit(for: accountID, attendance: attendance, program: program, certificateNumber: JPLedger.certificateNumber(year:))
        else { return nil }
        return try await store.credit(entry)
    }
}
