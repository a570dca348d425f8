import Crypto
import Foundation

/// The code a classroom event's venue shows for one session, scanned by learners to record that they are there: it
/// names the program, the event and the session and when it was issued, and carries the server's signature.
///
/// The operator's page shows a new code every ``rotation`` seconds; each is accepted for ``lifetime`` seconds from
/// its issue (time to scan it, sign in on a slow link and come back), so that a photo sent to someone elsewhere is
/// soon worth nothing.
public struct AttendanceCode: Sendable, Equatable {
    public var programID: String
    public var eventID: String
    /// The session's index in the event, from 0.
    public var session: Int
    /// When the code was issued, to the second.
    public var issued: Date
    /// A random value that makes each code unique.
    public var nonce: String

    /// How often the venue's page shows a new code, in seconds.
    public static let rotation: TimeInterval = 15
    /// How long a code is accepted after it was issued, in seconds.
    public static let lifetime: TimeInterval = 120
    /// How far ahead of the server's clock an issue time may be (another node's clock).
    static let clockSkew: TimeInterval = 5

    /// Why a scanned code records nothing.
    public enum Refusal: Error, Sendable, Equatable {
        /// Not signed by this server, or not a code at all.
        case forged
        /// Issued more than ``AttendanceCode/lifetime`` seconds ago.
        case expired
        /// Signed, but for another program or event than the address it was brought to.
        case otherEvent
        /// For a session that is not on now.
        case outsideSession
        /// The learner has already used this code.
        case reused
    }

    /// Creates a code value.
    public init(programID: String, eventID: String, session: Int, issued: Date, nonce: String) {
        self.programID = programID
        self.eventID = eventID
        self.session = session
        self.issued = Date(timeIntervalSince1970: issued.timeIntervalSince1970.rounded(.down))
        self.nonce = nonce
    }

    /// A new code for a session, issued now.
    public static func issue(programID: String, eventID: String, session: Int, at date: Date) -> AttendanceCode {
        let bytes = (0..<9).map { _ in UInt8.random(in: 0...255) }
        return AttendanceCode(programID: programID, eventID: eventID, session: session, issued: date, nonce: Data(bytes).base64URL)
    }

    /// The code as the QR code and the address carry it: the fields, then the signature, each base64url.
    public func token(key: SymmetricKey) -> String {
        let payload = Data(fields.utf8)
        let signature = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key))
        return payload.base64URL + "." + signature.base64URL
    }

    private var fields: String {
        ["1", programID, eventID, String(session), String(Int(issued.timeIntervalSince1970)), nonce].joined(separator: "\n")
    }

    /// Reads a token brought to the address of `programID`'s event `eventID`: the code when its signature is this
    /// server's, it is for that event and it has not expired.
    public static func verify(_ token: String, programID: String, eventID: String, key: SymmetricKey, now: Date) throws(Refusal) -> AttendanceCode {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 1024, parts.count == 2, let payload = Data(base64URL: String(parts[0])),
            let signature = Data(base64URL: String(parts[1])),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key)
        else { throw .forged }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == "1", let session = Int(fields[3]), session >= 0, let seconds = Int(fields[4]) else { throw .forged }
        let code = AttendanceCode(programID: fields[1], eventID: fields[2], session: session, issued: Date(timeIntervalSince1970: Double(seconds)),
                                  nonce: fields[5])
        guard code.programID == programID, code.eventID == eventID else { throw .otherEvent }
        guard code.issued.timeIntervalSince(now) <= clockSkew else { throw .forged }
        guard now.timeIntervalSince(code.issued) <= lifetime else { throw .expired }
        return code
    }
}

extension Data {
    /// Base64 with `-` and `_`, without padding (safe in a URL).
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Reads base64url without padding; nil for anything else.
    init?(base64URL text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
