/// A PDF 1.4 file of numbered objects, with a cross-reference table of exact byte offsets.
///
/// Written by hand rather than with a PDF library because Lentera makes one kind of PDF, the certificate
/// (``CertificatePDF``): one fixed layout in two of the standard 14 fonts, which every reader has, so nothing a library
/// is for (embedding and subsetting fonts, compressing, parsing) is needed. No package is added to the server, and the
/// same certificate always gives the same bytes: no dates, no random ids.
struct PDFWriter {
    private var objects: [[UInt8]?] = []

    /// Reserves the next object number, for an object that others refer to before it is written.
    mutating func reserve() -> Int {
        objects.append(nil)
        return objects.count
    }

    /// Sets the body of a reserved object: what goes between `N 0 obj` and `endobj`.
    mutating func set(_ number: Int, _ body: [UInt8]) {
        objects[number - 1] = body
    }

    /// Adds an object and returns its number.
    mutating func add(_ body: [UInt8]) -> Int {
        let number = reserve()
        set(number, body)
        return number
    }

    /// The whole file: header, the objects in order, the cross-reference table, and the trailer naming the catalog
    /// (`root`) and the document information (`info`).
    func document(root: Int, info: Int) -> [UInt8] {
        // After the header, a comment of bytes above 127 tells transfer programs that the file is binary.
        var bytes = Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n".utf8)
            bytes += body ?? Array("null".utf8)
            bytes += Array("\nendobj\n".utf8)
        }
        let table = bytes.count
        bytes += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            // Every entry is 20 bytes: ten digits, the generation, `n`, and a space before the line feed.
            let digits = String(offset)
            bytes += Array((String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n").utf8)
        }
        bytes += Array("trailer\n<< /Size \(objects.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\nstartxref\n\(table)\n%%EOF\n".utf8)
        return bytes
    }

    /// A stream object's body: a dictionary with `entries` and the data's length, then the data as they are.
    static func stream(_ entries: String, _ data: [UInt8]) -> [UInt8] {
        let dictionary = entries.isEmpty ? "<< /Length \(data.count) >>" : "<< \(entries) /Length \(data.count) >>"
        return Array((dictionary + "\nstream\n").utf8) + data + Array("\nendstream".utf8)
    }

    /// A literal string of bytes, `(` … `)`, with `(`, `)` and `\` escaped by a backslash.
    static func literal(_ bytes: [UInt8]) -> [UInt8] {
        var literal: [UInt8] = [0x28]
        for byte in bytes {
            if byte == 0x28 || byte == 0x29 || byte == 0x5C { literal.append(0x5C) }
            literal.append(byte)
        }
        literal.append(0x29)
        return literal
    }

    /// A text string of the document information (such as its title): UTF-16BE after a byte order mark, in hex.
    static func textString(_ text: String) -> String {
        let digits = text.utf16.map { unit in
            let hex = String(unit, radix: 16, uppercase: true)
            return String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "<FEFF" + digits.joined() + ">"
    }

    /// A number as an operand: at most two decimals, `.` as the decimal point, no exponent (`12.5`, `-3`, `0.04`).
    static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e9 else { return "0" }
        let hundredths = Int((value * 100).rounded())
        let magnitude = abs(hundredths)
        var text = (hundredths < 0 ? "-" : "") + String(magnitude / 100)
        let fraction = magnitude % 100
        if fraction % 10 != 0 {
            text += (fraction < 10 ? ".0" : ".") + String(fraction)
        } else if fraction != 0 {
            text += "." + String(fraction / 10)
        }
        return text
    }
}

/// A page's content stream, written operator by operator.
struct PDFContent {
    /// Where a line of text starts: centred on an x, or from a left edge.
    enum Alignment {
        case centred(on: Double)
        case left(at: Double)
    }

    /// The stream's bytes so far.
    private(set) var bytes: [UInt8] = []

    /// Appends operators as written, and a line feed.
    mutating func append(_ operators: String) {
        bytes += Array((operators + "\n").utf8)
    }

    /// Shows one line of WinAnsi text, its baseline starting at (`x`, `y`), in a fill colour (`0.1 g`, `0 0 1 rg`).
    mutating func show(_ line: [UInt8], font: StandardFont, size: Double, x: Double, y: Double, color: String) {
        bytes += Array("BT \(color) /\(font.resourceName) \(PDFWriter.number(size)) Tf \(PDFWriter.number(x)) \(PDFWriter.number(y)) Td ".utf8)
        bytes += PDFWriter.literal(line)
        bytes += Array(" Tj ET\n".utf8)
    }

    /// Shows fitted text in a box whose top is at `top`, line under line.
    mutating func show(_ text: FittedText, top: Double, _ alignment: Alignment, color: String) {
        var baseline = top - text.size * FittedText.ascent
        for line in text.lines {
            let x: Double
            switch alignment {
            case .centred(let centre): x = centre - text.font.width(of: line, size: text.size) / 2
            case .left(let left): x = left
            }
            show(line, font: text.font, size: text.size, x: x, y: baseline, color: color)
            baseline -= text.size * FittedText.leading
        }
    }
}
