import Hummingbird

extension Request {
    /// The value of the cookie `name` as the browser sent it: the first `name=value` pair of the `Cookie` headers.
    ///
    /// Read at the bytes a browser writes (`;` between pairs, RFC 6265), without making the others: every signed-in
    /// request reads its session and language this way, and Hummingbird's `cookies` made every pair each time (and
    /// split them by characters, so a `;` after U+0600 was not one).
    func cookie(named name: String) -> String? {
        let wanted = Array(name.utf8)
        for header in headers[values: .cookie] {
            var utf8 = header.utf8[...]
            while !utf8.isEmpty {
                let end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
                var pair = utf8[utf8.startIndex..<end]
                utf8 = end == utf8.endIndex ? utf8[end...] : utf8[utf8.index(after: end)...]
                while let first = pair.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { pair = pair.dropFirst() }
                guard pair.count > wanted.count, pair.starts(with: wanted),
                    pair[pair.index(pair.startIndex, offsetBy: wanted.count)] == UInt8(ascii: "=")
                else { continue }
                var value = pair.dropFirst(wanted.count + 1)
                while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value = value.dropLast() }
                return String(decoding: value, as: UTF8.self)
            }
        }
        return nil
    }
}
