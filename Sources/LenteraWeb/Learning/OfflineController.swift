import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import NIOCore

/// Reading on a weak link: the web app manifest, the service worker (`public/sw.js`, served from the root so that it
/// may control every page of the site), and for a signed-in learner the list of what to keep of a course and the
/// session that what was recorded offline is sent with.
struct OfflineController: Sendable {
    let offline: OfflineFiles
    /// The web app manifest, made once: it names the icon by its versioned URL.
    let manifest: StaticResource

    /// The service worker's file in `public/`.
    static let workerName = "sw.js"

    init(offline: OfflineFiles) {
        self.offline = offline
        manifest = Self.makeManifest(icon: offline.assets.url("lentera.svg"))
    }

    func addRoutes(to router: Router<LenteraContext>) {
        for method in [HTTPRequest.Method.get, .head] {
            router.on("/manifest.webmanifest", method: method) { request, _ in ResourceResponder.respond(manifest, to: request) }
            router.on("/sw.js", method: method, use: serviceWorker)
        }
        let signedIn = router.group(context: SignedInContext.self)
        signedIn.get("/api/luring/:course", use: list)
        signedIn.get("/api/sesi", use: session)
    }

    /// The service worker. Not immutable: the browser asks for it at each visit and gets a 304 while it is unchanged.
    @Sendable func serviceWorker(_ request: Request, context: LenteraContext) async throws -> Response {
        guard case .memory(let resource) = offline.assets.files[Self.workerName] else { throw HTTPError(.notFound) }
        return ResourceResponder.respond(resource, to: request, cache: .revalidate)
    }

    /// What to keep of a course to read it offline, with sizes; 404 for a course the site does not serve.
    @Sendable func list(_ request: Request, context: SignedInContext) async throws -> Response {
        let language = LanguagePreference.resolve(request).language
        guard let list = offline.list(courseID: try context.parameters.require("course"), language: language) else {
            throw HTTPError(.notFound)
        }
        return try Self.json(list)
    }

    /// The signed-in account (an opaque key) and its session's CSRF token: lentera.js sends what was recorded offline
    /// only under the account that recorded it, with the token of the session open now (the one of the page it was
    /// recorded on may have ended since). Another site cannot read it: the answer has no CORS header.
    @Sendable func session(_ request: Request, context: SignedInContext) async throws -> Response {
        try Self.json(OfflineSession(account: OfflineFiles.accountKey(context.account), csrf: context.session.csrfToken))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(
            status: .ok, headers: [.contentType: "application/json", .cacheControl: "private, no-store"],
            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value)))
        )
    }

    /// The manifest that lets a browser install Lentera as an app (`display: standalone`), opening at the learner's home.
    static func makeManifest(icon: String) -> StaticResource {
        let manifest = WebAppManifest(icons: [.init(src: icon, sizes: "any", type: "image/svg+xml", purpose: "any")])
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(manifest)) ?? Data("{}".utf8)
        return StaticResource(bytes: ByteBuffer(data: data), contentType: "application/manifest+json", modified: Date(), policy: .appFile)
    }
}

/// `GET /api/sesi`: who is signed in, as an opaque key, and the session's CSRF token.
struct OfflineSession: Codable, Sendable {
    var account: String
    var csrf: String
}

/// The fields of the web app manifest Lentera writes (snake case in JSON).
struct WebAppManifest: Encodable {
    struct Icon: Encodable {
        var src: String
        var sizes: String
        var type: String
        var purpose: String
    }

    var name = "Lentera"
    var shortName = "Lentera"
    var description = Text.Offline.manifestDescription(.indonesian)
    var lang = "id"
    var startUrl = "/beranda"
    var scope = "/"
    var display = "standalone"
    /// `--bg` and `--brand` of `public/style.css`.
    var backgroundColor = "#f6f8f7"
    var themeColor = "#0b5d4b"
    var icons: [Icon]
}

extension OfflineFiles {
    /// The key that stands for an account in pages and in `/api/sesi`: its id, which the account's own pages may show.
    static func accountKey(_ account: Account) -> String {
        String(account.id)
    }
}
