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
