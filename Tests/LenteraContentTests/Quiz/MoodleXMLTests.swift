import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// Moodle XML question files (written here, in the shape Moodle's question bank exports): each supported type with its
/// fractions, tolerances and feedback; other types and embedded files refused by name on their line; a course loads
/// one as a quiz and never serves it.
@Suite struct MoodleXMLTests {
    static let bank = """
        <?xml version="1.0" encoding="UTF-8"?>
        <quiz>
          <question type="category">
            <category><text>$course$/top/Kepegawaian/Dasar ASN</text></category>
          </question>
          <question type="multichoice">
            <name><text>Kepanjangan JP</text></name>
            <questiontext format="html"><text><![CDATA[<p>Apa kepanjangan <b>JP</b>?</p>]]></text></questiontext>
            <generalfeedback format="html"><text>Lihat Perka LAN.</text></generalfeedback>
            <defaultgrade>2</defaultgrade>
            <single>true</single>
            <answer fraction="100" format="html"><text>Jam pelajaran</text><feedback format="html"><text>Tepat.</text></feedback></answer>
            <answer fraction="0" format="html"><text>Jumlah peserta</text><feedback format="html"><text>Bukan.</text></feedback></answer>
          </question>
          <question type="multichoice">
            <name><text>Level Kirkpatrick</text></name>
            <questiontext format="html"><text>Pilih level evaluasi Kirkpatrick.</text></questiontext>
            <single>false</single>
            <answer fraction="50"><text>Reaksi</text></answer>
            <answer fraction="50"><text>Pembelajaran</text></answer>
            <answer fraction="-100"><text>Gaji</text></answer>
          </question>
          <question type="truefalse">
            <name><text>JP minimal</text></name>
            <questiontext format="moodle_auto_format"><text>Setiap ASN berhak atas 20 JP setahun.</text></questiontext>
            <answer fraction="100"><text>true</text><feedback><text>Benar, sedikitnya 20 JP.</text></feedback></answer>
            <answer fraction="0"><text>false</text></answer>
          </question>
          <question type="shortanswer">
            <name><text>Singkatan ASN</text></name>
            <questiontext format="plain_text"><text>Singkatan dari Aparatur Sipil Negara?</text></questiontext>
            <usecase>0</usecase>
            <answer fraction="100"><text>ASN</text></answer>
            <answer fraction="50"><text>PNS</text><feedback><text>Hampir.</text></feedback></answer>
          </question>
          <question type="numerical">
            <name><text>Berapa JP</text></name>
            <questiontext format="markdown"><text>Berapa **JP** minimal setahun?</text></questiontext>
            <answer fraction="100"><text>20</text><tolerance>0.5</tolerance></answer>
          </question>
          <question type="matching">
            <name><text>Jodohkan level</text></name>
            <questiontext format="html"><text>Jodohkan.</text></questiontext>
            <subquestion format="html"><text>Reaksi</text><answer><text>Kuesioner</text></answer></subquestion>
            <subquestion format="html"><text>Pembelajaran</text><answer><text>Tes</text></answer></subquestion>
            <subquestion format="html"><text></text><answer><text>Observasi</text></answer></subquestion>
          </question>
          <question type="category">
            <category><text>$course$/top/Refleksi</text></category>
          </question>
          <question type="essay">
            <name><text>Refleksi</text></name>
            <questiontext format="html"><text>Jelaskan manfaat pelatihan bagi Anda.</text></questiontext>
          </question>
          <question type="description">
            <name><text>Kasus</text></name>
            <questiontext format="html"><text>Bacalah kasus berikut.</text></questiontext>
          </question>
        </quiz>
        """

    @Test func everySupportedTypeReadsAsItsAuthorMeantIt() throws {
        let result = MoodleXMLImporter.parse(Array(Self.bank.utf8))
        #expect(result.problems.isEmpty, "\(result.problems)")
        let items = result.items
        #expect(items.map(\.id) == ["kepanjangan-jp", "level-kirkpatrick", "jp-minimal", "singkatan-asn", "berapa-jp", "jodohkan-level",
                                     "refleksi", "kasus"])
        #expect(items.prefix(6).allSatisfy { $0.category == "$course$/top/Kepegawaian/Dasar ASN" } && items[6].category == "$course$/top/Refleksi")
        let jp = items[0]
        #expect(jp.format == .html && jp.points == 2 && jp.prompt == "<p>Apa kepanjangan <b>JP</b>?</p>" && jp.generalFeedback == "Lihat Perka LAN.")
        #expect(jp.interaction == .choice(choices: [
            .init(id: "c1", text: "Jam pelajaran", weight: 1, feedback: "Tepat."), .init(id: "c2", text: "Jumlah peserta", weight: 0, feedback: "Bukan."),
        ], multiple: false))
        #expect(jp.line == 6 && jp.title == "Kepanjangan JP")
        // Fractions are weights as Moodle scores them: both right answers full marks, the wrong one takes it all away.
        #expect(Scoring.score(items[1], .choices(["c1", "c2"])).points == 1)
        #expect(Scoring.score(items[1], .choices(["c1", "c3"])).points == 0)
        #expect(Scoring.score(items[2], .choices(["benar"])).isCorrect && !Scoring.score(items[2], .choices(["salah"])).isCorrect)
        #expect(items[3].format == .plain && Scoring.score(items[3], .text("asn")).isCorrect && Scoring.score(items[3], .text("PNS")).points == 0.5)
        #expect(items[4].format == .markdown && Scoring.score(items[4], .number(20.4)).isCorrect && !Scoring.score(items[4], .number(21)).isCorrect)
        #expect(items[5].interaction == .matching(pairs: [.init(premise: "Reaksi", response: "Kuesioner"), .init(premise: "Pembelajaran", response: "Tes")],
                                                  responses: ["Kuesioner", "Tes", "Observasi"]))
        #expect(items[6].interaction == .essay && items[7].interaction == .description)
    }

    @Test func whatIsNotSupportedIsRefusedByNameOnItsLine() {
        let unsupported = """
            <quiz>
              <question type="multichoice">
                <name><text>Baik</text></name>
                <questiontext format="html"><text>Pilih.</text></questiontext>
                <answer fraction="100"><text>Ya</text></answer>
              </question>
              <question type="calculated">
                <name><text>Hitung</text></name>
                <questiontext format="html"><text>{a} + {b}?</text></questiontext>
              </question>
              <question type="multichoice">
                <name><text>Bergambar</text></name>
                <questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/bagan.png">]]></text>
                  <file name="grafik.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>
                <answer fraction="100"><text>Ya</text></answer>
              </question>
            </quiz>
            """
        let result = MoodleXMLImporter.parse(Array(unsupported.utf8))
        // Nothing loads from a file with a problem: a quiz is never served without some of its questions.
        #expect(result.items.isEmpty)
        #expect(result.problems.map(\.line) == [7, 11])
        #expect(result.problems[0].english == #"question "hitung": the Moodle question type "calculated" is not supported"#)
        #expect(result.problems[0].indonesian.contains(#"jenis soal Moodle "calculated""#))
        #expect(result.problems[1].english.contains("a text shows @@PLUGINFILE@@/bagan.png, which is not embedded beside it"))
        #expect(MoodleXMLImporter.parse(Array("<quiz></quiz>".utf8)).problems.map(\.english) == ["Moodle XML without questions"])
        #expect(MoodleXMLImporter.parse(Array("<quiz><question".utf8)).problems.first?.english.hasPrefix("Moodle XML: ") == true)
    }

    @Test func aCourseLoadsAMoodleXMLQuizAndNeverServesIt() throws {
        let fixture = try CoursesFixture()
        try fixture.write("k/course.xml", """
            <course jp="1">
              <title>K</title>
              <module id="baca" href="baca.md"/>
              <quiz id="bank" href="kuis/bank.xml"/>
            </course>
            """)
        try fixture.write("k/baca.md", "# Baca\n")
        try fixture.write("k/kuis/bank.xml", Self.bank)
        // Not declared, and still never served: its answer keys are in it.
        try fixture.write("k/lain/cadangan.xml", Self.bank)
        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "k")
        #expect(result.problems.isEmpty, "\(result.problems)")
        let course = try #require(result.course)
        #expect(course.quiz(withID: "bank")?.items.count == 8)
        #expect(course.files["kuis/bank.xml"] == nil && course.files["lain/cadangan.xml"] == nil)
        // What a Moodle XML file is: `<quiz>` as its root, not a `<quiz>` inside another element.
        #expect(MoodleXMLImporter.looksLikeMoodleXML("\u{FEFF}<?xml version=\"1.0\"?>\r\n<!-- Moodle -->\n<quiz>"))
        #expect(!MoodleXMLImporter.looksLikeMoodleXML(#"<course jp="1"><quiz id="a" href="a.gift"/></course>"#))
        #expect(!MoodleXMLImporter.looksLikeMoodleXML("<quizzes>") && !MoodleXMLImporter.looksLikeMoodleXML("<assessmentItem>"))
    }

    /// Items with their choices numbered by position (Moodle XML has no choice ids), weights to a millionth, numeric
    /// ranges to a billionth, and the id as the title of an item without one.
    static func comparable(_ items: [QuizItem]) -> [String] {
        items.map { item in
            var shown = item
            if case .choice(let choices, let multiple) = item.interaction {
                shown.interaction = .choice(choices: choices.enumerated().map { position, choice in
                    .init(id: "c\(position + 1)", text: choice.text, weight: (choice.weight * 1_000_000).rounded() / 1_000_000, feedback: choice.feedback)
                }, multiple: multiple)
            }
            // Moodle keeps a range as its middle and tolerance: its ends come back to within a billionth.
            if case .numeric(let answers) = item.interaction {
                shown.interaction = .numeric(answers: answers.map { answer in
                    var rounded = answer
                    if abs(answer.minimum) < 1e15 { rounded.minimum = (answer.minimum * 1e9).rounded() / 1e9 }
                    if abs(answer.maximum) < 1e15 { rounded.maximum = (answer.maximum * 1e9).rounded() / 1e9 }
                    return rounded
                })
            }
            // Blanks are numbered g1, g2… and their options p1, p2… on the way back, as Moodle numbers them.
            if case .gaps(let gaps) = item.interaction {
                var prompt = item.prompt
                shown.interaction = .gaps(gaps.enumerated().map { index, gap in
                    prompt = prompt.replacingOccurrences(of: "[[" + gap.id + "]]", with: "[[#\(index + 1)]]")
                    var renamed = gap
                    renamed.id = "g\(index + 1)"
                    renamed.options = gap.options.enumerated().map { position, option in
                        .init(id: "p\(position + 1)", text: option.text, weight: (option.weight * 1_000_000).rounded() / 1_000_000, feedback: option.feedback)
                    }
                    renamed.answers = gap.answers.map { .init(pattern: $0.pattern, weight: ($0.weight * 1_000_000).rounded() / 1_000_000, feedback: $0.feedback) }
                    return renamed
                })
                shown.prompt = prompt.replacingOccurrences(of: "[[#", with: "[[g")
            }
            shown.line = nil
            // Every Moodle question has a name: one without a title is written under its id.
            shown.title = item.title ?? item.id
            return "\(shown)"
        }
    }

    /// Written as Moodle XML and read back: the same questions, keys, weights, feedback, categories and points; ordering
    /// questions and blanks are refused by id.
    @Test func anExportReadsBackAsTheSameQuestions() throws {
        let gift = GIFTParser.parse(QuizCourseTests.gift + "\n\n" + """
            ::bobot:: Pilih dua. {~%50%Reaksi#Ya ~%50%Pembelajaran ~%-100%Gaji}

            ::jodoh:: Jodohkan. {=Reaksi -> Kuesioner =Pembelajaran -> Tes}

            ::esai:: Jelaskan. {}

            ::rentang:: Antara dua dan tiga? {#2.5:0.5}
            """)
        #expect(gift.problems.isEmpty, "\(gift.problems)")
        let fromMoodle = MoodleXMLImporter.parse(Array(Self.bank.utf8)).items
        for items in [gift.items, fromMoodle] {
            let document = try MoodleXMLExporter.document(items)
            let back = MoodleXMLImporter.parse(Array(document.utf8))
            #expect(back.problems.isEmpty, "\(back.problems)")
            let (read, written) = (Self.comparable(back.items), Self.comparable(items))
            #expect(read.count == written.count)
            for (one, other) in zip(read, written) { #expect(one == other) }
        }
        // Orderings and blanks (with Moodle's special characters in answers and feedback) come back the same too.
        let more = [
            QuizItem(id: "urut", prompt: "Urutkan.", interaction: .ordering(correctOrder: ["Rencana", "Laksana", "Evaluasi"], partialCredit: false)),
            QuizItem(id: "urut-sebagian", prompt: "Urutkan.", interaction: .ordering(correctOrder: ["a", "b"], partialCredit: true), points: 2),
            QuizItem(
                id: "isian", prompt: "Ibu kota [[g1]] dan pulau [[g2]].",
                interaction: .gaps([
                    .init(id: "g1", answers: [.init(pattern: "Jakarta", feedback: "Ya # benar"), .init(pattern: "Bata*via", weight: 0.5), .init(pattern: "a}b~c/d\"e\\*"), .init(pattern: "C:\\", weight: 0.25, feedback: "Folder # akar")]),
                    .init(id: "g2", options: [.init(id: "j", text: "Jawa", weight: 1, feedback: "{tepat}"), .init(id: "b", text: "Bali", weight: 0)]),
                ]), title: "Isian"),
        ]
        let document = try MoodleXMLExporter.document(more)
        // A backslash before a special character (or at the end) is escaped too: `C:\` keeps its `#` feedback apart.
        #expect(document.contains(##"{1:SHORTANSWER:=Jakarta#Ya \# benar~%50%Bata*via~=a\}b\~c\/d\"e\*~%25%C:\\#Folder \# akar}"##), "\(document)")
        let back = MoodleXMLImporter.parse(Array(document.utf8))
        #expect(back.problems.isEmpty, "\(back.problems)")
        #expect(Self.comparable(back.items) == Self.comparable(more))
        // A blank that is not in its text once has no cloze form: refused by id.
        let lost = QuizItem(id: "hilang", prompt: "Tanpa celah.", interaction: .gaps([.init(id: "g1", answers: [.init(pattern: "x")])]))
        #expect(throws: MoodleXMLExporter.Refusal(items: [("hilang", "gaps")])) { try MoodleXMLExporter.document(gift.items + [lost]) }
    }

    /// The quizzes that ship in `courses/` (Markdown), written as Moodle XML and read back: the same questions.
    @Test func theShippedQuizzesReadBackFromMoodleXML() throws {
        let courses = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../courses").standardized.path
        let paths = (FileManager.default.enumerator(atPath: courses)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".quiz.md") }.sorted()
        #expect(paths.count >= 3, "\(paths)")
        for path in paths {
            let quiz = QuizFiles.read(path: courses + "/" + path)
            #expect(quiz.problems.isEmpty && !quiz.items.isEmpty, "\(path): \(quiz.problems)")
            let back = MoodleXMLImporter.parse(Array(try MoodleXMLExporter.document(quiz.items).utf8))
            #expect(back.problems.isEmpty, "\(path): \(back.problems)")
            #expect(Self.comparable(back.items) == Self.comparable(quiz.items), "\(path)")
        }
    }

    /// Moodle's own GIFT examples and fixtures (vendored, Tests/Fixtures/SOURCES.md), written as Moodle XML and read
    /// back: every question that has a Moodle XML form here reads back the same; the rest are refused by id.
    @Test func moodlesGIFTExamplesReadBackFromMoodleXML() throws {
        let folder = GIFTConformance.directory + "/gift/moodle/question/format/gift"
        let paths = [folder + "/examples.txt", folder + "/tests/fixtures/questions.gift.txt", folder + "/tests/fixtures/questions_in_category.gift.txt"]
        var written = 0
        for path in paths {
            // A missing corpus fails: it belongs in Tests/Fixtures.
            let gift = GIFTParser.parse(try String(contentsOfFile: path, encoding: .utf8))
            #expect(gift.problems.isEmpty, "\(path): \(gift.problems)")
            let exportable = gift.items
            let back = MoodleXMLImporter.parse(Array(try MoodleXMLExporter.document(exportable).utf8))
            #expect(back.problems.isEmpty, "\(path): \(back.problems)")
            let (read, expected) = (Self.comparable(back.items), Self.comparable(exportable))
            #expect(read.count == expected.count, "\(path)")
            for (one, other) in zip(read, expected) { #expect(one == other, "\(path)") }
            written += exportable.count
        }
        print("Moodle XML round trip of Moodle's GIFT examples: \(written) questions read back the same")
        #expect(written >= 56)
    }
}

/// Moodle's blank types (cloze, select missing words, drag and drop into text), ordering and numerical units.
@Suite struct MoodleXMLBlankTests {
    static func question(_ type: String, _ text: String, _ extra: String = "") -> String {
        """
        <quiz>
          <question type="\(type)">
            <name><text>Soal</text></name>
            <questiontext format="html"><text><![CDATA[\(text)]]></text></questiontext>
            <defaultgrade>2</defaultgrade>
        \(extra)
          </question>
        </quiz>
        """
    }

    static func only(_ document: String, sourceLocation: SourceLocation = #_sourceLocation) -> QuizItem? {
        let result = MoodleXMLImporter.parse(Array(document.utf8))
        #expect(result.problems.isEmpty, "\(result.problems)", sourceLocation: sourceLocation)
        return result.items.first
    }

    @Test func clozeEmbeddedAnswersBecomeBlanks() throws {
        let item = try #require(Self.only(Self.question(
            "multianswer",
            "<p>Ibu kota {1:SHORTANSWER:=Jakarta#Tepat~%50%Batavia#Dulu} ada di {1:MC:Sumatra~=Jawa#Ya~Bali}, berpenduduk {:NUMERICAL:=11}{juta}.</p>")))
        #expect(item.prompt == "<p>Ibu kota [[g1]] ada di [[g2]], berpenduduk [[g3]]{juta}.</p>")
        #expect(item.points == 2)
        #expect(
            item.interaction
                == .gaps([
                    .init(id: "g1", answers: [.init(pattern: "Jakarta", weight: 1, feedback: "Tepat"), .init(pattern: "Batavia", weight: 0.5, feedback: "Dulu")]),
                    .init(id: "g2", options: [.init(id: "p1", text: "Sumatra", weight: 0), .init(id: "p2", text: "Jawa", weight: 1, feedback: "Ya"), .init(id: "p3", text: "Bali", weight: 0)]),
                    .init(id: "g3", answers: [.init(pattern: "11")]),
                ]))
        #expect(Scoring.score(item, .gaps(["g1": "jakarta", "g2": "p2", "g3": "11"])).points == 2)
        #expect(abs(Scoring.score(item, .gaps(["g1": "Batavia", "g2": "p1"])).points - 1.0 / 3) < 1e-6)
    }

    @Test func selectAndDragBlanksOfferTheChoicesOfTheirGroup() throws {
        let choices = """
              <selectoption><text>Reaksi</text><group>1</group></selectoption>
              <selectoption><text>Perilaku</text><group>1</group></selectoption>
              <selectoption><text>Gaji</text><group>2</group></selectoption>
              <selectoption><text>Jabatan</text><group>2</group></selectoption>
            """
        for type in ["gapselect", "ddwtos"] {
            let written = type == "ddwtos" ? choices.replacingOccurrences(of: "selectoption", with: "dragbox") : choices
            let item = try #require(Self.only(Self.question(type, "Level satu adalah [[1]], yang bukan evaluasi: [[4]].", written)))
            #expect(item.prompt == "Level satu adalah [[g1]], yang bukan evaluasi: [[g2]].")
            #expect(
                item.interaction
                    == .gaps([
                        .init(id: "g1", options: [.init(id: "p1", text: "Reaksi", weight: 1), .init(id: "p2", text: "Perilaku", weight: 0)]),
                        .init(id: "g2", options: [.init(id: "p3", text: "Gaji", weight: 0), .init(id: "p4", text: "Jabatan", weight: 1)]),
                    ]), "\(type)")
            #expect(Scoring.score(item, .gaps(["g1": "p1", "g2": "p3"])).points == 1)
        }
    }

    @Test func orderingAndUnitsThatAreNotGraded() throws {
        let ordering = try #require(Self.only(Self.question("ordering", "Urutkan siklus.", """
                <layouttype>VERTICAL</layouttype><selecttype>ALL</selecttype><selectcount>0</selectcount>
                <gradingtype>ABSOLUTE_POSITION</gradingtype>
                <answer fraction="2.0000000" format="moodle_auto_format"><text>Pelaksanaan</text></answer>
                <answer fraction="1.0000000" format="moodle_auto_format"><text>Perencanaan</text></answer>
                <answer fraction="3.0000000" format="moodle_auto_format"><text>Evaluasi</text></answer>
            """)))
        #expect(ordering.interaction == .ordering(correctOrder: ["Perencanaan", "Pelaksanaan", "Evaluasi"], partialCredit: true))
        let numeric = try #require(Self.only(Self.question("numerical", "Berapa JP?", """
                <answer fraction="100"><text>20</text><tolerance>0</tolerance></answer>
                <unitgradingtype>0</unitgradingtype><showunits>3</showunits>
                <units><unit><multiplier>1</multiplier><unit_name>JP</unit_name></unit></units>
            """)))
        #expect(numeric.interaction == .numeric(answers: [.init(value: 20)]))
    }

    @Test func blanksLenteraCannotScoreAlikeAreRefusedByName() {
        let cases: [(String, String, String)] = [
            ("multianswer", "{1:SA:=a} {2:SA:=b}", "blanks of different weights ({1:...} and {2:...}) are not supported: Lentera's blanks are worth the same"),
            ("multianswer", "{1:SHORTANSWER_C:=Jakarta}", "a case-sensitive short answer (SHORTANSWER_C) in embedded answer {1:SHORTANSWER_C:=Jakarta} is not supported"),
            ("multianswer", "{1:NUMERICAL:=3.14:0.01}", "a tolerance (3.14:0.01) in embedded answer {1:NUMERICAL:=3.14:0.01} is not supported"),
            ("multianswer", "{1:MULTIRESPONSE:=a~=b}", "type MULTIRESPONSE in embedded answer {1:MULTIRESPONSE:=a~=b} is not supported"),
            ("multianswer", "Tanpa jawaban.", "the cloze text holds no embedded answer such as {1:SHORTANSWER:=answer}"),
            ("gapselect", "Pilih [[3]].", "blank [[3]] names a choice that does not exist (there are 1)"),
        ]
        for (type, text, message) in cases {
            let extra = type == "gapselect" ? "<selectoption><text>a</text><group>1</group></selectoption>" : ""
            let result = MoodleXMLImporter.parse(Array(Self.question(type, text, extra).utf8))
            #expect(result.items.isEmpty)
            #expect(result.problems.map(\.english) == ["question \"soal\": " + message], "\(text)")
        }
        let relative = MoodleXMLImporter.parse(Array(Self.question("ordering", "Urutkan.", """
            <gradingtype>RELATIVE_POSITION</gradingtype><answer fraction="1"><text>a</text></answer><answer fraction="2"><text>b</text></answer>
            """).utf8))
        #expect(relative.problems.map(\.english) == [#"question "soal": ordering grading "RELATIVE_POSITION" is not supported (only ABSOLUTE_POSITION and ALL_OR_NOTHING)"#])
        let units = MoodleXMLImporter.parse(Array(Self.question("numerical", "Berapa?", """
            <answer fraction="100"><text>20</text></answer><unitgradingtype>1</unitgradingtype>
            <units><unit><multiplier>1</multiplier><unit_name>JP</unit_name></unit></units>
            """).utf8))
        #expect(units.problems.map(\.english) == [#"question "soal": graded units (unitgradingtype 1) are not supported: a learner types a number only"#])
    }
}
