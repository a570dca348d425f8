import Foundation

/// The words of a text as search sees them: folded (case and accents ignored), each with where it stands in the text,
/// and the cheap Indonesian stems and typo distances that let a query word meet a word of the text.
public enum SearchText {
    /// One word of a text: its folded form and its UTF-8 byte range in the text.
    public struct Word: Sendable, Equatable {
        /// The word in lower case without accents.
        public var folded: String
        /// Where the word stands in the text's UTF-8 bytes.
        public var range: Range<Int>
    }

    /// Words longer than this many bytes (a URL, a hash) are not indexed.
    public static let longestWord = 64
    /// The shortest stem an affix may leave (`bina` from `pembinaan`; `makan` keeps its `-kan`).
    static let shortestStem = 4

    /// Lower case without accents: `Éducation` and `education` fold alike.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// The words of a text in order: runs of letters, digits and combining marks, folded.
    public static func words(in text: String) -> [Word] {
        var text = text
        return text.withUTF8 { bytes in
            var words: [Word] = []
            scan(bytes) { range, ascii in
                words.append(Word(folded: folded(bytes, range, ascii: ascii), range: range))
            }
            return words
        }
    }

    /// Calls `body` with the byte range of every word of UTF-8 `bytes`, and whether the word is all ASCII.
    package static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Bool) -> Void) {
        let count = bytes.count
        var index = 0
        var start = -1
        var ascii = true
        while index < count {
            let byte = bytes[index]
            var length = 1
            let inWord: Bool
            if byte < 0x80 {
                inWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            } else {
                // Swift strings hold valid UTF-8: the lead byte gives the length.
                length = byte >= 0xF0 ? 4 : (byte >= 0xE0 ? 3 : 2)
                var value = UInt32(byte) & (byte >= 0xF0 ? 0x07 : (byte >= 0xE0 ? 0x0F : 0x1F))
                var offset = 1
                while offset < length, index + offset < count {
                    value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
                    offset += 1
                }
                inWord = Unicode.Scalar(value).map { Self.isWordScalar($0) } ?? false
            }
            if inWord {
                if start < 0 {
                    start = index
                    ascii = true
                }
                if byte >= 0x80 { ascii = false }
            } else if start >= 0 {
                body(start..<index, ascii)
                start = -1
            }
            index += length
        }
        if start >= 0 { body(start..<count, ascii) }
    }

    /// Whether a non-ASCII scalar belongs to a word: letters, digits, and the marks that accent them.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark: return true
        default: return false
        }
    }

    /// The folded form of the word at `range`; ASCII words are lowered byte by byte (most of an Indonesian text).
    package static func folded(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, ascii: Bool) -> String {
        guard ascii else { return fold(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)) }
        return String(unsafeUninitializedCapacity: range.count) { output in
            var written = 0
            for byte in bytes[range] {
                output[written] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                written += 1
            }
            return written
        }
    }

    /// Prefixes stripped for a stem, with the first letter some of them swallow (`meng-` + `kelola` → `mengelola`).
    static let prefixes: [(prefix: String, swallowed: String?)] = [
        ("meng", "k"), ("meny", "s"), ("mem", "p"), ("men", "t"), ("me", nil),
        ("peng", "k"), ("peny", "s"), ("pem", "p"), ("pen", "t"), ("pel", nil), ("per", nil), ("pe", nil),
        ("ber", nil), ("di", nil), ("ke", nil),
    ]
    /// Suffixes stripped after `-nya`, the longest that applies.
    static let suffixes = ["kan", "an", "i"]

    /// The stems a folded word may have under Indonesian affixes; the word alone when none applies.
    ///
    /// Loose on purpose: every prefix that fits gives a candidate (`pelatihan` → `pelatih`, `latih`, `atih`), so that two
    /// forms of one word meet at a shared candidate. Candidates, not a dictionary stemmer: cheap and symmetric.
    public static func stems(of word: String) -> [String] {
        let letters = word.utf8
        guard letters.count > shortestStem, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return [word] }
        var base = word
        if base.hasSuffix("nya"), base.utf8.count - 3 >= shortestStem { base = String(base.dropLast(3)) }
        var cores = [base]
        for (prefix, swallowed) in prefixes where base.hasPrefix(prefix) {
            let rest = String(base.dropFirst(prefix.utf8.count))
            guard rest.utf8.count >= shortestStem else { continue }
            cores.append(rest)
            if let swallowed, let first = rest.first, "aeiou".contains(first) { cores.append(swallowed + rest) }
        }
        var stems: [String] = []
        for core in cores {
            var stem = core
            if let suffix = suffixes.first(where: { core.hasSuffix($0) && core.utf8.count - $0.utf8.count >= shortestStem }) {
                stem = String(core.dropLast(suffix.utf8.count))
            }
            if !stems.contains(stem) { stems.append(stem) }
        }
        return stems
    }

    /// How many edits a typo may have in a query word of `length` letters: 1 for 4 to 7, 2 from 8, none below 4.
    public static func typoAllowance(length: Int) -> Int {
        length >= 8 ? 2 : (length >= 4 ? 1 : 0)
    }

    /// Whether two words are at most `limit` edits apart (insertions, deletions, substitutions, neighbours swapped).
    public static func withinEdits(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Bool {
        let n = a.count
        let m = b.count
        guard abs(n - m) <= limit else { return false }
        guard n > 0, m > 0 else { return max(n, m) <= limit }
        var beforePrevious = [Int](repeating: 0, count: m + 1)
        var previous = Array(0...m)
        var current = [Int](repeating: 0, count: m + 1)
        for i in 1...n {
            current[0] = i
            var rowMinimum = i
            for j in 1...m {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return false }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[m] <= limit
    }
}
