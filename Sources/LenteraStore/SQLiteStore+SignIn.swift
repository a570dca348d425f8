import Foundation
import GRDB
import LenteraCore

extension SQLiteStore: SignInThrottleRepository {
    public func beginSignIn(nipKey: String, addressKey: String, limits: SignInLimits, at date: Date) async throws -> TimeInterval? {
        try await pool.write { db in
            let cutoff = date.addingTimeInterval(-limits.window)
            // Old failures of every key go now and then; those of the keys asked about, always.
            if Int.random(in: 0..<100) == 0 { try db.execute(sql: "DELETE FROM sign_in_failure WHERE at < ?", arguments: [cutoff]) }
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE key IN (?, ?) AND at < ?", arguments: [nipKey, addressKey, cutoff])
            let nipFailures = try Date.fetchAll(db, sql: "SELECT at FROM sign_in_failure WHERE key = ? ORDER BY at", arguments: [nipKey])
            let addressFailures = try Date.fetchAll(db, sql: "SELECT at FROM sign_in_failure WHERE key = ? ORDER BY at", arguments: [addressKey])
            if let wait = limits.wait(nipFailures: nipFailures, addressFailures: addressFailures, now: date) { return wait }
            try db.execute(sql: "INSERT INTO sign_in_failure (key, at) VALUES (?, ?), (?, ?)", arguments: [nipKey, date, addressKey, date])
            return nil
        }
    }

    public func signInSucceeded(nipKey: String, addressKey: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE key = ?", arguments: [nipKey])
            try db.execute(
                sql: "DELETE FROM sign_in_failure WHERE rowid = (SELECT rowid FROM sign_in_failure WHERE key = ? ORDER BY at DESC LIMIT 1)",
                arguments: [addressKey]
            )
        }
    }
}
