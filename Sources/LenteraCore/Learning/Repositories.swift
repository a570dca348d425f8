import Foundation

/// One heartbeat to apply: whose visit, which sequence number, when.
public struct HeartbeatRequest: Sendable {
    public var sessionID: String
    public var accountID: Int64
    public var sequence: Int
    public var date: Date

    public init(sessionID: String, accountID: Int64, sequence: Int, date: Date) {
        self.sessionID = sessionID
        self.accountID = accountID
        self.sequence = sequence
        self.date = date
    }
}

/// Why a store refused a change.
public enum StoreError: Error, Sendable, Equatable {
    /// An account with this NIP exists already.
    case duplicateNIP
    /// The record addressed does not exist or does not belong to the caller.
    case notFound
}

/// Accounts, looked up by NIP or id.
public protocol AccountRepository: Sendable {
    /// Creates an account; throws ``StoreError/duplicateNIP`` when the NIP is taken.
    func createAccount(_ account: NewAccount) async throws -> Account
    /// The account with a NIP.
    func account(nip: NIP) async throws -> Account?
    /// The account with an id.
    func account(id: Int64) async throws -> Account?
    /// Replaces a password hash; `mustChange` marks an operator-issued password.
    func setPassword(accountID: Int64, hash: String, mustChange: Bool) async throws
    /// Accounts in a unit subtree (all when nil), ordered by unit and name.
    func accounts(under unit: UnitPath?) async throws -> [Account]
    /// One page of them, searched by NIP prefix or part of the name, and how many match in all.
    func accountsPage(under unit: UnitPath?, search: String, learnersOnly: Bool, offset: Int, limit: Int) async throws
        -> (accounts: [Account], total: Int)
    /// Stores a record as ``AccountRules`` changed it, with its audit entries; a changed role or a deactivation
    /// ends the account's sessions.
    func updateAccount(_ account: Account, audit: [AuditEvent]) async throws
}

/// A signed-in browser session, stored by the hash of its cookie token.
public struct StoredSession: Sendable, Equatable {
    public var tokenHash: String
    public var accountID: Int64
    /// The token forms and requests must echo back.
    public var csrfToken: String
    public var expires: Date

    public init(tokenHash: String, accountID: Int64, csrfToken: String, expires: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.expires = expires
    }
}

/// Browser sessions.
public protocol SessionRepository: Sendable {
    func createSession(_ session: StoredSession) async throws
    /// A live session with its account, in one look-up (every signed-in request makes it).
    func signedInAccount(tokenHash: String) async throws -> (StoredSession, Account)?
    func deleteSession(tokenHash: String) async throws
    /// Ends every session of an account (password change or reset).
    func deleteSessions(accountID: Int64) async throws
}

/// Progress logs: visits, heartbeats and the learner x module summaries.
public protocol ProgressRepository: Sendable {
    /// Records a page view: continues the sitting's session log or opens one, and updates the summary where the view
    /// changes it; with the learner's ledger entries of the course, all in one transaction.
    func visitModule(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ModuleVisit
    /// Applies a heartbeat to the caller's own session log; a repeated sequence number changes nothing. Nil when the
    /// session log does not exist or belongs to someone else.
    ///
    /// - Parameter rule: the completion rule of the module the session log is about, as served now.
    func recordHeartbeat(
        sessionID: String, accountID: Int64, sequence: Int, at date: Date,
        rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> ContentSummary?
    /// Applies several heartbeats in one transaction (group commit), each as ``recordHeartbeat`` would; the results
    /// are in the order given.
    func recordHeartbeats(
        _ beats: [HeartbeatRequest], rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> [ContentSummary?]
    /// Marks a module done.
    func markDone(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ContentSummary
    /// A learner's summaries for a course, by module id.
    func summaries(accountID: Int64, courseID: String) async throws -> [String: ContentSummary]
    /// A learner's summaries in every course, most recently accessed first.
    func recentSummaries(accountID: Int64) async throws -> [ContentSummary]
}

extension ProgressRepository {
    /// Records a page view (``visitModule(accountID:courseID:moduleID:rule:at:)``): the visit and the summary.
    public func recordView(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> (ContentSession, ContentSummary)
    {
        let visit = try await visitModule(accountID: accountID, courseID: courseID, moduleID: moduleID, rule: rule, at: date)
        return (visit.session, visit.summary)
    }
}

/// The JP ledger and its certificates.
public protocol LedgerRepository: Sendable {
    /// Credits a completed course version once: a second credit for the same learner, course and version returns the
    /// entry already stored.
    func credit(_ entry: LedgerEntry) async throws -> LedgerEntry
    /// A learner's entries, newest first.
    func entries(accountID: Int64) async throws -> [LedgerEntry]
    /// The entry with a certificate number.
    func entry(certificateNumber: String) async throws -> LedgerEntry?
    /// Each learner's JP in a year, in order of unit and name, handed over in batches (constant memory).
    func eachLedgerTotal(year: Int, under unit: UnitPath?, batch: Int, _ body: ([Reports.LedgerRow]) async throws -> Void) async throws
    /// The learners ``eachLedgerTotal`` reports, summed by unit and status (in that order): how many, how many have at
    /// least `target` JP in the year, and their JP together.
    func unitTotals(year: Int, under unit: UnitPath?, target: JP) async throws -> [Reports.UnitTotal]
    /// For each course, how many of the learners ``eachLedgerTotal`` reports were credited for it in the year, and how
    /// many opened one of its modules or were credited for it.
    func courseTotals(year: Int, under unit: UnitPath?) async throws -> [String: Reports.CourseTotal]
    /// One page of the rows ``eachLedgerTotal`` gives for learners of one status, in its order, searched by NIP prefix
    /// or part of the name as ``AccountSearch`` reads the search, and how many match in all; a row meets the target
    /// when its JP is at least `target`.
    func ledgerPage(year: Int, under unit: UnitPath?, status: EmployeeStatus, search: String, offset: Int, limit: Int, target: JP) async throws
        -> (rows: [Reports.LedgerRow], total: Int)
    /// Sums a year's ``unitTotals(year:under:target:)`` and ``courseTotals(year:under:)`` for the whole tree, unit by
    /// unit, inside the database, and keeps them as the year's snapshot (replacing the one before) with `date`.
    func buildReportSnapshot(year: Int, target: JP, at date: Date) async throws
    /// The year's snapshot read back for a subtree (all when nil): the unit totals in it, and the course totals of its
    /// units added up; nil when the year has none, or one summed against another target.
    func reportSnapshot(year: Int, under unit: UnitPath?, target: JP) async throws -> Reports.Snapshot?
}

/// A learner's rating of how relevant a module is to their work.
public struct Feedback: Sendable, Equatable {
    public var accountID: Int64
    public var courseID: String
    public var moduleID: String
    /// 1 to 5.
    public var relevance: Int
    public var comment: String
    public var createdAt: Date

    public init(accountID: Int64, courseID: String, moduleID: String, relevance: Int, comment: String, createdAt: Date) {
        self.accountID = accountID
        self.courseID = courseID
        self.moduleID = moduleID
        self.relevance = relevance
        self.comment = comment
        self.createdAt = createdAt
    }
}

/// The aggregate of the feedback on one module.
public struct FeedbackSummary: Sendable, Equatable {
    public var courseID: String
    public var moduleID: String
    public var count: Int
    public var averageRelevance: Double
    public var comments: [String]

    /// Creates a summary value.
    public init(courseID: String, moduleID: String, count: Int, averageRelevance: Double, comments: [String]) {
        self.courseID = courseID
        self.moduleID = moduleID
        self.count = count
        self.averageRelevance = averageRelevance
        self.comments = comments
    }
}

/// Feedback on modules.
public protocol FeedbackRepository: Sendable {
    /// Stores a learner's feedback; a later one for the same module replaces it.
    func saveFeedback(_ feedback: Feedback) async throws
    /// Aggregates per module, for learners in a unit subtree (all when nil).
    func feedbackSummaries(under unit: UnitPath?) async throws -> [FeedbackSummary]
    /// Every rating of the courses named by learners of a unit subtree (all when nil), ordered by course, module and time.
    func feedbackRatings(courseIDs: [String], under unit: UnitPath?) async throws -> [FeedbackSummary.Rating]
}

/// Everything Lentera stores about learners.
public typealias LearningStore = AccountRepository & SessionRepository & ProgressRepository & LedgerRepository & FeedbackRepository
    & QuizRepository & SyncRepository & AuditRepository & ProgramRepository
    & EventRepository & NeedsSurveyRepository & FollowUpRepository & ReminderRepository
