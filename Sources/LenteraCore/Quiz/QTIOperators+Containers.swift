import Foundation

extension QTIOperands {
    /// Containers and NULL: `multiple`, `ordered`, `containerSize`, `isNull`, `index`, `fieldValue`, `member`, `delete`, `contains`.
    func container() throws -> QTIValue? {
        switch name {
        case "multiple", "ordered":
            var values: [QTIScalar] = []
            for operand in operands where !operand.isNull {
                switch operand {
                case .single(let scalar): values.append(scalar)
                case .multiple(let list) where name == "multiple": values += list
                case .ordered(let list) where name == "ordered": values += list
                default: throw fail("operands must be single values or \(name) containers")
                }
            }
            if let first = values.first, values.contains(where: { $0.baseType != first.baseType }) { throw fail("operands must share a base type") }
            return .container(name == "multiple" ? .multiple : .ordered, values)
        case "containersize":
            guard let operand = operands.first else { throw fail("needs an operand") }
            if operand.isNull { return .single(.integer(0)) }
            guard operand.cardinality == .multiple || operand.cardinality == .ordered else { throw fail("the operand must be a container") }
            return .single(.integer(operand.values.count))
        case "isnull":
            return boolean(anyNull)
        case "index":
            guard !anyNull else { return .null }
            guard case .ordered(let values) = operands.first else { throw fail("the operand must be an ordered container") }
            let n = try integerAttribute("n")
            guard n >= 1 else { throw fail("n must be at least 1") }
            return n <= values.count ? .single(values[n - 1]) : .null
        case "fieldvalue":
            guard !anyNull else { return .null }
            guard case .record(let fields) = operands.first, let field = attributes["fieldidentifier"] else { throw fail("the operand must be a record") }
            return fields[field].map(QTIValue.single) ?? .null
        case "member", "delete":
            guard !anyNull else { return .null }
            guard operands.count == 2, let value = operands[0].scalar else { throw fail("the first operand must be a single value") }
            let container = operands[1]
            if let first = container.values.first, first.baseType != value.baseType { throw fail("operands must share a base type") }
            if name == "member" {
                return boolean(container.values.contains(value))
            }
            guard container.cardinality == .multiple || container.cardinality == .ordered else { throw fail("the second operand must be a container") }
            let kept = container.values.filter { $0 != value }
            return kept.isEmpty ? .null : (container.cardinality == .ordered ? .ordered(kept) : .multiple(kept))
        case "contains":
            guard !anyNull else { return .null }
            guard operands.count == 2, operands[0].cardinality == operands[1].cardinality else { throw fail("operands must be containers of one cardinality") }
            let whole = operands[0].values
            let part = operands[1].values
            if operands[0].cardinality == .multiple {
                let counts = QTIValue.counts(whole)
                return boolean(QTIValue.counts(part).allSatisfy { counts[$0.key] == $0.value })
            }
            guard operands[0].cardinality == .ordered, !part.isEmpty, part.count <= whole.count else {
                if operands[0].cardinality == .ordered { return boolean(false) }
                throw fail("operands must be containers")
            }
            for start in 0...(whole.count - part.count) where Array(whole[start..<(start + part.count)]) == part { return boolean(true) }
            return boolean(false)
        default:
            return nil
        }
    }
}
