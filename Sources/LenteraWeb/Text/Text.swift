import Foundation
import LenteraCore

/// Every piece of interface text, in Indonesian and English: one enum of keys per area of the site (`Text+Area.swift`),
/// read from Swift by name (`Text.Learner.signIn(language)`) and from templates as `{{labels.signIn}}` (``table(_:)``).
///
/// A key is a case, so a name that does not exist does not compile, and each case's `translations` is a `switch`
/// without `default`, so a key without its text does not either. Text that takes values is a format
/// (`Text.Learner.jpThisYear(language, year)`).
enum Text {
    /// One key's text in Indonesian and in English.
    typealias Translations = (indonesian: String, english: String)

    /// Every key of every area, in the order of the areas' files.
    static let allKeys: [any TextKey] = {
        var keys: [any TextKey] = []
        keys += Site.allCases as [any TextKey]
        keys += Learner.allCases as [any TextKey]
        keys += Quiz.allCases as [any TextKey]
        keys += Operator.allCases as [any TextKey]
        keys += Accounts.allCases as [any TextKey]
        keys += Sync.allCases as [any TextKey]
        keys += Offline.allCases as [any TextKey]
        keys += Programs.allCases as [any TextKey]
        keys += Mail.allCases as [any TextKey]
        return keys
    }()

    /// The catalogue for templates in a language, by key: `{{labels.signIn}}` looks `signIn` up in it. A dictionary,
    /// so that Mustache finds a label without reflecting over anything (which made rendering 1,000 pages take seconds).
    static func table(_ language: Language) -> [String: String] {
        language == .indonesian ? indonesianTable : englishTable
    }

    private static let indonesianTable = makeTable { $0.indonesian }
    private static let englishTable = makeTable { $0.english }

    /// A key's text by its name; the first area that has a name wins (the catalogue's tests keep names unique).
    private static func makeTable(_ language: (Translations) -> String) -> [String: String] {
        Dictionary(allKeys.map { ($0.rawValue, language($0.translations)) }, uniquingKeysWith: { first, _ in first })
    }
}

/// A key of interface text: a case of one area's enum, named as templates name it, with its text in both languages.
protocol TextKey: CaseIterable, RawRepresentable<String>, Sendable {
    /// This key's text in Indonesian and in English.
    var translations: Text.Translations { get }
}

extension TextKey {
    /// This key's text in a language.
    func callAsFunction(_ language: Language) -> String {
        language == .indonesian ? translations.indonesian : translations.english
    }

    /// This key's text in a language, as a format filled with values (`%d`, `%@`).
    func callAsFunction(_ language: Language, _ first: any CVarArg, _ rest: any CVarArg...) -> String {
        String(format: self(language), arguments: [first] + rest)
    }
}
