import Clibgit2

/// An error reported by libgit2, carrying its code and message.
public struct GitError: Error, CustomStringConvertible, Equatable {
    /// libgit2's error code (`git_error_code`), always negative.
    public let code: Int32
    /// libgit2's error class (`git_error_t`), 0 when libgit2 gave none.
    public let errorClass: Int32
    public let message: String

    public init(code: Int32, errorClass: Int32 = 0, message: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { message }

    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    public var isLocked: Bool { code == GIT_ELOCKED.rawValue }
    /// The reference moved under us (another process committed first).
    public var isModified: Bool { code == GIT_EMODIFIED.rawValue }
    /// The server did not accept the credentials offered.
    public var isAuthentication: Bool { code == GIT_EAUTH.rawValue }
    /// A push that would lose the remote's commits (libgit2 checks this before sending).
    public var isNonFastForward: Bool { code == GIT_ENONFASTFORWARD.rawValue }
    /// Raised by the network, SSH, HTTP or TLS layers: the remote could not be reached or talked to.
    public var isNetwork: Bool {
        [GIT_ERROR_NET, GIT_ERROR_OS, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL].contains { Int32($0.rawValue) == errorClass }
    }
}

/// Turns a libgit2 return value into a throw. Only negative values are failures;
/// the message is read at once, on this thread, and may be missing on 1.5.
@discardableResult
func check(_ result: Int32, _ context: @autoclosure () -> String = "") throws -> Int32 {
    guard result < 0 else { return result }
    var message = ""
    var errorClass: Int32 = 0
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
        errorClass = last.pointee.klass
    }
    git_error_clear()
    let prefix = context()
    if message.isEmpty { message = "libgit2 error \(result)" }
    if !prefix.isEmpty { message = "\(prefix): \(message)" }
    throw GitError(code: result, errorClass: errorClass, message: message)
}
