import Foundation
import LenteraCore
import LenteraContent
import Logging

extension SiteBuilder {
    /// A copy to make: a course served from its folder, loaded when the folder had `fingerprint`.
    struct KeepJob: Sendable {
        var course: Course
        var fingerprint: String
        var previous: LastGoodCopies.Copy?
    }

    /// What became of a copy.
    struct KeepOutcome: Sendable {
        var id: String
        var version: String
        var copy: LastGoodCopies.Copy?
        var failure: String?
        /// The folder changed while it was copied: the next refresh loads it again, and copies that version.
        var folderChanged = false
    }

    /// Reads which copies the data folder keeps, once, and clears what an interrupted copy left there. When the
    /// directory cannot be listed, no copy is ever removed by this process (what is there is not known).
    func readKeptCopies() {
        keptRead = true
        guard let lastGood else { return }
        do {
            let listing = try lastGood.list()
            kept = listing.copies
            keptKnown = true
            for (id, reason) in listing.damaged.sorted(by: { $0.key < $1.key }) {
                logger.warning("a last good copy in the data folder cannot be read; it is replaced when its course loads", metadata: [
                    "course": "\(id)", "error": "\(reason)",
                ])
            }
            lastGood.tidy()
        } catch {
            logger.error("cannot read the last good copies in the data folder; a course broken now is not served until it is fixed", metadata: [
                "error": "\(error)"
            ])
        }
    }

    /// Copies each course served from its folder whose kept copy is missing or older (one at a time, off the actor),
    /// then removes the copies of courses no longer served.
    ///
    /// A copy goes when its course stops being served while the server runs: its folder was removed (the course is
    /// withdrawn, as it always was) or now loads as another course. A copy whose folder is absent when the server
    /// starts is left alone and not served (a courses folder not mounted yet looks empty); nor is one whose folder is
    /// there but loads neither itself nor its copy (that may pass).
    func keepLastGood() async {
        keepAgain = false
        guard let lastGood else { return }
        var jobs: [KeepJob] = []
        for (id, name) in owners.sorted(by: { $0.key < $1.key }) {
            // Served from its copy, or changed since it loaded (it is broken now): there is nothing new to copy.
            guard let state = folders[name], let good = state.good, let fingerprint = state.goodFingerprint, state.fingerprint == fingerprint
            else { continue }
            if let copy = kept[id], copy.manifest.folder == name, copy.manifest.contentVersion == good.course.contentVersion { continue }
            if keepFailed[id] == good.course.contentVersion { continue }
            if keeping.contains(id) {
                keepAgain = true
                continue
            }
            jobs.append(KeepJob(course: good.course, fingerprint: fingerprint, previous: kept[id]))
        }
        if !jobs.isEmpty {
            for job in jobs { keeping.insert(job.course.id) }
            let loader = loader
            // One course at a time, each off the actor: a copy reads, hashes and syncs every file, and several at once
            // would hold every thread the server answers requests on.
            var outcomes: [KeepOutcome] = []
            for job in jobs {
                outcomes.append(
                    await Task.detached(priority: .background) {
                        var outcome = KeepOutcome(id: job.course.id, version: job.course.contentVersion)
                        do {
                            outcome.copy = try lastGood.keep(job.course, from: loader, fingerprint: job.fingerprint, previous: job.previous)
                        } catch let error as LastGoodCopies.Failure {
                            outcome.failure = error.description
                            outcome.folderChanged = error.folderChanged
                        } catch {
                            outcome.failure = "\(error)"
                        }
                        return outcome
                    }.value
                )
            }
            for outcome in outcomes.sorted(by: { $0.id < $1.id }) {
                keeping.remove(outcome.id)
                if let copy = outcome.copy {
                    kept[outcome.id] = copy
                    keepFailed[outcome.id] = nil
                    logger.debug("last good copy kept in the data folder", metadata: ["course": "\(outcome.id)", "copy": "\(copy.path)"])
                } else if outcome.folderChanged {
                    logger.debug("course folder changed while it was copied; copied again when it loads", metadata: ["course": "\(outcome.id)"])
                } else {
                    keepFailed[outcome.id] = outcome.version
                    logger.error("cannot keep the last good copy of a course in the data folder; if the course breaks, it is served only until a restart",
                                 metadata: ["course": "\(outcome.id)", "error": "\(outcome.failure ?? "")"])
                }
            }
        }
        guard keptKnown else { return }  // what is kept is not known: nothing is removed
        var retained = Set(owners.keys).union(keeping)
        for (id, copy) in kept {
            let folder = copy.manifest.folder
            if let state = folders[folder] {
                if state.good == nil { retained.insert(id) }
            } else if !removedFolders.contains(folder) {
                retained.insert(id)
            }
        }
        keepFailed = keepFailed.filter { owners[$0.key] != nil }
        do {
            for id in try lastGood.prune(keeping: retained) {
                kept[id] = nil
                logger.info("last good copy removed: its course is no longer served here", metadata: ["course": "\(id)"])
            }
        } catch {
            logger.warning("cannot remove the last good copies no longer needed", metadata: ["error": "\(error)"])
        }
    }
}
