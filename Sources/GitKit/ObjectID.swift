import Clibgit2
import Foundation

/// A git object id (SHA-1), a plain value copied out of libgit2.
public struct ObjectID: Hashable, Comparable, CustomStringConvertible, Sendable {
    var raw: git_oid

    init(_ raw: git_oid) { self.raw = raw }

    public init?(hex: String) {
        _ = Libgit2.ready
        guard hex.utf8.count == 40 else { return nil }
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, hex, 40) == 0 else { return nil }
        self.raw = oid
    }

    public var hex: String {
        var copy = raw
        var buffer = [CChar](repeating: 0, count: 40)
        git_oid_fmt(&buffer, &copy)
        return String(decoding: buffer.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String { hex }

    /// Appends the 40 hex digits to `bytes` without making a String.
    public func appendHex(to bytes: inout [UInt8]) {
        var copy = raw
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            git_oid_fmt(buffer.baseAddress!, &copy)
            buffer.withMemoryRebound(to: UInt8.self) { bytes.append(contentsOf: $0) }
        }
    }

    public static func == (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var l = lhs.raw
        var r = rhs.raw
        return git_oid_equal(&l, &r) != 0
    }

    /// Byte order of the ids, as git sorts them.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        var l = lhs.raw
        var r = rhs.raw
        return git_oid_cmp(&l, &r) < 0
    }

    public func hash(into hasher: inout Hasher) {
        // A SHA-1 is already uniformly spread: its first eight bytes are hash enough.
        withUnsafeBytes(of: raw) { hasher.combine($0.loadUnaligned(as: UInt64.self)) }
    }
}

extension ObjectID {
    /// The id `data` has (or would have) as a blob, without writing it.
    public static func blob(_ data: Data) throws -> ObjectID {
        _ = Libgit2.ready
        var oid = git_oid()
        try data.withUnsafeBytes { bytes in
            try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, GIT_OBJECT_BLOB), "cannot hash")
        }
        return ObjectID(oid)
    }
}
