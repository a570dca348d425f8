import Foundation

extension ContentSummary {
    /// Records that the learner opened the module at `date` (the first access is kept), then applies the rule.
    public mutating func recordAccess(at date: Date, rule: CompletionRule) {
        if firstAccess == nil { firstAccess = date }
        lastAccess = date
        apply(rule, at: date)
    }

    /// Records that the learner marked the module done at `date`, then applies the rule.
    public mutating func markDone(at date: Date, rule: CompletionRule) {
        markedDone = true
        recordAccess(at: date, rule: rule)
    }
}
