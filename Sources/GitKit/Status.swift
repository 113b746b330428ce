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
    ///
    /// libgit2's status reads every file whose index entry does not match its stat data exactly
    /// (inode and change time included, which every copy of the folder changes), and even when
    /// they match it walks all of them. So the files are first judged here by what `git` calls a
    /// minimal stat check: a file whose size and modification time equal its index entry's, and
    /// whose entry was recorded before the index was written (not racily clean), is unchanged; a
    /// file on disk with no entry is new. Only the files this leaves in doubt are handed to
    /// libgit2, one path at a time, so what is reported is still libgit2's word (ignored files
    /// stay out); with many in doubt, one status of the whole folder, as before.
    public func workdirChanges(under folder: String) throws -> [WorkdirChange] {
        guard let doubtful = try filesInDoubt(under: folder, atMost: 64) else {
            return try statusChanges(pathspec: folder + "/", exact: false)
        }
        return try doubtful.flatMap { try statusChanges(pathspec: $0, exact: true) }
    }

    private func statusChanges(pathspec: String, exact: Bool) throws -> [WorkdirChange] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        if exact { options.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH.rawValue }
        var list: OpaquePointer?
        try withPathspec(pathspec) { pathspec in
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

    /// The paths under `folder` that may differ from the index, by the stat check above; nil when
    /// there are more than `limit` of them, when a file the index has is gone (a deletion or a
    /// move: rare, left to libgit2), or when the check cannot be made (no working tree, no index
    /// file). Each folder is read once and its files stat'ed relative to it, so no path is walked
    /// from the root again.
    func filesInDoubt(under folder: String, atMost limit: Int) throws -> [String]? {
        guard var root = workdir else { return nil }
        if !root.hasSuffix("/") { root += "/" }
        let index = try self.index()
        try index.reload()
        var indexStat = stat()
        let indexFile = gitDirectory + (gitDirectory.hasSuffix("/") ? "" : "/") + "index"
        guard stat(indexFile, &indexStat) == 0 else { return nil }
        let written = (Int64(indexStat.st_mtim.tv_sec), Int64(indexStat.st_mtim.tv_nsec))
        // How many entries the index has under the folder: they sort between "folder/" and "folder0".
        func position(_ bound: String) -> Int {
            var low = 0
            var high = git_index_entrycount(index.pointer)
            while low < high {
                let middle = (low + high) / 2
                guard let path = git_index_get_byindex(index.pointer, middle)?.pointee.path else { return 0 }
                if strcmp(path, bound) < 0 { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let indexed = position(folder + "0") - position(folder + "/")
        var matched = 0
        var doubtful: [String] = []
        var folders = [folder]
        var file = stat()
        while let current = folders.popLast() {
            let descriptor = Glibc.open(root + current, O_RDONLY | O_DIRECTORY)
            guard descriptor >= 0, let directory = fdopendir(descriptor) else {
                if descriptor >= 0 { close(descriptor) }
                continue
            }
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { bytes in
                    String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = current + "/" + name
                guard fstatat(descriptor, name, &file, AT_SYMLINK_NOFOLLOW) == 0 else {
                    doubtful.append(path)
                    continue
                }
                if file.st_mode & S_IFMT == S_IFDIR {
                    if name != ".git" { folders.append(path) }
                    continue
                }
                guard let entry = git_index_get_bypath(index.pointer, path, 0)?.pointee else {
                    // Not in the index: a new file.
                    doubtful.append(path)
                    if doubtful.count > limit { return nil }
                    continue
                }
                matched += 1
                let recorded = (Int64(entry.mtime.seconds), Int64(entry.mtime.nanoseconds))
                // Recorded in the same tick as the index was written: the file may have changed after.
                let racy = recorded.1 == 0 ? recorded.0 >= written.0 : recorded >= written
                let clean =
                    Int32(entry.flags_extended) & Int32(GIT_INDEX_ENTRY_EXTENDED_FLAGS.rawValue) == 0
                    && file.st_mode & S_IFMT == entry.mode & S_IFMT && UInt32(truncatingIfNeeded: file.st_size) == entry.file_size
                    && Int64(file.st_mtim.tv_sec) == recorded.0 && (recorded.1 == 0 || Int64(file.st_mtim.tv_nsec) == recorded.1)
                    && !racy
                if !clean {
                    doubtful.append(path)
                    if doubtful.count > limit { return nil }
                }
            }
        }
        // An entry with no file (deleted, moved, or a conflict's other stages): libgit2 decides.
        return matched == indexed ? doubtful : nil
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
