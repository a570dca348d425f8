import Foundation
import HummingbirdBcrypt
import LenteraCore
import NIOPosix

/// Imports a roster: every good row becomes an account with a temporary password; bad rows are reported by line.
public enum RosterImport {
    /// An account created with the temporary password to hand to its owner.
    public struct Created: Sendable {
        public var account: Account
        public var password: String
    }

    /// What an import did.
    public struct Outcome: Sendable {
        public var created: [Created] = []
        public var rejections: [Roster.Rejection] = []
    }

    /// Creates the roster's accounts; rows whose NIP is registered already are rejected, the others still imported.
    public static func run(_ roster: Roster, into store: any AccountRepository) async -> Outcome {
        var outcome = Outcome(rejections: roster.rejections)
        for row in roster.rows {
            let password = temporaryPassword()
            do {
                let hash = try await passwordHash(password)
                let account = try await store.createAccount(
                    NewAccount(
                        nip: row.nip, name: row.name, unit: row.unit, position: row.position, status: row.status, email: row.email,
                        role: row.role, passwordHash: hash, mustChangePassword: true
                    )
                )
                outcome.created.append(Created(account: account, password: password))
            } catch {
                outcome.rejections.append(Roster.Rejection(line: row.line, reason: .duplicateNIP))
            }
        }
        outcome.rejections.sort { $0.line < $1.line }
        return outcome
    }

    /// The bcrypt cost of every password hash, so that no kind of account answers faster than another.
    public static let bcryptCost: UInt8 = 12

    /// Hashes on NIO's thread pool: bcrypt takes a quarter second and must not hold up the async executor.
    public static func passwordHash(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: bcryptCost) }
    }

    /// Ten characters from an alphabet without look-alikes.
    public static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
