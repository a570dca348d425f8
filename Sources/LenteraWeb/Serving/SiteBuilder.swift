import Foundation
import LenteraCore
import Logging
import NIOCore

/// Loads course folders, renders their pages once and publishes a new ``Site`` whenever a folder changes.
///
/// A course whose new version has errors keeps being served in its last good version; its problems are listed
/// on the status page and logged.
actor SiteBuilder {
    struct RenderedCourse: Sendable {
        var course: Course
        var pages: [String: LocalizedResource]
        var files: [String: FileEntry]
        /// What mirrors fetch of this course.
        var mirror: MirrorPublication.CoursePart
    }

    struct FolderState {
        var fingerprint: String
        var good: RenderedCourse?
        var problems: [Problem]
    }

    /// Files up to this size are kept in memory with a precompressed variant.
    static let memoryFileLimit = 1024 * 1024
    /// Memory budget for one course's files.
    static let memoryBudgetPerCourse = 64 * 1024 * 1024

    /// Records what a publication serves (courses, and the folders present) and returns the tombstones of courses
    /// withdrawn so far; nil when they could not be recorded (the last ones known are published again).
    typealias PublicationRecorder = @Sendable (_ served: [Course], _ folders: Set<String>) async -> [ContentMirror.Withdrawal]?

    let loader: CourseLoader
    let renderer: PageRenderer
    let store: SiteStore
    let logger: Logger
    let recorder: PublicationRecorder?
    private var folders: [String: FolderState] = [:]
    private var withdrawn: [ContentMirror.Withdrawal] = []
    let hashes = FileHashes()

    init(loader: CourseLoader, renderer: PageRenderer, store: SiteStore, logger: Logger, recorder: PublicationRecorder? = nil) {
        self.loader = loader
        self.renderer = renderer
        self.store = store
        self.logger = logger
        self.recorder = recorder
    }

    /// Builds the first site before the server starts.
    static func initialSite(renderer: PageRenderer) -> Site {
        Site(notFound: LocalizedResource(render: { renderer.notFoundPage(language: $0) }, modified: Date()))
    }

    /// Looks for changed folders and republishes the site if anything changed; returns whether it did.
    ///
    /// Changed folders are loaded and rendered in parallel, one task per course.
    @discardableResult
    func refresh() async -> Bool {
        let names: Set<String>
        do {
            names = Set(try loader.folderNames())
        } catch {
            // Not "no courses": nothing is known, so everything stays as it is (and mirrors see no change).
            logger.error("cannot list the courses folder; every course stays as it was", metadata: ["error": "\(error)"])
            return false
        }
        var changed = false
        for removed in Set(folders.keys).subtracting(names) {
            folders[removed] = nil
            logger.info("course folder removed", metadata: ["folder": "\(removed)"])
            changed = true
        }
        var fingerprints: [String: String] = [:]
        for name in names {
            let fingerprint = loader.fingerprint(folderName: name)
            if folders[name]?.fingerprint != fingerprint { fingerprints[name] = fingerprint }
        }
        let loader = loader
        let renderer = renderer
        let hashes = hashes
        let loaded = await withTaskGroup(of: (String, CourseLoadResult, RenderedCourse?).self) { group in
            for name in fingerprints.keys {
                group.addTask {
                    let result = loader.loadCourse(folderName: name)
                    return (name, result, result.course.map { Self.render($0, renderer: renderer, root: loader.coursesDirectory, hashes: hashes) })
                }
            }
            var results: [(String, CourseLoadResult, RenderedCourse?)] = []
            for await result in group { results.append(result) }
            return results
        }
        for (name, result, rendered) in loaded.sorted(by: { $0.0 < $1.0 }) {
            changed = true
            var state = folders[name] ?? FolderState(fingerprint: "", good: nil, problems: [])
            state.fingerprint = fingerprints[name]!
            state.problems = result.problems
            for problem in result.problems {
                let level: Logger.Level = problem.severity == .error ? .error : .warning
                logger.log(level: level, "\(problem.formatted(in: .english))", metadata: ["folder": "\(name)"])
            }
            if let rendered {
                state.good = rendered
                logger.info("course loaded", metadata: ["course": "\(rendered.course.id)", "modules": "\(rendered.course.modules.count)"])
            } else if state.good != nil {
                logger.error("course has errors; serving its last good version", metadata: ["folder": "\(name)"])
            }
            folders[name] = state
        }
        if changed || !published {
            await publish(folders: names)
        }
        return changed
    }

    private var published = false

    func statuses() -> [CourseStatus] {
        folders.keys.sorted().map { name in
            CourseStatus(folderName: name, course: folders[name]!.good?.course, problems: folders[name]!.problems)
        }
    }

    private static func render(_ course: Course, renderer: PageRenderer, root: String, hashes: FileHashes) -> RenderedCourse {
        let modified = Date(timeIntervalSince1970: course.files.values.map(\.modified).max() ?? Date().timeIntervalSince1970)
        var pages: [String: LocalizedResource] = [:]
        pages[PageRenderer.courseHref(course)] = LocalizedResource(
            render: { renderer.coursePage(course, language: $0) }, modified: modified
        )
        for index in course.modules.indices {
            pages[PageRenderer.moduleHref(course, course.modules[index])] = LocalizedResource(
                render: { renderer.modulePage(course, index: index, language: $0) }, modified: modified
            )
        }
        var files: [String: FileEntry] = [:]
        var budget = memoryBudgetPerCourse
        for (relative, file) in course.files {
            let contentType = ContentTypes.forPath(relative)
            if file.size <= memoryFileLimit, file.size <= budget, let data = FileManager.default.contents(atPath: file.path) {
                budget -= data.count
                files[relative] = .memory(
                    StaticResource(
                        bytes: ByteBuffer(bytes: data), contentType: contentType,
                        modified: Date(timeIntervalSince1970: file.modified), policy: .courseFile
                    )
                )
            } else {
                files[relative] = .disk(
                    DiskFile.make(path: file.path, size: file.size, modified: file.modified, contentType: contentType, policy: .courseFile)
                )
            }
        }
        return RenderedCourse(course: course, pages: pages, files: files, mirror: MirrorPublication.part(for: course, root: root, hashes: hashes))
    }

    private func publish(folders present: Set<String>) async {
        published = true
        var site = Self.initialSite(renderer: renderer)
        var seen: [String: String] = [:]
        var served: [RenderedCourse] = []
        for name in folders.keys.sorted() {
            guard let good = folders[name]?.good else { continue }
            if let other = seen[good.course.id] {
                let problem = Problem(
                    file: name + "/course.xml", line: 1, kind: .duplicateCourseID(good.course.id, otherFolder: other)
                )
                if !(folders[name]!.problems.contains(problem)) { folders[name]!.problems.append(problem) }
                folders[name]!.good = nil
                continue
            }
            seen[good.course.id] = name
            served.append(good)
        }
        served.sort { $0.course.title.localizedStandardCompare($1.course.title) == .orderedAscending }
        if let recorder {
            if let tombstones = await recorder(served.map(\.course), present) { withdrawn = tombstones }
        }
        site.courses = served.map(\.course)
        site.mirror = MirrorPublication(parts: served.map(\.mirror), withdrawn: withdrawn)
        for rendered in served {
            site.pages.merge(rendered.pages) { _, new in new }
            site.files[rendered.course.id] = rendered.files
        }
        let now = Date()
        let courses = site.courses
        site.pages["/"] = LocalizedResource(render: { renderer.catalogue(courses, language: $0) }, modified: now)
        let statuses = statuses()
        site.brokenFolders = statuses.filter { $0.problems.contains { $0.severity == .error } }.count
        LenteraMetrics.courses(loaded: site.courses.count, broken: site.brokenFolders)
        site.status = LocalizedResource(
            render: { renderer.statusPage(statuses, checkedAt: now, language: $0) }, modified: now
        )
        store.replace(with: site)
    }
}

extension DiskFile {
    /// Validators like nginx's: modification time and size.
    static func make(path: String, size: Int, modified: Double, contentType: String, policy: ResponsePolicy) -> DiskFile {
        let seconds = Int(modified)
        return DiskFile(
            path: path, size: size, contentType: contentType,
            etag: "\"\(String(seconds, radix: 16))-\(String(size, radix: 16))\"",
            lastModified: HTTPDate.format(Date(timeIntervalSince1970: TimeInterval(seconds))), modifiedSeconds: seconds,
            policy: policy
        )
    }
}
