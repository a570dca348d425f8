import Foundation
import HTTPTypes
import Hummingbird
import LenteraCore
import NIOCore

extension LearnerController {
    /// The certificate a URL's `:number` names, with its owner, when the signed-in account may see it: its own, or a
    /// learner's it manages. Anyone else's is "not found", not "forbidden": its existence is not revealed.
    func certificateShown(to context: SignedInContext) async throws -> (entry: LedgerEntry, owner: Account) {
        guard let entry = try await store.entry(certificateNumber: try context.parameters.require("number")),
            let owner = try await store.account(id: entry.accountID), context.account.canManage(owner)
        else { throw HTTPError(.notFound) }
        return (entry, owner)
    }

    /// The site's address as certificates print it: `--base-url`, else the scheme and host the request came to.
    func siteAddress(_ request: Request) -> String {
        baseURL ?? request.head.authority.map { "\(request.uri.scheme == .https ? "https" : "http")://\($0)" } ?? ""
    }

    /// `GET /sertifikat/NUMBER/pdf`: the certificate as a one-page A4 landscape PDF, for the same people as its page and
    /// in the same words (the page's labels and dates, the NIP masked), with the issuing office, signatory and logo of
    /// the course's `<certificate>` over the server's `--certificate-*` settings. Shown in the browser (`inline`), saved
    /// as `sertifikat-NUMBER.pdf`, and never kept by a shared cache.
    @Sendable func certificatePDF(_ request: Request, context: SignedInContext) async throws -> Response {
        let (entry, owner) = try await certificateShown(to: context)
        let language = language(request)
        // The course as it is served now; a course since removed leaves the server's settings.
        let course = learning.site.site.courses.first { $0.id == entry.courseID }
        let issuer = (course?.certificateIssuer ?? CertificateIssuer()).overriding(certificateIssuer)
        var facts = [
            CertificateFact("JP", entry.jp.formatted(for: language)), CertificateFact(Text.Site.version(language), entry.displayVersion),
            CertificateFact(Text.Learner.started(language), Self.date(entry.startedAt, language)),
            CertificateFact(Text.Learner.finished(language), Self.date(entry.completedAt, language)),
        ]
        // A grade only where the course has one, as on the page.
        if let score = entry.score { facts.append(CertificateFact(Text.Learner.score(language), String(score))) }
        let text = CertificateText(
            heading: Text.Learner.certificateOf(language), awardedTo: Text.Learner.awardedTo(language), name: owner.name,
            nip: Text.Learner.nip(language) + " " + owner.nip.masked, forCompleting: Text.Learner.forCompleting(language),
            courseTitle: entry.courseTitle, facts: facts, numberLabel: Text.Learner.certificateNumber(language),
            number: entry.certificateNumber, verifyAt: Text.Learner.verifyAt(language),
            verificationURL: siteAddress(request) + "/verifikasi/\(entry.certificateNumber)"
        )
        var headers: HTTPFields = [
            .contentType: "application/pdf", .contentDisposition: "inline; filename=\"sertifikat-\(entry.certificateNumber).pdf\"",
            .cacheControl: "private, no-store",
        ]
        SecurityHeaders.apply(to: &headers, contentSecurityPolicy: SecurityHeaders.documentPolicy)
        let document = CertificatePDF.document(text, issuer: issuer)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: document)))
    }
}

extension ServerConfiguration {
    /// The server's certificate settings with ``certificateLogo`` read; a file that cannot be a logo stops the start.
    func certificateIssuerWithLogo() throws(StartupError) -> CertificateIssuer {
        var issuer = certificateIssuer
        guard let path = certificateLogo else { return issuer }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError(description: "cannot read the certificate logo \(path)")
        }
        do {
            issuer.logo = try CertificateImage(bytes: [UInt8](data))
        } catch {
            throw StartupError(description: "--certificate-logo \(path): \(error.message(in: .english))")
        }
        return issuer
    }
}
