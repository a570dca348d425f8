import Foundation
import Testing

@testable import LenteraCore

/// What a node may report is decided from this server's records (issue 9, finding 3).
@Suite struct StatementAdmissionTests {
    static let sleman = UnitPath(parsing: "Pemkab Sleman")!
    static let version = PublishedVersion(courseID: "k", version: "2", jp: JP(hundredths: 400), title: "Kursus", moduleIDs: ["m1", "m2"])

    static func completion(_ object: XAPI.Completion.Object, unit: String = "Pemkab Sleman > BKPSDM", course: String = "k") -> XAPI.Completion {
        XAPI.Completion(
            node: "kab", nip: try! NIP(validating: "198503152010011001"), name: "Budi", unit: UnitPath(parsing: unit)!, status: .pns,
            courseID: course, object: object, timestamp: Date(timeIntervalSince1970: 1_800_000_000)
        )
    }

    func admit(_ completion: XAPI.Completion, known: KnownLearner? = nil, versions: [String: PublishedVersion] = ["2": version])
        throws(StatementRefusal) -> XAPI.Completion
    {
        try StatementAdmission.admit(
            completion, statementID: "s", units: [Self.sleman], versions: versions, known: known, now: Date(timeIntervalSince1970: 1_800_000_100)
        )
    }

    @Test func creditIsRecomputedFromThisServersVersion() throws {
        let forged = Self.completion(.course(jp: JP(hundredths: 99_900), version: "2", certificate: "NODE-1", title: "Judul Palsu"))
        let admitted = try admit(forged)
        #expect(admitted.object == .course(jp: JP(hundredths: 400), version: "2", certificate: "NODE-1", title: "Kursus"))
    }

    /// A node's score is a grade only for a version this server grades with a quiz (``CourseGrade``).
    @Test func aScoreIsKeptOnlyForAVersionGradedByAQuiz() throws {
        var scored = Self.completion(.course(jp: JP(hundredths: 400), version: "2", certificate: "N", title: "Kursus"))
        scored.score = 80
        #expect(try admit(scored).score == nil)  // the version has no grade quiz: no score can be its grade
        var graded = Self.version
        graded.gradeQuizID = "post-test"
        #expect(try admit(scored, versions: ["2": graded]).score == 80)
        scored.score = 250
        #expect(try admit(scored, versions: ["2": graded]).score == 100)
        var none = scored
        none.score = nil
        #expect(try admit(none, versions: ["2": graded]).score == nil)
    }

    @Test func everyForgedFieldIsRefused() {
        let course = Self.completion(.course(jp: JP(hundredths: 400), version: "2", certificate: "N", title: "Kursus"))
        #expect(throws: StatementRefusal.unknownCourse(statementID: "s", courseID: "k")) { try admit(course, versions: [:]) }
        let oldVersion = Self.completion(.course(jp: JP(hundredths: 400), version: "1", certificate: "N", title: "Kursus"))
        #expect(throws: StatementRefusal.unknownVersion(statementID: "s", courseID: "k", version: "1")) { try admit(oldVersion) }
        #expect(throws: StatementRefusal.unknownModule(statementID: "s", courseID: "k", moduleID: "m9")) {
            try admit(Self.completion(.module("m9")))
        }
        let elsewhere = Self.completion(.module("m1"), unit: "Kementerian Lain > Biro")
        #expect(throws: StatementRefusal.outsideNodeUnits(statementID: "s", nip: "198503152010011001")) { try admit(elsewhere) }
        // The unit that counts is the one this server holds: a node cannot claim someone into its scope.
        let claimed = Self.completion(.module("m1"))
        #expect(throws: StatementRefusal.outsideNodeUnits(statementID: "s", nip: "198503152010011001")) {
            try admit(claimed, known: KnownLearner(role: .learner, unit: UnitPath(parsing: "Kementerian Lain")!))
        }
        for role in [Role.admin, .operator, .author] {
            #expect(throws: StatementRefusal.notALearner(statementID: "s", nip: "198503152010011001")) {
                try admit(claimed, known: KnownLearner(role: role, unit: Self.sleman))
            }
        }
        #expect((try? admit(claimed, known: KnownLearner(role: .learner, unit: Self.sleman))) != nil)
        var future = claimed
        future.timestamp = Date(timeIntervalSince1970: 1_800_000_100 + 3600)
        #expect(throws: StatementRefusal.fromTheFuture(statementID: "s")) { try admit(future) }
    }

    /// PostgreSQL refuses U+0000 in text: a node's statement holding a control character is refused by name (403, kept
    /// at the node), never written, and never a 500 on one store only.
    @Test func aStatementWithAControlCharacterIsReadThenRefusedByName() throws {
        var named = Self.completion(.module("m1"))
        named.name = "Budi\u{0}"
        #expect(throws: StatementRefusal.controlCharacter(statementID: "s", field: "name")) { try admit(named) }
        let certified = Self.completion(.course(jp: JP(hundredths: 400), version: "2", certificate: "NODE\u{1F}1", title: "Kursus"))
        #expect(throws: StatementRefusal.controlCharacter(statementID: "s", field: "certificate number")) { try admit(certified) }
        // The title is not kept from the node: this server's own replaces it.
        let titled = Self.completion(.course(jp: JP(hundredths: 400), version: "2", certificate: "N", title: "Kur\u{0}sus"))
        #expect((try? admit(titled))?.object == .course(jp: JP(hundredths: 400), version: "2", certificate: "N", title: "Kursus"))

        // Read from JSON as it travels, the unit is kept as written for admission to name it, not refused as malformed.
        var statement = Self.completion(.module("m1")).statement()
        var context = try #require(statement["context"] as? [String: Any])
        var extensions = try #require(context["extensions"] as? [String: Any])
        extensions[XAPI.extensionBase + "unit"] = "Pemkab Sleman > BKP\u{0}SDM"
        context["extensions"] = extensions
        statement["context"] = context
        let read = try XAPI.Completion.read(statement).get()
        #expect(read.unit.components == ["Pemkab Sleman", "BKP\u{0}SDM"])
        #expect(throws: StatementRefusal.controlCharacter(statementID: "s", field: "unit")) { try admit(read) }
        extensions[XAPI.extensionBase + "unit"] = " > "
        context["extensions"] = extensions
        statement["context"] = context
        #expect((try? XAPI.Completion.read(statement).get()) == nil)
    }
}
