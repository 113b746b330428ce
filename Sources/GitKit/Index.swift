import Clibgit2
import Foundation

/// The staging area of a repository, used to build the tree of the next commit.
public final class Index {
    let pointer: OpaquePointer
    // Keeps the repository alive as long as its index is used.
    private let repository: Repository

    init(pointer: OpaquePointer, repository: Repository) {
        self.pointer = pointer
        self.repository = repository
    }

    deinit { git_index_free(pointer) }

    /// Stages `data` as the content of `path` (a regular file) without touching the working tree.
    public func add(path: String, data: Data) throws {
        var entry = git_index_entry()
        entry.mode = 0o100644
        try path.withCString { cPath in
            entry.path = cPath
            _ = try data.withUnsafeBytes { bytes in
                try check(git_index_add_from_buffer(pointer, &entry, bytes.baseAddress, bytes.count),
                          "cannot stage \(path)")
            }
        }
    }

    /// Stages the working-tree file at `path` (relative to the working tree), with its stat data.
    public func addFromWorkdir(path: String) throws {
        try check(git_index_add_bypath(pointer, path), "cannot stage \(path)")
    }

    /// Re-reads the index from disk, discarding what was staged in memory.
    public func reload() throws {
        try check(git_index_read(pointer, 1), "cannot read the index")
    }

    /// Whether the index has unresolved conflicts.
    public var hasConflicts: Bool { git_index_has_conflicts(pointer) == 1 }

    /// Writes the staged content as tree objects and returns the root tree's id.
    public func writeTree() throws -> ObjectID {
        var oid = git_oid()
        try check(git_index_write_tree(&oid, pointer), "cannot write tree")
        return ObjectID(oid)
    }

    /// Writes the index to disk through libgit2's `index.lock`.
    public func write() throws {
        try check(git_index_write(pointer), "cannot write the index")
    }
}
