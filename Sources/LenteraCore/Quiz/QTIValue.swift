import Foundation

/// The base types of QTI values that items score with.
public enum QTIBaseType: String, Sendable, Codable, CaseIterable {
    case identifier, boolean, integer, float, string, point, pair, directedPair, duration, uri

    /// Reads a `baseType` attribute leniently (any case); nil for types Lentera does not score (`file`, `intOrIdentifier`).
    public init?(attribute: String) {
        let lowered = attribute.trimmingSpaces().lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == lowered }) else { return nil }
        self = match
    }

    var isNumeric: Bool { self == .integer || self == .float }
}

/// The cardinalities of QTI variables.
public enum QTICardinality: String, Sendable, Codable, CaseIterable {
    case single, multiple, ordered, record

    public init?(attribute: String) {
        let lowered = attribute.trimmingSpaces().lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue == lowered }) else { return nil }
        self = match
    }
}

/// One QTI value of a base type. A `pair` is unordered: build it with ``pair(_:_:)`` so that equal pairs compare equal.
public enum QTIScalar: Sendable, Hashable, Codable {
    case identifier(String)
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// An unordered pair of identifiers, kept with the smaller first.
    case unorderedPair(String, String)
    case directedPair(String, String)
    case point(Int, Int)
    /// Seconds.
    case duration(Double)
    case uri(String)

    /// An unordered pair.
    public static func pair(_ first: String, _ second: String) -> QTIScalar {
        first.utf8.lexicographicallyPrecedes(second.utf8) || first == second ? .unorderedPair(first, second) : .unorderedPair(second, first)
    }

    public var baseType: QTIBaseType {
        switch self {
        case .identifier: .identifier
        case .string: .string
        case .integer: .integer
        case .float: .float
        case .boolean: .boolean
        case .unorderedPair: .pair
        case .directedPair: .directedPair
        case .point: .point
        case .duration: .duration
        case .uri: .uri
        }
    }

    /// The numeric value of an integer or float.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .float(let value): value
        default: nil
        }
    }

    /// Reads a value written in an item (`<value>`, `mapKey`, `baseValue`) as the base type says; nil when it is not one.
    public static func parse(_ text: String, as baseType: QTIBaseType) -> QTIScalar? {
        let trimmed = text.trimmingSpaces()
        func parts() -> [String] { trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init) }
        switch baseType {
        case .identifier: return trimmed.isEmpty ? nil : .identifier(trimmed)
        case .string: return .string(text)
        case .uri: return .uri(trimmed)
        case .integer: return Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed).map(QTIScalar.integer)
        case .float: return QTIScalar.floatValue(trimmed).map(QTIScalar.float)
        case .duration: return QTIScalar.floatValue(trimmed).map(QTIScalar.duration)
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default: return nil
            }
        case .pair:
            let values = parts()
            return values.count == 2 ? .pair(values[0], values[1]) : nil
        case .directedPair:
            let values = parts()
            return values.count == 2 ? .directedPair(values[0], values[1]) : nil
        case .point:
            let values = parts().compactMap { Int($0) }
            return values.count == 2 ? .point(values[0], values[1]) : nil
        }
    }

    /// A finite number (what an item can store and send as JSON); infinities and NaN are refused.
    static func floatValue(_ text: String) -> Double? {
        Double(text.hasPrefix("+") ? String(text.dropFirst()) : text).flatMap { $0.isFinite ? $0 : nil }
    }
}

/// The value of a QTI variable: NULL, one value, or a container. An empty container, and an empty string, are NULL.
public enum QTIValue: Sendable, Equatable, Codable {
    case null
    case single(QTIScalar)
    /// A bag: order does not matter, repeats do.
    case multiple([QTIScalar])
    case ordered([QTIScalar])
    case record([String: QTIScalar])

    /// A container, NULL when empty.
    public static func container(_ cardinality: QTICardinality, _ values: [QTIScalar]) -> QTIValue {
        guard !values.isEmpty else { return .null }
        switch cardinality {
        case .ordered: return .ordered(values)
        case .single: return values.count == 1 ? .single(values[0]) : .multiple(values)
        default: return .multiple(values)
        }
    }

    /// Whether QTI treats the value as NULL.
    public var isNull: Bool {
        switch self {
        case .null: true
        case .single(.string(let text)): text.isEmpty
        case .multiple(let values), .ordered(let values): values.isEmpty
        case .record(let fields): fields.isEmpty
        case .single: false
        }
    }

    /// The values of a single value or container.
    public var values: [QTIScalar] {
        switch self {
        case .null, .record: []
        case .single(let value): [value]
        case .multiple(let values), .ordered(let values): values
        }
    }

    public var cardinality: QTICardinality? {
        switch self {
        case .null: nil
        case .single: .single
        case .multiple: .multiple
        case .ordered: .ordered
        case .record: .record
        }
    }

    /// The one value of a single value.
    public var scalar: QTIScalar? {
        if case .single(let value) = self { return value }
        return nil
    }

    /// The number of a single numeric value.
    public var number: Double? { scalar?.number }

    /// Equality as `match` compares: bags as multisets, ordered containers in order.
    public func matches(_ other: QTIValue) -> Bool {
        switch (self, other) {
        case (.single(let a), .single(let b)): return a == b
        case (.ordered(let a), .ordered(let b)): return a == b
        case (.multiple(let a), .multiple(let b)): return a.count == b.count && QTIValue.counts(a) == QTIValue.counts(b)
        case (.record(let a), .record(let b)): return a == b
        default: return false
        }
    }

    static func counts(_ values: [QTIScalar]) -> [QTIScalar: Int] {
        values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }
}

extension QTIScalar {
    /// A number as text: a whole number without a decimal point (`3`, not `3.0`).
    package static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
