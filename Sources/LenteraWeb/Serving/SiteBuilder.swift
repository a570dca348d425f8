import Foundation
import LenteraCore
import LenteraContent
import Logging
import NIOCore

/// Loads course folders, renders their pages once and publishes a new ``Site`` whenever a folder changes.
///
/// A course whose new version has errors keeps being served in its last good version; its problems are listed
/// on the status page and logged. The last good version of each course served is also copied into the data folder
/// (``LastGoodCopies``), so that a course broken when the server starts is served from its copy. When several folders
/// declare the same course id, the folder serving it keeps it (``CourseOwnership``) and the others are refused.
actor SiteBuilder {
    struct RenderedCourse: Sendable {
        var course: Course
        var pages: [String: LocalizedResource]
        var files: [String: FileEntry]
        /// What mirrors fetch of this course.
        var mirror: MirrorPublication.CoursePart
        /// The course's modules as the module search reads them (their text taken from the HTML once, here).
        var searchDocuments: [ModuleSearchIndex.Document]
        /// The files its modules show or link to (``Course/linkedFiles``), found once at load.
        var linkedFiles: [String]
    }

    struct FolderState {
        var fingerprint: String
        /// The version to serve for this folder: the last that loaded without errors, from the folder itself or, when
        /// the folder was broken at start, from its copy in the data folder. Kept while the folder is refused for
        /// declaring an id another folder serves, so that it is served as soon as the id is free.
        var good: RenderedCourse?
        /// The folder's fingerprint when `good` was loaded from it; nil when `good` came from a kept copy.
        var goodFingerprint: String?
        /// The copy `good` was loaded from, when it came from the data folder.
        var keptCopy: LastGoodCopies.Copy?
        var problems: [Problem]
    }

    /// One folder loaded: what the loader said, the version rendered, or the kept copy served instead.
    struct Loaded: Sendable {
        var name: String
        var result: CourseLoadResult
        var rendered: RenderedCourse?
        var fromCopy: (copy: LastGoodCopies.Copy, rendered: RenderedCourse)?
        /// Why the kept copy could not be served.
        var copyFailure: String?
    }

    /// Files up to this size are kept in memory with a precompressed variant.
    static let memoryFileLimit = 1024 * 1024
    /// Memory budget for one course's files.
    static let memoryBudgetPerCourse = 64 * 1024 * 1024

    /// Records what a publication serves (courses, and the folders present) and returns the tombstones of courses
    /// withdrawn so far; nil when they could not be recorded (the last ones known are published again).
    typealias PublicationRecorder = @Sendable (_ served: [Course], _ folders: Set<String>) async -> [ContentMirror.Withdrawal]?
    /// Records the program files published (by name) and those in the programs folder (nil when it could not be read)
    /// and returns the tombstones of program files withdrawn so far; nil when they could not be recorded.
    typealias ProgramPublicationRecorder = @Sendable (_ published: Set<String>, _ present: Set<String>?) async -> [ContentMirror.ProgramWithdrawal]?

    let loader: CourseLoader
    let renderer: PageRenderer
    let store: SiteStore
    let logger: Logger
    let recorder: PublicationRecorder?
    /// Where the last good copies are kept; nil keeps them in memory only (while the process runs).
    let lastGood: LastGoodCopies?
    var folders: [String: FolderState] = [:]
    private var withdrawn: [ContentMirror.Withdrawal] = []
    let hashes = FileHashes()
    /// The folder serving each course id (``CourseOwnership``).
    var owners: [String: String] = [:]
    /// Folders refused because the id they declare is served by another folder, with that folder.
    var refused: [String: String] = [:]
    /// The copies kept in the data folder, by course id; read at the first refresh (`keptKnown` when that worked).
    var kept: [String: LastGoodCopies.Copy] = [:]
    var keptRead = false
    var keptKnown = false
    /// Course ids being copied now, and the content version whose copy failed for each id (not tried again).
    var keeping: Set<String> = []
    var keepFailed: [String: String] = [:]
    /// A copy was left for later (another refresh was copying the same course).
    var keepAgain = false
    /// Folders seen removed while this process runs (their copies go; a folder absent at start is not taken as removed).
    var removedFolders: Set<String> = []
    /// Reads the programs folder; nil when the site serves no programs.
    let programLoader: ProgramLoader?
    /// Each program file's state, by file name.
    var programFiles: [String: ProgramFileState] = [:]
    /// The programs folder and the courses served when the programs were last loaded.
    var programsFingerprint: String?
    /// The competency dictionary served (its last good version), and the problems of its file.
    var dictionary: CompetencyDictionary?
    var dictionaryProblems: [Problem] = []
    /// The sha256 of the dictionary file's bytes that loaded into ``dictionary``.
    var dictionaryVersion: String?
    /// Where the last good version of each program file is kept across restarts (`DATA/programs-last-good`).
    let keptPrograms: String?
    let programRecorder: ProgramPublicationRecorder?
    /// The files of the programs folder at its last reading (programs and the dictionary); nil until it was read.
    var programFilesPresent: Set<String>?
    /// Program files withdrawn, as last recorded.
    var withdrawnPrograms: [ContentMirror.ProgramWithdrawal] = []

    init(
        loader: CourseLoader, renderer: PageRenderer, store: SiteStore, logger: Logger, recorder: PublicationRecorder? = nil,
        lastGood: LastGoodCopies? = nil, programLoader: ProgramLoader? = nil, keptPrograms: String? = nil,
        programRecorder: ProgramPublicationRecorder? = nil
    ) {
        self.programRecorder = programRecorder
        self.programLoader = programLoader
        self.keptPrograms = keptPrograms
        self.loader = loader
        self.renderer = renderer
        self.store = store
        self.logger = logger
        self.recorder = recorder
        self.lastGood = lastGood
    }

    /// Builds the first site before the server starts.
    static func initialSite(renderer: PageRenderer) -> Site {
        Site(notFound: LocalizedResource(render: { renderer.notFoundPage(language: $0) }, modified: Date()))
    }

    /// Looks for changed folders and republishes the site if anything changed; returns whether it did.
    ///
    /// Changed folders are loaded and rendered in parallel, one task per course. A folder that does not load and has
    /// nothing to serve yet (at start) is served from its copy in the data folder, if one is kept.
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
        let first = !keptRead
        if first { readKeptCopies() }
        var changed = false
        removedFolders.subtract(names)
        for removed in Set(folders.keys).subtracting(names) {
            folders[removed] = nil
            removedFolders.insert(removed)
            logger.info("course folder removed", metadata: ["folder": "\(removed)"])
            changed = true
        }
        var fingerprints: [String: String] = [:]
        for name in names {
            let fingerprint = loader.fingerprint(folderName: name)
            if folders[name]?.fingerprint != fingerprint { fingerprints[name] = fingerprint }
        }
        var fallbacks: [String: LastGoodCopies.Copy] = [:]
        for name in fingerprints.keys where folders[name]?.good == nil {
            fallbacks[name] = kept.values.first { $0.manifest.folder == name }
        }
        let loader = loader
        let renderer = renderer
        let hashes = hashes
        let lastGood = lastGood
        let loaded = await withTaskGroup(of: Loaded.self) { group in
            for name in fingerprints.keys {
                let fallback = fallbacks[name]
                group.addTask {
                    Self.load(name, loader: loader, renderer: renderer, hashes: hashes, lastGood: lastGood, fallback: fallback)
                }
            }
            var results: [Loaded] = []
            for await result in group { results.append(result) }
            return results
        }
        for item in loaded.sorted(by: { $0.name < $1.name }) {
            let name = item.name
            changed = true
            var state = folders[name] ?? FolderState(fingerprint: "", problems: [])
            state.fingerprint = fingerprints[name]!
            state.problems = item.result.problems
            for problem in item.result.problems {
                let level: Logger.Level = problem.severity == .error ? .error : .warning
                logger.log(level: level, "\(problem.formatted(in: .english))", metadata: ["folder": "\(name)"])
            }
            if let rendered = item.rendered {
                state.good = rendered
                state.goodFingerprint = state.fingerprint
                state.keptCopy = nil
                logger.info("course loaded", metadata: ["course": "\(rendered.course.id)", "modules": "\(rendered.course.modules.count)"])
            } else if let fromCopy = item.fromCopy {
                let copy = fromCopy.copy
                state.good = fromCopy.rendered
                state.goodFingerprint = nil
                state.keptCopy = copy
                logger.error("course has errors; serving the last good version kept in the data folder", metadata: [
                    "folder": "\(name)", "copy": "\(copy.link)", "saved": "\(copy.manifest.savedAt)",
                ])
            } else if state.good != nil {
                logger.error("course has errors; serving its last good version", metadata: ["folder": "\(name)"])
            }
            if let failure = item.copyFailure {
                logger.error("the last good copy of a broken course cannot be served", metadata: ["folder": "\(name)", "error": "\(failure)"])
            }
            folders[name] = state
        }
        if refreshPrograms(courseIDs: Set(folders.values.compactMap { $0.good?.course.id })) { changed = true }
        if changed || !published {
            await publish(folders: names)
        }
        if changed || first || keepAgain {
            await keepLastGood()
        }
        return changed
    }

    private var published = false

    /// Loads one folder, and its kept copy when the folder does not load and a copy is given.
    private static func load(
        _ name: String, loader: CourseLoader, renderer: PageRenderer, hashes: FileHashes, lastGood: LastGoodCopies?,
        fallback: LastGoodCopies.Copy?
    ) -> Loaded {
        let result = loader.loadCourse(folderName: name)
        if let course = result.course {
            return Loaded(name: name, result: result, rendered: render(course, renderer: renderer, root: loader.coursesDirectory, hashes: hashes))
        }
        guard let lastGood, let fallback else { return Loaded(name: name, result: result) }
        do {
            let course = try lastGood.load(fallback, renderer: loader.renderer)
            let rendered = render(course, renderer: renderer, root: fallback.path, hashes: hashes)
            return Loaded(name: name, result: result, fromCopy: (fallback, rendered))
        } catch {
            return Loaded(name: name, result: result, copyFailure: "\(error)")
        }
    }

    /// Each folder as the status page shows it: the version served for it, if any, and its problems (a folder refused
    /// for its course id first).
    func statuses() -> [CourseStatus] {
        folders.keys.sorted().map { name -> CourseStatus in
            let state = folders[name]!
            let served = state.good.flatMap { owners[$0.course.id] == name ? $0.course : nil }
            var problems = state.problems
            if let holder = refused[name], let id = state.good?.course.id {
                problems.insert(Problem(file: name + "/course.xml", line: 1, kind: .duplicateCourseID(id, otherFolder: holder)), at: 0)
            }
            return CourseStatus(folderName: name, course: served, problems: problems, keptCopy: served == nil ? nil : state.keptCopy)
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
        // Pictures and sounds that came inside quiz files (Moodle XML), served like the folder's own files.
        for (relative, file) in course.embeddedFiles where files[relative] == nil {
            files[relative] = .memory(
                StaticResource(
                    bytes: ByteBuffer(bytes: file.bytes), contentType: ContentTypes.forPath(relative),
                    modified: Date(timeIntervalSince1970: file.modified), policy: .courseFile
                )
            )
        }
        return RenderedCourse(
            course: course, pages: pages, files: files, mirror: MirrorPublication.part(for: course, root: root, hashes: hashes),
            searchDocuments: ModuleSearchIndex.documents(of: course), linkedFiles: course.linkedFiles
        )
    }

    private func publish(folders present: Set<String>) async {
        published = true
        var site = Self.initialSite(renderer: renderer)
        var claims: [String: String] = [:]
        for (name, state) in folders {
            if let good = state.good { claims[name] = good.course.id }
        }
        let decision = CourseOwnership.decide(claims: claims, serving: owners, kept: kept.mapValues(\.manifest.folder))
        for (folder, holder) in decision.refused.sorted(by: { $0.key < $1.key }) where refused[folder] != holder {
            logger.error("course folder refused: the course id it declares is served by another folder", metadata: [
                "folder": "\(folder)", "course": "\(claims[folder] ?? "")", "served_by": "\(holder)",
            ])
        }
        owners = decision.owners
        refused = decision.refused
        var served = decision.owners.values.compactMap { folders[$0]?.good }
        served.sort {
            let order = $0.course.title.localizedStandardCompare($1.course.title)
            return order == .orderedSame ? $0.course.id < $1.course.id : order == .orderedAscending
        }
        if let recorder {
            if let tombstones = await recorder(served.map(\.course), present) { withdrawn = tombstones }
        }
        site.courses = served.map(\.course)
        // Built from the courses served and nothing else: a broken or refused folder's modules are never found.
        site.moduleSearch = ModuleSearchIndex(documents: served.flatMap(\.searchDocuments))
        let programs = servedPrograms()
        let programParts = publishedProgramFiles(programs.programs)
        // An empty folder decides nothing: a folder whose mount failed, or one made empty by mistake, withdraws no file
        // from every mirror (an author removes programs one file at a time, or keeps one).
        let present = programFilesPresent.flatMap { $0.isEmpty ? nil : $0 }
        if programLoader != nil, let programRecorder, let tombstones = await programRecorder(Set(programParts.map(\.entry.file)), present) {
            withdrawnPrograms = tombstones
        }
        site.mirror = MirrorPublication(parts: served.map(\.mirror), withdrawn: withdrawn, programs: programParts, withdrawnPrograms: withdrawnPrograms)
        for rendered in served {
            site.pages.merge(rendered.pages) { _, new in new }
            site.files[rendered.course.id] = rendered.files
            site.linkedFiles[rendered.course.id] = rendered.linkedFiles
        }
        let now = Date()
        let courses = site.courses
        site.pages["/"] = LocalizedResource(render: { renderer.catalogue(courses, language: $0) }, modified: now)
        let statuses = statuses()
        site.programs = programs.programs
        site.competencies = dictionary
        site.brokenFolders = statuses.filter { $0.problems.contains { $0.severity == .error } }.count
        LenteraMetrics.courses(loaded: site.courses.count, broken: site.brokenFolders)
        site.status = LocalizedResource(
            render: { renderer.statusPage(statuses, programs: programs.statuses, checkedAt: now, language: $0) }, modified: now
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
