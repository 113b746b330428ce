import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

/// Reads `Key: value` trailers from the last paragraph of a commit message, as git does.
public enum Trailers {
    /// Every trailer of `message`, as Strings.
    public static func parse(_ message: String) throws -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        var bytes = Array(message.utf8)
        bytes.append(0)
        try bytes.withUnsafeBytes { buffer in
            try forEach(inTerminated: UnsafeRawBufferPointer(rebasing: buffer.dropLast())) { key, value in
                result.append((String(decoding: key, as: UTF8.self), String(decoding: value, as: UTF8.self)))
            }
        }
        return result
    }

    /// Calls `body` with each trailer's key and value, as bytes valid only during the call.
    public static func forEach(
        in message: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if try PlainTrailerBlock.forEach(in: message, body) { return }
        var copy = [UInt8](message)
        copy.append(0)
        try copy.withUnsafeBytes { try libgit2ForEach(in: $0.baseAddress!, body) }
    }

    /// The same, for bytes that GitKit knows are followed by a NUL (a scan's message buffer).
    ///
    /// When the last paragraph is plainly a trailer block (not the subject, every line
    /// `Token: value` with an alphanumeric-and-dash token, and no `---` line anywhere) it is read
    /// here, as git would read it; anything less plain goes to libgit2's parser.
    static func forEach(
        inTerminated message: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        if try PlainTrailerBlock.forEach(in: message, body) { return }
        guard let base = message.baseAddress else { return }
        try libgit2ForEach(in: base, body)
    }

    private static func libgit2ForEach(
        in terminated: UnsafeRawPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        _ = Libgit2.ready
        var array = git_message_trailer_array()
        try check(git_message_trailers(&array, terminated.assumingMemoryBound(to: CChar.self)), "cannot read trailers")
        defer { git_message_trailer_array_free(&array) }
        for i in 0..<array.count {
            let trailer = array.trailers[i]
            guard let key = trailer.key, let value = trailer.value else { continue }
            try body(UnsafeRawBufferPointer(start: key, count: strlen(key)), UnsafeRawBufferPointer(start: value, count: strlen(value)))
        }
    }
}

/// The common case of a trailer block, read without allocating (see `Trailers.forEach`).
enum PlainTrailerBlock {
    /// Calls `body` for each trailer and returns true, or returns false (calling nothing) when
    /// the message is not plain enough to be sure.
    static func forEach(
        in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws -> Bool {
        let length = bytes.count
        var end = length
        while end > 0 && (bytes[end - 1] == 0x0A || bytes[end - 1] == 0x20) { end -= 1 }
        guard end > 0 else { return false }
        // The start of the last paragraph: just after the last blank line before `end`.
        var start = end
        while start > 0 {
            if bytes[start - 1] == 0x0A && start >= 2 && bytes[start - 2] == 0x0A { break }
            start -= 1
        }
        guard start > 0 else { return false }  // one paragraph: that is the subject
        // A NUL inside the message, or a `---` line anywhere (where git and libgit2 think a patch
        // starts): let libgit2 decide.
        var lineStart = 0
        while lineStart < length {
            if bytes[lineStart] == 0x2D && lineStart + 2 < length && bytes[lineStart + 1] == 0x2D && bytes[lineStart + 2] == 0x2D {
                return false
            }
            while lineStart < length && bytes[lineStart] != 0x0A {
                if bytes[lineStart] == 0 { return false }
                lineStart += 1
            }
            lineStart += 1
        }
        // Check every line first, then report: nothing is called unless the whole block is plain.
        func eachLine(_ visit: (Range<Int>, Range<Int>) throws -> Void) rethrows -> Bool {
            var position = start
            while position < end {
                var lineEnd = position
                while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
                var colon = position
                while colon < lineEnd && isTokenByte(bytes[colon]) { colon += 1 }
                guard colon > position, colon < lineEnd, bytes[colon] == 0x3A else { return false }
                var valueStart = colon + 1
                while valueStart < lineEnd && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) { valueStart += 1 }
                var valueEnd = lineEnd
                while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) { valueEnd -= 1 }
                // libgit2 reads an empty value, and a carriage return, in ways of its own: let it.
                guard valueEnd > valueStart, !bytes[valueStart..<valueEnd].contains(0x0D) else { return false }
                try visit(position..<colon, valueStart..<valueEnd)
                position = lineEnd + 1
            }
            return true
        }
        guard eachLine({ _, _ in }) else { return false }
        return try eachLine { key, value in
            try body(UnsafeRawBufferPointer(rebasing: bytes[key]), UnsafeRawBufferPointer(rebasing: bytes[value]))
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
    }
}
