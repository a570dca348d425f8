import Foundation
import HummingbirdTesting
import Testing

@testable import LenteraWeb

@Suite struct SmokeTests {
    @Test func catalogueAnswers() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let data = NSTemporaryDirectory() + "lentera-data-" + UUID().uuidString
        let app = try await buildApplication(
            ServerConfiguration(coursesDirectory: root + "/courses", dataDirectory: data, publicDirectory: root + "/public")
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Penyusunan Program Pembinaan ASN"))
            }
        }
    }
}
