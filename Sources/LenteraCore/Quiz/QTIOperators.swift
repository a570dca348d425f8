import Foundation

/// The QTI operators response processing may use, each as the specification defines it.
package enum QTIOperators {
    /// Every operator name ``apply(_:_:_:_:)`` evaluates (lower case). An item using another is refused by name.
    package static let supported: Set<String> = [
        "multiple", "ordered", "containersize", "isnull", "index", "fieldvalue", "member", "delete", "contains", "substring",
        "not", "and", "or", "anyn", "match", "stringmatch", "patternmatch", "equal", "equalrounded", "lt", "gt", "lte", "gte",
        "durationlt", "durationgte", "sum", "product", "subtract", "divide", "power", "integerdivide", "integermodulus",
        "truncate", "round", "roundto", "integertofloat", "max", "min", "gcd", "lcm",
    ]

    /// Evaluates an operator over its evaluated operands; `state` resolves attributes that name a variable (`{N}`).
    static func apply(_ name: String, _ attributes: [String: String], _ operands: [QTIValue], _ state: QTIInterpreter) throws -> QTIValue {
        let call = QTIOperands(name: name, attributes: attributes, operands: operands, state: state)
        if let value = try call.container() ?? call.logic() ?? call.arithmetic() { return value }
        throw call.fail("is not supported")
    }
}

/// One operator's name, attributes and evaluated operands, with the checks every operator makes of them.
struct QTIOperands {
    let name: String
    let attributes: [String: String]
    let operands: [QTIValue]
    let state: QTIInterpreter

    var anyNull: Bool { operands.contains { $0.isNull } }

    func fail(_ message: String) -> QTIRuntimeError { QTIRuntimeError(message: "<\(name)>: " + message) }

    func boolean(_ value: Bool) -> QTIValue { .single(.boolean(value)) }
    func singles() throws -> [QTIScalar] {
        var result: [QTIScalar] = []
        for operand in operands {
            guard let scalar = operand.scalar else { throw fail("operands must be single values") }
            result.append(scalar)
        }
        return result
    }
    func numbers() throws -> [Double] {
        var result: [Double] = []
        for scalar in try singles() {
            guard let number = scalar.number else { throw fail("operands must be numbers") }
            result.append(number)
        }
        return result
    }
    func integers() throws -> [Int] {
        var result: [Int] = []
        for scalar in try singles() {
            guard case .integer(let number) = scalar else { throw fail("operands must be integers") }
            result.append(number)
        }
        return result
    }
    func strings() throws -> [String] {
        var result: [String] = []
        for scalar in try singles() {
            guard case .string(let text) = scalar else { throw fail("operands must be strings") }
            result.append(text)
        }
        return result
    }
    func booleans() throws -> [Bool] {
        var result: [Bool] = []
        for scalar in try singles() {
            guard case .boolean(let value) = scalar else { throw fail("operands must be booleans") }
            result.append(value)
        }
        return result
    }
    /// An attribute that may name a variable as `{NAME}`.
    func reference(_ key: String) throws -> QTIValue? {
        guard let raw = attributes[key]?.trimmingSpaces() else { return nil }
        if raw.hasPrefix("{"), raw.hasSuffix("}"), raw.count > 2 {
            return try state.variable(String(raw.dropFirst().dropLast()))
        }
        return .single(.string(raw))
    }
    func integerAttribute(_ key: String, default fallback: Int? = nil) throws -> Int {
        switch try reference(key) {
        case .single(.integer(let value)): return value
        case .single(.string(let text)):
            guard let value = Int(text) else { throw fail("\(key) must be an integer") }
            return value
        case nil:
            guard let fallback else { throw fail("\(key) is required") }
            return fallback
        default: throw fail("\(key) must be an integer")
        }
    }
    func flag(_ key: String, default fallback: Bool) -> Bool {
        switch attributes[key]?.trimmingSpaces().lowercased() {
        case "true", "1": true
        case "false", "0": false
        default: fallback
        }
    }
    /// A float result, NULL when it is not finite (an overflow): nothing infinite or NaN is ever kept or stored.
    func float(_ value: Double) -> QTIValue { value.isFinite ? .single(.float(value)) : .null }

    /// An integer from a whole number, NULL when it is out of Int's range.
    func integer(_ value: Double) -> QTIValue { Int(exactly: value).map { .single(.integer($0)) } ?? .null }
}
