import Clibgit2
import Foundation

/// A configured remote: its name and the URL it fetches from and pushes to.
public struct RemoteInfo: Equatable, Sendable {
    public let name: String
    public let url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

extension Repository {
    /// The remotes in `.git/config`, in the order libgit2 lists them.
    public func remotes() throws -> [RemoteInfo] {
        try strings { try check(git_remote_list(&$0, pointer), "cannot list remotes") }
            .compactMap { name in try remoteURL(name).map { RemoteInfo(name: name, url: $0) } }
    }

    /// The URL of remote `name`, or nil when there is no such remote.
    public func remoteURL(_ name: String) throws -> String? {
        var remote: OpaquePointer?
        let result = git_remote_lookup(&remote, pointer, name)
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EINVALIDSPEC.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read remote \(name)")
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    /// Adds a remote with git's default fetch refspec (`+refs/heads/*:refs/remotes/NAME/*`).
    public func addRemote(name: String, url: String) throws {
        var remote: OpaquePointer?
        try check(git_remote_create(&remote, pointer, name, url), "cannot add remote \(name)")
        git_remote_free(remote)
    }

    public func removeRemote(name: String) throws {
        try check(git_remote_delete(pointer, name), "cannot remove remote \(name)")
    }

    public func setRemoteURL(name: String, url: String) throws {
        try check(git_remote_set_url(pointer, name, url), "cannot change the URL of remote \(name)")
    }

    /// Whether `name` is a valid remote name for git.
    public static func isValidRemoteName(_ name: String) -> Bool {
        _ = Libgit2.ready
        var valid: Int32 = 0
        guard git_remote_name_is_valid(&valid, name) >= 0 else {
            git_error_clear()
            return false
        }
        return valid == 1
    }

    /// What reference `name` (e.g. `refs/remotes/origin/main`) points at, or nil when it does not exist.
    public func referenceTarget(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, name)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read \(name)")
        return ObjectID(oid)
    }

    /// Points reference `name` at `target`, only if it still points at `expected` (nil: it must
    /// not exist yet); otherwise fails with `isModified`.
    public func moveReference(_ name: String, to target: ObjectID, expected: ObjectID?, message: String) throws {
        var out: OpaquePointer?
        var new = target.raw
        if var old = expected?.raw {
            try check(git_reference_create_matching(&out, pointer, name, &new, 1, &old, message), "cannot update \(name)")
        } else {
            try check(git_reference_create(&out, pointer, name, &new, 0, message), "cannot create \(name)")
        }
        git_reference_free(out)
    }

    /// The full name of the branch HEAD is on (`refs/heads/main`), also when it is unborn.
    public func headReferenceName() throws -> String? {
        var ref: OpaquePointer?
        let result = git_reference_lookup(&ref, pointer, "HEAD")
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read HEAD")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else { return nil }
        return String(cString: target)
    }

    /// Sets `branch.NAME.remote` and `branch.NAME.merge`, so plain git knows where the branch syncs.
    public func setUpstream(branch: String, remote: String) throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "cannot open the git configuration")
        defer { git_config_free(config) }
        try check(git_config_set_string(config, "branch.\(branch).remote", remote), "cannot set the upstream of \(branch)")
        try check(git_config_set_string(config, "branch.\(branch).merge", "refs/heads/\(branch)"), "cannot set the upstream of \(branch)")
    }

    /// Removes the `[branch "NAME"]` section (its upstream), as `git config --remove-section`.
    public func removeBranchSection(_ branch: String) throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "cannot open the git configuration")
        defer { git_config_free(config) }
        for key in ["remote", "merge"] {
            let result = git_config_delete_entry(config, "branch.\(branch).\(key)")
            if result == GIT_ENOTFOUND.rawValue {
                git_error_clear()
                continue
            }
            try check(result, "cannot remove the upstream of \(branch)")
        }
        // libgit2 leaves the empty section header behind; drop it as git does, through config.lock.
        let file = gitDirectory + (gitDirectory.hasSuffix("/") ? "" : "/") + "config"
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
        var lines = text.components(separatedBy: "\n")
        let header = "[branch \"\(branch)\"]"
        var index = 0
        while index < lines.count {
            let next = index + 1 < lines.count ? lines[index + 1].trimmingCharacters(in: .whitespaces) : ""
            if lines[index].trimmingCharacters(in: .whitespaces) == header, next.isEmpty || next.hasPrefix("[") {
                lines.remove(at: index)
            } else {
                index += 1
            }
        }
        let cleaned = lines.joined(separator: "\n")
        guard cleaned != text else { return }
        let lock = file + ".lock"
        guard FileManager.default.createFile(atPath: lock, contents: Data(cleaned.utf8)) else { return }
        if rename(lock, file) != 0 { unlink(lock) }
    }

    /// How many commits are reachable from `tip` but not from `hiding`.
    public func countCommits(from tip: ObjectID, notIn hiding: ObjectID?) throws -> Int {
        var count = 0
        try walkCommits(from: tip, hiding: hiding) { _ in
            count += 1
            return true
        }
        return count
    }

    /// The commits on the first-parent line from `tip` down to (not including) the first one
    /// reachable from `hiding`, oldest first: the points a long push can stop at, each a
    /// fast-forward of the one before.
    public func firstParentLine(from tip: ObjectID, notIn hiding: ObjectID?) throws -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "cannot walk history")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue))
        try check(git_revwalk_simplify_first_parent(walk), "cannot walk history")
        var start = tip.raw
        try check(git_revwalk_push(walk, &start), "cannot walk from \(tip)")
        if let hiding {
            var hide = hiding.raw
            try check(git_revwalk_hide(walk, &hide), "cannot hide \(hiding)")
        }
        var line: [ObjectID] = []
        var oid = git_oid()
        while true {
            let result = git_revwalk_next(&oid, walk)
            if result == GIT_ITEROVER.rawValue {
                git_error_clear()
                return line
            }
            try check(result, "cannot walk history")
            line.append(ObjectID(oid))
        }
    }

    /// Removes reference `name`; nothing when it does not exist.
    public func deleteReference(_ name: String) throws {
        var ref: OpaquePointer?
        let result = git_reference_lookup(&ref, pointer, name)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return
        }
        try check(result, "cannot read \(name)")
        defer { git_reference_free(ref) }
        try check(git_reference_delete(ref), "cannot remove \(name)")
    }

    /// The best common ancestor of two commits, nil when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var out = git_oid()
        var one = a.raw
        var two = b.raw
        let result = git_merge_base(&out, pointer, &one, &two)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot find where the histories meet")
        return ObjectID(out)
    }

    /// The tree of a commit.
    public func treeID(ofCommit commit: ObjectID) throws -> ObjectID {
        try withTree(ofCommit: commit) { ObjectID(git_tree_id($0).pointee) }
    }
}

extension Repository {
    /// The names of references matching `glob` (e.g. `refs/remotes/origin/*`), sorted.
    public func referenceNames(matching glob: String) throws -> [String] {
        try strings { try check(git_reference_list(&$0, pointer), "cannot list references") }
            .filter { fnmatch(glob, $0, 0) == 0 }.sorted()
    }

    /// Points HEAD at branch `reference` (`refs/heads/NAME`), which may not exist yet.
    public func setHead(_ reference: String) throws {
        try check(git_repository_set_head(pointer, reference), "cannot switch HEAD to \(reference)")
    }
}

/// The strings of an array libgit2 fills (and this disposes of).
func strings(_ fill: (inout git_strarray) throws -> Void) throws -> [String] {
    var array = git_strarray()
    try fill(&array)
    defer { git_strarray_dispose(&array) }
    return (0..<array.count).compactMap { array.strings[$0].map { String(cString: $0) } }
}
