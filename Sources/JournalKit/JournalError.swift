/// A failure the user can act on; its description is the one line printed on stderr.
public enum JournalError: Error, CustomStringConvertible, Equatable {
    /// Input that was refused before anything was written.
    case badInput(String)
    /// The journal is missing, not a journal, or in a state the tool will not write into.
    case journal(String)
    /// The repository is busy (a lock held by another process).
    case locked(String)
    /// Anything else, with what to do about it.
    case failed(String)
    /// A remote that cannot be reached, refused us, or refused what we sent.
    case remote(String)
    /// Changes on two sides that the user must reconcile by hand (a sync that stopped).
    case conflict(String)

    public var description: String {
        switch self {
        case .badInput(let m), .journal(let m), .locked(let m), .failed(let m), .remote(let m), .conflict(let m): return m
        }
    }

    /// Exit status for the command line, from sysexits.h: 64 for usage-like input errors (EX_USAGE),
    /// 65 for a conflict to resolve by hand (EX_DATAERR), 66 for a missing or unusable journal
    /// (EX_NOINPUT), 69 for a remote that failed (EX_UNAVAILABLE), 75 for a busy one (EX_TEMPFAIL),
    /// 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 64
        case .journal: return 66
        case .locked: return 75
        case .failed: return 1
        case .remote: return 69
        case .conflict: return 65
        }
    }
}
