import Foundation

/// Why response processing stopped: an operand of the wrong type or cardinality, as the QTI specification defines them.
public struct QTIRuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Runs an item's response processing (``QTIProgram``) over its response variables, as QTI 2.1/2.2 defines each rule
/// and expression; what an operand NULL, an empty container or an empty string gives follows the specification as
/// qti-sdk implements it (the reference the conformance fixtures were made with).
public struct QTIInterpreter {
    public let program: QTIProgram
    var responses: [String: QTIValue]
    var outcomes: [String: QTIValue] = [:]
    var declarations: [String: QTIProgram.ResponseVariable] = [:]
    var outcomeDeclarations: [String: QTIProgram.OutcomeVariable] = [:]

    /// Prepares a run: outcomes at their initial values, responses as given (missing ones NULL).
    public init(program: QTIProgram, responses: [String: QTIValue]) {
        self.program = program
        self.responses = responses
        for declaration in program.responses { declarations[declaration.identifier] = declaration }
        if declarations["numAttempts"] != nil, responses["numAttempts"] == nil { self.responses["numAttempts"] = .single(.integer(1)) }
        for outcome in program.outcomes {
            outcomeDeclarations[outcome.identifier] = outcome
            outcomes[outcome.identifier] = outcome.initialValue
        }
    }

    /// Runs the rules and returns every outcome's value.
    public mutating func run() throws -> [String: QTIValue] {
        _ = try run(program.rules)
        return outcomes
    }

    /// The score outcome after processing a set of responses, as a number (NULL counts as 0).
    public static func score(_ program: QTIProgram, responses: [String: QTIValue]) throws -> Double {
        var interpreter = QTIInterpreter(program: program, responses: responses)
        let outcomes = try interpreter.run()
        return outcomes[program.scoreOutcome]?.number ?? 0
    }

    /// Runs rules in order; false when `exitResponse` stopped processing.
    mutating func run(_ rules: [QTIRule]) throws -> Bool {
        for rule in rules {
            switch rule {
            case .setOutcome(let identifier, let expression):
                do {
                    try set(identifier, try evaluate(expression))
                } catch {
                    try failed(identifier, error as? QTIRuntimeError ?? QTIRuntimeError(message: String(describing: error)))
                }
            case .lookupOutcome(let identifier, let expression):
                do {
                    guard let table = outcomeDeclarations[identifier]?.lookupTable else {
                        throw QTIRuntimeError(message: "outcome \(identifier) has no lookup table")
                    }
                    try set(identifier, lookUp(try evaluate(expression), in: table))
                } catch {
                    try failed(identifier, error as? QTIRuntimeError ?? QTIRuntimeError(message: String(describing: error)))
                }
            case .condition(let branches):
                for branch in branches {
                    if let condition = branch.condition {
                        guard case .single(.boolean(true)) = try evaluate(condition) else { continue }
                    }
                    if try !run(branch.rules) { return false }
                    break
                }
            case .exit:
                return false
            }
        }
        return true
    }

    /// An error in a rule setting the score stops processing; one setting another outcome (feedback, in items seen in
    /// the wild with operands the wrong way round) makes that outcome NULL and processing goes on.
    mutating func failed(_ identifier: String, _ error: QTIRuntimeError) throws {
        if identifier == program.scoreOutcome { throw error }
        outcomes[identifier] = .null
    }

    /// Sets an outcome as qti-sdk does: an integer set to a float outcome becomes a float, a float set to an integer
    /// outcome is truncated, a container set to a single outcome gives its first value.
    mutating func set(_ identifier: String, _ value: QTIValue) throws {
        guard let declaration = outcomeDeclarations[identifier] else {
            throw QTIRuntimeError(message: "setOutcomeValue names \(identifier), which is not an outcome")
        }
        var value = value.isNull ? QTIValue.null : value
        if case .single(.float(let number)) = value, !number.isFinite { value = .null }
        if declaration.cardinality == .single, value.cardinality == .multiple || value.cardinality == .ordered, let first = value.values.first {
            value = .single(first)
        }
        if declaration.baseType == .float, case .single(.integer(let number)) = value {
            value = .single(.float(Double(number)))
        } else if declaration.baseType == .integer, case .single(.float(let number)) = value {
            guard number.isFinite, abs(number) < 9e15 else {
                throw QTIRuntimeError(message: "\(number) cannot be set to integer outcome \(identifier)")
            }
            value = .single(.integer(Int(number.rounded(.towardZero))))
        }
        outcomes[identifier] = value
    }

    func lookUp(_ value: QTIValue, in table: QTILookupTable) throws -> QTIValue {
        switch table {
        case .match(let entries, let defaultValue):
            guard case .single(.integer(let source)) = value else {
                if value.isNull { return defaultValue }
                throw QTIRuntimeError(message: "a matchTable looks up integers")
            }
            return entries.first { $0.source == source }.map { .single($0.target) } ?? defaultValue
        case .interpolation(let entries, let defaultValue):
            guard let number = value.number else {
                if value.isNull { return defaultValue }
                throw QTIRuntimeError(message: "an interpolationTable looks up numbers")
            }
            for entry in entries where number > entry.source || (entry.includeBoundary && number == entry.source) {
                return .single(entry.target)
            }
            return defaultValue
        }
    }

    // MARK: Expressions

    func variable(_ identifier: String) throws -> QTIValue {
        if declarations[identifier] != nil { return responses[identifier] ?? .null }
        if let value = outcomes[identifier] { return value }
        throw QTIRuntimeError(message: "variable \(identifier) is not declared")
    }

    func evaluate(_ expression: QTIExpression) throws -> QTIValue {
        switch expression {
        case .value(let value):
            return value
        case .variable(let identifier):
            return try variable(identifier)
        case .correct(let identifier):
            guard let declaration = declarations[identifier] else { throw QTIRuntimeError(message: "correct names \(identifier), not a response") }
            return declaration.correct
        case .defaultValue(let identifier):
            if let outcome = outcomeDeclarations[identifier] { return outcome.defaultValue }
            if declarations[identifier] != nil { return .null }
            throw QTIRuntimeError(message: "default names \(identifier), which is not declared")
        case .mapResponse(let identifier):
            guard let declaration = declarations[identifier] else { throw QTIRuntimeError(message: "mapResponse names \(identifier), not a response") }
            let mapped = Self.map(responses[identifier] ?? .null, declaration: declaration)
            return mapped.isFinite ? .single(.float(mapped)) : .null
        case .apply(let name, let attributes, let operands):
            var values: [QTIValue] = []
            values.reserveCapacity(operands.count)
            for operand in operands { values.append(try evaluate(operand)) }
            return try QTIOperators.apply(name, attributes, values, self)
        }
    }

    /// `mapResponse`: the mapped value of a single response (the default when no entry matches), or the sum over the
    /// distinct values of a container (each unmapped one giving the default, a NULL container the default once),
    /// bounded by the mapping's bounds; 0 without a mapping.
    static func map(_ value: QTIValue, declaration: QTIProgram.ResponseVariable) -> Double {
        guard let mapping = declaration.mapping else { return 0 }
        func mapped(_ scalar: QTIScalar?) -> Double? {
            var total = 0.0
            var found = false
            for entry in mapping.entries {
                let equal: Bool
                if let scalar, case .string(let given) = scalar, case .string(let key) = entry.key, !entry.caseSensitive {
                    equal = given.lowercased() == key.lowercased()
                } else if let scalar {
                    equal = scalar == entry.key
                } else {
                    equal = declaration.baseType == .string && entry.key == .string("")
                }
                if equal {
                    total += entry.value
                    found = true
                }
            }
            return found ? total : nil
        }
        var result: Double
        if declaration.cardinality == .single {
            result = mapped(value.isNull ? nil : value.scalar) ?? mapping.defaultValue
        } else {
            var distinct: [QTIScalar] = []
            for scalar in value.values where !distinct.contains(scalar) { distinct.append(scalar) }
            if distinct.isEmpty {
                result = mapped(nil) ?? mapping.defaultValue
            } else {
                result = distinct.reduce(0.0) { $0 + (mapped($1) ?? mapping.defaultValue) }
            }
        }
        if let lower = mapping.lowerBound, result < lower { return lower }
        if let upper = mapping.upperBound, result > upper { return upper }
        return result
    }
}
