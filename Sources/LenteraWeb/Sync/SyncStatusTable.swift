import Foundation
import LenteraCore
import Mustache

/// The sync tables of `/status` (template `syncStatus`): each upstream's push status (kept in the database, the same on
/// every node), this node's mirror status, and the nodes that push here. Rendered empty when this server neither syncs
/// with an upstream nor has nodes pushing to it.
///
/// What another machine wrote (addresses, node names, messages) comes escaped, as `…HTML`, the way these tables always
/// escaped it.
struct SyncStatusTable: Sendable {
    /// A moment as the other pages show it ("6 Desember 2026 12:25 WIB"), kept in ISO 8601 for the `<time>` element.
    struct Moment: Sendable {
        /// ISO 8601, for machines.
        var iso: String
        /// As people read it, in Western Indonesian Time.
        var text: String

        /// A moment in a language.
        init(_ date: Date, _ language: Language) {
            iso = ISO8601DateFormatter().string(from: date)
            text = LearnerController.dateTime(date, language)
        }
    }

    /// One job's row: a push to an upstream, or this node's mirror.
    struct Job: Sendable {
        /// What the job does, in words.
        var kind: String
        /// Whether its last run did everything; the row is marked otherwise.
        var succeeded: Bool
        var upstreamHTML: String
        /// The server process that ran it last, marked "(node ini)" when it is this one.
        var nodeHTML: String
        var attempted: Moment
        var succeededAt: Moment?
        /// The versions mirrored or the statements sent, "—" for none.
        var detailHTML: String
        /// Why the last run failed or what was refused, "—" for nothing.
        var problemHTML: String
    }

    /// A node that pushes here.
    struct Node: Sendable {
        var nameHTML: String
        var lastSync: Moment?
        var statements: Int
    }

    /// The interface text of the tables' language (``Text/table(_:)``).
    var labels: [String: String]
    /// This node's mirror first, then the pushes kept in the database.
    var jobs: [Job]
    var nodes: [Node]

    /// The tables for the statuses kept in the database (`shared`, whichever node ran their job), this node's last
    /// mirror run (`mirror`), the nodes registered here, with this server process (`thisNode`, ``LeaseHolder/current``)
    /// marked where it ran a job.
    init(shared: [SyncStatus], mirror: SyncStatus?, nodes: [SyncNode], thisNode: String, language: Language) {
        labels = Text.table(language)
        jobs = ((mirror.map { [$0] } ?? []) + shared).map { status in
            Job(
                kind: (status.kind == .mirror ? Text.Sync.syncKindMirror : status.kind == .mail ? .syncKindMail : .syncKindPush)(language),
                succeeded: status.outcome == .succeeded, upstreamHTML: escapeText(status.upstream),
                nodeHTML: escapeText(status.node == thisNode ? "\(status.node) (\(Text.Sync.syncThisNode(language)))" : status.node),
                attempted: Moment(status.attemptedAt, language), succeededAt: status.succeededAt.map { Moment($0, language) },
                detailHTML: escapeText(Self.detail(status, language)), problemHTML: escapeText(Self.problem(status, language) ?? "—")
            )
        }
        self.nodes = nodes.map { node in
            Node(nameHTML: escapeText(node.name), lastSync: node.lastSync.map { Moment($0, language) }, statements: node.statements)
        }
    }

    /// The versions a mirror holds, or what the last push that sent statements sent.
    static func detail(_ status: SyncStatus, _ language: Language) -> String {
        switch status.kind {
        case .mirror: status.detail.isEmpty ? "—" : status.detail
        case .push: status.sent > 0 ? Text.Sync.syncSent(language, status.sent) : "—"
        case .mail: status.sent > 0 ? Text.Sync.syncMailed(language, status.sent) : "—"
        }
    }

    /// Why the last run failed, or what the upstream refused; nil when it succeeded.
    static func problem(_ status: SyncStatus, _ language: Language) -> String? {
        guard let message = status.message else { return nil }
        if status.kind == .push && status.outcome == .partial && status.refused > 0 {
            return Text.Sync.syncRefused(language, status.refused) + ": " + message
        }
        if status.kind == .mail && status.outcome == .partial {
            return Text.Sync.syncMailRefused(language)
        }
        return message
    }
}

extension SyncStatusTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "jobs": jobs
        case "hasJobs": !jobs.isEmpty
        case "nodes": nodes
        case "hasNodes": !nodes.isEmpty
        default: nil
        }
    }
}

extension SyncStatusTable.Moment: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "iso": iso
        case "text": text
        default: nil
        }
    }
}

extension SyncStatusTable.Job: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "succeeded": succeeded
        case "upstreamHTML": upstreamHTML
        case "nodeHTML": nodeHTML
        case "attempted": attempted
        case "succeededAt": succeededAt
        case "detailHTML": detailHTML
        case "problemHTML": problemHTML
        default: nil
        }
    }
}

extension SyncStatusTable.Node: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nameHTML": nameHTML
        case "lastSync": lastSync
        case "statements": statements
        default: nil
        }
    }
}
