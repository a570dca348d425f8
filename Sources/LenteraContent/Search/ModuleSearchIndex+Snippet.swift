import LenteraCore

extension ModuleSearchIndex {
    /// About how many bytes of text a snippet shows.
    static let snippetLength = 160
    /// How much text a snippet shows before its first match, at most.
    static let snippetLead = 40
    /// How far into a module's text a snippet looks for its matches (a long module's later matches are not shown).
    static let snippetScanLength = 65_536

    /// The folded words a snippet marks, each with the query words it matched (as bits), and the bytes they start with.
    struct Marks {
        var words: [String: UInt32] = [:]
        /// Whether a marked word starts with each byte: most words of a text are passed over without being folded.
        var firstBytes = [Bool](repeating: false, count: 256)

        mutating func add(_ word: [UInt8], matching position: Int) {
            guard let first = word.first else { return }
            words[String(decoding: word, as: UTF8.self), default: 0] |= 1 << UInt32(position)
            firstBytes[Int(first)] = true
        }
    }

    /// The text around its best match as HTML: the window of ``snippetLength`` bytes that holds the most different query
    /// words, cut between words, escaped, with `<mark>` around each matched word and `…` where text was left out.
    ///
    /// - Parameter marks: the folded words to mark.
    static func snippet(of text: String, marks: Marks) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var matches: [(range: Range<Int>, words: UInt32)] = []
            var scanned = min(bytes.count, Self.snippetScanLength)
            while scanned < bytes.count, scanned > 0, bytes[scanned] & 0xC0 == 0x80 { scanned -= 1 }  // not inside a character
            SearchText.scan(UnsafeBufferPointer(rebasing: bytes[0..<scanned])) { range, ascii in
                // An ASCII word folds to its bytes in lower case (`| 0x20` lowers a letter and keeps a digit).
                guard range.count <= SearchText.longestWord, !ascii || marks.firstBytes[Int(bytes[range.lowerBound] | 0x20)] else { return }
                if let words = marks.words[SearchText.folded(bytes, range, ascii: ascii)] { matches.append((range, words)) }
            }
            var anchor = 0..<0
            var bestCount = 0
            for first in matches.indices {
                var words: UInt32 = 0
                var next = first
                while next < matches.count, matches[next].range.upperBound - matches[first].range.lowerBound <= Self.snippetLength {
                    words |= matches[next].words
                    next += 1
                }
                if words.nonzeroBitCount > bestCount {
                    bestCount = words.nonzeroBitCount
                    anchor = matches[first].range
                }
            }
            let space = UInt8(ascii: " ")
            var start = max(0, anchor.lowerBound - Self.snippetLead)
            if start > 0 {
                // From the word after a space, or from the match itself when no space comes before it.
                start = bytes[start..<anchor.lowerBound].firstIndex(of: space).map { $0 + 1 } ?? anchor.lowerBound
            }
            var end = max(min(bytes.count, start + Self.snippetLength), anchor.upperBound)
            if end < bytes.count {
                if let cut = bytes[anchor.upperBound..<end].lastIndex(of: space) {
                    end = cut
                } else {
                    while end > anchor.upperBound, bytes[end] & 0xC0 == 0x80 { end -= 1 }  // not inside a character
                }
            }
            func piece(_ range: Range<Int>) -> String {
                escapeText(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            }
            var html = start > 0 ? "… " : ""
            var written = start
            for match in matches where match.range.lowerBound >= start && match.range.upperBound <= end {
                html += piece(written..<match.range.lowerBound) + "<mark>" + piece(match.range) + "</mark>"
                written = match.range.upperBound
            }
            html += piece(written..<end)
            if end < bytes.count { html += " …" }
            return html
        }
    }
}
