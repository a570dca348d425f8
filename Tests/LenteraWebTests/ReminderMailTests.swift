import Foundation
import LenteraCore
import LenteraMail
import Testing

@testable import LenteraWeb

/// The reminder mail as it leaves Lentera (issue 14): MIME text a relay and a mail program read back exactly, no byte of
/// a name or a title able to end a header; the relay's URL read strictly.
@Suite struct ReminderMailTests {
    static func account(name: String = "Ani Lestari") throws -> Account {
        Account(id: 7, nip: try NIP(validating: "198503152010011001"), name: name, unit: UnitPath(parsing: "Pemkab Sleman")!, position: "",
                status: .pns, email: "ani@sleman.example.go.id", role: .learner, passwordHash: "", mustChangePassword: false)
    }

    /// The headers and the decoded body of a formatted message.
    static func read(_ text: String) -> (headers: [String], body: String) {
        let parts = text.components(separatedBy: "\r\n\r\n")
        let body = Data(base64Encoded: parts.dropFirst().joined().replacingOccurrences(of: "\r\n", with: "")).map { String(decoding: $0, as: UTF8.self) }
        return (parts[0].components(separatedBy: "\r\n"), body ?? "")
    }

    @Test func theMailNamesEachActivityAndLinksHomeInTheLanguageChosen() throws {
        let lines = ["Kursus A (2 JP): selesaikan paling lambat 26 Februari 2027 (Program)", "Kursus B (3 JP): tenggat 1 Februari 2027 sudah lewat (Program)"]
        let message = ReminderMailer.message(to: try Self.account(), lines: lines, from: "lentera@bkpsdm.example.go.id",
                                             baseURL: "https://lentera.example.go.id", language: .indonesian)
        #expect(message.subject == "Pengingat tenggat: 2 kegiatan program pembinaan")
        #expect(message.body.hasPrefix("Yth. Ani Lestari,\n"))
        #expect(message.body.contains("- \(lines[0])\n- \(lines[1])\n") && message.body.contains("Buka https://lentera.example.go.id/beranda untuk melanjutkan."))
        let english = ReminderMailer.message(to: try Self.account(), lines: [lines[0]], from: "l@b.id", baseURL: nil, language: .english)
        #expect(english.subject == "Deadline reminder: \(lines[0])" && english.body.hasPrefix("Dear Ani Lestari,") && english.body.contains("sign in with your NIP"))
    }

    @Test func headersStayOneLineAndTheBodyComesBackExactly() throws {
        let message = MailMessage(
            from: "lentera@bkpsdm.example.go.id", fromName: "Lentera", to: "ani@sleman.example.go.id", toName: "Ani\r\nBcc: mata@mata.id",
            subject: "Pengingat tenggat: Pelatihan \"Dasar\" – tahap 2\nX-Injected: ya", body: ".\nbaris dengan titik\n.\nJP ≥ 20\n"
        )
        let text = message.formatted(date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "m1@bkpsdm.example.go.id")
        let (headers, body) = Self.read(text)
        // Every header line is a header or a folded continuation (starts with a space); nothing injected.
        #expect(headers.allSatisfy { $0.hasPrefix(" ") || $0.contains(": ") })
        #expect(!headers.contains { $0.hasPrefix("Bcc") || $0.hasPrefix("X-Injected") })
        #expect(headers.contains("Date: Fri, 15 Jan 2027 08:00:00 +0000"))
        #expect(headers.contains("Message-ID: <m1@bkpsdm.example.go.id>"))
        #expect(headers.contains { $0.hasPrefix("Subject: =?UTF-8?B?") })
        #expect(headers.allSatisfy { $0.utf8.count <= 998 && $0.utf8.allSatisfy { $0 < 0x80 } })
        #expect(body == ".\r\nbaris dengan titik\r\n.\r\nJP ≥ 20\r\n")
        // The text ends in CRLF and no line is a lone dot (which would end the DATA early).
        #expect(text.hasSuffix("\r\n") && !text.components(separatedBy: "\r\n").contains("."))
    }

    @Test func theRelaysURLIsReadStrictly() throws {
        let plain = try SMTPRelay(url: "smtp://relay.sleman.go.id")
        #expect(plain.security == .none && plain.port == 25 && plain.username == nil)
        let submission = try SMTPRelay(url: "smtp+starttls://lentera:rahasia%20sekali@mail.sleman.go.id")
        #expect(submission.security == .startTLS && submission.port == 587 && submission.username == "lentera" && submission.password == "rahasia sekali")
        #expect(submission.described == "smtp+starttls://lentera@mail.sleman.go.id:587")
        #expect(try SMTPRelay(url: "smtps://mail.sleman.go.id:2465").port == 2465)
        for bad in ["http://mail.sleman.go.id", "smtp://lentera:rahasia@mail.sleman.go.id", "smtp://", "relay", "smtps://m.id?ca=/tidak/ada.pem",
                    "smtp://m.id?ca=/etc/hostname", "smtps://m.id?lain=1"] {
            #expect(throws: SMTPRelay.Invalid.self, "\(bad)") { try SMTPRelay(url: bad) }
        }
    }
}
