import Foundation
import LenteraTestSupport
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Pictures that came embedded in a Moodle XML file go out with the questions: beside each text that shows them in
/// Moodle XML, in the package in QTI; read back, the same files are shown in the same places.
@Suite struct EmbeddedFilesExportTests {
    static let folder = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/conformance/moodle-xml/moodle/question/format/xml/tests/fixtures").standardized.path

    /// Moodle's own multichoice fixture: flags in the question and in answers.
    static func imported(_ name: String) throws -> QuizParseResult {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
        let result = MoodleXMLImporter.parse(bytes, fileName: name)
        #expect(result.problems.isEmpty, "\(result.problems)")
        return result
    }

    /// The texts of an item with each file address replaced by the bytes' digest and the name, to compare items whose
    /// files live at different addresses.
    static func shown(_ item: QuizItem) -> [String] {
        var texts = [item.prompt, item.generalFeedback ?? ""]
        if case .choice(let choices, _) = item.interaction { texts += choices.flatMap { [$0.text, $0.feedback ?? ""] } }
        return texts.map { $0.replacingOccurrences(of: #"\./[^"/]+/([0-9a-f]{24})/"#, with: "<$1>/", options: .regularExpression)
            .replacingOccurrences(of: #"(["'(])(?:\.\./)?media/([0-9a-f]{24})/"#, with: "$1<$2>/", options: .regularExpression) }
    }

    @Test func moodleXMLExportWritesTheFilesBackBesideTheirTexts() throws {
        let first = try Self.imported("multichoice.xml")
        #expect(!first.files.isEmpty)
        let written = try MoodleXMLExporter.document(first.items, files: first.files)
        #expect(!written.contains("./multichoice.xml/"), "no address only a course could serve")
        let back = MoodleXMLImporter.parse(Array(written.utf8), fileName: "lagi.xml")
        #expect(back.problems.isEmpty, "\(back.problems)")
        #expect(back.items.count == first.items.count)
        #expect(Set(back.files.values.map(\.bytes)) == Set(first.files.values.map(\.bytes)))
        for (before, after) in zip(first.items, back.items) {
            #expect(Self.shown(after) == Self.shown(before), "\(before.id)")
        }
    }

    @Test func qtiExportPutsTheFilesInThePackage() throws {
        let first = try Self.imported("multichoice.xml")
        let files = QTIExporter.package(title: "Bendera", items: first.items, embedded: first.files, renderHTML: QTITests.render)
        var byPath: [String: [UInt8]] = [:]
        for file in files { byPath[file.path] = file.bytes }
        let media = byPath.keys.filter { $0.hasPrefix("media/") }
        #expect(Set(media.compactMap { byPath[$0] }) == Set(first.files.values.map(\.bytes)))
        let manifest = String(decoding: byPath["imsmanifest.xml"] ?? [], as: UTF8.self)
        for path in media { #expect(manifest.contains("<file href=\"\(path)\"/>"), "\(path) listed") }
        let validator = try QTIExportValidityTests.manifestSchema.get()
        #expect(validator.violations(byPath["imsmanifest.xml"] ?? []).isEmpty)
        let items = try QTIExportValidityTests.itemSchema.get()
        for (path, bytes) in byPath where path.hasPrefix("items/") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("./multichoice.xml/"), "\(path)")
            #expect(items.violations(bytes).isEmpty, "\(path): \(items.violations(bytes))")
        }
        let back = QTIImporter.package(manifest: byPath["imsmanifest.xml"] ?? []) { byPath[$0] }
        #expect(back.problems.isEmpty, "\(back.problems)")
        for (before, after) in zip(first.items, back.items) {
            // Every picture the question showed, it shows again from the package's copy.
            let pictures = Self.shown(before).joined().matches(of: /<[0-9a-f]{24}>\/[^"]+/).map { String($0.output) }
            let again = Self.shown(after).joined()
            for picture in pictures { #expect(again.contains(picture), "\(before.id): \(picture)") }
        }
    }

    /// A picture beside a quiz (`gambar/peta.png` next to a Markdown quiz) goes out with it too, in both formats;
    /// `lentera quiz show` still shows the texts as written.
    @Test func filesBesideAQuizGoOutWithIt() throws {
        let fixture = try CoursesFixture()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 7, 7]
        try fixture.write(
            "kuis/soal.quiz.md",
            "## Peta\n\nLihat ![Peta Sleman](gambar/peta.png) ([cadangan](gambar/peta.png.lama)).\n\n- [x] Sleman\n  > Benar, lihat [peta](gambar/peta.png#besar).\n- [ ] Bantul\n")
        try fixture.write("kuis/gambar/peta.png", Data(png))
        try fixture.write("kuis/gambar/lain.png", Data([1, 2, 3]))
        try fixture.write("kuis/gambar/peta.png.lama", Data([4, 5]))
        let path = fixture.root + "/kuis/soal.quiz.md"
        let result = QuizFiles.readCarryingFiles(path: path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(Set(result.files.values.map(\.bytes)) == [png, [4, 5]], "only the files the question shows")
        #expect(QuizFiles.read(path: path).items.first?.prompt.contains("](gambar/peta.png)") == true)

        let renderer = MarkdownRenderer()  // as `lentera quiz export` renders a Markdown quiz's texts
        let package = QTIExporter.package(title: "Peta", items: result.items, embedded: result.files) { text, _ in renderer.render(text).html }
        let media = package.filter { $0.path.hasPrefix("media/") }
        #expect(Set(media.map(\.bytes)) == [png, [4, 5]])
        let item = String(decoding: package.first { $0.path.hasPrefix("items/") }?.bytes ?? [], as: UTF8.self)
        let folder = String(media.first { $0.path.hasSuffix("/peta.png") }?.path.dropLast("peta.png".count) ?? "")
        #expect(item.contains("src=\"../\(folder)peta.png\"") && item.contains("href=\"../\(folder)peta.png#besar\""), "\(item)")

        let xml = try MoodleXMLExporter.document(result.items, files: result.files)
        #expect(xml.contains("](@@PLUGINFILE@@/peta.png)") && xml.contains("(@@PLUGINFILE@@/peta.png#besar)"), "\(xml)")
        #expect(xml.components(separatedBy: "<file name=\"peta.png\"").count == 3, "beside the question and beside the feedback")
        #expect(xml.contains("(@@PLUGINFILE@@/peta.png.lama)") && xml.components(separatedBy: "<file name=\"peta.png.lama\"").count == 2,
                "a longer path that starts alike is its own file")
        let back = MoodleXMLImporter.parse(Array(xml.utf8), fileName: "lagi.xml")
        #expect(back.problems.isEmpty, "\(back.problems)")
        #expect(Set(back.files.values.map(\.bytes)) == [png, [4, 5]])
    }

    /// A package whose items stand in `items/` and show `../media/…` reads with the paths from the package's folder
    /// (a course finds the pictures), and exported again keeps them.
    @Test func aPackagesPicturesSurviveAnotherExport() throws {
        let fixture = try CoursesFixture()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9]
        try fixture.write("kuis/soal.quiz.md", "## Peta\n\nLihat ![Peta](gambar/peta.png).\n\n- [x] Sleman\n- [ ] Bantul\n")
        try fixture.write("kuis/gambar/peta.png", Data(png))
        let renderer = MarkdownRenderer()
        let first = QuizFiles.readCarryingFiles(path: fixture.root + "/kuis/soal.quiz.md")
        for file in QTIExporter.package(title: "Peta", items: first.items, embedded: first.files, renderHTML: { text, _ in renderer.render(text).html }) {
            try fixture.write("paket/" + file.path, Data(file.bytes))
        }
        let read = QuizFiles.read(path: fixture.root + "/paket")
        #expect(read.problems.isEmpty, "\(read.problems)")
        let prompt = try #require(read.items.first?.prompt)
        #expect(prompt.contains("src=\"media/") && !prompt.contains("../"), "\(prompt)")
        let again = QuizFiles.readCarryingFiles(path: fixture.root + "/paket")
        #expect(again.files.values.map(\.bytes) == [png])
        let second = QTIExporter.package(title: "Peta", items: again.items, embedded: again.files, renderHTML: { text, _ in text })
        #expect(second.filter { $0.path.hasPrefix("media/") }.map(\.bytes) == [png])
        let item = String(decoding: second.first { $0.path.hasPrefix("items/") }?.bytes ?? [], as: UTF8.self)
        #expect(item.contains("src=\"../media/"), "\(item)")
    }

    /// A picture the question shows that is not beside the quiz stops the export, named, as a course refuses the quiz.
    @Test func aMissingPictureIsAProblemOnExport() throws {
        let fixture = try CoursesFixture()
        try fixture.write("kuis/soal.quiz.md", "## Peta\n\nLihat ![Peta](gambar/hilang.png).\n\n- [x] Sleman\n- [ ] Bantul\n")
        let result = QuizFiles.readCarryingFiles(path: fixture.root + "/kuis/soal.quiz.md")
        #expect(result.problems.map(\.english) == [#"question "peta": file "gambar/hilang.png" does not exist (paths are relative to the quiz file's folder)"#])
        #expect(QuizFiles.read(path: fixture.root + "/kuis/soal.quiz.md").problems.isEmpty, "lentera quiz show still lists it")
    }
}
