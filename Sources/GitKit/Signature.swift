import Clibgit2
import Foundation

/// Who made a commit and when, with the UTC offset the author wrote it in.
public struct Signature: Equatable, Sendable {
    public var name: String
    public var email: String
    public var date: Date
    /// Minutes east of UTC, as git stores it.
    public var offsetMinutes: Int

    public init(name: String, email: String, date: Date, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.date = date
        self.offsetMinutes = offsetMinutes
    }

    /// A signature at `date` in `timeZone`, using that zone's offset on that date (DST-safe).
    public init(name: String, email: String, date: Date, timeZone: TimeZone) {
        self.init(
            name: name, email: email, date: date,
            offsetMinutes: timeZone.secondsFromGMT(for: date) / 60)
    }

    init(copying sig: UnsafePointer<git_signature>) {
        let s = sig.pointee
        name = s.name.map { String(cString: $0) } ?? ""
        email = s.email.map { String(cString: $0) } ?? ""
        date = Date(timeIntervalSince1970: TimeInterval(s.when.time))
        offsetMinutes = Int(s.when.offset)
    }

    /// Calls `body` with a libgit2 signature that lives only for the call.
    func withGitSignature<T>(_ body: (UnsafePointer<git_signature>) throws -> T) throws -> T {
        var sig: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(
                &sig, name, email, git_time_t(date.timeIntervalSince1970.rounded(.down)),
                Int32(offsetMinutes)),
            "invalid signature \"\(name) <\(email)>\"")
        defer { git_signature_free(sig) }
        return try body(sig!)
    }
}
