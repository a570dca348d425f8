import Foundation
import LenteraCore

extension ContentMirror {
    /// Every file of a course's folder for its manifest, hashed by `hash`. A file the course does not serve publicly
    /// (``Course/files``: quiz sources and their answer keys) is marked private: the course loader alone decides.
    public static func files(of course: Course, inCourseFolder root: String, hash: (CourseFile) -> String?) -> [(file: File, source: CourseFile)] {
        var files: [(File, CourseFile)] = []
        for (relative, file) in CourseLoader.indexFiles(in: root) {
            guard safePath(relative) != nil, let sha = hash(file) else { continue }
            let isPrivate = course.files[relative] == nil
            files.append((File(path: relative, sha256: sha, size: Int64(file.size), private: isPrivate), file))
        }
        return files.sorted { $0.0.path < $1.0.path }
    }
}
