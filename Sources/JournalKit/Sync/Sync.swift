import Foundation
internal import GitKit

/// What one sync did.
public struct SyncReport: Sendable {
    public enum Integration: String, Sendable {
        case none
        case fastForward = "fast-forward"
        case merge
    }

    public let remote: String
    public let url: String
    /// Day files edited by hand that were committed first.
    public var handEdits: [String] = []
    /// Commits brought in from the remote, and sent to it.
    public var received = 0
    public var sent = 0
    public var integration = Integration.none
    /// Day files whose lines from both sides were kept.
    public var unioned: [String] = []
    /// Files edited here and not committed, which the sync did not overwrite.
    public var leftAlone: [String] = []
    /// Pushes that were refused as not fast-forward and redone after another fetch.
    public var retries = 0
    /// What the hand edits changed in entries, one line each (`amended "Title" (2026-11-29)`).
    public var entryChanges: [String] = []
    /// The journal has no remote: hand edits were committed, nothing was sent.
    public var noRemote = false
    /// Settings both machines changed: which value was kept and which replaced, one line a key.
    public var settings: [String] = []
}

/// `journal sync`: commit day files edited by hand, fetch, fast-forward or merge (day files keep
/// both sides' lines), push; on a push refused because the remote moved, fetch and merge again.
/// A failure leaves every entry committed here and says why in one line.
public struct Sync {
    public let journal: Journal
    public let writer: CommitWriter
    public let clock: Clock
    public let environment: [String: String]
    public var progress: ((SyncProgress) -> Void)?
    /// How many times a push refused because the remote moved is redone (fetch, integrate, push).
    public var attempts = 8

    public init(journal: Journal, writer: CommitWriter, clock: Clock, environment: [String: String]) {
        self.journal = journal
        self.writer = writer
        self.clock = clock
        self.environment = environment
    }

    public func run(remote requested: String?) throws -> SyncReport {
        try journal.requireWritable()
        // libgit2 caches the objects it reads, 256 MiB by default: a first push of 100,000 entries
        // in one pack then peaked at 1.1 GB, 0.6 GB with 64 MiB (BENCHMARKS.md). The push now goes
        // in steps with a cache of its own (`push`), and the walks over the whole history (commits
        // to count, where the steps stop) need none: 8 MiB. Small pack windows: libgit2 maps a
        // whole pack (1 GiB windows) and every page it touches while reading the remote's tree for
        // a push counts in the process's memory (99 MB for a push of one commit at 100,000
        // entries, 29 MB with these). Objects are not hashed again on every read, as git does not
        // either.
        return try Libgit2Options(
            objectCacheBytes: 8 << 20, verifiesObjectHashes: false, packWindowBytes: 1 << 20, packMappedLimitBytes: 16 << 20
        ).whileSet { try syncing(remote: requested) }
    }

    /// Where a sync goes: the remote, its URL and how to reach it, and the branch on both sides.
    private struct Target {
        let remote: String
        let url: RemoteURL
        let branch: String
        var branchRef: String { "refs/heads/\(branch)" }
        var trackingRef: String { "refs/remotes/\(remote)/\(branch)" }
        let access: SyncAccess
    }

    /// What one push attempt came to.
    private enum PushResult {
        case sent
        /// The remote moved between our fetch and our push: fetch, integrate and push again.
        case remoteMoved
    }

    private func syncing(remote requested: String?) throws -> SyncReport {
        if requested == nil, try journal.repository.remotes().isEmpty {
            // Nowhere to send to, but hand edits are still committed (and read back).
            var report = SyncReport(remote: "", url: "")
            (report.handEdits, report.entryChanges) = try commitHandEdits()
            report.noRemote = true
            return report
        }
        let target = try resolveTarget(requested)
        var report = SyncReport(remote: target.remote, url: target.url.display)
        (report.handEdits, report.entryChanges) = try commitHandEdits()
        for attempt in 1...attempts {
            try fetch(target)
            try requireJournalRemote(target)
            try writer.withLock {
                try integrate(
                    trackingRef: target.trackingRef, branchRef: target.branchRef, remote: target.remote,
                    branch: target.branch, report: &report)
            }
            switch try push(target, report: &report, mayRetry: attempt < attempts) {
            case .sent: return report
            case .remoteMoved:
                report.retries += 1
                // Machines that raced each other back off by different amounts before trying again.
                usleep(UInt32.random(in: 30_000...(100_000 * UInt32(attempt))))
            }
        }
        throw JournalError.remote(
            "\(target.remote) kept moving while syncing (\(attempts) tries); your entries are committed here, run journal sync again")
    }

    private func resolveTarget(_ requested: String?) throws -> Target {
        let remote = try journal.syncRemote(requested)
        let url = try journal.remoteURL(of: remote)
        let branch = try journal.journalBranch()
        guard let branchRef = try journal.repository.headReferenceName(), branchRef == "refs/heads/\(branch)" else {
            let here = try journal.repository.headBranchName().map { "on \($0)" } ?? "detached"
            throw JournalError.journal(
                "sync works on the journal's branch \(branch), but HEAD is \(here) in \(journal.root): switch back with git -C \(journal.root) switch \(branch) (after renaming the branch: git -C \(journal.root) config journal.branch NEWNAME)"
            )
        }
        let access = SyncAccess(
            url: url, settings: try SyncSettings.load(journal: journal, home: environment["HOME"]),
            environment: environment)
        return Target(remote: remote.name, url: url, branch: String(branchRef.dropFirst("refs/heads/".count)), access: access)
    }

    /// Commits day files edited by hand first, as no activity (`Hand-Edits`), then what they
    /// changed in entries; returns their paths and those changes.
    private func commitHandEdits() throws -> ([String], [String]) {
        let outcome = try writer.commitHandEdits(
            message: { count in
                CommitProtocol.message(title: "Take day files edited by hand", trailers: [(CommitProtocol.Key.handEdits, String(count))])
            },
            authorDate: clock.now, authorZone: clock.timeZone)
        return (outcome?.handEdits ?? [], outcome?.entryChanges.map(\.summary) ?? [])
    }

    /// Only journals are synced with: an empty remote is fine; one whose branch is missing, or has
    /// no `.journal/config`, is refused before anything is sent. (A different journal, with no
    /// history in common, is refused by `integrate`.)
    private func requireJournalRemote(_ target: Target) throws {
        let repository = journal.repository
        let branches = try repository.referenceNames(matching: "refs/remotes/\(target.remote)/*").filter { !$0.hasSuffix("/HEAD") }
        guard !branches.isEmpty else { return }
        guard let tip = try repository.referenceTarget(target.trackingRef) else {
            let names = branches.map { String($0.dropFirst("refs/remotes/\(target.remote)/".count)) }.sorted().joined(separator: ", ")
            throw JournalError.remote(
                "\(target.remote) is not this journal: it has \(names) but no \(target.branch); nothing was sent (sync only pushes the journal's branch \(target.branch))"
            )
        }
        guard try repository.treeEntryID(commit: tip, path: Journal.configPath) != nil else {
            throw JournalError.remote(
                "\(target.remote) is not a journal: its \(target.branch) has no \(Journal.configPath); nothing was sent")
        }
    }

    private func fetch(_ target: Target) throws {
        let hooks = try target.access.hooks(progress: progress.map { report in { report(SyncProgress($0)) } })
        try transfer("fetch from", remote: target.remote, url: target.url, hooks: hooks) {
            try journal.repository.fetch(remote: target.remote, hooks: hooks)
        }
    }

    /// Pushes the branch when the remote lacks something, and checks the server's answer for the ref.
    /// A long history (a first sync) goes in fast-forward steps of `pushStep` commits straight to
    /// the remote's branch: libgit2 holds every object of one push in memory and re-reads what its
    /// cache dropped, and a sync cut off midway leaves the remote at the last step it took, which
    /// the next sync fetches and goes on from.
    private func push(_ target: Target, report: inout SyncReport, mayRetry: Bool) throws -> PushResult {
        let repository = journal.repository
        guard let local = try repository.headCommitID() else { return .sent }
        let before = try repository.referenceTarget(target.trackingRef)
        if before == local { return .sent }
        let toSend = try repository.countCommits(from: local, notIn: before)
        let step = pushStep
        var stops: [ObjectID] = []
        if toSend > step {
            let line = try repository.firstParentLine(from: local, notIn: before)
            stops = stride(from: step - 1, to: line.count - 1, by: step).map { line[$0] }
        }
        for stop in stops + [local] {
            // libgit2 keeps the trees it parsed for a pack in its object cache, at about three
            // times the size it counts: with 64 MiB a first push of 100,000 entries grew by 30 MB
            // a step, and a cache of 4 MiB costs a few percent more time. The packbuilder maps and
            // unmaps a window for nearly every object it reads when windows are small (1 MiB or
            // 32 MiB, 16 or 64 MiB mapped: 517,000 mmaps for 10,000 commits, 30 s of system time
            // for a first push), so the steps of a long push use libgit2's defaults: faster (64 s
            // against 110 s, at 100,000 entries on a loaded machine) at a higher peak (339 MB
            // against 102 MB).
            let options =
                stops.isEmpty
                ? Libgit2Options(objectCacheBytes: 4 << 20)
                : Libgit2Options(objectCacheBytes: 4 << 20, packWindowBytes: 1 << 30, packMappedLimitBytes: 8 << 30)
            let result = try options.whileSet {
                try pushOnce(target, commit: stop == local ? nil : stop, mayRetry: mayRetry)
            }
            if case .remoteMoved = result { return .remoteMoved }
            if stop != local { FaultInjection.reached("after-push-step") }
        }
        report.sent += toSend
        // A tracking ref libgit2 did not move (some servers report nothing) is moved here, so
        // status does not count sent entries as unsent.
        if try repository.referenceTarget(target.trackingRef) != local {
            try? repository.moveReference(
                target.trackingRef, to: local, expected: try repository.referenceTarget(target.trackingRef),
                message: "journal sync: push")
        }
        if try repository.configuration().string("branch.\(target.branch).remote") == nil {
            try repository.setUpstream(branch: target.branch, remote: target.remote)
        }
        return .sent
    }

    /// How many commits one push step sends at most: `JOURNAL_SYNC_PUSH_STEP` when set (the tests
    /// use a few), else 5,000 (about 30,000 objects, which libgit2's object cache holds).
    var pushStep: Int {
        if let text = environment["JOURNAL_SYNC_PUSH_STEP"], let value = Int(text), value > 0 { return value }
        return 5000
    }

    /// The local ref a push step is sent from (libgit2 1.5 pushes refs, not commit ids); it
    /// exists only during the step.
    static let stepReference = "refs/journal/sync-step"

    /// One push to the remote's branch: of `commit` when given, else of the branch itself.
    private func pushOnce(_ target: Target, commit: ObjectID?, mayRetry: Bool) throws -> PushResult {
        let repository = journal.repository
        var source = target.branchRef
        if let commit {
            source = Sync.stepReference
            try repository.deleteReference(source)
            try repository.moveReference(source, to: commit, expected: nil, message: "journal sync: push step")
        }
        defer { if commit != nil { try? repository.deleteReference(Sync.stepReference) } }
        let hooks = try target.access.hooks(progress: progress.map { report in { report(SyncProgress($0)) } })
        do {
            try transfer("push to", remote: target.remote, url: target.url, hooks: hooks) {
                try repository.push(remote: target.remote, refspecs: ["\(source):\(target.branchRef)"], hooks: hooks)
            }
        } catch SyncError.remoteMoved where mayRetry {
            return .remoteMoved
        } catch SyncError.remoteMoved {
            throw JournalError.remote(
                "\(target.remote) kept moving while syncing (\(attempts) tries); your entries are committed here, run journal sync again")
        }
        if let rejection = hooks.rejectedReferences.first {
            // The ref moved between our fetch and our push (receive-pack's own words for it).
            let moved = Sync.remoteMoved(rejection.reason)
            if moved && mayRetry { return .remoteMoved }
            if moved {
                throw JournalError.remote(
                    "\(target.remote) kept moving while syncing (\(attempts) tries); your entries are committed here, run journal sync again"
                )
            }
            var message = "\(target.remote) refused \(rejection.reference): \(rejection.reason)"
            let said = Sync.serverLines(hooks.serverMessages)
            if !said.isEmpty { message += " (the server said: \(said))" }
            throw JournalError.remote(message + "; your entries are committed here, nothing was lost")
        }
        return .sent
    }

    /// Brings the remote's commits into the branch: nothing when they are already in it, a
    /// fast-forward when the branch is behind, else a merge commit. Runs under the journal lock.
    private func integrate(trackingRef: String, branchRef: String, remote: String, branch: String, report: inout SyncReport) throws {
        let repository = journal.repository
        guard let local = try repository.headCommitID(), let theirs = try repository.referenceTarget(trackingRef) else { return }
        if try repository.isAncestor(theirs, of: local) { return }
        let localTree = try repository.treeID(ofCommit: local)
        if try repository.isAncestor(local, of: theirs) {
            report.received += try repository.countCommits(from: theirs, notIn: local)
            let interrupted = InterruptedWrite(repository: repository)
            let theirTree = try repository.treeID(ofCommit: theirs)
            try interrupted.around(from: local, toTree: theirTree) {
                try repository.moveReference(
                    branchRef, to: theirs, expected: local, message: "journal sync: fast-forward to \(remote)/\(branch)")
            }
            FaultInjection.reached("after-sync-ref")
            report.leftAlone += try repository.checkout(tree: theirTree, baseline: localTree)
            interrupted.end()
            report.integration = .fastForward
            return
        }
        guard try repository.mergeBase(local, theirs) != nil else {
            throw JournalError.remote(
                "\(remote) holds a different journal (no history in common with this one); nothing was changed. To work on that journal, clone it: journal clone URL DIR"
            )
        }
        // Day files both sides changed merge entry by entry, as the merged history keeps each entry.
        // The settings merge key by key, the newer change winning a key both sides set.
        var mergedEntries: (entries: [String: HistoryEntry], kept: Set<Day>?)?
        var settingsDecisions: [String] = []
        let outcome = try repository.mergeTrees(
            ours: local, theirs: theirs, unionMerge: { $0.hasPrefix("entries/") || $0 == Journal.configPath },
            rewrite: (
                ["entries", ".journal"],
                { path, baseText, ourText, theirText in
                    if path == Journal.configPath {
                        let base = try repository.mergeBase(local, theirs)
                        let newer = try SettingsMerge.oursIsNewer(ours: local, theirs: theirs, base: base, in: repository)
                        let (merged, decisions) = try SettingsMerge(oursIsNewer: newer).merge(
                            base: baseText, ours: ourText, theirs: theirText)
                        settingsDecisions = decisions
                        return merged
                    }
                    guard let day = Journal.day(ofDayFile: path) else { return nil }
                    if mergedEntries == nil { mergedEntries = try mergedHistory(local: local, theirs: theirs) }
                    return DayFileMerge.byEntry(
                        day: day, base: baseText, ours: ourText, theirs: theirText, entries: mergedEntries?.entries ?? [:])
                }
            ))
        guard outcome.conflicts.isEmpty, let mergedTree = outcome.tree else {
            let files = outcome.conflicts.joined(separator: ", ")
            throw JournalError.conflict(
                "sync stopped before changing anything: \(files) changed both here and on \(remote) in ways that do not merge; resolve with git -C \(journal.root) pull \(remote) \(branch), fix the file, git commit, then journal sync"
            )
        }
        let tree = try reconcileDayFiles(in: mergedTree, local: local, theirs: theirs, entries: &mergedEntries)
        report.received += try repository.countCommits(from: theirs, notIn: local)
        let now = clock.now
        let authorship = writer.authorship
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: now, timeZone: clock.timeZone)
        let committer = Signature(name: authorship.committerName, email: authorship.committerEmail, date: now, timeZone: clock.timeZone)
        // Moves HEAD only if it is still `local`; a crash after this is healed from HEAD by the next command.
        let interrupted = InterruptedWrite(repository: repository)
        _ = try interrupted.around(from: local, toTree: tree) {
            try repository.createCommit(
                tree: tree, parents: [local, theirs], author: author, committer: committer,
                message: CommitProtocol.message(title: "Merge entries from \(remote)", trailers: []))
        }
        FaultInjection.reached("after-sync-ref")
        report.leftAlone += try repository.checkout(tree: tree, baseline: localTree)
        interrupted.end()
        report.unioned = outcome.unioned.filter { $0 != Journal.configPath }
        report.settings = settingsDecisions
        report.integration = .merge
    }

    /// The merged tree with the day files of every entry either side changed brought in line with
    /// the merged history (`DayFileReconcile`).
    private func reconcileDayFiles(
        in tree: ObjectID, local: ObjectID, theirs: ObjectID, entries: inout (entries: [String: HistoryEntry], kept: Set<Day>?)?
    ) throws -> ObjectID {
        let repository = journal.repository
        guard let base = try repository.mergeBase(local, theirs) else { return tree }
        if entries == nil { entries = try mergedHistory(local: local, theirs: theirs) }
        var live = entries?.entries ?? [:]
        var days = try DayFileReconcile.touchedDays(from: local, since: base, in: repository, entries: live)
            .union(try DayFileReconcile.touchedDays(from: theirs, since: base, in: repository, entries: live))
        if let kept = entries?.kept, !days.isSubset(of: kept) {
            // An entry changed above the merge base whose newest state is older than it (history
            // merged in from elsewhere): its day's other entries were not kept, so read them all.
            live = try HistoryCache.wholeRead.whileSet { try History.merged(repository, tips: [local, theirs]).entries }
            entries = (live, nil)
            days = try DayFileReconcile.touchedDays(from: local, since: base, in: repository, entries: live)
                .union(try DayFileReconcile.touchedDays(from: theirs, since: base, in: repository, entries: live))
        }
        let templates = Templates(journalRoot: journal.root)
        let edit = TreeEdit(repository: repository, base: tree)
        var changed = false
        for day in days.sorted() {
            let path = Journal.dayFile(day)
            let current = try repository.treeEntryID(tree: tree, path: path).map {
                String(decoding: try repository.blobContent($0), as: UTF8.self)
            }
            guard current != nil || live.values.contains(where: { $0.date == day && $0.kind == .entry }) else { continue }
            let text = try current ?? DayFileRendering.header(for: day, templates: templates)
            let fixed = try DayFileReconcile.reconcile(text, day: day, entries: live, templates: templates)
            if fixed != current {
                try edit.set(path: path, data: Data(fixed.utf8))
                changed = true
            }
        }
        return changed ? try edit.write() : tree
    }

    /// The merged history's live entries that the merge of day files can ask about: those of the
    /// days either side changed since the merge base (day files changed, `Entry-Date`s of the
    /// commits above it) and those the commits above it name. The whole history is read once, but
    /// only these entries are kept (all 100,000 of a large journal, bodies included, were 250 MB);
    /// `kept` is the set of days whose entries are all there.
    private func mergedHistory(local: ObjectID, theirs: ObjectID) throws -> (entries: [String: HistoryEntry], kept: Set<Day>?) {
        let repository = journal.repository
        guard let base = try repository.mergeBase(local, theirs) else {
            return (try HistoryCache.wholeRead.whileSet { try History.merged(repository, tips: [local, theirs]).entries }, nil)
        }
        var days = Set<Day>()
        var ids = Set<String>()
        let baseTree = try repository.treeID(ofCommit: base)
        for tip in [local, theirs] {
            for path in try repository.changedBlobs(from: baseTree, to: try repository.treeID(ofCommit: tip), under: "entries").keys {
                if let day = Journal.day(ofDayFile: path) { days.insert(day) }
            }
            try repository.scanCommits(from: tip, hiding: base) { _, message in
                let facts = try CommitProtocol.read(message)
                if let date = facts.entryDate { days.insert(date) }
                if let id = facts.entryID { ids.insert(id) }
                return true
            }
        }
        // Read as the cache's update reads: only the commits above the merge base, and the history
        // file's records of the days and ids asked about (`HistoryUpdate.mergedEntries`).
        let read = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryUpdate.mergedEntries(repository, local: local, theirs: theirs) { day, id in
                days.contains(day) || ids.contains(id)
            }
        }
        if let read { return (read, days) }
        var consumer = MergeEntries(days: days, ids: ids)
        let wanted = MergeEntries(days: days, ids: ids)
        try HistoryCache.wholeRead.whileSet {
            try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
                // Below the merge base every commit is held until it can be ordered: an entry the
                // merge does not ask about is held as a deletion of its id, which decides the id
                // just as its state would (the consumer would not keep it either), without its body.
                try History.replayAll(repository, tips: [local, theirs], into: &consumer) { event in
                    switch event {
                    case .entry(let entry): return wanted.wants(entry) ? event : .deleteEntry(entry.id)
                    case .deleteEntry: return event
                    default: return nil
                    }
                }
            }
        }
        return (consumer.entries, days)
    }

    /// Keeps the entries of some days, and some entries by id, of a history read.
    struct MergeEntries: HistoryConsumer {
        let days: Set<Day>
        let ids: Set<String>
        var entries: [String: HistoryEntry] = [:]

        func wants(_ entry: HistoryEntry) -> Bool { days.contains(entry.date) || ids.contains(entry.id) }

        mutating func take(_ entry: HistoryEntry) {
            if wants(entry) { entries[entry.id] = entry }
        }

        mutating func takeRest(_ day: Day, declared: Bool) {}
    }

    enum SyncError: Error { case remoteMoved }

    /// Whether a server's words mean the branch moved between our fetch and our push
    /// (receive-pack's reasons, and the lock a racing push holds).
    static func remoteMoved(_ reason: String) -> Bool {
        ["non-fast-forward", "fetch first", "stale info", "cannot lock ref", "failed to update ref", "but expected", "is at "]
            .contains { reason.contains($0) }
    }

    /// Runs a fetch or push, turning libgit2's failures into one line a user can act on.
    private func transfer(_ what: String, remote: String, url: RemoteURL, hooks: TransferHooks, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as GitError {
            throw Sync.describe(error, what: what, remote: remote, url: url, hooks: hooks)
        }
    }

    /// `kept` ends the line: what became of the user's entries (nothing to say for a clone).
    static func describe(
        _ error: GitError, what: String, remote: String, url: RemoteURL, hooks: TransferHooks,
        kept: String? = "your entries are committed here, and the next journal sync sends them"
    ) -> Error {
        let kept = kept.map { "; " + $0 } ?? ""
        // A refusal ends with what to do (often a line to copy), so nothing is added after it.
        if let refusal = hooks.refusal { return JournalError.remote(refusal) }
        if error.isNonFastForward || remoteMoved(error.message) { return SyncError.remoteMoved }
        let message = error.message
        let lower = message.lowercased()
        if hooks.credentialsExhausted || error.isAuthentication || lower.contains("authentication") || lower.contains("401") {
            let hint: String
            switch url.transport {
            case .http, .https: hint = "set JOURNAL_GIT_TOKEN, or store the credentials in git's credential helper"
            case .ssh: hint = "add your key to ssh-agent, or set sync.ssh-key (and JOURNAL_SSH_PASSPHRASE if it has one)"
            default: hint = "check the remote's access rights"
            }
            return JournalError.remote("authentication refused for \(url.display); \(hint)\(kept)")
        }
        // Checked first: libgit2 calls a missing local path an "unsupported URL protocol".
        if url.transport == .local || url.transport == .file, !FileManager.default.fileExists(atPath: url.path) {
            return JournalError.remote("cannot reach \(remote): \(url.path) does not exist (a disk not mounted?)\(kept)")
        }
        if error.isNetwork || lower.contains("connect") || lower.contains("resolve") || lower.contains("timed out")
            || lower.contains("unreachable")
        {
            return JournalError.remote("cannot reach \(remote) (\(url.display)): \(message)\(kept)")
        }
        return JournalError.remote("cannot \(what) \(remote) (\(url.display)): \(message)\(kept)")
    }

    /// The server's own words ("remote: ..." lines), on one line.
    static func serverLines(_ text: String) -> String {
        // Control characters (terminal escapes) from the server are dropped, as git does.
        let printable = String(
            String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" || $0.value >= 0x20 && $0.value != 0x7F }))
        return printable.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " / ")
    }
}

extension Journal {
    /// The remote to sync with: the one named, else `origin`, else the only one.
    func syncRemote(_ name: String?) throws -> RemoteInfo {
        let remotes = try repository.remotes()
        if let name {
            guard let remote = remotes.first(where: { $0.name == name }) else {
                throw JournalError.badInput("no remote named \(name); journal remote list shows them")
            }
            return remote
        }
        if let origin = remotes.first(where: { $0.name == "origin" }) { return origin }
        if remotes.count == 1 { return remotes[0] }
        if remotes.isEmpty { throw JournalError.badInput("this journal has no remote: add one with journal remote add URL") }
        throw JournalError.badInput("this journal has several remotes and none is called origin: choose one with --remote NAME")
    }

    func remoteURL(of remote: RemoteInfo) throws -> RemoteURL {
        do {
            return try RemoteURL.parse(remote.url, relativeTo: root)
        } catch let error as JournalError {
            throw JournalError.badInput(
                "remote \(remote.name): \(error.description); change it with journal remote set-url \(remote.name) URL")
        }
    }
}
