import Foundation
import LenteraCore
import LenteraContent
import NIOCore
import Synchronization

/// A page in every interface language.
struct LocalizedResource: Sendable {
    var indonesian: StaticResource
    var english: StaticResource
    /// Each language's page cut for signed-in answers, made on first use.
    let splicedIndonesian = SplicedPageBox()
    let splicedEnglish = SplicedPageBox()

    subscript(language: Language) -> StaticResource {
        language == .indonesian ? indonesian : english
    }

    /// The page in `language` cut at its personal regions, for a signed-in answer (``PrivatePage``).
    func spliced(_ language: Language) throws -> SplicedPage {
        let resource = self[language]
        return try (language == .indonesian ? splicedIndonesian : splicedEnglish).page { try SplicedPage(resource) }
    }

    init(render: (Language) -> String, modified: Date) {
        indonesian = StaticResource(html: render(.indonesian), modified: modified)
        english = StaticResource(html: render(.english), modified: modified)
    }
}

/// A course file: small ones live in memory, large ones are streamed from disk.
enum FileEntry: Sendable {
    case memory(StaticResource)
    case disk(DiskFile)
}

/// An immutable snapshot of everything the site serves; replaced whole when a course changes.
struct Site: Sendable {
    /// Rendered pages by path.
    var pages: [String: LocalizedResource] = [:]
    /// Course files by course id, then path relative to the course folder.
    var files: [String: [String: FileEntry]] = [:]
    /// The files each course's modules show or link to, by course id (what offline reading keeps, ``OfflineFiles``).
    var linkedFiles: [String: [String]] = [:]
    /// Courses served, in catalogue order.
    var courses: [Course] = []
    /// Development programs served (``Program``), ordered by start and title.
    var programs: [Program] = []
    /// The competency dictionary (`programs/kompetensi.xml`), when there is one.
    var competencies: CompetencyDictionary?
    /// Full-text search inside the modules of `courses`, and of nothing else.
    var moduleSearch = ModuleSearchIndex()
    /// Course folders with errors (each served at its last good version, if it had one).
    var brokenFolders = 0
    /// The 404 page.
    var notFound: LocalizedResource
    /// The author-facing status page (not in `pages`: it is only for authors, operators and admins).
    var status: LocalizedResource?
    /// What mirrors fetch.
    var mirror = MirrorPublication.empty
}

/// Holds the current site snapshot; readers take it without waiting for a reload.
final class SiteStore: Sendable {
    private let current: Mutex<Site>

    init(_ site: Site) {
        current = Mutex(site)
    }

    var site: Site {
        current.withLock { $0 }
    }

    func replace(with site: Site) {
        current.withLock { $0 = site }
    }
}
