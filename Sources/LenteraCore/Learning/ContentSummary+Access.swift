import Foundation

extension ContentSummary {
    /// Records that the learner opened the module at `date` (the first access is kept), then applies the rule.
    public mutating func recordAccess(at date: Date, rule: CompletionRule) {
        if firstAccess == nil { firstAccess = date }
        lastAccess = date
        apply(rule, at: date)
    }

    /// How close to the last recorded access a view may be and leave the record as it is: a page opened again within a
    /// minute moves the module in no list (the home page's "continue", the recent modules) and needs no write.
    public static let accessPrecision: TimeInterval = 60

    /// Whether a view at `date` changes what is recorded: the first access, the completion, or the last access by a
    /// minute or more (``accessPrecision``). A view that changes nothing is not written, so that a learner reading a
    /// page again costs a read, not a write.
    public func viewChangesRecord(at date: Date, rule: CompletionRule) -> Bool {
        guard let lastAccess, firstAccess != nil, abs(date.timeIntervalSince(lastAccess)) < Self.accessPrecision else { return true }
        var viewed = self
        viewed.recordAccess(at: date, rule: rule)
        viewed.lastAccess = lastAccess
        return viewed != self
    }

    /// Records that the learner marked the module done at `date`, then applies the rule.
    public mutating func markDone(at date: Date, rule: CompletionRule) {
        markedDone = true
        recordAccess(at: date, rule: rule)
    }
}
