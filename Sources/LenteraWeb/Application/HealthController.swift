import Foundation
import Hummingbird
import LenteraStore

/// What a load balancer and a monitoring system ask: is the process up (`/healthz`), can it serve (`/readyz`), and
/// its metrics (`/metrics`). The first two are open to anyone and hold no personal data (the nginx sites open them
/// to the machine itself and the private networks only).
struct HealthController: Sendable {
    typealias Context = LenteraContext
    let site: SiteStore
    /// The database's write check, run at most once a second whatever the rate of `/readyz` requests.
    let databaseCheck: SharedCheck
    let dataDirectory: String
    /// Below this many free bytes in the data folder the node says it is not ready.
    let minimumFreeBytes: Int64

    init(site: SiteStore, database: any LenteraDatabase, dataDirectory: String, minimumFreeBytes: Int64) {
        self.site = site
        databaseCheck = SharedCheck(every: .seconds(1)) { try await database.checkWritable() }
        self.dataDirectory = dataDirectory
        self.minimumFreeBytes = minimumFreeBytes
    }

    func addRoutes(to router: Router<Context>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/healthz", method: method) { _, _ in Self.json(["status": "ok"], status: .ok) }
            router.on("/readyz", method: method) { _, _ in try await readiness() }
            router.group(context: MetricsReaderContext.self).on("/metrics", method: method) { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                headers[.cacheControl] = "no-store"
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: LenteraMetrics.exposition()))
            }
        }
    }

    /// Ready when the database takes a write (checked at most once a second, see ``SharedCheck``), the courses are
    /// loaded, and the disk has room.
    func readiness() async throws -> Response {
        var checks: [String: Any] = [:]
        var ready = true
        switch await databaseCheck.outcome() {
        case .success:
            checks["database"] = ["ok": true]
        case .failure(let error):
            ready = false
            checks["database"] = ["ok": false, "error": StorageFailure.isDiskFull(error) ? "disk full" : "not writable"]
        }
        let current = site.site
        let coursesOK = !current.courses.isEmpty || current.brokenFolders == 0
        ready = ready && coursesOK
        checks["courses"] = [
            "ok": coursesOK, "loaded": current.courses.count, "broken": current.brokenFolders,
            "versions": Dictionary(current.courses.map { ($0.id, $0.displayVersion) }, uniquingKeysWith: { first, _ in first }),
        ]
        let free = Self.freeBytes(dataDirectory)
        let diskOK = free.map { $0 >= minimumFreeBytes } ?? false
        ready = ready && diskOK
        checks["disk"] = ["ok": diskOK, "freeBytes": free ?? -1, "minimumBytes": minimumFreeBytes]
        return Self.json(["status": ready ? "ready" : "not ready", "checks": checks], status: ready ? .ok : .serviceUnavailable)
    }

    /// The bytes an unprivileged process may still write where the data folder is.
    static func freeBytes(_ path: String) -> Int64? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        return Int64(stats.f_bavail) * Int64(stats.f_frsize)
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A request from an address allowed to read the metrics (`--metrics-allow`); anyone else gets a 403.
struct MetricsReaderContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage

    init(context: LenteraContext) throws {
        guard context.mayReadMetrics else { throw HTTPError(.forbidden) }
        coreContext = context.coreContext
    }
}
