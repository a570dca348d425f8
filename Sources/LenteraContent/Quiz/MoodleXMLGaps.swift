import LenteraCore

/// Moodle's questions with blanks in their text, read as Lentera's fill-in-the-blank items (`.gaps`, each blank
/// `[[g1]]`, `[[g2]]`… in the prompt, each earning an equal share, as Moodle shares them):
/// - `gapselect` (select missing words) and `ddwtos` (drag and drop into text): `[[n]]` in the text is a blank whose
///   right answer is the n-th `<selectoption>`/`<dragbox>`; its options are the choices of the same group;
/// - `multianswer` (cloze, embedded answers): `{1:SHORTANSWER:=Jakarta#Tepat~%50%Batavia}`,
///   `{1:MULTICHOICE:...}` (also `_V`, `_H`, `_S` and their short names) and `{1:NUMERICAL:=17}` without a tolerance.
/// Blanks of different weights, case-sensitive short answers, numerical tolerances and multiple-response blanks have no
/// equivalent in Lentera's blanks and are refused, named.
enum MoodleXMLGaps {
    struct Refusal: Error {
        var indonesian: String
        var english: String
    }

    /// `gapselect` and `ddwtos`: the choices of the question, by their 1-based number, with their groups.
    static func selectGaps(_ question: XMLElement, type: String, prompt: String) -> Result<(String, [QuizItem.Gap]), Refusal> {
        let elementName = type == "ddwtos" ? "dragbox" : "selectoption"
        var choices: [(text: String, group: String)] = []
        for choice in question.children where choice.name == elementName {
            let text = choice.child(named: "text")?.text.trimmingSpaces() ?? ""
            choices.append((text, choice.child(named: "group")?.trimmedText ?? "1"))
        }
        guard !choices.isEmpty else {
            return .failure(Refusal(indonesian: "tidak ada pilihan <\(elementName)>", english: "no <\(elementName)> choices"))
        }
        var gaps: [QuizItem.Gap] = []
        var output = ""
        var rest = Substring(prompt)
        while let open = rest.range(of: "[[") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "]]") else {  // no blank closes after this one
                rest = rest[open.lowerBound...]
                break
            }
            // Only the last `[[` before a `]]` can open that blank: jump to it (linear however many `[[` there are).
            if let inner = rest[open.upperBound..<close.lowerBound].range(of: "[[", options: .backwards) {
                output += rest[open.lowerBound..<inner.lowerBound]
                rest = rest[inner.lowerBound...]
                continue
            }
            guard let number = Int(rest[open.upperBound..<close.lowerBound]) else {
                output += "[["
                rest = rest[open.upperBound...]
                continue
            }
            guard (1...choices.count).contains(number) else {
                return .failure(Refusal(
                    indonesian: "celah [[\(number)]] menyebut pilihan yang tidak ada (ada \(choices.count))",
                    english: "blank [[\(number)]] names a choice that does not exist (there are \(choices.count))"))
            }
            let group = choices[number - 1].group
            let id = "g\(gaps.count + 1)"
            let options = choices.enumerated().filter { $0.element.group == group }.map { index, choice in
                QuizItem.Choice(id: "p\(index + 1)", text: choice.text, weight: index + 1 == number ? 1 : 0)
            }
            gaps.append(QuizItem.Gap(id: id, options: options))
            output += "[[" + id + "]]"
            rest = rest[close.upperBound...]
        }
        output += rest
        guard !gaps.isEmpty else {
            return .failure(Refusal(indonesian: "teks soal tidak memuat celah [[1]]", english: "the question text holds no blank [[1]]"))
        }
        return .success((output, gaps))
    }

    /// `multianswer`: the text with each embedded answer replaced by a blank.
    static func cloze(_ prompt: String) -> Result<(String, [QuizItem.Gap]), Refusal> {
        var gaps: [QuizItem.Gap] = []
        var weights: Set<Double> = []
        var output = ""
        let characters = Array(prompt)
        // Past the last `}` no brace can open an embedded answer: checked once, so a text of ten thousand `{1:`
        // without a `}` is read in linear time.
        let lastClose = characters.lastIndex(of: "}") ?? -1
        var index = 0
        while index < characters.count {
            guard characters[index] == "{", index < lastClose, let (end, body) = embedded(characters, from: index) else {
                output.append(characters[index])
                index += 1
                continue
            }
            switch subquestion(body, id: "g\(gaps.count + 1)") {
            case .success(let (gap, weight)):
                gaps.append(gap)
                weights.insert(weight)
                output += "[[" + gap.id + "]]"
            case .failure(let refusal):
                return .failure(refusal)
            }
            index = end + 1
        }
        guard !gaps.isEmpty else {
            return .failure(Refusal(
                indonesian: "teks soal cloze tidak memuat jawaban tertanam seperti {1:SHORTANSWER:=jawaban}",
                english: "the cloze text holds no embedded answer such as {1:SHORTANSWER:=answer}"))
        }
        guard weights.count == 1 else {
            return .failure(Refusal(
                indonesian: "celah dengan bobot berbeda ({1:...} dan {2:...}) belum didukung: semua celah Lentera bernilai sama",
                english: "blanks of different weights ({1:...} and {2:...}) are not supported: Lentera's blanks are worth the same"))
        }
        return .success((output, gaps))
    }

    /// The end (index of `}`) and body of an embedded answer starting at `{`: `{` digits? `:` TYPE `:` …, with `\}`
    /// escaping a brace. Nil when the brace does not start one (a brace of ordinary text).
    static func embedded(_ characters: [Character], from start: Int) -> (Int, String)? {
        var index = start + 1
        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        guard index < characters.count, characters[index] == ":" else { return nil }
        var body = ""
        var escaped = false
        var position = start + 1
        while position < characters.count {
            let character = characters[position]
            if !escaped, character == "}" { return body.contains(":") ? (position, body) : nil }
            escaped = !escaped && character == "\\"
            body.append(character)
            position += 1
        }
        return nil
    }

    /// One embedded answer `weight:TYPE:answers` as a blank and its weight.
    static func subquestion(_ body: String, id: String) -> Result<(QuizItem.Gap, Double), Refusal> {
        let parts = body.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            return .failure(Refusal(indonesian: "jawaban tertanam {\(body)} tidak terbaca", english: "embedded answer {\(body)} cannot be read"))
        }
        let weight = parts[0].isEmpty ? 1 : Double(parts[0]) ?? -1
        guard weight > 0 else {
            return .failure(Refusal(indonesian: "bobot \"\(parts[0])\" pada {\(body)} tidak sah", english: "weight \"\(parts[0])\" in {\(body)} is invalid"))
        }
        let type = parts[1].uppercased()
        var answers: [(text: String, weight: Double, feedback: String?)] = []
        for raw in split(parts[2], at: "~") {
            var text = Substring(raw)
            var fraction = 0.0
            if text.hasPrefix("=") {
                fraction = 1
                text = text.dropFirst()
            } else if text.hasPrefix("%"), let close = text.dropFirst().firstIndex(of: "%"),
                let percent = Double(text[text.index(after: text.startIndex)..<close]), percent.isFinite, abs(percent) <= 100
            {
                fraction = percent / 100
                text = text[text.index(after: close)...]
            }
            let pieces = split(String(text), at: "#")
            answers.append((unescaped(pieces[0]).trimmingSpaces(), fraction, pieces.count > 1 ? unescaped(pieces[1...].joined(separator: "#")).trimmingSpaces() : nil))
        }
        // As Moodle checks a cloze: one answer worth 100% in every blank.
        guard answers.contains(where: { $0.weight >= 1 - 1e-9 }) else {
            return .failure(Refusal(
                indonesian: "jawaban tertanam {\(body)} tidak punya jawaban bernilai 100%", english: "embedded answer {\(body)} has no answer worth 100%"))
        }
        func unsupported(_ what: String) -> Result<(QuizItem.Gap, Double), Refusal> {
            .failure(Refusal(
                indonesian: "\(what) dalam jawaban tertanam {\(body)} belum didukung", english: "\(what) in embedded answer {\(body)} is not supported"))
        }
        switch type {
        case "SHORTANSWER", "SA", "MW":
            return .success((
                QuizItem.Gap(id: id, answers: answers.map { QuizItem.TextAnswer(pattern: $0.text, weight: $0.weight, feedback: $0.feedback) }), weight
            ))
        case "NUMERICAL", "NM":
            var texts: [QuizItem.TextAnswer] = []
            for answer in answers {
                let number = answer.text.split(separator: ":", maxSplits: 1).map(String.init)
                if number.count == 2, let tolerance = Double(number[1]), tolerance != 0 { return unsupported("a tolerance (\(answer.text))") }
                guard let value = Double(number[0]), value.isFinite else { return unsupported("a number that cannot be read (\(answer.text))") }
                texts.append(QuizItem.TextAnswer(pattern: QTIScalar.numberText(value), weight: answer.weight, feedback: answer.feedback))
            }
            return .success((QuizItem.Gap(id: id, answers: texts), weight))
        case "MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH", "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS",
            "MULTICHOICE_HS", "MCHS":
            guard answers.count >= 2 else {
                return .failure(Refusal(
                    indonesian: "pilihan ganda tertanam {\(body)} perlu sedikitnya dua pilihan",
                    english: "embedded multiple choice {\(body)} needs at least two choices"))
            }
            let options = answers.enumerated().map { index, answer in
                QuizItem.Choice(id: "p\(index + 1)", text: answer.text, weight: answer.weight, feedback: answer.feedback)
            }
            return .success((QuizItem.Gap(id: id, options: options), weight))
        case "SHORTANSWER_C", "SAC", "MWC":
            return unsupported("a case-sensitive short answer (\(parts[1]))")
        default:
            return unsupported("type \(parts[1])")
        }
    }

    /// Splits at a separator not escaped with a backslash (escapes are kept for ``unescaped(_:)``).
    static func split(_ text: String, at separator: Character) -> [String] {
        var parts: [String] = [""]
        var escaped = false
        for character in text {
            if !escaped, character == separator {
                parts.append("")
                continue
            }
            escaped = !escaped && character == "\\"
            parts[parts.count - 1].append(character)
        }
        return parts
    }

    /// Removes the backslash of Moodle's escapes (`\}`, `\~`, `\#`, `\/`, `\"`, `\\`); another backslash stays (`\*` is
    /// a literal star in a short answer, as in Lentera's patterns).
    static func unescaped(_ text: String) -> String {
        var result = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "\\" else {
                result.append(character)
                continue
            }
            guard let next = characters.next() else {
                result.append(character)
                break
            }
            if !"}~#/\"\\".contains(next) { result.append(character) }
            result.append(next)
        }
        return result
    }
}
