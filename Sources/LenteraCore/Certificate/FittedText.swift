/// Text set in one font at the size that fits a width, on one line or more.
struct FittedText: Equatable {
    /// Where a line's baseline sits below the top of its box, and how far its descenders reach below the baseline, in
    /// sizes; the distance from one baseline to the next.
    static let ascent = 0.75
    static let descent = 0.25
    static let leading = 1.2

    /// The font.
    var font: StandardFont
    /// The size, in points.
    var size: Double
    /// The lines, in WinAnsi bytes.
    var lines: [[UInt8]]

    /// The height of the lines' box, in points: from the top of the first line to the descenders of the last.
    var height: Double {
        lines.isEmpty ? 0 : size * (Self.ascent + Self.descent) + size * Self.leading * Double(lines.count - 1)
    }

    /// Fits text in `width` points. On one line, shrunk by at most a fifth of `size`; else, when `maximumLines` allows,
    /// on two lines broken at the space that balances them best (anywhere when there is none), shrunk down to
    /// `minimum` by half points; else at `minimum`, on as many lines as allowed, the last one cut with an ellipsis.
    init(_ text: [UInt8], font: StandardFont, size: Double, minimum: Double, width: Double, maximumLines: Int) {
        self.font = font
        self.size = size
        lines = []
        guard !text.isEmpty, maximumLines > 0 else { return }
        let largest = Int((size * 2).rounded(.down))
        let smallest = max(2, Int((min(minimum, size) * 2).rounded(.up)))
        for half in stride(from: largest, through: max(smallest, Int((size * 1.6).rounded(.up))), by: -1) {
            let candidate = Double(half) / 2
            if font.width(of: text, size: candidate) <= width {
                (self.size, lines) = (candidate, [text])
                return
            }
        }
        if maximumLines >= 2, text.count > 1 {
            for half in stride(from: largest, through: smallest, by: -1) {
                let candidate = Double(half) / 2
                if let pair = Self.balancedBreak(text, font: font, width: width * 1000 / candidate) {
                    (self.size, lines) = (candidate, pair)
                    return
                }
            }
        }
        self.size = Double(smallest) / 2
        lines = Self.cut(text, font: font, size: self.size, width: width, maximumLines: maximumLines)
    }

    /// Two lines broken where the wider of them is narrowest, if that one fits `width` (in thousandths of the size):
    /// at a space, the space itself dropped, or between any two characters of text without one.
    static func balancedBreak(_ text: [UInt8], font: StandardFont, width: Double) -> [[UInt8]]? {
        var prefix = [0]
        for byte in text { prefix.append(prefix[prefix.count - 1] + font.units(of: [byte])) }
        let spaces = text.indices.filter { text[$0] == 0x20 && $0 > 0 && $0 < text.count - 1 }
        // A break at a space drops it: the second line starts after it.
        let breaks = spaces.isEmpty ? Array(1..<text.count).map { ($0, $0) } : spaces.map { ($0, $0 + 1) }
        var narrowest: (widest: Int, end: Int, start: Int)?
        for (end, start) in breaks {
            let widest = max(prefix[end], prefix[text.count] - prefix[start])
            if narrowest.map({ widest < $0.widest }) ?? true { narrowest = (widest, end, start) }
        }
        guard let chosen = narrowest, Double(chosen.widest) <= width else { return nil }
        return [Array(text[..<chosen.end]), Array(text[chosen.start...])]
    }

    /// At most `maximumLines` lines filled word by word (character by character for a word too wide), the last one
    /// cut with an ellipsis when the text goes on.
    static func cut(_ text: [UInt8], font: StandardFont, size: Double, width: Double, maximumLines: Int) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var rest = text[...]
        while !rest.isEmpty, lines.count < maximumLines {
            if font.width(of: rest, size: size) <= width {
                lines.append(Array(rest))
                break
            }
            if lines.count == maximumLines - 1 {
                var line = rest
                while !line.isEmpty, font.width(of: line, size: size) + font.width(of: [WinAnsi.ellipsis], size: size) > width {
                    line = line.dropLast()
                }
                while line.last == 0x20 { line = line.dropLast() }
                lines.append(Array(line) + [WinAnsi.ellipsis])
                break
            }
            var end = rest.endIndex
            while end > rest.startIndex + 1, font.width(of: rest[..<end], size: size) > width { end -= 1 }
            let space: Int? = end < rest.endIndex && rest[end] == 0x20 ? end : rest[..<end].lastIndex(of: 0x20)
            if let space, space > rest.startIndex {
                lines.append(Array(rest[..<space]))
                rest = rest[(space + 1)...]
            } else {
                lines.append(Array(rest[..<end]))
                rest = rest[end...]
            }
        }
        return lines
    }
}
