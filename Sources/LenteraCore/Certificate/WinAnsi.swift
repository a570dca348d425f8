import Foundation

/// Text as bytes of WinAnsiEncoding (Windows-1252), the character set in which the standard 14 fonts show text
/// without an embedded font: Latin letters with their accents, the euro sign, typographic quotes and dashes, the bullet.
enum WinAnsi {
    /// The characters at 0x80 to 0x9F, by Unicode scalar; 0x20 to 0x7E and 0xA0 to 0xFF are the same as Unicode's.
    static let upperPunctuation: [UInt32: UInt8] = [
        0x20AC: 0x80, 0x201A: 0x82, 0x0192: 0x83, 0x201E: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02C6: 0x88,
        0x2030: 0x89, 0x0160: 0x8A, 0x2039: 0x8B, 0x0152: 0x8C, 0x017D: 0x8E, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93,
        0x201D: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02DC: 0x98, 0x2122: 0x99, 0x0161: 0x9A, 0x203A: 0x9B,
        0x0153: 0x9C, 0x017E: 0x9E, 0x0178: 0x9F,
    ]

    /// Letters and signs that have no accent to take off but a close WinAnsi stand-in (ł is l, ′ is ').
    static let standIns: [UInt32: String] = [
        0x0131: "i", 0x0141: "L", 0x0142: "l", 0x0110: "D", 0x0111: "d", 0x0126: "H", 0x0127: "h", 0x2032: "'", 0x2033: "\"",
        0x201B: "'", 0x201F: "\"", 0x2212: "-", 0x2044: "/",
    ]

    /// The ellipsis, which ends a line cut short.
    static let ellipsis: UInt8 = 0x85

    /// The WinAnsi byte of one Unicode scalar, if it has one.
    static func byte(_ scalar: Unicode.Scalar) -> UInt8? {
        if (0x20...0x7E).contains(scalar.value) || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
        return upperPunctuation[scalar.value]
    }

    /// The text in WinAnsi bytes, for a PDF string shown in a standard font. Accents WinAnsi lacks are taken off
    /// (ő is o, ŝ is s), a run of spaces or line breaks is one space, invisible characters (a soft hyphen too) are
    /// left out, dashes are hyphens, and a character with no close WinAnsi one is `?`.
    static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars where scalar != "\u{AD}" {  // a soft hyphen shows nothing
            if let known = Self.byte(scalar) {
                bytes.append(known)
                continue
            }
            if scalar.properties.isWhitespace {
                bytes.append(0x20)
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark, .format, .control, .surrogate:
                continue
            case .dashPunctuation:
                bytes.append(0x2D)
                continue
            default:
                break
            }
            if let standIn = standIns[scalar.value] {
                bytes += Array(standIn.utf8)
                continue
            }
            // The letter under its accents, or each letter of a ligature (ﬁ is fi): only when all of them are WinAnsi.
            let base = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars.filter {
                $0.properties.generalCategory != .nonspacingMark
            }
            let mapped = base.compactMap { Self.byte($0) }
            bytes += !base.isEmpty && mapped.count == base.count ? mapped : [0x3F]
        }
        return collapsingSpaces(bytes)
    }

    /// The bytes without spaces at either end or two in a row (0xA0, the no-break space, is kept as written).
    static func collapsingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var collapsed: [UInt8] = []
        for byte in bytes {
            if byte == 0x20, collapsed.isEmpty || collapsed.last == 0x20 { continue }
            collapsed.append(byte)
        }
        if collapsed.last == 0x20 { collapsed.removeLast() }
        return collapsed
    }
}
