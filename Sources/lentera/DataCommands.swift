import ArgumentParser
import Foundation
import LenteraStore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a file, consistently, while the server keeps running.",
        discussion: "Uses SQLite's online backup; the copy is checked before it takes its name. Restore it with `lentera restore`."
    )

    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?
    @Argument(help: "The file to write, such as /var/backups/lentera-2026-12-06.sqlite.") var file: String

    func run() throws {
        try refusePostgres(database, "back it up with PostgreSQL's own tools: pg_dump -Fc -f FILE URL (or continuous archiving)")
        let database = data + "/lentera.sqlite"
        guard FileManager.default.fileExists(atPath: database) else {
            throw ValidationError("\(database) does not exist: is --data the server's data folder?")
        }
        do {
            try SQLiteStore.backup(databaseAt: database, to: file)
            let counts = try SQLiteStore.tableCounts(path: file)
            let rows = counts.filter { ["account", "ledger_entry", "quiz_attempt", "progress"].contains($0.table) }
                .map { "\($0.table) \($0.rows)" }.joined(separator: ", ")
            say("backup written to \(file) (schema \(SQLiteStore.schemaVersion); \(rows))")
        } catch let error as SQLiteStore.OpenError {
            FileHandle.standardError.write(Data("lentera: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup in place of the data folder's database (the server must be stopped).",
        discussion: "The database it replaces is kept beside it as lentera.sqlite.before-restore-<time>."
    )

    @Option(help: "The data directory.") var data = "data"
    @Option(help: databaseHelp) var database: String?
    @Argument(help: "The backup file, as written by `lentera backup`.") var file: String

    func run() throws {
        try refusePostgres(database, "restore it with PostgreSQL's own tools: pg_restore -d URL FILE")
        let database = data + "/lentera.sqlite"
        do {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let lock = try FolderLock(directory: data, purpose: "lentera restore")
            try SQLiteStore.verifyRestorable(path: file)
            var kept: String?
            if FileManager.default.fileExists(atPath: database) {
                // Fold the write-ahead log into the file first, so the copy kept aside is whole.
                try SQLiteStore(path: database).shutDown()
                let stamp = Int(Date().timeIntervalSince1970)
                kept = database + ".before-restore-\(stamp)"
                // The whole set moves aside: if the log could not be folded in, what it holds is kept with the file.
                for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
                    try FileManager.default.moveItem(atPath: database + suffix, toPath: kept! + suffix)
                }
            }
            let partial = database + ".restoring"
            try? FileManager.default.removeItem(atPath: partial)
            try FileManager.default.copyItem(atPath: file, toPath: partial)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
            guard rename(partial, database) == 0 else { throw ValidationError("cannot move the restored file into place at \(database)") }
            // Opening runs any migration this binary needs, and checks the result.
            try SQLiteStore(path: database).shutDown()
            withExtendedLifetime(lock) {}
            say("restored \(file) into \(database)" + (kept.map { "; the database it replaced is kept as \($0)" } ?? ""))
        } catch let error as FolderLock.Busy {
            FileHandle.standardError.write(Data("lentera: \(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as SQLiteStore.OpenError {
            FileHandle.standardError.write(Data("lentera: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Backup and restore work on the SQLite file of a data folder; a PostgreSQL database has its own tools, which a
/// command named with `--database` (or `LENTERA_DATABASE_URL`) is pointed to.
func refusePostgres(_ database: String?, _ advice: String) throws {
    let url = database ?? ProcessInfo.processInfo.environment["LENTERA_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    guard let url else { return }
    FileHandle.standardError.write(Data("lentera: the database is PostgreSQL (\(PostgresStore.redacted(url))): \(advice)\n".utf8))
    throw ExitCode(2)
}
