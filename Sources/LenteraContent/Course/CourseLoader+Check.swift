import Foundation
import LenteraCore

extension CourseLoader {
    /// What `lentera check PATH` checks: every course folder under a courses directory, or one course folder.
    public enum CheckTarget: Sendable, Equatable {
        /// Every course folder under a courses directory.
        case courses(directory: String)
        /// One course folder (a folder holding `course.xml`), with the courses directory that holds it.
        case course(coursesDirectory: String, folderName: String)

        /// The course folder's name, when one course is checked.
        public var folderName: String? {
            if case .course(_, let folderName) = self { return folderName }
            return nil
        }
    }

    /// The target for a path: the course in it when it holds a `course.xml`, else the courses under it. The folder's
    /// name is the one given (a mirrored course's link, not the version it points to), as the server names it.
    public static func checkTarget(_ path: String) -> CheckTarget {
        var isDirectory: ObjCBool = false
        let manifest = (path.hasSuffix("/") ? path : path + "/") + "course.xml"
        guard FileManager.default.fileExists(atPath: manifest, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .courses(directory: path)
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let folder = URL(fileURLWithPath: absolute).standardizedFileURL
        return .course(coursesDirectory: folder.deletingLastPathComponent().path, folderName: folder.lastPathComponent)
    }

    /// Loads what a check target names: every course with duplicate ids reported, or the one course.
    public static func check(_ target: CheckTarget, renderer: MarkdownRenderer = MarkdownRenderer()) throws(ListingError) -> [CourseLoadResult] {
        switch target {
        case .courses(let directory):
            return try CourseLoader(coursesDirectory: directory, renderer: renderer).loadAll()
        case .course(let coursesDirectory, let folderName):
            return [CourseLoader(coursesDirectory: coursesDirectory, renderer: renderer).loadCourse(folderName: folderName)]
        }
    }
}
