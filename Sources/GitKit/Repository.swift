import Clibgit2
import Foundation

/// An open git repository: the one long-lived libgit2 handle in GitKit.
/// Not thread-safe, like libgit2's repository; use it from one thread.
public final class Repository {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { git_repository_free(pointer) }

    /// Opens the repository whose working tree (or git dir) is exactly `path`; parents are not searched.
    public static func open(at path: String) throws -> Repository {
        try Libgit2.start()
        var repo: OpaquePointer?
        try check(
            git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
            "cannot open git repository at \(path)")
        return Repository(pointer: repo!)
    }

    /// Creates a repository with a working tree at `path`, HEAD on `initialBranch` (unborn).
    public static func create(at path: String, initialBranch: String = "main") throws -> Repository {
        try Libgit2.start()
        var options = git_repository_init_options()
        try check(git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)))
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var repo: OpaquePointer?
        try initialBranch.withCString { head in
            options.initial_head = head
            try check(git_repository_init_ext(&repo, path, &options), "cannot create git repository at \(path)")
        }
        return Repository(pointer: repo!)
    }

    /// The working directory, with a trailing slash; nil for a bare repository.
    public var workdir: String? {
        git_repository_workdir(pointer).map { String(cString: $0) }
    }

    /// The `.git` directory, with a trailing slash.
    public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

    /// The directory holding objects and refs shared by all worktrees, with a trailing slash.
    public var commonDirectory: String { String(cString: git_repository_commondir(pointer)) }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }
    public var isHeadDetached: Bool { git_repository_head_detached(pointer) == 1 }
    public var isHeadUnborn: Bool { git_repository_head_unborn(pointer) == 1 }

    /// A merge, rebase, cherry-pick, revert or bisect in progress, by name; nil when none.
    public var operationInProgress: String? {
        switch git_repository_state_t(UInt32(git_repository_state(pointer))) {
        case GIT_REPOSITORY_STATE_NONE: return nil
        case GIT_REPOSITORY_STATE_MERGE: return "merge"
        case GIT_REPOSITORY_STATE_REVERT, GIT_REPOSITORY_STATE_REVERT_SEQUENCE: return "revert"
        case GIT_REPOSITORY_STATE_CHERRYPICK, GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE: return "cherry-pick"
        case GIT_REPOSITORY_STATE_BISECT: return "bisect"
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX, GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE: return "am"
        default: return "rebase"
        }
    }

    /// The commit HEAD points at; nil while HEAD is unborn (no commit yet).
    public func headCommitID() throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, "HEAD")
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot resolve HEAD")
        return ObjectID(oid)
    }

    /// The short name of the branch HEAD points at (also when unborn); nil when detached.
    public func headBranchName() throws -> String? {
        var ref: OpaquePointer?
        try check(git_reference_lookup(&ref, pointer, "HEAD"), "cannot read HEAD")
        defer { git_reference_free(ref) }
        guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else {
            return nil
        }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
    }

    /// A snapshot of the repository's configuration (repo, global, XDG and system files).
    public func configuration() throws -> ConfigSnapshot {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "cannot read git configuration")
        return ConfigSnapshot(pointer: config!)
    }

    /// Reads a commit and copies what the journal needs out of it.
    public func commit(_ id: ObjectID) throws -> CopiedCommit {
        var oid = id.raw
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "cannot read commit \(id)")
        defer { git_commit_free(commit) }
        return CopiedCommit(copying: commit!)
    }

    /// The id of the object at `path` in the tree of `commit`; nil when there is nothing there.
    public func treeEntryID(commit: ObjectID, path: String) throws -> ObjectID? {
        var oid = commit.raw
        var commitHandle: OpaquePointer?
        try check(git_commit_lookup(&commitHandle, pointer, &oid), "cannot read commit \(commit)")
        defer { git_commit_free(commitHandle) }
        return try treeEntryID(tree: ObjectID(git_commit_tree_id(commitHandle).pointee), path: path)
    }

    /// The id of the object at `path` in `tree`; nil when there is nothing there.
    public func treeEntryID(tree: ObjectID, path: String) throws -> ObjectID? {
        var oid = tree.raw
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &oid), "cannot read tree \(tree)")
        defer { git_tree_free(treeHandle) }
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, treeHandle, path)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read \(path) in tree \(tree)")
        defer { git_tree_entry_free(entry) }
        return ObjectID(git_tree_entry_id(entry).pointee)
    }

    /// The content of the blob at `path` in `commit`; nil when the path is absent.
    public func blobContent(commit: ObjectID, path: String) throws -> Data? {
        guard let id = try treeEntryID(commit: commit, path: path) else { return nil }
        return try blobContent(id)
    }

    public func blobContent(_ id: ObjectID) throws -> Data {
        var oid = id.raw
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "cannot read blob \(id)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: raw, count: size)
    }

    /// Calls `body` with the tree of `commit`, freed afterwards.
    func withTree<T>(ofCommit commit: ObjectID, _ body: (OpaquePointer) throws -> T) throws -> T {
        var oid = commit.raw
        var commitHandle: OpaquePointer?
        try check(git_commit_lookup(&commitHandle, pointer, &oid), "cannot read commit \(commit)")
        defer { git_commit_free(commitHandle) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commitHandle), "cannot read the tree of \(commit)")
        defer { git_tree_free(tree) }
        return try body(tree!)
    }

    /// A staging area in memory only, holding the tree of `commit` (empty for nil): the next
    /// commit's tree is built from HEAD, not from whatever `.git/index` holds.
    public func index(fromTreeOf commit: ObjectID?) throws -> Index {
        var index: OpaquePointer?
        try check(git_index_new(&index), "cannot make an index")
        let result = Index(pointer: index!, repository: self)
        if let commit { try result.read(treeOf: commit) }
        return result
    }

    /// The repository's index (staging area), read from disk.
    public func index() throws -> Index {
        var index: OpaquePointer?
        try check(git_repository_index(&index, pointer), "cannot open the index")
        return Index(pointer: index!, repository: self)
    }

    /// Writes a commit object and, when `updateRef` is given, moves that ref to it only if
    /// it still points at `parents.first` (so a concurrent commit makes this fail with `isModified`).
    public func createCommit(
        tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
        message: String, updateRef: String? = "HEAD"
    ) throws -> ObjectID {
        var treeOID = tree.raw
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &treeOID), "cannot read tree \(tree)")
        defer { git_tree_free(treeHandle) }

        var parentHandles: [OpaquePointer?] = []
        defer { for handle in parentHandles { git_commit_free(handle) } }
        for parent in parents {
            var oid = parent.raw
            var handle: OpaquePointer?
            try check(git_commit_lookup(&handle, pointer, &oid), "cannot read parent commit \(parent)")
            parentHandles.append(handle)
        }

        var out = git_oid()
        _ = try author.withGitSignature { authorSig in
            try committer.withGitSignature { committerSig in
                try parentHandles.withUnsafeMutableBufferPointer { buffer in
                    try check(
                        git_commit_create(
                            &out, pointer, updateRef, authorSig, committerSig, "UTF-8", message,
                            treeHandle, parents.count, buffer.baseAddress), "cannot create commit")
                }
            }
        }
        return ObjectID(out)
    }

    /// Walks the commits reachable from `start`, newest first (time and topology), calling
    /// `body` with each id; stops early when `body` returns false. Commits reachable from
    /// `hiding` are left out.
    public func walkCommits(
        from start: ObjectID, hiding: ObjectID? = nil,
        _ body: (ObjectID) throws -> Bool
    ) throws {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, pointer), "cannot walk history")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue))
        var startOID = start.raw
        try check(git_revwalk_push(walk, &startOID), "cannot walk from \(start)")
        if let hiding {
            var hideOID = hiding.raw
            try check(git_revwalk_hide(walk, &hideOID), "cannot hide \(hiding)")
        }
        var oid = git_oid()
        while true {
            let result = git_revwalk_next(&oid, walk)
            if result == GIT_ITEROVER.rawValue {
                git_error_clear()
                return
            }
            try check(result, "cannot walk history")
            if try !body(ObjectID(oid)) { return }
        }
    }

    /// Whether `ancestor` is reachable from `descendant` (or equal to it).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        var a = ancestor.raw
        var d = descendant.raw
        let result = git_graph_descendant_of(pointer, &d, &a)
        try check(result, "cannot compare commits")
        return result == 1
    }
}
