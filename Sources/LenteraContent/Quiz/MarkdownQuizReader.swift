import Foundation
import LenteraCore

// MARK: - Reading

struct QuizReader {
    /// Settings of one question, each with its line.
    struct Settings {
        var id: (value: String, line: Int)?
        var points: (value: Double, line: Int)?
        var category: String?
        var type: (value: QuestionType, line: Int)?
        var caseSensitive: (value: Bool, line: Int)?
        var partialCredit: (value: Bool, line: Int)?
    }

    enum SettingKey: Equatable {
        case id, points, category, type, caseSensitive, partialCredit
    }

    static let settingKeys: [String: SettingKey] = [
        "id": .id, "poin": .points, "points": .points, "point": .points, "kategori": .category, "category": .category,
        "tipe": .type, "type": .type, "jenis": .type, "huruf-besar-kecil": .caseSensitive, "case-sensitive": .caseSensitive,
        "nilai-sebagian": .partialCredit, "partial-credit": .partialCredit,
    ]

    /// The lines of one question.
    struct Section {
        var headingLine: Int
        var title: String
        var lines: [SourceLine] = []
        var problems: [QuizProblem] = []
        var settings = Settings()
        /// Index in `lines` where the settings block ends.
        var bodyStart = 0
        var id = ""
    }

    var fileProblems: [QuizProblem] = []

    mutating func read(_ source: String) -> MarkdownQuizDocument {
        // "\r\n" is a single Character in Swift, so splitting on "\n" would not split Windows line endings.
        let text = source.replacingOccurrences(of: "\r\n", with: "\n")
        let (frontMatter, body, bodyLineOffset, frontMatterProblems) = FrontMatter.split(text)
        for problem in frontMatterProblems {
            fileProblems.append(
                QuizProblem(
                    line: problem.line, indonesian: problem.kind.message(in: .indonesian), english: problem.kind.message(in: .english)))
        }
        checkFrontMatterKeys(text, bodyLineOffset: bodyLineOffset)
        let frontMatterTitle = frontMatter.title ?? frontMatter.values["judul"].flatMap { $0.isEmpty ? nil : $0 }
        var headingTitle: String?

        // Lines, with comments blanked and fences marked.
        var lines: [SourceLine] = body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { offset, raw in
            SourceLine(number: bodyLineOffset + offset + 1, text: String(raw))
        }
        var fences = FenceTracker()
        var commentStart: Int?
        for index in lines.indices {
            if commentStart != nil {
                if lines[index].text.contains("-->") { commentStart = nil }
                lines[index].text = ""
                continue
            }
            lines[index].inFence = fences.consume(lines[index].text)
            let content = lines[index].text.droppingLeadingSpaces
            if !lines[index].inFence, lines[index].indent <= 3, content.hasPrefix("<!--") {
                let rest = content.dropFirst(4)
                if let close = rest.range(of: "-->") {
                    if !rest[close.upperBound...].allSatisfy(\.isWhitespace) { continue }  // text follows: leave the line as written
                } else {
                    commentStart = lines[index].number
                }
                lines[index].text = ""
            }
        }
        if let commentStart {
            fileProblems.append(problem(commentStart, .unclosedComment))
        }

        // Split into the introduction and one section per `##` heading.
        var introduction: [SourceLine] = []
        var sections: [Section] = []
        for line in lines {
            if !line.inFence, let level = Syntax.headingLevel(line.text), level == 2 {
                sections.append(Section(headingLine: line.number, title: Syntax.headingText(line.text)))
            } else if !line.inFence, line.indent <= 3, line.text.droppingLeadingSpaces.hasPrefix("##"),
                Syntax.headingLevel(line.text) == nil, !line.text.droppingLeadingSpaces.hasPrefix("###")
            {
                var section = Section(headingLine: line.number, title: String(line.text.droppingLeadingSpaces.dropFirst(2)).trimmingSpaces())
                section.problems.append(problem(line.number, .headingWithoutSpace(line.trimmed)))
                sections.append(section)
            } else if sections.isEmpty {
                if headingTitle == nil, !line.inFence, Syntax.headingLevel(line.text) == 1, !introduction.contains(where: { !$0.isBlank }) {
                    headingTitle = Syntax.headingText(line.text)
                    continue
                }
                introduction.append(line)
            } else {
                if !line.inFence, Syntax.headingLevel(line.text) == 1 {
                    sections[sections.count - 1].problems.append(problem(line.number, .titleHeadingBetweenQuestions))
                }
                sections[sections.count - 1].lines.append(line)
            }
        }
        for block in Syntax.blocks(introduction) where block.kind == .list {
            if block.items.contains(where: { Self.checkbox($0.content) != nil }) || block.items.contains(where: { Self.arrow(in: $0.content) != nil })
            {
                fileProblems.append(problem(block.items[0].line, .answersBeforeFirstQuestion))
                break
            }
        }
        for block in Syntax.blocks(introduction) where block.kind == .paragraph {
            if introduction[block.start..<block.end].contains(where: { Self.inlineAnswer($0.text) != nil || Self.isAnswerMarker($0.text) }) {
                fileProblems.append(problem(introduction[block.start].number, .answersBeforeFirstQuestion))
                break
            }
        }
        if sections.isEmpty {
            fileProblems.append(QuizProblem(line: nil, indonesian: Message.noQuestions.indonesian, english: Message.noQuestions.english))
        }

        for index in sections.indices { readSettings(&sections[index]) }
        assignIDs(&sections)
        var items: [QuizItem] = []
        var problems = fileProblems
        for (index, section) in sections.enumerated() {
            var section = section
            let item = readQuestion(&section, number: index + 1)
            problems += section.problems
            if section.problems.isEmpty, let item { items.append(item) }
        }
        problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        return MarkdownQuizDocument(
            title: frontMatterTitle ?? headingTitle, introduction: Self.joined(introduction[...]),
            result: QuizParseResult(items: items, problems: problems))
    }

    func problem(_ line: Int?, _ message: Message) -> QuizProblem {
        QuizProblem(line: line, indonesian: message.indonesian, english: message.english)
    }

    /// Front matter keys other than the title are refused, so that nobody expects them to do something.
    mutating func checkFrontMatterKeys(_ text: String, bodyLineOffset: Int) {
        guard bodyLineOffset > 2 else { return }
        let lines = (text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)).split(
            separator: "\n", omittingEmptySubsequences: false)
        for index in 1..<(bodyLineOffset - 1) where index < lines.count {
            let content = lines[index].trimmingSpaces()
            guard !content.isEmpty, !content.hasPrefix("#"), let colon = content.firstIndex(of: ":") else { continue }
            let key = content[..<colon].trimmingSpaces().lowercased()
            if key == "title" || key == "judul" { continue }
            let message: Message = ["minutes", "menit", "estimated_minutes"].contains(key) ? .minutesInFrontMatter : .unknownFrontMatterKey(key)
            fileProblems.append(problem(index + 1, message))
        }
    }

    // MARK: Settings and ids

    /// Reads the `key: value` lines right under the heading.
    func readSettings(_ section: inout Section) {
        var index = 0
        while index < section.lines.count, section.lines[index].isBlank { index += 1 }
        // A near miss (`poinn`) counts as a setting only right under the heading, so that a question text
        // such as `Tips: ...` after a blank line stays question text.
        guard index < section.lines.count, !section.lines[index].inFence, let (firstKey, _) = Self.keyValue(section.lines[index].text),
            Self.settingKeys[firstKey] != nil || (index == 0 && Self.suggestion(for: firstKey) != nil)
        else {
            section.bodyStart = 0
            return
        }
        var firstLines: [SettingKey: Int] = [:]
        while index < section.lines.count, !section.lines[index].isBlank, !section.lines[index].inFence,
            let (key, value) = Self.keyValue(section.lines[index].text)
        {
            let line = section.lines[index].number
            index += 1
            guard let setting = Self.settingKeys[key] else {
                section.problems.append(problem(line, .unknownSetting(key, suggestion: Self.suggestion(for: key))))
                continue
            }
            if let first = firstLines[setting] {
                section.problems.append(problem(line, .duplicateSetting(key, firstLine: first)))
                continue
            }
            firstLines[setting] = line
            guard !value.isEmpty else {
                section.problems.append(problem(line, .emptySetting(key)))
                continue
            }
            switch setting {
            case .id:
                if CoursePath.isValidID(value) {
                    section.settings.id = (value, line)
                } else {
                    section.problems.append(problem(line, .invalidID(value)))
                }
            case .points:
                switch NumberText.parse(value) {
                case .number(let points) where points >= 0: section.settings.points = (points, line)
                case .ambiguous: section.problems.append(problem(line, .ambiguousNumber(value)))
                default: section.problems.append(problem(line, .invalidPoints(value)))
                }
            case .category:
                section.settings.category = value
            case .type:
                let name = value.lowercased().replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
                if let type = QuestionType.names[name] {
                    section.settings.type = (type, line)
                } else {
                    section.problems.append(problem(line, .unknownType(value)))
                }
            case .caseSensitive, .partialCredit:
                guard let flag = Self.yesNo(value) else {
                    section.problems.append(problem(line, .invalidYesNo(key, value)))
                    continue
                }
                if setting == .caseSensitive { section.settings.caseSensitive = (flag, line) } else { section.settings.partialCredit = (flag, line) }
            }
        }
        section.bodyStart = index
    }

    /// `key: value` where the key is one word (letters, digits, `-`, `_`); the key lowercased.
    static func keyValue(_ text: String) -> (String, String)? {
        guard text.indentColumns <= 3, let colon = text.firstIndex(of: ":") else { return nil }
        let key = text[..<colon].trimmingSpaces()
        guard let first = key.first, first.isLetter,
            key.allSatisfy({ ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        return (key.lowercased().replacingOccurrences(of: "_", with: "-"), text[text.index(after: colon)...].trimmingSpaces())
    }

    static func yesNo(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "ya", "yes", "true", "benar": true
        case "tidak", "no", "false", "salah": false
        default: nil
        }
    }

    /// The known setting a misspelt key is closest to, when it is close.
    static func suggestion(for key: String) -> String? {
        guard key.count >= 3 else { return nil }
        let allowed = key.count <= 5 ? 1 : 2
        return settingKeys.keys.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= allowed && $0.1 > 0 }
            .min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        var previous = Array(0...b.count)
        for (i, characterA) in a.enumerated() {
            var current = [i + 1]
            for (j, characterB) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (characterA == characterB ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Explicit ids first, then one from each title (`soal-N` without a title), made unique with `-2`, `-3`.
    func assignIDs(_ sections: inout [Section]) {
        var taken: [String: Int] = [:]
        for index in sections.indices {
            guard let explicit = sections[index].settings.id else { continue }
            if let first = taken[explicit.value] {
                sections[index].problems.append(problem(explicit.line, .duplicateID(explicit.value, firstLine: first)))
            } else {
                taken[explicit.value] = explicit.line
                sections[index].id = explicit.value
            }
        }
        for index in sections.indices where sections[index].id.isEmpty {
            let base = Self.slug(sections[index].title, maxLength: 60) ?? "soal-\(index + 1)"
            let candidate = QuestionID.unused(base) { taken[$0] != nil }
            taken[candidate] = sections[index].headingLine
            sections[index].id = candidate
        }
    }

    /// Lower-case ASCII letters and digits, accents removed, every other run of characters one hyphen; nil when empty.
    static func slug(_ text: String, maxLength: Int) -> String? {
        var slug = ""
        var pendingDash = false
        for scalar in text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased().unicodeScalars {
            if scalar.isASCII, ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                if pendingDash, !slug.isEmpty { slug += "-" }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        if slug.count > maxLength {
            slug = String(slug.prefix(maxLength))
            if let dash = slug.lastIndex(of: "-"), slug.distance(from: slug.startIndex, to: dash) >= maxLength / 2 {
                slug = String(slug[..<dash])
            }
        }
        return slug.isEmpty ? nil : slug
    }

    // MARK: Questions

    /// Reads one question; nil (with problems in the section) when it cannot be used.
    func readQuestion(_ section: inout Section, number: Int) -> QuizItem? {
        let displayTitle = section.title.isEmpty ? "\(number)" : section.title
        var lines = Array(section.lines[section.bodyStart...])

        // General feedback: from `Umpan balik:` / `Feedback:` at the start of a line to the end of the question.
        var generalFeedback: String?
        if let split = lines.firstIndex(where: { !$0.inFence && Self.feedbackMarker($0.text) != nil }) {
            let first = Self.feedbackMarker(lines[split].text) ?? ""
            var feedbackLines = Array(lines[(split + 1)...])
            Self.dropTrailingBreaks(&feedbackLines)
            let text = ([first] + feedbackLines.map(\.text)).joined(separator: "\n").trimmingSpaces()
            if text.isEmpty {
                section.problems.append(problem(lines[split].number, .emptyFeedback))
            }
            generalFeedback = text.isEmpty ? nil : text
            lines = Array(lines[..<split])
        }
        Self.dropTrailingBreaks(&lines)
        guard lines.contains(where: { !$0.isBlank }) || generalFeedback != nil else {
            section.problems.append(problem(section.headingLine, .emptyQuestion(displayTitle)))
            return nil
        }

        let settings = section.settings
        let blocks = Syntax.blocks(lines)
        var gapProblems: [QuizProblem] = []
        let (gapPrompt, gaps) = readGaps(lines, problems: &gapProblems)
        section.problems += gapProblems
        let hasGaps = !gaps.isEmpty || !gapProblems.isEmpty

        var interaction: QuizItem.Interaction?
        var found: QuestionType?
        var promptEnd = lines.count
        var prompt: String

        if let declared = settings.type?.value, declared == .essay || declared == .description {
            if hasGaps {
                section.problems.append(problem(settings.type?.line, .gapsInType(declared)))
            }
            if let last = blocks.last, last.kind == .list || last.kind == .paragraph,
                let answers = answerShape(last, lines: lines), answers != .ordering
            {
                section.problems.append(problem(lines[last.start].number, .typeMismatch(declared: declared, found: answers)))
            }
            found = declared
            interaction = declared == .essay ? .essay : .description
            prompt = Self.joined(lines[...]) ?? ""
        } else if hasGaps {
            if let last = blocks.last, let shape = answerShape(last, lines: lines), shape != .ordering {
                section.problems.append(problem(lines[last.start].number, .gapsWithAnswerList))
            }
            found = .gaps
            interaction = .gaps(gaps)
            prompt = gapPrompt
        } else {
            (interaction, found, promptEnd) = readAnswers(blocks, lines: lines, settings: settings, section: &section, title: displayTitle)
            prompt = Self.joined(lines[..<promptEnd]) ?? ""
            // A task list above the answers is most likely another question that lost its `##` heading.
            for block in blocks
            where interaction != nil && block.end <= promptEnd && block.kind == .list
                && block.items.contains(where: { Self.checkbox($0.content) != nil })
            {
                section.problems.append(problem(block.items[0].line, .choicesInPrompt))
            }
        }

        if let declared = settings.type, let found, !declared.value.accepts(found) {
            section.problems.append(problem(declared.line, .typeMismatch(declared: declared.value, found: found)))
        }
        if let found {
            if let flag = settings.caseSensitive, found != .shortAnswer {
                section.problems.append(problem(flag.line, .settingNotApplicable("huruf-besar-kecil", found)))
            }
            if let flag = settings.partialCredit, found != .ordering {
                section.problems.append(problem(flag.line, .settingNotApplicable("nilai-sebagian", found)))
            }
            if let points = settings.points, found == .description {
                section.problems.append(problem(points.line, .settingNotApplicable("poin", found)))
            }
        }
        if prompt.isEmpty, interaction != nil {
            section.problems.append(problem(section.headingLine, .noPrompt(displayTitle)))
        }
        guard let interaction, section.problems.isEmpty else { return nil }
        let isDescription = interaction == .description
        return QuizItem(
            id: section.id, prompt: prompt, interaction: interaction, points: isDescription ? 0 : settings.points?.value ?? 1,
            generalFeedback: generalFeedback, category: settings.category, title: section.title.isEmpty ? nil : section.title,
            format: .markdown, line: section.headingLine)
    }

    /// The text after `Umpan balik:` or `Feedback:` when a line starts with one of them.
    static func feedbackMarker(_ text: String) -> String? {
        guard text.first.map({ !$0.isWhitespace }) ?? false else { return nil }
        let lowered = text.lowercased()
        for marker in ["umpan balik", "feedback"] where lowered.hasPrefix(marker) {
            let rest = text.dropFirst(marker.count).drop { $0 == " " || $0 == "\t" }
            guard rest.first == ":" else { continue }
            return rest.dropFirst().trimmingSpaces()
        }
        return nil
    }

    /// Removes trailing blank lines and thematic breaks (`---` between questions).
    static func dropTrailingBreaks(_ lines: inout [SourceLine]) {
        while let last = lines.last, !last.inFence, last.isBlank || Syntax.isThematicBreak(last.text) { lines.removeLast() }
    }

    /// The lines' text without surrounding blank lines; nil when nothing is left.
    static func joined(_ lines: ArraySlice<SourceLine>) -> String? {
        var slice = lines
        while let first = slice.first, first.isBlank, !first.inFence { slice.removeFirst() }
        while let last = slice.last, last.isBlank, !last.inFence { slice.removeLast() }
        let text = slice.map(\.text).joined(separator: "\n")
        return text.isEmpty ? nil : text
    }
}
