import Foundation
import Hummingbird
import LenteraCore

extension LearnerController {
    /// `GET /verifikasi`: a form to type a certificate number. With `?nomor=`, the number is read whatever its case,
    /// spaces and dashes (``JPLedger/canonicalCertificateNumber(_:)``) and the browser is sent on (303) to its
    /// verification page; a number not on record is answered 404 with the form and what was typed, to correct it.
    ///
    /// As public as `/verifikasi/NUMBER` and no more: it asks the store for the same record by the same number, so it
    /// adds no way to find certificates, and the 60 random bits of a number keep guessing out of reach. It is not
    /// throttled: ``SignInThrottle`` counts sign-in failures per NIP and address, and lookups counted there would lock
    /// people behind one office address out of signing in.
    @Sendable func verificationForm(_ request: Request, context: LenteraContext) async throws -> Response {
        let language = language(request)
        let chrome = renderer.chrome(language, title: Text.Learner.verification(language))
        let typed = String((request.queryFields["nomor"] ?? "").prefix(100))
        guard !typed.trimmingSpaces().isEmpty else {
            let model = VerificationFormPage(chrome: chrome, labels: Text.table(language), number: "", notFound: false)
            return page("verificationForm", model: model, request: request, context: context)
        }
        if let number = JPLedger.canonicalCertificateNumber(typed), try await store.entry(certificateNumber: number) != nil {
            return Self.redirect("/verifikasi/" + number)
        }
        let model = VerificationFormPage(chrome: chrome, labels: Text.table(language), number: typed, notFound: true)
        return page("verificationForm", model: model, request: request, context: context, status: .notFound)
    }
}
