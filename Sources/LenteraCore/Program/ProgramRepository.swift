/// A learner with their ledger entries for the courses a program names.
public struct LearnerCredits: Sendable, Equatable {
    /// The learner.
    public var account: Account
    /// Their entries for those courses, in no particular order.
    public var credits: [LedgerEntry]

    /// Creates a value.
    public init(account: Account, credits: [LedgerEntry]) {
        self.account = account
        self.credits = credits
    }
}

/// What programs read: the learners of units with their credits.
public protocol ProgramRepository: Sendable {
    /// The active learners of each unit subtree given (in that order; nil: every unit), each with their ledger entries for the courses
    /// named, in order of unit, name and id, handed over in batches: a report over 100,000 learners needs the memory
    /// of one batch. Whether a learner is targeted and how far they are is the program's call
    /// (``Program/targets(_:)``, ``ProgramProgress``).
    func eachLearnerCredits(under units: [UnitPath?], courseIDs: [String], batch: Int, _ body: ([LearnerCredits]) async throws -> Void)
        async throws
}
