import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

/// A working-tree file that differs from the index (hand-edited, new or deleted).
public struct WorkdirChange: Equatable, Sendable {
    public let path: String
    public let deleted: Bool
}

extension Repository {
    /// Files under `folder` changed in the working tree against the index, untracked ones included.
    public func workdirChanges(under folder: String) throws -> [WorkdirChange] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        try withPathspec(folder + "/") { pathspec in
            options.pathspec = pathspec
            try check(git_status_list_new(&list, pointer, &options), "cannot read the working tree's status")
        }
        defer { git_status_list_free(list) }
        var changes: [WorkdirChange] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i)?.pointee, let delta = entry.index_to_workdir?.pointee else { continue }
            let status = entry.status.rawValue
            let deleted = status & GIT_STATUS_WT_DELETED.rawValue != 0
            let file = deleted ? delta.old_file : delta.new_file
            guard let path = file.path else { continue }
            changes.append(WorkdirChange(path: String(cString: path), deleted: deleted))
        }
        return changes
    }
}

/// Calls `body` with a one-pattern `git_strarray` that we built: strdup'd here and freed here,
/// never by libgit2, which frees only the arrays it filled itself.
func withPathspec<T>(_ pattern: String, _ body: (git_strarray) throws -> T) rethrows -> T {
    var string: UnsafeMutablePointer<CChar>? = strdup(pattern)
    defer { free(string) }
    return try withUnsafeMutablePointer(to: &string) { strings in
        try body(git_strarray(strings: strings, count: 1))
    }
}

extension Repository {
    /// Paths under `folder` whose blob in the on-disk index differs from HEAD's (by content id
    /// only: no file-system timestamps are involved).
    public func pathsWhereIndexDiffersFromHead(under folder: String) throws -> [String] {
        guard let head = try headCommitID() else { return [] }
        let index = try self.index()
        try index.reload()
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var diff: OpaquePointer?
        try withTree(ofCommit: head) { tree in
            try withPathspec(folder + "/") { pathspec in
                options.pathspec = pathspec
                try check(git_diff_tree_to_index(&diff, pointer, tree, index.pointer, &options), "cannot compare the index with HEAD")
            }
        }
        defer { git_diff_free(diff) }
        return (0..<git_diff_num_deltas(diff)).compactMap { i in
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { return nil }
            return (delta.new_file.path ?? delta.old_file.path).map { String(cString: $0) }
        }
    }
}
