/// A civil servant's identity number (Nomor Induk Pegawai): 18 digits.
///
/// Digits 1-8 are the birth date (YYYYMMDD), 9-14 the appointment year and month (not checked: PPPK numbers
/// differ there), 15 the sex (1 or 2) and 16-18 a sequence. A NIP is personal data: it never goes into URLs or logs.
public struct NIP: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 18 digits.
    public let digits: String

    /// Why a NIP is not valid, for the person who typed it.
    public enum Problem: Error, Sendable, Equatable {
        case wrongLength(Int)
        case notDigits
        case invalidBirthDate
        case invalidSexDigit

        /// The message in the given language.
        public func message(in language: Language) -> String {
            let id = language == .indonesian
            switch self {
            case .wrongLength(let count):
                return id ? "NIP harus 18 angka (tertulis \(count))" : "a NIP has 18 digits (\(count) given)"
            case .notDigits:
                return id ? "NIP hanya berisi angka" : "a NIP holds digits only"
            case .invalidBirthDate:
                return id ? "8 angka pertama NIP bukan tanggal lahir yang sah" : "the first 8 digits are not a valid birth date"
            case .invalidSexDigit:
                return id ? "angka ke-15 NIP harus 1 atau 2" : "digit 15 of a NIP must be 1 or 2"
            }
        }
    }

    /// Validates a NIP; spaces inside it (as printed on cards) are ignored.
    public init(validating text: String) throws(Problem) {
        // Eighteen ASCII digits as stored (every NIP a report reads) need no look at Unicode properties.
        let plain = text.utf8.count == 18 && text.utf8.allSatisfy { (48...57).contains($0) }
        let compact = plain ? text : text.filter { !$0.isWhitespace }
        guard plain || compact.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        guard compact.count == 18 else { throw .wrongLength(compact.count) }
        let bytes = Array(compact.utf8).map { Int($0) - 48 }
        let year = bytes[0] * 1000 + bytes[1] * 100 + bytes[2] * 10 + bytes[3]
        let month = bytes[4] * 10 + bytes[5]
        let day = bytes[6] * 10 + bytes[7]
        guard (1900...2100).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day) else {
            throw .invalidBirthDate
        }
        guard bytes[14] == 1 || bytes[14] == 2 else { throw .invalidSexDigit }
        digits = compact
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The NIP with all but its last four digits hidden, for public pages.
    public var masked: String {
        String(repeating: "•", count: 14) + digits.suffix(4)
    }

    /// Masked, so that a NIP printed by accident reveals nothing.
    public var description: String { masked }

    public static func < (lhs: NIP, rhs: NIP) -> Bool { lhs.digits < rhs.digits }
}
