// The commit id comes from build-commit.h beside this file, which `scripts/embed-resources`
// writes before a build (scripts/install, scripts/package-deb, scripts/test) and git ignores, so
// a commit never makes the checkout out of date. A plain `swift build` without it says "unknown".
#include "BuildInfo.h"

#if __has_include("build-commit.h")
#include "build-commit.h"
#endif

#ifndef JOURNAL_BUILD_COMMIT
#define JOURNAL_BUILD_COMMIT "unknown"
#endif

const char *journal_build_commit(void) { return JOURNAL_BUILD_COMMIT; }
