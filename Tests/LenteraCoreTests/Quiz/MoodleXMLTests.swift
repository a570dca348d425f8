import Foundation
import Testing

@testable import LenteraCore

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
        #expect(items.prefix(6).allSatisfy { $0.category == "Dasar ASN" } && items[6].category == "Refleksi")
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
                                                  responses: ["Observasi"]))
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
                  <file name="bagan.png" path="/" encoding="base64">iVBORw0KGgo=</file></questiontext>
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
        #expect(result.problems[1].english.contains(#"embedded files (<file name="bagan.png">)"#))
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
}
