import Foundation
import LenteraCore
import Testing

@testable import LenteraWeb

/// The catalogue of interface text: every key in both languages, one name per key, and every label a template uses in it.
@Suite struct TextTests {
    @Test func everyKeyHasItsTextInBothLanguages() {
        let missing = Text.allKeys.filter {
            $0.translations.indonesian.trimmingCharacters(in: .whitespaces).isEmpty
                || $0.translations.english.trimmingCharacters(in: .whitespaces).isEmpty
        }
        #expect(missing.map { $0.rawValue } == [])
    }

    @Test func everyNameStandsForOneKey() {
        var seen: [String: Int] = [:]
        for key in Text.allKeys { seen[key.rawValue, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.keys.sorted() == [])
        #expect(Text.table(.indonesian).count == Text.allKeys.count)
        #expect(Text.table(.english).count == Text.allKeys.count)
    }

    /// A format takes the same values in both languages, so that neither reads past what it was given.
    @Test func formatsTakeTheSameValuesInBothLanguages() {
        func placeholders(_ text: String) -> [String] {
            var found: [String] = []
            var rest = Substring(text)
            while let percent = rest.firstIndex(of: "%") {
                let after = rest[rest.index(after: percent)...]
                guard let kind = after.first else { break }
                found.append("%" + String(kind))
                rest = after.dropFirst()
            }
            return found
        }
        let mismatched = Text.allKeys.filter { placeholders($0.translations.indonesian) != placeholders($0.translations.english) }
        #expect(mismatched.map { $0.rawValue } == [])
    }

    @Test func everyLabelATemplateUsesIsInTheCatalogue() {
        let table = Text.table(.indonesian)
        var unknown: [String] = []
        for (name, template) in Templates.all {
            for reference in template.components(separatedBy: "labels.").dropFirst() {
                let key = String(reference.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                if table[key] == nil { unknown.append("\(name): \(key)") }
            }
        }
        #expect(unknown == [])
        // The check reads the templates it is meant to read.
        #expect(Templates.all["layout"]?.contains("{{labels.skipToContent}}") == true)
    }

    @Test func textIsReadByNameInEitherLanguage() {
        #expect(Text.Site.catalogue(.indonesian) == "Katalog Kursus")
        #expect(Text.Site.catalogue(.english) == "Course Catalogue")
        #expect(Text.table(.english)["signIn"] == "Sign in")
        #expect(Text.Learner.standingInProgress(.indonesian, 40) == "Sedang berjalan 40%")
        #expect(Text.Quiz.message(for: .unknownItem("soal-9"), .english).hasPrefix("The answer to question \"soal-9\" was refused"))
        #expect(Text.Site.name(of: .sosialKultural)(.english) == "Socio-cultural")
        #expect(Text.Accounts.name(of: Role.operator)(.indonesian) == "operator")
        #expect(Text.Accounts.name(of: Deactivation.Reason.deceased)(.indonesian) == "meninggal dunia")
    }
}
