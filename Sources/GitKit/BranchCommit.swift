import Clibgit2
import Foundation

/// A whole tree written from a set of files, and a commit of it on a branch that is not HEAD's:
/// built in memory (blobs, trees and the commit go to the object database), so HEAD, the index
/// and the working tree are never touched. `journal publish --branch` uses it.
extension Repository {
    /// Writes `files` (path relative to the tree's root, `/` between folders, content) as blobs
    /// and trees; returns the root tree's id. Paths must be unique and name no folder of another.
    public func writeTree(files: [(path: String, data: Data)]) throws -> ObjectID {
        var root = FolderNode()
        for file in files {
            var blob = git_oid()
            try file.data.withUnsafeBytes { bytes in
                try check(git_blob_create_from_buffer(&blob, pointer, bytes.baseAddress, bytes.count), "cannot store \(file.path)")
            }
            let parts = file.path.split(separator: "/").map(String.init)
            guard !parts.isEmpty else { continue }
            root.insert(parts[...], blob: ObjectID(blob))
        }
        return try write(root, at: "")
    }

    private func write(_ folder: FolderNode, at path: String) throws -> ObjectID {
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, nil), "cannot build a tree")
        defer { git_treebuilder_free(builder) }
        for (name, blob) in folder.files {
            var id = blob.raw
            try check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_BLOB), "cannot add \(path)\(name) to a tree")
        }
        for (name, child) in folder.folders {
            var id = try write(child, at: path + name + "/").raw
            try check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE), "cannot add \(path)\(name)/ to a tree")
        }
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "cannot write the tree \(path)")
        return ObjectID(out)
    }

    /// Commits `tree` on `branch` (a full name, `refs/heads/gh-pages`) with the branch's tip as
    /// its parent, and moves the branch only if it still points at that tip. Returns nil, and
    /// writes no commit, when the tip already has this tree.
    public func commitOnBranch(
        _ branch: String, tree: ObjectID, author: Signature, committer: Signature, message: String
    ) throws -> ObjectID? {
        let tip = try referenceTarget(branch)
        if let tip, try treeID(ofCommit: tip) == tree { return nil }
        let commit = try createCommit(
            tree: tree, parents: tip.map { [$0] } ?? [], author: author, committer: committer, message: message, updateRef: nil)
        try moveReference(branch, to: commit, expected: tip, message: "journal publish")
        return commit
    }

    /// Whether `name` is a valid full reference name (`refs/heads/gh-pages`).
    public static func isValidReferenceName(_ name: String) -> Bool {
        _ = Libgit2.ready
        var valid: Int32 = 0
        guard git_reference_name_is_valid(&valid, name) == 0 else {
            git_error_clear()
            return false
        }
        return valid == 1
    }

    /// The regular files directly inside `folder` of a commit's tree, by name, in name order
    /// (none when the folder is missing).
    public func files(in folder: String, ofCommit commit: ObjectID) throws -> [(name: String, data: Data)] {
        guard let folderID = try treeEntryID(commit: commit, path: folder) else { return [] }
        var oid = folderID.raw
        var tree: OpaquePointer?
        guard git_tree_lookup(&tree, pointer, &oid) == 0 else {
            git_error_clear()
            return []
        }
        defer { git_tree_free(tree) }
        var result: [(name: String, data: Data)] = []
        for i in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, i), git_tree_entry_type(entry) == GIT_OBJECT_BLOB,
                git_tree_entry_filemode(entry) == GIT_FILEMODE_BLOB
            else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            result.append((name, try blobContent(ObjectID(git_tree_entry_id(entry).pointee))))
        }
        return result.sorted { $0.name < $1.name }
    }
}

/// A folder of the tree being written: files and subfolders by name.
private struct FolderNode {
    var files: [String: ObjectID] = [:]
    var folders: [String: FolderNode] = [:]

    mutating func insert(_ parts: ArraySlice<String>, blob: ObjectID) {
        guard let first = parts.first else { return }
        if parts.count == 1 {
            files[first] = blob
        } else {
            folders[first, default: FolderNode()].insert(parts.dropFirst(), blob: blob)
        }
    }
}
