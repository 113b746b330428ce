import Clibgit2
import Foundation

/// The tree two commits merge into, or the paths that stop the merge.
public struct MergeOutcome {
    /// The merged tree; nil when `conflicts` is not empty.
    public let tree: ObjectID?
    /// Paths both sides changed in ways that cannot be merged by keeping both sides' lines.
    public let conflicts: [String]
    /// Paths whose conflicting hunks were resolved by keeping both sides (union).
    public let unioned: [String]
}

extension Repository {
    /// Merges `theirs` into `ours` in memory; nothing in the working tree or refs changes.
    /// Conflicts in paths `unionMerge` accepts are resolved by keeping both sides' lines (as
    /// `merge=union` does, also when `.gitattributes` does not say so); any other conflict is
    /// reported, and no tree is written.
    ///
    /// `rewrite`, when given, is asked about every path under its folders that both sides changed
    /// since their merge base, with the three contents; what it returns replaces libgit2's merge
    /// of that file (nil keeps it).
    public func mergeTrees(
        ours: ObjectID, theirs: ObjectID, unionMerge: (String) -> Bool,
        rewrite: (folders: [String], merge: (_ path: String, _ base: Data?, _ ours: Data, _ theirs: Data) throws -> Data?)? = nil
    ) throws -> MergeOutcome {
        var ourOID = ours.raw
        var theirOID = theirs.raw
        var ourCommit: OpaquePointer?
        var theirCommit: OpaquePointer?
        try check(git_commit_lookup(&ourCommit, pointer, &ourOID), "cannot read \(ours)")
        defer { git_commit_free(ourCommit) }
        try check(git_commit_lookup(&theirCommit, pointer, &theirOID), "cannot read \(theirs)")
        defer { git_commit_free(theirCommit) }
        var options = git_merge_options()
        try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)))
        var raw: OpaquePointer?
        try check(git_merge_commits(&raw, pointer, ourCommit, theirCommit, &options), "cannot merge")
        let index = Index(pointer: raw!, repository: self)

        struct Conflict {
            let path: String
            let ancestor: git_oid?
            let ours: git_oid?
            let theirs: git_oid?
        }
        var found: [Conflict] = []
        if index.hasConflicts {
            var iterator: OpaquePointer?
            try check(git_index_conflict_iterator_new(&iterator, index.pointer), "cannot read merge conflicts")
            defer { git_index_conflict_iterator_free(iterator) }
            var a: UnsafePointer<git_index_entry>?
            var o: UnsafePointer<git_index_entry>?
            var t: UnsafePointer<git_index_entry>?
            while true {
                let result = git_index_conflict_next(&a, &o, &t, iterator)
                if result == GIT_ITEROVER.rawValue {
                    git_error_clear()
                    break
                }
                try check(result, "cannot read merge conflicts")
                guard let any = o ?? t ?? a, let path = any.pointee.path else { continue }
                found.append(Conflict(path: String(cString: path), ancestor: a?.pointee.id, ours: o?.pointee.id, theirs: t?.pointee.id))
            }
        }
        var conflicts: [String] = []
        var unioned: [String] = []
        for conflict in found {
            guard unionMerge(conflict.path) else {
                conflicts.append(conflict.path)
                continue
            }
            let ancestor = try conflict.ancestor.map { try blobContent(ObjectID($0)) }
            let merged: Data
            switch (conflict.ours, conflict.theirs) {
            case (let ours?, let theirs?):
                merged = try MergeFile.union(
                    ancestor: ancestor, ours: try blobContent(ObjectID(ours)),
                    theirs: try blobContent(ObjectID(theirs)))
            // Deleted on one side, changed on the other: keeping the changed side loses nothing.
            case (let ours?, nil): merged = try blobContent(ObjectID(ours))
            case (nil, let theirs?): merged = try blobContent(ObjectID(theirs))
            case (nil, nil): continue
            }
            try check(git_index_conflict_remove(index.pointer, conflict.path), "cannot resolve \(conflict.path)")
            try index.add(path: conflict.path, data: merged)
            unioned.append(conflict.path)
        }
        guard conflicts.isEmpty else { return MergeOutcome(tree: nil, conflicts: conflicts.sorted(), unioned: unioned) }
        if let rewrite, let base = try mergeBase(ours, theirs) {
            let baseTree = try treeID(ofCommit: base)
            var ourChanges: [String: ObjectID?] = [:]
            var theirChanges: [String: ObjectID?] = [:]
            for folder in rewrite.folders {
                ourChanges.merge(try changedBlobs(from: baseTree, to: try treeID(ofCommit: ours), under: folder)) { a, _ in a }
                theirChanges.merge(try changedBlobs(from: baseTree, to: try treeID(ofCommit: theirs), under: folder)) { a, _ in a }
            }
            for (path, ourBlob) in ourChanges.sorted(by: { $0.key < $1.key }) {
                guard let ourBlob, let theirBlob = theirChanges[path] ?? nil, ourBlob != theirBlob else { continue }
                let baseData = try treeEntryID(tree: baseTree, path: path).map { try blobContent($0) }
                if let merged = try rewrite.merge(path, baseData, try blobContent(ourBlob), try blobContent(theirBlob)) {
                    try index.add(path: path, data: merged)
                    if !unioned.contains(path) { unioned.append(path) }
                }
            }
        }
        return MergeOutcome(tree: try index.writeTree(), conflicts: [], unioned: unioned)
    }

    /// The files under `folder` that differ between two trees, with their blob in `new` (nil: deleted).
    public func changedBlobs(from old: ObjectID, to new: ObjectID, under folder: String) throws -> [String: ObjectID?] {
        var oldOID = old.raw
        var newOID = new.raw
        var oldTree: OpaquePointer?
        var newTree: OpaquePointer?
        try check(git_tree_lookup(&oldTree, pointer, &oldOID), "cannot read tree \(old)")
        defer { git_tree_free(oldTree) }
        try check(git_tree_lookup(&newTree, pointer, &newOID), "cannot read tree \(new)")
        defer { git_tree_free(newTree) }
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var diff: OpaquePointer?
        try withPathspec(folder + "/") { pathspec in
            options.pathspec = pathspec
            try check(git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options), "cannot compare trees")
        }
        defer { git_diff_free(diff) }
        var changes: [String: ObjectID?] = [:]
        for i in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { continue }
            let deleted = delta.status == GIT_DELTA_DELETED
            guard let path = (deleted ? delta.old_file : delta.new_file).path else { continue }
            changes[String(cString: path)] = deleted ? nil : ObjectID(delta.new_file.id)
        }
        return changes
    }

    /// Brings the working tree and the index from `baseline` (what they are expected to hold) to
    /// `tree`. Files changed since `baseline` are left as they are, never overwritten; their paths
    /// are returned.
    @discardableResult
    public func checkout(tree: ObjectID, baseline: ObjectID?) throws -> [String] {
        var target = tree.raw
        var treeHandle: OpaquePointer?
        try check(git_tree_lookup(&treeHandle, pointer, &target), "cannot read tree \(tree)")
        defer { git_tree_free(treeHandle) }
        var baselineHandle: OpaquePointer?
        if var base = baseline?.raw {
            try check(git_tree_lookup(&baselineHandle, pointer, &base), "cannot read tree \(baseline!)")
        }
        defer { if let baselineHandle { git_tree_free(baselineHandle) } }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)))
        // Ignored files (entries waiting in .journal/drafts/) are never overwritten either.
        options.checkout_strategy =
            GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
            | GIT_CHECKOUT_DONT_OVERWRITE_IGNORED.rawValue
        options.baseline = baselineHandle
        options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
        final class Skipped { var paths: [String] = [] }
        let skipped = Skipped()
        options.notify_payload = Unmanaged.passUnretained(skipped).toOpaque()
        options.notify_cb = { _, path, _, _, _, payload in
            if let path, let payload {
                Unmanaged<Skipped>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path))
            }
            return 0
        }
        _ = try withExtendedLifetime(skipped) {
            try check(git_checkout_tree(pointer, treeHandle, &options), "cannot update the working tree")
        }
        // A file left as the user edited it keeps its working copy, but its index entry moves to
        // the new tree: restoring the file (git checkout -- FILE) then gives the new text, never
        // the stale one.
        if !skipped.paths.isEmpty {
            let index = try self.index()
            try index.reload()
            for path in skipped.paths { try index.stage(path: path, asIn: tree) }
            try index.write()
        }
        return skipped.paths
    }
}
