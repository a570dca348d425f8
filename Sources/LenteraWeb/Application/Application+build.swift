import Foundation
import Hummingbird
import HummingbirdCore
import LenteraCore
import LenteraContent
import LenteraMail
import LenteraMirror
import LenteraStore
import Logging
import ServiceLifecycle

/// Where Lentera reads courses and keeps data, and where it listens.
public struct ServerConfiguration: Sendable {
    /// The courses directory.
    public var coursesDirectory: String
    /// The development programs directory (``Program`` files); nil serves none.
    public var programsDirectory: String?
    /// The data directory (database and state).
    public var dataDirectory: String
    /// A PostgreSQL database (`postgres://USER@HOST/DB`) shared by several nodes; nil for SQLite in the data directory.
    public var databaseURL: String?
    /// The directory of static assets; nil for those built into the binary.
    public var publicDirectory: String?
    /// The address to bind.
    public var host: String
    /// The port to listen on.
    public var port: Int
    /// How often the courses directory is checked for changes.
    public var reloadInterval: Duration
    /// The public address of the site (`https://lentera.example.go.id`), printed on certificates.
    public var baseURL: String?
    /// The issuing office and signatory printed on certificates' PDFs where the course's `<certificate>` names none.
    public var certificateIssuer = CertificateIssuer()
    /// A JPEG or PNG file printed as the logo on certificates' PDFs where the course names none; read and checked at
    /// start-up.
    public var certificateLogo: String?
    /// The upstream Lentera to mirror courses from, how often, and this node's key there (for quiz sources).
    public var mirrorFrom: String?
    public var mirrorEvery: Duration = .seconds(600)
    public var mirrorKey: String?
    /// The upstream to push progress to, with this node's key, and how often.
    public var upstream: String?
    public var upstreamKey: String?
    public var pushEvery: Duration = .seconds(30)
    /// Whether the roster shared with nodes includes password hashes (so learners can sign in at a node).
    public var sharePasswordHashes = false
    /// Where reminders of program deadlines are mailed; nil mails none (the home page lists them all the same).
    public var reminderMail: ReminderMailSettings?
    /// The cap on open connections and the idle timeout; nil for the defaults of this process's descriptor limit.
    public var connectionLimits: ConnectionLimits?
    /// Proxies whose `X-Forwarded-For` is believed, and who may read `/metrics`.
    public var network = NetworkPolicy()
    /// Below this many free bytes in the data folder, `/readyz` says the node is not ready.
    public var minimumFreeBytes: Int64 = 256 * 1024 * 1024
    /// The learners from which `/operator` reads a scope's unit and course totals from the report snapshot.
    public var reportSnapshotScope = Reports.snapshotScope

    /// Creates a configuration; the defaults are those of `lentera serve`.
    public init(
        coursesDirectory: String = "courses", dataDirectory: String = "data", publicDirectory: String? = nil,
        host: String = "0.0.0.0", port: Int = 8080, reloadInterval: Duration = .seconds(1)
    ) {
        self.coursesDirectory = coursesDirectory
        self.dataDirectory = dataDirectory
        self.publicDirectory = publicDirectory
        self.host = host
        self.port = port
        self.reloadInterval = reloadInterval
    }
}

/// Why the server cannot start, in words an operator can act on.
public struct StartupError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}

/// Builds the Lentera application: loads the courses, renders every page and sets up the routes.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger? = nil) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "lentera")
    LenteraMetrics.bootstrap
    let certificateIssuer = try configuration.certificateIssuerWithLogo()
    try prepareDataDirectory(configuration.dataDirectory)
    let database = try await openDatabase(url: configuration.databaseURL, dataDirectory: configuration.dataDirectory, logger: logger)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: configuration.coursesDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw StartupError(description: "courses directory \(configuration.coursesDirectory) does not exist")
    }
    let assets = try configuration.publicDirectory.map { directory throws(StartupError) in try PublicAssets(directory: directory) } ?? .embedded
    let renderer = try PageRenderer(assets: .init(style: assets.url("style.css"), icon: assets.url("lentera.svg"), script: assets.url("lentera.js")))
    let store = SiteStore(SiteBuilder.initialSite(renderer: renderer))
    let builder = SiteBuilder(
        loader: CourseLoader(coursesDirectory: configuration.coursesDirectory), renderer: renderer, store: store, logger: logger,
        recorder: { [database, logger] courses, present in
            do {
                // Withdrawals are decided by one node at a time (the publication lease): on a shared database, a node
                // that lacks a folder must not withdraw the course for every node.
                let decides = try await database.holdLease("publication", holder: LeaseHolder.current, for: 600)
                return try await database.recordPublication(
                    courses.map(PublishedVersion.init), folders: Dictionary(courses.map { ($0.id, $0.folderName) }, uniquingKeysWith: { first, _ in first }),
                    present: decides ? present : nil, at: Date()
                )
            } catch {
                logger.error("cannot record the courses published; credit from nodes for new versions waits", metadata: ["error": "\(error)"])
                return nil
            }
        },
        // Each node keeps its own copies, of the courses in its own courses folder.
        lastGood: LastGoodCopies(directory: configuration.dataDirectory + "/courses-last-good", reserve: 2 * configuration.minimumFreeBytes),
        programLoader: configuration.programsDirectory.map(ProgramLoader.init(programsDirectory:)),
        keptPrograms: configuration.dataDirectory + "/programs-last-good",
        programRecorder: { [database, logger] published, present in
            do {
                // As for courses: only the node holding the publication lease withdraws a program file.
                let decides = try await database.holdLease("publication", holder: LeaseHolder.current, for: 600)
                return try await database.recordProgramPublication(published, present: decides ? present : nil, at: Date())
            } catch {
                logger.error("cannot record the program files published; their tombstones wait", metadata: ["error": "\(error)"])
                return nil
            }
        }
    )
    await builder.refresh()

    let learning = LearningService(store: database, site: store, logger: logger)
    let router = Router(context: LenteraContext.self)
    router.middlewares.add(SiteMiddleware(store: store, renderer: renderer))
    router.middlewares.add(SessionMiddleware(store: database))
    router.middlewares.add(CSRFMiddleware())
    let mirrorBoard = MirrorBoard()
    let offline = OfflineFiles(store: store, assets: assets)
    let controller = SiteController(
        store: store, renderer: renderer, assets: assets, fileIO: FileIO(),
        learnerPages: LearnerPages(store: database, learning: learning, renderer: renderer, offline: offline), mirrorBoard: mirrorBoard,
        syncStatuses: database
    )
    controller.addRoutes(to: router)
    OfflineController(offline: offline).addRoutes(to: router)
    let learnerController = LearnerController(
        store: database, learning: learning, renderer: renderer, throttle: SignInThrottle(store: database), baseURL: configuration.baseURL,
        certificateIssuer: certificateIssuer
    )
    learnerController.addRoutes(to: router)
    OperatorController(
        store: database, learning: learning, renderer: renderer, pages: learnerController, snapshotScope: configuration.reportSnapshotScope
    ).addRoutes(to: router)
    ProgramController(store: database, learning: learning, pages: learnerController).addRoutes(to: router)
    EventController(events: EventService(store: database, site: store), store: database, pages: learnerController).addRoutes(to: router)
    NeedsController(store: database, site: store, pages: learnerController).addRoutes(to: router)
    FollowUpController(store: database, site: store, pages: learnerController).addRoutes(to: router)
    AccountController(store: database, pages: learnerController, openImports: { [database] account in
        try await database.openRosterImports(actorID: account.role == .admin ? nil : account.id).map { ($0.id, $0.state) }
    }).addRoutes(to: router)
    AuditController(store: database, pages: learnerController).addRoutes(to: router)
    let rosterImports = RosterImportService(store: database, logger: logger)
    RosterImportController(store: database, imports: rosterImports, pages: learnerController, baseURL: configuration.baseURL).addRoutes(to: router)
    // An import a stop interrupted goes on where it stopped: its passwords were written with its rows.
    await rosterImports.resumeInterrupted()
    let quizzes = QuizService(store: database, learning: learning, logger: logger)
    let quizHTML = QuizHTML()
    QuizController(quizzes: quizzes, html: quizHTML, pages: learnerController).addRoutes(to: router)
    QuizReportController(quizzes: quizzes, html: quizHTML, pages: learnerController).addRoutes(to: router)
    SyncController(site: store, store: database, fileIO: FileIO(), sharePasswordHashes: configuration.sharePasswordHashes).addRoutes(to: router)
    HealthController(site: store, database: database, dataDirectory: configuration.dataDirectory, minimumFreeBytes: configuration.minimumFreeBytes)
        .addRoutes(to: router)

    if let copy = (database as? SQLiteStore)?.upgradeBackup {
        logger.notice("database upgraded to a newer schema; the copy from before is kept", metadata: ["copy": "\(copy)"])
    }
    var services: [any Service] = [
        // First in the list, so it stops last: after the server has answered its last request.
        DatabaseCloser(database: database, logger: logger),
        CourseWatcher(builder: builder, interval: configuration.reloadInterval), QuizDeadlineWatcher(quizzes: quizzes, leases: database, logger: logger),
        RosterImportResumer(imports: rosterImports), ReportSnapshotBuilder(store: database, leases: database, logger: logger),
    ]
    if let upstream = configuration.mirrorFrom {
        var client = MirrorClient(coursesDirectory: configuration.coursesDirectory)
        client.programsDirectory = configuration.programsDirectory
        services.append(MirrorService(
            client: client, upstream: upstream, key: configuration.mirrorKey,
            interval: configuration.mirrorEvery, board: mirrorBoard, builder: builder, logger: logger
        ))
    }
    if let reminders = configuration.reminderMail {
        services.append(ReminderMailer(
            site: store, store: database, client: SMTPClient(relay: reminders.relay, heloName: ProcessInfo.processInfo.hostName),
            settings: reminders, baseURL: configuration.baseURL, logger: logger
        ))
        logger.info("reminders of program deadlines are mailed", metadata: ["relay": "\(reminders.relay.described)", "from": "\(reminders.from)"])
    }
    if let upstream = configuration.upstream, let key = configuration.upstreamKey {
        services.append(PushService(client: PushClient(store: database, upstream: upstream, key: key), interval: configuration.pushEvery,
                                    statuses: database, leases: database, logger: logger))
    }

    let descriptorLimit = ConnectionLimits.raisedDescriptorLimit()
    let limits = configuration.connectionLimits ?? .defaults(descriptorLimit: descriptorLimit)
    if let problem = limits.problem(descriptorLimit: descriptorLimit) { throw StartupError(description: problem) }
    logger.info("connection limits", metadata: [
        "maximum": "\(limits.maximumConnections)", "idleTimeout": "\(limits.idleTimeout)s", "descriptors": "\(descriptorLimit)",
    ])
    return Application(
        responder: ObservedResponder(
            inner: FrontResponder(controller: controller, router: router.buildResponder()), renderer: renderer, network: configuration.network,
            logger: logger
        ),
        server: .http1(configuration: .init(
            additionalChannelHandlers: [GracefulCloseHandler()], idleTimeout: .seconds(Int64(limits.idleTimeout))
        )),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "Lentera",
            availableConnectionsDelegate: CountedConnections(limit: MaximumAvailableConnections(limits.maximumConnections, logger: logger))
        ),
        services: services,
        logger: logger
    )
}

/// Opens the PostgreSQL database a URL names, or else the SQLite file in the data directory.
public func openDatabase(url: String?, dataDirectory: String, logger: Logger) async throws -> any LenteraDatabase {
    do {
        if let url {
            let store = try await PostgresStore(url: url, logger: logger)
            logger.info("database", metadata: ["postgres": "\(store.location)", "schema": "\(PostgresStore.schemaVersion)"])
            return store
        }
        return try SQLiteStore(path: dataDirectory + "/lentera.sqlite")
    } catch let error as SQLiteStore.OpenError {
        throw StartupError(description: error.description)
    } catch let error as PostgresStore.OpenError {
        throw StartupError(description: error.description)
    }
}

/// Creates the data directory and checks that it can be written, so that a bad path fails at start-up.
public func prepareDataDirectory(_ path: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Accounts, sessions and password hashes are in it: this user only.
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    } catch {
        throw StartupError(description: "cannot create data directory \(path): \(error.localizedDescription)")
    }
    // A page's worth of bytes, written and synced: a full disk shows here, not at the first learner's click.
    let probe = path + "/.write-check"
    let descriptor = open(probe, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
    guard descriptor >= 0 else {
        throw StartupError(description: "data directory \(path) is not writable: \(String(cString: strerror(errno)))")
    }
    defer {
        close(descriptor)
        unlink(probe)
    }
    let page = [UInt8](repeating: 0, count: 64 * 1024)
    let written = page.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written != page.count || fsync(descriptor) != 0 {
        let code = written < 0 || written == page.count ? errno : ENOSPC
        if code == ENOSPC || code == EDQUOT {
            throw StartupError(description: "the disk holding the data directory \(path) is full (penyimpanan penuh): free some space, then start again")
        }
        throw StartupError(description: "data directory \(path) is not writable: \(String(cString: strerror(code)))")
    }
}

/// Grades quiz attempts whose deadline passed with nobody looking, so that reports and completion do not wait
/// for the learner to come back.
struct QuizDeadlineWatcher: Service {
    let quizzes: QuizService
    let leases: any JobLeaseRepository
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(15))
                do {
                    // One node grades at a time when several share the database.
                    guard try await leases.holdLease("quiz-deadlines", holder: LeaseHolder.current, for: 60) else { continue }
                    try await quizzes.gradeExpired()
                } catch {
                    logger.error("grading expired quiz attempts failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Sums the report snapshot of this year and the last (``Reports/Snapshot``) every ``Reports/snapshotInterval``, on one
/// node at a time: the node holding the lease builds, and another takes over within a few minutes when it stops.
struct ReportSnapshotBuilder: Service {
    let store: any LedgerRepository
    let leases: any JobLeaseRepository
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            var lastBuilt: ContinuousClock.Instant?
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(60))
                do {
                    guard try await leases.holdLease("report-snapshot", holder: LeaseHolder.current, for: 180) else {
                        lastBuilt = nil
                        continue
                    }
                    if let lastBuilt, ContinuousClock.now - lastBuilt < .seconds(Reports.snapshotInterval) { continue }
                    let started = ContinuousClock.now
                    let year = JPLedger.year(of: Date())
                    for built in [year, year - 1] {
                        try await store.buildReportSnapshot(year: built, target: JPLedger.target, at: Date())
                    }
                    lastBuilt = started
                    logger.info("report snapshot summed", metadata: ["years": "\(year - 1)-\(year)", "seconds": "\((ContinuousClock.now - started).components.seconds)"])
                } catch {
                    logger.error("summing the report snapshot failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

/// Looks again, every minute, for roster imports no node is applying (the node that applied one stopped or died):
/// its lease ran out, and this node takes the import over where it stopped.
struct RosterImportResumer: Service {
    let imports: RosterImportService

    func run() async throws {
        try await untilShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(60))
                await imports.resumeInterrupted(announce: false)
            }
        }
    }
}

/// Closes the database when the server stops, folding its write-ahead log into the file; gives up the publication
/// lease first, so that the server started next withdraws courses and program files at once, not when it expires.
struct DatabaseCloser: Service {
    let database: any LenteraDatabase
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        try? await database.releaseLease("publication", holder: LeaseHolder.current)
        do {
            try await database.shutDown()
        } catch {
            logger.error("closing the database failed", metadata: ["error": "\(error)"])
        }
    }
}

/// Polls the courses directory and republishes the site when a course changes.
struct CourseWatcher: Service {
    let builder: SiteBuilder
    let interval: Duration

    func run() async throws {
        try await untilShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await builder.refresh()
            }
        }
    }
}

/// Answers plain requests for what the site holds in memory directly, and passes everything else to the router.
///
/// Pages and small files are the bulk of the traffic; skipping the router's trie and middleware chain for them is
/// worth about a third more requests per second (2 KB file: 33k to 44k with `make bench`). The answers are the same: the
/// router's routes call the same functions.
struct FrontResponder<Responder: HTTPResponder>: HTTPResponder where Responder.Context == LenteraContext {
    let controller: SiteController
    let router: Responder

    func respond(to request: Request, context: LenteraContext) async throws -> Response {
        if let response = controller.answerFromMemory(request) {
            context.coreContext.endpointPath.value = SiteController.routeTemplate(request.uri.path)
            return response
        }
        return try await router.respond(to: request, context: context)
    }
}
