import LenteraCore

extension ModuleSearchIndex {
    /// A module found: where it is, how well it matched, and its text around the best match.
    public struct Hit: Sendable, Equatable {
        /// The id of the module's course.
        public var courseID: String
        /// The title of the module's course.
        public var courseTitle: String
        /// The module's id.
        public var moduleID: String
        /// The module's title.
        public var moduleTitle: String
        /// About 160 characters of the module's text around the best match, as HTML: escaped, the matched words in `<mark>`.
        public var snippetHTML: String
        /// How well the module matched; higher is better.
        public var score: Double
        /// Whether the module holds every word of the query (false when no module did and any word was enough).
        public var matchedEveryWord: Bool
    }

    /// How a word of the module met a word of the query, best last.
    enum MatchKind: Int, Comparable {
        case typo = 1
        case affix = 2
        case exact = 3

        /// What a field hit counts for with this kind of match.
        var weight: Double {
            switch self {
            case .typo: 0.3
            case .affix: 0.6
            case .exact: 1
            }
        }

        static func < (lhs: MatchKind, rhs: MatchKind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The longest query read, in characters.
    public static let longestQuery = 200
    /// The most words of a query used.
    public static let mostQueryWords = 8
    /// The most modules a search returns unless asked for fewer.
    public static let mostHits = 50
    /// The shortest query word that also finds the words it begins.
    static let shortestPrefix = 3
    /// The most words one query word's beginning may stand for.
    static let mostPrefixWords = 100
    /// The most indexed words one query word is compared with for typos: a query of made-up words costs a bounded
    /// amount of work whatever the vocabulary.
    static let mostTypoComparisons = 2_000

    /// The modules of the given courses that match a query, best first.
    ///
    /// Every word of the query must match (in the title, the course's title, keywords and summary, or the text); when
    /// no module has them all, modules with any of them are listed, most words first. A word matches exactly, as the
    /// beginning of a longer word or by an Indonesian stem, or with a typo or two (``SearchText/typoAllowance(length:)``).
    /// - Parameter courses: the ids of the courses the searcher may see; modules of other courses are never listed.
    public func search(_ query: String, inCourses courses: Set<String>, limit: Int = ModuleSearchIndex.mostHits) -> [Hit] {
        var queryWords: [String] = []
        for word in SearchText.words(in: String(query.prefix(Self.longestQuery))) where word.folded.utf8.count <= SearchText.longestWord {
            if !queryWords.contains(word.folded) { queryWords.append(word.folded) }
        }
        queryWords = Array(queryWords.prefix(Self.mostQueryWords))
        guard !queryWords.isEmpty, limit > 0, !documents.isEmpty else { return [] }
        let visible = documents.map { courses.contains($0.courseID) }
        var total = [Double](repeating: 0, count: documents.count)
        var wordsMatched = [Int](repeating: 0, count: documents.count)
        var best = [Double](repeating: 0, count: documents.count)
        var found: [Int] = []
        var marks = Marks()
        for (position, word) in queryWords.enumerated() {
            var touched: [Int] = []
            for (id, kind) in expansions(of: word) {
                marks.add(terms[Int(id)], matching: position)
                for posting in postings[Int(id)] {
                    let document = Int(posting.document)
                    guard visible[document] else { continue }
                    let score = kind.weight * Double(posting.score)
                    if best[document] == 0 { touched.append(document) }
                    best[document] = max(best[document], score)
                }
            }
            for document in touched {
                if wordsMatched[document] == 0 { found.append(document) }
                total[document] += best[document]
                wordsMatched[document] += 1
                best[document] = 0
            }
        }
        var chosen = found.filter { wordsMatched[$0] == queryWords.count }
        let everyWord = !chosen.isEmpty
        if !everyWord { chosen = found }
        chosen.sort { (wordsMatched[$0], total[$0], -$0) > (wordsMatched[$1], total[$1], -$1) }
        return chosen.prefix(limit).map { index in
            let document = documents[index]
            return Hit(
                courseID: document.courseID, courseTitle: document.courseTitle, moduleID: document.moduleID,
                moduleTitle: document.moduleTitle, snippetHTML: Self.snippet(of: document.text, marks: marks), score: total[index],
                matchedEveryWord: everyWord
            )
        }
    }

    /// The indexed words a query word stands for, each with how it matched: itself, the words it begins, the words
    /// that share a stem with it, and, when it is no indexed word, the words a typo or two away that start alike.
    func expansions(of word: String) -> [Int32: MatchKind] {
        var found: [Int32: MatchKind] = [:]
        func add(_ id: Int32, _ kind: MatchKind) {
            if let known = found[id], known >= kind { return }
            found[id] = kind
        }
        let exact = termIDs[word]
        if let exact { add(exact, .exact) }
        let bytes = Array(word.utf8)
        if bytes.count >= Self.shortestPrefix {
            var low = 0
            var high = sortedTermIDs.count
            while low < high {
                let middle = (low + high) / 2
                if terms[Int(sortedTermIDs[middle])].lexicographicallyPrecedes(bytes) { low = middle + 1 } else { high = middle }
            }
            var index = low
            while index < sortedTermIDs.count, index - low < Self.mostPrefixWords {
                let id = sortedTermIDs[index]
                guard terms[Int(id)].starts(with: bytes) else { break }
                add(id, .affix)
                index += 1
            }
        }
        for stem in SearchText.stems(of: word) {
            if let id = termIDs[stem] { add(id, .affix) }
            for id in wordsByStem[stem] ?? [] { add(id, .affix) }
        }
        let allowance = SearchText.typoAllowance(length: bytes.count)
        if exact == nil, allowance > 0, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
            var comparisons = 0
            lengths: for length in (bytes.count - allowance)...(bytes.count + allowance) {
                for id in typoCandidates[Self.typoKey(first: bytes[0], length: length)] ?? [] where found[id] == nil {
                    comparisons += 1
                    if comparisons > Self.mostTypoComparisons { break lengths }
                    if SearchText.withinEdits(bytes, terms[Int(id)], limit: allowance) { add(id, .typo) }
                }
            }
        }
        return found
    }
}
