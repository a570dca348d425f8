import Foundation
import Testing

@testable import LenteraCore

/// Where a learner stands in a program, decided from their ledger entries and the program's deadlines (issue 14).
@Suite struct ProgramProgressTests {
    static func day(_ text: String) -> ProgramDay { ProgramDay(parsing: text)! }

    /// Two required courses and an optional one, from 4 January to 30 June 2027, in `zone`.
    static func program(zone: IndonesianTimeZone = .wib, units: [String] = ["Pemkab Sleman > BKPSDM"], positions: [String] = []) -> Program {
        Program(
            id: "p", title: "Program", goal: "Tujuan", period: day("2027-01-04")...day("2027-06-30"), zone: zone,
            target: ProgramTarget(units: units.map { UnitPath(parsing: $0)! }, positions: positions),
            activities: [
                ProgramActivity(kind: .course("a"), deadline: day("2027-02-26")),
                ProgramActivity(kind: .course("b"), deadline: day("2027-04-30")),
                ProgramActivity(kind: .course("c"), deadline: day("2027-05-31"), required: false),
            ],
            fileName: "p.xml", contentVersion: "v"
        )
    }

    /// A moment written in a zone: `2027-02-26 23:59` WIB.
    static func at(_ text: String, _ zone: IndonesianTimeZone = .wib) -> Date {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = zone.timeZone
        return formatter.date(from: text)!
    }

    static func credit(_ course: String, _ date: Date, jp: Int = 200) -> LedgerEntry {
        LedgerEntry(accountID: 1, courseID: course, courseTitle: course, courseVersion: "1", year: 2027, jp: JP(hundredths: jp),
                    startedAt: date, completedAt: date, score: nil, certificateNumber: "N-\(course)-\(date.timeIntervalSince1970)")
    }

    @Test func aDeadlineIsTheEndOfItsDayInTheProgramsZone() {
        let program = Self.program()
        // Done at 23:59 WIB on the deadline: in time. At 00:00 the next day: late.
        let inTime = ProgramProgress(program, credits: [Self.credit("a", Self.at("2027-02-26 23:59"))], now: Self.at("2027-03-01 10:00"))
        #expect(inTime.states[0] == .done(at: Self.at("2027-02-26 23:59"), late: false))
        let late = ProgramProgress(program, credits: [Self.credit("a", Self.at("2027-02-27 00:00"))], now: Self.at("2027-03-01 10:00"))
        #expect(late.states[0] == .done(at: Self.at("2027-02-27 00:00"), late: true))
        // In WIT (UTC+9) the same day ends two hours earlier than in WIB: 23:00 WIB is already past it.
        let east = Self.program(zone: .wit)
        let eastLate = ProgramProgress(east, credits: [Self.credit("a", Self.at("2027-02-26 23:00"))], now: Self.at("2027-03-01 10:00"))
        #expect(eastLate.states[0] == .done(at: Self.at("2027-02-26 23:00"), late: true))
        // Not done: due until the deadline's end, overdue from then.
        #expect(ProgramProgress(program, credits: [], now: Self.at("2027-02-26 23:59")).states[0] == .due)
        #expect(ProgramProgress(program, credits: [], now: Self.at("2027-02-27 00:00")).states[0] == .overdue)
    }

    @Test func theStandingComesFromTheRequiredActivities() {
        let program = Self.program()
        let march = Self.at("2027-03-10 09:00")
        // Nothing done, nothing overdue yet in January: on track.
        #expect(ProgramProgress(program, credits: [], now: Self.at("2027-01-10 09:00")).standing == .onTrack)
        // The first deadline passed without it: late, whatever else is done.
        #expect(ProgramProgress(program, credits: [Self.credit("b", march)], now: march).standing == .late)
        // Done late still counts as done: on track again.
        #expect(ProgramProgress(program, credits: [Self.credit("a", march)], now: march).standing == .onTrack)
        // Both required done: completed, though the optional one is not (and is overdue).
        let done = ProgramProgress(program, credits: [Self.credit("a", march), Self.credit("b", march)], now: Self.at("2027-07-01 09:00"))
        #expect(done.standing == .completed && done.states[2] == .overdue && done.doneCount == 2)
    }

    @Test func aProgramIsCompletedWhenItsLastRequiredActivityIsDoneAndFollowedUpWeeksLater() {
        var program = Self.program()
        let february = Self.at("2027-02-10 09:00")
        let april = Self.at("2027-04-20 15:00")
        let june = Self.at("2027-06-01 08:00")
        // The optional course done last does not move the moment of completion.
        let done = ProgramProgress(program, credits: [Self.credit("b", april), Self.credit("a", february), Self.credit("c", june)], now: june)
        #expect(done.standing == .completed && done.completedAt == april)
        // Not completed: no moment, whatever is done.
        #expect(ProgramProgress(program, credits: [Self.credit("a", february)], now: june).completedAt == nil)
        // Without <follow-up> nobody is asked; with it, from `weeks` after completion, to the second.
        #expect(FollowUp.due(program, progress: done) == nil && !FollowUp.isAsked(program, progress: done, now: june))
        program.followUpWeeks = 6
        let due = april.addingTimeInterval(42 * 86_400)
        #expect(FollowUp.due(program, progress: done) == due)
        #expect(!FollowUp.isAsked(program, progress: done, now: due.addingTimeInterval(-1)) && FollowUp.isAsked(program, progress: done, now: due))
        // A program that requires nothing is never completed at a moment, so never followed up.
        program.activities = program.activities.map { var optional = $0; optional.required = false; return optional }
        let nothingRequired = ProgramProgress(program, credits: [Self.credit("a", february)], now: june)
        #expect(nothingRequired.standing == .completed && nothingRequired.completedAt == nil && FollowUp.due(program, progress: nothingRequired) == nil)
    }

    @Test func jpCountFromTheProgramsFirstDayAndAnEarlierCompletionIsDone() {
        let program = Self.program()
        let before = Self.at("2026-12-20 10:00")
        let during = Self.at("2027-02-01 10:00")
        let progress = ProgramProgress(
            program, credits: [Self.credit("a", before, jp: 200), Self.credit("b", during, jp: 400), Self.credit("other", during, jp: 900)],
            now: during
        )
        // The course finished in December is done (its JP cannot be earned twice) but not JP of this program.
        #expect(progress.states[0] == .done(at: before, late: false))
        #expect(progress.jp == JP(hundredths: 400))
    }

    @Test func remindersListWhatIsDueWithinTwoWeeksOrOverdue() {
        let program = Self.program()
        // 13 February: a (26 Feb) is due within 14 days; b (30 Apr) and c (31 May) are not.
        #expect(ProgramProgress(program, credits: [], now: Self.at("2027-02-13 08:00")).reminders(program, now: Self.at("2027-02-13 08:00")) == [0])
        // 20 April: a overdue, b due in ten days; done ones are never reminded.
        let april = Self.at("2027-04-20 08:00")
        #expect(ProgramProgress(program, credits: [], now: april).reminders(program, now: april) == [0, 1])
        #expect(ProgramProgress(program, credits: [Self.credit("a", april)], now: april).reminders(program, now: april) == [1])
    }

    @Test func whoAProgramTargets() throws {
        func account(_ unit: String, _ position: String, role: Role = .learner) throws -> Account {
            Account(id: 1, nip: try NIP(validating: "198503152010011001"), name: "A", unit: UnitPath(parsing: unit)!, position: position,
                    status: .pns, email: nil, role: role, passwordHash: "", mustChangePassword: false)
        }
        let program = Self.program(units: ["Pemkab Sleman > BKPSDM", "Pemkab Sleman > Dinkes"], positions: ["Analis SDM  Aparatur"])
        #expect(program.targets(try account("Pemkab Sleman > BKPSDM > Bidang A", "analis sdm aparatur")))
        #expect(!program.targets(try account("Pemkab Sleman > BKPSDM", "Perawat")))
        #expect(!program.targets(try account("Pemkab Sleman > Disdik", "Analis SDM Aparatur")))
        #expect(!program.targets(try account("Pemkab Sleman > BKPSDM", "Analis SDM Aparatur", role: .operator)))
        // Positions alone: every unit.
        let everywhere = Self.program(units: [], positions: ["Perawat"])
        #expect(everywhere.targets(try account("Pemkab Bantul > Dinkes", "Perawat")))
    }

    @Test func theUnitsAnOperatorReportsAreTheTargetWithinTheirScope() {
        let target = ProgramTarget(units: ["Pemkab Sleman > BKPSDM", "Pemkab Sleman > Dinkes", "Pemkab Bantul"].map { UnitPath(parsing: $0)! })
        func units(_ scope: String?) -> [String] {
            target.units(within: scope.map { UnitPath(parsing: $0)! }).map { $0?.description ?? "*" }
        }
        #expect(units(nil) == ["Pemkab Bantul", "Pemkab Sleman > BKPSDM", "Pemkab Sleman > Dinkes"])
        #expect(units("Pemkab Sleman") == ["Pemkab Sleman > BKPSDM", "Pemkab Sleman > Dinkes"])
        #expect(units("Pemkab Sleman > Dinkes > Puskesmas") == ["Pemkab Sleman > Dinkes > Puskesmas"])
        #expect(units("Pemkab Gunungkidul").isEmpty)
        #expect(ProgramTarget(units: [], positions: ["Perawat"]).units(within: UnitPath(parsing: "Pemkab Bantul")).map { $0?.description } == ["Pemkab Bantul"])
    }

    @Test func aTallyCountsEachLearnerInTheUnitBelowTheParent() throws {
        let program = Self.program()
        let now = Self.at("2027-03-10 09:00")
        var tally = ProgramTally(below: UnitPath(parsing: "Pemkab Sleman"))
        func learner(_ id: Int64, _ unit: String) throws -> Account {
            Account(id: id, nip: try NIP(validating: "198503152010011001"), name: "A", unit: UnitPath(parsing: unit)!, position: "",
                    status: .pns, email: nil, role: .learner, passwordHash: "", mustChangePassword: false)
        }
        tally.add(try learner(1, "Pemkab Sleman > BKPSDM > Bidang A"), ProgramProgress(program, credits: [Self.credit("a", now), Self.credit("b", now)], now: now))
        tally.add(try learner(2, "Pemkab Sleman > BKPSDM"), ProgramProgress(program, credits: [], now: now))
        tally.add(try learner(3, "Pemkab Sleman > Dinkes"), ProgramProgress(program, credits: [Self.credit("a", now)], now: now))
        tally.add(try learner(4, "Pemkab Bantul"), ProgramProgress(program, credits: [], now: now))  // outside the parent: not counted
        let rows = tally.rows.map { "\($0.unit) \($0.enrolled) \($0.onTrack) \($0.late) \($0.completed) \($0.jp) \($0.hasChildren)" }
        #expect(rows == ["Pemkab Sleman > BKPSDM 2 0 1 1 4 true", "Pemkab Sleman > Dinkes 1 1 0 0 2 false"])
        #expect(tally.total.enrolled == 3 && tally.total.jp == JP(hundredths: 600))
    }

    @Test func daysAreReadStrictly() {
        #expect(ProgramDay(parsing: "2027-02-28")?.description == "2027-02-28")
        for bad in ["2027-02-29", "2027-2-28", "28-02-2027", "2027-02-28T10:00", "", "١٢٣٤-٠٢-٠١", "1999-01-01"] {
            #expect(ProgramDay(parsing: bad) == nil, "\(bad)")
        }
        #expect(ProgramDay(parsing: "2028-02-29") != nil)
    }
}
