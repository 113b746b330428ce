import Clibgit2

/// Reads `Key: value` trailers from the last paragraph of a commit message, as git does.
public enum Trailers {
    public static func parse(_ message: String) throws -> [(key: String, value: String)] {
        _ = Libgit2.ready
        var array = git_message_trailer_array()
        try check(git_message_trailers(&array, message), "cannot read trailers")
        defer { git_message_trailer_array_free(&array) }
        var result: [(String, String)] = []
        result.reserveCapacity(array.count)
        for i in 0..<array.count {
            let trailer = array.trailers[i]
            guard let key = trailer.key, let value = trailer.value else { continue }
            result.append((String(cString: key), String(cString: value)))
        }
        return result
    }
}
