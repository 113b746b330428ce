import Foundation
internal import GitKit

/// A commit of the journal, as the command line shows it: its id in hex.
public struct CommitID: Hashable, Sendable, CustomStringConvertible {
    /// The full 40-digit id.
    public let hex: String

    init(_ id: ObjectID) { hex = id.hex }

    /// The first 8 digits, as `journal add` prints them.
    public var short: String { String(hex.prefix(8)) }
    public var description: String { hex }
}

/// A remote the journal syncs with.
public struct Remote: Equatable, Sendable {
    public let name: String
    public let url: String

    init(_ info: RemoteInfo) {
        name = info.name
        url = info.url
    }
}

/// How far a fetch or push has got, for a progress line.
public struct SyncProgress: Sendable {
    public enum Phase: Sendable { case receiving, resolving, pushing }
    public let phase: Phase
    public let current: Int
    public let total: Int
    public let bytes: Int

    init(_ progress: TransferProgress) {
        switch progress.phase {
        case .receiving: phase = .receiving
        case .resolving: phase = .resolving
        case .pushing: phase = .pushing
        }
        current = progress.current
        total = progress.total
        bytes = progress.bytes
    }
}
