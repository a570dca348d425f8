import Foundation
import Testing

@testable import LenteraCore

/// Which reminders of deadlines a learner is owed by mail (issue 14): those of the home page, each once as the deadline
/// nears and once when it has passed, to a learner with a plain address, while the program runs.
@Suite struct ProgramRemindersTests {
    static func learner(email: String? = "ani@sleman.example.go.id", unit: String = "Pemkab Sleman > BKPSDM", credits: [LedgerEntry] = []) throws
        -> LearnerCredits
    {
        LearnerCredits(
            account: Account(id: 7, nip: try NIP(validating: "198503152010011001"), name: "Ani", unit: UnitPath(parsing: unit)!, position: "",
                             status: .pns, email: email, role: .learner, passwordHash: "", mustChangePassword: false),
            credits: credits
        )
    }

    static func owed(_ learner: LearnerCredits, at moment: String, mailed: Set<ReminderKey> = []) -> [ReminderKey] {
        let program = ProgramProgressTests.program()
        return ProgramReminders.owed(
            program, schedule: ProgramProgress.Schedule(program), learner: learner, mailed: mailed, now: ProgramProgressTests.at(moment)
        ).map(\.key)
    }

    static func key(_ activity: String, overdue: Bool) -> ReminderKey {
        ReminderKey(accountID: 7, programID: "p", activity: activity, overdue: overdue)
    }

    @Test func eachActivityIsOwedOnceNearItsDeadlineAndOnceWhenItHasPassed() throws {
        let ani = try Self.learner()
        // 13 February: a (26 Feb) is near.
        #expect(Self.owed(ani, at: "2027-02-13 08:00") == [Self.key("a", overdue: false)])
        // Mailed: nothing more until it has passed; then it is owed again, as overdue, with b now near.
        #expect(Self.owed(ani, at: "2027-02-20 08:00", mailed: [Self.key("a", overdue: false)]).isEmpty)
        #expect(Self.owed(ani, at: "2027-04-20 08:00", mailed: [Self.key("a", overdue: false)])
            == [Self.key("a", overdue: true), Self.key("b", overdue: false)])
        // Done activities are owed nothing.
        let done = try Self.learner(credits: [ProgramProgressTests.credit("a", ProgramProgressTests.at("2027-02-14 08:00"))])
        #expect(Self.owed(done, at: "2027-04-20 08:00") == [Self.key("b", overdue: false)])
    }

    @Test func onlyLearnersTheProgramTargetsWithAPlainAddressWhileItRuns() throws {
        #expect(Self.owed(try Self.learner(email: nil), at: "2027-02-13 08:00").isEmpty)
        #expect(Self.owed(try Self.learner(email: "ani@sleman\r\nBcc: x@y.z"), at: "2027-02-13 08:00").isEmpty)
        #expect(Self.owed(try Self.learner(unit: "Pemkab Bantul > BKPSDM"), at: "2027-02-13 08:00").isEmpty)
        // Before its start nothing, even with a deadline near; 30 days after its end (30 June) nothing any more.
        let ani = try Self.learner()
        #expect(Self.owed(ani, at: "2027-01-03 08:00").isEmpty)
        #expect(Self.owed(ani, at: "2027-07-29 08:00").count == 3)
        #expect(Self.owed(ani, at: "2027-07-31 08:00").isEmpty)
    }

    @Test(arguments: ["a@b.id", "ani.lestari+lentera@sleman.example.go.id"]) func plainAddresses(_ address: String) {
        #expect(MailAddress.isPlain(address))
    }

    @Test(arguments: ["", "ani", "@b.id", "a@", "a@b", "a b@c.id", "a@b.id\r\n", "a@b@c.id", "<a@b.id>", "a@b.id.", "ané@b.id", "a,b@c.id"])
    func otherAddresses(_ address: String) {
        #expect(!MailAddress.isPlain(address))
    }
}
