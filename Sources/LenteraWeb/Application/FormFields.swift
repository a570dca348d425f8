import NIOCore

/// The fields of a query string, or of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
///
/// Query strings and urlencoded bodies are read one way, here, as browsers write them (the URL Standard's
/// `application/x-www-form-urlencoded` parser):
/// - the text is split at every `&`, and empty pieces are left out (`;` separates nothing);
/// - each piece is split at its first `=` into a name and a value; a piece without `=` is a name with the empty value;
/// - in names and values, in one pass, `+` is a space and `%XX` (two hex digits, either case) is the byte XX: `%2B` is
///   a literal plus, `%20` a space, `%C3%A9` is `é`;
/// - a `%` without two hex digits after it (`50%`, `%zz`, `%4`) is kept as written;
/// - the bytes are read as UTF-8, an invalid sequence becoming U+FFFD;
/// - a name given more than once: `fields[name]` is its first value, ``all(_:)`` every value in order.
///
/// Links the server writes encode their values with ``encode(_:)``, which this reads back unchanged.
struct FormFields: Sendable {
    var values: [String: String] = [:]
    /// Every value of a name given more than once (checkboxes), in order; most forms have none.
    var repeated: [String: [String]] = [:]

    /// Reads a body by its content type; a file field's value is the file's text.
    init(_ buffer: ByteBuffer, contentType: String?) {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = Self.boundary(in: contentType)
        else {
            self.init(buffer)
            return
        }
        var fields = FormFields(values: [:])
        for (name, value) in Self.multipart(Array(buffer.readableBytesView), boundary: boundary) { fields.add(name, value) }
        self = fields
    }

    init(values: [String: String]) {
        self.values = values
    }

    /// Reads an urlencoded body.
    init(_ buffer: ByteBuffer) {
        self.init(String(buffer: buffer))
    }

    /// Reads an urlencoded text: a query string (without its `?`) or a body.
    init(_ text: String) {
        // Byte-level: a heartbeat's form is parsed on every request, and Foundation's string search showed up as a
        // sixth of the server's time in perf.
        for pair in text.utf8.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let key = Self.decode(pair[..<(equals ?? pair.endIndex)])
            let value = equals.map { Self.decode(pair[pair.index(after: $0)...]) } ?? ""
            add(key, value)
        }
    }

    mutating func add(_ key: String, _ value: String) {
        if let first = values[key] {
            repeated[key, default: [first]].append(value)
        } else {
            values[key] = value
        }
    }

    /// Every value given for a name.
    func all(_ key: String) -> [String] {
        repeated[key] ?? values[key].map { [$0] } ?? []
    }

    /// The first value given for a name; nil when it was not given.
    subscript(_ key: String) -> String? { values[key] }

    /// Decodes `+` and `%XX` escapes; an invalid escape is kept as written.
    static func decode(_ bytes: Substring.UTF8View.SubSequence) -> String {
        guard bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), bytes.distance(from: index, to: bytes.endIndex) > 2,
                let high = hex(bytes[bytes.index(after: index)]), let low = hex(bytes[bytes.index(index, offsetBy: 2)])
            {
                output.append(high << 4 | low)
                index = bytes.index(index, offsetBy: 2)
            } else {
                output.append(byte)
            }
            index = bytes.index(after: index)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A name or value percent-encoded for a query string: every byte but ASCII letters, digits and `-._~` as `%XX`.
    ///
    /// A space is `%20` and a plus `%2B`, so that whatever the value holds (`+`, `&`, `=`, `%`, `>`, letters beyond
    /// ASCII) a ``FormFields`` reads it back as it was.
    static func encode(_ text: String) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
