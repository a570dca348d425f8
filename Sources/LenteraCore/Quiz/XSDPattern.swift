import Synchronization

/// An XML Schema regular expression (what QTI's `patternMatch` holds), compiled to a Thompson automaton and matched in
/// time linear in the text: the pattern comes from a file and the text from a learner, so no pattern can make a match
/// take longer than (text length × pattern size), as backtracking engines can (`(\w+\s?)+` against a long word).
///
/// XML Schema patterns are anchored at both ends and have no backreferences. Supported: literals, `.`, `|`, groups
/// (`(…)`, also `(?:…)`), `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (counts up to 1,000), classes `[…]` with ranges,
/// negation and subtraction (`[a-z-[aeiou]]`), the escapes `\n \r \t`, escaped metacharacters, `\d \D \s \S \w \W
/// \i \I \c \C`, and `\p{…}`/`\P{…}` for general categories (`L`, `Lu`, `Nd`, …). `.` matches any character but a
/// line break (as XML Schema says; qti-sdk's PCRE lets it match line breaks too: a typed answer has none).
package struct XSDPattern: Sendable {
    package struct Invalid: Error, Equatable, CustomStringConvertible {
        package var description: String
    }

    /// One state of the automaton.
    enum State: Sendable {
        case scalar(CharacterSet, next: Int)
        case split(Int, Int)
        case jump(Int)
        case match
    }

    /// A set of scalars: a predicate kept as data so that the automaton is Sendable.
    indirect enum CharacterSet: Sendable {
        case any
        case notLineBreak
        case single(Unicode.Scalar)
        case range(Unicode.Scalar, Unicode.Scalar)
        case digit, space, word, nameStart, nameChar
        case category(String)
        case union([CharacterSet])
        case not(CharacterSet)
        case minus(CharacterSet, CharacterSet)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .any: return true
            case .notLineBreak: return scalar != "\n" && scalar != "\r"
            case .single(let only): return scalar == only
            case .range(let low, let high): return scalar.value >= low.value && scalar.value <= high.value
            case .digit: return scalar.properties.generalCategory == .decimalNumber
            case .space: return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
            case .word:
                // XML Schema's \w: everything but punctuation, separators and "other" characters.
                switch scalar.properties.generalCategory {
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                    .finalPunctuation, .otherPunctuation, .spaceSeparator, .lineSeparator, .paragraphSeparator, .control,
                    .format, .surrogate, .privateUse, .unassigned:
                    return false
                default:
                    return true
                }
            case .nameStart: return scalar == "_" || scalar == ":" || scalar.properties.isAlphabetic
            case .nameChar:
                return scalar == "_" || scalar == ":" || scalar == "-" || scalar == "." || scalar.properties.isAlphabetic
                    || scalar.properties.generalCategory == .decimalNumber
            case .category(let name): return Self.categories(name).contains(scalar.properties.generalCategory)
            case .union(let sets): return sets.contains { $0.contains(scalar) }
            case .not(let set): return !set.contains(scalar)
            case .minus(let set, let removed): return set.contains(scalar) && !removed.contains(scalar)
            }
        }

        static func categories(_ name: String) -> Set<Unicode.GeneralCategory> {
            let all: [String: [Unicode.GeneralCategory]] = [
                "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter], "Lm": [.modifierLetter],
                "Lo": [.otherLetter], "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
                "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber], "Pc": [.connectorPunctuation],
                "Pd": [.dashPunctuation], "Ps": [.openPunctuation], "Pe": [.closePunctuation], "Pi": [.initialPunctuation],
                "Pf": [.finalPunctuation], "Po": [.otherPunctuation], "Sm": [.mathSymbol], "Sc": [.currencySymbol],
                "Sk": [.modifierSymbol], "So": [.otherSymbol], "Zs": [.spaceSeparator], "Zl": [.lineSeparator],
                "Zp": [.paragraphSeparator], "Cc": [.control], "Cf": [.format], "Co": [.privateUse], "Cn": [.unassigned],
            ]
            if let exact = all[name] { return Set(exact) }
            return Set(all.filter { $0.key.hasPrefix(name) && name.count == 1 }.flatMap(\.value))
        }
    }

    let states: [State]
    let start: Int

    /// The largest automaton a pattern may compile to.
    static let maximumStates = 2_000

    /// Compiles a pattern; leading `^`s and trailing `$`s are dropped as qti-sdk drops them (authors write them).
    init(_ pattern: String) throws(Invalid) {
        var scalars = Array(pattern.unicodeScalars)
        while scalars.first == "^" { scalars.removeFirst() }
        while scalars.last == "$", scalars.count < 2 || scalars[scalars.count - 2] != "\\" { scalars.removeLast() }
        var compiler = Compiler(scalars: scalars)
        let fragment = try compiler.alternation()
        guard compiler.position == scalars.count else { throw Invalid(description: "unexpected \"\(scalars[compiler.position])\"") }
        compiler.patch(fragment.exits, to: compiler.add(.match))
        states = compiler.states
        start = fragment.start
    }

    /// Compiled patterns by their text: an item's patterns are compiled once, not on every answer scored. Bounded:
    /// emptied when it holds 1,024 (patterns come from files, a few per item).
    private static let cache = Mutex<[String: XSDPattern]>([:])

    /// The compiled pattern, from the cache when it was compiled before.
    package static func compiled(_ pattern: String) throws(Invalid) -> XSDPattern {
        if let found = cache.withLock({ $0[pattern] }) { return found }
        let made = try XSDPattern(pattern)
        cache.withLock { entries in
            if entries.count >= 1024 { entries.removeAll() }
            entries[pattern] = made
        }
        return made
    }

    /// Whether the whole text matches.
    func matches(_ text: String) -> Bool {
        var current: [Int] = []
        var seen = [Int](repeating: -1, count: states.count)
        var step = 0
        func add(_ state: Int, to list: inout [Int]) {
            var stack = [state]
            while let next = stack.popLast() {
                guard seen[next] != step else { continue }
                seen[next] = step
                switch states[next] {
                case .split(let a, let b):
                    stack.append(b)
                    stack.append(a)
                case .jump(let target):
                    stack.append(target)
                default:
                    list.append(next)
                }
            }
        }
        add(start, to: &current)
        for scalar in text.unicodeScalars {
            step += 1
            var next: [Int] = []
            for state in current {
                if case .scalar(let set, let target) = states[state], set.contains(scalar) { add(target, to: &next) }
            }
            if next.isEmpty { return false }
            current = next
        }
        return current.contains { if case .match = states[$0] { return true } else { return false } }
    }

    /// A piece of automaton under construction: where it starts and the dangling exits to patch.
    struct Fragment {
        var start: Int
        var exits: [Exit]
    }

    /// A state's out-edge still to be pointed somewhere.
    enum Exit {
        case scalar(Int)
        case splitFirst(Int)
        case splitSecond(Int)
        case jump(Int)
    }

    struct Compiler {
        let scalars: [Unicode.Scalar]
        var position = 0
        var states: [State] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        mutating func add(_ state: State) -> Int {
            states.append(state)
            return states.count - 1
        }

        mutating func patch(_ exits: [Exit], to target: Int) {
            for exit in exits {
                switch exit {
                case .scalar(let index):
                    if case .scalar(let set, _) = states[index] { states[index] = .scalar(set, next: target) }
                case .splitFirst(let index):
                    if case .split(_, let second) = states[index] { states[index] = .split(target, second) }
                case .splitSecond(let index):
                    if case .split(let first, _) = states[index] { states[index] = .split(first, target) }
                case .jump(let index):
                    states[index] = .jump(target)
                }
            }
        }

        mutating func alternation() throws(Invalid) -> Fragment {
            var branches = [try sequence()]
            while peek == "|" {
                position += 1
                branches.append(try sequence())
            }
            var result = branches.removeLast()
            while let previous = branches.popLast() {
                let split = add(.split(previous.start, result.start))
                result = Fragment(start: split, exits: previous.exits + result.exits)
            }
            return result
        }

        /// Fragments one after another (an empty list matches the empty text).
        mutating func concatenate(_ pieces: [Fragment]) -> Fragment {
            guard var result = pieces.first else {
                let empty = add(.jump(-1))
                return Fragment(start: empty, exits: [.jump(empty)])
            }
            for piece in pieces.dropFirst() {
                patch(result.exits, to: piece.start)
                result.exits = piece.exits
            }
            return result
        }

        mutating func sequence() throws(Invalid) -> Fragment {
            var pieces: [Fragment] = []
            while let next = peek, next != "|", next != ")" {
                pieces.append(try quantified())
                guard states.count <= XSDPattern.maximumStates else { throw Invalid(description: "the pattern is too large") }
            }
            return concatenate(pieces)
        }

        /// An atom with its quantifier: `a{2,4}` is built as `a a a? a?`, `a{2,}` as `a a a*`, each copy of the atom
        /// compiled afresh from its source.
        mutating func quantified() throws(Invalid) -> Fragment {
            let atomStart = position
            let first = try atom()
            let atomEnd = position
            guard let next = peek, "?*+{".unicodeScalars.contains(next) else { return first }
            let (minimum, maximum): (Int, Int?)
            switch next {
            case "?": (minimum, maximum) = (0, 1)
            case "*": (minimum, maximum) = (0, nil)
            case "+": (minimum, maximum) = (1, nil)
            default: (minimum, maximum) = try counts()
            }
            if next != "{" { position += 1 }
            if let following = peek, "?*+{".unicodeScalars.contains(following) {
                throw Invalid(description: "a quantifier follows a quantifier")
            }
            let resume = position
            var unused: Fragment? = first
            func copy() throws(Invalid) -> Fragment {
                if let fragment = unused {
                    unused = nil
                    return fragment
                }
                guard states.count <= XSDPattern.maximumStates else { throw Invalid(description: "the pattern is too large") }
                position = atomStart
                let made = try atom()
                position = atomEnd
                return made
            }
            var pieces: [Fragment] = []
            for _ in 0..<minimum { pieces.append(try copy()) }
            if let maximum {
                for _ in minimum..<max(minimum, maximum) {
                    let piece = try copy()
                    let split = add(.split(piece.start, -1))
                    pieces.append(Fragment(start: split, exits: piece.exits + [.splitSecond(split)]))
                }
            } else {
                let piece = try copy()
                let split = add(.split(piece.start, -1))
                patch(piece.exits, to: split)
                pieces.append(Fragment(start: split, exits: [.splitSecond(split)]))
            }
            position = resume
            return concatenate(pieces)
        }

        mutating func counts() throws(Invalid) -> (Int, Int?) {
            position += 1  // {
            func number() -> Int? {
                var digits = ""
                while let next = peek, next.properties.numericType == .decimal, next.isASCII {
                    digits.unicodeScalars.append(next)
                    position += 1
                }
                return digits.isEmpty ? nil : Int(digits)
            }
            guard let minimum = number(), minimum <= 1000 else { throw Invalid(description: "a count must be a number up to 1000") }
            var maximum: Int? = minimum
            if peek == "," {
                position += 1
                maximum = number()
                if let maximum, maximum > 1000 || maximum < minimum { throw Invalid(description: "a count must be a number up to 1000") }
            }
            guard peek == "}" else { throw Invalid(description: "a count is not closed with }") }
            position += 1
            return (minimum, maximum)
        }

        mutating func atom() throws(Invalid) -> Fragment {
            guard let next = peek else { throw Invalid(description: "the pattern ends too early") }
            switch next {
            case "(":
                position += 1
                if peek == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else { throw Invalid(description: "(? groups other than (?: are not XML Schema") }
                    position += 2
                }
                let inner = try alternation()
                guard peek == ")" else { throw Invalid(description: "a group is not closed with )") }
                position += 1
                return inner
            case "[":
                return single(try characterClass())
            case ".":
                position += 1
                return single(.notLineBreak)
            case "\\":
                return single(try escape(inClass: false))
            case "?", "*", "+", "{", ")", "]", "}":
                throw Invalid(description: "\"\(next)\" cannot stand here")
            default:
                position += 1
                return single(.single(next))
            }
        }

        mutating func single(_ set: CharacterSet) -> Fragment {
            let state = add(.scalar(set, next: -1))
            return Fragment(start: state, exits: [.scalar(state)])
        }

        mutating func escape(inClass: Bool) throws(Invalid) -> CharacterSet {
            position += 1  // backslash
            guard let next = peek else { throw Invalid(description: "the pattern ends with \\") }
            position += 1
            switch next {
            case "n": return .single("\n")
            case "r": return .single("\r")
            case "t": return .single("\t")
            case "d": return .digit
            case "D": return .not(.digit)
            case "s": return .space
            case "S": return .not(.space)
            case "w": return .word
            case "W": return .not(.word)
            case "i": return .nameStart
            case "I": return .not(.nameStart)
            case "c": return .nameChar
            case "C": return .not(.nameChar)
            case "p", "P":
                guard peek == "{" else { throw Invalid(description: "\\\(next) needs {…}") }
                position += 1
                var name = ""
                while let character = peek, character != "}" {
                    name.unicodeScalars.append(character)
                    position += 1
                }
                guard peek == "}", !CharacterSet.categories(name).isEmpty else { throw Invalid(description: "unknown category \\\(next){\(name)}") }
                position += 1
                return next == "p" ? .category(name) : .not(.category(name))
            default:
                guard "\\|.-^?*+{}()[]$".unicodeScalars.contains(next) else { throw Invalid(description: "unknown escape \\\(next)") }
                return .single(next)
            }
        }

        mutating func characterClass() throws(Invalid) -> CharacterSet {
            position += 1  // [
            var negated = false
            if peek == "^" {
                negated = true
                position += 1
            }
            var members: [CharacterSet] = []
            var subtracted: CharacterSet?
            while let next = peek, next != "]" {
                if next == "-", position + 1 < scalars.count, scalars[position + 1] == "[" {
                    position += 1
                    subtracted = try characterClass()
                    guard peek == "]" else { throw Invalid(description: "a subtraction must end its class") }
                    break
                }
                let low: CharacterSet
                var lowScalar: Unicode.Scalar?
                if next == "\\" {
                    low = try escape(inClass: true)
                    if case .single(let scalar) = low { lowScalar = scalar }
                } else if next == "[" {
                    throw Invalid(description: "\"[\" inside a class must be escaped")
                } else {
                    position += 1
                    low = .single(next)
                    lowScalar = next
                }
                if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]", scalars[position + 1] != "[", let lowScalar {
                    position += 1
                    let highScalar: Unicode.Scalar
                    if peek == "\\" {
                        guard case .single(let scalar) = try escape(inClass: true) else { throw Invalid(description: "a range must end with a character") }
                        highScalar = scalar
                    } else {
                        guard let scalar = peek else { throw Invalid(description: "a class is not closed with ]") }
                        highScalar = scalar
                        position += 1
                    }
                    guard lowScalar.value <= highScalar.value else { throw Invalid(description: "range \(lowScalar)-\(highScalar) is reversed") }
                    members.append(.range(lowScalar, highScalar))
                } else {
                    members.append(low)
                }
            }
            guard peek == "]" else { throw Invalid(description: "a class is not closed with ]") }
            position += 1
            var set: CharacterSet = negated ? .not(.union(members)) : .union(members)
            if let subtracted { set = .minus(set, subtracted) }
            return set
        }
    }
}
