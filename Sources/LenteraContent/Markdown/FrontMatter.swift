import LenteraCore

/// The YAML front matter of a module: `title` and `minutes`, between `---` lines at the very top.
///
/// Only the flat `key: value` subset that module headers use is read; this avoids a YAML dependency for two keys.
public struct FrontMatter: Sendable, Equatable {
    /// The module title, if given.
    public var title: String?
    /// The estimated minutes to study the module, if given.
    public var minutes: Int?
    /// Every key and value as written, for keys Lentera does not know yet.
    public var values: [String: String] = [:]

    /// A problem found in front matter, with its 1-based line.
    public struct Problem: Sendable, Equatable {
        /// The line in the module file.
        public var line: Int
        /// What is wrong.
        public var kind: ProblemKind
    }

    /// Splits a module file into its front matter and Markdown body.
    ///
    /// - Returns: the front matter, the body, the number of lines before the body, and any problems.
    public static func split(_ source: String) -> (FrontMatter, body: Substring, bodyLineOffset: Int, problems: [Problem]) {
        var frontMatter = FrontMatter()
        var problems: [Problem] = []
        let text = source.hasPrefix("\u{FEFF}") ? source.dropFirst() : Substring(source)
        guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else {
            return (frontMatter, text, 0, [])
        }
        // In Swift "\r\n" is one Character: files saved on Windows split on it too.
        let isNewline: (Character) -> Bool = { $0 == "\n" || $0 == "\r\n" }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: isNewline)
        lines.removeFirst()
        var lineNumber = 1
        var consumed = text.firstIndex(where: isNewline).map { text.index(after: $0) } ?? text.endIndex
        for line in lines {
            lineNumber += 1
            let trimmedLine = line.hasSuffix("\r") ? line.dropLast() : line
            consumed = line.endIndex < text.endIndex ? text.index(after: line.endIndex) : text.endIndex
            if trimmedLine == "---" || trimmedLine == "..." {
                // Only `key: value` lines make front matter; `---` lines around plain text are thematic breaks.
                guard !frontMatter.values.isEmpty else { return (FrontMatter(), text, 0, []) }
                return (frontMatter, text[consumed...], lineNumber, problems)
            }
            let content = trimmedLine.trimmingSpaces()
            if content.isEmpty || content.hasPrefix("#") { continue }
            guard let colon = content.firstIndex(of: ":") else {
                problems.append(Problem(line: lineNumber, kind: .frontMatterLine(String(content))))
                continue
            }
            let key = content[..<colon].trimmingSpaces().lowercased()
            var value = content[content.index(after: colon)...].trimmingSpaces()
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            frontMatter.values[key] = value
            switch key {
            case "title":
                frontMatter.title = value.isEmpty ? nil : value
            case "minutes", "estimated_minutes", "menit":
                if let minutes = Int(value), minutes >= 0 {
                    frontMatter.minutes = minutes
                } else {
                    problems.append(Problem(line: lineNumber, kind: .invalidMinutes(value)))
                }
            default:
                break
            }
        }
        if frontMatter.values.isEmpty {
            return (FrontMatter(), text, 0, [])  // a thematic break, not front matter
        }
        problems.append(Problem(line: 1, kind: .unterminatedFrontMatter))
        return (FrontMatter(), text, 0, problems)
    }
}
