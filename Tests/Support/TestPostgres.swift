import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for the tests: made with `initdb` in a temporary folder, started with `pg_ctl` on
/// a free loopback port (as the `postgres` user when the tests run as root: PostgreSQL refuses to run as root), and
/// stopped and removed when the test process ends. Each test gets its own empty database.
public enum TestPostgres {
    /// Whether the tests of the application run on PostgreSQL (`LENTERA_TEST_DATABASE=postgres`) instead of SQLite.
    public static var applicationTestsUsePostgres: Bool { ProcessInfo.processInfo.environment["LENTERA_TEST_DATABASE"] == "postgres" }

    struct Cluster: Sendable {
        let folder: String
        let port: Int
        let bin: String
        let user: String?
    }

    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case command(String, String)
        var description: String {
            switch self {
            case .missing(let what): "PostgreSQL is not installed (\(what)); `make test-deps` installs Debian's postgresql"
            case .command(let command, let output): "\(command) failed: \(output)"
            }
        }
    }

    private static let started = Mutex<Result<Cluster, Failure>?>(nil)
    private static let counter = Atomic<Int>(0)

    /// The cluster of this test process, started on first use.
    static func cluster() throws -> Cluster {
        try started.withLock { state in
            if let state { return try state.get() }
            let result: Result<Cluster, Failure>
            do { result = .success(try start()) } catch let error as Failure { result = .failure(error) } catch {
                result = .failure(.command("start", "\(error)"))
            }
            state = result
            return try result.get()
        }
    }

    /// The folder with initdb and pg_ctl: Debian's versioned one, else the PATH.
    static func binaries() throws -> String {
        let base = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last, FileManager.default.isExecutableFile(atPath: "\(base)/\(newest)/bin/initdb") {
            return "\(base)/\(newest)/bin"
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") && FileManager.default.isExecutableFile(atPath: "\(folder)/pg_ctl") {
            return String(folder)
        }
        throw Failure.missing("no initdb in /usr/lib/postgresql/*/bin or on the PATH")
    }

    /// Runs a command to its end (as `user` when given), its output going to a file that is read back on failure.
    /// posix_spawn and waitpid, not Foundation's Process: its exit monitoring can starve when the test runner's
    /// threads are all busy.
    @discardableResult
    static func run(_ arguments: [String], as user: String?) throws -> String {
        let command = user.map { ["/usr/sbin/runuser", "-u", $0, "--"] + arguments } ?? arguments
        let outputPath = NSTemporaryDirectory() + "lentera-pg-command-" + UUID().uuidString
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure.command(command.joined(separator: " "), String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // Exited normally with status 0.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { throw Failure.command(arguments.joined(separator: " "), output) }
        return output
    }

    static func freePort() -> Int {
        // A port in a range nothing else of the tests uses, varied per process.
        20_000 + Int(getpid() % 20_000)
    }

    private static func start() throws -> Cluster {
        let bin = try binaries()
        let user: String? = geteuid() == 0 ? "postgres" : nil
        stopOrphans(bin: bin, user: user)
        let folder = NSTemporaryDirectory() + "lentera-pg-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Which test process the cluster belongs to, so that a later run stops it if that process was killed.
        try Data("\(getpid())".utf8).write(to: URL(fileURLWithPath: folder + "/owner.pid"))
        if let user {
            guard let entry = getpwnam(user) else { throw Failure.missing("no \(user) user to run it as") }
            chown(folder, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        try run([bin + "/initdb", "-D", folder + "/data", "-U", "lentera", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], as: user)
        var port = freePort()
        var lastError: (any Error)?
        for _ in 0..<20 {
            do {
                try run(
                    [
                        bin + "/pg_ctl", "-D", folder + "/data", "-l", folder + "/log", "-w", "-t", "60", "-o",
                        "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000",
                        "start",
                    ], as: user)
                lastError = nil
                break
            } catch {
                lastError = error
                port += 1
            }
        }
        if let lastError { throw lastError }
        let cluster = Cluster(folder: folder, port: port, bin: bin, user: user)
        stopAtExit(cluster)
        return cluster
    }

    /// Stops and removes the clusters of test processes that are gone: a process killed (SIGKILL, out of memory)
    /// never runs its `atexit`, and its cluster would run on until the machine restarts.
    private static func stopOrphans(bin: String, user: String?) {
        let temporary = NSTemporaryDirectory()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix("lentera-pg-") && !name.hasPrefix("lentera-pg-command-") {
            let folder = temporary + name
            // Only folders this user made (another user could plant one naming a cluster that is not a test's).
            var info = stat()
            guard stat(folder + "/owner.pid", &info) == 0, info.st_uid == geteuid(),
                let text = try? String(contentsOfFile: folder + "/owner.pid", encoding: .utf8),
                let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), owner != getpid()
            else { continue }
            // Still running (or not ours to judge): left alone.
            if kill(owner, 0) == 0 || errno != ESRCH { continue }
            _ = try? run([bin + "/pg_ctl", "-D", folder + "/data", "-m", "immediate", "stop"], as: user)
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    private static let toStop = Mutex<Cluster?>(nil)

    private static func stopAtExit(_ cluster: Cluster) {
        toStop.withLock { $0 = cluster }
        atexit {
            guard let cluster = TestPostgres.toStop.withLock({ $0 }) else { return }
            _ = try? TestPostgres.run([cluster.bin + "/pg_ctl", "-D", cluster.folder + "/data", "-m", "immediate", "stop"], as: cluster.user)
            try? FileManager.default.removeItem(atPath: cluster.folder)
        }
    }

    /// A new empty database on the cluster, and its URL.
    public static func newDatabase() async throws -> String {
        try newDatabaseURL()
    }

    /// A new empty database on the cluster, and its URL (for callers that cannot wait).
    public static func newDatabaseURL() throws -> String {
        let cluster = try cluster()
        let name = "t\(getpid())_\(counter.wrappingAdd(1, ordering: .relaxed).newValue)"
        try run([cluster.bin + "/createdb", "-h", "127.0.0.1", "-p", "\(cluster.port)", "-U", "lentera", name], as: nil)
        return "postgres://lentera@127.0.0.1:\(cluster.port)/\(name)?sslmode=disable"
    }
}
