import Foundation
import LenteraCore

/// What `lentera render` prints: the module HTML exactly as the server renders it.
public enum ModuleRendering {
    /// Renders a Markdown file; inside a course folder it goes through the course loader like the server does.
    public static func render(source: String, path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var directory = CoursePath.directory(of: absolute)
        while !directory.isEmpty {
            if FileManager.default.fileExists(atPath: directory + "/course.xml") {
                let coursesDirectory = CoursePath.directory(of: directory)
                let folderName = String(directory.dropFirst(coursesDirectory.count + 1))
                let relative = String(absolute.dropFirst(directory.count + 1))
                let result = CourseLoader(coursesDirectory: coursesDirectory).loadCourse(folderName: folderName)
                if let module = result.course?.modules.first(where: { $0.href == relative }) {
                    return module.html
                }
                break
            }
            directory = CoursePath.directory(of: directory)
        }
        let (_, body, _, _) = FrontMatter.split(source)
        return MarkdownRenderer().render(String(body)).html
    }
}
