import Foundation

/// How two machines' versions of one day file merge when both only added entries at its end
/// (the usual case): this side's file, then the entries only the other side has, each entry
/// set off by a blank line. Anything else is left to the line-union merge.
enum DayFileMerge {
    static func appended(base: Data?, ours: Data, theirs: Data) -> Data? {
        let base = base ?? Data()
        guard ours.starts(with: base), theirs.starts(with: base) else { return nil }
        // Where the two sides part, at a line boundary (both may have written the same heading).
        var shared = 0
        var index = 0
        let limit = min(ours.count, theirs.count)
        while index < limit, ours[ours.startIndex + index] == theirs[theirs.startIndex + index] {
            index += 1
            if ours[ours.startIndex + index - 1] == UInt8(ascii: "\n") { shared = index }
        }
        guard shared >= base.count || base.isEmpty else { return nil }
        var tail = theirs.dropFirst(shared)
        if tail.isEmpty { return ours }
        var merged = ours
        if !merged.isEmpty, merged.last != UInt8(ascii: "\n") { merged.append(UInt8(ascii: "\n")) }
        // A blank line between the last entry here and the first one from there.
        while tail.first == UInt8(ascii: "\n") { tail = tail.dropFirst() }
        if !merged.isEmpty, !merged.suffix(2).elementsEqual([UInt8(ascii: "\n"), UInt8(ascii: "\n")]) {
            merged.append(UInt8(ascii: "\n"))
        }
        merged.append(contentsOf: tail)
        return merged
    }
}
