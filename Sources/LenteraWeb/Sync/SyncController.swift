import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import NIOCore

/// A value, or the response that ends the request instead.
enum Outcome<T> {
    case value(T)
    case answer(Response)
}

/// What mirrors and nodes use: the published content (catalogue, manifests, files by hash), the xAPI statements
/// resource that nodes push progress to, and the roster they pull.
struct SyncController: Sendable {
    let site: SiteStore
    let store: any LearningStore
    let fileIO: FileIO
    let sharePasswordHashes: Bool

    func addRoutes(to router: Router<LenteraContext>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/mirror/catalogue.json", method: method, use: catalogue)
            router.on("/mirror/manifests/:name", method: method, use: manifest)
            router.on("/mirror/files/:hash", method: method, use: file)
        }
        router.post("/xapi/statements", use: postStatements)
        router.put("/xapi/statements", use: putStatement)
        router.get("/api/roster", use: roster)
    }

    /// The node a request's bearer key belongs to.
    func node(_ request: Request) async throws -> SyncNode? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        let key = String(header.dropFirst("Bearer ".count)).trimmingSpaces()
        guard !key.isEmpty, key.count <= 200 else { return nil }
        return try await store.node(keyHash: SHA256.hash(data: Data(key.utf8)).hexString)
    }

    // MARK: Content

    @Sendable func catalogue(_ request: Request, context: LenteraContext) async throws -> Response {
        ResourceResponder.respond(site.site.mirror.catalogue, to: request)
    }

    @Sendable func manifest(_ request: Request, context: LenteraContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard name.hasSuffix(".json"), let manifest = site.site.mirror.manifests[String(name.dropLast(5))] else { throw HTTPError(.notFound) }
        return ResourceResponder.respond(manifest, to: request)
    }

    @Sendable func file(_ request: Request, context: LenteraContext) async throws -> Response {
        let hash = try context.parameters.require("hash")
        guard let file = site.site.mirror.files[hash] else { throw HTTPError(.notFound) }
        // Bytes changed since they were hashed (an edit in progress) are not served under the old hash: the
        // catalogue names the new version within a second.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            (attributes[.size] as? NSNumber)?.intValue == file.size,
            ((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1) == file.modified
        else { throw HTTPError(.notFound) }
        // Quiz sources carry answer keys: only registered nodes get them.
        if file.isPrivate, try await node(request) == nil { throw HTTPError(.notFound) }
        let disk = DiskFile(
            path: file.path, size: file.size, contentType: "application/octet-stream", etag: "\"\(hash)\"",
            lastModified: HTTPDate.format(Date(timeIntervalSince1970: file.modified)), modifiedSeconds: Int(file.modified), policy: .courseFile
        )
        var response = try await ResourceResponder.respond(
            disk: disk, to: request, context: context, cache: .immutable, contentSecurityPolicy: "default-src 'none'; sandbox", fileIO: fileIO
        )
        if file.isPrivate { response.headers[.cacheControl] = "private, max-age=31536000, immutable" }
        return response
    }

    // MARK: xAPI

    static func xapiError(_ status: HTTPResponse.Status, _ message: String, statement: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("X-Experience-API-Version")!] = XAPI.version
        var fields = ["error": message]
        if let statement { fields["statement"] = statement }
        let body = XAPI.canonical(fields)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Checks the version header and the key, and reads the statements of a body.
    func statements(_ request: Request, node: inout SyncNode?) async throws -> Outcome<[[String: Any]]> {
        guard let version = request.headers[HTTPField.Name("X-Experience-API-Version")!], version.hasPrefix("1.0") else {
            return .answer(Self.xapiError(.badRequest, "X-Experience-API-Version 1.0.x is required"))
        }
        guard let found = try await self.node(request) else { return .answer(Self.xapiError(.unauthorized, "unknown node key")) }
        node = found
        var request = request
        let body = try await request.collectBody(upTo: 16 * 1024 * 1024)
        let parsed = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
        if let list = parsed as? [[String: Any]] { return .value(list) }
        if let one = parsed as? [String: Any] { return .value([one]) }
        return .answer(Self.xapiError(.badRequest, "the body must be a statement or an array of statements"))
    }

    /// Validates and stores statements; nil response means stored, with their ids.
    func receive(_ list: [[String: Any]], from node: SyncNode) async throws -> Outcome<([String], Int)> {
        var batch: [(id: String, canonical: [UInt8], completion: XAPI.Completion)] = []
        var ids: Set<String> = []
        for statement in list {
            switch XAPI.Completion.read(statement) {
            case .failure(.invalid(let message)):
                return .answer(Self.xapiError(.badRequest, message))
            case .success(let completion):
                guard ids.insert(completion.id == statement["id"] as? String ? completion.id : statement["id"] as! String).inserted else {
                    return .answer(Self.xapiError(.badRequest, "statement id \(statement["id"] ?? "") appears twice in the batch"))
                }
                batch.append((statement["id"] as! String, XAPI.canonical(statement), completion))
            }
        }
        switch try await store.receive(batch, from: node, at: Date()) {
        case .conflict(let id):
            return .answer(Self.xapiError(.conflict, "statement \(id) is stored with different content"))
        case .refused(let refusal):
            return .answer(Self.xapiError(.forbidden, "\(refusal); nothing of the batch was stored", statement: refusal.statementID))
        case .stored(_, let duplicates):
            return .value((batch.map(\.id), duplicates))
        }
    }

    @Sendable func postStatements(_ request: Request, context: LenteraContext) async throws -> Response {
        var node: SyncNode?
        switch try await statements(request, node: &node) {
        case .answer(let response): return response
        case .value(let list):
            switch try await receive(list, from: node!) {
            case .answer(let response): return response
            case .value(let (ids, duplicates)):
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                headers[HTTPField.Name("X-Lentera-Duplicates")!] = String(duplicates)
                headers[HTTPField.Name("X-Experience-API-Version")!] = XAPI.version
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: XAPI.canonical(ids))))
            }
        }
    }

    @Sendable func putStatement(_ request: Request, context: LenteraContext) async throws -> Response {
        guard let id = request.queryFields["statementId"], XAPI.isUUID(id) else {
            return Self.xapiError(.badRequest, "statementId is required")
        }
        var node: SyncNode?
        switch try await statements(request, node: &node) {
        case .answer(let response): return response
        case .value(var list):
            guard list.count == 1 else { return Self.xapiError(.badRequest, "PUT takes one statement") }
            if let given = list[0]["id"] as? String, given != id { return Self.xapiError(.badRequest, "the statement id differs from statementId") }
            list[0]["id"] = id
            switch try await receive(list, from: node!) {
            case .answer(let response): return response
            case .value:
                return Response(status: .noContent, headers: [HTTPField.Name("X-Experience-API-Version")!: XAPI.version])
            }
        }
    }

    // MARK: Roster

    /// The learners of the units the node serves (never operators, authors or admins).
    @Sendable func roster(_ request: Request, context: LenteraContext) async throws -> Response {
        guard let node = try await node(request) else { throw HTTPError(.unauthorized) }
        var accounts: [Account] = []
        for unit in node.units { accounts += try await store.accounts(under: unit) }
        // A deactivated learner (retired, left) is not offered to nodes: a node does not let them sign in anew.
        let learners = accounts.filter { $0.role == .learner && $0.isActive }.map { account -> [String: Any] in
            var entry: [String: Any] = [
                "nip": account.nip.digits, "name": account.name, "unit": account.unit.description, "status": account.status.rawValue,
                "position": account.position,
            ]
            if sharePasswordHashes { entry["passwordHash"] = account.passwordHash }
            return entry
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: XAPI.canonical(["learners": learners, "units": node.units.map(\.description)]))))
    }
}
