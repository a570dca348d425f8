import Foundation
import Logging
import Synchronization

/// How log lines are written: `text` for people reading a terminal or the journal, `json` (one object per line) for
/// a log collector.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Writes every log line to standard error, one whole line per write, as text or JSON lines.
///
/// The access log goes through it too (message `request`), so a request's line and the error it caused carry the same
/// `request_id`. Nothing personal is passed to it: handlers log routes and ids, never a NIP, password or cookie.
public struct LenteraLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let format: LogFormat

    public init(label: String, format: LogFormat, level: Logger.Level) {
        self.label = label
        self.format = format
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let output = Mutex<Void>(())

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let time = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        let line: String
        switch format {
        case .text:
            let fields = merged.keys.sorted().map { "\($0)=\(Self.quoted(merged[$0]!.description))" }.joined(separator: " ")
            line = "\(time) \(event.level) \(Self.oneLine(event.message.description))\(fields.isEmpty ? "" : " " + fields)\n"
        case .json:
            var object: [String: String] = ["time": time, "level": event.level.rawValue, "message": event.message.description, "logger": label]
            for (key, value) in merged where object[key] == nil { object[key] = value.description }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self) + "\n"
        }
        Self.output.withLock { _ in
            var bytes = Array(line.utf8)
            bytes.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    /// A message as one line: line breaks and other control characters written as escapes, the rest as it is. A
    /// message can carry another machine's text (a folder name an upstream sent, and was refused for), and a line
    /// break in it would start a line of its own that reads like the server's.
    static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: isBreaking) else { return message }
        return escape(message)
    }

    /// A control character (C0, DEL and C1: NEL ends a line in some viewers, CSI starts a terminal sequence), a line
    /// or paragraph separator, or a format character (a bidirectional override turns the rest of the line around):
    /// what could end, rewrite or disguise a line.
    static func isBreaking(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII, as nearly every log value is, without a look-up of its category.
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// A value as one token: quoted when it has spaces, quotes or line breaks (an error's text), so one event is one line.
    static func quoted(_ value: String) -> String {
        let special = { (scalar: Unicode.Scalar) in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar == "\\" || isBreaking(scalar)
        }
        guard value.unicodeScalars.contains(where: special) else { return value }
        return "\"\(escape(value, quotes: true))\""
    }

    /// Line breaks, tabs and other control characters as `\n`, `\t`, `\u{1b}`; with `quotes`, `"` and `\\` too.
    static func escape(_ value: String, quotes: Bool = false) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\" where quotes: escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                // Other control characters (an escape sequence for a terminal, a NUL) and line separators, as \u{…}.
                if isBreaking(scalar) {
                    escaped += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return escaped
    }
}
