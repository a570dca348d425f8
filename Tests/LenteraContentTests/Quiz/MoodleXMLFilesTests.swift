import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Pictures and sounds embedded in Moodle XML questions: read into files beside the quiz file, the texts pointing at
/// them; anything that could not be served safely refused by name.
@Suite struct MoodleXMLFilesTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]

    static func question(_ text: String, files: String, extra: String = "") -> [UInt8] {
        Array("""
            <quiz><question type="multichoice"><name><text>Peta Sleman</text></name>
            <questiontext format="html"><text><![CDATA[\(text)]]></text>\(files)</questiontext>\(extra)
            <answer fraction="100"><text>Benar</text><feedback><text><![CDATA[<img src="@@PLUGINFILE@@/ok%20sekali.png" alt="Bagus">]]></text>
            <file name="ok sekali.png" path="/" encoding="base64">\(Data(png).base64EncodedString())</file></feedback></answer>
            <answer fraction="0"><text>Salah</text></answer>
            </question></quiz>
            """.utf8)
    }

    /// The folder a file was given: its path with the name taken off (`bank soal.xml/<digest>`).
    static func folder(of name: String, in result: QuizParseResult) -> String? {
        result.files.keys.first { $0.hasSuffix("/" + name) }.map { String($0.dropLast(name.count + 1)) }
    }

    @Test func embeddedFilesBecomeFilesBesideTheQuizFile() throws {
        let result = MoodleXMLImporter.parse(
            Self.question(#"<p>Lihat <img src="@@PLUGINFILE@@/peta.png" alt="Peta Sleman"></p>"#,
                          files: #"<file name="peta.png" path="/" encoding="base64">\#(Data(Self.png).base64EncodedString(options: .lineLength64Characters))</file>"#),
            fileName: "bank soal.xml")
        #expect(result.problems.isEmpty, "\(result.problems)")
        let item = try #require(result.items.first)
        let peta = try #require(Self.folder(of: "peta.png", in: result))
        let ok = try #require(Self.folder(of: "ok sekali.png", in: result))
        // Named by the quiz file and a digest of the bytes: a feedback's picture cannot be found by guessing.
        #expect(peta.hasPrefix("bank soal.xml/") && peta.count == "bank soal.xml/".count + 24)
        #expect(peta == ok, "the same bytes share their folder")
        let petaDigest = peta.split(separator: "/").last ?? "", okDigest = ok.split(separator: "/").last ?? ""
        #expect(item.prompt == #"<p>Lihat <img src="./bank%20soal.xml/\#(petaDigest)/peta.png" alt="Peta Sleman"></p>"#)
        guard case .choice(let choices, _) = item.interaction else { Issue.record("not a choice"); return }
        #expect(choices[0].feedback == #"<img src="./bank%20soal.xml/\#(okDigest)/ok%20sekali.png" alt="Bagus">"#)
        #expect(result.files.count == 2)
        #expect(result.files[peta + "/peta.png"]?.bytes == Self.png)
    }

    /// As in Moodle, each text has its own files: one name may stand for different files in two texts.
    @Test func eachTextHasItsOwnFiles() throws {
        let other = Data([0xFF, 0xD8, 0xFF, 1]).base64EncodedString()
        let result = MoodleXMLImporter.parse(
            Self.question(#"<img src="@@PLUGINFILE@@/ok%20sekali.png" alt="Lain">"#,
                          files: #"<file name="ok sekali.png" path="/" encoding="base64">\#(other)</file>"#), fileName: "bank.xml")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(Set(result.files.values.map(\.bytes)) == [Self.png, [0xFF, 0xD8, 0xFF, 1]])
    }

    @Test func moodle19ImagesAreShownAfterTheQuestionText() throws {
        let result = MoodleXMLImporter.parse(
            Self.question("<p>Lihat gambar.</p>", files: "", extra: "<image>peta (1).png</image><image_base64>\(Data(Self.png).base64EncodedString())</image_base64>"),
            fileName: "bank.xml")
        #expect(result.problems.isEmpty, "\(result.problems)")
        let folder = try #require(Self.folder(of: "peta (1).png", in: result))
        #expect(result.items.first?.prompt == #"<p>Lihat gambar.</p><p><img src="./\#(folder)/peta%20%281%29.png" alt=""></p>"#)
        #expect(result.files[folder + "/peta (1).png"]?.bytes == Self.png)
    }

    @Test func whatCannotBeServedSafelyIsRefusedByName() {
        let good = Data(Self.png).base64EncodedString()
        let cases: [(text: String, files: String, extra: String, message: String)] = [
            (#"<img src="@@PLUGINFILE@@/hilang.png">"#, "", "",
             #"question "peta-sleman": a text shows @@PLUGINFILE@@/hilang.png, which is not embedded beside it"#),
            (#"<img src="@@PLUGINFILE@@/x.png">"#, #"<file name="x.png" encoding="base64">!!!</file>"#, "",
             #"question "peta-sleman": the embedded file "x.png" cannot be read (not base64)"#),
            (#"<img src="@@PLUGINFILE@@/../../course.xml">"#, #"<file name="../../course.xml" encoding="base64">\#(good)</file>"#, "",
             #"question "peta-sleman": the embedded file name "/../../course.xml" cannot be used"#),
            (#"<img src="@@PLUGINFILE@@/a.png">"#, "<file name=\"\u{600}/../a.png\" encoding=\"base64\">\(good)</file>", "",
             "question \"peta-sleman\": the embedded file name \"/\u{600}/../a.png\" cannot be used"),
            (#"<img src="@@PLUGINFILE@@/.htaccess">"#, #"<file name=".htaccess" encoding="base64">\#(good)</file>"#, "",
             #"question "peta-sleman": the embedded file name "/.htaccess" cannot be used"#),
            (#"<img src="@@PLUGINFILE@@/a.png">"#, #"<file name="a.png" encoding="base64">\#(good)</file><file name="a.png" encoding="base64">AAAA</file>"#, "",
             #"question "peta-sleman": two different embedded files are named "a.png" in the same place"#),
            ("x", "", "<image>peta.png</image>", #"question "peta-sleman": the old-style image <image>peta.png</image> comes without its data"#),
        ]
        for test in cases {
            let result = MoodleXMLImporter.parse(Self.question(test.text, files: test.files, extra: test.extra), fileName: "bank.xml")
            #expect(result.items.isEmpty && result.files.isEmpty)
            #expect(result.problems.count == 1 && result.problems[0].english.hasPrefix(test.message), "\(result.problems)")
            #expect(result.problems.allSatisfy { !$0.indonesian.isEmpty && $0.line == 1 })
        }
    }

    /// Every element of a question is visited once: a deeply nested file reads at once (the first version visited
    /// each element twice per level, 2^depth in all; found by review).
    @Test func aDeeplyNestedQuestionReadsInOneVisit() {
        let nested = String(repeating: "<z>", count: 60) + String(repeating: "</z>", count: 60)
        let result = MoodleXMLImporter.parse(Array(
            "<quiz><question type=\"description\"><name><text>d</text></name><questiontext><text>x</text></questiontext>\(nested)</question></quiz>".utf8))
        #expect(result.problems.isEmpty && result.items.count == 1, "\(result.problems)")
    }

    /// A course whose Moodle XML quiz embeds its pictures loads, and the pictures are among the course's files at the
    /// paths the questions show.
    @Test func aCourseServesTheEmbeddedFilesOfItsQuizzes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moodle-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let course = folder.appendingPathComponent("peta")
        try FileManager.default.createDirectory(at: course.appendingPathComponent("kuis"), withIntermediateDirectories: true)
        try #"<course jp="1"><title>Peta</title><module id="a" href="a.md"/><quiz id="k" href="kuis/bank.xml" attempts="0"/></course>"#
            .write(to: course.appendingPathComponent("course.xml"), atomically: true, encoding: .utf8)
        try "# A\n\nTeks.\n".write(to: course.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        try Data(Self.question(#"<img src="@@PLUGINFILE@@/peta.png" alt="Peta">"#,
                               files: #"<file name="peta.png" encoding="base64">\#(Data(Self.png).base64EncodedString())</file>"#))
            .write(to: course.appendingPathComponent("kuis/bank.xml"))
        let loaded = CourseLoader(coursesDirectory: folder.path).loadCourse(folderName: "peta")
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let served = try #require(loaded.course)
        let path = try #require(served.embeddedFiles.keys.first { $0.hasPrefix("kuis/bank.xml/") && $0.hasSuffix("/peta.png") })
        #expect(served.embeddedFiles[path]?.bytes == Self.png)
        #expect(served.files["kuis/bank.xml"] == nil, "the quiz file itself holds the answers")
        let address = String(path.dropFirst("kuis/".count))
        #expect(QuizResources.url("./" + address, directory: "kuis", course: served) == "/berkas/peta/" + path)
        #expect(QuizResources.url("./bank.xml/0000/peta.png", directory: "kuis", course: served) == nil)
    }

    /// Embedded files are served from memory: a quiz bringing more than 32 MB of them is refused, named.
    @Test func aQuizCannotBringMoreThanItsShareOfEmbeddedFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moodle-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let course = folder.appendingPathComponent("besar")
        try FileManager.default.createDirectory(at: course.appendingPathComponent("kuis/bank"), withIntermediateDirectories: true)
        try #"<course jp="1"><title>Besar</title><module id="a" href="a.md"/><quiz id="k" href="kuis/bank/" attempts="0"/></course>"#
            .write(to: course.appendingPathComponent("course.xml"), atomically: true, encoding: .utf8)
        try "# A\n\nTeks.\n".write(to: course.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let picture = Data(Self.png + [UInt8](repeating: 7, count: 5_800_000)).base64EncodedString()
        for number in 1...6 {  // six files of 5.8 MB each, every one within the 8 MB a file may have
            let xml = String(decoding: Self.question(#"<img src="@@PLUGINFILE@@/besar.png" alt="Besar">"#,
                                                     files: #"<file name="besar.png" encoding="base64">\#(picture)</file>"#), as: UTF8.self)
            try xml.replacingOccurrences(of: "Peta Sleman", with: "Bagian \(number)")
                .write(to: course.appendingPathComponent("kuis/bank/bagian-\(number).xml"), atomically: true, encoding: .utf8)
        }
        let loaded = CourseLoader(coursesDirectory: folder.path).loadCourse(folderName: "besar")
        #expect(loaded.course == nil)
        #expect(loaded.problems.map(\.description).contains { $0.contains(#"with quiz "k", the files embedded in this course's quizzes exceed 32 MB"#) }, "\(loaded.problems)")
    }
}
