import Foundation
internal import GitKit

#if canImport(Glibc)
    import Glibc
#endif

/// The history file's bytes, checked as `RecordFile` checks them (the end line's count and
/// checksum) before any record is read, and handed out record by record with the places of its
/// fields, so a reader that needs a few fields of 100,000 records splits nothing else. The
/// incremental update (`HistoryUpdate`) and the completions (`CompletionScan`) read it.
struct HistoryFileScan {
    /// The file's bytes, mapped (`path:`) or held.
    let file: FileBytes
    /// The commit the file was written for.
    let tip: ObjectID
    /// The entry events of all history up to `tip`: the `order` the next one gets.
    let applied: Int
    let firstRecord: Int
    let endLine: Int

    /// The file mapped into memory, not copied (the update reads 20 MB of it at 100,000 entries).
    init?(path: String) {
        guard let file = FileBytes(mapping: path) else { return nil }
        self.init(file: file)
    }

    init?(bytes: [UInt8]) {
        self.init(file: FileBytes(bytes))
    }

    init?(file: FileBytes) {
        guard
            let parsed = file.withBytes({ bytes -> (ObjectID, Int, Int, Int)? in
                guard bytes.count > 1, let base = bytes.baseAddress, bytes[bytes.count - 1] == 0x0A else { return nil }
                var endLine = bytes.count - 1
                while endLine > 0, bytes[endLine - 1] != 0x0A { endLine -= 1 }
                guard endLine > 0, let headerEnd = bytes.firstIndex(of: 0x0A), headerEnd < endLine else { return nil }
                let header = String(decoding: bytes[..<headerEnd], as: UTF8.self).split(separator: " ")
                guard header.count == 4, "\(header[0]) \(header[1])" == HistoryCache.historyHeader,
                    let tip = ObjectID(hex: String(header[2])), let applied = Int(header[3]), applied >= 0
                else { return nil }
                var records = 0
                var start = headerEnd + 1
                while start < endLine {
                    records += 1
                    start = Self.lineEnd(base, from: start, limit: endLine) + 1
                }
                let sum = RecordFile.checksum(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[..<endLine]))
                let expected = "end \(records) \(String(sum, radix: 16))"
                guard String(decoding: bytes[endLine..<(bytes.count - 1)], as: UTF8.self) == expected else { return nil }
                return (tip, applied, headerEnd + 1, endLine)
            })
        else { return nil }
        self.file = file
        (tip, applied, firstRecord, endLine) = parsed
    }

    static func lineEnd(_ base: UnsafePointer<UInt8>, from start: Int, limit: Int) -> Int {
        memchr(base + start, 0x0A, limit - start).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? limit
    }

    /// Calls `body` with each record in file order, its fields found up to field `fields` (an
    /// `E` record's body, field 12, is never scanned: its end is the record's); a record can
    /// `locate` more. `body` returns false to stop.
    func forEachRecord(locating fields: Int = 12, _ body: (inout RawHistoryRecord) throws -> Bool) rethrows {
        try file.withBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = firstRecord
            while start < endLine {
                let end = Self.lineEnd(base, from: start, limit: endLine)
                var record = RawHistoryRecord(base: base, start: start, end: end)
                record.locate(base[start] == UInt8(ascii: "E") ? fields : 2)
                guard try body(&record) else { return }
                start = end + 1
            }
        }
    }

    /// Every record, its fields found up to the body.
    func forEachRecord(_ body: (RawHistoryRecord) throws -> Void) rethrows {
        try forEachRecord(locating: 12) { record in
            try body(record)
            return true
        }
    }
}

/// A file's bytes: mapped read-only (and unmapped when the last user lets go), or an array.
final class FileBytes: @unchecked Sendable {
    private let mapped: UnsafeRawBufferPointer?
    private let array: [UInt8]

    init(_ bytes: [UInt8]) {
        mapped = nil
        array = bytes
    }

    init?(mapping path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let count = Int(info.st_size)
        guard let address = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), address != MAP_FAILED else { return nil }
        mapped = UnsafeRawBufferPointer(start: address, count: count)
        array = []
    }

    deinit {
        if let mapped { munmap(UnsafeMutableRawPointer(mutating: mapped.baseAddress), mapped.count) }
    }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapped { return try body(mapped.bindMemory(to: UInt8.self)) }
        return try array.withUnsafeBufferPointer(body)
    }

    /// The bytes of `range` as an array slice (copied when mapped).
    subscript(range: Range<Int>) -> ArraySlice<UInt8> {
        if mapped == nil { return array[range] }
        return withBytes { ArraySlice($0[range]) }
    }
}

/// One record of the history file as bytes: field n runs from `starts[n]` to the tab before
/// `starts[n + 1]` (the last to the record's end). Valid only inside `forEachRecord`.
struct RawHistoryRecord {
    let base: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    private var starts: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
    /// How many fields were found (an `E` record has 13).
    private(set) var fieldCount = 1

    init(base: UnsafePointer<UInt8>, start: Int, end: Int) {
        self.base = base
        self.start = start
        self.end = end
        self.scanned = start
        starts.0 = start
    }

    private var scanned: Int

    /// Finds the fields up to field `last` (at most 12), going on from where the last call stopped.
    mutating func locate(_ last: Int) {
        var index = scanned
        while index < end, fieldCount <= min(last, 12) {
            if base[index] == 0x09 {
                withUnsafeMutableBytes(of: &starts) {
                    $0.storeBytes(of: index + 1, toByteOffset: fieldCount * MemoryLayout<Int>.stride, as: Int.self)
                }
                fieldCount += 1
            }
            index += 1
        }
        scanned = index
    }

    var kind: UInt8 { base[start] }
    /// An entry record with all its fields (when located up to the body).
    var isEntry: Bool { kind == UInt8(ascii: "E") && fieldCount == 13 }
    var isRest: Bool { kind == UInt8(ascii: "R") && fieldCount == 3 }

    /// Where field `n` is in the file's bytes (as the file escapes it). The fields must be
    /// located up to `n + 1` first, unless `n` is the record's last.
    func range(_ n: Int) -> Range<Int> {
        let from = withUnsafeBytes(of: starts) { $0.load(fromByteOffset: n * MemoryLayout<Int>.stride, as: Int.self) }
        guard n + 1 < fieldCount else { return from..<end }
        return from..<(withUnsafeBytes(of: starts) { $0.load(fromByteOffset: (n + 1) * MemoryLayout<Int>.stride, as: Int.self) } - 1)
    }

    /// The bytes of field `n` (as the file escapes them).
    func field(_ n: Int) -> UnsafeBufferPointer<UInt8> {
        let r = range(n)
        return UnsafeBufferPointer(start: base + r.lowerBound, count: r.count)
    }

    /// The whole record, without its newline.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + start, count: end - start) }

    func int(_ n: Int) -> Int? { RecordFile.int(field(n)) }
    func day(_ n: Int) -> Day? { RecordFile.day(field(n)) }
}
