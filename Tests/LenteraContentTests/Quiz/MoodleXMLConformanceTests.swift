import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Moodle's own Moodle XML fixtures (moodle/moodle `question/format/xml/tests/fixtures`, vendored with their licence):
/// what each gives, checked file by file, embedded pictures and sounds included. Moodle and Lentera agree on every
/// file but one: Lentera accepts `error_invalid_grades.xml`, whose fraction 33 is not in Moodle's list of grades
/// (Lentera scores any fraction).
@Suite struct MoodleXMLConformanceTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .appendingPathComponent("../../../Fixtures/conformance/moodle-xml/moodle/question/format/xml/tests/fixtures").standardized.path

    enum Expected {
        /// The ids and categories read, in order.
        case read([(id: String, category: String?)])
        /// The lines refused, each with a part of its message.
        case refused([(line: Int, message: String)])
    }

    static let expected: [String: Expected] = [
        "broken_cloze_questions.xml": .refused([
            (4, #"question "multianswer-question-without-subquestions": the cloze text holds no embedded answer"#),
            (20, #"question "multichoice-subquestion-without-choices": embedded answer {1:MULTICHOICE} cannot be read"#),
            (36, "embedded multiple choice {1:MULTICHOICE:=Apple#Correct} needs at least two choices"),
            (52, "embedded answer {1:MULTICHOICE:Pear#Incorrect~%50%Apple#Correct} has no answer worth 100%"),
            (68, "a number that cannot be read (zero) in embedded answer {3:NUMERICAL:=zero} is not supported"),
        ]),
        "categories_reverse_order.xml": .read([("tau-question", "$course$/Sigma/Tau"), ("sigma-question", "$course$/Sigma")]),
        "category_with_description.xml": .read([("alpha-question", "$module$/Alpha")]),
        "deprecated_category.xml": .read([("alpha-question", "$course$/Alpha")]),
        "error_invalid_grades.xml": .read([("question-with-strong-invalid-grades-strong-x-1-x-2", nil)]),
        "export_category.xml": .read([("alpha-question", "$course$/Alpha")]),
        "html_chars_in_idnumbers.xml": .read([("alpha-question", "$course$/Alpha")]),
        "multianswer.xml": .read([("cloze-with-images", "$module$/Default for Test images in backup")]),
        "multichoice.xml": .read([("greeting", "$course$/Default for testhead/Multichoice")]),
        "nested_categories.xml": .read([("zeta-question", "$module$/Delta/Epsilon/Zeta")]),
        "nested_categories_with_questions.xml": .read([
            ("iota-question", "$module$/Iota"), ("kappa-essay-question", "$module$/Iota/Kappa"), ("kappa-question", "$module$/Iota/Kappa"),
            ("lambda-question", "$module$/Iota/Kappa/Lambda"), ("mu-question", "$module$/Iota/Mu"),
        ]),
        "old_format_file.xml": .read([("pi-question", "$course$/Pi"), ("rho-question", "$course$/Pi/Rho")]),
        "sample_questions_with_old_image_tag.xml": .read([
            ("cloze-question-with-image", "$module$/Default for Test images in backup"), ("mcq-with-image", "$module$/Default for Test images in backup"),
        ]),
        "truefalse.xml": .read([
            ("moodle-acronym-false", "$module$/Default for testhead/TrueFalse"), ("moodle-acronym-true", "$module$/Default for testhead/TrueFalse"),
        ]),
    ]

    @Test func moodlesOwnFixturesReadAsExpected() throws {
        // A missing corpus fails: it belongs in Tests/Fixtures.
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(files == Self.expected.keys.sorted())
        var questions = 0
        var refused = 0
        var embedded = 0
        for file in files {
            let result = MoodleXMLImporter.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/" + file))))
            switch Self.expected[file] {
            case .read(let items)?:
                #expect(result.problems.isEmpty, "\(file): \(result.problems)")
                #expect(result.items.map(\.id) == items.map(\.id), "\(file)")
                #expect(result.items.map(\.category) == items.map(\.category), "\(file)")
                questions += result.items.count
                // Every picture a question shows is one it embeds, now a file beside the quiz file.
                #expect(!"\(result.items)".contains("@@PLUGINFILE@@"), "\(file)")
                #expect(result.files.values.allSatisfy { !$0.bytes.isEmpty })
                embedded += result.files.count
            case .refused(let problems)?:
                #expect(result.items.isEmpty, "\(file)")
                #expect(result.problems.map(\.line) == problems.map(\.line), "\(file): \(result.problems)")
                for (problem, expected) in zip(result.problems, problems) {
                    #expect(problem.english.contains(expected.message), "\(file): \(problem.english)")
                    #expect(!problem.indonesian.isEmpty)
                }
                refused += 1
            case nil:
                Issue.record("\(file): no expectation")
            }
        }
        print("Moodle XML conformance (Moodle's own fixtures): \(files.count) files, \(files.count - refused) read (\(questions) questions), \(refused) refused with the reason named, \(embedded) embedded files served")
    }

    /// The cloze question of Moodle's fixture, without its old-style image: read as Moodle reads it.
    @Test func moodlesClozeFixtureReadsAsBlanks() throws {
        let source = try String(contentsOfFile: Self.folder + "/sample_questions_with_old_image_tag.xml", encoding: .utf8)
        let withoutImages = source.replacingOccurrences(of: #"<image>[^<]*</image>\s*<image_base64>[^<]*</image_base64>"#, with: "", options: .regularExpression)
        let result = MoodleXMLImporter.parse(Array(withoutImages.utf8))
        #expect(result.problems.isEmpty, "\(result.problems)")
        let cloze = try #require(result.items.first)
        guard case .gaps(let gaps) = cloze.interaction else {
            Issue.record("\(cloze.interaction)")
            return
        }
        #expect(gaps.count == 5)
        #expect(gaps.prefix(4).allSatisfy { $0.options.map(\.text).sorted() == ["Arizona", "California"] })
        #expect(gaps[4].answers.map(\.pattern) == ["Paris", "Marseille", "*"])
        #expect(gaps[4].answers.map(\.weight) == [1, 0.5, 0])
        #expect(result.items.map(\.id) == ["cloze-question-with-image", "mcq-with-image"])
    }
}
