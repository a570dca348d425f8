import Foundation

extension QTIOperands {
    /// Logic and comparison of values and texts: `not`, `and`, `or`, `anyN`, `match`, `stringMatch`, `patternMatch`, `substring`.
    func logic() throws -> QTIValue? {
        switch name {
        case "substring":
            guard !anyNull else { return .null }
            let texts = try strings()
            guard texts.count == 2 else { throw fail("needs two operands") }
            if flag("casesensitive", default: true) { return boolean(texts[1].contains(texts[0])) }
            return boolean(texts[1].lowercased().contains(texts[0].lowercased()))
        case "not":
            guard !anyNull else { return .null }
            let values = try booleans()
            guard values.count == 1 else { throw fail("needs one operand") }
            return boolean(!values[0])
        case "and":
            guard !anyNull else { return .null }
            return boolean(try booleans().allSatisfy { $0 })
        case "or":
            var sawNull = false
            var sawTrue = false
            for operand in operands {
                if operand.isNull {
                    sawNull = true
                    continue
                }
                guard case .single(.boolean(let value)) = operand else { throw fail("operands must be booleans") }
                sawTrue = sawTrue || value
            }
            if sawTrue { return boolean(true) }
            return sawNull ? .null : boolean(false)
        case "anyn":
            let minimum = try integerAttribute("min")
            let maximum = try integerAttribute("max")
            var trues = 0
            var nulls = 0
            for operand in operands {
                if operand.isNull {
                    nulls += 1
                } else if case .single(.boolean(let value)) = operand {
                    if value { trues += 1 }
                } else {
                    throw fail("operands must be booleans")
                }
            }
            if trues >= minimum && trues <= maximum { return boolean(true) }
            if trues + nulls >= minimum && trues + nulls <= maximum { return .null }
            return boolean(false)
        case "match":
            guard !anyNull else { return .null }
            guard operands.count == 2 else { throw fail("needs two operands") }
            guard operands[0].cardinality == operands[1].cardinality else { throw fail("operands must have one cardinality") }
            if let a = operands[0].values.first, let b = operands[1].values.first, a.baseType != b.baseType {
                throw fail("operands must share a base type")
            }
            return boolean(operands[0].matches(operands[1]))
        case "stringmatch":
            guard !anyNull else { return .null }
            let texts = try strings()
            guard texts.count == 2 else { throw fail("needs two operands") }
            if flag("substring", default: false) {
                let sensitive = flag("casesensitive", default: true)
                return boolean(sensitive ? texts[0].contains(texts[1]) : texts[0].lowercased().contains(texts[1].lowercased()))
            }
            if flag("casesensitive", default: true) { return boolean(texts[0].utf8.elementsEqual(texts[1].utf8)) }
            return boolean(texts[0].lowercased() == texts[1].lowercased())
        case "patternmatch":
            guard !anyNull else { return .null }
            let texts = try strings()
            // The pattern is the item's own (the reader refuses one taken from a variable), compiled to an automaton
            // that matches in linear time: a learner's text cannot make it backtrack.
            guard texts.count == 1, let pattern = attributes["pattern"] else { throw fail("needs a string and a pattern") }
            let compiled: XSDPattern
            do {
                compiled = try XSDPattern.compiled(pattern)
            } catch {
                throw fail("the pattern \(pattern) cannot be read: \(error)")
            }
            return boolean(compiled.matches(texts[0]))
        default:
            return nil
        }
    }
}
