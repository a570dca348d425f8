import Foundation
import LenteraCore
import Testing

@testable import LenteraWeb

/// The templates split by area, and the page parts once built in Swift that are templates now.
@Suite struct TemplatesTests {
    static func renderer() throws -> PageRenderer {
        try PageRenderer(assets: .init(style: "/s.css", icon: "/i.svg", script: "/l.js"))
    }

    @Test func everyTemplateHasOneNameAcrossTheAreas() {
        let names = Templates.areas.flatMap(\.keys)
        #expect(names.count == Set(names).count)
        #expect(Templates.all.count == names.count)
        for name in ["layout", "home", "quizAttempt", "operator", "syncStatus", "quizItemStatistics"] {
            #expect(Templates.all[name] != nil, "\(name)")
        }
    }

    @Test func theSyncTablesAreEmptyWithoutSyncAndEscapeWhatAnotherMachineWrote() throws {
        let renderer = try Self.renderer()
        let none = SyncStatusTable(shared: [], mirror: nil, nodes: [], thisNode: "node-a", language: .indonesian)
        #expect(renderer.render(none, "syncStatus") == "")

        let attempted = Date(timeIntervalSince1970: 1_800_000_000)
        let push = SyncStatus(
            kind: .push, upstream: "https://pusat.example", node: "node-a", attemptedAt: attempted, succeededAt: nil, outcome: .failed,
            message: "<b>ditolak</b> 'semua'", sent: 0, refused: 0
        )
        let node = SyncNode(id: 1, name: "Kab. \"Sleman\" & Bantul", lastSync: nil, statements: 4)
        let html = renderer.render(
            SyncStatusTable(shared: [push], mirror: nil, nodes: [node], thisNode: "node-a", language: .indonesian), "syncStatus"
        )
        #expect(html.hasPrefix("<h2>Sinkronisasi ke hulu</h2><table class=\"status\" tabindex=\"0\"><thead><tr><th scope=\"col\">Jenis</th>"))
        #expect(html.contains("<tr class=\"bad\"><td>kemajuan (xAPI)</td><td><code>https://pusat.example</code></td><td>node-a (node ini)</td>"))
        #expect(html.contains("<td>—</td><td>—</td><td>&lt;b&gt;ditolak&lt;/b&gt; 'semua'</td></tr></tbody></table>"))
        #expect(html.contains("<tr><td>Kab. &quot;Sleman&quot; &amp; Bantul</td><td>—</td><td>4</td></tr></tbody></table>"))
        #expect(!html.contains("\n"))
    }
}
