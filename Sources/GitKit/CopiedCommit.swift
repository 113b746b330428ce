import Clibgit2
import Foundation

/// A commit copied whole out of libgit2 (message, author, committer), for reading one commit at a
/// time; history scans use `ScannedCommit`, which copies only the header.
public struct CopiedCommit: Sendable {
    public let id: ObjectID
    public let treeID: ObjectID
    public let parentIDs: [ObjectID]
    public let message: String
    public let author: Signature
    public let committer: Signature

    init(copying commit: OpaquePointer) {
        id = ObjectID(git_commit_id(commit).pointee)
        treeID = ObjectID(git_commit_tree_id(commit).pointee)
        let count = git_commit_parentcount(commit)
        parentIDs = (0..<count).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0.pointee) }
        }
        message = git_commit_message_raw(commit).map { String(cString: $0) } ?? ""
        author = Signature(copying: git_commit_author(commit))
        committer = Signature(copying: git_commit_committer(commit))
    }

    /// The first line of the message.
    public var summary: String {
        String(message.prefix { $0 != "\n" })
    }
}
