import Foundation
import Testing

@testable import LenteraCore

/// Who may change which account how (issue 10): one rule for the web pages and the command line.
@Suite struct AccountRulesTests {
    func account(_ id: Int64, _ unit: String, _ role: Role, nip: String = "198503152010011001") throws -> Account {
        Account(id: id, nip: try NIP(validating: nip), name: "Pegawai \(id)", unit: try #require(UnitPath(parsing: unit)), position: "",
                status: .pns, email: nil, role: role, passwordHash: "", mustChangePassword: false)
    }

    @Test func anOperatorTransfersALearnerWithinTheirSubtreeAndTheChangesAreListed() throws {
        let office = try account(1, "Pemkab Sleman", .operator)
        let learner = try account(2, "Pemkab Sleman > Dinkes", .learner)
        let change = AccountChange(name: "  Budi Santoso ", unit: UnitPath(parsing: "Pemkab Sleman > BKPSDM"), position: "Analis", email: "budi@sleman.go.id")
        let (updated, changes) = try AccountRules.apply(change, to: learner, by: office)
        #expect(updated.name == "Budi Santoso" && updated.unit.description == "Pemkab Sleman > BKPSDM" && updated.id == learner.id)
        #expect(changes.map(\.field) == ["nama", "unit", "jabatan", "email"])
        #expect(changes[1].description == "unit: Pemkab Sleman > Dinkes → Pemkab Sleman > BKPSDM")
        let events = AuditEvent.changes(changes, of: updated, by: office.nip.digits, at: Date(), address: "203.0.113.7")
        #expect(events.map(\.action) == [.transferred, .accountChanged])
        #expect(events[1].detail == "nama: Pegawai 2 → Budi Santoso; jabatan: — → Analis; email: — → budi@sleman.go.id")
    }

    @Test func whatAnOperatorMayNotDo() throws {
        let office = try account(1, "Pemkab Sleman", .operator)
        let learner = try account(2, "Pemkab Sleman > Dinkes", .learner)
        #expect(throws: AccountRules.Refusal.unitOutsideScope(UnitPath(parsing: "Pemkab Bantul")!)) {
            try AccountRules.apply(AccountChange(unit: UnitPath(parsing: "Pemkab Bantul")), to: learner, by: office)
        }
        #expect(throws: AccountRules.Refusal.roleNeedsAdmin) { try AccountRules.apply(AccountChange(role: .operator), to: learner, by: office) }
        #expect(throws: AccountRules.Refusal.notManaged) {
            try AccountRules.apply(AccountChange(name: "x"), to: try account(3, "Pemkab Sleman > Dinkes", .operator), by: office)
        }
        #expect(throws: AccountRules.Refusal.notManaged) {
            try AccountRules.apply(AccountChange(name: "x"), to: try account(4, "Pemkab Bantul", .learner), by: office)
        }
        // Keeping the role as it is, is not a role change.
        #expect((try? AccountRules.apply(AccountChange(role: .learner), to: learner, by: office))?.1.isEmpty == true)
    }

    @Test func nobodyChangesTheirOwnRoleOrDeactivatesThemselves() throws {
        let admin = try account(1, "Pusat", .admin)
        #expect(throws: AccountRules.Refusal.ownAccount) { try AccountRules.apply(AccountChange(role: .learner), to: admin, by: admin) }
        #expect(throws: AccountRules.Refusal.ownAccount) {
            try AccountRules.apply(AccountChange(deactivation: .some(Deactivation(reason: .retired, date: Date()))), to: admin, by: admin)
        }
        // The server's command line may.
        let (demoted, _) = try AccountRules.apply(AccountChange(role: .learner), to: admin, by: nil)
        #expect(demoted.role == .learner)
    }

    @Test func deactivationKeepsTheRecordAndIsUndone() throws {
        let admin = try account(1, "Pusat", .admin)
        let learner = try account(2, "Pemkab Sleman", .learner)
        let day = Date(timeIntervalSince1970: 1_796_000_000)
        let (retired, changes) = try AccountRules.apply(AccountChange(deactivation: .some(Deactivation(reason: .retired, date: day))), to: learner, by: admin)
        #expect(!retired.isActive && retired.deactivation == Deactivation(reason: .retired, date: day) && retired.nip == learner.nip)
        #expect(AuditEvent.changes(changes, of: retired, by: "cli", at: day, address: nil).map(\.action) == [.deactivated])
        let (back, again) = try AccountRules.apply(AccountChange(deactivation: .some(nil)), to: retired, by: admin)
        #expect(back.isActive && AuditEvent.changes(again, of: back, by: "cli", at: day, address: nil).map(\.action) == [.reactivated])
    }

    @Test func badValuesAreRefusedByName() throws {
        let admin = try account(1, "Pusat", .admin)
        let learner = try account(2, "Pemkab Sleman", .learner)
        #expect(throws: AccountRules.Refusal.emptyName) { try AccountRules.apply(AccountChange(name: "   "), to: learner, by: admin) }
        for bad in ["budi", "budi@", "@sleman.go.id", "budi sleman@go.id", "budi@go", "a@b.c,d@e.f"] {
            #expect(throws: AccountRules.Refusal.invalidEmail(bad), "\(bad)") { try AccountRules.apply(AccountChange(email: bad), to: learner, by: admin) }
        }
        let (cleared, _) = try AccountRules.apply(AccountChange(email: ""), to: Account(
            id: 3, nip: learner.nip, name: "x", unit: learner.unit, position: "", status: .pns, email: "a@b.id", role: .learner, passwordHash: "",
            mustChangePassword: false), by: admin)
        #expect(cleared.email == nil)
    }

    /// A roster import's audit entries come from the changes it planned, never from their text; a row planned by an
    /// earlier version (its text only) is one entry, a deactivation when the row was one.
    @Test func rosterAuditEntriesComeFromThePlannedChanges() throws {
        let unit = try #require(UnitPath(parsing: "Pemkab Sleman > Dinkes"))
        let changes = [AccountRules.FieldChange(field: "nama", old: "Budi", new: "Budi; aktif: ya → tidak"),
                       AccountRules.FieldChange(field: "unit", old: "Pemkab Sleman", new: "Pemkab Sleman > Dinkes")]
        let events = AuditEvent.rosterChange(changes, detail: "", deactivation: false, subject: "198503152010011001", unit: unit, importID: 7,
                                             by: "admin", at: Date())
        #expect(events.map(\.action) == [.transferred, .accountChanged])
        #expect(events.last?.detail == "nama: Budi → Budi; aktif: ya → tidak (impor #7)")
        let legacy = { (deactivation: Bool) in
            AuditEvent.rosterChange(nil, detail: "aktif: ya → tidak", deactivation: deactivation, subject: "198503152010011001", unit: unit,
                                    importID: 7, by: "admin", at: Date()).map(\.action)
        }
        #expect(legacy(true) == [.deactivated] && legacy(false) == [.accountChanged])
    }

    @Test func csvForSpreadsheetsKeepsNIPsAsTextAndRunsNoFormula() {
        let format = CSVFormat(separator: ";")
        #expect(format.header(["nip", "nama"]) == "\u{FEFF}nip;nama\r\n")
        #expect(format.row([.nip("198503152010011001"), .text("=HYPERLINK(\"x\")"), .text("Siti; S.Pd"), .number("-2.5")])
            == "=\"198503152010011001\";\"'=HYPERLINK(\"\"x\"\")\";\"Siti; S.Pd\";-2.5\r\n")
        #expect(CSVFormat().row([.text("@SUM(A1)"), .text("+62 812"), .nip("cli")]) == "'@SUM(A1),'+62 812,cli\r\n")
        // A text area's line break is "\r\n", one Swift character; a quote or a comma followed by a combining mark is one
        // character too. Each still puts the field in quotes, so the row and its columns stay as written.
        let comment = "Baris satu\r\nbaris dua", mark = "a,\u{0338}b \"\u{0338}c", formula = "=\u{0338}1+1"
        let row = CSVFormat().row([.text(comment), .text(mark), .text(formula)])
        let expected = "\"Baris satu\r\nbaris dua\",\"a,\u{0338}b \"\"\u{0338}c\",'=\u{0338}1+1\r\n"
        #expect(Array(row.unicodeScalars) == Array(expected.unicodeScalars))
        // Opened by a spreadsheet that splits at another separator, a field still cannot start a cell with a formula.
        #expect(CSVFormat().row([.text("x;=cmd|' /C calc'!A0"), .text("a\tb")]) == "\"x;=cmd|' /C calc'!A0\",\"a\tb\"\r\n")
    }
}
