import Foundation
internal import GitKit

/// The entry records of the history file (`HistoryCache.swift`) at HEAD, for the commands that
/// list entries (`journal log`, `search`, `export`): the file is read once, checked as
/// `RecordFile` checks it, and indexed by day and position in history; an entry is decoded from
/// its record only when it is written out, so 100,000 entries are never all held as values.
///
/// Every record is checked here as `HistoryCache.entry` and `readHistory` check it, so a file
/// they would refuse is refused here too, and the caller falls back to `History` (which then
/// rebuilds the cache).
struct HistoryRecords {
    /// The whole file (about 200 bytes an entry).
    let bytes: [UInt8]
    /// One per entry record, sorted by day, then by position in history (`order`): oldest first.
    let slots: [Slot]

    struct Slot {
        /// Where the record starts (its `E`) and where its line ends.
        let start: Int
        let end: Int
        let day: Int
        let order: Int
    }

    private init(bytes: [UInt8], slots: [Slot]) {
        self.bytes = bytes
        self.slots = slots
    }

    /// The records at HEAD, the cache brought up to date first when it is behind; nil when the
    /// history file still is not current or does not read (the caller then reads `History`).
    static func current(_ repository: Repository) throws -> HistoryRecords? {
        guard let head = try repository.headCommitID() else { return HistoryRecords(bytes: [], slots: []) }
        let path = HistoryCache.paths(repository).history
        if let records = HistoryRecords(path: path, tip: head) { return records }
        _ = try HistoryCache.loadSummary(repository)  // brings both files up to HEAD
        return HistoryRecords(path: path, tip: head)
    }

    init?(path: String, tip: ObjectID) {
        guard let bytes = HistoryRecords.readFile(path), bytes.count > 1, bytes[bytes.count - 1] == 0x0A,
            let headerEnd = bytes.firstIndex(of: 0x0A)
        else { return nil }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self)
        let words = header.split(separator: " ")
        guard header.hasPrefix(HistoryCache.historyHeader + " "), words.count == 4, ObjectID(hex: String(words[2])) == tip,
            Int(words[3]) != nil
        else { return nil }
        var endLine = bytes.count - 1
        while endLine > 0, bytes[endLine - 1] != 0x0A { endLine -= 1 }
        guard endLine > headerEnd else { return nil }
        let scanned: (slots: [Slot], records: Int)? = bytes.withUnsafeBufferPointer { buffer in
            HistoryRecords.index(buffer, from: headerEnd + 1, to: endLine)
        }
        guard let scanned,
            String(decoding: bytes[endLine..<(bytes.count - 1)], as: UTF8.self)
                == "end \(scanned.records) \(String(RecordFile.checksum(bytes[..<endLine]), radix: 16))"
        else { return nil }
        self.bytes = bytes
        self.slots = scanned.slots.sorted { ($0.day, $0.order) < ($1.day, $1.order) }
    }

    /// The file's bytes, read straight into one array (no `Data` copy beside it).
    private static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = read(fd, buffer.baseAddress! + count, size - count)
                if got <= 0 {
                    complete = got == 0
                    break
                }
                count += got
            }
        }
        return complete && bytes.count == size ? bytes : nil
    }

    /// The entry records between `first` and `end` (the end line), each checked; nil when one
    /// is malformed. Also counts every record (for the end line).
    private static func index(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int, to end: Int) -> (slots: [Slot], records: Int)? {
        var slots: [Slot] = []
        slots.reserveCapacity((end - first) / 150)
        var records = 0
        var start = first
        var tabs = [Int](repeating: 0, count: 12)
        while start < end {
            let lineEnd = RecordText.find(0x0A, in: bytes, from: start, to: end) ?? end
            records += 1
            defer { start = lineEnd + 1 }
            guard lineEnd > start else { return nil }
            switch bytes[start] {
            case UInt8(ascii: "E"):
                // Fields 0 ... 12; the body (12) is the rest of the line and holds no tab.
                var field = 0
                var index = start
                while field < 12 {
                    guard let tab = RecordText.find(0x09, in: bytes, from: index, to: lineEnd) else { return nil }
                    tabs[field] = tab
                    field += 1
                    index = tab + 1
                }
                guard RecordText.find(0x09, in: bytes, from: index, to: lineEnd) == nil, tabs[0] == start + 1 else { return nil }
                func range(_ k: Int) -> Range<Int> { (tabs[k - 1] + 1)..<(k < 12 ? tabs[k] : lineEnd) }
                guard let day = RecordText.int(bytes, range(3)), abs(day) < 3_000_000,
                    let order = RecordText.int(bytes, range(11)),
                    let epoch = RecordText.int(bytes, range(5)), abs(epoch) < 1 << 40,
                    RecordText.isHours(bytes, range(4)), RecordText.isHex40(bytes, range(6)),
                    RecordText.isLinks(bytes, range(9)), RecordText.isLinks(bytes, range(10))
                else { return nil }
                slots.append(Slot(start: start, end: lineEnd, day: day, order: order))
            case UInt8(ascii: "R"):
                guard let tab1 = RecordText.find(0x09, in: bytes, from: start, to: lineEnd), tab1 == start + 1,
                    let tab2 = RecordText.find(0x09, in: bytes, from: tab1 + 1, to: lineEnd),
                    RecordText.find(0x09, in: bytes, from: tab2 + 1, to: lineEnd) == nil,
                    let day = RecordText.int(bytes, (tab1 + 1)..<tab2), abs(day) < 3_000_000
                else { return nil }
            default:
                return nil
            }
        }
        return (slots, records)
    }

    /// The fields of a slot's record: field `k` is `bytes[starts[k] ..< starts[k + 1] - 1]`.
    func fields(of slot: Slot, into starts: inout [Int]) {
        if starts.count != 14 { starts = [Int](repeating: 0, count: 14) }
        starts[0] = slot.start
        var field = 1
        var index = slot.start
        bytes.withUnsafeBufferPointer { buffer in
            while field < 13, let tab = RecordText.find(0x09, in: buffer, from: index, to: slot.end) {
                starts[field] = tab + 1
                field += 1
                index = tab + 1
            }
        }
        starts[13] = slot.end + 1
    }

    /// The whole entry of a slot, as `HistoryCache.entry` builds it (for formats that need
    /// every field as a value).
    func entry(_ slot: Slot) -> HistoryEntry? {
        var starts: [Int] = []
        fields(of: slot, into: &starts)
        return HistoryCache.entry((0..<13).map { bytes[starts[$0]..<(starts[$0 + 1] - 1)] })
    }

    /// The record's bytes, for the search's byte test.
    func record(_ slot: Slot) -> ArraySlice<UInt8> { bytes[slot.start..<slot.end] }

    /// The short id of every slot (by index into `slots`), as `ShortIDs` gives it over all
    /// entries: the shortest prefix, at least 6 characters, that no other id shares. Worked out
    /// on the ids' bytes when every id is plain ASCII (what `Entry-Id` and commit ids are); nil
    /// when one is not, or two records share an id (the caller then uses `ShortIDs`).
    func shortIDLengths() -> [Int]? {
        let ids: [Range<Int>] = slots.map { slot in
            let tab = bytes[(slot.start + 2)...].firstIndex(of: 0x09) ?? slot.end
            return (slot.start + 2)..<tab
        }
        guard bytes.withUnsafeBufferPointer({ buffer in ids.allSatisfy { RecordText.isPlainASCII(buffer, $0) } }) else { return nil }
        var sorted = Array(ids.indices)
        return bytes.withUnsafeBufferPointer { buffer -> [Int]? in
            func less(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
                let common = min(a.count, b.count)
                let order = memcmp(buffer.baseAddress! + a.lowerBound, buffer.baseAddress! + b.lowerBound, common)
                return order != 0 ? order < 0 : a.count < b.count
            }
            func shared(_ a: Range<Int>, _ b: Range<Int>) -> Int {
                var n = 0
                while n < a.count, n < b.count, buffer[a.lowerBound + n] == buffer[b.lowerBound + n] { n += 1 }
                return n
            }
            sorted.sort { less(ids[$0], ids[$1]) }
            var lengths = [Int](repeating: 0, count: ids.count)
            for (position, slot) in sorted.enumerated() {
                var length = ShortIDs.minimumLength
                for neighbour in [position - 1, position + 1] where sorted.indices.contains(neighbour) {
                    let other = ids[sorted[neighbour]]
                    if other.count == ids[slot].count && shared(ids[slot], other) == other.count { return nil }  // the same id twice
                    length = max(length, shared(ids[slot], other) + 1)
                }
                lengths[slot] = min(length, ids[slot].count)
            }
            return lengths
        }
    }
}

/// Byte-level helpers over the history file's records, with the meaning `RecordFile` gives them.
enum RecordText {
    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = bytes.baseAddress, let hit = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// `RecordFile.int`: an optional leading `-`, then at least one digit; nil on overflow.
    static func int(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let negative = index < range.upperBound && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound else { return nil }
        var value = 0
        while index < range.upperBound {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(digit))
            guard !o1, !o2 else { return nil }
            value = sum
            index += 1
        }
        return negative ? -value : value
    }

    static func int(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { int($0, range) }
    }

    /// `RecordFile.double`, exactly: digits with at most one `.` and at most 15 digits are
    /// `whole / 10^decimals` (both exact doubles, so the division rounds as parsing does);
    /// anything else is parsed as `RecordFile.double` parses it.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
        var value = 0
        var digits = 0
        var decimals: Int?
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), decimals == nil {
                decimals = 0
            } else if byte &- UInt8(ascii: "0") < 10 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                if decimals != nil { decimals! += 1 }
            } else {
                digits = 99
                break
            }
            if digits > 15 { break }
            index += 1
        }
        if digits > 0, digits <= 15 {
            guard let decimals else { return Double(value) }
            if decimals > 0 { return Double(value) / powersOfTen[decimals] }
        }
        return RecordFile.double(ArraySlice(UnsafeBufferPointer(rebasing: bytes[range])))
    }

    static let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

    static func isHours(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        double(bytes, range) != nil
    }

    static func isHex40(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.count == 40
            && range.allSatisfy { i in
                let b = bytes[i]
                return (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
            }
    }

    /// Whether `HistoryCache.parseLinks` reads the field (each item is `title US url`).
    static func isLinks(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        guard isPlainASCII(bytes, range) else {
            return HistoryCache.parseLinks(ArraySlice(UnsafeBufferPointer(rebasing: bytes[range]))) != nil
        }
        var units = 0
        for i in range {
            switch bytes[i] {
            case 0x1F: units += 1
            case 0x1E:
                guard units == 1 else { return false }
                units = 0
            default: break
            }
        }
        return units == 1
    }

    /// ASCII without the record's escape character: such a field's bytes are its text.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for i in range where bytes[i] >= 0x80 || bytes[i] == 0x5C { return false }
        return true
    }
}
