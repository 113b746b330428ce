import Foundation
internal import GitKit

extension Journal {
    /// The journal's remotes, as `.git/config` lists them.
    public func remotes() throws -> [Remote] {
        try repository.remotes().map(Remote.init)
    }

    /// Adds remote `name` (default `origin`) at `url`, once the URL is checked.
    @discardableResult
    public func addRemote(url raw: String, name: String = "origin") throws -> Remote {
        try Journal.requireRemoteName(name)
        let url = try RemoteURL.parse(raw)
        if try repository.remoteURL(name) != nil {
            throw JournalError.badInput("remote \(name) exists already; change its URL with journal remote set-url \(name) URL")
        }
        try repository.addRemote(name: name, url: url.text)
        return Remote(RemoteInfo(name: name, url: url.text))
    }

    public func removeRemote(name: String) throws {
        guard try repository.remoteURL(name) != nil else {
            throw JournalError.badInput("no remote named \(name); journal remote list shows them")
        }
        try repository.removeRemote(name: name)
    }

    @discardableResult
    public func setRemoteURL(name: String, url raw: String) throws -> Remote {
        guard try repository.remoteURL(name) != nil else {
            throw JournalError.badInput("no remote named \(name); add it with journal remote add URL --name \(name)")
        }
        let url = try RemoteURL.parse(raw)
        try repository.setRemoteURL(name: name, url: url.text)
        return Remote(RemoteInfo(name: name, url: url.text))
    }

    static func requireRemoteName(_ name: String) throws {
        guard Repository.isValidRemoteName(name), !name.hasPrefix("-") else {
            throw JournalError.badInput("\"\(name)\" is not a remote name; use letters, digits and dashes, e.g. origin")
        }
    }

    /// How this journal stands against its sync remote, as far as the last fetch or push knows
    /// (no network): commits not yet pushed (of every kind: entries, corrections, settings, rest
    /// days, hand edits, merges), and commits fetched but not yet merged.
    public func syncState() throws -> SyncState? {
        guard let remote = try? syncRemote(nil), let branch = try repository.headBranchName(),
            let head = try repository.headCommitID()
        else { return nil }
        let tracking = try repository.referenceTarget("refs/remotes/\(remote.name)/\(branch)")
        var unpushed = 0
        var more = false
        try repository.walkCommits(from: head, hiding: tracking) { _ in
            guard unpushed < SyncState.countLimit else {
                more = true
                return false
            }
            unpushed += 1
            return true
        }
        var behind = 0
        if let tracking {
            try repository.walkCommits(from: tracking, hiding: head) { _ in
                behind += 1
                return behind < SyncState.countLimit
            }
        }
        return SyncState(
            remote: remote.name, everPushed: tracking != nil, unpushedCommits: unpushed, countIsPartial: more, fetchedNotMerged: behind)
    }

    /// Day files changed or created in the working tree and not committed (hand edits waiting
    /// for the next entry or `journal sync`); files equal to HEAD's are not counted.
    public func waitingHandEdits() throws -> [String] {
        try translatingGitErrors("cannot read the working tree's status", as: JournalError.journal) {
            let head = try repository.headCommitID()
            var waiting: [String] = []
            for change in try repository.workdirChanges(under: "entries") where !change.deleted && Journal.isDayFile(change.path) {
                guard (try? requireInside(change.path)) != nil, let data = FileManager.default.contents(atPath: path(change.path)) else {
                    continue
                }
                let committed = try head.flatMap { try repository.treeEntryID(commit: $0, path: change.path) }
                if try committed != ObjectID.blob(data) { waiting.append(change.path) }
            }
            return waiting.sorted()
        }
    }
}

/// Commits not yet pushed to the sync remote, from local refs only.
public struct SyncState: Equatable, Sendable {
    /// Counting stops here, so status stays fast on a journal never pushed.
    static let countLimit = 1_000
    public let remote: String
    public let everPushed: Bool
    /// Every commit here that the remote's branch lacks, whatever it holds.
    public let unpushedCommits: Int
    /// True when there were more commits than were counted.
    public let countIsPartial: Bool
    public let fetchedNotMerged: Int

    /// Nothing here that the remote lacks, as far as local refs know.
    public var isUpToDate: Bool { unpushedCommits == 0 && !countIsPartial && everPushed }

    public var summary: String {
        if isUpToDate {
            return fetchedNotMerged > 0
                ? "\(fetchedNotMerged) commits fetched from \(remote), not merged yet: journal sync" : "up to date with \(remote)"
        }
        let count = countIsPartial ? "more than \(unpushedCommits)" : "\(unpushedCommits)"
        let noun = unpushedCommits == 1 && !countIsPartial ? "commit" : "commits"
        return everPushed
            ? "\(count) \(noun) not yet pushed to \(remote)" : "\(count) \(noun) not yet pushed: \(remote) has never been synced"
    }
}

extension Journal {
    /// The branch the journal lives on, which sync fetches, merges and pushes: recorded in
    /// `.git/config` as `journal.branch` at init and clone, else (a journal from before) the branch
    /// HEAD is on at its first sync, recorded then.
    func journalBranch() throws -> String {
        let file = try translatingGitErrors("cannot read \(repository.gitDirectory)config") {
            try ConfigFile(path: repository.gitDirectory + "config")
        }
        if let recorded = try translatingGitErrors("cannot read journal.branch", { try file.string("journal.branch") }), !recorded.isEmpty {
            return recorded
        }
        guard let branch = try repository.headBranchName() else {
            throw JournalError.journal("HEAD is detached in \(root): switch to the journal's branch first (git -C \(root) switch main)")
        }
        try recordJournalBranch(branch)
        return branch
    }

    /// Records `branch` as the journal's branch (this machine's `.git/config`).
    func recordJournalBranch(_ branch: String) throws {
        try translatingGitErrors("cannot write \(repository.gitDirectory)config") {
            try ConfigFile(path: repository.gitDirectory + "config").set("journal.branch", to: branch)
        }
    }
}
