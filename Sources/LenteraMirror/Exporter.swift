import Foundation
import LenteraCore
import LenteraContent

/// Writes courses in the layout of the mirror endpoints (`catalogue.json`, `manifests/SHA.json`, `files/HASH`), for a
/// USB drive: `lentera import` reads it back with the same verification as a mirror.
public enum Exporter {
    public struct Report: Sendable {
        public var courses = 0
        public var files = 0
        public var bytes: Int64 = 0
    }

    /// Exports the courses that load without errors (all, or those named) into a folder.
    public static func export(coursesDirectory: String, courseIDs: Set<String>, to folder: String) throws -> Report {
        var report = Report()
        let loader = CourseLoader(coursesDirectory: coursesDirectory)
        var entries: [ContentMirror.Entry] = []
        for folderName in try loader.folderNames() {
            guard let course = loader.loadCourse(folderName: folderName).course else { continue }
            guard courseIDs.isEmpty || courseIDs.contains(course.id) else { continue }
            let listed = ContentMirror.files(of: course, inCourseFolder: coursesDirectory + "/" + folderName) { ContentMirror.sha256(ofFileAt: $0.path) }
            let manifest = ContentMirror.Manifest(course: course.id, folder: folderName, version: course.creditVersion, files: listed.map(\.file))
            let bytes = manifest.encoded()
            let sha = ContentMirror.sha256(bytes)
            try FileManager.default.createDirectory(atPath: folder + "/manifests", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/manifests/\(sha).json"))
            for (entry, file) in listed {
                let target = folder + "/files/" + entry.sha256
                if FileManager.default.fileExists(atPath: target) { continue }
                try FileManager.default.copyItem(atPath: file.path, toPath: target)
                report.files += 1
                report.bytes += entry.size
            }
            entries.append(ContentMirror.Entry(id: course.id, folder: folderName, version: course.creditVersion, manifest: "/mirror/manifests/\(sha).json", sha256: sha))
            report.courses += 1
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(ContentMirror.Catalogue(courses: entries).encoded()).write(to: URL(fileURLWithPath: folder + "/catalogue.json"))
        return report
    }
}
