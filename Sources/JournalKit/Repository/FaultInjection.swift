import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Named moments in the write path where the crash tests can make the process die on purpose
/// (`JOURNAL_FAULT_POINT=after-commit journal add ...` dies by SIGKILL right there), so each
/// crash window is tested exactly, not only by chance in the kill loop.
enum FaultInjection {
    static let point = ProcessInfo.processInfo.environment["JOURNAL_FAULT_POINT"]

    static func reached(_ name: String) {
        if point == name { kill(getpid(), SIGKILL) }
    }
}
