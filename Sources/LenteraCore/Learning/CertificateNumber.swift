import Foundation

/// Certificate numbers: how they are made, and how one a person typed is read back. One authority for their shape.
extension JPLedger {
    /// What every certificate number starts with.
    static let certificatePrefix = "LTR"
    /// The characters of a new number's random groups: none that looks like another (no 0 and O, no 1 and I).
    static let certificateAlphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    /// The length of each group after the prefix.
    static let certificateGroupLength = 4
    /// The groups after the prefix: the year, then three random ones.
    static let certificateGroupCount = 4

    /// A new certificate number: `LTR-<year>-XXXX-XXXX-XXXX` from an alphabet without look-alike characters.
    public static func certificateNumber(year: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Self.certificateAlphabet
        let groups = (0..<(Self.certificateGroupCount - 1)).map { _ in
            String((0..<Self.certificateGroupLength).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
        return "\(Self.certificatePrefix)-\(year)-" + groups.joined(separator: "-")
    }

    /// A certificate number as a person typed it, written the way ``certificateNumber(year:)`` writes numbers
    /// (`ltr 2026 xt7s-887t qjmw` reads as `LTR-2026-XT7S-887T-QJMW`); nil when it cannot be one.
    ///
    /// Case does not matter; spaces, dashes (any Unicode dash, as word processors write them, and the minus sign) and
    /// invisible format characters (a soft hyphen, a zero-width space copied from a PDF) may be anywhere or nowhere;
    /// the `LTR` at the start may be left out. Letters and digits are kept as typed, never mapped to a look-alike:
    /// the store is asked for exactly one number.
    public static func canonicalCertificateNumber(_ typed: String) -> String? {
        guard typed.utf8.count <= 400 else { return nil }
        var compact = ""
        for scalar in typed.unicodeScalars {
            let category = scalar.properties.generalCategory
            if scalar.properties.isWhitespace || category == .dashPunctuation || category == .format || scalar == "\u{2212}" { continue }
            guard scalar.isASCII, ("0"..."9").contains(scalar) || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) else {
                return nil
            }
            compact.unicodeScalars.append(scalar)
        }
        compact = compact.uppercased()
        if !compact.hasPrefix(certificatePrefix) { compact = certificatePrefix + compact }
        let characters = Array(compact.dropFirst(certificatePrefix.count))
        guard characters.count == certificateGroupLength * certificateGroupCount,
            characters.prefix(certificateGroupLength).allSatisfy(\.isNumber)
        else { return nil }
        let length = certificateGroupLength
        let groups = stride(from: 0, to: characters.count, by: length).map { String(characters[$0..<($0 + length)]) }
        return ([certificatePrefix] + groups).joined(separator: "-")
    }
}
