import Foundation
import LenteraCore

extension QuizSettings {
    /// Reads a `<quiz>` element; nil (with problems) when it cannot be used.
    static func read(_ element: XMLElement, problems: inout [Problem], file: String) -> QuizSettings? {
        let attributes = element.attributes
        func value(_ name: String) -> String? {
            attributes[name].map { $0.trimmingSpaces() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func fail(_ indonesian: String, _ english: String) {
            problems.append(Problem(file: file, line: element.line, kind: .quizDeclaration(indonesian: indonesian, english: english)))
        }
        guard let id = value("id") else {
            problems.append(Problem(file: file, line: element.line, kind: .missingAttribute(element: "quiz", attribute: "id")))
            return nil
        }
        guard CoursePath.isValidID(id) else {
            fail("id kuis \"\(id)\" tidak valid: gunakan huruf, angka, tanda hubung, titik atau garis bawah",
                 "quiz id \"\(id)\" is invalid: use letters, digits, hyphens, dots or underscores")
            return nil
        }
        guard let href = value("href") else {
            problems.append(Problem(file: file, line: element.line, kind: .missingAttribute(element: "quiz", attribute: "href")))
            return nil
        }
        var settings = QuizSettings(
            id: id, title: value("title") ?? id, href: href, attempts: 1, timeLimit: nil, passingScore: 70, feedback: .afterSubmit,
            closes: nil, review: true, draw: nil, drawPerCategory: [:], shuffle: true, kind: nil, pair: nil, line: element.line
        )
        settings.titleGiven = value("title") != nil
        var valid = true
        if let text = value("attempts") {
            if let number = Int(text), (0...1000).contains(number) {
                settings.attempts = number
            } else {
                fail("attempts=\"\(text)\" harus bilangan bulat 0 sampai 1000 (0 = tanpa batas)",
                     "attempts=\"\(text)\" must be a whole number from 0 to 1000 (0 = unlimited)")
                valid = false
            }
        }
        if let text = value("time-limit") {
            if let seconds = Self.duration(text) {
                settings.timeLimit = seconds
            } else {
                fail("time-limit=\"\(text)\" harus lama dalam menit (misalnya 20 atau 1.5) atau detik dengan akhiran s (misalnya 90s)",
                     "time-limit=\"\(text)\" must be minutes (such as 20 or 1.5) or seconds ending in s (such as 90s)")
                valid = false
            }
        }
        if let text = value("passing-score") {
            if let score = Double(text.replacingOccurrences(of: "%", with: "")), (0...100).contains(score) {
                settings.passingScore = score
            } else {
                fail("passing-score=\"\(text)\" harus persen 0 sampai 100", "passing-score=\"\(text)\" must be a percentage from 0 to 100")
                valid = false
            }
        }
        if let text = value("feedback") {
            if let timing = FeedbackTiming(rawValue: text.lowercased()) {
                settings.feedback = timing
            } else {
                fail("feedback=\"\(text)\" tidak dikenal: gunakan immediate, after-submit atau after-close",
                     "unknown feedback=\"\(text)\": use immediate, after-submit or after-close")
                valid = false
            }
        }
        if let text = value("closes") {
            if let date = Self.date(text) {
                settings.closes = date
            } else {
                fail("closes=\"\(text)\" harus tanggal ISO 8601, misalnya 2026-12-31 atau 2026-12-31T17:00:00+07:00",
                     "closes=\"\(text)\" must be an ISO 8601 date, such as 2026-12-31 or 2026-12-31T17:00:00+07:00")
                valid = false
            }
        }
        if settings.feedback == .afterClose, settings.closes == nil, valid {
            fail("feedback=\"after-close\" memerlukan atribut closes (kapan kuis ditutup)",
                 "feedback=\"after-close\" needs a closes attribute (when the quiz closes)")
            valid = false
        }
        for (name, keyPath) in [("review", \QuizSettings.review), ("shuffle", \QuizSettings.shuffle)] {
            guard let text = value(name)?.lowercased() else { continue }
            if ["true", "ya"].contains(text) {
                settings[keyPath: keyPath] = true
            } else if ["false", "tidak"].contains(text) {
                settings[keyPath: keyPath] = false
            } else {
                fail("\(name)=\"\(text)\" harus true atau false", "\(name)=\"\(text)\" must be true or false")
                valid = false
            }
        }
        if let text = value("draw") {
            if let count = Int(text), count > 0 {
                settings.draw = count
            } else {
                fail("draw=\"\(text)\" harus bilangan bulat positif", "draw=\"\(text)\" must be a positive whole number")
                valid = false
            }
        }
        for child in element.children {
            guard child.name == "draw" else {
                problems.append(Problem(file: file, line: child.line, kind: .unknownElement(child.name)))
                continue
            }
            guard let category = child.attributes["category"]?.trimmingSpaces(), !category.isEmpty,
                let count = child.attributes["count"].flatMap({ Int($0.trimmingSpaces()) }), count >= 0
            else {
                problems.append(Problem(file: file, line: child.line, kind: .quizDeclaration(
                    indonesian: "<draw> memerlukan category dan count (bilangan bulat)",
                    english: "<draw> needs category and count (a whole number)")))
                valid = false
                continue
            }
            settings.drawPerCategory[category] = count
        }
        if let text = value("kind") {
            if let kind = Kind(rawValue: text.lowercased()) {
                settings.kind = kind
            } else {
                fail("kind=\"\(text)\" tidak dikenal: gunakan pre atau post", "unknown kind=\"\(text)\": use pre or post")
                valid = false
            }
        }
        settings.pair = value("pair")
        for name in attributes.keys where !Self.knownAttributes.contains(name) {
            problems.append(Problem(file: file, line: element.line, kind: .quizDeclaration(
                indonesian: "atribut \(name) pada <quiz> tidak dikenal", english: "unknown attribute \(name) on <quiz>")))
            valid = false
        }
        return valid ? settings : nil
    }
}
