/// Which folder serves a course id that several folders declare.
///
/// The folder already serving an id keeps it, however the folder names sort: a newcomer declaring the same id (a copy
/// of the folder, say) is refused until the id is free again. With no folder serving the id yet, as at start, the
/// folder whose last good copy is kept for the id wins (it was serving the id before the restart), else the first
/// folder by name. The decision is made again at every reload, so a refused folder is served as soon as the folder
/// holding its id goes away or declares another id.
public enum CourseOwnership {
    /// The folder serving each id, and each folder refused with the folder that serves its id.
    public struct Decision: Sendable, Equatable {
        /// The folder serving each course id.
        public var owners: [String: String] = [:]
        /// Each refused folder, with the folder serving the id it declares.
        public var refused: [String: String] = [:]
    }

    /// Decides who serves each id.
    /// - Parameters:
    ///   - claims: the course id of each folder that has a version to serve, by folder name.
    ///   - serving: the folder that served each id until now.
    ///   - kept: the folder of each id's last good copy in the data folder.
    public static func decide(claims: [String: String], serving: [String: String], kept: [String: String]) -> Decision {
        var candidates: [String: [String]] = [:]
        for (folder, id) in claims { candidates[id, default: []].append(folder) }
        var decision = Decision()
        for (id, folders) in candidates {
            let sorted = folders.sorted()
            let owner = sorted.first { $0 == serving[id] } ?? sorted.first { $0 == kept[id] } ?? sorted[0]
            decision.owners[id] = owner
            for folder in sorted where folder != owner { decision.refused[folder] = owner }
        }
        return decision
    }
}
