#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections the server holds open at once, and how long one may sit idle.
///
/// Every connection costs a file descriptor, and so do the course watcher, the database and the mirror. Past the cap,
/// new connections wait in the kernel's backlog (they are not accepted) instead of taking the descriptors the rest
/// of the server needs; an idle connection, or one whose request head has not arrived, is closed after the timeout.
public struct ConnectionLimits: Sendable, Equatable {
    /// The most connections open at once.
    public var maximumConnections: Int
    /// Seconds a connection may wait for its next request head (a slow or silent client included).
    public var idleTimeout: Int

    /// Descriptors kept for everything but client connections: the database and its WAL, the watcher's listings,
    /// course files being served, mirror downloads, logs.
    public static let reservedDescriptors = 128

    /// Creates limits.
    public init(maximumConnections: Int, idleTimeout: Int) {
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
    }

    /// The defaults: a cap that leaves ``reservedDescriptors`` of the process's descriptor limit free (at most 10,000),
    /// and 60 seconds idle.
    public static func defaults(descriptorLimit: Int = raisedDescriptorLimit()) -> ConnectionLimits {
        ConnectionLimits(maximumConnections: max(16, min(10_000, descriptorLimit - reservedDescriptors)), idleTimeout: 60)
    }

    /// Raises the soft limit on open files to the hard limit (as nginx's `worker_rlimit_nofile` does) and returns it.
    public static func raisedDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = min(limit.rlim_max, 1 << 20)
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(min(limit.rlim_cur, 1 << 20))
    }

    /// Why limits given on the command line cannot work, or nil when they can.
    public func problem(descriptorLimit: Int) -> String? {
        if maximumConnections < 1 { return "--max-connections must be at least 1" }
        if idleTimeout < 1 { return "--idle-timeout must be at least 1 second" }
        if maximumConnections > descriptorLimit - Self.reservedDescriptors {
            return "--max-connections \(maximumConnections) leaves fewer than \(Self.reservedDescriptors) of the \(descriptorLimit) file descriptors "
                + "this process may open for the database and the courses; lower it, or raise the limit (ulimit -n)"
        }
        return nil
    }
}

import NIOCore

/// The event-loop threads the server and its database client run on; by default one per core. Several nodes on one
/// machine each take their share (two nodes on two cores: one each), so they do not fight over the cores. Set before
/// anything starts a thread.
public func useEventLoopThreads(_ count: Int) {
    NIOSingletons.groupLoopCountSuggestion = max(1, count)
}
