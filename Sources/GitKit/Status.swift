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
        // A pathspec array we build ourselves: strdup'd here, freed here (never by libgit2).
        var pattern: UnsafeMutablePointer<CChar>? = strdup(folder + "/")
        defer { free(pattern) }
        var list: OpaquePointer?
        try withUnsafeMutablePointer(to: &pattern) { strings in
            options.pathspec = git_strarray(strings: strings, count: 1)
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

extension Repository {
    /// Files under `folder` whose staged content differs from HEAD while the working tree still
    /// matches the index: what a command killed after moving HEAD, before writing its files and
    /// index, leaves behind (a user's own staged edit would usually differ in the working tree too).
    public func filesBehindHead(under folder: String) throws -> [String] {
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = 0
        var pattern: UnsafeMutablePointer<CChar>? = strdup(folder + "/")
        defer { free(pattern) }
        var list: OpaquePointer?
        try withUnsafeMutablePointer(to: &pattern) { strings in
            options.pathspec = git_strarray(strings: strings, count: 1)
            try check(git_status_list_new(&list, pointer, &options), "cannot read the index's status")
        }
        defer { git_status_list_free(list) }
        let staged = GIT_STATUS_INDEX_NEW.rawValue | GIT_STATUS_INDEX_MODIFIED.rawValue | GIT_STATUS_INDEX_DELETED.rawValue
        let workdir = GIT_STATUS_WT_NEW.rawValue | GIT_STATUS_WT_MODIFIED.rawValue | GIT_STATUS_WT_DELETED.rawValue
            | GIT_STATUS_WT_TYPECHANGE.rawValue | GIT_STATUS_WT_RENAMED.rawValue
        var paths: [String] = []
        for i in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, i)?.pointee, entry.status.rawValue & staged != 0,
                  entry.status.rawValue & workdir == 0, let delta = entry.head_to_index?.pointee else { continue }
            let file = delta.new_file.path ?? delta.old_file.path
            if let file { paths.append(String(cString: file)) }
        }
        return paths
    }
}

extension Index {
    /// Unstages `path` (for a file deleted from the working tree).
    public func remove(path: String) throws {
        try check(git_index_remove_bypath(pointer, path), "cannot unstage \(path)")
    }
}
