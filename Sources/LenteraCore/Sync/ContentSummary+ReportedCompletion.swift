import Foundation

extension ContentSummary {
    /// Records a module completion a node reported: complete from the node's date, with access times that include it.
    /// Returns false, changing nothing, when the module is complete here already: the first completion stands.
    public mutating func recordReportedCompletion(at date: Date) -> Bool {
        guard completedAt == nil else { return false }
        progress = 1
        completedAt = date
        if firstAccess == nil { firstAccess = date }
        lastAccess = max(lastAccess ?? date, date)
        return true
    }
}
