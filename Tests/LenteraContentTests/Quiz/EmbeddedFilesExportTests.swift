import Foundation
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
            .replacingOccurrences(of: #"\.\./media/([0-9a-f]{24})/"#, with: "<$1>/", options: .regularExpression) }
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
}
