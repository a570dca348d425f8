import Foundation
import HTTPTypes
import LenteraCore
import LenteraContent
import NIOCore

/// What a learner's device keeps to read a course offline (`GET /api/luring/COURSE`): the course page, its module
/// pages, the files they show or link to, and the site's stylesheet, script and icon, each with its size in bytes.
struct OfflineList: Codable, Sendable, Equatable {
    /// One address to keep, with its size.
    struct Entry: Codable, Sendable, Equatable {
        var url: String
        var size: Int
    }

    /// The course id; the device keeps the copy in the cache `lentera-course-<id>`.
    var course: String
    var title: String
    /// The course's content version when the list was made (the first characters of its digest).
    var version: String
    var files: [Entry]
    /// The sum of the sizes, in bytes.
    var size: Int
}

/// Makes the offline lists of the courses the site serves.
struct OfflineFiles: Sendable {
    /// The header lentera.js sends when it fetches a page to keep: the page is rendered for the learner, but that is
    /// no visit (no view is logged, no module completed by being opened).
    static let savingHeader = HTTPField.Name("X-Lentera-Luring")!
    /// The public assets every page uses.
    static let assetNames = ["style.css", "lentera.js", "lentera.svg"]

    let store: SiteStore
    let assets: PublicAssets

    /// The list for a course the site serves, with page sizes in the given language; nil for a course it does not serve.
    ///
    /// Every signed-in account may read every course served (course pages and files are public), so the list is the
    /// same for all of them; quizzes are not in it (their pages are kept when opened, see `public/sw.js`).
    func list(courseID: String, language: Language) -> OfflineList? {
        let site = store.site
        guard let course = site.courses.first(where: { $0.id == courseID }) else { return nil }
        var entries: [OfflineList.Entry] = []
        let pages = [PageRenderer.courseHref(course)] + course.modules.map { PageRenderer.moduleHref(course, $0) }
        for path in pages {
            // The page as rendered at load; the learner's copy is a little longer (progress, feedback form).
            guard let page = site.pages[path] else { continue }
            entries.append(OfflineList.Entry(url: path, size: page[language].body.readableBytes))
        }
        for relative in site.linkedFiles[course.id] ?? course.linkedFiles {
            guard let file = course.files[relative] else { continue }
            entries.append(OfflineList.Entry(url: CourseLoader.fileURL(courseID: course.id, path: relative), size: file.size))
        }
        for name in Self.assetNames {
            guard let entry = assets.files[name] else { continue }
            entries.append(OfflineList.Entry(url: assets.url(name), size: entry.size))
        }
        return OfflineList(
            course: course.id, title: course.title, version: String(course.contentVersion.prefix(12)), files: entries,
            size: entries.reduce(0) { $0 + $1.size }
        )
    }
}

extension FileEntry {
    /// The size of the file in bytes (uncompressed).
    var size: Int {
        switch self {
        case .memory(let resource): resource.body.readableBytes
        case .disk(let file): file.size
        }
    }
}
