/// A mail address as Lentera sends to it: plain ASCII `local@domain`, nothing that could end a header or a command.
public enum MailAddress {
    public static func isPlain(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard (3...254).contains(bytes.count), bytes.filter({ $0 == UInt8(ascii: "@") }).count == 1,
            let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1
        else { return false }
        let forbidden = Set("<>()[]\\,;:\"".utf8)
        return bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }
            && bytes[(at + 1)...].contains(UInt8(ascii: ".")) && bytes.last != UInt8(ascii: ".")
    }
}
