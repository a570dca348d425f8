import Foundation
import Testing

@testable import LenteraCore

/// The one rule for control characters, and the validators that apply it before either store sees the text: a NUL
/// reached PostgreSQL (which refuses it in text) and answered 500 there, while SQLite kept it.
@Suite struct ControlCharactersTests {
    static let whitespace: [Unicode.Scalar] = ["\t", "\n", "\u{B}", "\u{C}", "\r"]

    @Test func oneLineHoldsNoC0ControlNorDELAndFreeTextMayHoldTabsAndLineBreaks() {
        for value in UInt32(0)...0x1F {
            let scalar = Unicode.Scalar(value)!
            #expect(ControlCharacters.first(in: "Budi\(Character(scalar))Santoso") == scalar, "\(value)")
            let inFreeText = ControlCharacters.first(inFreeText: "Karena\(Character(scalar))itu")
            #expect(inFreeText == (Self.whitespace.contains(scalar) ? nil : scalar), "\(value)")
        }
        #expect(ControlCharacters.first(in: "a\u{7F}") == "\u{7F}" && ControlCharacters.first(inFreeText: "a\u{7F}") == "\u{7F}")
        // Letters of every script, NBSP, C1 controls and emoji are text.
        for text in ["Rahmawati, S.Kom.", "Ñoño Émile", "Pemkab Sleman\u{A0}", "ẞ\u{85}", "سلام", "👩🏽‍💻", ""] {
            #expect(ControlCharacters.first(in: text) == nil && ControlCharacters.first(inFreeText: text) == nil, "\(text)")
        }
        #expect(ControlCharacters.first(in: "a\u{0}b\u{1}") == "\u{0}")  // the first one
        #expect(ControlCharacters.name("\u{0}") == "U+0000" && ControlCharacters.name("\u{1F}") == "U+001F")
        #expect(ControlCharacters.name("\u{7F}") == "U+007F")
    }

    @Test func aUnitWithAControlCharacterIsRefusedBySaying() throws {
        #expect(throws: UnitPath.Problem.controlCharacter("\u{0}")) { try UnitPath(validating: "Pemkab Sleman > BKP\u{0}SDM") }
        #expect(UnitPath(parsing: "Pemkab Sleman > BKP\u{0}SDM") == nil)
        // U+001F separates levels where units are stored: a name holding it would come back as two levels.
        #expect(throws: UnitPath.Problem.controlCharacter("\u{1F}")) { try UnitPath(validating: "Pemkab Sleman > A\u{1F}B") }
        #expect(throws: UnitPath.Problem.controlCharacter("\t")) { try UnitPath(validating: "Pemkab\tSleman") }
        // Whitespace around a level is trimmed as before; what cannot be a unit at all is still malformed.
        #expect(try UnitPath(validating: " Pemkab Sleman >\tBKPSDM\r\n").components == ["Pemkab Sleman", "BKPSDM"])
        #expect(throws: UnitPath.Problem.malformed) { try UnitPath(validating: " > ") }
        #expect(throws: UnitPath.Problem.malformed) { try UnitPath(validating: "a>b>c>d>e>f>g") }
        let problem = UnitPath.Problem.controlCharacter("\u{0}")
        #expect(problem.message(in: .indonesian).contains("Unit kerja berisi karakter kendali U+0000"))
        #expect(problem.message(in: .english).contains("The unit holds the control character U+0000"))
    }

    func account(_ id: Int64, _ unit: String, _ role: Role) throws -> Account {
        Account(id: id, nip: try NIP(validating: "198503152010011001"), name: "Budi", unit: try #require(UnitPath(parsing: unit)), position: "",
                status: .pns, email: nil, role: role, passwordHash: "", mustChangePassword: false)
    }

    @Test func accountFieldsWithAControlCharacterAreRefusedByName() throws {
        let office = try account(1, "Pemkab Sleman", .operator)
        let learner = try account(2, "Pemkab Sleman > BKPSDM", .learner)
        #expect(throws: AccountRules.Refusal.controlCharacter(.name, "\u{0}")) {
            try AccountRules.apply(AccountChange(name: "Budi\u{0}Santoso"), to: learner, by: office)
        }
        #expect(throws: AccountRules.Refusal.controlCharacter(.position, "\n")) {
            try AccountRules.apply(AccountChange(position: "Analis\nSDM"), to: learner, by: office)
        }
        // Named for what it holds, not as a malformed address.
        #expect(throws: AccountRules.Refusal.controlCharacter(.email, "\u{0}")) {
            try AccountRules.apply(AccountChange(email: "budi\u{0}@sleman.go.id"), to: learner, by: office)
        }
        // Around the text, whitespace is trimmed as before.
        #expect(try AccountRules.apply(AccountChange(name: "\tBudi Santoso\r\n"), to: learner, by: office).0.name == "Budi Santoso")
        let new = NewAccount(nip: learner.nip, name: "Budi", unit: learner.unit, position: "\u{1B}[31m", passwordHash: "", mustChangePassword: false)
        #expect(throws: AccountRules.Refusal.controlCharacter(.position, "\u{1B}")) { try AccountRules.refuseControlCharacters(in: new) }
        let message = AccountRules.Refusal.controlCharacter(.name, "\u{0}")
        #expect(message.message(in: .indonesian) == "Nama berisi karakter kendali U+0000, yang tidak dapat disimpan: tulis ulang tanpa karakter itu.")
        #expect(message.message(in: .english).hasPrefix("The name holds the control character U+0000"))
    }

    @Test func aRosterRowWithAControlCharacterIsRejectedByLineAndTheRestIsRead() {
        let roster = Roster(csv: """
            nip,nama,unit,jabatan
            198503152010011001,Budi,Pemkab Sleman,Analis
            199001012022212002,Ani\u{0},Pemkab Sleman,
            199101012015032003,"Citra
            Dewi",Pemkab Sleman,
            199202022015031004,Eko,Pemkab Sleman > Din\u{1F}kes,
            199303032016041005,Fajar,Pemkab Sleman,"Analis\tSDM"
            """)
        #expect(roster.rows.map(\.line) == [2])
        #expect(roster.rejections == [
            Roster.Rejection(line: 3, reason: .controlCharacter("nama", "\u{0}")),
            Roster.Rejection(line: 4, reason: .controlCharacter("nama", "\n")),
            Roster.Rejection(line: 6, reason: .controlCharacter("unit", "\u{1F}")),
            Roster.Rejection(line: 7, reason: .controlCharacter("jabatan", "\t")),
        ])
        #expect(roster.rejections[0].message(in: .indonesian) == "baris 3: nama berisi karakter kendali U+0000, yang tidak dapat disimpan")
    }

    @Test func aRosterFileNoStoreCanKeepIsRefusedWholeAtItsLine() {
        // Excel's "Unicode text" is UTF-16: read as UTF-8, every other byte is a NUL.
        let utf16 = String(decoding: Array("nip,nama,unit\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, as: UTF8.self)
        #expect(Roster.rejection(ofFile: utf16) == Roster.Rejection(line: 1, reason: .unreadableFile("\u{0}")))
        let third = "\u{FEFF}nip;nama;unit\r\n198503152010011001;Budi;Pemkab Sleman\r\n199001012022212002;A\u{8}ni;Pemkab Sleman\r\n"
        let rejection = Roster.rejection(ofFile: third)
        #expect(rejection == Roster.Rejection(line: 3, reason: .unreadableFile("\u{8}")))
        #expect(rejection?.message(in: .indonesian).hasPrefix("baris 3: berkas berisi karakter kendali U+0008") == true)
        // Tabs, line breaks and quoted multi-line fields are text: the rows decide what they make of them.
        #expect(Roster.rejection(ofFile: "nip\tnama\r\n1\t\"a\nb\"\n") == nil)
    }

    @Test func typedAnswersWithAControlCharacterAreRefusedBeforeAnyIsKept() throws {
        #expect(QuizResponse.essay("Karena\u{0}").refusedControlCharacter == "\u{0}")
        #expect(QuizResponse.text("Jakarta\u{7F}").refusedControlCharacter == "\u{7F}")
        #expect(QuizResponse.gaps(["g1": "ok", "g2": "a\u{1B}"]).refusedControlCharacter == "\u{1B}")
        #expect(QuizResponse.essay("Pertama,\r\n\tkedua.\u{C}").refusedControlCharacter == nil)
        // Choices and matches are not typed: they are checked against the question, as before.
        #expect(QuizResponse.choices(["\u{0}"]).refusedControlCharacter == nil)

        let items = [QuizItem(id: "q1", prompt: "Jelaskan.", interaction: .essay, points: 2)]
        let attempt = QuizAttempt(id: 1, accountID: 1, courseID: "c", quizID: "k", number: 1, seed: 1, items: items, quizVersion: "v",
                                  startedAt: Date(timeIntervalSince1970: 1_800_000_000), deadline: nil, maximum: 2)
        #expect(throws: QuizRefusal.controlCharacter(itemID: "q1")) {
            try AttemptRules.validate(["q1": .essay("a\u{0}b")], attempt: attempt, stored: [:])
        }
        try AttemptRules.validate(["q1": .essay("a\r\nb")], attempt: attempt, stored: [:])
    }
}
