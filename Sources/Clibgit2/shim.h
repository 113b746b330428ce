#ifndef JOURNAL_CLIBGIT2_SHIM_H
#define JOURNAL_CLIBGIT2_SHIM_H
#include <git2.h>
#endif
