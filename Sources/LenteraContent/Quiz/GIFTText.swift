import LenteraCore

// MARK: - Text helpers

enum GIFTText {
    /// The text format a GIFT `[name]` marker names.
    static func format(named name: String) -> QuizItem.TextFormat? {
        switch name {
        case "html", "moodle": .html
        case "markdown": .markdown
        case "plain": .plain
        default: nil
        }
    }

    /// Text inside an answer block: each line trimmed (indentation there is layout), the whole trimmed.
    static func blockText(_ units: GIFTUnits) -> String {
        units.split(omittingEmptySubsequences: false, whereSeparator: { $0.isMarker("\n") })
            .map { $0.text.trimmedString }.joined(separator: "\n").trimmedString
    }

    /// Feedback text, format marker removed; nil when empty.
    static func optionalText(_ units: GIFTUnits) -> String? {
        let text = stripFormat(blockText(units))
        return text.isEmpty ? nil : text
    }

    /// Removes a leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` (the item keeps the question's format).
    static func stripFormat(_ text: String) -> String {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            format(named: String(text[text.index(after: text.startIndex)..<close])) != nil
        else { return text }
        return text[text.index(after: close)...].trimmedString
    }

    /// A GIFT short answer as a scoring pattern: `*` stays a wildcard, `\*` a star, and any other `\` a backslash.
    static func wildcardPattern(_ text: String) -> String {
        var pattern = ""
        var characters = text.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "\\" && pending != "*" {
                pattern += "\\\\"
            } else {
                pattern.append(character)
            }
        }
        return pattern
    }

    /// A decimal number (sign, digits, point, exponent), as PHP's `is_numeric` reads one; nil for anything else.
    static func number(_ text: Substring) -> Double? {
        var rest = text[...]
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let integer = rest.prefix(while: \.isASCIIDigit)
        rest = rest.dropFirst(integer.count)
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(fraction.count + 1)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        if rest.first == "e" || rest.first == "E" {
            var exponent = rest.dropFirst()
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            let digits = exponent.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else { return nil }
            rest = exponent.dropFirst(digits.count)
        }
        guard rest.isEmpty, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    /// A percentage for messages: `90`, `33.33`.
    static func percent(_ fraction: Double) -> String {
        let hundredths = (fraction * 10000).rounded()
        let whole = Int(hundredths / 100)
        let rest = Int(abs(hundredths).truncatingRemainder(dividingBy: 100))
        return rest == 0 ? "\(whole)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// At most 40 characters of a text, on one line, for messages.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}

// MARK: - Problems

/// Why a question cannot be read, and where.
struct GIFTFault: Error {
    var line: Int
    var message: GIFTMessage

    var problem: QuizProblem {
        QuizProblem(line: line, indonesian: message.indonesian, english: message.english)
    }
}

/// Every message of the GIFT reader, in both interface languages.
enum GIFTMessage {
    case titleNotClosed
    case titleWithSingleColon
    case closingBraceWithoutOpening
    case answerBlockNotClosed(openedOn: Int)
    case openingBraceInsideAnswerBlock
    case secondAnswerBlock
    case textBeforeFirstAnswer(String, markers: [Character])
    case emptyAnswer(Character)
    case secondHashInAnswer
    case invalidWeight(String)
    case tooFewChoices
    case noFullMarks
    case noRightAnswer
    case weightsDoNotAddUp(String)
    case unescaped(Character)
    case tooManyTrueFalseFeedbacks
    case feedbackInMatching
    case pairWithoutArrow
    case pairWithoutResponse
    case repeatedPremise(String)
    case tooFewPairs
    case noNumericAnswer
    case numericOtherwiseWithoutFeedback
    case notANumber(String)

    var indonesian: String {
        switch self {
        case .titleNotClosed: "judul ::…:: tidak ditutup dengan ::"
        case .titleWithSingleColon: "judul harus diawali :: (di sini hanya satu :); tulis \\: untuk titik dua biasa"
        case .closingBraceWithoutOpening: "} tanpa { pembuka; tulis \\} untuk kurung kurawal biasa"
        case .answerBlockNotClosed(let openedOn):
            "blok jawaban yang dibuka di baris \(openedOn) tidak ditutup dengan } sebelum baris kosong atau akhir berkas"
        case .openingBraceInsideAnswerBlock: "{ di dalam blok jawaban; tulis \\{ untuk kurung kurawal biasa"
        case .secondAnswerBlock: "soal hanya boleh memiliki satu blok jawaban {…}; tulis \\{ dan \\} untuk kurung kurawal biasa"
        case .textBeforeFirstAnswer(let text, let markers):
            "teks \"\(text)\" sebelum jawaban pertama tidak diawali \(markers.map(String.init).joined(separator: " atau "))"
        case .emptyAnswer(let marker): "jawaban kosong setelah \(marker)"
        case .secondHashInAnswer: "# kedua dalam satu jawaban (umpan balik dimulai pada # pertama); tulis \\# untuk tanda # biasa"
        case .invalidWeight(let written): "bobot %\(written)% bukan persentase antara -100 dan 100"
        case .tooFewChoices: "soal pilihan ganda memerlukan sedikitnya 2 pilihan"
        case .noFullMarks: "tidak ada jawaban bernilai 100%; tandai jawaban benar dengan ="
        case .noRightAnswer: "tidak ada jawaban benar; tandai dengan = atau beri bobot seperti ~%50%"
        case .weightsDoNotAddUp(let total): "bobot positif jawaban berjumlah \(total)%, bukan 100%"
        case .unescaped(let character): "\(character) tanpa garis miring terbalik di dalam jawaban; tulis \\\(character)"
        case .tooManyTrueFalseFeedbacks: "soal benar/salah menerima paling banyak dua umpan balik (#salah#benar); tulis \\# untuk tanda # biasa"
        case .feedbackInMatching: "soal menjodohkan tidak mendukung umpan balik #; tulis \\# untuk tanda # biasa"
        case .pairWithoutArrow: "pasangan soal menjodohkan tanpa ->"
        case .pairWithoutResponse: "pasangan soal menjodohkan tanpa jawaban setelah ->"
        case .repeatedPremise(let premise): "pernyataan \"\(premise)\" muncul dua kali dalam soal menjodohkan"
        case .tooFewPairs: "soal menjodohkan memerlukan sedikitnya 2 pasangan"
        case .noNumericAnswer: "soal numerik tidak memiliki jawaban"
        case .numericOtherwiseWithoutFeedback: "~ dalam soal numerik harus langsung diikuti #umpan balik"
        case .notANumber(let text): "\"\(text)\" bukan angka (gunakan titik desimal, misalnya 3.14)"
        }
    }

    var english: String {
        switch self {
        case .titleNotClosed: "the ::title:: is not closed with ::"
        case .titleWithSingleColon: "a title starts with :: (here a single :); write \\: for a literal colon"
        case .closingBraceWithoutOpening: "} without an opening {; write \\} for a literal brace"
        case .answerBlockNotClosed(let openedOn):
            "the answer block opened on line \(openedOn) is not closed with } before a blank line or the end of the file"
        case .openingBraceInsideAnswerBlock: "{ inside an answer block; write \\{ for a literal brace"
        case .secondAnswerBlock: "a question has only one answer block {…}; write \\{ and \\} for literal braces"
        case .textBeforeFirstAnswer(let text, let markers):
            "the text \"\(text)\" before the first answer does not start with \(markers.map(String.init).joined(separator: " or "))"
        case .emptyAnswer(let marker): "an empty answer after \(marker)"
        case .secondHashInAnswer: "a second # in one answer (feedback starts at the first #); write \\# for a literal #"
        case .invalidWeight(let written): "the weight %\(written)% is not a percentage between -100 and 100"
        case .tooFewChoices: "a multiple-choice question needs at least 2 choices"
        case .noFullMarks: "no answer is worth 100%; mark the right answer with ="
        case .noRightAnswer: "no answer is right; mark it with = or give weights such as ~%50%"
        case .weightsDoNotAddUp(let total): "the positive weights of the answers add up to \(total)%, not 100%"
        case .unescaped(let character): "an unescaped \(character) inside an answer; write \\\(character)"
        case .tooManyTrueFalseFeedbacks: "a true/false question takes at most two feedbacks (#wrong#right); write \\# for a literal #"
        case .feedbackInMatching: "matching questions take no # feedback; write \\# for a literal #"
        case .pairWithoutArrow: "a matching pair without ->"
        case .pairWithoutResponse: "a matching pair with nothing after ->"
        case .repeatedPremise(let premise): "the premise \"\(premise)\" appears twice in a matching question"
        case .tooFewPairs: "a matching question needs at least 2 pairs"
        case .noNumericAnswer: "a numerical question has no answer"
        case .numericOtherwiseWithoutFeedback: "~ in a numerical question must be followed directly by #feedback"
        case .notANumber(let text): "\"\(text)\" is not a number (use a decimal point, as in 3.14)"
        }
    }
}

// MARK: - Small extensions

extension ArraySlice where Element == GIFTUnit {
    /// The characters, escapes resolved.
    var text: String { String(map(\.character)) }

    /// Without leading and trailing whitespace.
    var trimmed: ArraySlice<GIFTUnit> {
        let start = firstIndex { !$0.character.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.character.isWhitespace }.map { $0 + 1 } ?? start
        return self[start..<Swift.max(start, end)]
    }

    /// Whether the slice starts with the unescaped characters of `marker`.
    func startsWithMarker(_ marker: String) -> Bool {
        firstMarker(marker) == startIndex
    }

    /// The index of the first run of unescaped characters spelling `marker`.
    func firstMarker(_ marker: String) -> Int? {
        let characters = Array(marker)
        guard count >= characters.count else { return nil }
        for index in startIndex...(endIndex - characters.count)
        where characters.indices.allSatisfy({ self[index + $0].isMarker(characters[$0]) }) {
            return index
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace.
    var trimmed: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }

    var trimmedString: String { String(trimmed) }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
