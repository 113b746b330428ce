import Clibgit2

// Interim home of the process-wide libgit2 settings until the scoped helper replaces them.
extension Repository {
    public static func limitObjectCache(bytes: Int) {
        _ = Libgit2.ready
        _ = journal_git_set_cache_max_size(bytes)
    }

    public static func setCommitCaching(_ enabled: Bool) {
        _ = Libgit2.ready
        _ = journal_git_set_cache_object_limit(GIT_OBJECT_COMMIT, enabled ? 4096 : 0)
    }

    public static func setObjectHashVerification(_ enabled: Bool) {
        _ = Libgit2.ready
        _ = journal_git_verify_object_hashes(enabled ? 1 : 0)
    }

    public static func limitPackMapping(windowBytes: Int, mappedLimitBytes: Int) {
        _ = Libgit2.ready
        _ = journal_git_set_mwindow(windowBytes, mappedLimitBytes)
    }
}
