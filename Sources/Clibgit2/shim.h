#ifndef JOURNAL_CLIBGIT2_SHIM_H
#define JOURNAL_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/remote.h>
#include <string.h>
#include <stdio.h>
#include <zlib.h>
/* The known-hosts check (libssh2) and SHA-1 (mbedTLS): calls beside libgit2, with what they assume. */
#include "libgit2_deps.h"

/* git_libgit2_opts is variadic, which Swift cannot call: fixed-argument wrappers. GitKit sets the
   process-wide ones for a while through Libgit2Options (Sources/GitKit/Libgit2Options.swift). */
static inline int journal_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/* The cache's current size and its limit, both in bytes. */
static inline int journal_git_get_cached_memory(ssize_t *current, ssize_t *allowed) {
    return git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, current, allowed);
}

static inline int journal_git_verify_object_hashes(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Objects of `type` larger than `bytes` are not cached (libgit2's defaults: 4096 for commits and trees). */
static inline int journal_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (int)type, bytes);
}

/* Pack windows: how large one mapped window is, and how much may be mapped at once. */
static inline int journal_git_set_mwindow_size(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, bytes);
}

static inline int journal_git_get_mwindow_size(size_t *bytes) {
    return git_libgit2_opts(GIT_OPT_GET_MWINDOW_SIZE, bytes);
}

static inline int journal_git_set_mwindow_mapped_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, bytes);
}

static inline int journal_git_get_mwindow_mapped_limit(size_t *bytes) {
    return git_libgit2_opts(GIT_OPT_GET_MWINDOW_MAPPED_LIMIT, bytes);
}

/* CA certificates for HTTPS: libgit2 replaces its whole chain, so the system's are named again. */
static inline int journal_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
#endif
