/// The hand-written commit header parser (`RawCommitHeader` in HistoryRead.swift), open to the
/// fuzz target in Sources/ParserFuzzing: untrusted bytes in, how much was read out.
public enum CommitHeaderFuzzing {
    /// Parses `bytes` as a raw commit object; returns 0 when the parser declines it, else one
    /// plus the number of parents. Traps when the message would start outside the bytes, which
    /// `readAllCommits` relies on.
    public static func read(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let header = RawCommitHeader(buffer) else { return 0 }
            precondition((0...buffer.count).contains(header.messageStart), "message starts outside the commit")
            return 1 + header.parents.count
        }
    }
}
