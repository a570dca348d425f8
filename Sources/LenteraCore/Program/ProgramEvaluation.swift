import Foundation

/// A program's evaluation at Kirkpatrick's levels as BPSDMs report them, per activity and for the program: level 1
/// (reaction: the learners' relevance ratings of its courses) and level 2 (learning: the gain from a course's pre-test
/// to its post-test), with the comments that say the material did not fit daily work.
public enum ProgramEvaluation {
    /// Level 1 of one activity or of the program: how many ratings, and their mean relevance (1-5).
    public struct Reaction: Sendable, Equatable {
        public var responses: Int
        public var averageRelevance: Double
    }

    /// Level 2 of one activity or of the program: the learners with both tests, their mean scores and the gain.
    public struct Learning: Sendable, Equatable {
        public var learners: Int
        public var averagePre: Double
        public var averagePost: Double
        /// Post minus pre, in percentage points.
        public var gain: Double
    }

    /// A rating whose relevance is at most this says the material did not fit the learner's daily work.
    public static let unfitRelevance = 2

    /// Level 1 of ratings (any modules of the activity's course, and the course as a whole); nil without ratings.
    public static func reaction(_ ratings: [FeedbackSummary.Rating]) -> Reaction? {
        guard !ratings.isEmpty else { return nil }
        return Reaction(responses: ratings.count, averageRelevance: Double(ratings.reduce(0) { $0 + $1.relevance }) / Double(ratings.count))
    }

    /// Level 2 from a course's pre/post gain (``QuizReports/gain(pre:post:)``).
    public static func learning(_ gain: QuizReports.Gain?) -> Learning? {
        guard let gain, gain.learners > 0 else { return nil }
        return Learning(learners: gain.learners, averagePre: gain.averagePre, averagePost: gain.averagePost, gain: gain.gain)
    }

    /// The program's level 1: every rating of its activities counted once (a mean weighted by ratings).
    public static func programReaction(_ activities: [Reaction?]) -> Reaction? {
        let rated = activities.compactMap { $0 }
        let responses = rated.reduce(0) { $0 + $1.responses }
        guard responses > 0 else { return nil }
        let total = rated.reduce(0.0) { $0 + $1.averageRelevance * Double($1.responses) }
        return Reaction(responses: responses, averageRelevance: total / Double(responses))
    }

    /// The program's level 2: each activity's means weighted by its learners with both tests.
    public static func programLearning(_ activities: [Learning?]) -> Learning? {
        let measured = activities.compactMap { $0 }
        let learners = measured.reduce(0) { $0 + $1.learners }
        guard learners > 0 else { return nil }
        func weighted(_ value: (Learning) -> Double) -> Double {
            measured.reduce(0.0) { $0 + value($1) * Double($1.learners) } / Double(learners)
        }
        return Learning(learners: learners, averagePre: weighted(\.averagePre), averagePost: weighted(\.averagePost), gain: weighted(\.gain))
    }

    /// Level 3 of a unit or of the program: the learners asked (their follow-up is due), their own answers, and their
    /// supervisors' answers about them.
    public struct Behaviour: Sendable, Equatable {
        public var asked = 0
        public var answers = 0
        public var ratingTotal = 0
        public var supervisorAnswers = 0
        public var supervisorRatingTotal = 0

        /// The learners' mean answer (1-5); nil without answers.
        public var averageRating: Double? { answers > 0 ? Double(ratingTotal) / Double(answers) : nil }
        /// The supervisors' mean answer (1-5); nil without answers.
        public var averageSupervisorRating: Double? { supervisorAnswers > 0 ? Double(supervisorRatingTotal) / Double(supervisorAnswers) : nil }

        mutating func add(_ answer: FollowUp) {
            switch answer.respondent {
            case .learner:
                answers += 1
                ratingTotal += answer.rating
            case .supervisor:
                supervisorAnswers += 1
                supervisorRatingTotal += answer.rating
            }
        }
    }

    /// Level 3 summed by the unit one level below `parent` that holds each learner (the rows of ``ProgramTally``).
    public struct BehaviourTally: Sendable {
        let parent: UnitPath?
        public private(set) var units: [UnitPath: Behaviour] = [:]
        public private(set) var total = Behaviour()

        /// A tally below `parent` (the instansi when nil).
        public init(below parent: UnitPath?) { self.parent = parent }

        func row(_ unit: UnitPath) -> UnitPath? {
            guard parent?.contains(unit) ?? true else { return nil }
            return UnitPath(Array(unit.components.prefix((parent?.components.count ?? 0) + 1)))
        }

        /// Counts a learner of `unit` whose follow-up is due.
        public mutating func ask(_ unit: UnitPath) {
            guard let row = row(unit) else { return }
            units[row, default: Behaviour()].asked += 1
            total.asked += 1
        }

        /// Counts an answer about a learner of `unit`: their own, or their supervisor's.
        public mutating func add(_ answer: FollowUp, unit: UnitPath) {
            guard let row = row(unit) else { return }
            units[row, default: Behaviour()].add(answer)
            total.add(answer)
        }
    }

    /// The follow-up comments that say the program did not change how the learner works (an answer of at most
    /// ``FollowUp/unchangedRating``), in the order given.
    public static func unchangedComments(_ answers: [FollowUp]) -> [FollowUp] {
        answers.filter { $0.rating <= FollowUp.unchangedRating && !$0.comment.trimmingSpaces().isEmpty }
    }

    /// The comments of ratings that say the material did not fit daily work (relevance at most ``unfitRelevance``),
    /// in the order given.
    public static func unfitComments(_ ratings: [FeedbackSummary.Rating]) -> [FeedbackSummary.Rating] {
        ratings.filter { $0.relevance <= unfitRelevance && !$0.comment.trimmingSpaces().isEmpty }
    }
}
