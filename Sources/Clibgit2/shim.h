#ifndef JOURNAL_CLIBGIT2_SHIM_H
#define JOURNAL_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/remote.h>
#include <libssh2.h>
#include <string.h>
#include <stdio.h>
#include <zlib.h>
#include <mbedtls/sha1.h>

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

/* Checks a server's SSH host key against OpenSSH known_hosts files (hashed names included), with
   libssh2's own parser. Returns 0 match, 1 a different key is recorded for this host, 2 not
   recorded, 3 the key type is not supported, or -1 when no session could be made. */
static inline int journal_known_host_check(const char *const *files, size_t file_count,
                                           const char *host, int port,
                                           const char *key, size_t key_length, int raw_type) {
    int type;
    switch (raw_type) {
    case GIT_CERT_SSH_RAW_TYPE_RSA: type = LIBSSH2_KNOWNHOST_KEY_SSHRSA; break;
    case GIT_CERT_SSH_RAW_TYPE_DSS: type = LIBSSH2_KNOWNHOST_KEY_SSHDSS; break;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256: type = LIBSSH2_KNOWNHOST_KEY_ECDSA_256; break;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384: type = LIBSSH2_KNOWNHOST_KEY_ECDSA_384; break;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521: type = LIBSSH2_KNOWNHOST_KEY_ECDSA_521; break;
    case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519: type = LIBSSH2_KNOWNHOST_KEY_ED25519; break;
    default: return 3;
    }
    LIBSSH2_SESSION *session = libssh2_session_init();
    if (!session) return -1;
    LIBSSH2_KNOWNHOSTS *hosts = libssh2_knownhost_init(session);
    if (!hosts) { libssh2_session_free(session); return -1; }
    for (size_t i = 0; i < file_count; i++) {
        /* A missing or partly unreadable file adds what it can; unknown lines are skipped. */
        (void)libssh2_knownhost_readfile(hosts, files[i], LIBSSH2_KNOWNHOST_FILE_OPENSSH);
    }
    struct libssh2_knownhost *found = NULL;
    /* Like OpenSSH, a server on another port than 22 is known only as "[host]:port": libssh2's own
       port lookup would fall back to a key recorded for port 22. */
    char name[1100];
    int length = port != 22 ? snprintf(name, sizeof name, "[%s]:%d", host, port) : snprintf(name, sizeof name, "%s", host);
    int result = length < 0 || length >= (int)sizeof name ? LIBSSH2_KNOWNHOST_CHECK_FAILURE
        : libssh2_knownhost_checkp(hosts, name, -1, key, key_length,
                                   LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | type, &found);
    libssh2_knownhost_free(hosts);
    libssh2_session_free(session);
    switch (result) {
    case LIBSSH2_KNOWNHOST_CHECK_MATCH: return 0;
    case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return 1;
    case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND: return 2;
    default: return -1;
    }
}
/* SHA-1 of a byte stream (pack and pack-index trailers); mbedTLS comes with libgit2's package. */
typedef struct { mbedtls_sha1_context context; } journal_sha1;

static inline void journal_sha1_start(journal_sha1 *sha) {
    mbedtls_sha1_init(&sha->context);
    (void)mbedtls_sha1_starts_ret(&sha->context);
}

static inline void journal_sha1_update(journal_sha1 *sha, const void *data, size_t length) {
    (void)mbedtls_sha1_update_ret(&sha->context, (const unsigned char *)data, length);
}

static inline void journal_sha1_finish(journal_sha1 *sha, unsigned char out[20]) {
    (void)mbedtls_sha1_finish_ret(&sha->context, out);
    mbedtls_sha1_free(&sha->context);
}
#endif
