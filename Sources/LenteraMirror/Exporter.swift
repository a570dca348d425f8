import Foundation
import LenteraCore
import LenteraContent

/// Writes courses in the layout of the mirror endpoints (`catalogue.json`, `manifests/SHA.json`, `files/HASH`), for a
/// USB drive: `lentera import` reads it back with the same verification as a mirror. Program files travel with them.
public enum Exporter {
    public struct Report: Sendable {
        public var courses = 0
        public var files = 0
        public var bytes: Int64 = 0
        /// Program files exported (programs and the competency dictionary).
        public var programFiles = 0
    }

    /// Exports the courses that load without errors (all, or those named) into a folder, and from `programsDirectory`
    /// the competency dictionary and each program that loads without errors and whose courses are all exported.
    public static func export(coursesDirectory: String, courseIDs: Set<String>, programsDirectory: String? = nil, to folder: String) throws -> Report {
        var report = Report()
        let loader = CourseLoader(coursesDirectory: coursesDirectory)
        var entries: [ContentMirror.Entry] = []
        var loaded: Set<String> = []
        var exported: Set<String> = []
        for folderName in try loader.folderNames() {
            guard let course = loader.loadCourse(folderName: folderName).course else { continue }
            loaded.insert(course.id)
            guard courseIDs.isEmpty || courseIDs.contains(course.id) else { continue }
            exported.insert(course.id)
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
        var programs: [ContentMirror.ProgramFile] = []
        if let programsDirectory {
            let programLoader = ProgramLoader(programsDirectory: programsDirectory)
            // Each file with the sha256 of the bytes that loaded without errors.
            var versions = (try programLoader.loadAll(courseIDs: loaded)).compactMap { result in
                result.program.flatMap { program in program.courseIDs.allSatisfy(exported.contains) ? (result.fileName, program.contentVersion) : nil }
            }
            let dictionary = CompetencyDictionaryFile.loadVersioned(programsDirectory: programsDirectory)
            if dictionary.dictionary != nil, let version = dictionary.sha256 { versions.append((CompetencyDictionaryFile.fileName, version)) }
            for (name, version) in versions where ContentMirror.ProgramFile.isPlainName(name) {
                // The bytes read once more: written only when they are those that loaded (an edit saved meanwhile is
                // left out, as the centre leaves a broken edit out of its catalogue).
                let bytes = try Data(contentsOf: URL(fileURLWithPath: programsDirectory + "/" + name))
                guard Int64(bytes.count) <= ContentMirror.ProgramFile.maximumSize, ContentMirror.sha256(bytes) == version else { continue }
                let entry = ContentMirror.ProgramFile(file: name, sha256: ContentMirror.sha256(bytes), size: Int64(bytes.count))
                try FileManager.default.createDirectory(atPath: folder + "/files", withIntermediateDirectories: true)
                let target = folder + "/files/" + entry.sha256
                if !FileManager.default.fileExists(atPath: target) {
                    try bytes.write(to: URL(fileURLWithPath: target))
                    report.files += 1
                    report.bytes += entry.size
                }
                programs.append(entry)
                report.programFiles += 1
            }
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(ContentMirror.Catalogue(courses: entries, programs: programs).encoded()).write(to: URL(fileURLWithPath: folder + "/catalogue.json"))
        return report
    }
}
