import Foundation
internal import GitKit

/// The entry records of the history file (`HistoryCache.swift`) at HEAD, for the commands that
/// list entries (`journal log`, `search`, `export`): the file is mapped and checked once
/// (`HistoryFileScan`), and its entry records indexed by day and position in history; an entry
/// is decoded from its record only when it is written out, so 100,000 entries are never all
/// held as values.
///
/// Every record is checked here as `HistoryCache.entry` and `readHistory` check it, so a file
/// they would refuse is refused here too, and the caller falls back to `History` (which then
/// rebuilds the cache).
struct HistoryRecords {
    /// The whole file (about 200 bytes an entry), mapped.
    let file: FileBytes
    /// One per entry record, sorted by day, then by position in history (`order`): oldest first.
    let slots: [Slot]

    struct Slot {
        /// Where the record starts (its `E`) and where its line ends.
        let start: Int
        let end: Int
        let day: Int
        let order: Int
    }

    private init(file: FileBytes, slots: [Slot]) {
        self.file = file
        self.slots = slots
    }

    /// The records at HEAD, the history file brought up to date first when it is behind; nil
    /// when it still is not current or does not read (the caller then reads `History`).
    static func current(_ repository: Repository) throws -> HistoryRecords? {
        guard let head = try repository.headCommitID() else { return HistoryRecords(file: FileBytes([]), slots: []) }
        let path = HistoryCache.paths(repository).history
        if let records = HistoryRecords(path: path, tip: head) { return records }
        try HistoryCache.bringHistoryUp(repository)
        return HistoryRecords(path: path, tip: head)
    }

    init?(path: String, tip: ObjectID) {
        guard let scan = HistoryFileScan(path: path), scan.tip == tip else { return nil }
        var slots: [Slot] = []
        slots.reserveCapacity(scan.applied)
        var valid = true
        scan.file.withBytes { bytes in
            scan.forEachRecord(locating: 12) { record in
                guard let slot = HistoryRecords.check(record, in: bytes) else {
                    valid = false
                    return false
                }
                if let slot { slots.append(slot) }
                return true
            }
        }
        guard valid else { return nil }
        self.file = scan.file
        self.slots = slots.sorted { ($0.day, $0.order) < ($1.day, $1.order) }
    }

    /// An entry record's slot, `.some(nil)` for a rest-day record, nil for a record that
    /// `HistoryCache.readHistory` would refuse.
    private static func check(_ record: RawHistoryRecord, in bytes: UnsafeBufferPointer<UInt8>) -> Slot?? {
        let noTabAfter = { (from: Int) in RecordText.find(0x09, in: bytes, from: from, to: record.end) == nil }
        switch record.kind {
        case UInt8(ascii: "E"):
            // 13 fields; the body (12) is the rest of the line and holds no tab.
            guard record.isEntry, noTabAfter(record.range(12).lowerBound),
                let day = RecordText.int(bytes, record.range(3)), abs(day) < 3_000_000,
                let order = RecordText.int(bytes, record.range(11)),
                let epoch = RecordText.int(bytes, record.range(5)), abs(epoch) < 1 << 40,
                RecordText.isHours(bytes, record.range(4)), RecordText.isHex40(bytes, record.range(6)),
                RecordText.isLinks(bytes, record.range(9)), RecordText.isLinks(bytes, record.range(10))
            else { return nil }
            return .some(Slot(start: record.start, end: record.end, day: day, order: order))
        case UInt8(ascii: "R"):
            guard record.isRest, noTabAfter(record.range(2).lowerBound), let day = RecordText.int(bytes, record.range(1)),
                abs(day) < 3_000_000
            else { return nil }
            return .some(nil)
        default:
            return nil
        }
    }

    /// The fields of a slot's record: field `k` is `bytes[starts[k] ..< starts[k + 1] - 1]`.
    func fields(of slot: Slot, into starts: inout [Int]) {
        if starts.count != 14 { starts = [Int](repeating: 0, count: 14) }
        starts[0] = slot.start
        var field = 1
        var index = slot.start
        file.withBytes { buffer in
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
        return file.withBytes { buffer in
            HistoryCache.entry((0..<13).map { ArraySlice(UnsafeBufferPointer(rebasing: buffer[starts[$0]..<(starts[$0 + 1] - 1)])) })
        }
    }

    /// The short id of every slot (by index into `slots`), as `ShortIDs` gives it over all
    /// entries: the shortest prefix, at least 6 characters, that no other id shares. Worked out
    /// on the ids' bytes when every id is plain ASCII (what `Entry-Id` and commit ids are); nil
    /// when one is not, or two records share an id (the caller then uses `ShortIDs`).
    func shortIDLengths() -> [Int]? {
        file.withBytes { buffer -> [Int]? in
            let ids: [Range<Int>] = slots.map { slot in
                (slot.start + 2)..<(RecordText.find(0x09, in: buffer, from: slot.start + 2, to: slot.end) ?? slot.end)
            }
            guard ids.allSatisfy({ RecordText.isPlainASCII(buffer, $0) }) else { return nil }
            var sorted = Array(ids.indices)
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
