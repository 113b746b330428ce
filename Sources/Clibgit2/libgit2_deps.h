/* The journal's own calls into two libraries that libgit2 is built with, kept apart from the
   libgit2 wrappers in shim.h.

   They assume Debian 12's libgit2 1.5.1 (package libgit2-dev), which is built against libssh2
   (its SSH transport) and mbedTLS 2.28 (its TLS and SHA-1), so both are installed with it and
   linked through module.modulemap. A libgit2 built with OpenSSL or with its own SSH code would
   still build libgit2's part, but these two need libssh2's and mbedTLS's headers and libraries.

   Why the journal calls them itself:
   - libssh2: libgit2 1.5 hands the SSH host key to its certificate callback and leaves the
     known_hosts check to the caller; libssh2's parser reads OpenSSH's files, hashed names too.
   - mbedTLS: PackWriter hashes the pack and index it writes (their trailers); libgit2 1.5 has no
     public streaming SHA-1, and mbedTLS is already linked for libgit2. */
#ifndef JOURNAL_CLIBGIT2_LIBGIT2_DEPS_H
#define JOURNAL_CLIBGIT2_LIBGIT2_DEPS_H
#include <git2.h>
#include <libssh2.h>
#include <mbedtls/sha1.h>
#include <stdio.h>
#include <string.h>

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
/* SHA-1 of a byte stream (pack and pack-index trailers). A failed step is remembered and
   reported by journal_sha1_finish, which returns mbedTLS's error code (0 when all went well). */
typedef struct { mbedtls_sha1_context context; int error; } journal_sha1;

static inline void journal_sha1_start(journal_sha1 *sha) {
    mbedtls_sha1_init(&sha->context);
    sha->error = mbedtls_sha1_starts_ret(&sha->context);
}

static inline void journal_sha1_update(journal_sha1 *sha, const void *data, size_t length) {
    if (sha->error == 0) sha->error = mbedtls_sha1_update_ret(&sha->context, (const unsigned char *)data, length);
}

static inline int journal_sha1_finish(journal_sha1 *sha, unsigned char out[20]) {
    if (sha->error == 0) sha->error = mbedtls_sha1_finish_ret(&sha->context, out);
    mbedtls_sha1_free(&sha->context);
    return sha->error;
}
#endif
