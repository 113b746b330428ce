import Clibgit2

/// One-time libgit2 set-up. Every GitKit entry point calls `Libgit2.start()` (or, where it cannot
/// throw, touches `Libgit2.ready`) first.
enum Libgit2 {
    /// The outcome of `git_libgit2_init`, run once per process. It fails when libgit2 cannot set
    /// up its global state (threads, SSH, TLS certificates): nothing in libgit2 works then.
    private static let initialization: Result<Void, any Error> = Result {
        try check(git_libgit2_init(), "libgit2 could not start")
    }

    /// Starts libgit2 once; throws, every time, if it could not start.
    static func start() throws {
        try initialization.get()
    }

    /// Whether libgit2 started, for the few callers that cannot throw (they fail on their own
    /// terms when it did not).
    static var ready: Bool {
        (try? start()) != nil
    }
}
