import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Every exported item is one other systems accept: valid against IMS's QTI 2.1 schema (vendored,
/// Tests/Fixtures/schemas), and every manifest against Lentera's schema of the IMS Content Packaging 1.1 subset it
/// writes. Exported: every quiz that ships, every example in the authoring guide, Moodle's GIFT examples and the
/// other GIFT corpus, and the QTI items of the conformance corpora read and written back.
@Suite struct QTIExportValidityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures").standardized.path
    static let itemSchema = Result { try XMLSchemaValidator(path: fixtures + "/schemas/qtiv2p1/imsqti_v2p1.xsd") }
    static let manifestSchema = Result { try XMLSchemaValidator(path: fixtures + "/schemas/lentera/imscp_v1p1_subset.xsd") }

    /// Every corpus as named lists of items.
    static func corpora() throws -> [(name: String, items: [QuizItem])] {
        var found: [(String, [QuizItem])] = []
        let repository = MarkdownQuizTests.repository
        // The shipped courses' quizzes.
        let courses = repository.appendingPathComponent("courses").path
        for path in (FileManager.default.enumerator(atPath: courses)?.allObjects as? [String] ?? []).sorted() {
            let full = courses + "/" + path
            if path.hasSuffix(".quiz.md") {
                found.append((path, MarkdownQuizParser.parse(try String(contentsOfFile: full, encoding: .utf8)).items))
            } else if path.hasSuffix(".gift") || path.hasSuffix(".gift.txt") {
                found.append((path, GIFTParser.parse(try String(contentsOfFile: full, encoding: .utf8)).items))
            }
        }
        // The authoring guide's examples.
        let guide = try String(contentsOf: repository.appendingPathComponent("docs/authoring.md"), encoding: .utf8)
        for example in MarkdownQuizTests.quizExamples(in: guide) {
            found.append(("docs/authoring.md:\(example.line)", MarkdownQuizParser.parse(example.text).items))
        }
        // The GIFT corpora.
        let gift = fixtures + "/conformance/gift"
        for path in (FileManager.default.enumerator(atPath: gift)?.allObjects as? [String] ?? []).sorted()
        where path.hasSuffix(".gift") || path.hasSuffix(".gift.txt") || path.hasSuffix("/examples.txt") {
            let text = (try? String(contentsOfFile: gift + "/" + path, encoding: .utf8)) ?? ""
            let items = GIFTParser.parse(text).items
            if !items.isEmpty { found.append(("gift/" + path, items)) }
        }
        // QTI items read from the corpora, written back.
        for folder in ["/conformance/qti/oat-sa", "/conformance/qti/instructure"] {
            let root = fixtures + folder
            var items: [QuizItem] = []
            for path in (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted() where path.hasSuffix(".xml") {
                guard let bytes = FileManager.default.contents(atPath: root + "/" + path) else { continue }
                items += QTIImporter.item([UInt8](bytes)).items
            }
            found.append((folder, items))
        }
        return found
    }

    @Test func everyExportedItemAndManifestIsValid() throws {
        let items = try Self.itemSchema.get()
        let manifests = try Self.manifestSchema.get()
        var checked = 0
        var failures: [String] = []
        for (name, quiz) in try Self.corpora() where !quiz.isEmpty {
            let files = QTIExporter.package(title: name, items: quiz, renderHTML: QTITests.render)
            for file in files {
                let violations = file.path == "imsmanifest.xml" ? manifests.violations(file.bytes) : items.violations(file.bytes)
                checked += 1
                for violation in violations.prefix(3) { failures.append("\(name) \(file.path) \(violation)") }
            }
        }
        print("QTI export validity: \(checked) files written from the corpora, \(failures.count) schema violations")
        #expect(checked >= 300)
        let listed = failures.prefix(30).joined(separator: "\n")
        #expect(failures.isEmpty, "\(failures.count) violations:\n\(listed)")
    }

    @Test func theSchemasRefuseWhatIsNotQTI() throws {
        let items = try Self.itemSchema.get()
        let manifests = try Self.manifestSchema.get()
        let valid = QTIExporter.package(
            title: "Uji", items: [QuizItem(id: "a", prompt: "Ya?", interaction: .choice(choices: [.init(id: "y", text: "Ya", weight: 1), .init(id: "t", text: "Tidak", weight: 0)], multiple: false))],
            renderHTML: QTITests.render)
        #expect(valid.count == 2)
        #expect(manifests.violations(valid[0].bytes).isEmpty)
        #expect(items.violations(valid[1].bytes).isEmpty)
        // A misspelt element, a missing attribute, a manifest without resources: each refused.
        let item = String(decoding: valid[1].bytes, as: UTF8.self)
        #expect(!items.violations(Array(item.replacingOccurrences(of: "simpleChoice", with: "simpleChoyce").utf8)).isEmpty)
        #expect(!items.violations(Array(item.replacingOccurrences(of: " cardinality=\"single\"", with: "").utf8)).isEmpty)
        let manifest = String(decoding: valid[0].bytes, as: UTF8.self)
        let withoutResources = manifest.replacingOccurrences(of: #"<resources>[\s\S]*</resources>"#, with: "", options: .regularExpression)
        #expect(!manifests.violations(Array(withoutResources.utf8)).isEmpty)
        #expect(items.violations(Array("<assessmentItem".utf8)).map(\.message) == ["not well-formed XML"])
    }
}
