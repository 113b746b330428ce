import Foundation
internal import GitKit

/// The one place a failure reported by GitKit becomes a `JournalError`: the message says what the
/// journal was doing, and the kind (and so the exit code) follows what libgit2 reported.
extension JournalError {
    /// `doing` is what failed, as the user would say it ("cannot read the journal's history");
    /// `kind` is the error for a failure that is not a lock or the network.
    init(_ error: GitError, doing: String, as kind: (String) -> JournalError = JournalError.failed) {
        let message = "\(doing): \(error.message)"
        if error.isLocked {
            self = .locked(message + "; if no other git program is running, remove that .lock file and try again")
        } else if error.isNetwork || error.isAuthentication {
            self = .remote(message)
        } else {
            self = kind(message)
        }
    }

    /// Any error a public entry point of JournalKit lets through, as a `JournalError`.
    public static func describing(_ error: any Error) -> JournalError {
        switch error {
        case let error as JournalError: return error
        case let error as GitError: return JournalError(error, doing: "git failed")
        default: return .failed("\(error)")
        }
    }
}

/// Runs `body`, turning a GitKit failure into a `JournalError` that says what was being done.
func translatingGitErrors<T>(
    _ doing: @autoclosure () -> String, as kind: (String) -> JournalError = JournalError.failed, _ body: () throws -> T
) throws -> T {
    do {
        return try body()
    } catch let error as GitError {
        throw JournalError(error, doing: doing(), as: kind)
    }
}
