import Foundation

/// Case- and accent-insensitive search over course titles, summaries, keywords and module titles.
public enum CourseSearch {
    /// The folded search terms of a query.
    public static func terms(of query: String) -> [String] {
        fold(query).split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Whether every term occurs in the course's searchable text.
    public static func matches(_ course: Course, terms: [String]) -> Bool {
        guard !terms.isEmpty else { return true }
        let haystack = fold(
            ([course.title, course.summary ?? "", course.id] + course.keywords + course.modules.map(\.title)).joined(separator: " ")
        )
        return terms.allSatisfy { haystack.contains($0) }
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
