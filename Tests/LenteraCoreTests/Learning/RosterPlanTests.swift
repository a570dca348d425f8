import Foundation
import Testing

@testable import LenteraCore

/// What a roster import would do, worked out before anything is written (issue 10).
@Suite struct RosterPlanTests {
    func account(_ id: Int64, _ nip: String, _ unit: String, _ role: Role = .learner, position: String = "") throws -> Account {
        Account(id: id, nip: try NIP(validating: nip), name: "Pegawai \(id)", unit: try #require(UnitPath(parsing: unit)), position: position,
                status: .pns, email: nil, role: role, passwordHash: "", mustChangePassword: false)
    }

    @Test func addsChangesKeepsAndRefusesWithTheRealReason() throws {
        let office = try account(1, "197001012000031001", "Pemkab Sleman", .operator)
        let kept = try account(2, "198503152010011001", "Pemkab Sleman > Dinkes", position: "Perawat")
        let moved = try account(3, "198503152010011002", "Pemkab Sleman > Dinkes")
        let staff = try account(4, "198503152010011003", "Pemkab Sleman > Dinkes", .operator)
        let foreign = try account(5, "198503152010011004", "Pemkab Bantul")
        let roster = Roster(csv: """
            nip;nama;unit;jabatan
            ="198503152010011001";Pegawai 2;Pemkab Sleman > Dinkes;Perawat
            198503152010011002;Pegawai 3;Pemkab Sleman > BKPSDM;
            198503152010011003;Sari;Pemkab Sleman > Dinkes;
            198503152010011004;Wati;Pemkab Sleman > Dinkes;
            199001012015032002;Ani Baru;Pemkab Sleman > Dinkes;Bidan
            199001012015032003;Luar;Pemkab Bantul;
            """)
        let existing = Dictionary(uniqueKeysWithValues: [kept, moved, staff, foreign].map { ($0.nip, $0) })
        let plan = RosterPlan.make(roster, existing: existing, actor: office, deactivateMissing: false, inScope: [], at: Date())
        #expect(plan.unchanged == 1)
        #expect(plan.changes.map(\.line) == [3] && plan.changes[0].changes.map(\.field) == ["unit"])
        #expect(plan.additions.map(\.account.name) == ["Ani Baru"] && plan.additions[0].account.mustChangePassword)
        #expect(plan.refusals.map(\.line) == [4, 5, 7])
        #expect(plan.refusals[0].reasonText(in: .indonesian).hasPrefix("NIP ini terdaftar sebagai operator"))
        #expect(plan.refusals[1].reasonText(in: .indonesian).hasPrefix("NIP ini terdaftar di unit lain"))
        #expect(plan.refusals[2].reasonText(in: .indonesian) == "unit kerja Pemkab Bantul di luar wilayah Anda")
    }

    @Test func aColumnLeftOutKeepsItsFieldAndACompleteRosterDeactivatesTheRest() throws {
        let admin = try account(1, "197001012000031001", "Pusat", .admin)
        let listed = try account(2, "198503152010011001", "Pemkab Sleman > Dinkes", position: "Perawat")
        let missing = try account(3, "198503152010011002", "Pemkab Sleman > Disdik")
        let elsewhere = try account(4, "198503152010011003", "Pemkab Bantul > Dinas")
        let roster = Roster(csv: "nip,nama,unit\n198503152010011001,Pegawai 2,Pemkab Sleman > Dinkes\n")
        #expect(RosterPlan.completeScope(of: roster, actor: admin).map(\.description) == ["Pemkab Sleman"])
        let plan = RosterPlan.make(roster, existing: [listed.nip: listed], actor: admin, deactivateMissing: true,
                                   inScope: [listed, missing], at: Date())
        // No jabatan column: the position stays "Perawat", so nothing changes for the listed learner.
        #expect(plan.unchanged == 1 && plan.changes.isEmpty)
        #expect(plan.deactivations.map(\.account.nip) == [missing.nip] && plan.deactivations[0].account.deactivation?.reason == .left)
        #expect(!plan.deactivations.contains { $0.account.nip == elsewhere.nip })
        let without = RosterPlan.make(roster, existing: [listed.nip: listed], actor: admin, deactivateMissing: false, inScope: [listed, missing], at: Date())
        #expect(without.deactivations.isEmpty)
    }

    @Test func aSupervisorIsReadFromNipAtasanKeptWhenTheColumnIsLeftOutAndNeverOneself() throws {
        let office = try account(1, "197001012000031001", "Pemkab Sleman", .operator)
        var staff = try account(2, "198503152010011001", "Pemkab Sleman > Dinkes")
        staff.supervisorNIP = try NIP(validating: "197501012000031005")
        let roster = Roster(csv: """
            nip,nama,unit,nip_atasan
            198503152010011001,Pegawai 2,Pemkab Sleman > Dinkes,="197601012000031006"
            199001012015032002,Ani Baru,Pemkab Sleman > Dinkes,197501012000031005
            199001012015032003,Sendiri,Pemkab Sleman > Dinkes,199001012015032003
            199001012015032004,Salah,Pemkab Sleman > Dinkes,1975
            199001012015032005,Tanpa Atasan,Pemkab Sleman > Dinkes,
            """)
        #expect(roster.rejections.map(\.line) == [4, 5])
        #expect(roster.rejections[0].reasonText(in: .indonesian) == "nip_atasan sama dengan NIP pegawai itu sendiri")
        #expect(roster.rejections[1].reasonText(in: .english).hasPrefix("nip_atasan: "))
        let plan = RosterPlan.make(roster, existing: [staff.nip: staff], actor: office, deactivateMissing: false, inScope: [], at: Date())
        #expect(plan.changes.map { $0.changes.map(\.description) } == [["atasan: 197501012000031005 → 197601012000031006"]])
        #expect(plan.changes.first?.account.supervisorNIP?.digits == "197601012000031006")
        #expect(plan.additions.map { $0.account.supervisorNIP?.digits } == ["197501012000031005", nil])
        // Without the column the supervisor stays; with an empty cell it is removed.
        let without = RosterPlan.make(Roster(csv: "nip,nama,unit\n198503152010011001,Pegawai 2,Pemkab Sleman > Dinkes\n"), existing: [staff.nip: staff],
                                      actor: office, deactivateMissing: false, inScope: [], at: Date())
        #expect(without.unchanged == 1 && without.changes.isEmpty)
        let emptied = RosterPlan.make(Roster(csv: "nip,nama,unit,atasan\n198503152010011001,Pegawai 2,Pemkab Sleman > Dinkes,\n"),
                                      existing: [staff.nip: staff], actor: office, deactivateMissing: false, inScope: [], at: Date())
        #expect(emptied.changes.first?.account.supervisorNIP == nil && emptied.changes.first?.changes.map(\.field) == ["atasan"])
    }

    @Test func supervisionHoldsWithinOneInstansiAndATransferEndsIt() throws {
        let supervisor = try account(1, "197501012000031005", "Pemkab Sleman > Dinkes")
        var staff = try account(2, "198503152010011001", "Pemkab Sleman > Dinkes > Puskesmas")
        staff.supervisorNIP = supervisor.nip
        #expect(supervisor.supervises(staff) && !staff.supervises(staff) && !staff.supervises(supervisor))
        // The same NIP in another instansi, a staff account named, anyone inactive: nobody's supervisor.
        var elsewhere = supervisor
        elsewhere.unit = try #require(UnitPath(parsing: "Pemkab Bantul > Dinkes"))
        var operatorStaff = staff
        operatorStaff.role = .operator
        var left = supervisor
        left.deactivation = Deactivation(reason: .left, date: Date())
        #expect(!elsewhere.supervises(staff) && !supervisor.supervises(operatorStaff) && !left.supervises(staff))
        // A transfer without a supervisor named ends the old one (in the audit); naming one with it keeps that one.
        let moved = try AccountRules.apply(AccountChange(unit: UnitPath(parsing: "Pemkab Sleman > Disdik")), to: staff, by: nil)
        #expect(moved.0.supervisorNIP == nil && moved.1.map(\.field) == ["unit", "atasan"])
        let named = try AccountRules.apply(
            AccountChange(unit: UnitPath(parsing: "Pemkab Sleman > Disdik"), supervisor: .some(try NIP(validating: "197601012000031006"))), to: staff,
            by: nil
        )
        #expect(named.0.supervisorNIP?.digits == "197601012000031006")
        #expect(throws: AccountRules.Refusal.ownSupervisor) { try AccountRules.apply(AccountChange(supervisor: .some(staff.nip)), to: staff, by: nil) }
    }

    /// A roster is read as a spreadsheet writes it, one Unicode scalar at a time: a name that Excel quoted cannot end
    /// its quotes early and add columns (a unit, a role) however it mixes marks and joiners with quotes and separators.
    @Test func aNameCannotAddColumnsAndAPastedRosterKeepsItsSeparator() throws {
        // Names as an employee might set them in an HR system, and the field as Excel writes it (quotes doubled).
        for name in ["Budi\u{0600}\",Pusat,x,admin,", "Budi\"\u{0338},Pusat,x,admin,"] {
            let quoted = "\"" + name.unicodeScalars.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
            let roster = Roster(csv: "nip,nama,unit,jabatan,peran\r\n198503152010011001,\(quoted),Pemkab Sleman > Dinkes,Perawat,\r\n"
                + "198503152010011002,Sari,Pemkab Sleman > Dinkes,Bidan,\r\n")
            #expect(roster.rejections.isEmpty)
            #expect(roster.rows.map(\.line) == [2, 3])
            let budi = try #require(roster.rows.first)
            #expect(Array(budi.name.unicodeScalars) == Array(name.unicodeScalars))
            #expect(budi.unit.description == "Pemkab Sleman > Dinkes" && budi.role == .learner && budi.position == "Perawat")
        }
        // A Greek question mark (U+037E, which Swift's characters take for ";") is text, not a separator.
        let greek = Roster(csv: "nip;nama;unit;peran\n198503152010011003;Wati\u{037E}Pusat\u{037E}admin;Pemkab Sleman;\n")
        #expect(greek.rows.count == 1 && greek.rows.first?.role == .learner && greek.rows.first?.unit.description == "Pemkab Sleman")
        // Pasted into the form, a roster comes with "\r\n" line breaks: its separator is still read from the header alone,
        // however many commas the names below it hold (more here than the file has semicolons).
        let pasted = Roster(csv: "nip;nama;unit\r\n198503152010011004;Dr. Siti, S.E., M.M., M.Si.;Pemkab Sleman > Dinkes\r\n"
            + "198503152010011005;Ir. Joko, S.T., M.T., M.Eng.;Pemkab Sleman > Dinkes\r\n")
        #expect(pasted.rejections.isEmpty && pasted.rows.map(\.name) == ["Dr. Siti, S.E., M.M., M.Si.", "Ir. Joko, S.T., M.T., M.Eng."])
    }
}
