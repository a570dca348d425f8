import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Question, choice and blank ids in any script: written as valid QTI identifiers, read back as they were.
@Suite struct QTIIdentifierTests {
    /// A GIFT title makes the id (`::Ibu kota Aceh::`); in Indonesian material titles hold accented Latin (`café`),
    /// Arabic (Pegon) or Javanese script.
    static let ids = ["soal-café", "soal-سؤال", "ꦱꦺꦴꦮꦭ꧀-1", "20-jp", "soal-1"]

    @Test func idsInAnyScriptSurviveExportAndImport() throws {
        let items = Self.ids.map { id in
            QuizItem(
                id: id, prompt: "Ibu kota Aceh: [[\(id)-isian]]",
                interaction: .gaps([.init(id: id + "-isian", options: [.init(id: "banda-\(id)", text: "Banda Aceh", weight: 1), .init(id: "medan", text: "Medan", weight: 0)])]))
        }
        let (result, files) = QTITests.roundTrip(items)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.items.map(\.id) == Self.ids, "\(files.keys.sorted())")
        let validator = try QTIExportValidityTests.itemSchema.get()
        for (path, bytes) in files where path != "imsmanifest.xml" {
            #expect(validator.violations(bytes).isEmpty, "\(path): \(validator.violations(bytes))")
        }
        for back in result.items {
            guard case .gaps(let gaps) = back.interaction else { Issue.record("not gaps"); continue }
            #expect(gaps.map(\.options.count) == [2])
            // Banda Aceh is right again, Medan wrong.
            #expect(QTITests.points(back, .gaps([gaps[0].id: gaps[0].options[0].id])) == back.points && back.points > 0)
            #expect(QTITests.points(back, .gaps([gaps[0].id: gaps[0].options[1].id])) == 0)
        }
        // Package file names stay ASCII (every zip tool and file system takes them) and distinct.
        #expect(files.keys.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) }, "\(files.keys.sorted())")
        #expect(Set(files.keys.map { $0.lowercased() }).count == files.count)
    }

    @Test func whatNoIdentifierCanHoldIsReplaced() {
        #expect(QTIXML.identifier("soal-café") == "soal-café")
        #expect(QTIXML.identifier("20-jp") == "_20-jp")
        #expect(QTIXML.identifier("soal 1/2") == "soal-1-2")
        #expect(QTIXML.identifier("ꦱ-1") == "_xA9B1_-1")
        #expect(QTIImporter.itemID("_xA9B1_-1") == "ꦱ-1" && QTIImporter.itemID("_20-jp") == "20-jp")
        #expect(QTIImporter.itemID("a_xZZ_b_x41") == "a_xZZ_b_x41")
        // What would read back as something else is escaped: a literal `_x0041_`, a `_` before a digit.
        for id in ["soal_x0041_", "_1abc", "a_xb"] {
            #expect(QTIImporter.itemID(QTIXML.identifier(id, item: true)) == id, "\(id) → \(QTIXML.identifier(id, item: true))")
            #expect(QTIXML.isNCName(QTIXML.identifier(id, item: true)))
        }
    }
}
