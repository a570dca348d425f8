import Foundation

extension FeedbackSummary {
    /// One learner's rating of a module, as a summary counts it.
    public typealias Rating = (courseID: String, moduleID: String, relevance: Int, comment: String)

    /// The summaries of ratings: one per module, in the order its first rating comes, with the number of ratings, the
    /// mean relevance and the non-empty comments in the order given.
    ///
    /// Stores hand the ratings ordered by course, module and time, so the summaries come in course and module order.
    public static func summaries(of ratings: [Rating]) -> [FeedbackSummary] {
        var summaries: [String: FeedbackSummary] = [:]
        var order: [String] = []
        for rating in ratings {
            let key = rating.courseID + "\u{1F}" + rating.moduleID
            if summaries[key] == nil {
                summaries[key] = FeedbackSummary(courseID: rating.courseID, moduleID: rating.moduleID, count: 0, averageRelevance: 0, comments: [])
                order.append(key)
            }
            let count = summaries[key]!.count
            summaries[key]!.averageRelevance = (summaries[key]!.averageRelevance * Double(count) + Double(rating.relevance)) / Double(count + 1)
            summaries[key]!.count = count + 1
            if !rating.comment.isEmpty { summaries[key]!.comments.append(rating.comment) }
        }
        return order.map { summaries[$0]! }
    }
}
