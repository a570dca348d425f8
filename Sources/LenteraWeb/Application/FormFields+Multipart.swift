import Foundation
import LenteraCore

/// Reading `multipart/form-data` bodies (forms with a file, such as the roster import).
extension FormFields {
    /// The `boundary` parameter of a multipart content type; nil when it is missing, empty or longer than 200 bytes.
    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces() }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") ? String(pair[1].dropFirst().dropLast()) : pair[1]
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }

    /// Splits a multipart body at its boundary lines and reads each part's name from Content-Disposition.
    ///
    /// Linear in the body's size whatever it holds: delimiters are found with Knuth-Morris-Pratt, and each part's
    /// header is searched once (a crafted body once cost seconds of CPU with a naive search).
    static func multipart(_ body: [UInt8], boundary: String) -> [(String, String)] {
        let delimiter = Array("--\(boundary)".utf8)
        let positions = occurrences(of: delimiter, in: body)
        var values: [(String, String)] = []
        let headerEnd: [UInt8] = [13, 10, 13, 10]
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            var partEnd = end
            if partStart + 1 < partEnd, body[partStart] == 13, body[partStart + 1] == 10 { partStart += 2 }
            if partEnd - 2 >= partStart, body[partEnd - 2] == 13, body[partEnd - 1] == 10 { partEnd -= 2 }
            guard let split = occurrences(of: headerEnd, in: body[partStart..<partEnd], first: true).first else { continue }
            let headers = String(decoding: body[partStart..<split], as: UTF8.self)
            let content = String(decoding: body[(split + 4)..<partEnd], as: UTF8.self)
            guard let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                let nameRange = disposition.range(of: "name=\"")
            else { continue }
            let name = String(disposition[nameRange.upperBound...].prefix { $0 != "\"" })
            values.append((name, content))
        }
        return values
    }

    /// Where a pattern starts in bytes (absolute indices), by Knuth-Morris-Pratt: O(bytes + pattern).
    static func occurrences(of pattern: [UInt8], in bytes: ArraySlice<UInt8>, first: Bool = false) -> [Int] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
        var failure = [Int](repeating: 0, count: pattern.count)
        var length = 0
        for index in 1..<pattern.count {
            while length > 0, pattern[index] != pattern[length] { length = failure[length - 1] }
            if pattern[index] == pattern[length] { length += 1 }
            failure[index] = length
        }
        var found: [Int] = []
        var matched = 0
        for index in bytes.indices {
            while matched > 0, bytes[index] != pattern[matched] { matched = failure[matched - 1] }
            if bytes[index] == pattern[matched] { matched += 1 }
            if matched == pattern.count {
                found.append(index - pattern.count + 1)
                if first { return found }
                matched = failure[matched - 1]
            }
        }
        return found
    }

    static func occurrences(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        occurrences(of: pattern, in: bytes[...])
    }
}
