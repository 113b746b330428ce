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
