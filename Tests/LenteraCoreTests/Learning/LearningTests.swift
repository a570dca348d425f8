import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

@Suite struct NIPTests {
    @Test func validNIPs() throws {
        let nip = try NIP(validating: "198503152010011001")
        #expect(nip.digits == "198503152010011001")
        #expect(try NIP(validating: "19850315 201001 1 001") == nip)  // as printed on cards
        #expect(nip.masked == "••••••••••••••1001")
        #expect("\(nip)" == nip.masked)  // interpolation never prints the digits
        _ = try NIP(validating: "200002292022212001")  // a leap day; PPPK appointment digits 2022-21 are accepted
    }

    @Test func invalidNIPs() {
        let cases: [(String, NIP.Problem)] = [
            ("19850315201001100", .wrongLength(17)), ("1985031520100110011", .wrongLength(19)), ("19850315201001100X", .notDigits),
            ("198513152010011001", .invalidBirthDate), ("198502302010011001", .invalidBirthDate), ("190002292010011001", .invalidBirthDate),
            ("185001012010011001", .invalidBirthDate), ("198503152010013001", .invalidSexDigit), ("198503152010010001", .invalidSexDigit),
        ]
        for (text, problem) in cases {
            #expect(throws: problem, "\(text)") { try NIP(validating: text) }
        }
    }
}

@Suite struct CompletionTests {
    func summary() -> ContentSummary {
        ContentSummary(accountID: 1, courseID: "c", moduleID: "m")
    }

    @Test func rulesFromManifestAttributes() {
        #expect(CompletionRule(attribute: nil, minutes: nil) == .viewed)
        #expect(CompletionRule(attribute: "marked", minutes: nil) == .markedDone)
        #expect(CompletionRule(attribute: "time", minutes: "10") == .timeSpent(minutes: 10))
        #expect(CompletionRule(attribute: "time", minutes: nil) == nil)
        #expect(CompletionRule(attribute: "time", minutes: "0") == nil)
        #expect(CompletionRule(attribute: "quiz", minutes: nil) == nil)
    }

    @Test func viewedCompletesOnFirstAccess() {
        var visit = summary()
        visit.apply(.viewed, at: Date())
        #expect(!visit.isComplete)
        visit.firstAccess = Date()
        visit.apply(.viewed, at: Date(timeIntervalSince1970: 100))
        #expect(visit.isComplete)
        #expect(visit.completedAt == Date(timeIntervalSince1970: 100))
        visit.apply(.viewed, at: Date(timeIntervalSince1970: 200))
        #expect(visit.completedAt == Date(timeIntervalSince1970: 100))  // stamped once
    }

    @Test func aViewWithinAMinuteChangesNothingRecorded() {
        let start = Date(timeIntervalSince1970: 1_000)
        var never = summary()
        #expect(never.viewChangesRecord(at: start, rule: .viewed))  // the first access
        never.recordAccess(at: start, rule: .markedDone)
        #expect(!never.viewChangesRecord(at: start + 59, rule: .markedDone))
        #expect(never.viewChangesRecord(at: start + 60, rule: .markedDone))  // the last access moves by a minute
        // A view that would complete the module is written, however soon it comes.
        var timed = summary()
        timed.recordAccess(at: start, rule: .timeSpent(minutes: 1))
        timed.timeSpent = 60
        #expect(timed.viewChangesRecord(at: start + 5, rule: .timeSpent(minutes: 1)))
        timed.recordAccess(at: start + 5, rule: .timeSpent(minutes: 1))
        #expect(!timed.viewChangesRecord(at: start + 10, rule: .timeSpent(minutes: 1)))
    }

    @Test func timeRuleNeedsTheMinutes() {
        var visit = summary()
        visit.firstAccess = Date()
        visit.timeSpent = 299
        visit.apply(.timeSpent(minutes: 5), at: Date())
        #expect(!visit.isComplete)
        #expect(abs(visit.progress - 299.0 / 300) < 0.0001)
        visit.timeSpent = 300
        visit.apply(.timeSpent(minutes: 5), at: Date())
        #expect(visit.isComplete)
    }

    @Test func markedRuleNeedsTheButton() {
        var visit = summary()
        visit.firstAccess = Date()
        visit.timeSpent = 10_000
        visit.apply(.markedDone, at: Date())
        #expect(!visit.isComplete)
        visit.markedDone = true
        visit.apply(.markedDone, at: Date())
        #expect(visit.isComplete)
    }

    @Test func progressNeverGoesDown() {
        var visit = summary()
        visit.progress = 0.8
        visit.apply(.timeSpent(minutes: 10), at: Date())
        #expect(visit.progress == 0.8)
    }

    @Test func heartbeatsCreditElapsedTimeOnceAndBounded() {
        let start = Date(timeIntervalSince1970: 1000)
        let session = ContentSession(
            id: "s", accountID: 1, courseID: "c", moduleID: "m", start: start, end: start, timeSpent: 0, lastSequence: 3
        )
        #expect(Heartbeat.credit(session: session, sequence: 4, now: start.addingTimeInterval(30)) == 30)
        #expect(Heartbeat.credit(session: session, sequence: 3, now: start.addingTimeInterval(30)) == 0)  // repeat
        #expect(Heartbeat.credit(session: session, sequence: 2, now: start.addingTimeInterval(30)) == 0)  // replay
        #expect(Heartbeat.credit(session: session, sequence: 9, now: start.addingTimeInterval(3600)) == Heartbeat.maximumCredit)
        #expect(Heartbeat.credit(session: session, sequence: 5, now: start.addingTimeInterval(-10)) == 0)
    }

    /// Modules open side by side share the clock: a heartbeat counts only the time since the learner's last credit
    /// anywhere, so five tabs for 45 minutes give 45 minutes in all, not 45 in each.
    @Test func parallelModulesShareTheClock() {
        let start = Date(timeIntervalSince1970: 1000)
        var total = 0.0
        var sessions = (0..<5).map { ContentSession(id: "s\($0)", accountID: 1, courseID: "c", moduleID: "m\($0)", start: start, end: start,
                                                    timeSpent: 0, lastSequence: 0) }
        var summaries = (0..<5).map { ContentSummary(accountID: 1, courseID: "c", moduleID: "m\($0)") }
        var learnerLast: Date?
        for beat in 1...90 {  // every 30 s for 45 minutes, in each of the five tabs
            let now = start.addingTimeInterval(Double(beat) * 30)
            for tab in 0..<5 {
                guard let applied = Heartbeat.apply(
                    sequence: beat, at: now.addingTimeInterval(Double(tab)), session: sessions[tab], summary: summaries[tab],
                    rule: .timeSpent(minutes: 45), learnerLastCredited: learnerLast
                ) else { continue }
                sessions[tab] = applied.session
                summaries[tab] = applied.summary
                total += applied.credit
                if applied.credit > 0 { learnerLast = now.addingTimeInterval(Double(tab)) }
            }
        }
        #expect(total <= 45 * 60 + 5)
        #expect(summaries.allSatisfy { !$0.isComplete })
    }
}

@Suite struct LedgerTests {
    func entry(year: Int, hundredths: Int) -> LedgerEntry {
        LedgerEntry(
            accountID: 1, courseID: "c\(hundredths)", courseTitle: "C", courseVersion: "v", year: year, jp: JP(hundredths: hundredths),
            startedAt: Date(), completedAt: Date(), score: 100, certificateNumber: JPLedger.certificateNumber(year: year)
        )
    }

    @Test func yearlyTotalsAndTarget() {
        let entries = [entry(year: 2026, hundredths: 1250), entry(year: 2026, hundredths: 750), entry(year: 2025, hundredths: 400)]
        #expect(JPLedger.total(entries, year: 2026) == JP(hundredths: 2000))
        #expect(JPLedger.meetsTarget(JPLedger.total(entries, year: 2026)))
        #expect(!JPLedger.meetsTarget(JPLedger.total(entries, year: 2025)))
    }

    @Test func yearFollowsWesternIndonesianTime() {
        // 31 Dec 2025 18:00 UTC is 1 Jan 2026 01:00 WIB.
        #expect(JPLedger.year(of: Date(timeIntervalSince1970: 1_767_204_000)) == 2026)
    }

    @Test func certificateNumbersAreUniqueAndReadable() {
        let numbers = Set((0..<1000).map { _ in JPLedger.certificateNumber(year: 2026) })
        #expect(numbers.count == 1000)
        #expect(numbers.allSatisfy { $0.hasPrefix("LTR-2026-") && $0.count == 23 })
        #expect(numbers.allSatisfy { number in !number.dropFirst(9).contains { "01OIl".contains($0) } })
    }

    @Test func courseCompletionNeedsEveryRequiredModule() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.write(
            "dasar/course.xml",
            """
            <course jp="2"><title>T</title>
            <module id="pengantar" href="01-pengantar.md"/>
            <module id="lanjutan" href="02-lanjutan.md" completion="marked"/>
            <module id="penutup" href="03-penutup.md" required="false"/>
            </course>
            """
        )
        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)
        let requirements = CourseRequirements(course)
        #expect(requirements.rules.map(\.moduleID) == ["pengantar", "lanjutan"])
        var summaries: [String: ContentSummary] = [:]
        var first = ContentSummary(accountID: 1, courseID: "dasar", moduleID: "pengantar")
        first.firstAccess = Date()
        first.apply(.viewed, at: Date())
        summaries["pengantar"] = first
        #expect(!requirements.isComplete(summaries))
        #expect(requirements.progress(summaries) == 0.5)
        var second = ContentSummary(accountID: 1, courseID: "dasar", moduleID: "lanjutan")
        second.markedDone = true
        second.apply(.markedDone, at: Date())
        summaries["lanjutan"] = second
        #expect(requirements.isComplete(summaries))
    }

    @Test func invalidCompletionRulesAreReportedWithTheirLine() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.write(
            "dasar/course.xml",
            "<course jp=\"1\"><title>T</title>\n<module id=\"a\" href=\"01-pengantar.md\" completion=\"time\"/>\n<module id=\"b\" href=\"02-lanjutan.md\" required=\"mungkin\"/></course>"
        )
        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar")
        #expect(result.problems.contains(Problem(file: "dasar/course.xml", line: 2, kind: .invalidCompletion("time"))))
        #expect(result.problems.contains(Problem(file: "dasar/course.xml", line: 3, kind: .invalidRequired("mungkin"))))
    }
}

@Suite struct RosterTests {
    @Test func goodRowsImportAndBadRowsAreReportedByLine() {
        let roster = Roster(
            csv: """
                nip;nama;unit;jabatan;status;email;peran
                198503152010011001;Budi Santoso;Pemkab Sleman > BKPSDM > Bidang Pengembangan;Analis SDM;PNS;budi@example.go.id;
                19850315;Siti;Pemkab Sleman > BKPSDM;;;;
                199001012022212002;"Rahmawati, S.Kom.";Pemkab Sleman > Diskominfo;Pranata Komputer;PPPK;;
                198503152010011001;Budi Lagi;Pemkab Sleman;;;;
                199202022015032001;Ani;;;;;
                199202022015032001;Ani;Pemkab Sleman;;Honorer;;

                199303032016041001;Operator;Pemkab Sleman > BKPSDM;;PNS;;operator
                """
        )
        #expect(roster.rows.map(\.line) == [2, 4, 9])
        #expect(roster.rows[1].name == "Rahmawati, S.Kom.")
        #expect(roster.rows[1].status == .pppk)
        #expect(roster.rows[0].unit.components == ["Pemkab Sleman", "BKPSDM", "Bidang Pengembangan"])
        #expect(roster.rows[2].role == .operator)
        #expect(roster.rejections.map(\.line) == [3, 5, 6, 7])
        #expect(roster.rejections[0].reason == .invalidNIP(.wrongLength(8)))
        #expect(roster.rejections[1].reason == .duplicateNIP)
        #expect(roster.rejections[3].message(in: .indonesian) == "baris 7: status \"Honorer\" harus PNS atau PPPK")
    }

    @Test func csvFieldsCannotRunAsFormulas() {
        let format = CSVFormat(byteOrderMark: false)
        #expect(format.row([.text(#"=HYPERLINK("http://x","a")"#)]) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\"\r\n")
        #expect(format.row([.text("@SUM(A1)")]) == "'@SUM(A1)\r\n")
        #expect(format.row([.text("\tx")]) == "\"'\tx\"\r\n")  // quoted too: a tab is a separator to some spreadsheets
        #expect(format.row([.number("-2.5")]) == "-2.5\r\n")  // a number stays a number
        #expect(format.row([.text("Budi, S.Kom.")]) == "\"Budi, S.Kom.\"\r\n")
    }

    @Test func operatorsManageOnlyLearnersOfTheirUnits() throws {
        func account(_ id: Int64, _ unit: String, _ role: Role) throws -> Account {
            Account(id: id, nip: try NIP(validating: "198503152010011001"), name: "x", unit: UnitPath(parsing: unit)!, position: "",
                    status: .pns, email: nil, role: role, passwordHash: "", mustChangePassword: false)
        }
        let office = try account(1, "Pemkab Sleman", .operator)
        #expect(office.canManage(try account(2, "Pemkab Sleman > BKPSDM", .learner)))
        #expect(!office.canManage(try account(3, "Pemkab Sleman", .admin)))
        #expect(!office.canManage(try account(4, "Pemkab Sleman > BKPSDM", .operator)))
        #expect(!office.canManage(try account(5, "Pemkab Bantul", .learner)))
        #expect(try account(6, "Pusat", .admin).canManage(try account(7, "Pemkab Bantul", .operator)))
    }

    @Test func missingColumnsAreReported() {
        let roster = Roster(csv: "nama,unit\nBudi,Sleman\n")
        #expect(roster.rows.isEmpty)
        #expect(roster.rejections == [Roster.Rejection(line: 1, reason: .missingColumn("nip"))])
    }

    @Test func unitSubtrees() throws {
        let office = try #require(UnitPath(parsing: "Pemkab Sleman > BKPSDM"))
        #expect(office.contains(try #require(UnitPath(parsing: "Pemkab Sleman > BKPSDM > Bidang Pengembangan"))))
        #expect(office.contains(office))
        #expect(!office.contains(try #require(UnitPath(parsing: "Pemkab Sleman > BKPSDM2"))))
        #expect(!office.contains(try #require(UnitPath(parsing: "Pemkab Sleman"))))
        // Units are compared byte for byte, as the database compares them; typed text is composed (NFC) first, so a
        // unit that looks the same is the same, and one stored otherwise is not taken for it.
        let composed = try #require(UnitPath(parsing: "Pemkab Sleman > Caf\u{E9}"))
        let typed = try #require(UnitPath(parsing: "Pemkab Sleman > Cafe\u{301}"))
        #expect(typed.components[1].unicodeScalars.count == 4 && typed == composed && composed.contains(typed))
        let stored = UnitPath(storageKey: "Pemkab Sleman\u{1F}Cafe\u{301}\u{1F}")
        #expect(!composed.contains(stored) && stored != composed && Set([stored, composed]).count == 2)
        #expect(try #require(UnitPath(parsing: "Pemkab Sleman >\u{338} Dinkes")).components.count == 2)
        #expect(UnitPath(storageKey: office.storageKey) == office)
    }
}

@Suite struct QRCodeTests {
    @Test func versionGrowsWithTheText() throws {
        // Byte mode at level M: version 1 holds 14 bytes, version 4 holds 62.
        #expect(try QRCode(text: String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(text: String(repeating: "a", count: 15)).version == 2)
        let url = try QRCode(text: "https://lentera.bkpsdm.slemankab.go.id/verifikasi/LTR-2026-ABCD-EFGH-JKLM")
        #expect(url.version == 5)
        #expect(url.size == 37)
        #expect(throws: QRCode.EncodingError.self) { _ = try QRCode(text: String(repeating: "a", count: 3000)) }
    }

    @Test func finderPatternsAndTimingAreInPlace() throws {
        let code = try QRCode(text: "https://example.go.id/verifikasi/LTR-2026-ABCD-EFGH-JKLM")
        for (x, y) in [(0, 0), (code.size - 1, 0), (0, code.size - 1)] {
            #expect(code.isDark(x: x, y: y))
        }
        #expect(code.isDark(x: 3, y: 3) && !code.isDark(x: 1, y: 1) && !code.isDark(x: 7, y: 7))
        for index in 8..<(code.size - 8) {
            #expect(code.isDark(x: index, y: 6) == (index % 2 == 0))
        }
        #expect(code.isDark(x: 8, y: code.size - 8))  // the dark module
        let svg = code.svg(title: "Periksa \"keaslian\"")
        #expect(svg.hasPrefix("<svg") && !svg.contains("<script") && svg.contains("&quot;keaslian&quot;"))
    }
}
