import Foundation
internal import GitKit

/// What `journal publish` did.
public struct PublishOutcome: Sendable {
    public let files: Int
    public let asOf: Day
    /// The folder written, when one was.
    public var directory: String?
    /// The branch committed to, and the new commit (nil when its tip already had this site).
    public var branch: String?
    public var commit: CommitID?
    /// The remote the branch was pushed to.
    public var pushedTo: String?

    public init(files: Int, asOf: Day) {
        self.files = files
        self.asOf = asOf
    }
}

extension Journal {
    /// Publishes the journal as HEAD has it (history, settings and the reviews saved under
    /// `reviews/`) into `directory`, on `branch`, or both, writing each page as soon as it is
    /// made (`SiteBuilder`), so no more than a page and a few totals are held at a time.
    ///
    /// `directory`: a new or empty folder, or one holding a site published before (it has
    /// `index.html` and `.nojekyll`), whose files the new site lacks are removed, so an entry
    /// made private since disappears from it too. `branch` (not the journal's own): the site is
    /// committed there, its blobs and trees written straight to the object database, the
    /// branch's old tip as parent; HEAD, the index and the working tree are untouched, and no
    /// commit is made when the tip already holds this site (its author and committer come from
    /// `environment` as for any commit).
    public func publishSite(
        options: Site.Options, clock: Clock, directory: String?, branch: String?, environment: [String: String]
    ) throws -> PublishOutcome {
        if let branch { try requirePublishBranch(branch) }
        let writer = try branch.map { _ in try self.writer(environment: environment) }
        let settings = try settings()
        let reviews = try savedReviews()
        let fallbackToday = try today(clock: clock)
        if let directory { try Self.prepareSiteFolder(directory) }
        let output = SiteWriter(directory: directory, tree: branch.map { _ in TreeEdit(repository: repository, base: nil) }, branch: branch)
        var builder = try SiteBuilder(
            settings: settings, reviews: reviews, options: options, entries: try PublishedEntries(repository), output: output,
            fallbackToday: fallbackToday)
        try builder.build()
        try output.removeStaleFiles()
        var outcome = PublishOutcome(files: output.paths.count, asOf: builder.asOf)
        outcome.directory = directory
        if let branch, let tree = output.tree, let writer {
            outcome.branch = branch
            outcome.commit = try commitSite(tree, asOf: builder.asOf, branch: branch, clock: clock, writer: writer)
        }
        return outcome
    }

    /// The reviews saved under `reviews/` at HEAD whose names a page can be made of.
    func savedReviews() throws -> [Site.SavedReviewFile] {
        var reviews: [Site.SavedReviewFile] = []
        if let head = try repository.headCommitID() {
            for file in try translatingGitErrors(
                "cannot read reviews/", as: JournalError.journal, { try repository.files(in: "reviews", ofCommit: head) })
            where file.name.hasSuffix(".md") {
                let name = String(file.name.dropLast(3))
                // Only names a page can be made of; anything else stays in the repository alone.
                guard !name.isEmpty,
                    name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") })
                else { continue }
                reviews.append(Site.SavedReviewFile(name: name, markdown: String(decoding: file.data, as: UTF8.self)))
            }
        }
        return reviews
    }

    /// Checks that `directory` may take the site (new, empty, or a site published before) and creates it.
    static func prepareSiteFolder(_ directory: String) throws {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw JournalError.badInput("\(directory) is a file, not a folder") }
            let contents = (try? fm.contentsOfDirectory(atPath: directory)) ?? []
            if !contents.isEmpty && !(contents.contains("index.html") && contents.contains(".nojekyll")) {
                throw JournalError.badInput("\(directory) is not empty and holds no published site; choose a new or empty folder")
            }
        }
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw JournalError.failed("cannot write the site to \(directory): \(error.localizedDescription)")
        }
    }

    /// Refuses a branch name git would refuse, and the journal's own branch.
    public func requirePublishBranch(_ branch: String) throws {
        let reference = "refs/heads/" + branch
        guard !branch.isEmpty, !branch.hasPrefix("-"), Repository.isValidReferenceName(reference) else {
            throw JournalError.badInput("--branch \(branch) is not a valid branch name")
        }
        if try repository.headReferenceName() == reference {
            throw JournalError.badInput("--branch \(branch) is the journal's own branch; publish to another one, e.g. gh-pages")
        }
    }

    /// Commits the site's tree on `branch` with the branch's old tip as parent; nil when the tip
    /// already holds this site.
    private func commitSite(_ tree: TreeEdit, asOf: Day, branch: String, clock: Clock, writer: CommitWriter) throws -> CommitID? {
        let reference = "refs/heads/" + branch
        let authorship = writer.authorship
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: clock.now, timeZone: clock.timeZone)
        let committer = Signature(
            name: authorship.committerName, email: authorship.committerEmail, date: clock.now, timeZone: clock.timeZone)
        return try translatingGitErrors("cannot commit the site on \(branch)", as: JournalError.failed) {
            try repository.commitOnBranch(
                reference, tree: try tree.write(), author: author, committer: committer,
                message: "Publish the journal as of \(asOf.iso)\n"
            ).map(CommitID.init)
        }
    }

    /// The remote `--push` goes to: `name`, else the one `journal sync` would use; checked
    /// before anything is committed, so a wrong name changes nothing.
    public func publishRemote(_ name: String?) throws -> String {
        let remote = try syncRemote(name)
        _ = try remoteURL(of: remote)
        return remote.name
    }

    /// Pushes `branch` to a remote (`remote`, else as `journal sync` picks one), never forced,
    /// and checks the server's answer for the ref. Returns the remote's name.
    public func pushSite(branch: String, remote requested: String?, environment: [String: String]) throws -> String {
        let remote = try syncRemote(requested)
        let url = try remoteURL(of: remote)
        let access = SyncAccess(
            url: url, settings: try SyncSettings.load(journal: self, home: environment["HOME"]), environment: environment)
        let hooks = try access.hooks(progress: nil)
        let reference = "refs/heads/" + branch
        let kept = "the site is committed on \(branch) here; publish again to retry"
        do {
            try repository.push(remote: remote.name, refspecs: ["\(reference):\(reference)"], hooks: hooks)
        } catch let error as GitError {
            if error.isNonFastForward {
                throw JournalError.remote(
                    "\(remote.name) has other commits on \(branch); fetch and merge them, or remove that branch there")
            }
            throw Sync.describe(error, what: "push to", remote: remote.name, url: url, hooks: hooks, kept: kept)
        }
        if let rejection = hooks.rejectedReferences.first {
            var message = "\(remote.name) refused \(rejection.reference): \(rejection.reason)"
            let said = Sync.serverLines(hooks.serverMessages)
            if !said.isEmpty { message += " (the server said: \(said))" }
            throw JournalError.remote(message + "; " + kept)
        }
        return remote.name
    }
}
