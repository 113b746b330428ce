import Foundation
internal import GitKit

extension Journal {
    /// `journal clone`: a journal on a second machine from one already on a remote. `settings`
    /// (key, known hosts, CA) are used for the clone and kept in this copy's `.git/config`.
    /// Nothing is left behind when it fails.
    public static func clone(
        url raw: String, to path: String, settings: SyncSettings, environment: [String: String],
        progress: ((SyncProgress) -> Void)?
    ) throws -> Journal {
        let url = try RemoteURL.parse(raw)
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        if existed {
            guard isDirectory.boolValue else { throw JournalError.badInput("\(path) is a file; choose a new folder for the journal") }
            guard ((try? fm.contentsOfDirectory(atPath: path)) ?? []).isEmpty else {
                throw JournalError.badInput("\(path) is not empty; choose a new or empty folder to clone into")
            }
        }
        func leaveAsFound() {
            if existed {
                for name in (try? fm.contentsOfDirectory(atPath: path)) ?? [] { try? fm.removeItem(atPath: path + "/" + name) }
            } else {
                try? fm.removeItem(atPath: path)
            }
        }
        let access = SyncAccess(url: url, settings: settings, environment: environment)
        let hooks = try access.hooks(progress: progress.map { report in { report(SyncProgress($0)) } })
        let repository: Repository
        do {
            // The hooks call back into `access`, which must outlive the clone.
            repository = try withExtendedLifetime(access) { try Repository.clone(url: url.text, to: path, hooks: hooks) }
        } catch let error as GitError {
            leaveAsFound()
            // Nothing was committed here yet: only the reason matters.
            throw Sync.describe(error, what: "clone", remote: "the remote", url: url, hooks: hooks, kept: nil)
        }
        do {
            guard let workdir = repository.workdir else { throw JournalError.failed("the clone at \(path) has no working tree") }
            let root = String(workdir.dropLast(workdir.hasSuffix("/") && workdir.count > 1 ? 1 : 0))
            if try repository.headCommitID() == nil { try checkOutRemoteBranch(repository) }
            guard try repository.headCommitID() != nil else {
                throw JournalError.badInput("\(url.display) is empty; start a journal with journal init DIR --remote \(url.display)")
            }
            guard fm.fileExists(atPath: root + "/" + configPath) else {
                throw JournalError.badInput("\(url.display) is a git repository but not a journal (no \(configPath))")
            }
            if let branch = try repository.headBranchName() { try repository.setUpstream(branch: branch, remote: "origin") }
            try settings.store(in: repository)
            let journal = Journal(root: root, repository: repository)
            if let branch = try repository.headBranchName() { try journal.recordJournalBranch(branch) }
            return journal
        } catch {
            leaveAsFound()
            if let error = error as? GitError { throw JournalError.failed("cannot set up the clone at \(path): \(error.message)") }
            throw error
        }
    }

    /// A bare repository made by `git init --bare` keeps HEAD on a branch nobody pushed (master);
    /// the clone then starts from origin's main, or else its only branch.
    private static func checkOutRemoteBranch(_ repository: Repository) throws {
        let branches = try repository.referenceNames(matching: "refs/remotes/origin/*").filter { !$0.hasSuffix("/HEAD") }
        guard let chosen = branches.first(where: { $0 == "refs/remotes/origin/main" }) ?? (branches.count == 1 ? branches.first : nil),
            let target = try repository.referenceTarget(chosen)
        else { return }
        let branch = String(chosen.dropFirst("refs/remotes/origin/".count))
        let unborn = try repository.headReferenceName()
        try repository.moveReference("refs/heads/\(branch)", to: target, expected: nil, message: "journal clone")
        try repository.setHead("refs/heads/\(branch)")
        // The clone set an upstream for the unborn branch HEAD named; nobody will use it.
        if let unborn, unborn.hasPrefix("refs/heads/"), unborn != "refs/heads/\(branch)" {
            try repository.removeBranchSection(String(unborn.dropFirst("refs/heads/".count)))
        }
        try repository.checkout(tree: try repository.treeID(ofCommit: target), baseline: nil)
    }
}
