import Foundation
import Testing

@testable import LenteraContent
@testable import LenteraCore
import LenteraTestSupport

/// Classroom events in program files (issue 14).
@Suite struct ProgramEventFileTests {
    static func program(_ event: String) -> String {
        """
        <program id="p" timezone="WITA">
          <title>Program</title>
          <goal>Tujuan.</goal>
          <period start="2027-03-01" end="2027-03-31"/>
          <target><unit>Pemkab Sleman</unit></target>
        \(event)
        </program>
        """
    }

    func load(_ text: String) throws -> ProgramLoadResult {
        let fixture = try CoursesFixture()
        try fixture.write("p.xml", text)
        return ProgramLoader(programsDirectory: fixture.root).load(fileName: "p.xml", courseIDs: [])
    }

    @Test func readsAnEventWithItsSessionsInTheProgramsZone() throws {
        let result = try load(Self.program("""
              <event id="lokakarya" jp="6" capacity="30" registration="operator" required="false">
                <title>Lokakarya  Analisis</title>
                <place>Aula BKPSDM</place>
                <session start="2027-03-10T08:30" end="2027-03-10T12:00"/>
                <session start="2027-03-11T08:30" end="2027-03-11T12:00"/>
              </event>
            """))
        #expect(result.problems.isEmpty)
        let program = try #require(result.program)
        guard case .event(let event) = try #require(program.activities.first).kind else {
            Issue.record("not an event")
            return
        }
        #expect(event.title == "Lokakarya Analisis" && event.jp == JP(hundredths: 600) && event.capacity == 30 && event.registration == .operator)
        #expect(event.place == "Aula BKPSDM" && event.link == nil && event.creditID == "acara:p/lokakarya")
        // 08:30 WITA is 00:30 UTC.
        #expect(event.sessions.map { Int($0.start.timeIntervalSince1970) } == [1_804_638_600, 1_804_725_000])
        #expect(program.activities[0].deadline.description == "2027-03-11" && !program.activities[0].required)
        #expect(program.event(withID: "lokakarya") == event && program.creditIDs == ["acara:p/lokakarya"])
    }

    @Test func everyProblemOfAnEventIsNamedByLine() throws {
        let result = try load(Self.program("""
              <event id="a b" capacity="0" registration="semua">
                <link>javascript:alert(1)</link>
                <session start="2027-03-10 08:30" end="2027-03-10T12:00"/>
                <session start="2027-03-12T10:00" end="2027-03-12T09:00"/>
                <session start="2027-03-13T08:00" end="2027-03-13T12:00"/>
                <session start="2027-03-13T11:00" end="2027-03-13T13:00"/>
                <session start="2027-04-02T08:00" end="2027-04-02T12:00"/>
                <sesi/>
              </event>
              <event id="kosong" jp="2"><title>Kosong</title><place>Aula</place></event>
            """))
        #expect(result.program == nil)
        let lines = result.problems.map { "\($0.line ?? 0) \($0.kind.message(in: .english))" }
        #expect(lines == [
            "6 event id \"a b\" is invalid: use letters, digits, hyphens, dots or underscores",
            "6 the <title> element is required",
            "6 the <event> element has no jp attribute",
            "6 capacity=\"0\" must be a positive whole number (the seats)",
            "6 registration=\"semua\" must be learner (learners register) or operator (operators assign)",
            "7 <link> \"javascript:alert(1)\" must be the online meeting's https:// address",
            "8 a session's times are written YYYY-MM-DDThh:mm, such as 2027-03-10T08:30 (WITA)",
            "9 the session ends before it starts",
            "11 the session starts before the one before it ends: write sessions in time order",
            "12 the session is outside the program's period (2027-03-01 to 2027-03-31)",
            "13 unknown element <sesi> is ignored",
            "15 the event has no session: add <session start=\"…\" end=\"…\"/>",
        ])
    }
}
