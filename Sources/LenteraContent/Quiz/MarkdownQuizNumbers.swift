import Foundation
import LenteraCore

// MARK: - Numbers

/// Numbers as authors write them: `20`, `-3`, `6,07` or `6.07`; never thousands separators.
enum NumberText {
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

    static func failure(_ part: String, _ whole: String) -> Message {
        parse(part) == .ambiguous ? .ambiguousNumber(part.trimmingSpaces()) : .invalidNumber(whole)
    }
}
