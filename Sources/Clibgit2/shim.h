#ifndef JOURNAL_CLIBGIT2_SHIM_H
#define JOURNAL_CLIBGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: fixed-argument wrappers. */
static inline int journal_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

static inline int journal_git_verify_object_hashes(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Objects of `type` larger than `bytes` are not cached (libgit2's defaults: 4096 for commits and trees). */
static inline int journal_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

/* Pack windows: smaller and fewer, so reading a large history does not map the whole pack at once. */
static inline int journal_git_set_mwindow(size_t window_bytes, size_t mapped_limit_bytes) {
    int error = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window_bytes);
    if (error < 0) return error;
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit_bytes);
}
#endif
