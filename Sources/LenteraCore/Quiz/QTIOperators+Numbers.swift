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
                return rounded[0].isNaN ? .null : .single(.float(rounded[0]))
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
            let integer = all.allSatisfy { $0.baseType == .integer }
            let values = all.compactMap(\.number)
            switch name {
            case "sum": return numeric(values.reduce(0, +), integer: integer)
            case "product": return numeric(values.reduce(1, *), integer: integer)
            case "max": return values.max().map { numeric($0, integer: integer) } ?? .null
            default: return values.min().map { numeric($0, integer: integer) } ?? .null
            }
        case "subtract":
            guard !anyNull else { return .null }
            let scalars = try singles()
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            return numeric(values[0] - values[1], integer: scalars.allSatisfy { $0.baseType == .integer })
        case "divide":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            guard values[1] != 0 else { return .null }
            let result = values[0] / values[1]
            return result.isNaN ? .null : .single(.float(result))
        case "power":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 2 else { throw fail("needs two operands") }
            let result = pow(values[0], values[1])
            if result.isNaN || (values[0] != 0 && result == 0) || (values[0].isFinite && values[1].isFinite && result.isInfinite) { return .null }
            return .single(.float(result))
        case "integerdivide", "integermodulus":
            guard !anyNull else { return .null }
            let values = try integers()
            guard values.count == 2 else { throw fail("needs two operands") }
            guard values[1] != 0 else { return .null }
            if name == "integermodulus" { return .single(.integer(values[0] % values[1])) }
            return .single(.integer(Int((Double(values[0]) / Double(values[1])).rounded(.down))))
        case "truncate", "round":
            guard !anyNull else { return .null }
            let values = try numbers()
            guard values.count == 1 else { throw fail("needs one operand") }
            let value = values[0]
            if value.isNaN { return .null }
            if value.isInfinite { return .single(.float(value)) }
            if name == "truncate" { return .single(.integer(Int(value.rounded(.towardZero)))) }
            // QTI rounds halves towards positive infinity: round(-6.5) is -6.
            return .single(.integer(Int((value + 0.5).rounded(.down))))
        case "integertofloat":
            guard !anyNull else { return .null }
            let values = try integers()
            guard values.count == 1 else { throw fail("needs one operand") }
            return .single(.float(Double(values[0])))
        case "gcd", "lcm":
            guard !anyNull else { return .null }
            var values: [Int] = []
            for operand in operands {
                for scalar in operand.values {
                    guard case .integer(let value) = scalar else { throw fail("operands must be integers") }
                    values.append(abs(value))
                }
            }
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            if name == "gcd" { return .single(.integer(values.reduce(0, gcd))) }
            if values.contains(0) { return .single(.integer(0)) }
            return .single(.integer(values.reduce(1) { $0 / gcd($0, $1) * $1 }))
        default:
            return nil
        }
    }
}

extension QTIOperators {
    /// `roundTo`: to `figures` significant figures or decimal places, halves away from zero; nil for figures out of range.
    static func roundTo(_ value: Double, figures: Int, significant: Bool) -> Double? {
        if value.isNaN || value.isInfinite { return value }
        if significant {
            guard figures > 0 else { return nil }
            if value == 0 { return 0 }
            let digits = Int(log10(abs(value)).rounded(.up))
            return round(value, places: figures - digits)
        }
        guard figures >= 0 else { return nil }
        return round(value, places: figures)
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
        let rounded = cleaned.rounded(.toNearestOrAwayFromZero)
        return places >= 0 ? rounded / magnitude : rounded * magnitude
    }
}
