import Foundation
import Testing

@testable import LenteraCore

/// Issue "Learners on weak links": a certificate number typed by hand is found whatever its case, spaces and dashes.
@Suite struct CertificateNumberTests {
    @Test func aTypedNumberReadsAsTheCanonicalOne() {
        let canonical = "LTR-2026-XT7S-887T-QJMW"
        for typed in [
            canonical, "ltr 2026 xt7s-887t qjmw", "LTR2026XT7S887TQJMW", "  ltr-2026-xt7s-887t-qjmw\n", "L T R - 2 0 2 6 - X T 7 S 887T QJMW",
            "LTR–2026—XT7S‐887T−QJMW",  // en dash, em dash, hyphen, minus sign, as word processors write them
            "LTR-2026-XT7S-887T-\u{AD}QJMW\u{200B}",  // a soft hyphen and a zero-width space copied from a PDF
            "2026-XT7S-887T-QJMW", "2026 xt7s 887t qjmw",  // the prefix left out
        ] {
            #expect(JPLedger.canonicalCertificateNumber(typed) == canonical, "\(typed)")
        }
    }

    @Test func whatCannotBeANumberIsNone() {
        for typed in [
            "", "   ", "LTR", "LTR-2026-XT7S-887T-QJM", "LTR-2026-XT7S-887T-QJMWX", "LTR-20X6-XT7S-887T-QJMW", "LTR-2026-XT7S-887T-QJM!",
            "LTR-2026-XT7S-887T-QJMÉ", "LTR-2026-XT7S-887T-QJM\u{0}W", "LTX-2026-XT7S-887T-QJMW", "../LTR-2026-XT7S-887T-QJMW",
            String(repeating: " ", count: 1000) + "LTR-2026-XT7S-887T-QJMW",
        ] {
            #expect(JPLedger.canonicalCertificateNumber(typed) == nil, "\(typed.debugDescription)")
        }
    }

    @Test func everyNewNumberIsItsOwnCanonicalForm() {
        for _ in 0..<200 {
            let number = JPLedger.certificateNumber(year: 2026)
            #expect(JPLedger.canonicalCertificateNumber(number) == number)
            #expect(JPLedger.canonicalCertificateNumber(number.lowercased().replacingOccurrences(of: "-", with: " ")) == number)
        }
    }
}
