/// Path arithmetic inside a course folder: every path stays relative and inside the folder.
public enum CoursePath {
    /// Normalizes a relative path (`a/./b/../c` to `a/c`); nil when it is absolute, uses backslashes or climbs out.
    public static func normalize(_ path: String, relativeTo directory: String = "") -> String? {
        if path.hasPrefix("/") || path.contains("\\") || path.contains("\0") { return nil }
        var parts: [Substring] = directory.split(separator: "/")
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default:
                parts.append(component)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The directory part of a relative path (`a/b.md` to `a`, `b.md` to the empty string).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
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
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        for byte in self {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
