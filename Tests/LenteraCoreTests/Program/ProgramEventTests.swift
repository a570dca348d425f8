import Crypto
import Foundation
import Testing

@testable import LenteraCore

/// Classroom events: signed attendance codes, seats and the waiting list, who may check in, and the credit (issue 14).
@Suite struct ProgramEventTests {
    static let key = SymmetricKey(data: Data("kunci-uji-0123456789abcdef0123456".utf8))
    static let now = Date(timeIntervalSince1970: 1_805_000_000)

    static func event(capacity: Int? = nil, sessions: Int = 2) -> ProgramEvent {
        ProgramEvent(
            id: "lokakarya", programID: "p", edition: "3", title: "Lokakarya", jp: JP(hundredths: 600), place: "Aula", capacity: capacity,
            sessions: (0..<sessions).map { ProgramEvent.Session(start: now.addingTimeInterval(Double($0) * 86_400 - 600), end: now.addingTimeInterval(Double($0) * 86_400 + 3000)) }
        )
    }

    static func program(_ event: ProgramEvent) -> Program {
        Program(id: "p", versionLabel: "3", title: "P", goal: "G", period: ProgramDay(parsing: "2027-01-01")!...ProgramDay(parsing: "2027-12-31")!,
                target: ProgramTarget(units: [UnitPath(parsing: "Pemkab Sleman")!]),
                activities: [ProgramActivity(kind: .event(event), deadline: ProgramDay(parsing: "2027-12-31")!)], fileName: "p.xml", contentVersion: "v")
    }

    static func learner(_ id: Int64 = 7, unit: String = "Pemkab Sleman > BKPSDM") throws -> Account {
        Account(id: id, nip: try NIP(validating: "198503152010011001"), name: "A", unit: UnitPath(parsing: unit)!, position: "", status: .pns,
                email: nil, role: .learner, passwordHash: "", mustChangePassword: false)
    }

    @Test func aCodeReadsBackOnlyWhenSignedHereForThisEventAndFresh() throws {
        let code = AttendanceCode.issue(programID: "p", eventID: "lokakarya", session: 1, at: Self.now)
        let token = code.token(key: Self.key)
        #expect(try AttendanceCode.verify(token, programID: "p", eventID: "lokakarya", key: Self.key, now: Self.now + 30) == code)
        // Another key, a changed payload, a changed signature, not a token at all: forged.
        let other = SymmetricKey(data: Data("kunci-lain-0123456789abcdef012345".utf8))
        let parts = token.split(separator: ".").map(String.init)
        let changedPayload = Data("1\np\nlokakarya\n0\n\(Int(Self.now.timeIntervalSince1970))\n\(code.nonce)".utf8).base64URL + "." + parts[1]
        for forged in [code.token(key: other), changedPayload, parts[0] + "." + String(parts[1].reversed()), "", "abc", String(repeating: "a.", count: 600)] {
            #expect(throws: AttendanceCode.Refusal.forged) { try AttendanceCode.verify(forged, programID: "p", eventID: "lokakarya", key: Self.key, now: Self.now) }
        }
        // Another event's or program's code, at this event's address.
        #expect(throws: AttendanceCode.Refusal.otherEvent) { try AttendanceCode.verify(token, programID: "p", eventID: "seminar", key: Self.key, now: Self.now) }
        #expect(throws: AttendanceCode.Refusal.otherEvent) { try AttendanceCode.verify(token, programID: "q", eventID: "lokakarya", key: Self.key, now: Self.now) }
        // Accepted for two minutes from its issue, not a second more; issued in the future beyond clock skew: forged.
        #expect(throws: Never.self) { try AttendanceCode.verify(token, programID: "p", eventID: "lokakarya", key: Self.key, now: Self.now + 120) }
        #expect(throws: AttendanceCode.Refusal.expired) { try AttendanceCode.verify(token, programID: "p", eventID: "lokakarya", key: Self.key, now: Self.now + 121) }
        #expect(throws: AttendanceCode.Refusal.forged) { try AttendanceCode.verify(token, programID: "p", eventID: "lokakarya", key: Self.key, now: Self.now - 10) }
    }

    @Test func seatsGoInRegistrationOrderAndTheWaitingListMovesUp() {
        let event = Self.event(capacity: 2)
        func registration(_ id: Int64, _ minute: Double) -> EventRegistration {
            EventRegistration(programID: "p", eventID: "lokakarya", accountID: id, registeredAt: Self.now + minute * 60)
        }
        let all = [registration(4, 3), registration(1, 1), registration(3, 2), registration(2, 2)]
        // Ties in time go by account id: 1, then 2 and 3 at minute 2, then 4.
        #expect(event.seats(all) == [1: .seated, 2: .seated, 3: .waiting(1), 4: .waiting(2)])
        // 2 cancels: 3 gets the seat.
        #expect(event.seats(all.filter { $0.accountID != 2 }) == [1: .seated, 3: .seated, 4: .waiting(1)])
        #expect(Self.event().seats(all).values.allSatisfy { $0 == .seated })
    }

    @Test func aScanIsAdmittedDuringItsSessionForATargetedSeatedLearner() throws {
        let event = Self.event()
        let program = Self.program(event)
        let code = AttendanceCode.issue(programID: "p", eventID: "lokakarya", session: 0, at: Self.now)
        #expect(try event.admit(code, program: program, account: try Self.learner(), seat: .seated, now: Self.now) == 0)
        #expect(throws: ProgramEvent.CheckInRefusal.notRegistered) { try event.admit(code, program: program, account: try Self.learner(), seat: nil, now: Self.now) }
        #expect(throws: ProgramEvent.CheckInRefusal.waiting(2)) { try event.admit(code, program: program, account: try Self.learner(), seat: .waiting(2), now: Self.now) }
        #expect(throws: ProgramEvent.CheckInRefusal.notTargeted) {
            try event.admit(code, program: program, account: try Self.learner(unit: "Pemkab Bantul"), seat: .seated, now: Self.now)
        }
        // Session 0 runs from now-600 s to now+3000 s: attendance from 30 minutes before to 30 minutes after.
        #expect(throws: ProgramEvent.CheckInRefusal.code(.outsideSession)) {
            try event.admit(code, program: program, account: try Self.learner(), seat: .seated, now: Self.now + 3000 + 1801)
        }
        #expect(event.takesAttendance(session: 0, at: Self.now - 600 - 1800) && !event.takesAttendance(session: 0, at: Self.now - 600 - 1801))
        #expect(!event.takesAttendance(session: 5, at: Self.now))
    }

    @Test func sessionsAreKnownByTheirStartAndTicksNeverComeAhead() {
        let event = Self.event(sessions: 2)
        #expect(event.sessionKey(1) == Int((Self.now + 86_400 - 600).timeIntervalSince1970))
        #expect(event.sessionIndex(key: event.sessionKey(1)) == 1 && event.sessionIndex(key: 12) == nil)
        // A session removed from the file: the presence kept for it completes nothing.
        var shorter = event
        shorter.sessions.removeFirst()
        #expect(!shorter.isAttendedInFull([event.sessionKey(0)]) && shorter.isAttendedInFull([event.sessionKey(1)]))
        // Ticks from half an hour before the session, and any time after (a paper list entered late).
        #expect(event.acceptsTick(session: 1, at: Self.now + 86_400 - 600 - 1800) && !event.acceptsTick(session: 1, at: Self.now + 86_400 - 600 - 1801))
        #expect(event.acceptsTick(session: 0, at: Self.now + 30 * 86_400) && !event.acceptsTick(session: 2, at: Self.now))
        #expect(event.recordID == "lokakarya@3")
    }

    @Test func theCreditIsDueOnceEverySessionIsAttended() {
        let event = Self.event(sessions: 2)
        let program = Self.program(event)
        func present(_ session: Int, _ account: Int64 = 7, at offset: Double, edition: String = "3") -> EventAttendance {
            EventAttendance(programID: "p", eventID: "lokakarya@\(edition)", session: event.sessionKey(session), accountID: account, at: Self.now + offset,
                            method: .code, evidence: "n")
        }
        #expect(event.credit(for: 7, attendance: [present(0, at: 0), present(1, 8, at: 86_400)], program: program) { _ in "N" } == nil)
        // Presence at another edition of the program counts for nothing in this one.
        #expect(event.credit(for: 7, attendance: [present(0, at: 0), present(1, at: 86_400, edition: "2")], program: program) { _ in "N" } == nil)
        let entry = event.credit(for: 7, attendance: [present(1, at: 86_400), present(0, at: 0)], program: program) { "LTR-\($0)" }
        #expect(entry?.courseID == "acara:p/lokakarya" && entry?.jp == JP(hundredths: 600) && entry?.courseVersion == "3")
        #expect(ProgramTarget(units: [UnitPath(parsing: "Pemkab Sleman > BKPSDM")!]).isWithin(scope: UnitPath(parsing: "Pemkab Sleman")))
        #expect(!ProgramTarget(units: [UnitPath(parsing: "Pemkab Sleman")!]).isWithin(scope: UnitPath(parsing: "Pemkab Sleman > BKPSDM")))
        #expect(!ProgramTarget(units: [], positions: ["Perawat"]).isWithin(scope: UnitPath(parsing: "Pemkab Sleman")))
        #expect(entry?.startedAt == Self.now && entry?.completedAt == Self.now + 86_400 && entry?.certificateNumber == "LTR-\(JPLedger.year(of: Self.now + 86_400))")
        // The credit keys the program's progress: the event's activity is done.
        let progress = ProgramProgress(program, credits: [entry!], now: Self.now + 90_000)
        #expect(progress.standing == .completed && progress.jp == JP(hundredths: 600))
    }
}
