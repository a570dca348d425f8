import LenteraCore

/// A `Range` request header read as RFC 9110 defines it, for one representation length.
enum ByteRangeRequest: Equatable {
    /// No usable range: serve the whole representation (absent, malformed, or several ranges).
    case whole
    /// One satisfiable range, inclusive bounds.
    case partial(ClosedRange<Int>)
    /// The range cannot be satisfied: answer 416.
    case unsatisfiable

    /// Interprets a `Range` header for a representation of `length` bytes.
    init(header: String?, length: Int) {
        guard let header else {
            self = .whole
            return
        }
        let trimmed = header.trimmingSpaces()
        guard trimmed.lowercased().hasPrefix("bytes=") else {
            self = .whole  // unknown range unit: ignore the header
            return
        }
        let specs = trimmed.dropFirst(6).split(separator: ",").map { $0.trimmingSpaces() }
        guard specs.count == 1, let spec = specs.first, let dash = spec.firstIndex(of: "-") else {
            self = .whole  // several ranges are allowed to be answered with the whole representation
            return
        }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        let isDigits = { (text: Substring) in !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } }
        if first.isEmpty {
            // suffix-byte-range-spec: the last N bytes
            guard isDigits(last), let suffix = Int(last) else {
                self = .whole
                return
            }
            guard suffix > 0, length > 0 else {
                self = .unsatisfiable
                return
            }
            self = .partial(max(0, length - suffix)...(length - 1))
            return
        }
        guard isDigits(first), let start = Int(first) else {
            self = .whole
            return
        }
        var end = length - 1
        if !last.isEmpty {
            guard isDigits(last), let parsedEnd = Int(last), parsedEnd >= start else {
                self = .whole  // invalid: last-pos before first-pos
                return
            }
            end = min(parsedEnd, length - 1)
        }
        guard start < length else {
            self = .unsatisfiable
            return
        }
        self = .partial(start...end)
    }
}
