import Foundation

extension QTIOperands {
    /// Numbers and durations: comparisons (`equal` with tolerances, `equalRounded`, `lt`…), arithmetic, rounding.
    func arithmetic() throws -> QTIValue? {
        switch name {
        case "equal":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            let mode = attributes["tolerancemode"]?.trimmingSpaces().lowercased() ?? "exact"
            if mode == "exact" { return boolean(values[0] == values[1]) }
            var tolerances: [Double] = []
            for part in (attributes["tolerance"] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) {
                if part.hasPrefix("{"), part.hasSuffix("}") {
                    guard let value = try state.variable(String(part.dropFirst().dropLast())).number else { throw fail("a tolerance variable must be a number") }
                    tolerances.append(value)
                } else if let value = Double(part) {
                    tolerances.append(value)
                } else {
                    throw fail("tolerance \(part) is not a number")
                }
            }
            guard let below = tolerances.first else { throw fail("a tolerance is required") }
            let above = tolerances.count > 1 ? tolerances[1] : below
            let low = mode == "relative" ? values[0] * (1 - below / 100) : values[0] - below
            let high = mode == "relative" ? values[0] * (1 + above / 100) : values[0] + above
            let aboveLow = flag("includelowerbound", default: true) ? values[1] >= low : values[1] > low
            let belowHigh = flag("includeupperbound", default: true) ? values[1] <= high : values[1] < high
            return boolean(aboveLow && belowHigh)
        case "equalrounded", "roundto":
            guard !anyNull else { return .null }
            let values = try numbers()
            let figures = try integerAttribute("figures")
            let significant = (attributes["roundingmode"]?.trimmingSpaces().lowercased() ?? "significantfigures") != "decimalplaces"
            var rounded: [Double] = []
            for value in values {
                guard let result = QTIOperators.roundTo(value, figures: figures, significant: significant) else { throw fail("figures \(figures) is out of range") }
                rounded.append(result)
            }
            if name == "roundto" {
                guard rounded.count == 1 else { throw fail("needs one operand") }
                return float(rounded[0])
            }
            guard rounded.count == 2 else { throw fail("needs two operands") }
            return boolean(rounded[0] == rounded[1])
        case "lt", "gt", "lte", "gte":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            switch name {
            case "lt": return boolean(values[0] < values[1])
            case "gt": return boolean(values[0] > values[1])
            case "lte": return boolean(values[0] <= values[1])
            default: return boolean(values[0] >= values[1])
            }
        case "durationlt", "durationgte":
            guard !anyNull else { return .null }
            var seconds: [Double] = []
            for scalar in try singles() {
                guard case .duration(let value) = scalar else { throw fail("operands must be durations") }
                seconds.append(value)
            }
            guard seconds.count == 2 else { throw fail("needs two operands") }
            return boolean(name == "durationlt" ? seconds[0] < seconds[1] : seconds[0] >= seconds[1])
        case "sum", "product", "max", "min":
            guard !anyNull else { return .null }
            var all: [QTIScalar] = []
            for operand in operands {
                guard operand.cardinality != .record else { throw fail("records cannot be added") }
                all += operand.values
            }
            guard all.allSatisfy({ $0.number != nil }) else {
                if name == "max" || name == "min" { return .null }
                throw fail("operands must be numbers")
            }
            // Integers are added and multiplied as integers; an overflow is NULL, never a trap.
            let whole = all.compactMap { scalar -> Int? in
                if case .integer(let value) = scalar { return value }
                return nil
            }
            if whole.count == all.count {
                switch name {
                case "sum", "product":
                    var total = name == "sum" ? 0 : 1
                    for value in whole {
                        let (next, overflow) = name == "sum" ? total.addingReportingOverflow(value) : total.multipliedReportingOverflow(by: value)
                        if overflow { return .null }
                        total = next
                    }
                    return .single(.integer(total))
                case "max": return whole.max().map { .single(.integer($0)) } ?? .null
                default: return whole.min().map { .single(.integer($0)) } ?? .null
                }
            }
            let values = all.compactMap(\.number)
            switch name {
            case "sum": return float(values.reduce(0, +))
            case "product": return float(values.reduce(1, *))
            case "max": return values.max().map(float) ?? .null
            default: return values.min().map(float) ?? .null
            }
        case "subtract":
            guard !anyNull else { return .null }
            let scalars = try singles()
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            if case .integer(let a) = scalars[0], case .integer(let b) = scalars[1] {
                let (difference, overflow) = a.subtractingReportingOverflow(b)
                return overflow ? .null : .single(.integer(difference))
            }
            return float(values[0] - values[1])
        case "divide":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            guard values[1] != 0 else { return .null }
            return float(values[0] / values[1])
        case "power":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            let result = pow(values[0], values[1])
            if values[0] != 0 && result == 0 { return .null }  // an underflow, as qti-sdk reads it
            return float(result)
        case "integerdivide", "integermodulus":
            guard !anyNull else { return .null }
            let values = try integers()
            guard values.count == 2 else { throw fail("needs two operands") }
            guard values[1] != 0 else { return .null }
            let (quotient, overflow) = values[0].dividedReportingOverflow(by: values[1])  // Int.min / -1
            if overflow { return .null }
            let remainder = values[0] - quotient * values[1]
            if name == "integermodulus" { return .single(.integer(remainder)) }
            // Floor division: the quotient rounded down when the signs differ and it is not exact.
            return .single(.integer(remainder != 0 && (remainder < 0) != (values[1] < 0) ? quotient - 1 : quotient))
        case "truncate", "round":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 1 else { throw fail("needs one operand") }
            let value = values[0]
            if !value.isFinite { return .null }
            if name == "truncate" { return integer(value.rounded(.towardZero)) }
            // QTI rounds halves towards positive infinity: round(-6.5) is -6.
            return integer((value + 0.5).rounded(.down))
        case "integertofloat":
            guard !anyNull else { return .null }
            let values = try integers()
            guard values.count == 1 else { throw fail("needs one operand") }
            return .single(.float(Double(values[0])))
        case "gcd", "lcm":
            guard !anyNull else { return .null }
            var values: [UInt] = []
            for operand in operands {
                for scalar in operand.values {
                    guard case .integer(let value) = scalar else { throw fail("operands must be integers") }
                    values.append(value.magnitude)
                }
            }
            func gcd(_ a: UInt, _ b: UInt) -> UInt { b == 0 ? a : gcd(b, a % b) }
            if name == "gcd" { return Int(exactly: values.reduce(0, gcd)).map { .single(.integer($0)) } ?? .null }
            if values.contains(0) { return .single(.integer(0)) }
            var result: UInt = 1
            for value in values {
                let (next, overflow) = (result / gcd(result, value)).multipliedReportingOverflow(by: value)
                if overflow { return .null }
                result = next
            }
            return Int(exactly: result).map { .single(.integer($0)) } ?? .null
        default:
            return nil
        }
    }
}

extension QTIOperators {
    /// `roundTo`: to `figures` significant figures or decimal places, halves away from zero; nil for figures out of range.
    static func roundTo(_ value: Double, figures: Int, significant: Bool) -> Double? {
        if value.isNaN || value.isInfinite { return value }
        // A double holds 17 significant digits: more figures, or more decimal places than a double can scale by, keep the value.
        if significant {
            guard figures > 0 else { return nil }
            if value == 0 || figures > 17 { return value }
            let digits = Int(log10(abs(value)).rounded(.up))
            return round(value, places: figures - digits)
        }
        guard figures >= 0 else { return nil }
        return figures > 308 ? value : round(value, places: figures)
    }

    /// Rounds half away from zero at a number of decimal places, as people (and PHP, the reference) read the decimal
    /// written: 1.005 to two places is 1.01 although the double nearest 1.005 lies just below it. The scaled value is
    /// first rounded to 15 significant digits, which removes the representation error before the half is decided.
    static func round(_ value: Double, places: Int) -> Double {
        let magnitude = pow(10, Double(abs(places)))
        let scaled = places >= 0 ? value * magnitude : value / magnitude
        var cleaned = scaled
        if scaled != 0, scaled.isFinite {
            let precision = pow(10, Double(14 - Int(log10(abs(scaled)).rounded(.down))))
            if precision.isFinite, precision > 0 { cleaned = (scaled * precision).rounded() / precision }
        }
        guard scaled.isFinite, magnitude.isFinite else { return value }
        let rounded = cleaned.rounded(.toNearestOrAwayFromZero)
        return places >= 0 ? rounded / magnitude : rounded * magnitude
    }
}
