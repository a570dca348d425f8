import Foundation
import LenteraCore

/// The sync tables of `/status`: each upstream's push status (kept in the database, the same on every node), this
/// node's mirror status, and the nodes that push here.
enum SyncStatusTable {
    /// The tables' HTML; empty when this server neither syncs with an upstream nor has nodes pushing to it.
    ///
    /// - Parameters:
    ///   - shared: the statuses kept in the database, whichever node ran their job.
    ///   - mirror: this node's last mirror run, when it mirrors.
    ///   - nodes: the nodes registered here.
    ///   - thisNode: this server process (``LeaseHolder/current``), marked where it ran a job.
    static func html(shared: [SyncStatus], mirror: SyncStatus?, nodes: [SyncNode], thisNode: String, language: Language) -> String {
        func text(_ key: String) -> String { SyncText.text(key, language) }
        var html = ""
        let statuses = (mirror.map { [$0] } ?? []) + shared
        if !statuses.isEmpty {
            html += "<h2>\(text("syncUpstreams"))</h2><table class=\"status\" tabindex=\"0\"><thead><tr>"
            for key in ["syncKind", "syncUpstream", "syncNode", "syncLastAttempt", "syncLastSuccess", "syncDetail", "syncLastError"] {
                html += "<th scope=\"col\">\(text(key))</th>"
            }
            html += "</tr></thead><tbody>"
            for status in statuses {
                let kind = text(status.kind == .mirror ? "syncKindMirror" : "syncKindPush")
                let node = status.node == thisNode ? "\(status.node) (\(text("syncThisNode")))" : status.node
                let succeeded = status.succeededAt.map { Self.date($0, language) } ?? "—"
                html += "<tr class=\"\(status.outcome == .succeeded ? "" : "bad")\"><td>\(kind)</td>"
                html += "<td><code>\(escapeText(status.upstream))</code></td>"
                html += "<td>\(escapeText(node))</td><td>\(Self.date(status.attemptedAt, language))</td><td>\(succeeded)</td>"
                html += "<td>\(escapeText(Self.detail(status, language)))</td><td>\(escapeText(Self.problem(status, language) ?? "—"))</td></tr>"
            }
            html += "</tbody></table>"
        }
        if !nodes.isEmpty {
            html += "<h2>\(text("syncRegionalNodes"))</h2><table class=\"status\" tabindex=\"0\"><thead><tr><th scope=\"col\">\(text("syncNode"))</th>"
                + "<th scope=\"col\">\(text("syncNodeLastSync"))</th><th scope=\"col\">\(text("syncNodeStatements"))</th></tr></thead><tbody>"
            for node in nodes {
                let lastSync = node.lastSync.map { Self.date($0, language) } ?? "—"
                html += "<tr><td>\(escapeText(node.name))</td><td>\(lastSync)</td><td>\(node.statements)</td></tr>"
            }
            html += "</tbody></table>"
        }
        return html
    }

    /// A moment as the other pages show it ("6 Desember 2026 12:25 WIB"), in a `<time>` element that keeps it in
    /// ISO 8601 for machines; escaped.
    static func date(_ date: Date, _ language: Language) -> String {
        "<time datetime=\"\(escapeAttribute(ISO8601DateFormatter().string(from: date)))\">"
            + escapeText(LearnerController.dateTime(date, language)) + "</time>"
    }

    /// The versions a mirror holds, or what the last push that sent statements sent.
    static func detail(_ status: SyncStatus, _ language: Language) -> String {
        switch status.kind {
        case .mirror: status.detail.isEmpty ? "—" : status.detail
        case .push: status.sent > 0 ? String(format: SyncText.text("syncSent", language), status.sent) : "—"
        }
    }

    /// Why the last run failed, or what the upstream refused; nil when it succeeded.
    static func problem(_ status: SyncStatus, _ language: Language) -> String? {
        guard let message = status.message else { return nil }
        if status.kind == .push && status.outcome == .partial && status.refused > 0 {
            return String(format: SyncText.text("syncRefused", language), status.refused) + ": " + message
        }
        return message
    }
}
