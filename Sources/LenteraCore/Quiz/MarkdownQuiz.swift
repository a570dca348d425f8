import Foundation

/// What a Markdown quiz file holds: its title, the text above its first question, and its questions.
public struct MarkdownQuizDocument: Sendable, Equatable {
    /// `title` (or `judul`) in the front matter, else the `#` heading above the first question; nil when neither is given.
    public var title: String?
    /// The Markdown between the top of the file (front matter and `#` title excluded) and the first question.
    public var introduction: String?
    /// The questions, and every problem found.
    public var result: QuizParseResult

    /// Creates a document.
    public init(title: String? = nil, introduction: String? = nil, result: QuizParseResult = QuizParseResult()) {
        self.title = title
        self.introduction = introduction
        self.result = result
    }
}

/// Reads Lentera's Markdown quiz files (`*.quiz.md`): each question is a `##` heading, its text, then its answers.
///
/// The syntax is documented for authors in `docs/authoring.md` ("Kuis"). The reader is line-based rather than
/// built on cmark: what makes a question (a heading, a settings block, the last list) is decided by lines, and
/// every message must name the exact source line, while the texts themselves stay Markdown and are rendered later
/// by the same renderer as modules.
public enum MarkdownQuizParser {
    /// Reads a quiz file into items (format `.markdown`) and problems; a question with a problem is left out.
    public static func parse(_ text: String) -> QuizParseResult {
        parseDocument(text).result
    }

    /// Reads a quiz file into its title, introduction, items and problems.
    public static func parseDocument(_ text: String) -> MarkdownQuizDocument {
        var reader = QuizReader()
        return reader.read(text)
    }

    /// The quiz title alone: front matter `title`, else the `#` heading above the first question.
    public static func title(of text: String) -> String? {
        parseDocument(text).title
    }
}

// MARK: - Lines

/// One line of the source, with its 1-based number and whether it lies inside a fenced code block.
private struct SourceLine {
    var number: Int
    var text: String
    var inFence = false

    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
    var indent: Int { text.indentColumns }
    var trimmed: String { text.trimmingSpaces() }
}

extension String {
    /// The columns of leading whitespace (a tab counts 4).
    fileprivate var indentColumns: Int {
        var columns = 0
        for character in self {
            if character == " " { columns += 1 } else if character == "\t" { columns += 4 } else { break }
        }
        return columns
    }

    /// The text without up to `columns` columns of leading whitespace.
    fileprivate func droppingIndent(_ columns: Int) -> String {
        var removed = 0
        var index = startIndex
        while index < endIndex, removed < columns, self[index] == " " || self[index] == "\t" {
            removed += self[index] == "\t" ? 4 : 1
            index = self.index(after: index)
        }
        return String(self[index...])
    }

    /// The text without leading whitespace.
    fileprivate var droppingLeadingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}

/// Follows fenced code blocks (``` or ~~~), inside which nothing is quiz syntax.
private struct FenceTracker {
    private var open: (character: Character, count: Int)?

    /// Whether the line opens, continues or closes a fence.
    mutating func consume(_ line: String) -> Bool {
        let content = line.droppingLeadingSpaces
        let fenceCharacter = content.first
        let run = fenceCharacter.map { character in content.prefix { $0 == character }.count } ?? 0
        if let current = open {
            if fenceCharacter == current.character, run >= current.count,
                content.dropFirst(run).allSatisfy(\.isWhitespace)
            {
                open = nil
            }
            return true
        }
        if let fenceCharacter, fenceCharacter == "`" || fenceCharacter == "~", run >= 3, line.indentColumns < 8 {
            if fenceCharacter == "`", content.dropFirst(run).contains("`") { return false }  // an inline code span
            open = (fenceCharacter, run)
            return true
        }
        return false
    }
}

// MARK: - Blocks

/// The start of a list item: `- `, `* `, `+ `, `1. ` or `1) `.
private struct ListMarker {
    var indent: Int
    var bullet: Character?
    var number: Int?
    var delimiter: Character?
    /// The column where the item's text starts.
    var contentOffset: Int
    var content: String

    init?(_ text: String) {
        indent = text.indentColumns
        guard indent <= 3, !Syntax.isThematicBreak(text) else { return nil }
        let rest = text.droppingLeadingSpaces
        guard let first = rest.first else { return nil }
        var markerLength: Int
        if "-*+".contains(first) {
            bullet = first
            markerLength = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let after = rest.dropFirst(digits.count).first, after == "." || after == ")"
            else { return nil }
            number = Int(digits)
            delimiter = after
            markerLength = digits.count + 1
        }
        let afterMarker = rest.dropFirst(markerLength)
        guard afterMarker.isEmpty || afterMarker.first == " " || afterMarker.first == "\t" else { return nil }
        let spaces = afterMarker.prefix { $0 == " " || $0 == "\t" }.count
        contentOffset = indent + markerLength + (spaces > 4 || afterMarker.allSatisfy(\.isWhitespace) ? 1 : spaces)
        content = afterMarker.trimmingSpaces()
    }

    var isOrdered: Bool { number != nil }

    func continuesList(of other: ListMarker) -> Bool {
        bullet == other.bullet && delimiter == other.delimiter
    }
}

/// A list item with the lines indented under it.
private struct ListItem {
    var line: Int
    var number: Int?
    var content: String
    var contentOffset: Int
    /// Lines after the first, blank ones included.
    var continuation: [SourceLine] = []
}

/// A top-level Markdown block of a question, as far as the quiz syntax needs to know.
private struct Block {
    enum Kind { case paragraph, list, fence, quote, heading, thematicBreak }

    var kind: Kind
    /// Index of the first line in the question body.
    var start: Int
    /// Index after the last line.
    var end: Int
    var items: [ListItem] = []
    var ordered = false
}

private enum Syntax {
    static func isThematicBreak(_ text: String) -> Bool {
        guard text.indentColumns <= 3 else { return false }
        let characters = text.filter { !$0.isWhitespace }
        guard characters.count >= 3, let first = characters.first, "-*_".contains(first) else { return false }
        return characters.allSatisfy { $0 == first }
    }

    /// The level of an ATX heading (`#` to `######` followed by a space), or nil.
    static func headingLevel(_ text: String) -> Int? {
        guard text.indentColumns <= 3 else { return nil }
        let rest = text.droppingLeadingSpaces
        let hashes = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let after = rest.dropFirst(hashes)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return hashes
    }

    /// The text of an ATX heading, without the closing hashes.
    static func headingText(_ text: String) -> String {
        var rest = Substring(text.droppingLeadingSpaces.drop { $0 == "#" }).trimmingSpaces()
        if rest.allSatisfy({ $0 == "#" }) { return "" }
        if let lastSpace = rest.lastIndex(where: { $0 == " " || $0 == "\t" }),
            rest[rest.index(after: lastSpace)...].allSatisfy({ $0 == "#" })
        {
            rest = rest[..<lastSpace].trimmingSpaces()
        }
        return rest
    }

    static func isQuoteStart(_ text: String) -> Bool {
        text.indentColumns <= 3 && text.droppingLeadingSpaces.hasPrefix(">")
    }

    /// Whether a line starts a new block, ending a paragraph.
    static func interruptsParagraph(_ line: SourceLine) -> Bool {
        if line.inFence || isThematicBreak(line.text) || headingLevel(line.text) != nil || isQuoteStart(line.text) { return true }
        if let marker = ListMarker(line.text), !marker.content.isEmpty { return !marker.isOrdered || marker.number == 1 }
        return false
    }

    /// Splits a question body into blocks: fenced code, headings, rules, quotes, lists and paragraphs.
    static func blocks(_ lines: [SourceLine]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let start = index
            if line.inFence {
                while index < lines.count, lines[index].inFence { index += 1 }
                blocks.append(Block(kind: .fence, start: start, end: index))
            } else if line.isBlank {
                index += 1
            } else if isThematicBreak(line.text) {
                index += 1
                blocks.append(Block(kind: .thematicBreak, start: start, end: index))
            } else if headingLevel(line.text) != nil {
                index += 1
                blocks.append(Block(kind: .heading, start: start, end: index))
            } else if let marker = ListMarker(line.text) {
                blocks.append(list(lines, from: &index, first: marker))
            } else if isQuoteStart(line.text) {
                index += 1
                while index < lines.count, !lines[index].isBlank, !lines[index].inFence,
                    isQuoteStart(lines[index].text) || !interruptsParagraph(lines[index])
                {
                    index += 1
                }
                blocks.append(Block(kind: .quote, start: start, end: index))
            } else {
                index += 1
                while index < lines.count, !lines[index].isBlank, !interruptsParagraph(lines[index]) { index += 1 }
                blocks.append(Block(kind: .paragraph, start: start, end: index))
            }
        }
        return blocks
    }

    /// Reads a list starting at `index`: its items and the lines indented (or lazily continued) under them.
    static func list(_ lines: [SourceLine], from index: inout Int, first: ListMarker) -> Block {
        var block = Block(kind: .list, start: index, end: index + 1, ordered: first.isOrdered)
        block.items.append(ListItem(line: lines[index].number, number: first.number, content: first.content, contentOffset: first.contentOffset))
        index += 1
        var blanks: [SourceLine] = []
        while index < lines.count {
            let line = lines[index]
            if line.isBlank, !line.inFence {
                blanks.append(line)
                index += 1
                continue
            }
            let current = block.items[block.items.count - 1]
            let marker = line.inFence ? nil : ListMarker(line.text)
            if line.indent >= current.contentOffset || (line.indent >= 1 && marker == nil) {
                block.items[block.items.count - 1].continuation += blanks + [line]
            } else if let marker, marker.continuesList(of: first) {
                block.items.append(ListItem(line: line.number, number: marker.number, content: marker.content, contentOffset: marker.contentOffset))
            } else if blanks.isEmpty, marker == nil, !interruptsParagraph(line) {
                block.items[block.items.count - 1].continuation.append(line)  // a lazy continuation line
            } else {
                break
            }
            blanks = []
            index += 1
            block.end = index
        }
        index = block.end
        return block
    }
}

// MARK: - Messages

/// The kinds of question, as authors name them.
private enum QuestionType: Equatable {
    case singleChoice, multipleResponse, trueFalse, shortAnswer, numeric, matching, ordering, gaps, essay, description

    static let names: [String: QuestionType] = [
        "pilihan-ganda": .singleChoice, "pilihan-tunggal": .singleChoice, "single-choice": .singleChoice,
        "multiple-choice": .singleChoice,
        "pilihan-ganda-kompleks": .multipleResponse, "pilihan-jamak": .multipleResponse, "multiple-response": .multipleResponse,
        "benar-salah": .trueFalse, "true-false": .trueFalse,
        "isian-singkat": .shortAnswer, "isian": .shortAnswer, "short-answer": .shortAnswer,
        "numerik": .numeric, "angka": .numeric, "numeric": .numeric, "numerical": .numeric,
        "menjodohkan": .matching, "matching": .matching,
        "mengurutkan": .ordering, "urutan": .ordering, "ordering": .ordering,
        "isian-rumpang": .gaps, "rumpang": .gaps, "fill-in-the-blanks": .gaps, "gaps": .gaps, "cloze": .gaps,
        "esai": .essay, "uraian": .essay, "essay": .essay,
        "deskripsi": .description, "description": .description,
    ]

    var indonesianName: String {
        switch self {
        case .singleChoice: "pilihan ganda"
        case .multipleResponse: "pilihan ganda kompleks"
        case .trueFalse: "benar-salah"
        case .shortAnswer: "isian singkat"
        case .numeric: "numerik"
        case .matching: "menjodohkan"
        case .ordering: "mengurutkan"
        case .gaps: "isian rumpang"
        case .essay: "esai"
        case .description: "deskripsi"
        }
    }

    /// The English name after "a" or "an".
    var englishNameWithArticle: String {
        let name = englishName
        return "aeiou".contains(name.first ?? "x") ? "an \(name)" : "a \(name)"
    }

    var englishName: String {
        switch self {
        case .singleChoice: "single choice"
        case .multipleResponse: "multiple response"
        case .trueFalse: "true/false"
        case .shortAnswer: "short answer"
        case .numeric: "numeric"
        case .matching: "matching"
        case .ordering: "ordering"
        case .gaps: "fill in the blanks"
        case .essay: "essay"
        case .description: "description"
        }
    }

    /// Whether answers written for `found` suit a question declared as `self`.
    func accepts(_ found: QuestionType) -> Bool {
        switch (self, found) {
        case (.singleChoice, .singleChoice), (.singleChoice, .multipleResponse), (.multipleResponse, .singleChoice),
            (.multipleResponse, .multipleResponse), (.trueFalse, .singleChoice), (.trueFalse, .multipleResponse),
            (.shortAnswer, .shortAnswer), (.shortAnswer, .numeric), (.numeric, .shortAnswer), (.numeric, .numeric):
            true
        default:
            self == found
        }
    }
}

/// Every message a Markdown quiz file can produce, in both interface languages.
private enum Message {
    case unknownFrontMatterKey(String)
    case minutesInFrontMatter
    case unclosedComment
    case headingWithoutSpace(String)
    case titleHeadingBetweenQuestions
    case answersBeforeFirstQuestion
    case noQuestions
    case emptyQuestion(String)
    case noPrompt(String)
    case noAnswers(String)
    case unknownSetting(String, suggestion: String?)
    case duplicateSetting(String, firstLine: Int)
    case emptySetting(String)
    case invalidID(String)
    case duplicateID(String, firstLine: Int)
    case invalidPoints(String)
    case unknownType(String)
    case invalidYesNo(String, String)
    case settingNotApplicable(String, QuestionType)
    case typeMismatch(declared: QuestionType, found: QuestionType)
    case emptyFeedback
    case feedbackNotIndented
    case textAfterAnswers
    case settingsAfterAnswers
    case choicesInPrompt
    case unrecognizedList
    case mixedChoiceList
    case invalidCheckbox(String)
    case emptyChoice
    case duplicateChoice(String)
    case tooFewChoices
    case noCorrectChoice
    case trueFalseNeedsTwo
    case invalidWeight(String)
    case weightOnSingleCorrect(String)
    case fullWeightUnchecked(String)
    case negativeWeightInSingleChoice(String)
    case positiveWeightUnchecked(String)
    case nonPositiveWeightChecked(String)
    case weightsDoNotAddUp(String)
    case noShareLeft
    case markerWithoutAnswers(String)
    case emptyAnswer
    case noFullCreditAnswer
    case numbersMixedWithText(String)
    case invalidNumber(String)
    case ambiguousNumber(String)
    case reversedRange(String)
    case negativeTolerance(String)
    case matchingWithoutArrow
    case tooFewPairs
    case duplicatePremise(String)
    case emptyResponse
    case distractorIsAnswer(String)
    case tooFewOrderItems
    case duplicateOrderItem(String)
    case orderNumbering
    case weightNotUsed(QuestionType)
    case answerFeedbackNotSupported(QuestionType)
    case feedbackLineInAnswer
    case textAfterAnswerFeedback
    case unclosedGap
    case emptyGap
    case gapTextBeforeOption(String)
    case emptyGapOption
    case tooFewGapOptions
    case noCorrectGapOption
    case gapsWithAnswerList
    case gapsInType(QuestionType)

    var indonesian: String { text(indonesian: true) }
    var english: String { text(indonesian: false) }

    private func text(indonesian id: Bool) -> String {
        switch self {
        case .unknownFrontMatterKey(let key):
            return id
                ? "kunci front matter \"\(key)\" tidak dikenal dalam kuis; yang dikenal hanya title (atau judul)"
                : "unknown front matter key \"\(key)\" in a quiz; only title (or judul) is known"
        case .minutesInFrontMatter:
            return id
                ? "minutes tidak dipakai dalam kuis: batas waktu diatur di course.xml dengan time-limit"
                : "minutes is not used in a quiz: set a time limit in course.xml with time-limit"
        case .unclosedComment:
            return id ? "komentar <!-- tidak pernah ditutup dengan -->" : "the comment <!-- is never closed with -->"
        case .headingWithoutSpace(let line):
            return id
                ? "judul soal \"\(line)\" memerlukan spasi setelah ##, misalnya \"## Soal 1\""
                : "the question heading \"\(line)\" needs a space after ##, as in \"## Soal 1\""
        case .titleHeadingBetweenQuestions:
            return id
                ? "judul # hanya boleh di atas soal pertama (sebagai judul kuis); setiap soal diawali ##"
                : "a # heading may only stand above the first question (as the quiz title); each question starts with ##"
        case .answersBeforeFirstQuestion:
            return id
                ? "ada jawaban sebelum soal pertama: setiap soal harus diawali judul ## (misalnya \"## Soal 1\")"
                : "there are answers before the first question: every question must start with a ## heading (such as \"## Soal 1\")"
        case .noQuestions:
            return id
                ? "kuis tidak berisi soal: setiap soal diawali judul ## (misalnya \"## Soal 1\")"
                : "the quiz holds no questions: each question starts with a ## heading (such as \"## Soal 1\")"
        case .emptyQuestion(let title):
            return id
                ? "soal \"\(title)\" kosong: tulis pertanyaan dan jawabannya di bawah judul"
                : "question \"\(title)\" is empty: write the question and its answers under the heading"
        case .noPrompt(let title):
            return id ? "soal \"\(title)\" tidak memiliki teks pertanyaan" : "question \"\(title)\" has no question text"
        case .noAnswers(let title):
            return id
                ? "soal \"\(title)\" tidak memiliki jawaban: tambahkan pilihan \"- [x]\" dan \"- [ ]\", baris \"Jawaban:\", daftar bernomor (urutan), pasangan \"->\" atau rumpang [[...]]; untuk esai tulis \"tipe: esai\", untuk teks tanpa pertanyaan \"tipe: deskripsi\""
                : "question \"\(title)\" has no answers: add choices \"- [x]\" and \"- [ ]\", an \"Answer:\" line, a numbered list (ordering), \"->\" pairs or [[...]] blanks; for an essay write \"type: essay\", for text without a question \"type: description\""
        case .unknownSetting(let key, let suggestion):
            let known = "id, poin, kategori, tipe, huruf-besar-kecil, nilai-sebagian"
            let knownEnglish = "id, points, category, type, case-sensitive, partial-credit"
            if let suggestion {
                return id
                    ? "pengaturan \"\(key)\" tidak dikenal; maksud Anda \"\(suggestion)\"? (yang dikenal: \(known)); jika baris ini bagian dari pertanyaan, beri baris kosong di atasnya"
                    : "unknown setting \"\(key)\"; did you mean \"\(suggestion)\"? (known: \(knownEnglish)); if this line belongs to the question, put a blank line above it"
            }
            return id
                ? "pengaturan \"\(key)\" tidak dikenal (yang dikenal: \(known)); jika baris ini bagian dari pertanyaan, beri baris kosong di atasnya"
                : "unknown setting \"\(key)\" (known: \(knownEnglish)); if this line belongs to the question, put a blank line above it"
        case .duplicateSetting(let key, let firstLine):
            return id ? "pengaturan \"\(key)\" sudah ditulis di baris \(firstLine)" : "setting \"\(key)\" is already given on line \(firstLine)"
        case .emptySetting(let key):
            return id ? "pengaturan \"\(key)\" tidak berisi nilai" : "setting \"\(key)\" has no value"
        case .invalidID(let value):
            return id
                ? "id soal \"\(value)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah"
                : "question id \"\(value)\" is invalid: use letters, digits, hyphens, dots or underscores"
        case .duplicateID(let value, let firstLine):
            return id
                ? "id soal \"\(value)\" sudah dipakai di baris \(firstLine); beri setiap soal id sendiri"
                : "question id \"\(value)\" is already used on line \(firstLine); give each question its own id"
        case .invalidPoints(let value):
            return id
                ? "poin \"\(value)\" tidak valid: tulis angka tidak negatif, misalnya 2 atau 1,5"
                : "points \"\(value)\" is invalid: write a non-negative number such as 2 or 1.5"
        case .unknownType(let value):
            return id
                ? "tipe soal \"\(value)\" tidak dikenal: gunakan pilihan-ganda, pilihan-ganda-kompleks, benar-salah, isian-singkat, numerik, menjodohkan, mengurutkan, isian-rumpang, esai atau deskripsi"
                : "unknown question type \"\(value)\": use single-choice, multiple-response, true-false, short-answer, numeric, matching, ordering, fill-in-the-blanks, essay or description"
        case .invalidYesNo(let key, let value):
            return id ? "\(key): \"\(value)\" harus ya atau tidak" : "\(key): \"\(value)\" must be yes or no"
        case .settingNotApplicable(let key, let type):
            return id
                ? "pengaturan \"\(key)\" tidak berlaku untuk soal \(type.indonesianName)"
                : "setting \"\(key)\" does not apply to \(type.englishNameWithArticle) question"
        case .typeMismatch(let declared, let found):
            return id
                ? "soal ditandai tipe \(declared.indonesianName), tetapi jawabannya ditulis sebagai \(found.indonesianName)"
                : "the question is marked as \(declared.englishName), but its answers are written as \(found.englishName)"
        case .emptyFeedback:
            return id ? "\"Umpan balik:\" tidak berisi teks" : "\"Feedback:\" holds no text"
        case .feedbackNotIndented:
            return id
                ? "umpan balik untuk satu jawaban harus menjorok di bawah jawaban itu (dua spasi sebelum >); umpan balik untuk seluruh soal ditulis setelah \"Umpan balik:\""
                : "feedback for one answer must be indented under it (two spaces before >); feedback for the whole question goes after \"Feedback:\""
        case .textAfterAnswers:
            return id
                ? "ada teks setelah daftar jawaban: pindahkan ke atas jawaban, atau tulis penjelasan setelah \"Umpan balik:\""
                : "there is text after the list of answers: move it above the answers, or write explanations after \"Feedback:\""
        case .settingsAfterAnswers:
            return id
                ? "pengaturan (seperti poin atau kategori) ditulis tepat di bawah judul ##, sebelum pertanyaan"
                : "settings (such as points or category) go right under the ## heading, before the question"
        case .choicesInPrompt:
            return id
                ? "teks pertanyaan berisi daftar pilihan [ ]/[x] sebelum jawaban; setiap soal memerlukan judul ## sendiri"
                : "the question text holds a list of [ ]/[x] choices before the answers; each question needs its own ## heading"
        case .unrecognizedList:
            return id
                ? "daftar ini tidak dikenali sebagai jawaban: pilihan diawali [x] atau [ ], pasangan ditulis \"premis -> jawaban\", jawaban isian diberi baris \"Jawaban:\" di atasnya"
                : "this list is not recognised as answers: choices start with [x] or [ ], pairs are written \"premise -> response\", typed answers need an \"Answer:\" line above them"
        case .mixedChoiceList:
            return id
                ? "setiap pilihan dalam daftar harus diawali [x] (benar) atau [ ] (salah)"
                : "every choice in the list must start with [x] (right) or [ ] (wrong)"
        case .invalidCheckbox(let box):
            return id
                ? "kotak \"\(box)\" tidak dikenal: tulis [x] untuk jawaban benar dan [ ] (dengan satu spasi) untuk jawaban salah"
                : "box \"\(box)\" is not recognised: write [x] for a right answer and [ ] (with one space) for a wrong one"
        case .emptyChoice:
            return id ? "pilihan tidak berisi teks" : "the choice has no text"
        case .duplicateChoice(let text):
            return id ? "pilihan \"\(text)\" ditulis lebih dari sekali" : "choice \"\(text)\" is written more than once"
        case .tooFewChoices:
            return id ? "soal pilihan memerlukan paling sedikit dua pilihan" : "a choice question needs at least two choices"
        case .noCorrectChoice:
            return id ? "tidak ada pilihan yang ditandai benar dengan [x]" : "no choice is marked right with [x]"
        case .trueFalseNeedsTwo:
            return id
                ? "soal benar-salah memerlukan tepat dua pilihan, satu ditandai [x]"
                : "a true/false question needs exactly two choices, one marked [x]"
        case .invalidWeight(let text):
            return id
                ? "persentase \"\(text)\" tidak valid: tulis angka antara -100% dan 100%, misalnya (50%)"
                : "percentage \"\(text)\" is invalid: write a number from -100% to 100%, such as (50%)"
        case .weightOnSingleCorrect(let text):
            return id
                ? "jawaban [x] pada soal pilihan ganda selalu bernilai 100%; tulis \(text) pada jawaban [ ] yang benar sebagian"
                : "the [x] answer of a single-choice question always earns 100%; put \(text) on a partly right [ ] answer"
        case .fullWeightUnchecked(let text):
            return id ? "jawaban bernilai \(text) harus ditandai [x]" : "an answer worth \(text) must be marked [x]"
        case .negativeWeightInSingleChoice(let text):
            return id
                ? "persentase negatif \(text) hanya berlaku pada soal dengan beberapa jawaban benar (pilihan ganda kompleks)"
                : "a negative percentage \(text) only applies to questions with several right answers (multiple response)"
        case .positiveWeightUnchecked(let text):
            return id
                ? "pilihan bernilai \(text) adalah jawaban benar: tandai dengan [x]"
                : "a choice worth \(text) is a right answer: mark it [x]"
        case .nonPositiveWeightChecked(let text):
            return id
                ? "jawaban [x] harus bernilai lebih dari 0%, bukan \(text); tandai [ ] jika pilihan ini salah"
                : "an [x] answer must be worth more than 0%, not \(text); mark it [ ] if the choice is wrong"
        case .weightsDoNotAddUp(let total):
            return id
                ? "persentase jawaban [x] berjumlah \(total), bukan 100%"
                : "the percentages of the [x] answers add up to \(total), not 100%"
        case .noShareLeft:
            return id
                ? "persentase yang ditulis sudah mencapai 100%, sehingga jawaban [x] tanpa persentase tidak mendapat bagian"
                : "the percentages given already reach 100%, leaving nothing for the [x] answers without one"
        case .markerWithoutAnswers(let marker):
            return id ? "\"\(marker)\" tidak diikuti jawaban" : "\"\(marker)\" is not followed by any answer"
        case .emptyAnswer:
            return id ? "jawaban tidak berisi teks" : "the answer has no text"
        case .noFullCreditAnswer:
            return id
                ? "tidak ada jawaban yang bernilai 100%, sehingga tidak ada yang dapat memperoleh nilai penuh"
                : "no answer is worth 100%, so nobody can earn full points"
        case .numbersMixedWithText(let text):
            return id
                ? "jawaban \"\(text)\" berupa angka dengan ± atau rentang, tetapi jawaban lain berupa teks; tulis semua jawaban sebagai angka"
                : "answer \"\(text)\" is a number with ± or a range, but other answers are text; write every answer as a number"
        case .invalidNumber(let text):
            return id
                ? "angka \"\(text)\" tidak valid: tulis misalnya 20, -3 atau 6,07 (tanpa pemisah ribuan, paling banyak 15 angka)"
                : "number \"\(text)\" is invalid: write for example 20, -3 or 6.07 (no thousands separators, at most 15 digits)"
        case .ambiguousNumber(let text):
            return id
                ? "angka \"\(text)\" ambigu: tulis ribuan tanpa pemisah (2500), atau desimal dengan satu atau dua angka di belakang koma (2,5); jika jawabannya teks, tulis \"tipe: isian-singkat\""
                : "number \"\(text)\" is ambiguous: write thousands without a separator (2500), or a decimal with one or two digits after the point (2.5); if the answer is text, write \"type: short-answer\""
        case .reversedRange(let text):
            return id
                ? "rentang \"\(text)\" terbalik: tulis angka terkecil lebih dulu, misalnya 30..40"
                : "range \"\(text)\" is reversed: write the smaller number first, such as 30..40"
        case .negativeTolerance(let text):
            return id ? "toleransi dalam \"\(text)\" tidak boleh negatif" : "the tolerance in \"\(text)\" must not be negative"
        case .matchingWithoutArrow:
            return id
                ? "setiap baris soal menjodohkan ditulis \"premis -> jawaban\" (pengecoh: \"-> jawaban\")"
                : "every line of a matching question is written \"premise -> response\" (a distractor: \"-> response\")"
        case .tooFewPairs:
            return id ? "soal menjodohkan memerlukan paling sedikit dua pasangan" : "a matching question needs at least two pairs"
        case .duplicatePremise(let premise):
            return id ? "premis \"\(premise)\" ditulis lebih dari sekali" : "premise \"\(premise)\" is written more than once"
        case .emptyResponse:
            return id ? "tidak ada jawaban setelah ->" : "there is no response after ->"
        case .distractorIsAnswer(let response):
            return id
                ? "pengecoh \"\(response)\" sudah menjadi jawaban pasangan lain"
                : "distractor \"\(response)\" is already the response of a pair"
        case .tooFewOrderItems:
            return id ? "soal mengurutkan memerlukan paling sedikit dua langkah" : "an ordering question needs at least two items"
        case .duplicateOrderItem(let text):
            return id ? "langkah \"\(text)\" ditulis lebih dari sekali" : "item \"\(text)\" is written more than once"
        case .orderNumbering:
            return id
                ? "nomor urut harus 1, 2, 3, … sesuai urutan yang benar (atau semuanya 1.); tulis langkah dalam urutan yang benar"
                : "the numbers must run 1, 2, 3, … in the right order (or all be 1.); write the items in the right order"
        case .weightNotUsed(let type):
            return id
                ? "persentase tidak dipakai pada soal \(type.indonesianName)" : "percentages are not used in \(type.englishNameWithArticle) question"
        case .answerFeedbackNotSupported(let type):
            return id
                ? "soal \(type.indonesianName) tidak mendukung umpan balik per baris; tulis setelah \"Umpan balik:\""
                : "\(type.englishNameWithArticle) question has no feedback per line; write it after \"Feedback:\""
        case .feedbackLineInAnswer:
            return id
                ? "umpan balik untuk satu jawaban ditulis sebagai baris > yang menjorok di bawahnya"
                : "feedback for one answer is written as an indented > line under it"
        case .textAfterAnswerFeedback:
            return id
                ? "teks di bawah umpan balik jawaban: awali setiap baris umpan balik dengan >"
                : "text under an answer's feedback: start every feedback line with >"
        case .unclosedGap:
            return id ? "rumpang [[ tidak ditutup dengan ]] pada baris yang sama" : "the blank [[ is not closed with ]] on the same line"
        case .emptyGap:
            return id ? "rumpang [[ ]] tidak berisi jawaban" : "the blank [[ ]] holds no answer"
        case .gapTextBeforeOption(let text):
            return id
                ? "rumpang pilihan: \"\(text)\" harus diawali = (benar) atau ~ (salah)"
                : "dropdown blank: \"\(text)\" must start with = (right) or ~ (wrong)"
        case .emptyGapOption:
            return id ? "rumpang pilihan berisi pilihan kosong" : "the dropdown blank has an empty option"
        case .tooFewGapOptions:
            return id ? "rumpang pilihan memerlukan paling sedikit dua pilihan" : "a dropdown blank needs at least two options"
        case .noCorrectGapOption:
            return id ? "rumpang pilihan tidak memiliki pilihan benar (diawali =)" : "the dropdown blank has no right option (starting with =)"
        case .gapsWithAnswerList:
            return id
                ? "soal berisi rumpang [[...]] sekaligus daftar jawaban; pilih salah satu"
                : "the question has both [[...]] blanks and a list of answers; use one or the other"
        case .gapsInType(let type):
            return id
                ? "soal \(type.indonesianName) tidak boleh berisi rumpang [[...]]"
                : "\(type.englishNameWithArticle) question cannot hold [[...]] blanks"
        }
    }
}

// MARK: - Reading

private struct QuizReader {
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

    private var fileProblems: [QuizProblem] = []

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

    private func problem(_ line: Int?, _ message: Message) -> QuizProblem {
        QuizProblem(line: line, indonesian: message.indonesian, english: message.english)
    }

    /// Front matter keys other than the title are refused, so that nobody expects them to do something.
    private mutating func checkFrontMatterKeys(_ text: String, bodyLineOffset: Int) {
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
    private func readSettings(_ section: inout Section) {
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
    private func assignIDs(_ sections: inout [Section]) {
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
            var candidate = base
            var suffix = 2
            while taken[candidate] != nil {
                candidate = "\(base)-\(suffix)"
                suffix += 1
            }
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
    private func readQuestion(_ section: inout Section, number: Int) -> QuizItem? {
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

    // MARK: Answers

    /// What kind of answers a block holds, if it holds answers.
    private func answerShape(_ block: Block, lines: [SourceLine]) -> QuestionType? {
        switch block.kind {
        case .list:
            if block.items.contains(where: { Self.checkbox($0.content) != nil }) { return .singleChoice }
            if block.ordered { return .ordering }
            return block.items.contains(where: { Self.arrow(in: $0.content) != nil }) ? .matching : nil
        case .paragraph:
            return lines[block.start..<block.end].contains(where: { Self.inlineAnswer($0.text) != nil || Self.isAnswerMarker($0.text) })
                ? .shortAnswer : nil
        default:
            return nil
        }
    }

    /// Finds the answers in the last block; returns the interaction, the kind found and where the prompt ends.
    private func readAnswers(
        _ blocks: [Block], lines: [SourceLine], settings: Settings, section: inout Section, title: String
    ) -> (QuizItem.Interaction?, QuestionType?, Int) {
        guard let last = blocks.last else {
            section.problems.append(problem(section.headingLine, .noAnswers(title)))
            return (nil, nil, lines.count)
        }
        let previous = blocks.count >= 2 ? blocks[blocks.count - 2] : nil
        var problems: [QuizProblem] = []
        defer { section.problems += problems }

        if last.kind == .list {
            // `Jawaban:` on the line above the list (possibly the last line of a paragraph).
            var above = last.start - 1
            while above >= 0, lines[above].isBlank, !lines[above].inFence { above -= 1 }
            let markerAbove = above >= 0 && !lines[above].inFence && Self.isAnswerMarker(lines[above].text) ? above : nil
            let hasBoxes = last.items.contains { Self.checkbox($0.content) != nil }
            if hasBoxes || (markerAbove == nil && last.items.contains { Self.looksLikeBox($0.content) != nil }) {
                let (interaction, type) = readChoices(last, settings: settings, problems: &problems)
                return (interaction, type, markerAbove ?? last.start)
            }
            if let markerAbove {
                let answers = last.items.map { item in
                    let parts = itemParts(item, problems: &problems)
                    return (line: item.line, text: parts.text, feedback: parts.feedback)
                }
                let (interaction, type) = readTypedAnswers(answers, settings: settings, problems: &problems)
                return (interaction, type, markerAbove)
            }
            if last.ordered {
                return (readOrdering(last, settings: settings, problems: &problems), .ordering, last.start)
            }
            if last.items.contains(where: { Self.arrow(in: $0.content) != nil }) {
                return (readMatching(last, problems: &problems), .matching, last.start)
            }
            problems.append(problem(last.items[0].line, .unrecognizedList))
            return (nil, nil, last.start)
        }

        if last.kind == .paragraph {
            // `Jawaban: text` lines at the end of the last paragraph.
            var first = last.end
            while first > last.start, Self.inlineAnswer(lines[first - 1].text) != nil { first -= 1 }
            if first < last.end {
                let answers = lines[first..<last.end].map { (line: $0.number, text: Self.inlineAnswer($0.text) ?? "", feedback: String?.none) }
                let (interaction, type) = readTypedAnswers(answers, settings: settings, problems: &problems)
                return (interaction, type, first)
            }
            if Self.isAnswerMarker(lines[last.end - 1].text) {
                problems.append(problem(lines[last.end - 1].number, .markerWithoutAnswers(lines[last.end - 1].trimmed)))
                return (nil, nil, last.end - 1)
            }
        }

        // No answers at the end: say why as precisely as possible.
        if last.kind == .quote, let previous, previous.kind == .list {
            problems.append(problem(lines[last.start].number, .feedbackNotIndented))
        } else if blocks.dropLast().contains(where: { answerShape($0, lines: lines) != nil && answerShape($0, lines: lines) != .ordering }) {
            let firstLine = lines[last.start]
            let isSetting = Self.keyValue(firstLine.text).map { Self.settingKeys[$0.0] != nil } ?? false
            problems.append(problem(firstLine.number, isSetting ? .settingsAfterAnswers : .textAfterAnswers))
        } else {
            problems.append(problem(section.headingLine, .noAnswers(title)))
        }
        return (nil, nil, lines.count)
    }

    /// `Jawaban:`, `Answer:` or `Answers:` alone on a line.
    static func isAnswerMarker(_ text: String) -> Bool {
        guard let (key, value) = keyValue(text) else { return false }
        return value.isEmpty && ["jawaban", "answer", "answers"].contains(key)
    }

    /// The answer in a `Jawaban: text` line.
    static func inlineAnswer(_ text: String) -> String? {
        guard let (key, value) = keyValue(text), !value.isEmpty, ["jawaban", "answer", "answers"].contains(key) else { return nil }
        return value
    }

    /// The text and the `>` feedback of a list item.
    private func itemParts(_ item: ListItem, problems: inout [QuizProblem]) -> (text: String, feedback: String?, feedbackLine: Int?) {
        var text = [item.content]
        var feedback: [String] = []
        var feedbackLine: Int?
        var blankSinceFeedback = false
        for line in item.continuation {
            let content = line.text.droppingLeadingSpaces
            if line.isBlank {
                if feedbackLine == nil { text.append("") } else { blankSinceFeedback = true }
            } else if content.hasPrefix(">"), !line.inFence {
                feedbackLine = feedbackLine ?? line.number
                var quoted = content.dropFirst()
                if quoted.first == " " { quoted = quoted.dropFirst() }
                if blankSinceFeedback { feedback.append("") }
                blankSinceFeedback = false
                feedback.append(String(quoted))
            } else if feedbackLine != nil {
                if blankSinceFeedback {
                    problems.append(problem(line.number, .textAfterAnswerFeedback))
                } else {
                    feedback.append(content)  // a lazy continuation of the quote
                }
            } else if !line.inFence, Self.feedbackMarker(content) != nil {
                problems.append(problem(line.number, .feedbackLineInAnswer))
            } else {
                text.append(line.text.droppingIndent(item.contentOffset))
            }
        }
        while text.last?.isEmpty == true { text.removeLast() }
        let feedbackText = feedback.joined(separator: "\n").trimmingSpaces()
        return (text.joined(separator: "\n").trimmingSpaces(), feedbackText.isEmpty ? nil : feedbackText, feedbackLine)
    }

    /// `[ ]`, `[x]` or `[X]` at the start of an item: whether it is checked, and the text after it.
    static func checkbox(_ content: String) -> (checked: Bool, rest: String)? {
        for (box, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] where content.hasPrefix(box) {
            let rest = content.dropFirst(3)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            return (checked, rest.trimmingSpaces())
        }
        return nil
    }

    /// A box that is not `[ ]` or `[x]` (such as `[]` or `[v]`), for a helpful message.
    static func looksLikeBox(_ content: String) -> String? {
        guard content.hasPrefix("["), !content.hasPrefix("[["), let close = content.firstIndex(of: "]") else { return nil }
        let inside = content[content.index(after: content.startIndex)..<close]
        let after = content[content.index(after: close)...]
        guard inside.count <= 3, after.isEmpty || after.first == " " else { return nil }
        return String(content[...close])
    }

    /// A leading `(50%)`: the weight, or the text when it is malformed; and the rest.
    static func weightPrefix(_ text: String) -> (weight: Result<Double, WeightError>?, rest: String) {
        guard text.hasPrefix("("), let close = text.firstIndex(of: ")") else { return (nil, text) }
        let inside = text[text.index(after: text.startIndex)..<close].trimmingSpaces()
        guard inside.hasSuffix("%") else { return (nil, text) }
        let rest = text[text.index(after: close)...].trimmingSpaces()
        let written = String(text[...close])
        guard case .number(let percent) = NumberText.parse(String(inside.dropLast()).trimmingSpaces()), (-100...100).contains(percent) else {
            return (.failure(WeightError(written: written)), rest)
        }
        return (.success(percent / 100), rest)
    }

    struct WeightError: Error {
        var written: String
    }

    static func percentText(_ weight: Double) -> String {
        let percent = (weight * 1000).rounded() / 10
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }

    // MARK: Choices

    private func readChoices(_ block: Block, settings: Settings, problems: inout [QuizProblem]) -> (QuizItem.Interaction?, QuestionType) {
        struct Draft {
            var line: Int
            var checked: Bool
            var weight: Double?
            var text: String
            var feedback: String?
        }
        var drafts: [Draft] = []
        let before = problems.count
        for item in block.items {
            guard let (checked, rest) = Self.checkbox(item.content) else {
                if let box = Self.looksLikeBox(item.content) {
                    problems.append(problem(item.line, .invalidCheckbox(box)))
                } else {
                    problems.append(problem(item.line, .mixedChoiceList))
                }
                continue
            }
            var parts = itemParts(
                ListItem(line: item.line, content: rest, contentOffset: item.contentOffset, continuation: item.continuation), problems: &problems)
            let (weight, text) = Self.weightPrefix(parts.text)
            parts.text = text
            var value: Double?
            switch weight {
            case .failure(let error): problems.append(problem(item.line, .invalidWeight(error.written)))
            case .success(let number): value = number
            case nil: break
            }
            if parts.text.isEmpty { problems.append(problem(item.line, .emptyChoice)) }
            if drafts.contains(where: { $0.text == parts.text }), !parts.text.isEmpty {
                problems.append(problem(item.line, .duplicateChoice(parts.text)))
            }
            drafts.append(Draft(line: item.line, checked: checked, weight: value, text: parts.text, feedback: parts.feedback))
        }
        let checkedCount = drafts.filter(\.checked).count
        let declared = settings.type?.value
        let multiple = declared == .multipleResponse || (declared == nil && checkedCount > 1)
        let found: QuestionType = multiple ? .multipleResponse : .singleChoice
        guard problems.count == before else { return (nil, found) }
        let firstLine = block.items[0].line
        if drafts.count < 2 { problems.append(problem(firstLine, .tooFewChoices)) }
        if checkedCount == 0 { problems.append(problem(firstLine, .noCorrectChoice)) }
        if declared == .trueFalse, drafts.count != 2 || checkedCount != 1 { problems.append(problem(firstLine, .trueFalseNeedsTwo)) }
        guard problems.count == before else { return (nil, found) }

        var weights: [Double] = []
        if !multiple {
            for draft in drafts {
                let percent = draft.weight.map(Self.percentText) ?? ""
                if draft.checked {
                    if let weight = draft.weight, abs(weight - 1) > 1e-9 { problems.append(problem(draft.line, .weightOnSingleCorrect(percent))) }
                    weights.append(1)
                } else if let weight = draft.weight {
                    if weight < 0 { problems.append(problem(draft.line, .negativeWeightInSingleChoice(percent))) }
                    if weight >= 1 - 1e-9 { problems.append(problem(draft.line, .fullWeightUnchecked(percent))) }
                    weights.append(weight)
                } else {
                    weights.append(0)
                }
            }
        } else if !drafts.contains(where: { $0.weight != nil }) {
            weights = drafts.map { $0.checked ? 1 : 0 }  // all or nothing
        } else {
            var explicitShare = 0.0
            for draft in drafts {
                guard let weight = draft.weight else { continue }
                let percent = Self.percentText(weight)
                if draft.checked {
                    if weight <= 0 { problems.append(problem(draft.line, .nonPositiveWeightChecked(percent))) }
                    explicitShare += weight
                } else if weight > 0 {
                    problems.append(problem(draft.line, .positiveWeightUnchecked(percent)))
                }
            }
            let unweighted = drafts.filter { $0.checked && $0.weight == nil }.count
            var scale = 1.0
            var share = 0.0
            if unweighted > 0 {
                share = (1 - explicitShare) / Double(unweighted)
                if share <= 1e-9 { problems.append(problem(firstLine, .noShareLeft)) }
            } else if abs(explicitShare - 1) <= 0.011 {
                scale = 1 / explicitShare  // 33% three times counts as a third each
            } else if explicitShare > 0 {
                problems.append(problem(firstLine, .weightsDoNotAddUp(Self.percentText(explicitShare))))
            }
            weights = drafts.map { draft in
                guard let weight = draft.weight else { return draft.checked ? share : 0 }
                return draft.checked ? weight * scale : weight
            }
        }
        guard problems.count == before else { return (nil, found) }
        var ids = UniqueIDs(fallback: "pilihan")
        let choices = zip(drafts, weights).map { draft, weight in
            QuizItem.Choice(id: ids.next(for: draft.text), text: draft.text, weight: weight, feedback: draft.feedback)
        }
        return (.choice(choices: choices, multiple: multiple), found)
    }

    // MARK: Typed answers (short text and numbers)

    private func readTypedAnswers(
        _ answers: [(line: Int, text: String, feedback: String?)], settings: Settings, problems: inout [QuizProblem]
    ) -> (QuizItem.Interaction?, QuestionType) {
        let before = problems.count
        var parsed: [(line: Int, weight: Double, text: String, feedback: String?)] = []
        for answer in answers {
            let (weight, text) = Self.weightPrefix(answer.text)
            var value = 1.0
            switch weight {
            case .failure(let error): problems.append(problem(answer.line, .invalidWeight(error.written)))
            case .success(let number):
                value = number
                if number < 0 { problems.append(problem(answer.line, .negativeWeightInSingleChoice(Self.percentText(number)))) }
            case nil: break
            }
            if text.isEmpty { problems.append(problem(answer.line, .emptyAnswer)) }
            parsed.append((answer.line, value, text, answer.feedback))
        }
        let declared = settings.type?.value
        let numericForms = parsed.map { NumberText.answer($0.text) }
        let looksNumeric = !numericForms.contains { if case .notNumeric = $0 { true } else { false } }
        let numeric = declared == .numeric || (declared != .shortAnswer && looksNumeric)
        let found: QuestionType = numeric ? .numeric : .shortAnswer
        if !numeric, declared == nil {
            for (answer, form) in zip(parsed, numericForms) {
                if case .answer(_, _, let isExact) = form, !isExact { problems.append(problem(answer.line, .numbersMixedWithText(answer.text))) }
            }
        }
        if !parsed.contains(where: { $0.weight >= 1 - 1e-9 }), problems.count == before {
            problems.append(problem(parsed.first?.line, .noFullCreditAnswer))
        }
        guard problems.count == before else { return (nil, found) }
        if numeric {
            var result: [QuizItem.NumericAnswer] = []
            for (answer, form) in zip(parsed, numericForms) {
                switch form {
                case .answer(let minimum, let maximum, _):
                    result.append(QuizItem.NumericAnswer(minimum: minimum, maximum: maximum, weight: answer.weight, feedback: answer.feedback))
                case .invalid(let message): problems.append(problem(answer.line, message))
                case .notNumeric: problems.append(problem(answer.line, .invalidNumber(answer.text)))
                }
            }
            return (problems.count == before ? .numeric(answers: result) : nil, found)
        }
        let textAnswers = parsed.map { QuizItem.TextAnswer(pattern: $0.text, weight: $0.weight, feedback: $0.feedback) }
        return (.text(answers: textAnswers, caseSensitive: settings.caseSensitive?.value ?? false), found)
    }

    // MARK: Matching and ordering

    /// The premise and response of `premise -> response` (`→` also works).
    static func arrow(in text: String) -> (premise: String, response: String)? {
        for arrow in ["->", "→"] {
            if let range = text.range(of: arrow) {
                return (text[..<range.lowerBound].trimmingSpaces(), text[range.upperBound...].trimmingSpaces())
            }
        }
        return nil
    }

    private func readMatching(_ block: Block, problems: inout [QuizProblem]) -> QuizItem.Interaction? {
        let before = problems.count
        var pairs: [QuizItem.Pair] = []
        var responses: [String] = []
        var distractors: [(line: Int, text: String)] = []
        for item in block.items {
            let parts = itemParts(item, problems: &problems)
            if parts.feedback != nil { problems.append(problem(parts.feedbackLine, .answerFeedbackNotSupported(.matching))) }
            guard let (premise, response) = Self.arrow(in: parts.text) else {
                problems.append(problem(item.line, .matchingWithoutArrow))
                continue
            }
            if case .some = Self.weightPrefix(premise).weight { problems.append(problem(item.line, .weightNotUsed(.matching))) }
            if response.isEmpty {
                problems.append(problem(item.line, .emptyResponse))
                continue
            }
            if premise.isEmpty {
                distractors.append((item.line, response))
                continue
            }
            if pairs.contains(where: { $0.premise == premise }) {
                problems.append(problem(item.line, .duplicatePremise(premise)))
            }
            pairs.append(QuizItem.Pair(premise: premise, response: response))
            if !responses.contains(response) { responses.append(response) }
        }
        for distractor in distractors {
            if responses.contains(distractor.text) {
                problems.append(problem(distractor.line, .distractorIsAnswer(distractor.text)))
            } else {
                responses.append(distractor.text)
            }
        }
        if pairs.count < 2, problems.count == before { problems.append(problem(block.items[0].line, .tooFewPairs)) }
        return problems.count == before ? .matching(pairs: pairs, responses: responses) : nil
    }

    private func readOrdering(_ block: Block, settings: Settings, problems: inout [QuizProblem]) -> QuizItem.Interaction? {
        let before = problems.count
        var order: [String] = []
        let numbers = block.items.compactMap(\.number)
        let consecutive = zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }
        if !consecutive, Set(numbers).count > 1 {
            problems.append(problem(block.items[0].line, .orderNumbering))
        }
        for item in block.items {
            let parts = itemParts(item, problems: &problems)
            if parts.feedback != nil { problems.append(problem(parts.feedbackLine, .answerFeedbackNotSupported(.ordering))) }
            if case .some = Self.weightPrefix(parts.text).weight { problems.append(problem(item.line, .weightNotUsed(.ordering))) }
            if parts.text.isEmpty {
                problems.append(problem(item.line, .emptyAnswer))
            } else if order.contains(parts.text) {
                problems.append(problem(item.line, .duplicateOrderItem(parts.text)))
            }
            order.append(parts.text)
        }
        if order.count < 2, problems.count == before { problems.append(problem(block.items[0].line, .tooFewOrderItems)) }
        return problems.count == before ? .ordering(correctOrder: order, partialCredit: settings.partialCredit?.value ?? false) : nil
    }

    // MARK: Gaps

    /// Finds `[[...]]` blanks outside code; returns the text with `[[g1]]`, `[[g2]]`... in their place, and the gaps.
    private func readGaps(_ lines: [SourceLine], problems: inout [QuizProblem]) -> (String, [QuizItem.Gap]) {
        var gaps: [QuizItem.Gap] = []
        var output: [SourceLine] = []
        for line in lines {
            guard !line.inFence, line.text.contains("[[") else {
                output.append(line)
                continue
            }
            var result = ""
            let characters = Array(line.text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count {
                    result.append(character)
                    result.append(characters[index + 1])
                    index += 2
                } else if character == "`" {
                    // An inline code span: copied as written, with any [[ inside it.
                    let run = characters[index...].prefix { $0 == "`" }.count
                    var search = index + run
                    var closing: Int?
                    while search < characters.count {
                        if characters[search] == "`" {
                            let length = characters[search...].prefix { $0 == "`" }.count
                            if length == run {
                                closing = search
                                break
                            }
                            search += length
                        } else {
                            search += 1
                        }
                    }
                    let end = closing.map { $0 + run } ?? index + run
                    result += String(characters[index..<end])
                    index = end
                } else if character == "[", index + 1 < characters.count, characters[index + 1] == "[" {
                    guard let close = Self.closingBrackets(characters, from: index + 2) else {
                        problems.append(problem(line.number, .unclosedGap))
                        result += String(characters[index...])
                        index = characters.count
                        continue
                    }
                    let id = "g\(gaps.count + 1)"
                    if let gap = readGap(String(characters[(index + 2)..<close]), id: id, line: line.number, problems: &problems) {
                        gaps.append(gap)
                    } else {
                        gaps.append(QuizItem.Gap(id: id))  // keeps the numbering of the following blanks
                    }
                    result += "[[\(id)]]"
                    index = close + 2
                } else {
                    result.append(character)
                    index += 1
                }
            }
            output.append(SourceLine(number: line.number, text: result, inFence: false))
        }
        return (Self.joined(output[...]) ?? "", gaps)
    }

    static func closingBrackets(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "]", characters[index + 1] == "]" { return index }
            index += 1
        }
        return nil
    }

    /// One blank: a dropdown when it has a `~` option, else typed answers separated by `|`.
    private func readGap(_ content: String, id: String, line: Int, problems: inout [QuizProblem]) -> QuizItem.Gap? {
        let before = problems.count
        guard !content.trimmingSpaces().isEmpty else {
            problems.append(problem(line, .emptyGap))
            return nil
        }
        let characters = Array(content)
        func isMarker(_ index: Int, _ markers: String) -> Bool {
            markers.contains(characters[index]) && (index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t")
                && !(index > 0 && characters[index - 1] == "\\")
        }
        let trimmedStart = characters.firstIndex { $0 != " " && $0 != "\t" } ?? 0
        let isDropdown = characters.indices.contains { characters[$0] == "~" && (isMarker($0, "~") || $0 == trimmedStart) }
        if isDropdown {
            // Options start with `=` (right) or `~` (wrong) at the start or after a space.
            var options: [(correct: Bool, text: String)] = []
            var current: (correct: Bool, text: String)?
            var leading = ""
            for index in characters.indices {
                if isMarker(index, "=~") || (index == trimmedStart && "=~".contains(characters[index])) {
                    if let current { options.append(current) }
                    current = (characters[index] == "=", "")
                } else if current != nil {
                    current?.text.append(characters[index])
                } else {
                    leading.append(characters[index])
                }
            }
            if let current { options.append(current) }
            if !leading.trimmingSpaces().isEmpty {
                problems.append(problem(line, .gapTextBeforeOption(leading.trimmingSpaces())))
                return nil
            }
            var ids = UniqueIDs(fallback: "pilihan")
            var choices: [QuizItem.Choice] = []
            for option in options {
                let (weight, text) = Self.weightPrefix(Self.unescape(option.text.trimmingSpaces(), "=~"))
                var value = option.correct ? 1.0 : 0
                switch weight {
                case .failure(let error): problems.append(problem(line, .invalidWeight(error.written)))
                case .success(let number):
                    let percent = Self.percentText(number)
                    if option.correct, abs(number - 1) > 1e-9 { problems.append(problem(line, .weightOnSingleCorrect(percent))) }
                    if !option.correct, number < 0 { problems.append(problem(line, .negativeWeightInSingleChoice(percent))) }
                    if !option.correct, number >= 1 - 1e-9 { problems.append(problem(line, .fullWeightUnchecked(percent))) }
                    value = number
                case nil: break
                }
                if text.isEmpty { problems.append(problem(line, .emptyGapOption)) }
                if choices.contains(where: { $0.text == text }), !text.isEmpty { problems.append(problem(line, .duplicateChoice(text))) }
                choices.append(QuizItem.Choice(id: ids.next(for: text), text: text, weight: value))
            }
            if problems.count == before, choices.count < 2 { problems.append(problem(line, .tooFewGapOptions)) }
            if problems.count == before, !options.contains(where: \.correct) { problems.append(problem(line, .noCorrectGapOption)) }
            return problems.count == before ? QuizItem.Gap(id: id, options: choices) : nil
        }
        // Typed: alternatives separated by an unescaped `|`.
        var alternatives: [String] = [""]
        var escaped = false
        for character in characters {
            if escaped {
                alternatives[alternatives.count - 1] += character == "|" ? "|" : "\\\(character)"
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                alternatives.append("")
            } else {
                alternatives[alternatives.count - 1].append(character)
            }
        }
        if escaped { alternatives[alternatives.count - 1] += "\\" }
        var answers: [QuizItem.TextAnswer] = []
        for alternative in alternatives {
            let (weight, text) = Self.weightPrefix(alternative.trimmingSpaces())
            var value = 1.0
            switch weight {
            case .failure(let error): problems.append(problem(line, .invalidWeight(error.written)))
            case .success(let number):
                value = number
                if number < 0 { problems.append(problem(line, .negativeWeightInSingleChoice(Self.percentText(number)))) }
            case nil: break
            }
            if text.isEmpty { problems.append(problem(line, .emptyGap)) }
            answers.append(QuizItem.TextAnswer(pattern: text, weight: value))
        }
        if problems.count == before, !answers.contains(where: { $0.weight >= 1 - 1e-9 }) { problems.append(problem(line, .noFullCreditAnswer)) }
        return problems.count == before ? QuizItem.Gap(id: id, answers: answers) : nil
    }

    /// Removes the backslash before the given characters.
    static func unescape(_ text: String, _ characters: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                if !characters.contains(character) { result.append("\\") }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}

/// Choice ids from choice texts, unique within one question: stable when choices are reordered or added.
private struct UniqueIDs {
    var fallback: String
    private var used: Set<String> = []
    private var count = 0

    init(fallback: String) {
        self.fallback = fallback
    }

    mutating func next(for text: String) -> String {
        count += 1
        let base = QuizReader.slug(text, maxLength: 40) ?? "\(fallback)-\(count)"
        var candidate = base
        var suffix = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(suffix)"
            suffix += 1
        }
        used.insert(candidate)
        return candidate
    }
}

// MARK: - Numbers

/// Numbers as authors write them: `20`, `-3`, `6,07` or `6.07`; never thousands separators.
private enum NumberText {
    enum Parsed: Equatable {
        case number(Double)
        /// `2.500` or `1,000`: a thousand separator or a decimal point?
        case ambiguous
        case invalid
    }

    static func parse(_ text: String) -> Parsed {
        var body = Substring(text.trimmingSpaces().replacingOccurrences(of: "−", with: "-"))
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        let separators = body.filter { $0 == "." || $0 == "," }.count
        guard !body.isEmpty, separators <= 1, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return .invalid }
        let separator = body.firstIndex { $0 == "." || $0 == "," }
        let whole = separator.map { body[..<$0] } ?? body
        let fraction = separator.map { body[body.index(after: $0)...] } ?? ""
        guard !whole.isEmpty, separators == 0 || !fraction.isEmpty else { return .invalid }
        guard (whole.drop { $0 == "0" } + fraction).count <= 15 else { return .invalid }
        if fraction.count == 3, (1...3).contains(whole.count), whole != "0" { return .ambiguous }
        guard let value = Double(fraction.isEmpty ? String(whole) : "\(whole).\(fraction)") else { return .invalid }
        return .number(negative ? -value : value)
    }

    enum Answer {
        case answer(minimum: Double, maximum: Double, isExact: Bool)
        case invalid(Message)
        case notNumeric
    }

    /// `20`, `20 ± 2` (also `+-`, `+/-`) or `30..40`.
    static func answer(_ text: String) -> Answer {
        let trimmed = text.trimmingSpaces()
        /// Whether a part is written like a number (digits and separators after an optional sign), even if malformed.
        func looksLikeNumber(_ part: String) -> Bool {
            var body = Substring(part.trimmingSpaces())
            if let sign = body.first, "+-−".contains(sign) { body = body.dropFirst() }
            // More than 15 digits (an 18-digit NIP) cannot be kept exactly as a number: such answers stay text.
            let digits = body.filter(\.isNumber).count
            return (1...15).contains(digits) && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }
        }
        if let range = trimmed.range(of: "..") {
            guard looksLikeNumber(String(trimmed[..<range.lowerBound])), looksLikeNumber(String(trimmed[range.upperBound...])) else {
                return .notNumeric
            }
            let lower = String(trimmed[..<range.lowerBound])
            let upper = String(trimmed[range.upperBound...])
            guard case .number(let minimum) = parse(lower), case .number(let maximum) = parse(upper) else {
                return .invalid(failure(parse(lower) == .ambiguous ? lower : upper, trimmed))
            }
            guard minimum <= maximum else { return .invalid(.reversedRange(trimmed)) }
            return .answer(minimum: minimum, maximum: maximum, isExact: false)
        }
        for separator in ["±", "+/-", "+-"] {
            guard let range = trimmed.range(of: separator) else { continue }
            guard looksLikeNumber(String(trimmed[..<range.lowerBound])), looksLikeNumber(String(trimmed[range.upperBound...])) else {
                return .notNumeric
            }
            let valueText = String(trimmed[..<range.lowerBound])
            let toleranceText = String(trimmed[range.upperBound...])
            guard case .number(let value) = parse(valueText), case .number(let tolerance) = parse(toleranceText) else {
                return .invalid(failure(parse(valueText) == .ambiguous ? valueText : toleranceText, trimmed))
            }
            guard tolerance >= 0 else { return .invalid(.negativeTolerance(trimmed)) }
            return .answer(minimum: value - tolerance, maximum: value + tolerance, isExact: false)
        }
        guard looksLikeNumber(trimmed) else { return .notNumeric }
        switch parse(trimmed) {
        case .number(let value): return .answer(minimum: value, maximum: value, isExact: true)
        case .ambiguous: return .invalid(.ambiguousNumber(trimmed))
        case .invalid: return .invalid(.invalidNumber(trimmed))
        }
    }

    private static func failure(_ part: String, _ whole: String) -> Message {
        parse(part) == .ambiguous ? .ambiguousNumber(part.trimmingSpaces()) : .invalidNumber(whole)
    }
}
