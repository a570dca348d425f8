import ArgumentParser
import Foundation
import LenteraStore
import Logging

struct MigrateToCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-to",
        abstract: "Copy the data folder's SQLite database into an empty PostgreSQL database.",
        discussion: """
            Stop the server first. Every table is copied in one transaction, its rows counted and checksummed in SQLite \
            and again in PostgreSQL; any difference rolls the whole copy back. A database that is not empty is refused. \
            The SQLite file is left as it was: keep it until the PostgreSQL server has run for a while.
            """
    )

    @Option(help: "The data directory.") var data = "data"
    @Argument(help: ArgumentHelp(
        "The empty PostgreSQL database, such as postgres://lentera@db.example/lentera; or LENTERA_DATABASE_URL (keeps a password off the command line).",
        valueName: "url"))
    var database: String?

    func run() async throws {
        guard let url = database ?? ProcessInfo.processInfo.environment["LENTERA_DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            fail("name the PostgreSQL database: lentera migrate-to postgres://USER@HOST/DATABASE, or set LENTERA_DATABASE_URL")
        }
        let path = data + "/lentera.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { fail("\(path) does not exist: is --data the server's data folder?") }
        let lock: FolderLock
        do {
            lock = try FolderLock(directory: data, purpose: "lentera migrate-to")
        } catch {
            fail("\(error)")
        }
        var logger = Logger(label: "lentera")
        logger.logLevel = .warning
        do {
            let copies = try await PostgresStore.copy(fromSQLite: path, to: url, logger: logger) { copy in
                print("\(copy.table): \(copy.rows) rows, checksum \(copy.checksum) equal in SQLite and PostgreSQL")
            }
            let total = copies.reduce(0) { $0 + $1.rows }
            print("copied \(total) rows in \(copies.count) tables to \(PostgresStore.redacted(url)); start the server with --database")
        } catch let error as PostgresStore.OpenError {
            fail(error.description)
        } catch let error as SQLiteStore.OpenError {
            fail(error.description)
        } catch {
            fail("the copy failed and nothing was kept: \(PostgresStore.describe(error))")
        }
        withExtendedLifetime(lock) {}
    }
}
