import Crypto
import LenteraCore
import Synchronization

/// The personal fragments of signed-in pages (a module's progress panel, the feedback form, the account links) as
/// rendered for the values they were rendered with: a learner who opens a page again gets the same fragment without
/// running Mustache again.
///
/// The key is the fragment itself (``PageFragment``: every value its template sees, the language standing for the
/// labels), one dictionary per kind of fragment (so per template), compared with `==` by the dictionary: a hash
/// alone never decides a hit, so two learners' fragments (their CSRF tokens differ) never share an entry. Each kind
/// holds at most ``limit`` fragments and starts again when full. Kinds apart, a look-up hashes and compares the
/// fragment's own type, with no existential to open or cast (a fifth of a signed-in page's own work, before).
final class FragmentCache: Sendable {
    /// At most this many fragments of a kind are kept: with their gzip pieces, a few megabytes for each of the few
    /// kinds of signed-in pages' fragments.
    static let limit = 2_048

    /// The fragments of one kind.
    private final class Kind<Fragment: PageFragment>: CountedKind, Sendable {
        let fragments = Mutex<[Fragment: KeptFragment]>([:])
        var count: Int { fragments.withLock { $0.count } }
    }

    /// The kinds by their type: each value is the ``Kind`` of the type its key names.
    private let kinds = Mutex<[ObjectIdentifier: any CountedKind]>([:])

    /// `fragment` as rendered, from the cache or made by `render` and kept.
    func fragment<Fragment: PageFragment>(_ fragment: Fragment, render: () -> String) -> KeptFragment {
        let kind = self.kind(Fragment.self)
        if let hit = kind.fragments.withLock({ $0[fragment] }) { return hit }
        let kept = KeptFragment(html: render())
        kind.fragments.withLock { fragments in
            if fragments.count >= Self.limit { fragments.removeAll(keepingCapacity: true) }
            fragments[fragment] = kept
        }
        return kept
    }

    /// How many fragments are kept, of every kind.
    var count: Int {
        kinds.withLock { Array($0.values) }.reduce(0) { $0 + $1.count }
    }

    private func kind<Fragment: PageFragment>(_ type: Fragment.Type) -> Kind<Fragment> {
        kinds.withLock { kinds in
            if let kind = kinds[ObjectIdentifier(type)] {
                // Stored under its own type's identifier just below: the cast cannot fail.
                return unsafeDowncast(kind, to: Kind<Fragment>.self)
            }
            let kind = Kind<Fragment>()
            kinds[ObjectIdentifier(type)] = kind
            return kind
        }
    }
}

/// How many fragments a kind holds, whatever its type.
private protocol CountedKind: AnyObject, Sendable {
    var count: Int { get }
}

/// A fragment as the cache keeps it: its HTML, the digest of the HTML (for the page's ETag) and, once a gzip answer
/// needed it, its gzip piece, so that a page asked for again hashes and compresses none of its fragments' text.
final class KeptFragment: Sendable {
    let html: String
    /// SHA-256 of the HTML.
    let digest: SHA256Digest
    private let piece = Mutex<GzipSplice.Piece?>(nil)

    init(html: String) {
        self.html = html
        digest = SHA256.hash(data: Array(html.utf8))
    }

    /// The fragment's gzip piece, made by `make` the first time.
    func gzipPiece(make: (String) throws -> GzipSplice.Piece) rethrows -> GzipSplice.Piece {
        if let kept = piece.withLock({ $0 }) { return kept }
        let made = try make(html)
        piece.withLock { $0 = made }
        return made
    }
}

/// The HTML that fills a region of a signed-in page: kept by the ``FragmentCache`` (with its digest and gzip piece),
/// or made for this answer alone.
struct FragmentHTML: Sendable {
    let html: String
    let kept: KeptFragment?

    init(_ html: String) {
        self.html = html
        kept = nil
    }

    init(_ kept: KeptFragment) {
        html = kept.html
        self.kept = kept
    }
}
