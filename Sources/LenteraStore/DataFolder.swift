import Foundation
import GRDB

/// An exclusive lock on a folder, held while a process uses it: a second `serve` on the same data folder, or a
/// second mirror into the same courses folder, is refused with the holder's PID. The kernel releases it when the
/// process ends, so a crash never leaves a stale lock.
public final class FolderLock: Sendable {
    private let descriptor: Int32

    /// Why the lock was not taken.
    public struct Busy: Error, CustomStringConvertible {
        public var description: String
    }

    /// Takes the lock at `directory/name`, recording this process's PID and what it is doing.
    public init(directory: String, name: String = ".lentera.lock", purpose: String) throws {
        let path = directory + "/" + name
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Busy(description: "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            let parts = holder.split(separator: " ", maxSplits: 1)
            let who = parts.first.map { "process \($0)" + (parts.count > 1 ? " (\(parts[1]))" : "") } ?? "another process"
            throw Busy(description: "\(directory) is in use by \(who); stop it first, or use another folder")
        }
        let record = Array("\(getpid()) \(purpose)\n".utf8)
        ftruncate(descriptor, 0)
        _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension SQLiteStore {
    /// The schema version this binary writes: the name of its last migration.
    public static var schemaVersion: String { migrationNames.last ?? "" }

    static var migrationNames: [String] { migrator.migrations }

    /// Refuses a database written by a newer Lentera, and copies one that is about to be migrated, before migrating.
    /// Returns the path of the copy, if one was made.
    static func migrateSafely(_ pool: DatabasePool, path: String) throws -> String? {
        let (superseded, complete, applied) = try pool.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.hasCompletedMigrations(db), try migrator.appliedMigrations(db))
        }
        if superseded {
            let unknown = Set(applied).subtracting(migrationNames).sorted()
            throw OpenError(description: "the database at \(path) was written by a newer Lentera (schema \(unknown.last ?? "?")); "
                + "this binary knows schemas up to \"\(schemaVersion)\". Run the newer binary, or restore the backup taken before the upgrade")
        }
        var copy: String?
        if !complete && !applied.isEmpty {
            let stamp = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).dateSeparator(.omitted)
                .timeSeparator(.omitted).timeZone(separator: .omitted))
            let destination = path + ".before-upgrade-" + stamp
            try backup(pool, to: destination)
            copy = destination
        }
        try migrator.migrate(pool)
        return copy
    }

    /// A consistent copy of the database, made with SQLite's online backup while it may be written, checked, then
    /// renamed into place (so a failed backup never leaves a half-written file under the final name).
    static func backup(_ pool: any DatabaseReader, to destination: String) throws {
        let temporary = destination + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw OpenError(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        close(descriptor)
        do {
            let target = try DatabaseQueue(path: temporary)
            try pool.backup(to: target)
            let check = try target.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            // One self-contained file: no write-ahead log beside the copy.
            try target.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try target.close()
            guard check == ["ok"] else { throw OpenError(description: "the backup at \(temporary) does not check: \(check.prefix(3))") }
            guard rename(temporary, destination) == 0 else {
                throw OpenError(description: "cannot move the backup to \(destination): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Copies the database file at `path` to `destination`, read-only (nothing is migrated or written), while the
    /// server may keep serving from it.
    public static func backup(databaseAt path: String, to destination: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw OpenError(description: "cannot open the database at \(path): \(error)")
        }
        defer { try? source.close() }
        try backup(source, to: destination)
    }

    /// Rows per table of a database file, to show what a backup or a restore holds.
    public static func tableCounts(path: String) throws -> [(table: String, rows: Int)] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.map { ($0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\($0)\"") ?? 0) }
        }
    }

    /// Checks that a file is a Lentera database this binary can open: intact, with a schema no newer than its own.
    public static func verifyRestorable(path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            try queue.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else { throw OpenError(description: "\(path) is damaged (PRAGMA quick_check: \(check.prefix(3).joined(separator: "; ")))") }
                guard try db.tableExists("grdb_migrations"), try db.tableExists("account") else {
                    throw OpenError(description: "\(path) is not a Lentera database")
                }
                if try migrator.hasBeenSuperseded(db) {
                    throw OpenError(description: "\(path) was written by a newer Lentera than this binary; restore it with that version")
                }
            }
        } catch let error as OpenError {
            throw error
        } catch {
            throw OpenError(description: "\(path) cannot be read as a Lentera database: \(error)")
        }
    }

    /// Closes the database, checkpointing its write-ahead log into the main file.
    public func shutDown() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
    }
}
