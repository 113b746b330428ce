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
    /// The site of this journal as HEAD has it: history, settings and the reviews saved under `reviews/`.
    public func site(options: Site.Options, clock: Clock) throws -> Site {
        let settings = try settings()
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
        return Site(history: try history(), settings: settings, reviews: reviews, options: options, fallbackToday: try today(clock: clock))
    }

    /// Writes the site into `directory`: a new or empty folder, or one holding a site published
    /// before (it has `index.html` and `.nojekyll`), whose files the new site lacks are removed,
    /// so an entry made private since disappears from it too.
    public static func writeSite(_ site: Site, to directory: String) throws {
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
            let wanted = Set(site.files.map(\.path))
            if let walker = fm.enumerator(atPath: directory) {
                var stale: [String] = []
                while let path = walker.nextObject() as? String {
                    var folder: ObjCBool = false
                    if fm.fileExists(atPath: directory + "/" + path, isDirectory: &folder), !folder.boolValue, !wanted.contains(path) {
                        stale.append(path)
                    }
                }
                for path in stale { try fm.removeItem(atPath: directory + "/" + path) }
            }
            for file in site.files {
                let path = directory + "/" + file.path
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if fm.contents(atPath: path) != file.data { try file.data.write(to: URL(fileURLWithPath: path), options: .atomic) }
            }
        } catch let error as JournalError {
            throw error
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

    /// Commits the site on `branch` (not the journal's own), built in memory: blobs and trees
    /// written straight to the object database, the branch's old tip as parent; HEAD, the index
    /// and the working tree are untouched. Nil when the tip already holds this site.
    public func commitSite(_ site: Site, branch: String, clock: Clock, writer: CommitWriter) throws -> CommitID? {
        try requirePublishBranch(branch)
        let reference = "refs/heads/" + branch
        let authorship = writer.authorship
        let author = Signature(name: authorship.authorName, email: authorship.authorEmail, date: clock.now, timeZone: clock.timeZone)
        let committer = Signature(
            name: authorship.committerName, email: authorship.committerEmail, date: clock.now, timeZone: clock.timeZone)
        return try translatingGitErrors("cannot commit the site on \(branch)", as: JournalError.failed) {
            let tree = try repository.writeTree(files: site.files)
            return try repository.commitOnBranch(
                reference, tree: tree, author: author, committer: committer,
                message: "Publish the journal as of \(site.asOf.iso)\n"
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
