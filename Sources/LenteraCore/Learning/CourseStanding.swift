import Foundation

/// Where a learner stands in a course, as the catalogue's cards show it to them.
public enum CourseStanding: Sendable, Equatable {
    /// No module of the course opened yet, and no credit for it.
    case notStarted
    /// Started and not credited: the share of the required modules done, in whole percent rounded down (as the course
    /// page and the home page show it).
    case inProgress(percent: Int)
    /// Credited for the version served now: the JP ledger has its entry, as the home page and the course page count it.
    case completed

    /// A learner's standing in each course, by course id, from all their ledger entries and all their module summaries:
    /// what two reads give for a whole page, however many courses it lists.
    public static func standings(of courses: [Course], entries: [LedgerEntry], summaries: [ContentSummary]) -> [String: CourseStanding] {
        let byCourse = Dictionary(grouping: summaries, by: \.courseID)
        var standings: [String: CourseStanding] = [:]
        for course in courses {
            standings[course.id] = standing(in: course, entries: entries, summaries: byCourse[course.id] ?? [])
        }
        return standings
    }

    /// A learner's standing in one course, from their ledger entries and module summaries (those of other courses are
    /// left out).
    public static func standing(in course: Course, entries: [LedgerEntry], summaries: [ContentSummary]) -> CourseStanding {
        if entries.contains(where: { $0.courseID == course.id && $0.courseVersion == course.creditVersion }) { return .completed }
        let own = summaries.filter { $0.courseID == course.id }
        guard !own.isEmpty else { return .notStarted }
        let byModule = Dictionary(own.map { ($0.moduleID, $0) }, uniquingKeysWith: { first, _ in first })
        return .inProgress(percent: Int((CourseRequirements(course).progress(byModule) * 100).rounded(.down)))
    }
}
