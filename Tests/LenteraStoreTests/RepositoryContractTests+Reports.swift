import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of the operator's reports summed in the database: unit totals, course totals and pages of the yearly
/// JP table, over the same learners as ``LedgerRepository/eachLedgerTotal(year:under:batch:_:)``.
extension RepositoryContractTests {
    static let gita = "199404042018012009"

    /// Who is in the reports of 2027 and 2026:
    ///
    /// | learner | unit | status | 2027 credits | 2026 credits | opened |
    /// |---|---|---|---|---|---|
    /// | Budi Santoso | BKPSDM | PNS | c1 10 JP, c2 15 JP | | c1 |
    /// | Citra Dewi | BKPSDM | PPPK | | | c1 |
    /// | Agus Salim (operator) | BKPSDM | PNS | | | c2 |
    /// | Hadi Wijaya | BKPSDM > Bidang A | PNS | c1 versions 1 and 2, 10 JP each | | |
    /// | Dewi Lestari | Diskominfo | PNS | c1 5 JP | c2 30 JP | c2 |
    /// | Fajar Nugroho (deactivated) | Diskominfo | PNS | | c1 20 JP | c1 |
    /// | Gita Permata (deactivated) | Diskominfo | PPPK | c2 25 JP | | |
    /// | Eko Budiman | Bantul | PNS | c1 20 JP | | c1 |
    static func reportFixture(_ store: any LenteraDatabase) async throws -> [String: Account] {
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let citra = try await Self.makeAccount(store, Self.citra, "Citra Dewi", status: .pppk)
        let agus = try await Self.makeAccount(store, Self.agus, "Agus Salim", role: .operator)
        let hadi = try await Self.makeAccount(store, Self.hadi, "Hadi Wijaya", unit: "Pemkab Sleman > BKPSDM > Bidang A")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        let fajar = try await Self.makeAccount(store, Self.fajar, "Fajar Nugroho", unit: Self.diskominfo)
        let gita = try await Self.makeAccount(store, Self.gita, "Gita Permata", unit: Self.diskominfo, status: .pppk)
        let eko = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)

        for (account, course) in [(budi, "c1"), (citra, "c1"), (agus, "c2"), (dewi, "c2"), (fajar, "c1"), (eko, "c1")] {
            _ = try await store.recordView(accountID: account.id, courseID: course, moduleID: "m1", rule: .viewed, at: Self.t0)
        }
        let lastYear = Date(timeIntervalSince1970: 1_770_000_000)
        let credits: [(Account, String, String, Int, Int)] = [
            (budi, "c1", "1", 2027, 1000), (budi, "c2", "1", 2027, 1500), (hadi, "c1", "1", 2027, 1000), (hadi, "c1", "2", 2027, 1000),
            (dewi, "c1", "1", 2027, 500), (dewi, "c2", "1", 2026, 3000), (fajar, "c1", "1", 2026, 2000), (gita, "c2", "1", 2027, 2500),
            (eko, "c1", "1", 2027, 2000),
        ]
        for (number, (account, course, version, year, hundredths)) in credits.enumerated() {
            let date = year == 2027 ? Self.t0 : lastYear
            _ = try await store.credit(
                LedgerEntry(
                    accountID: account.id, courseID: course, courseTitle: "Kursus \(course)", courseVersion: version, year: year,
                    jp: JP(hundredths: hundredths), startedAt: date - 3600, completedAt: date, score: 100,
                    certificateNumber: "LTR-\(year)-LAPR-TEST-00\(number)"
                )
            )
        }
        // Both left the service: Fajar has no credit in 2027, Gita has one.
        for account in [fajar, gita] {
            let (gone, _) = try AccountRules.apply(
                AccountChange(deactivation: .some(Deactivation(reason: .left, date: Self.t0 + 60))), to: account, by: nil
            )
            try await store.updateAccount(gone, audit: [])
        }
        return ["budi": budi, "citra": citra, "agus": agus, "hadi": hadi, "dewi": dewi, "fajar": fajar, "gita": gita, "eko": eko]
    }

    // MARK: Unit totals

    @Test(arguments: StoreKind.allCases)
    func unitTotalsSumTheReportedLearnersByUnitAndStatus(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        _ = try await Self.reportFixture(store)

        /// Each total as `unit status accounts meeting-target JP-in-hundredths`.
        func totals(_ year: Int, _ unit: String?, target: Int = 2000) async throws -> [String] {
            try await store.unitTotals(year: year, under: unit.map(Self.unit), target: JP(hundredths: target)).map {
                "\($0.unit) \($0.status.rawValue) \($0.accounts) \($0.meetingTarget) \($0.jp.hundredths)"
            }
        }

        // The operator is not a learner; Fajar left without credit in 2027; Gita left but was credited in it.
        #expect(
            try await totals(2027, nil) == [
                "Pemkab Bantul PNS 1 1 2000",
                "Pemkab Sleman > BKPSDM PNS 1 1 2500",
                "Pemkab Sleman > BKPSDM PPPK 1 0 0",
                "Pemkab Sleman > BKPSDM > Bidang A PNS 1 1 2000",
                "Pemkab Sleman > Diskominfo PNS 1 0 500",
                "Pemkab Sleman > Diskominfo PPPK 1 1 2500",
            ]
        )
        #expect(
            try await totals(2027, Self.bkpsdm) == [
                "Pemkab Sleman > BKPSDM PNS 1 1 2500", "Pemkab Sleman > BKPSDM PPPK 1 0 0", "Pemkab Sleman > BKPSDM > Bidang A PNS 1 1 2000",
            ]
        )
        // The target is the caller's: at 25 JP, Hadi's 20 no longer meet it.
        #expect(
            try await totals(2027, Self.sleman, target: 2500) == [
                "Pemkab Sleman > BKPSDM PNS 1 1 2500",
                "Pemkab Sleman > BKPSDM PPPK 1 0 0",
                "Pemkab Sleman > BKPSDM > Bidang A PNS 1 0 2000",
                "Pemkab Sleman > Diskominfo PNS 1 0 500",
                "Pemkab Sleman > Diskominfo PPPK 1 1 2500",
            ]
        )
        // In 2026 Fajar was credited, so he counts; Gita was not, so she does not.
        #expect(
            try await totals(2026, Self.sleman) == [
                "Pemkab Sleman > BKPSDM PNS 1 0 0",
                "Pemkab Sleman > BKPSDM PPPK 1 0 0",
                "Pemkab Sleman > BKPSDM > Bidang A PNS 1 0 0",
                "Pemkab Sleman > Diskominfo PNS 2 2 5000",
            ]
        )
        #expect(try await totals(2027, "Pemkab Gunungkidul").isEmpty)

        // Folded into units, they give the rows the learners' own ledger rows give.
        for unit in [nil, Self.unit(Self.sleman), Self.unit(Self.bkpsdm)] {
            var byRow = Reports.Compliance(below: unit)
            try await store.eachLedgerTotal(year: 2027, under: unit, batch: 3) { rows in rows.forEach { byRow.add($0) } }
            var byTotal = Reports.Compliance(below: unit)
            try await store.unitTotals(year: 2027, under: unit, target: JPLedger.target).forEach { byTotal.add($0) }
            #expect(byTotal.rows == byRow.rows)
        }
        var sleman = Reports.Compliance(below: Self.unit(Self.sleman))
        try await store.unitTotals(year: 2027, under: Self.unit(Self.sleman), target: JPLedger.target).forEach { sleman.add($0) }
        #expect(
            sleman.rows.map { "\($0.unit) \($0.hasChildren) \($0.pns) \($0.pnsMeetingTarget) \($0.pppk) \($0.totalJP.hundredths)" } == [
                "Pemkab Sleman > BKPSDM true 2 2 1 4500", "Pemkab Sleman > Diskominfo false 1 0 1 3000",
            ]
        )
    }

    // MARK: Course totals

    @Test(arguments: StoreKind.allCases)
    func courseTotalsCountStartersAndCompletersOnceEach(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        _ = try await Self.reportFixture(store)

        func totals(_ year: Int, _ unit: String?) async throws -> [String: Reports.CourseTotal] {
            try await store.courseTotals(year: year, under: unit.map(Self.unit))
        }

        // c1 in 2027: credited Budi, Hadi (twice, counted once), Dewi and Eko; started also Citra, who did not complete.
        // Fajar opened it but left without credit; the operator's visit to c2 is no learner's.
        #expect(
            try await totals(2027, nil) == [
                "c1": Reports.CourseTotal(started: 5, completed: 4), "c2": Reports.CourseTotal(started: 3, completed: 2),
            ]
        )
        #expect(
            try await totals(2027, Self.sleman) == [
                "c1": Reports.CourseTotal(started: 4, completed: 3), "c2": Reports.CourseTotal(started: 3, completed: 2),
            ]
        )
        #expect(
            try await totals(2027, Self.bkpsdm) == [
                "c1": Reports.CourseTotal(started: 3, completed: 2), "c2": Reports.CourseTotal(started: 1, completed: 1),
            ]
        )
        #expect(try await totals(2027, Self.bantul) == ["c1": Reports.CourseTotal(started: 1, completed: 1)])
        // In 2026 Fajar is reported (credited then), so his visit counts.
        #expect(
            try await totals(2026, nil) == [
                "c1": Reports.CourseTotal(started: 4, completed: 1), "c2": Reports.CourseTotal(started: 1, completed: 1),
            ]
        )
        #expect(try await totals(2027, "Pemkab Gunungkidul").isEmpty)
    }

    // MARK: The report snapshot

    @Test(arguments: StoreKind.allCases)
    func theReportSnapshotHoldsTheLiveTotalsOfEverySubtreeAsSummed(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learners = try await Self.reportFixture(store)
        let target = JP(hundredths: 2000)
        #expect(try await store.reportSnapshot(year: 2027, under: nil, target: target) == nil)

        let summed = Self.t0 + 600
        for year in [2026, 2027] { try await store.buildReportSnapshot(year: year, target: target, at: summed) }
        for year in [2026, 2027] {
            for unit in [nil, Self.sleman, Self.bkpsdm, "Pemkab Sleman > BKPSDM > Bidang A", Self.diskominfo, Self.bantul, "Pemkab Gunungkidul"] {
                let snapshot = try #require(try await store.reportSnapshot(year: year, under: unit.map(Self.unit), target: target))
                #expect(snapshot.builtAt == summed)
                #expect(snapshot.units == (try await store.unitTotals(year: year, under: unit.map(Self.unit), target: target)), "\(year) \(unit ?? "all")")
                #expect(snapshot.courses == (try await store.courseTotals(year: year, under: unit.map(Self.unit))), "\(year) \(unit ?? "all")")
            }
        }
        // A snapshot summed against another target is not this one's; a year never summed has none.
        #expect(try await store.reportSnapshot(year: 2027, under: nil, target: JP(hundredths: 2500)) == nil)
        #expect(try await store.reportSnapshot(year: 2025, under: nil, target: target) == nil)
        let before = try #require(try await store.reportSnapshot(year: 2027, under: Self.unit(Self.bantul), target: target))
        #expect(before.accounts(.pns) == 1 && before.accounts(.pppk) == 0 && before.learners == 1)

        // A credit after the sum reaches the snapshot when it is summed again, replacing the one before.
        _ = try await store.credit(
            LedgerEntry(
                accountID: try #require(learners["eko"]).id, courseID: "c2", courseTitle: "Kursus c2", courseVersion: "1", year: 2027,
                jp: JP(hundredths: 700), startedAt: Self.t0, completedAt: Self.t0 + 60, score: 100, certificateNumber: "LTR-2027-LAPR-TEST-0100"
            )
        )
        #expect(try await store.reportSnapshot(year: 2027, under: Self.unit(Self.bantul), target: target) == before)
        try await store.buildReportSnapshot(year: 2027, target: target, at: summed + 600)
        let after = try #require(try await store.reportSnapshot(year: 2027, under: Self.unit(Self.bantul), target: target))
        #expect(after.builtAt == summed + 600)
        #expect(after.units.map { $0.jp } == [JP(hundredths: 2700)])
        #expect(after.courses["c2"] == Reports.CourseTotal(started: 1, completed: 1))
        #expect(after.units == (try await store.unitTotals(year: 2027, under: Self.unit(Self.bantul), target: target)))
    }

    // MARK: Pages of the JP table

    @Test(arguments: StoreKind.allCases)
    func ledgerPagesHoldTheYearlyRowsOfOneStatusSearchedAndCounted(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let accounts = try await Self.reportFixture(store)

        /// A page as `name JP-in-hundredths courses meets-target` rows, and how many match in all.
        func page(
            _ year: Int = 2027, _ unit: String? = nil, _ status: EmployeeStatus = .pns, _ search: String = "", offset: Int = 0, limit: Int = 10
        ) async throws -> [String] {
            let found = try await store.ledgerPage(
                year: year, under: unit.map(Self.unit), status: status, search: search, offset: offset, limit: limit, target: JPLedger.target
            )
            return found.rows.map { "\($0.account.name) \($0.jp.hundredths) \($0.courses) \($0.meetsTarget)" } + ["/ \(found.total)"]
        }

        // In eachLedgerTotal's order (unit, then name), one status at a time.
        #expect(
            try await page() == ["Eko Budiman 2000 1 true", "Budi Santoso 2500 2 true", "Hadi Wijaya 2000 2 true", "Dewi Lestari 500 1 false", "/ 4"]
        )
        #expect(try await page(2027, nil, .pppk) == ["Citra Dewi 0 0 false", "Gita Permata 2500 1 true", "/ 2"])
        // Pages.
        #expect(try await page(offset: 1, limit: 2) == ["Budi Santoso 2500 2 true", "Hadi Wijaya 2000 2 true", "/ 4"])
        #expect(try await page(offset: 3, limit: 2) == ["Dewi Lestari 500 1 false", "/ 4"])
        #expect(try await page(offset: 4, limit: 2) == ["/ 4"])
        // A subtree; a deactivated learner only in a year he was credited.
        #expect(try await page(2027, Self.sleman) == ["Budi Santoso 2500 2 true", "Hadi Wijaya 2000 2 true", "Dewi Lestari 500 1 false", "/ 3"])
        #expect(try await page(2027, Self.diskominfo) == ["Dewi Lestari 500 1 false", "/ 1"])
        #expect(try await page(2026, Self.diskominfo) == ["Dewi Lestari 3000 1 true", "Fajar Nugroho 2000 1 true", "/ 2"])
        #expect(try await page(2026, Self.diskominfo, .pppk) == ["/ 0"])
        #expect(try await page(2027, "Pemkab Gunungkidul") == ["/ 0"])
        // The start of a NIP, also spaced as printed on cards.
        #expect(try await page(2027, nil, .pns, "1985") == ["Budi Santoso 2500 2 true", "/ 1"])
        #expect(try await page(2027, nil, .pns, "199") == ["Eko Budiman 2000 1 true", "Hadi Wijaya 2000 2 true", "Dewi Lestari 500 1 false", "/ 3"])
        #expect(try await page(2027, nil, .pns, "19930303 2017") == ["Hadi Wijaya 2000 2 true", "/ 1"])
        #expect(try await page(2027, nil, .pns, "199", offset: 1, limit: 1) == ["Hadi Wijaya 2000 2 true", "/ 3"])
        #expect(try await page(2027, nil, .pns, "0303") == ["/ 0"])
        // Part of a name, in any case; the operator is never a row.
        #expect(try await page(2027, nil, .pns, "budi") == ["Eko Budiman 2000 1 true", "Budi Santoso 2500 2 true", "/ 2"])
        #expect(try await page(2027, nil, .pns, "BUDI") == ["Eko Budiman 2000 1 true", "Budi Santoso 2500 2 true", "/ 2"])
        #expect(try await page(2027, nil, .pppk, "dewi") == ["Citra Dewi 0 0 false", "/ 1"])
        #expect(try await page(2027, Self.bkpsdm, .pns, "a") == ["Budi Santoso 2500 2 true", "Hadi Wijaya 2000 2 true", "/ 2"])
        #expect(try await page(2027, nil, .pns, "Salim") == ["/ 0"])
        // A wildcard typed in the search is a character, not a pattern.
        #expect(try await page(2027, nil, .pns, "%") == ["/ 0"])
        #expect(try await page(2027, nil, .pns, "_") == ["/ 0"])

        // Each row carries the account as stored, and the rows are eachLedgerTotal's.
        let stored = try #require(accounts["budi"])
        let budi = try await store.ledgerPage(year: 2027, under: nil, status: .pns, search: "1985", offset: 0, limit: 10, target: JPLedger.target)
        #expect(budi.rows.map(\.account) == [stored])
        for year in [2026, 2027] {
            var streamed: [Reports.LedgerRow] = []
            try await store.eachLedgerTotal(year: year, under: nil, batch: 2) { rows in streamed += rows }
            for status in EmployeeStatus.allCases {
                let paged = try await store.ledgerPage(
                    year: year, under: nil, status: status, search: "", offset: 0, limit: 100, target: JPLedger.target
                )
                #expect(paged.rows == streamed.filter { $0.account.status == status })
                #expect(paged.total == paged.rows.count)
            }
        }
    }
}
