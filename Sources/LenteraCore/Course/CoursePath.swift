/// Path arithmetic inside a course folder: every path stays relative and inside the folder.
public enum CoursePath {
    /// Normalizes a relative path (`a/./b/../c` to `a/c`); nil when it is absolute, uses backslashes or climbs out.
    public static func normalize(_ path: String, relativeTo directory: String = "") -> String? {
        if path.utf8.first == slash || path.utf8.contains(backslash) || path.utf8.contains(0) { return nil }
        var parts = components(directory)
        for component in components(path) {
            if component.utf8.elementsEqual(".".utf8) { continue }
            if component.utf8.elementsEqual("..".utf8) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
                continue
            }
            parts.append(component)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// A path's components between its `/` bytes, as the file system splits it.
    ///
    /// Never by Swift characters: `/` followed by a combining mark (U+0338) is one character that is not `/`, so
    /// `../\u{338}x` was one harmless-looking component while the file system read `..` and climbed out.
    public static func components(_ path: String, omittingEmpty: Bool = true) -> [String] {
        path.utf8.split(separator: slash, omittingEmptySubsequences: omittingEmpty).map { String(decoding: $0, as: UTF8.self) }
    }

    private static let slash = UInt8(ascii: "/")
    private static let backslash = UInt8(ascii: "\\")

    /// The directory part of a relative path (`a/b.md` to `a`, `b.md` to the empty string).
    public static func directory(of path: String) -> String {
        // The last `/` byte: as a character, a `/` followed by a combining mark is no `/`.
        guard let slash = path.utf8.lastIndex(of: slash) else { return "" }
        return String(path[..<slash])
    }

    /// Whether a link destination names a scheme (`https:`, `mailto:`), as opposed to a relative path.
    public static func hasScheme(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return false }
        let scheme = destination[..<colon]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            && scheme.first!.isLetter
    }

    /// Whether an id is usable in a URL and a database key: letters, digits, `-`, `_`, `.`, not starting with a dot.
    public static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.count <= 100, !id.hasPrefix(".") else { return false }
        return id.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "-" || scalar == "_" || scalar == ".")
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex of the bytes (a digest), without a formatter per byte.
    public var hexString: String {
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            for (index, byte) in bytes.enumerated() {
                output[2 * index] = hexDigit(byte >> 4)
                output[2 * index + 1] = hexDigit(byte & 0x0F)
            }
            return bytes.count * 2
        }
    }
}

/// The lower-case hex digit of a value below 16.
@inline(__always) private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x57 + value
}
