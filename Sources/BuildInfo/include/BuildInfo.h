#ifndef JOURNAL_BUILD_INFO_H
#define JOURNAL_BUILD_INFO_H

/// The short id of the commit this binary was built from, or "unknown" when the build did not
/// know it (see BuildInfo.c).
const char *journal_build_commit(void);

#endif
