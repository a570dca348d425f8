import LenteraCore

/// Reads Moodle XML question files (root `<quiz>`, as Moodle's question bank exports them): multiple choice (one or
/// several answers, with fractions), true/false, short answer, numerical (with tolerances; units only where Moodle
/// does not grade them), matching, ordering (qtype_ordering, absolute position or all or nothing), blanks (cloze
/// `multianswer`, `gapselect`, `ddwtos`; see ``MoodleXMLGaps``), essay and description, with categories and
/// per-answer and general feedback, and the files embedded in a question (``MoodleXMLFiles``). Any other question type
/// is refused by name on its line: never imported as something it is not.
public enum MoodleXMLImporter {
    /// Whether a file's first bytes say it is a Moodle XML quiz: `<quiz>` is its root element, after the XML
    /// declaration, comments and white space (a `course.xml`, whose `<quiz>` elements are inside `<course>`, is not).
    public static func looksLikeMoodleXML(_ head: String) -> Bool {
        var rest = Substring(head)
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        while true {
            rest = rest.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }
            if rest.hasPrefix("<?") || rest.hasPrefix("<!--") {
                let end = rest.hasPrefix("<?") ? "?>" : "-->"
                guard let close = rest.range(of: end) else { return false }
                rest = rest[close.upperBound...]
                continue
            }
            break
        }
        guard rest.hasPrefix("<quiz") else { return false }
        let after = rest.dropFirst(5).unicodeScalars.first
        return after == ">" || after == " " || after == "\n" || after == "\r" || after == "\t"
    }

    /// The questions of a Moodle XML document, or the problems that keep it from loading.
    /// `fileName` names the file's folder of embedded files (``MoodleXMLFiles``), beside it.
    public static func parse(_ bytes: [UInt8], fileName: String = "soal.xml") -> QuizParseResult {
        let root: XMLElement
        do {
            root = try SafeXMLParser.parse(bytes)
        } catch {
            return QuizParseResult(problems: [QuizProblem(
                line: error.line, indonesian: "Moodle XML: " + error.kind.message(in: .indonesian),
                english: "Moodle XML: " + error.kind.message(in: .english))])
        }
        guard root.name == "quiz" else {
            return QuizParseResult(problems: [QTIMessage.wrongRoot(root.name, expected: "quiz", line: root.line)])
        }
        var items: [QuizItem] = []
        var problems: [QuizProblem] = []
        var category: String?
        var used: Set<String> = []
        var files: [String: EmbeddedFile] = [:]
        for (index, question) in root.children.enumerated() where question.name == "question" {
            let type = question.attributes["type"] ?? ""
            if type == "category" {
                // `$course$/top/Kepegawaian/ASN`, as written: what GIFT's `$CATEGORY:` gives for the same Moodle export.
                let path = question.child(named: "category")?.child(named: "text")?.trimmedText ?? ""
                category = path.isEmpty ? nil : path
                continue
            }
            let name = question.child(named: "name")?.child(named: "text")?.trimmedText ?? ""
            // Moodle's ID number where it is one Lentera can use (Lentera writes its own ids there), else the name.
            let idNumber = question.child(named: "idnumber")?.trimmedText ?? ""
            let base = CoursePath.isValidID(idNumber) ? idNumber : (QuestionID.slug(name) ?? "q\(index + 1)")
            let id = QuestionID.unused(base, in: &used)
            let rewritten: XMLElement
            switch MoodleXMLFiles.read(question, id: id, fileName: fileName) {
            case .success(let (withFiles, embedded)):
                rewritten = withFiles
                files.merge(embedded) { first, _ in first }
            case .failure(let problem):
                problems.append(problem)
                continue
            }
            switch read(rewritten, type: type, id: id) {
            case .success(var item):
                item.category = category
                item.title = name.isEmpty ? nil : name
                item.line = question.line
                items.append(item)
            case .failure(let problem):
                problems.append(problem)
            }
        }
        if items.isEmpty, problems.isEmpty {
            problems.append(QuizProblem(line: root.line, indonesian: "Moodle XML tanpa soal", english: "Moodle XML without questions"))
        }
        var result = QuizParseResult(items: problems.isEmpty ? items : [], problems: problems)
        if problems.isEmpty { result.files = files }
        return result
    }

    /// The item of one `<question>`, or why it cannot be one.
    static func read(_ question: XMLElement, type: String, id: String) -> Result<QuizItem, QuizProblem> {
        let line = question.line
        func refuse(_ indonesian: String, _ english: String) -> Result<QuizItem, QuizProblem> {
            .failure(QuizProblem(line: line, indonesian: "soal \"\(id)\": " + indonesian, english: "question \"\(id)\": " + english))
        }
        let textElement = question.child(named: "questiontext")
        let format = Self.format(textElement?.attributes["format"])
        let prompt = textElement?.child(named: "text")?.text.trimmingSpaces() ?? ""
        func finite(_ text: String?) -> Double? { text.flatMap { Double($0.trimmingSpaces()) }.flatMap { $0.isFinite ? $0 : nil } }
        let points = finite(question.child(named: "defaultgrade")?.trimmedText).map { min(max($0, 0), 1_000_000) } ?? 1
        let general = feedback(question.child(named: "generalfeedback"))
        let answers = question.children.filter { $0.name == "answer" }
        func fraction(_ answer: XMLElement) -> Double? { finite(answer.attributes["fraction"]).map { $0 / 100 } }
        func answerText(_ answer: XMLElement) -> String { answer.child(named: "text")?.text.trimmingSpaces() ?? "" }
        var interaction: QuizItem.Interaction
        switch type {
        case "multichoice":
            let single = (question.child(named: "single")?.trimmedText ?? "true").lowercased()
            var choices: [QuizItem.Choice] = []
            for (position, answer) in answers.enumerated() {
                guard let weight = fraction(answer) else { return refuse("jawaban tanpa nilai fraction", "an answer without a fraction") }
                choices.append(.init(id: "c\(position + 1)", text: answerText(answer), weight: weight, feedback: feedback(answer.child(named: "feedback"))))
            }
            guard choices.contains(where: { $0.weight > 0 }) else { return refuse("tidak ada jawaban benar", "no answer is right") }
            interaction = .choice(choices: choices, multiple: single == "false" || single == "0")
        case "truefalse":
            var choices: [QuizItem.Choice] = []
            for answer in answers {
                let value = answerText(answer).lowercased()
                guard value == "true" || value == "false", let weight = fraction(answer) else {
                    return refuse("jawaban benar/salah harus \"true\" atau \"false\"", "a true/false answer must be \"true\" or \"false\"")
                }
                choices.append(.init(id: value == "true" ? "benar" : "salah", text: value == "true" ? "Benar" : "Salah", weight: weight,
                                     feedback: feedback(answer.child(named: "feedback"))))
            }
            guard choices.count == 2, choices.contains(where: { $0.weight > 0 }) else {
                return refuse("soal benar/salah perlu jawaban true dan false", "a true/false question needs a true and a false answer")
            }
            interaction = .choice(choices: choices.sorted { $0.id == "benar" && $1.id != "benar" }, multiple: false)
        case "shortanswer":
            let caseSensitive = (question.child(named: "usecase")?.trimmedText ?? "0") == "1"
            var patterns: [QuizItem.TextAnswer] = []
            for answer in answers {
                guard let weight = fraction(answer) else { return refuse("jawaban tanpa nilai fraction", "an answer without a fraction") }
                patterns.append(.init(pattern: answerText(answer), weight: weight, feedback: feedback(answer.child(named: "feedback"))))
            }
            guard patterns.contains(where: { $0.weight > 0 }) else { return refuse("tidak ada jawaban benar", "no answer is right") }
            interaction = .text(answers: patterns, caseSensitive: caseSensitive)
        case "numerical":
            // Units Moodle grades (or asks the learner to choose) have no equivalent: the learner types a number.
            if let grading = question.child(named: "unitgradingtype")?.trimmedText, grading != "0", hasUnits(question) {
                return refuse("satuan yang dinilai (unitgradingtype \(grading)) belum didukung: pembelajar hanya mengetik angka",
                              "graded units (unitgradingtype \(grading)) are not supported: a learner types a number only")
            }
            var numbers: [QuizItem.NumericAnswer] = []
            for answer in answers {
                let text = answerText(answer)
                // `*`: any number, as GIFT's "any answer" (Moodle's catch-all for wrong answers with feedback).
                if text == "*", let weight = fraction(answer) {
                    numbers.append(.init(minimum: -.greatestFiniteMagnitude, maximum: .greatestFiniteMagnitude, weight: weight,
                                         feedback: feedback(answer.child(named: "feedback"))))
                    continue
                }
                guard let weight = fraction(answer), let value = finite(text) else {
                    return refuse("jawaban angka \"\(text)\" tidak terbaca", "the numerical answer \"\(text)\" cannot be read")
                }
                let tolerance = finite(answer.child(named: "tolerance")?.trimmedText) ?? 0
                numbers.append(.init(value: value, tolerance: abs(tolerance), weight: weight, feedback: feedback(answer.child(named: "feedback"))))
            }
            guard numbers.contains(where: { $0.weight > 0 }) else { return refuse("tidak ada jawaban benar", "no answer is right") }
            interaction = .numeric(answers: numbers)
        case "matching", "match":
            var pairs: [QuizItem.Pair] = []
            var distractors: [String] = []
            for sub in question.children where sub.name == "subquestion" {
                let premise = sub.child(named: "text")?.text.trimmingSpaces() ?? ""
                let response = sub.child(named: "answer")?.child(named: "text")?.text.trimmingSpaces() ?? ""
                if premise.isEmpty { distractors.append(response) } else { pairs.append(.init(premise: premise, response: response)) }
            }
            guard pairs.count >= 2 else { return refuse("soal menjodohkan perlu sedikitnya dua pasangan", "a matching question needs at least two pairs") }
            // Every response, as the other readers give them: the pairs' in order, then the extra ones.
            var responses: [String] = []
            for response in pairs.map(\.response) + distractors where !response.isEmpty && !responses.contains(response) { responses.append(response) }
            interaction = .matching(pairs: pairs, responses: responses)
        case "gapselect", "ddwtos", "multianswer", "cloze":
            // Moodle writes cloze questions as `cloze` and reads `multianswer` too.
            let read = type == "multianswer" || type == "cloze" ? MoodleXMLGaps.cloze(prompt) : MoodleXMLGaps.selectGaps(question, type: type, prompt: prompt)
            switch read {
            case .success(let (text, gaps)):
                return .success(QuizItem(
                    id: id, prompt: text, interaction: .gaps(gaps), points: points, generalFeedback: general, format: format))
            case .failure(let refusal):
                return refuse(refusal.indonesian, refusal.english)
            }
        case "ordering":
            // qtype_ordering: the answers' fractions are their positions in the right order.
            let grading = (question.child(named: "gradingtype")?.trimmedText ?? "ABSOLUTE_POSITION").uppercased()
            guard grading == "ABSOLUTE_POSITION" || grading == "ALL_OR_NOTHING" else {
                return refuse("penilaian urutan \"\(grading)\" belum didukung (hanya ABSOLUTE_POSITION dan ALL_OR_NOTHING)",
                              "ordering grading \"\(grading)\" is not supported (only ABSOLUTE_POSITION and ALL_OR_NOTHING)")
            }
            let select = (question.child(named: "selecttype")?.trimmedText ?? "ALL").uppercased()
            guard select == "ALL" || select == "0" else {
                return refuse("urutan yang hanya menampilkan sebagian butir (selecttype \(select)) belum didukung",
                              "an ordering that shows only some of its items (selecttype \(select)) is not supported")
            }
            var positioned: [(Double, String)] = []
            for answer in answers {
                guard let position = finite(answer.attributes["fraction"]) else {
                    return refuse("butir urutan tanpa nilai fraction", "an ordering item without a fraction")
                }
                positioned.append((position, answerText(answer)))
            }
            let order = positioned.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
            guard order.count >= 2, Set(order).count == order.count else {
                return refuse("soal urutan perlu sedikitnya dua butir yang berbeda", "an ordering question needs at least two different items")
            }
            interaction = .ordering(correctOrder: order, partialCredit: grading == "ABSOLUTE_POSITION")
        case "essay":
            interaction = .essay
        case "description":
            interaction = .description
        default:
            return refuse("jenis soal Moodle \"\(type)\" belum didukung", "the Moodle question type \"\(type)\" is not supported")
        }
        var item = QuizItem(id: id, prompt: prompt, interaction: interaction, points: points, generalFeedback: general, format: format)
        // `<shuffleanswers>0</shuffleanswers>`: the answers (or a matching question's responses) in the order written.
        if ["multichoice", "matching", "match"].contains(type),
            let shuffle = question.child(named: "shuffleanswers")?.trimmedText.lowercased(), shuffle == "0" || shuffle == "false"
        {
            item.fixedChoices = item.shuffleableKeys
        }
        return .success(item)
    }

    /// Whether a numerical question lists units.
    static func hasUnits(_ question: XMLElement) -> Bool {
        question.child(named: "units")?.children.contains { $0.name == "unit" } ?? false
    }

    /// The text of a feedback element; nil when it has none.
    static func feedback(_ element: XMLElement?) -> String? {
        guard let text = element?.child(named: "text")?.text.trimmingSpaces(), !text.isEmpty else { return nil }
        return text
    }

    /// How a question's texts read: Moodle's HTML and its auto-format as HTML, Markdown and plain text as such.
    static func format(_ attribute: String?) -> QuizItem.TextFormat {
        switch attribute?.lowercased() {
        case "markdown": .markdown
        case "plain_text": .plain
        default: .html
        }
    }

}
