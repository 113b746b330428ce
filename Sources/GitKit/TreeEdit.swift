import Clibgit2
import Foundation

/// A few files changed on top of a tree, written as a new tree that rebuilds only the folders on
/// their paths. Unlike an index read from the whole tree, it reads a handful of tree objects, so
/// a commit to a journal of 100,000 entries costs what one to a new journal does.
public final class TreeEdit {
    private let repository: Repository
    private let base: ObjectID?
    /// New blob ids by path.
    private var changes: [String: ObjectID] = [:]
    /// Files taken out (a folder left empty goes too).
    private var removed: Set<String> = []

    public init(repository: Repository, base: ObjectID?) {
        self.repository = repository
        self.base = base
    }

    /// Stores `data` as the content of `path` (a regular file); returns its blob id.
    @discardableResult
    public func set(path: String, data: Data) throws -> ObjectID {
        var blob = git_oid()
        try data.withUnsafeBytes { bytes in
            try check(git_blob_create_from_buffer(&blob, repository.pointer, bytes.baseAddress, bytes.count), "cannot store \(path)")
        }
        changes[path] = ObjectID(blob)
        removed.remove(path)
        return ObjectID(blob)
    }

    /// Takes `path` out of the tree; a folder it leaves empty goes too.
    public func remove(path: String) {
        changes[path] = nil
        removed.insert(path)
    }

    /// The blob at `path` as edited so far; nil when there is none.
    public func blobID(path: String) throws -> ObjectID? {
        if let changed = changes[path] { return changed }
        if removed.contains(path) { return nil }
        return try base.flatMap { try repository.treeEntryID(tree: $0, path: path) }
    }

    /// The content at `path` as edited so far; nil when there is none.
    public func blobContent(path: String) throws -> Data? {
        try blobID(path: path).map { try repository.blobContent($0) }
    }

    /// Writes the edited tree: each folder on a changed path is rebuilt from its old version.
    public func write() throws -> ObjectID {
        try write(folder: "", tree: base).id
    }

    /// The folder's new tree, and whether it holds anything.
    private func write(folder: String, tree: ObjectID?) throws -> (id: ObjectID, isEmpty: Bool) {
        let prefix = folder.isEmpty ? "" : folder + "/"
        var files: [String: ObjectID] = [:]
        var gone: [String] = []
        var subfolders: Set<String> = []
        for path in Array(changes.keys) + Array(removed) where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                subfolders.insert(String(rest[..<slash]))
            } else if let blob = changes[path] {
                files[String(rest)] = blob
            } else {
                gone.append(String(rest))
            }
        }
        var source: OpaquePointer?
        if var oid = tree?.raw { try check(git_tree_lookup(&source, repository.pointer, &oid), "cannot read tree \(tree!)") }
        defer { if let source { git_tree_free(source) } }
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, repository.pointer, source), "cannot edit a tree")
        defer { git_treebuilder_free(builder) }
        for name in subfolders.sorted() {
            var old: ObjectID?
            if let entry = git_treebuilder_get(builder, name), git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                old = ObjectID(git_tree_entry_id(entry).pointee)
            }
            let sub = try write(folder: prefix + name, tree: old)
            if sub.isEmpty {
                if old != nil { try check(git_treebuilder_remove(builder, name), "cannot edit the tree at \(prefix + name)") }
                continue
            }
            var id = sub.id.raw
            try check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE), "cannot edit the tree at \(prefix + name)")
        }
        for name in gone where git_treebuilder_get(builder, name) != nil {
            try check(git_treebuilder_remove(builder, name), "cannot edit the tree at \(prefix + name)")
        }
        for (name, blob) in files {
            var id = blob.raw
            try check(git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_BLOB), "cannot edit the tree at \(prefix + name)")
        }
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "cannot write the tree \(folder)")
        return (ObjectID(out), git_treebuilder_entrycount(builder) == 0)
    }
}
