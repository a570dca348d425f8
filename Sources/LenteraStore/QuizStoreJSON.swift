import Foundation
import LenteraCore

/// How quiz questions and responses are kept as JSON text: one definition for every store, so that SQLite and
/// PostgreSQL write the same text for the same value and read each other's.
enum QuizStoreJSON {
    /// Keys sorted, so that the text of a value does not depend on the order a dictionary was built in.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// A learner's response as stored.
    static func encode(_ response: QuizResponse) throws -> String {
        String(decoding: try encoder.encode(response), as: UTF8.self)
    }

    /// A quiz version's questions (its pool) as stored.
    static func encode(pool: [QuizItem]) throws -> String {
        String(decoding: try encoder.encode(pool), as: UTF8.self)
    }

    /// A response from its stored text.
    static func decodeResponse(_ json: String) throws -> QuizResponse {
        try JSONDecoder().decode(QuizResponse.self, from: Data(json.utf8))
    }

    /// A pool from its stored text.
    static func decodePool(_ json: String) throws -> [QuizItem] {
        try JSONDecoder().decode([QuizItem].self, from: Data(json.utf8))
    }

    /// An attempt's questions as stored: its layout over the pool of its version or, for attempts started before the
    /// layouts (SQLite schema v6), the questions themselves.
    enum StoredQuestions {
        case items([QuizItem])
        case layout(AttemptLayout)
    }

    /// An attempt's `items` column read: a JSON array is the questions themselves, an object their layout.
    static func decodeQuestions(_ stored: String) throws -> StoredQuestions {
        if stored.hasPrefix("[") { return .items(try decodePool(stored)) }
        return .layout(try JSONDecoder().decode(AttemptLayout.self, from: Data(stored.utf8)))
    }
}
