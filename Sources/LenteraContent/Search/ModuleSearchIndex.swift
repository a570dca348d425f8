import Foundation
import LenteraCore

/// Full-text search inside modules: an inverted index over each module's title, its course's title, keywords and
/// summary, and the module's text (never its quizzes), made once each time the catalogue is published.
///
/// Hand-written rather than SQLite FTS5: the catalogue lives in memory and is replaced whole, the index must fold
/// accents, forgive typos and meet Indonesian affixes, and a few hundred lines of plain Swift do that without a
/// database per catalogue.
public struct ModuleSearchIndex: Sendable {
    /// One module as the index reads it: where it is, its text, and the words of each field counted.
    public struct Document: Sendable {
        /// The id of the module's course.
        public var courseID: String
        /// The title of the module's course.
        public var courseTitle: String
        /// The module's id.
        public var moduleID: String
        /// The module's title.
        public var moduleTitle: String
        /// The module's text without markup, runs of white space as one space.
        public var text: String
        /// Occurrences of each folded word, by field (emptied once the index holds them).
        var counts: [String: FieldCounts]

        /// Reads a module: its title, its course's title, keywords and summary, and its text.
        public init(course: Course, module: Module, text: String) {
            courseID = course.id
            courseTitle = course.title
            moduleID = module.id
            moduleTitle = module.title
            self.text = text
            counts = [:]
            count(module.title, into: \.title)
            count(([course.title] + course.keywords + [course.summary ?? ""]).joined(separator: " "), into: \.keywords)
            count(text, into: \.body)
        }

        private mutating func count(_ text: String, into field: WritableKeyPath<FieldCounts, UInt16>) {
            for word in SearchText.words(in: text) where word.folded.utf8.count <= SearchText.longestWord {
                let seen = counts[word.folded, default: FieldCounts()][keyPath: field]
                counts[word.folded, default: FieldCounts()][keyPath: field] = seen == .max ? seen : seen + 1
            }
        }
    }

    /// How often a word occurs in each field of one module.
    struct FieldCounts: Sendable {
        var title: UInt16 = 0
        var keywords: UInt16 = 0
        var body: UInt16 = 0
    }

    /// A module that holds a word, with what the word's hits in it count for (``fieldScore(_:)``).
    struct Posting: Sendable {
        var document: Int32
        var score: Float
    }

    /// The modules indexed, in catalogue order (the order ties are listed in).
    public private(set) var documents: [Document] = []
    /// Each folded word's id.
    var termIDs: [String: Int32] = [:]
    /// Each word's UTF-8 bytes, by id.
    var terms: [[UInt8]] = []
    /// Each word's postings, by id, in document order.
    var postings: [[Posting]] = []
    /// Word ids sorted by their bytes: the words that start with a query word are neighbours.
    var sortedTermIDs: [Int32] = []
    /// The words that have each stem (other than the word itself).
    var wordsByStem: [String: [Int32]] = [:]
    /// Words by first byte and length, where typos are looked for.
    var typoCandidates: [Int: [Int32]] = [:]

    /// An empty index.
    public init() {}

    /// Indexes documents, kept in the order given.
    public init(documents: [Document]) {
        self.documents = documents
        for index in documents.indices {
            for (term, counts) in documents[index].counts {
                let id: Int32
                if let known = termIDs[term] {
                    id = known
                } else {
                    id = Int32(terms.count)
                    termIDs[term] = id
                    terms.append(Array(term.utf8))
                    postings.append([])
                }
                postings[Int(id)].append(Posting(document: Int32(index), score: Float(Self.fieldScore(counts))))
            }
            self.documents[index].counts = [:]
        }
        let bytesByID = terms
        sortedTermIDs = bytesByID.indices.sorted { bytesByID[$0].lexicographicallyPrecedes(bytesByID[$1]) }.map { Int32($0) }
        for (term, id) in termIDs {
            for stem in SearchText.stems(of: term) where stem != term {
                wordsByStem[stem, default: []].append(id)
            }
            let bytes = terms[Int(id)]
            if bytes.count >= 3, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) {
                typoCandidates[Self.typoKey(first: bytes[0], length: bytes.count), default: []].append(id)
            }
        }
    }

    /// What one word's hits in a module count for: a title hit beats a keyword hit, which beats any number in the text.
    static func fieldScore(_ counts: FieldCounts) -> Double {
        var score = 0.0
        if counts.title > 0 { score += 8 }
        if counts.keywords > 0 { score += 4 }
        if counts.body > 0 { score += 1 + min(log2(Double(counts.body)), 2) }
        return score
    }

    static func typoKey(first: UInt8, length: Int) -> Int {
        Int(first) << 8 | min(length, 255)
    }

    /// The documents of a course's modules, each module's text read from its rendered HTML (``plainText(ofHTML:)``).
    public static func documents(of course: Course) -> [Document] {
        course.modules.map { Document(course: course, module: $0, text: plainText(ofHTML: $0.html)) }
    }

    /// Elements that run inside a line of text: no space is put around their content.
    static let inlineElements: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp", "small",
        "span", "strong", "sub", "sup", "time", "u", "var",
    ]

    /// The text of rendered HTML as a reader meets it: text in order, image descriptions (`alt`) included, blocks kept
    /// apart, runs of white space as one space. The HTML is read by libxml2's HTML parser, character references and all.
    public static func plainText(ofHTML html: String) -> String {
        var pieces: [String] = []
        func walk(_ nodes: [XMLNode]) {
            for node in nodes {
                switch node {
                case .text(let text):
                    pieces.append(text)
                case .element(let element):
                    let name = element.name.lowercased()
                    if name == "script" || name == "style" || name == "template" { continue }
                    if name == "img" {
                        pieces.append(" " + (element.attributes["alt"] ?? "") + " ")
                        continue
                    }
                    let inline = Self.inlineElements.contains(name)
                    if !inline { pieces.append(" ") }
                    walk(element.content)
                    if !inline { pieces.append(" ") }
                }
            }
        }
        walk(SafeXMLParser.parseHTMLFragment(html))
        return pieces.joined().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
