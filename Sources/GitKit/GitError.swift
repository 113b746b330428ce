import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

/// An error from libgit2, or from zlib, mbedTLS or the file system where GitKit calls them itself.
public struct GitError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Who reported the error, and so what `code` means.
    public enum Domain: Sendable, Equatable {
        /// libgit2: `code` is a `git_error_code`, always negative.
        case libgit2
        /// zlib: `code` is zlib's status (`Z_STREAM_ERROR`, `Z_BUF_ERROR`, ...).
        case zlib
        /// mbedTLS (SHA-1): `code` is mbedTLS's error code.
        case mbedtls
        /// The file system: `code` is the `errno` value.
        case io
    }

    public let domain: Domain
    /// The code in `domain`'s terms: libgit2's error code, zlib's status, or `errno`.
    public let code: Int32
    /// libgit2's error class (`git_error_t`), 0 when libgit2 gave none (always 0 outside libgit2).
    public let errorClass: Int32
    public let message: String

    public init(domain: Domain = .libgit2, code: Int32, errorClass: Int32 = 0, message: String) {
        self.domain = domain
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { message }

    public var isNotFound: Bool { isLibgit2(GIT_ENOTFOUND) }
    public var isLocked: Bool { isLibgit2(GIT_ELOCKED) }
    /// The reference moved under us (another process committed first).
    public var isModified: Bool { isLibgit2(GIT_EMODIFIED) }
    /// The server did not accept the credentials offered.
    public var isAuthentication: Bool { isLibgit2(GIT_EAUTH) }
    /// A push that would lose the remote's commits (libgit2 checks this before sending).
    public var isNonFastForward: Bool { isLibgit2(GIT_ENONFASTFORWARD) }
    /// Raised by the network, SSH, HTTP or TLS layers: the remote could not be reached or talked to.
    public var isNetwork: Bool {
        domain == .libgit2
            && [GIT_ERROR_NET, GIT_ERROR_OS, GIT_ERROR_SSH, GIT_ERROR_HTTP, GIT_ERROR_SSL].contains { Int32($0.rawValue) == errorClass }
    }

    /// zlib's and libgit2's codes overlap (Z_DATA_ERROR is GIT_ENOTFOUND): only libgit2's count.
    private func isLibgit2(_ expected: git_error_code) -> Bool {
        domain == .libgit2 && code == expected.rawValue
    }

    /// A failed system call: the message ends with what `errno` says.
    /// (`what` is built after `errno` is read.)
    static func io(_ what: @autoclosure () -> String, errno number: Int32 = errno) -> GitError {
        GitError(domain: .io, code: number, message: "\(what()): \(String(cString: strerror(number)))")
    }

    /// A zlib call that returned `status`; zlib's own message for the stream when it left one.
    static func zlib(_ what: String, status: Int32, streamMessage: UnsafePointer<CChar>? = nil) -> GitError {
        let detail = streamMessage.map { String(cString: $0) } ?? String(cString: zError(status))
        return GitError(domain: .zlib, code: status, message: "\(what): zlib error \(status) (\(detail))")
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
