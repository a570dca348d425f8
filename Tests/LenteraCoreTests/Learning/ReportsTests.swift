import Foundation
import Testing

@testable import LenteraCore

@Suite struct ReportsTests {
    static func row(_ id: Int64, _ unit: String, _ status: EmployeeStatus, _ hundredths: Int) throws -> Reports.LedgerRow {
        let account = Account(
            id: id, nip: try NIP(validating: "198503152010011001"), name: "Pegawai \(id)", unit: UnitPath(parsing: unit)!, position: "",
            status: status, email: nil, role: .learner, passwordHash: "x", mustChangePassword: false
        )
        let jp = JP(hundredths: hundredths)
        return Reports.LedgerRow(account: account, jp: jp, courses: hundredths > 0 ? 1 : 0, meetsTarget: JPLedger.meetsTarget(jp))
    }

    @Test func unitTotalsFoldIntoTheSameRowsAsTheirLearnersOneByOne() throws {
        let rows = [
            try Self.row(1, "Pemkab Sleman > BKPSDM", .pns, 2000), try Self.row(2, "Pemkab Sleman > BKPSDM", .pns, 500),
            try Self.row(3, "Pemkab Sleman > BKPSDM", .pppk, 2500), try Self.row(4, "Pemkab Sleman > BKPSDM > Bidang A", .pns, 3000),
            try Self.row(5, "Pemkab Sleman > Diskominfo", .pppk, 0), try Self.row(6, "Pemkab Sleman", .pns, 2100),
            try Self.row(7, "Pemkab Bantul", .pns, 2000),
        ]
        // The same learners as the database sums them: by full unit and status.
        let totals = [
            Reports.UnitTotal(unit: UnitPath(["Pemkab Bantul"]), status: .pns, accounts: 1, meetingTarget: 1, jp: JP(hundredths: 2000)),
            Reports.UnitTotal(unit: UnitPath(["Pemkab Sleman"]), status: .pns, accounts: 1, meetingTarget: 1, jp: JP(hundredths: 2100)),
            Reports.UnitTotal(unit: UnitPath(["Pemkab Sleman", "BKPSDM"]), status: .pns, accounts: 2, meetingTarget: 1, jp: JP(hundredths: 2500)),
            Reports.UnitTotal(unit: UnitPath(["Pemkab Sleman", "BKPSDM"]), status: .pppk, accounts: 1, meetingTarget: 1, jp: JP(hundredths: 2500)),
            Reports.UnitTotal(
                unit: UnitPath(["Pemkab Sleman", "BKPSDM", "Bidang A"]), status: .pns, accounts: 1, meetingTarget: 1, jp: JP(hundredths: 3000)
            ),
            Reports.UnitTotal(unit: UnitPath(["Pemkab Sleman", "Diskominfo"]), status: .pppk, accounts: 1, meetingTarget: 0, jp: JP(hundredths: 0)),
        ]
        for parent in [nil, UnitPath(["Pemkab Sleman"]), UnitPath(["Pemkab Sleman", "BKPSDM"])] {
            var byRow = Reports.Compliance(below: parent)
            rows.forEach { byRow.add($0) }
            var byTotal = Reports.Compliance(below: parent)
            totals.forEach { byTotal.add($0) }
            #expect(byTotal.rows == byRow.rows, "below \(parent?.description ?? "everything")")
        }

        var sleman = Reports.Compliance(below: UnitPath(["Pemkab Sleman"]))
        totals.forEach { sleman.add($0) }
        // PPPK are counted without the target; PNS meeting it are counted for PNS only.
        let bkpsdm = try #require(sleman.rows.first { $0.unit == UnitPath(["Pemkab Sleman", "BKPSDM"]) })
        #expect(bkpsdm.pns == 3 && bkpsdm.pnsMeetingTarget == 2 && bkpsdm.pppk == 1 && bkpsdm.totalJP == JP(hundredths: 8000) && bkpsdm.hasChildren)
        #expect(sleman.rows.map(\.unit.description) == ["Pemkab Sleman", "Pemkab Sleman > BKPSDM", "Pemkab Sleman > Diskominfo"])
    }

    @Test func everyCourseServedHasARowAndOneNobodyStartedCountsNothing() {
        let courses = [(id: "dasar", title: "Kursus Dasar", jp: JP(hundredths: 200)), (id: "lanjut", title: "Kursus Lanjut", jp: JP(hundredths: 400))]
        let totals = ["dasar": Reports.CourseTotal(started: 3, completed: 1), "lama": Reports.CourseTotal(started: 9, completed: 9)]
        let rows = Reports.completion(courses: courses, totals: totals)
        #expect(rows.map { "\($0.courseID) \($0.title) \($0.jp.hundredths) \($0.started) \($0.completed)" } == [
            "dasar Kursus Dasar 200 3 1", "lanjut Kursus Lanjut 400 0 0",
        ])
    }
}
