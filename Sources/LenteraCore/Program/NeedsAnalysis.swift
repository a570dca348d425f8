import Foundation

/// A needs survey (survei analisis kebutuhan): opened by an operator for a unit subtree, answered by its learners with
/// their current level in each competency their position requires.
public struct NeedsSurvey: Sendable, Equatable {
    public var id: Int64
    public var title: String
    /// The subtree whose learners answer it.
    public var unit: UnitPath
    /// The NIP of the operator who opened it.
    public var openedBy: String
    public var openedAt: Date
    /// The moment answers stop being taken.
    public var closesAt: Date

    /// Creates a survey value.
    public init(id: Int64, title: String, unit: UnitPath, openedBy: String, openedAt: Date, closesAt: Date) {
        self.id = id
        self.title = title
        self.unit = unit
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.closesAt = closesAt
    }

    /// Whether answers are taken at a moment.
    public func isOpen(at date: Date) -> Bool { date >= openedAt && date < closesAt }

    /// Whether a person answers it: an active learner of its subtree.
    public func asks(_ account: Account) -> Bool {
        account.role == .learner && account.isActive && unit.contains(account.unit)
    }
}

/// One learner's current level in one competency, as they assessed it in a survey.
public struct SelfAssessment: Sendable, Equatable {
    public var surveyID: Int64
    public var accountID: Int64
    public var competencyID: String
    /// 1 to 5.
    public var level: Int
    public var answeredAt: Date

    /// Creates an assessment.
    public init(surveyID: Int64, accountID: Int64, competencyID: String, level: Int, answeredAt: Date) {
        self.surveyID = surveyID
        self.accountID = accountID
        self.competencyID = competencyID
        self.level = level
        self.answeredAt = answeredAt
    }
}

/// The gap matrix of a needs analysis, computed here alone: per position and competency, the standard level, the
/// average level the staff who answered assessed, the gap, how many staff hold the position, and the priority.
public enum NeedsAnalysis {
    /// How urgent closing a gap is.
    public enum Priority: String, Sendable, CaseIterable, Comparable {
        case high = "tinggi"
        case medium = "sedang"
        case low = "rendah"

        public static func < (lhs: Priority, rhs: Priority) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// One row of the matrix.
    public struct Row: Sendable, Equatable {
        public var position: String
        public var competencyID: String
        /// The level the position's standard requires.
        public var standard: Int
        /// The mean of the levels assessed, to hundredths; nil with fewer than ``minimumRespondents`` answers (a mean of
        /// one or two people would show what they answered, and the survey promises no appraisal).
        public var averageCurrent: Double?
        /// `standard - averageCurrent` to hundredths, never below 0; nil with the mean.
        public var gap: Double?
        /// Active learners holding the position in the subtree.
        public var staff: Int
        /// Of them, how many assessed this competency.
        public var respondents: Int
        /// Nil where there is no gap (or too few answers to tell).
        public var priority: Priority?
        /// Courses that develop the competency to the standard level or above, by id.
        public var suggestedCourses: [String]
        /// The mean of the levels their supervisors assessed, to hundredths; nil with fewer than ``minimumRespondents``
        /// assessed. Shown beside the staff's own: the gap is the staff's own view.
        public var averageSupervisor: Double? = nil
        /// How many of them a supervisor assessed in this competency.
        public var supervisorRespondents = 0
    }

    /// The answers a mean needs before it is shown.
    public static let minimumRespondents = 3

    /// Staff-weighted gap (gap x staff) from which a gap is of high priority: a whole level for 25 people, or more.
    public static let highWeight = 25.0
    /// From which it is of medium priority.
    public static let mediumWeight = 5.0

    /// The priority of a gap for a number of staff: its size and how many people it touches (the shipped course's
    /// criteria 2 and 3), high from ``highWeight``, medium from ``mediumWeight``, low below; none without a gap.
    public static func priority(gap: Double, staff: Int) -> Priority? {
        guard gap > 0 else { return nil }
        let weight = gap * Double(staff)
        return weight >= highWeight ? .high : weight >= mediumWeight ? .medium : .low
    }

    /// How many active learners of a subtree hold a position, as the database counts them (positions as written).
    public struct StaffCount: Sendable, Equatable {
        public var position: String
        public var count: Int

        /// Creates a count.
        public init(position: String, count: Int) {
            self.position = position
            self.count = count
        }
    }

    /// The answers of a position's staff to one competency, summed by the database.
    public struct AnswerTotal: Sendable, Equatable {
        public var position: String
        public var competencyID: String
        /// The levels answered, added up.
        public var sum: Int
        /// How many answered.
        public var count: Int

        /// Creates a total.
        public init(position: String, competencyID: String, sum: Int, count: Int) {
            self.position = position
            self.competencyID = competencyID
            self.sum = sum
            self.count = count
        }
    }

    /// The matrix for a subtree: for every position of `staff` that has a standard, each competency it requires (with
    /// no mean where too few answered).
    ///
    /// - Parameters:
    ///   - staff: the subtree's active learners counted by position, as written (spellings of one position are merged
    ///     under its standard's).
    ///   - answers: their answers summed by position and competency.
    ///   - supervisorAnswers: their supervisors' assessments of them, summed the same way.
    ///   - courses: each course's id and the competencies it develops, with the level.
    /// - Returns: rows by priority (high first), then by gap x staff, then position and competency.
    public static func matrix(
        dictionary: CompetencyDictionary, staff: [StaffCount], answers: [AnswerTotal], supervisorAnswers: [AnswerTotal] = [],
        courses: [(id: String, develops: [String: Int])]
    ) -> [Row] {
        // Each spelling normalized once: a dictionary of hundreds of positions, a subtree of thousands of spellings.
        var standards: [String: CompetencyStandard] = [:]
        for standard in dictionary.standards { standards[ProgramTarget.normalized(standard.position)] = standard }
        var headcount: [String: Int] = [:]
        for entry in staff {
            if let standard = standards[ProgramTarget.normalized(entry.position)] { headcount[standard.position, default: 0] += entry.count }
        }
        /// Answers summed under each standard's position (spellings merged).
        func byStandard(_ answers: [AnswerTotal]) -> [String: [String: (sum: Int, count: Int)]] {
            var totals: [String: [String: (sum: Int, count: Int)]] = [:]
            for total in answers {
                guard let standard = standards[ProgramTarget.normalized(total.position)] else { continue }
                let before = totals[standard.position]?[total.competencyID] ?? (0, 0)
                totals[standard.position, default: [:]][total.competencyID] = (before.sum + total.sum, before.count + total.count)
            }
            return totals
        }
        let totals = byStandard(answers)
        let supervisorTotals = byStandard(supervisorAnswers)
        var rows: [Row] = []
        for standard in dictionary.standards {
            guard let count = headcount[standard.position], count > 0 else { continue }
            for (competencyID, required) in standard.required.sorted(by: { $0.key < $1.key }) {
                let answered = totals[standard.position]?[competencyID] ?? (0, 0)
                var average: Double?
                var gap: Double?
                if answered.count >= minimumRespondents {
                    let mean = (Double(answered.sum) / Double(answered.count) * 100).rounded() / 100
                    average = mean
                    gap = max(0, (Double(required) - mean) * 100).rounded() / 100
                }
                let assessed = supervisorTotals[standard.position]?[competencyID] ?? (0, 0)
                rows.append(Row(
                    position: standard.position, competencyID: competencyID, standard: required, averageCurrent: average, gap: gap, staff: count,
                    respondents: answered.count, priority: gap.flatMap { priority(gap: $0, staff: count) },
                    suggestedCourses: courses.filter { ($0.develops[competencyID] ?? 0) >= required }.map(\.id),
                    averageSupervisor: assessed.count >= minimumRespondents ? (Double(assessed.sum) / Double(assessed.count) * 100).rounded() / 100 : nil,
                    supervisorRespondents: assessed.count
                ))
            }
        }
        func order(_ row: Row) -> (Int, Double, String, String) {
            (row.priority.map { Priority.allCases.firstIndex(of: $0)! } ?? 3, -(row.gap ?? 0) * Double(row.staff), row.position, row.competencyID)
        }
        return rows.sorted { order($0) < order($1) }
    }
}

/// Needs surveys and their answers.
public protocol NeedsSurveyRepository: Sendable {
    /// Opens a survey and returns it with its id.
    func openSurvey(title: String, unit: UnitPath, openedBy: String, at date: Date, closesAt: Date) async throws -> NeedsSurvey
    /// The survey with an id.
    func survey(id: Int64) async throws -> NeedsSurvey?
    /// The surveys of a subtree's units (every survey when nil), newest first.
    func surveys(under unit: UnitPath?) async throws -> [NeedsSurvey]
    /// The open surveys a unit's learners answer (those of the unit and the units above it) at a moment, newest first.
    func openSurveys(for unit: UnitPath, at date: Date) async throws -> [NeedsSurvey]
    /// Moves a survey's closing time (to close it now).
    func closeSurvey(id: Int64, at date: Date) async throws
    /// Replaces a learner's answers to a survey with these.
    func saveAnswers(surveyID: Int64, accountID: Int64, _ answers: [SelfAssessment]) async throws
    /// The answers to a survey: one learner's, or everyone's when nil.
    func answers(surveyID: Int64, accountID: Int64?) async throws -> [SelfAssessment]
    /// The surveys among `surveyIDs` a learner has answered.
    func answeredSurveys(_ surveyIDs: [Int64], accountID: Int64) async throws -> Set<Int64>
    /// Replaces a supervisor's assessment of one of their staff in a survey (and any earlier supervisor's of that
    /// person) with these.
    func saveSupervisorAnswers(surveyID: Int64, accountID: Int64, supervisorID: Int64, _ answers: [SelfAssessment]) async throws
    /// One supervisor's assessment of one of their staff in a survey.
    func supervisorAnswers(surveyID: Int64, accountID: Int64, supervisorID: Int64) async throws -> [SelfAssessment]
    /// For a survey and a subtree, summed by the database: the supervisors' assessments of the active learners, by
    /// the learner's position and competency.
    func supervisorTotals(surveyID: Int64, under unit: UnitPath) async throws -> [NeedsAnalysis.AnswerTotal]
    /// For a survey and a subtree, summed by the database: the active learners by position, their answers by position
    /// and competency, and how many of them answered.
    func needsTotals(surveyID: Int64, under unit: UnitPath) async throws
        -> (staff: [NeedsAnalysis.StaffCount], answers: [NeedsAnalysis.AnswerTotal], respondents: Int)
}
