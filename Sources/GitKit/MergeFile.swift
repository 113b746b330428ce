import Clibgit2
import Foundation

/// Three-way merges of one file's content, as `merge=union` does for day files.
public enum MergeFile {
    /// Both sides' changes against `ancestor`, with conflicting hunks keeping both sides' lines
    /// (no conflict markers).
    public static func union(ancestor: Data?, ours: Data, theirs: Data) throws -> Data {
        _ = Libgit2.ready
        var options = git_merge_file_options()
        try check(git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)))
        options.favor = GIT_MERGE_FILE_FAVOR_UNION
        var result = git_merge_file_result()
        try withInput(ancestor ?? Data()) { base in
            try withInput(ours) { mine in
                try withInput(theirs) { other in
                    try check(git_merge_file(&result, base, mine, other, &options), "cannot merge")
                }
            }
        }
        defer { git_merge_file_result_free(&result) }
        guard let pointer = result.ptr else { return Data() }
        return Data(bytes: pointer, count: result.len)
    }

    private static func withInput(_ data: Data, _ body: (UnsafePointer<git_merge_file_input>) throws -> Void) throws {
        var input = git_merge_file_input()
        try check(git_merge_file_input_init(&input, UInt32(GIT_MERGE_FILE_INPUT_VERSION)))
        try data.withUnsafeBytes { bytes in
            input.ptr = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            input.size = bytes.count
            try body(&input)
        }
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

extension Repository {
    /// Paths under `folder` whose blob in the on-disk index differs from HEAD's (by content id
    /// only: no file-system timestamps are involved).
    public func pathsWhereIndexDiffersFromHead(under folder: String) throws -> [String] {
        guard let head = try headCommitID() else { return [] }
        let index = try self.index()
        try index.reload()
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)))
        var diff: OpaquePointer?
        try withTree(ofCommit: head) { tree in
            try withPathspec(folder + "/") { pathspec in
                options.pathspec = pathspec
                try check(git_diff_tree_to_index(&diff, pointer, tree, index.pointer, &options), "cannot compare the index with HEAD")
            }
        }
        defer { git_diff_free(diff) }
        return (0..<git_diff_num_deltas(diff)).compactMap { i in
            guard let delta = git_diff_get_delta(diff, i)?.pointee else { return nil }
            return (delta.new_file.path ?? delta.old_file.path).map { String(cString: $0) }
        }
    }
}
