import LenteraCore
import Synchronization

/// The personal fragments of signed-in pages (a module's progress panel, the feedback form, the account links) as
/// rendered for the values they were rendered with: a learner who opens a page again gets the same fragment without
/// running Mustache again.
///
/// The key is the fragment itself (``PageFragment``: its template's name and every value the template sees, the
/// language standing for the labels), compared with `==` by the dictionary: a hash alone never decides a hit, so two
/// learners' fragments (their CSRF tokens differ) never share an entry. The cache holds at most ``limit`` fragments
/// and starts again when full.
final class FragmentCache: Sendable {
    /// At most this many fragments (a few megabytes) are kept.
    static let limit = 4_096

    /// A fragment with the template it is rendered with: equal when both are and every value the templates see is.
    struct Key: Hashable, Sendable {
        var template: String
        var fragment: any PageFragment

        init<Fragment: PageFragment>(_ fragment: Fragment) {
            self.template = Fragment.template
            self.fragment = fragment
        }

        static func == (left: Key, right: Key) -> Bool {
            left.template == right.template && left.fragment.isEqual(to: right.fragment)
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(template)
            hasher.combine(fragment)
        }
    }

    private let stored = Mutex<[Key: String]>([:])

    /// The HTML of `fragment`, from the cache or made by `render` and kept.
    func fragment<Fragment: PageFragment>(_ fragment: Fragment, render: () -> String) -> String {
        let key = Key(fragment)
        if let hit = stored.withLock({ $0[key] }) { return hit }
        let html = render()
        stored.withLock { fragments in
            if fragments.count >= Self.limit { fragments.removeAll(keepingCapacity: true) }
            fragments[key] = html
        }
        return html
    }

    /// How many fragments are kept.
    var count: Int { stored.withLock { $0.count } }
}

extension PageFragment {
    /// Whether `other` is a fragment of the same type with the same values.
    func isEqual(to other: any PageFragment) -> Bool {
        (other as? Self) == self
    }
}
