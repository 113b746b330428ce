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
    /// The blob is written first, so this works for an index in memory too.
    @discardableResult
    public func add(path: String, data: Data) throws -> ObjectID {
        var blob = git_oid()
        try data.withUnsafeBytes { bytes in
            try check(
                git_blob_create_from_buffer(&blob, repository.pointer, bytes.baseAddress, bytes.count),
                "cannot store \(path)")
        }
        var entry = git_index_entry()
        entry.mode = 0o100644
        entry.id = blob
        entry.file_size = UInt32(truncatingIfNeeded: data.count)
        try path.withCString { cPath in
            entry.path = cPath
            try check(git_index_add(pointer, &entry), "cannot stage \(path)")
        }
        return ObjectID(blob)
    }

    /// How many entries the index holds.
    public var count: Int { git_index_entrycount(pointer) }

    /// Replaces the whole index, in memory, with the tree of `commit`.
    public func read(treeOf commit: ObjectID) throws {
        try repository.withTree(ofCommit: commit) { tree in
            try check(git_index_read_tree(pointer, tree), "cannot read the tree of \(commit)")
        }
    }

    /// The blob staged at `path` (stage 0), if any.
    public func blobID(path: String) -> ObjectID? {
        git_index_get_bypath(pointer, path, 0).map { ObjectID($0.pointee.id) }
    }

    /// Stages the working-tree file at `path` (relative to the working tree), with its stat data.
    public func addFromWorkdir(path: String) throws {
        try check(git_index_add_bypath(pointer, path), "cannot stage \(path)")
    }

    /// Brings the index up to what is on disk: re-read when the file changed since it was last
    /// read or written (libgit2 compares its size, time and inode), kept otherwise, since parsing
    /// the index of a large journal is a good part of a commit's cost.
    public func reload() throws {
        try check(git_index_read(pointer, 0), "cannot read the index")
    }

    /// Whether the index has unresolved conflicts.
    public var hasConflicts: Bool { git_index_has_conflicts(pointer) == 1 }

    /// Writes the staged content as tree objects (into the repository) and returns the root tree's id.
    public func writeTree() throws -> ObjectID {
        var oid = git_oid()
        try check(git_index_write_tree_to(&oid, pointer, repository.pointer), "cannot write tree")
        return ObjectID(oid)
    }

    /// Writes the index to disk through libgit2's `index.lock`.
    public func write() throws {
        try check(git_index_write(pointer), "cannot write the index")
    }
}

extension Index {
    /// Unstages `path` (for a file deleted from the working tree).
    public func remove(path: String) throws {
        try check(git_index_remove_bypath(pointer, path), "cannot unstage \(path)")
    }
}

extension Index {
    /// Stages what `tree` holds at `path` (removes the entry when it holds nothing there), without
    /// touching the working tree: the index then agrees with that tree for this path.
    public func stage(path: String, asIn tree: ObjectID) throws {
        var treeOID = tree.raw
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, repository.pointer, &treeOID), "cannot read tree \(tree)")
        defer { git_tree_free(treeHandle) }
        var found: OpaquePointer?
        let result = git_tree_entry_bypath(&found, treeHandle, path)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            if git_index_get_bypath(pointer, path, 0) != nil { try remove(path: path) }
            return
        }
        try check(result, "cannot read \(path) in tree \(tree)")
        defer { git_tree_entry_free(found) }
        var entry = git_index_entry()
        entry.mode = UInt32(git_tree_entry_filemode(found).rawValue)
        entry.id = git_tree_entry_id(found).pointee
        try path.withCString { cPath in
            entry.path = cPath
            try check(git_index_add(pointer, &entry), "cannot stage \(path)")
        }
    }
}
