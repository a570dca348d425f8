import LenteraCore
import Synchronization

/// The personal fragments of signed-in pages (a module's progress panel, the feedback form, the account links) as
/// rendered for the values they were rendered with: a learner who opens a page again gets the same fragment without
/// running Mustache again.
///
/// The key is every value the template sees, so a hit is exactly what rendering would give; the catalogue of labels
/// is keyed by its language. Values that are not plain (numbers, text, truth values, lists and tables of them) make
/// no key and are rendered each time. The cache holds at most ``limit`` fragments and starts again when full.
final class FragmentCache: Sendable {
    /// At most this many fragments (a few megabytes) are kept.
    static let limit = 4_096
    private let stored = Mutex<[String: String]>([:])

    /// The fragment for `values` in `template`, from the cache or made by `render` and kept.
    func fragment(_ template: String, _ values: [String: Any], language: Language, render: () -> String) -> String {
        guard let key = Self.key(template, values, language: language) else { return render() }
        if let hit = stored.withLock({ $0[key] }) { return hit }
        let html = render()
        stored.withLock { fragments in
            if fragments.count >= Self.limit { fragments.removeAll(keepingCapacity: true) }
            fragments[key] = html
        }
        return html
    }

    /// A text that differs whenever the template or a value it sees differs; nil for values that cannot be written out.
    static func key(_ template: String, _ values: [String: Any], language: Language) -> String? {
        var key = template + "\u{1}" + language.rawValue
        for name in values.keys.sorted() where name != "labels" {
            guard let value = values[name], write(value, to: &key) else { return nil }
            key += "\u{2}" + name
        }
        return key
    }

    /// Appends a value with its kind (so that 1, "1" and true differ); false for a value that is not plain.
    private static func write(_ value: Any, to key: inout String) -> Bool {
        switch value {
        case let text as String: key += "\u{3}s" + text
        case let number as Int: key += "\u{3}i" + String(number)
        case let truth as Bool: key += truth ? "\u{3}t" : "\u{3}f"
        case let number as Double: key += "\u{3}d" + String(number)
        case let list as [Any]:
            key += "\u{4}[" + String(list.count)
            for item in list where !write(item, to: &key) { return false }
            key += "\u{4}]"
        case let table as [String: Any]:
            key += "\u{5}{" + String(table.count)
            for name in table.keys.sorted() {
                key += "\u{5}" + name
                guard let item = table[name], write(item, to: &key) else { return false }
            }
            key += "\u{5}}"
        default: return false
        }
        return true
    }
}
