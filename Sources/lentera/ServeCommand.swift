import ArgumentParser
import Foundation
import LenteraCore
import LenteraMail
import LenteraStore
import LenteraWeb
import Logging
import ServiceLifecycle

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the courses over HTTP.",
        discussion: """
            Every option can also be set as an environment variable (LENTERA_ and the option's name in capitals, \
            such as LENTERA_PORT=8080 or LENTERA_TRUSTED_PROXY=127.0.0.1,10.0.0.0/8) or in a config file \
            (--config FILE or LENTERA_CONFIG: lines such as `port = 8080`, # for comments). The command line wins over \
            the environment, and the environment over the file.
            """
    )

    @Option(help: "A config file of `name = value` lines (the options' names without dashes).") var config: String?
    @Option(help: "The courses directory.") var courses = "courses"
    @Option(help: "The development programs directory (program files, *.xml; default: programs beside the courses directory); none served when it does not exist.")
    var programs: String?
    @Option(help: "The data directory.") var data = "data"
    @Option(help: ArgumentHelp(
        "A PostgreSQL database that several nodes share, such as postgres://lentera@db.example/lentera (or LENTERA_DATABASE_URL); "
            + "without it, SQLite in the data directory.", valueName: "url"))
    var database: String?
    @Option(help: "A directory of static assets (style.css, lentera.js, lentera.svg, sw.js) to serve instead of those built in.")
    var `public`: String?
    @Option(help: "The address to listen on.") var host = "0.0.0.0"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "An upstream Lentera to mirror the courses from.") var mirrorFrom: String?
    @Option(help: "How often to mirror, such as 10m, 1h or 30s.") var mirrorEvery = "10m"
    @Option(help: "This node's key at the mirror upstream (needed for quiz sources); or set LENTERA_NODE_KEY.") var mirrorKey: String?
    @Option(help: "An upstream Lentera to push progress to.") var upstream: String?
    @Option(help: "This node's key at the upstream; or set LENTERA_NODE_KEY.") var upstreamKey: String?
    @Option(help: "How often to push progress, such as 30s.") var pushEvery = "30s"
    @Flag(help: "Share learners' password hashes with nodes that pull the roster.") var sharePasswordHashes = false
    @Option(help: "The site's public address, such as https://lentera.example.go.id, printed on certificates and in their QR codes.")
    var baseURL: String?
    @Option(help: "The issuing office printed on certificates' PDFs, such as \"BKPSDM Kabupaten Sleman\"; a course's <certificate> may name another.")
    var certificateOffice: String?
    @Option(help: "The name printed under the signature line of certificates' PDFs.") var certificateSignatory: String?
    @Option(help: "The signatory's position, printed above the signature line, such as \"Kepala BKPSDM\".") var certificateSignatoryTitle: String?
    @Option(help: "A logo printed at the top of certificates' PDFs: a JPEG, or a PNG of 8-bit RGB or grey without transparency.")
    var certificateLogo: String?
    @Option(help: "The most connections open at once (default: what the file descriptor limit allows, up to 10000).")
    var maxConnections: Int?
    @Option(help: "Seconds a connection may wait for its next request before it is closed.") var idleTimeout = 60
    @Option(help: "How long a stop waits for requests in progress (downloads included), such as 30s.") var grace = "30s"
    @Option(help: "A proxy (address or CIDR) whose X-Forwarded-For gives the client's address; repeatable.")
    var trustedProxy: [String] = []
    @Option(help: "Addresses (CIDR) that may read /metrics; repeatable (default: loopback only).") var metricsAllow: [String] = []
    @Option(help: "Log lines as text or json.") var logFormat = "text"
    @Option(help: "Free space the data folder needs for /readyz to say ready, such as 256M or 2G.") var minFreeDisk = "256M"
    @Option(help: "Event-loop threads (default: one per core); give each of several nodes on one machine its share of the cores.")
    var threads: Int?
    @Option(help: ArgumentHelp(
        "An SMTP relay for reminders of program deadlines, such as smtp://relay.example.go.id:25 (inside the network, no login), "
            + "smtp+starttls://USER:PASSWORD@mail.example.go.id:587 or smtps://…:465, with ?ca=FILE for a private certificate authority "
            + "(or LENTERA_SMTP); without it no mail is sent.", valueName: "url"))
    var smtp: String?
    @Option(help: "The sender of reminder mails, such as lentera@bkpsdm.example.go.id (needed with --smtp).") var mailFrom: String?
    @Option(help: "How often learners' reminders are looked at and mailed, such as 1h.") var remindEvery = "1h"
    @Option(help: "The language of mails: id (Bahasa Indonesia) or en.") var mailLang = "id"

    func run() async throws {
        guard let format = LogFormat(rawValue: logFormat) else { fail("--log-format is text or json") }
        if let threads {
            guard threads > 0 else { fail("--threads is a number of threads, 1 or more") }
            useEventLoopThreads(threads)
        }
        LoggingSystem.bootstrap { label in
            LenteraLogHandler(
                label: label, format: format,
                level: ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            )
        }
        let logger = Logger(label: "lentera")
        var configuration = ServerConfiguration(
            coursesDirectory: courses, dataDirectory: data, publicDirectory: `public`, host: host, port: port
        )
        configuration.databaseURL = database
        configuration.programsDirectory = programs ?? programsBeside(courses)
        if programs == nil, FileManager.default.fileExists(atPath: "programs"),
            URL(fileURLWithPath: "programs").standardizedFileURL.path != URL(fileURLWithPath: programsBeside(courses)).standardizedFileURL.path
        {
            // Earlier versions read programs/ in the working directory by default.
            logger.warning("programs are read beside the courses directory, not from programs/ in the working directory: pass --programs to keep that one", metadata: [
                "programs": "\(programsBeside(courses))",
            ])
        }
        guard let mirrorInterval = Self.duration(mirrorEvery), let pushInterval = Self.duration(pushEvery), let graceDuration = Self.duration(grace)
        else { fail("intervals are written like 30s, 10m or 1h") }
        configuration.mirrorFrom = mirrorFrom
        configuration.mirrorEvery = mirrorInterval
        let environmentKey = nodeKeyFromEnvironment()
        configuration.mirrorKey = mirrorKey ?? upstreamKey ?? environmentKey
        configuration.upstream = upstream
        configuration.upstreamKey = upstreamKey ?? environmentKey
        configuration.pushEvery = pushInterval
        configuration.sharePasswordHashes = sharePasswordHashes
        if let baseURL {
            guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                fail("--base-url must be an http(s) address such as https://lentera.example.go.id")
            }
            configuration.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        }
        let signatory = Self.setting(certificateSignatory)
        if Self.setting(certificateSignatoryTitle) != nil, signatory == nil { fail("--certificate-signatory-title needs --certificate-signatory") }
        configuration.certificateIssuer = CertificateIssuer(
            office: Self.setting(certificateOffice),
            signatory: signatory.map { CertificateIssuer.Signatory(name: $0, title: Self.setting(certificateSignatoryTitle)) }
        )
        configuration.certificateLogo = Self.setting(certificateLogo)
        var limits = ConnectionLimits.defaults()
        limits.idleTimeout = idleTimeout
        if let maxConnections { limits.maximumConnections = maxConnections }
        configuration.connectionLimits = limits
        configuration.network = NetworkPolicy(
            trustedProxies: try Self.ranges(trustedProxy, option: "--trusted-proxy"),
            metricsAllowed: metricsAllow.isEmpty ? NetworkPolicy.defaultMetricsAllowed : try Self.ranges(metricsAllow, option: "--metrics-allow")
        )
        if let smtp {
            let relay: SMTPRelay
            do {
                relay = try SMTPRelay(url: smtp)
            } catch {
                fail("--smtp: \(error.description)")
            }
            guard let mailFrom, MailAddress.isPlain(mailFrom) else { fail("--smtp needs --mail-from, a plain address such as lentera@bkpsdm.example.go.id") }
            guard let interval = Self.duration(remindEvery), interval >= .seconds(1) else { fail("--remind-every is written like 1h, 30m or 10s") }
            guard let language = ["id": Language.indonesian, "en": .english][mailLang] else { fail("--mail-lang is id or en") }
            configuration.reminderMail = ReminderMailSettings(relay: relay, from: mailFrom, interval: interval, language: language)
        } else if mailFrom != nil {
            fail("--mail-from needs --smtp, the relay to send through")
        }
        guard let minimumFree = Self.bytes(minFreeDisk) else { fail("--min-free-disk is a size such as 256M or 2G") }
        configuration.minimumFreeBytes = minimumFree

        // One server per data folder, and one process writing into a mirrored courses folder.
        let locks: [FolderLock]
        do {
            try prepareDataDirectory(data)
            var held = [try FolderLock(directory: data, purpose: "lentera serve")]
            if mirrorFrom != nil {
                held.append(try FolderLock(directory: courses, name: ".lentera-mirror.lock", purpose: "lentera serve --mirror-from"))
            }
            locks = held
        } catch let error as FolderLock.Busy {
            fail(error.description)
        } catch let error as StartupError {
            fail(error.description)
        }
        do {
            let app = try await buildApplication(configuration, logger: logger)
            var group = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = graceDuration
            try await ServiceGroup(configuration: group).run()
            logger.info("stopped")
        } catch let error as StartupError {
            fail(error.description)
        } catch is CancellationError {
            // The grace period ran out: requests still running were cut, and the stop is still the one asked for.
            logger.warning("stopped after the grace period; requests still in progress were cut", metadata: ["grace": "\(grace)"])
        }
        withExtendedLifetime(locks) {}
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("lentera: \(message)\n".utf8))
        Foundation.exit(2)
    }
}

extension Serve {
    /// A text setting without spaces around it; nil when it is empty.
    static func setting(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// `30s`, `10m`, `1h` or a number of seconds.
    static func duration(_ text: String) -> Duration? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        if let unit = text.last.flatMap({ units[$0] }), let value = Int(text.dropLast()), value > 0 { return .seconds(value * unit) }
        return Int(text).flatMap { $0 > 0 ? .seconds($0) : nil }
    }

    /// `512M`, `2G`, `100K` or a number of bytes.
    static func bytes(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        if let unit = text.uppercased().last.flatMap({ units[$0] }), let value = Int64(text.dropLast()), value >= 0 { return value * unit }
        return Int64(text).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Address ranges from repeated options or comma-separated values.
    static func ranges(_ values: [String], option: String) throws -> [AddressRange] {
        try values.flatMap { $0.split(separator: ",") }.map { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let range = AddressRange(trimmed) else {
                FileHandle.standardError.write(Data("lentera: \(option) \(trimmed) is not an address or CIDR block such as 10.0.0.0/8\n".utf8))
                throw ExitCode(2)
            }
            return range
        }
    }
}
