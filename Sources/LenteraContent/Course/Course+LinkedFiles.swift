import Foundation
import LenteraCore

extension Course {
    /// The files of the course that its modules show or link to (images, video, attachments), by path relative to the
    /// course folder, sorted: what a learner needs besides the pages to read the course offline. Files no module names
    /// (sources, notes) are not among them.
    public var linkedFiles: [String] {
        // Module HTML names course files only by the URLs the loader wrote (`CourseLoader.fileURL`), in double quotes.
        let prefix = "\"" + CourseLoader.filePrefix + "/" + id + "/"
        var found: Set<String> = []
        for module in modules {
            var rest = module.html[...]
            while let start = rest.range(of: prefix) {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                var reference = rest[..<end]
                rest = rest[end...]
                // `#page=3` opens a PDF at a page; the file is the same.
                if let cut = reference.firstIndex(where: { $0 == "#" || $0 == "?" }) { reference = reference[..<cut] }
                guard let relative = reference.replacingOccurrences(of: "&amp;", with: "&").removingPercentEncoding,
                    files[relative] != nil
                else { continue }
                found.insert(relative)
            }
        }
        return found.sorted()
    }
}
