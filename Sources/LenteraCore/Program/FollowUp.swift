import Foundation

/// Level 3 of a program's evaluation (behaviour): some weeks after a learner completed a program (the program's
/// `<follow-up weeks="N"/>`), they and their supervisor (where the roster names one) are asked whether it changed how
/// the learner works, on a short scale with a comment. When they are asked, and who answers about whom, is decided
/// here alone.
public struct FollowUp: Sendable, Equatable {
    /// Who answered.
    public enum Respondent: String, Sendable, CaseIterable {
        /// The learner, about themselves.
        case learner = "peserta"
        /// The learner's supervisor (atasan), about them.
        case supervisor = "atasan"
    }

    /// The program asked about.
    public var programID: String
    /// The learner the answer is about.
    public var accountID: Int64
    /// Who answered.
    public var respondent: Respondent
    /// The account that answered: the learner, or their supervisor.
    public var respondentID: Int64
    /// From 1 (nothing changed) to 5 (changed a great deal).
    public var rating: Int
    /// What the respondent wrote, possibly nothing.
    public var comment: String
    /// When it was answered.
    public var answeredAt: Date

    /// Creates an answer.
    public init(programID: String, accountID: Int64, respondent: Respondent, respondentID: Int64, rating: Int, comment: String, answeredAt: Date) {
        self.programID = programID
        self.accountID = accountID
        self.respondent = respondent
        self.respondentID = respondentID
        self.rating = rating
        self.comment = comment
        self.answeredAt = answeredAt
    }

    /// The scale of an answer.
    public static let ratingRange = 1...5
    /// The weeks a program may wait before asking.
    public static let weeksRange = 1...52
    /// The longest comment kept, in characters.
    public static let commentLimit = 2000
    /// An answer at most this says the program did not change how the learner works.
    public static let unchangedRating = 2

    /// When a learner is asked: the program's weeks after they completed it (``ProgramProgress/completedAt``); nil
    /// while they have not, or when the program asks nothing.
    public static func due(_ program: Program, progress: ProgramProgress) -> Date? {
        guard let weeks = program.followUpWeeks, let completed = progress.completedAt else { return nil }
        return completed.addingTimeInterval(TimeInterval(weeks) * 7 * 86_400)
    }

    /// Whether a learner is asked now: the follow-up is due.
    public static func isAsked(_ program: Program, progress: ProgramProgress, now: Date) -> Bool {
        due(program, progress: progress).map { now >= $0 } ?? false
    }
}

/// What level 3 reads and keeps.
public protocol FollowUpRepository: Sendable {
    /// Keeps an answer, in place of one the same kind of respondent gave about the same learner and program.
    func saveFollowUp(_ answer: FollowUp) async throws
    /// The answers about one learner in one program.
    func followUps(programID: String, accountID: Int64) async throws -> [FollowUp]
    /// The active learners whose supervisor is this NIP, by name.
    func supervisedLearners(supervisor: NIP) async throws -> [Account]
    /// The answers about the active learners of a unit subtree (nil: every unit) in one program, each with the
    /// learner's unit, in order of unit and learner.
    func followUps(programID: String, under unit: UnitPath?) async throws -> [(unit: UnitPath, answer: FollowUp)]
}
