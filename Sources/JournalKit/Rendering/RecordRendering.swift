import Foundation

/// Output built as bytes and handed on in pieces of about 64 KiB.
struct ByteOutput {
    var bytes: [UInt8] = []
    let sink: ([UInt8]) throws -> Void

    init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        bytes.reserveCapacity(1 << 17)
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: text) }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func spaces(_ count: Int) {
        for _ in 0..<max(0, count) { bytes.append(0x20) }
    }

    /// Hands on what is collected once it passes 64 KiB.
    mutating func checkpoint() throws {
        if bytes.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        if !bytes.isEmpty { try sink(bytes) }
        bytes.removeAll(keepingCapacity: true)
    }

    /// `text` as `JSONEncoder` writes a string (with `.withoutEscapingSlashes`): quoted, with
    /// `"` and `\` escaped, `\b \f \n \r \t` for those controls and `\u00xx` for the others;
    /// everything else as it is (`EntryListingTests` compares the two).
    mutating func appendJSONString(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        var run = 0
        for index in 0..<text.count {
            let byte = text[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C { continue }
            if run < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index])) }
            run = index + 1
            bytes.append(0x5C)
            switch byte {
            case 0x22: bytes.append(0x22)
            case 0x5C: bytes.append(0x5C)
            case 0x08: bytes.append(UInt8(ascii: "b"))
            case 0x0C: bytes.append(UInt8(ascii: "f"))
            case 0x0A: bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "t"))
            default:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
        if run < text.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[run...])) }
        bytes.append(0x22)
    }

    mutating func appendJSONString(_ text: String) {
        var text = text
        text.withUTF8 { appendJSONString($0) }
    }

    /// A number as `JSONEncoder` writes a `Double`: its `description` without a trailing `.0`.
    /// Hundredths (every hours value) are written digit by digit, which gives the same text.
    mutating func appendJSONNumber(_ value: Double) {
        let hundredths = (value * 100).rounded()
        if value >= 0, value < 1e9, hundredths / 100 == value {
            let whole = Int(hundredths) / 100
            let cents = Int(hundredths) % 100
            appendDecimal(whole)
            if cents != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(cents / 10))
                if cents % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(cents % 10)) }
            }
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(text)
    }

    mutating func appendDecimal(_ value: Int) {
        if value < 0 {
            append(String(value))
            return
        }
        var divisor = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
            divisor /= 10
        }
    }

    private mutating func digits(_ value: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
            divisor /= 10
        }
    }

    /// `Day.iso` of a day number.
    mutating func appendISODay(_ days: Int) {
        let (year, month, day) = Day(daysSinceEpoch: days).civil
        guard (0...9999).contains(year) else { return append(Day(daysSinceEpoch: days).iso) }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
    }

    /// What `ISO8601DateFormatter().string(from:)` writes for a whole second since 1970:
    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC (the formatter itself outside years 1970 to 9999).
    mutating func appendISOTime(_ epoch: Int) {
        guard epoch >= 0, epoch < 253_402_300_800 else {
            return append(ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(epoch))))
        }
        appendISODay(epoch / 86_400)
        let seconds = epoch % 86_400
        bytes.append(UInt8(ascii: "T"))
        digits(seconds / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `text` in a terminal colour (`TerminalStyle.paint`).
    mutating func paint(_ style: TerminalStyle, _ code: String, _ body: (inout ByteOutput) -> Void) {
        if style.colour { append("\u{1B}[\(code)m") }
        body(&self)
        if style.colour { append("\u{1B}[0m") }
    }
}

/// One entry record of `HistoryRecords` read field by field for writing out: text fields as
/// `RecordFile.string` decodes them, handed over as UTF-8 without making a String when the
/// field is plain ASCII (nearly always).
struct EntryRecordFields {
    let buffer: UnsafeBufferPointer<UInt8>
    /// Where each field starts; field `k` ends one byte before `starts[k + 1]`.
    var starts: [Int]

    func range(_ field: Int) -> Range<Int> { starts[field]..<(starts[field + 1] - 1) }

    func slice(_ field: Int) -> ArraySlice<UInt8> { ArraySlice(UnsafeBufferPointer(rebasing: buffer[range(field)])) }

    var day: Int { RecordText.int(buffer, range(3)) ?? 0 }
    var hours: Double { RecordText.double(buffer, range(4)) ?? 0 }
    var epoch: Int { RecordText.int(buffer, range(5)) ?? 0 }
    var isEntry: Bool { buffer[starts[2]] == UInt8(ascii: "e") }

    /// The text of a field, as `RecordFile.string` gives it.
    func withText<R>(_ field: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = range(field)
        if RecordText.isPlainASCII(buffer, range) { return try body(UnsafeBufferPointer(rebasing: buffer[range])) }
        var text = RecordFile.string(slice(field))
        return try text.withUTF8(body)
    }

    /// Each tag, as `HistoryCache.entry` splits the tags field (on `,`, no empty ones).
    func forEachTag(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let range = range(7)
        if RecordText.isPlainASCII(buffer, range) {
            var start = range.lowerBound
            for index in range.lowerBound...range.upperBound where index == range.upperBound || buffer[index] == UInt8(ascii: ",") {
                if index > start { try body(UnsafeBufferPointer(rebasing: buffer[start..<index])) }
                start = index + 1
            }
            return
        }
        for tag in RecordFile.string(slice(7)).split(separator: ",") {
            var text = String(tag)
            try text.withUTF8(body)
        }
    }

    var hasTags: Bool {
        var any = false
        forEachTag { _ in any = true }
        return any
    }

    /// Whether one of the tags is `wanted` (compared as Strings are).
    func hasTag(_ wanted: String) -> Bool {
        var wanted = wanted
        let asciiWanted = wanted.utf8.allSatisfy { $0 < 0x80 }
        var found = false
        wanted.withUTF8 { want in
            forEachTag { tag in
                guard !found else { return }
                if asciiWanted && tag.allSatisfy({ $0 < 0x80 }) {
                    found = tag.count == want.count && memcmp(tag.baseAddress!, want.baseAddress!, tag.count) == 0
                } else {
                    found = String(decoding: tag, as: UTF8.self) == String(decoding: want, as: UTF8.self)
                }
            }
        }
        return found
    }

    /// Each paper (field 9) or shipped item (field 10), as `HistoryCache.parseLinks` reads them.
    func forEachLink(_ field: Int, _ body: (_ title: UnsafeBufferPointer<UInt8>, _ url: UnsafeBufferPointer<UInt8>?) throws -> Void)
        rethrows
    {
        let range = range(field)
        guard !range.isEmpty else { return }
        if RecordText.isPlainASCII(buffer, range) {
            var start = range.lowerBound
            for index in range.lowerBound...range.upperBound where index == range.upperBound || buffer[index] == 0x1E {
                let unit = RecordText.find(0x1F, in: buffer, from: start, to: index) ?? index
                let url = unit + 1 < index ? UnsafeBufferPointer(rebasing: buffer[(unit + 1)..<index]) : nil
                try body(UnsafeBufferPointer(rebasing: buffer[start..<unit]), url)
                start = index + 1
            }
            return
        }
        for link in HistoryCache.parseLinks(slice(field)) ?? [] {
            var title = link.title
            try title.withUTF8 { title in
                if var url = link.url {
                    try url.withUTF8 { try body(title, $0) }
                } else {
                    try body(title, nil)
                }
            }
        }
    }

    /// `Link.trailerValue` of each link.
    func forEachLinkText(_ field: Int, _ body: (String) -> Void) {
        forEachLink(field) { title, url in
            let title = String(decoding: title, as: UTF8.self)
            body(Link(title: title, url: url.map { String(decoding: $0, as: UTF8.self) }).trailerValue)
        }
    }
}

extension HistoryRecords {
    /// Calls `body` with the fields of each slot's record in `order`, read in place.
    func withFields(_ order: some Sequence<Int>, _ body: (Int, EntryRecordFields) throws -> Bool) rethrows {
        var starts = [Int](repeating: 0, count: 14)
        try file.withBytes { buffer in
            for index in order {
                fields(of: slots[index], into: &starts)
                guard try body(index, EntryRecordFields(buffer: buffer, starts: starts)) else { return }
            }
        }
    }
}

/// `journal log` and `search --json` from the history file's records, byte for byte what
/// `EntryListing.text` and `EntryListing.json` write for the same entries.
enum RecordListing {
    /// What goes before the entry numbered `count` (from 0).
    static func jsonSeparator(_ out: inout ByteOutput, count: Int) { out.append(count == 0 ? "{\n  \"entries\" : [\n" : ",\n") }

    static func jsonEnd(_ out: inout ByteOutput, count: Int) {
        out.append(count == 0 ? "{\n  \"entries\" : []\n}\n" : "\n  ]\n}\n")
    }

    /// One entry of `{"entries": [...]}`, pretty and key-sorted as `JSONOutput` lays it out,
    /// without the `,\n` between entries.
    static func json(_ f: EntryRecordFields, id: UnsafeBufferPointer<UInt8>, shortLength: Int, to out: inout ByteOutput) {
        out.append("    {\n      \"authored_at\" : \"")
        out.appendISOTime(f.epoch)
        out.append("\",\n      \"body\" : ")
        f.withText(12) { out.appendJSONString($0) }
        out.append(",\n      \"commit\" : \"")
        for index in f.range(6) {
            let byte = f.buffer[index]
            out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F") ? byte | 0x20 : byte)
        }
        out.append("\",\n      \"date\" : \"")
        out.appendISODay(f.day)
        out.append("\",\n      \"hours\" : ")
        let hours = f.hours
        if hours > 0 { out.appendJSONNumber(Hours.json(hours)) } else { out.append("null") }
        out.append(",\n      \"id\" : ")
        out.appendJSONString(id)
        out.append(
            f.isEntry ? ",\n      \"kind\" : \"entry\",\n      \"papers\" : " : ",\n      \"kind\" : \"plain\",\n      \"papers\" : ")
        links(f, 9, to: &out)
        out.append(",\n      \"shipped\" : ")
        links(f, 10, to: &out)
        out.append(",\n      \"short_id\" : ")
        out.appendJSONString(UnsafeBufferPointer(rebasing: id[..<min(shortLength, id.count)]))
        out.append(",\n      \"tags\" : ")
        var tags = 0
        f.forEachTag { tag in
            out.append(tags == 0 ? "[\n        " : ",\n        ")
            out.appendJSONString(tag)
            tags += 1
        }
        out.append(tags == 0 ? "[]" : "\n      ]")
        out.append(",\n      \"title\" : ")
        f.withText(8) { out.appendJSONString($0) }
        out.append("\n    }")
    }

    private static func links(_ f: EntryRecordFields, _ field: Int, to out: inout ByteOutput) {
        var count = 0
        f.forEachLink(field) { title, url in
            out.append(count == 0 ? "[\n        {\n          \"title\" : " : ",\n        {\n          \"title\" : ")
            out.appendJSONString(title)
            out.append(",\n          \"url\" : ")
            if let url { out.appendJSONString(url) } else { out.append("null") }
            out.append("\n        }")
            count += 1
        }
        out.append(count == 0 ? "[]" : "\n      ]")
    }

    /// One entry as `EntryListing.text` writes it.
    static func text(
        _ f: EntryRecordFields, id: UnsafeBufferPointer<UInt8>, shortLength: Int, style: TerminalStyle, to out: inout ByteOutput
    ) {
        let short = UnsafeBufferPointer(rebasing: id[..<min(shortLength, id.count)])
        out.paint(style, "33") { out in
            out.append(short)
            out.spaces(ShortIDs.minimumLength - short.count)
        }
        out.append("  ")
        out.paint(style, "2") { $0.appendISODay(f.day) }
        out.append("  ")
        let hoursValue = f.hours
        let hours = hoursValue > 0 ? Hours.format(hoursValue) + " h" : "-"
        out.paint(style, "36") { out in
            out.append(hours)
            out.spaces(6 - hours.utf16.count)
        }
        out.append("  ")
        f.withText(8) { out.append($0) }
        if f.hasTags {
            out.append("  ")
            out.paint(style, "33") { out in
                var first = true
                f.forEachTag { tag in
                    out.append(first ? "#" : " #")
                    out.append(tag)
                    first = false
                }
            }
        }
        out.append(0x0A)
        let indent = max(ShortIDs.minimumLength, short.count) + 22
        f.forEachLinkText(9) { value in
            out.spaces(indent)
            out.append("paper: " + value + "\n")
        }
        f.forEachLinkText(10) { value in
            out.spaces(indent)
            out.paint(style, "32") { $0.append("shipped: " + value) }
            out.append(0x0A)
        }
    }

    /// The id field of a record (plain ASCII when short-id lengths were worked out).
    static func id(_ f: EntryRecordFields) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: f.buffer[f.range(1)]) }
}

extension Journal {
    /// `journal log`: the entries between `since` and `until` with `tag`, newest first (the
    /// newest `limit`), as text or JSON, handed to `write` in pieces; returns how many there were.
    /// Written from the history file's records one at a time when the cache reads; else from
    /// `History`.
    public func writeLog(
        since: Day?, until: Day?, tag: String?, limit: Int?, json: Bool, style: TerminalStyle, write: @escaping ([UInt8]) throws -> Void
    ) throws -> Int {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        var out = ByteOutput(sink: write)
        if let records = try translatingGitErrors(
            "cannot read the journal's history", as: JournalError.journal, { try HistoryRecords.current(repository) }),
            let lengths = records.shortIDLengths()
        {
            var count = 0
            try records.withFields(records.slots.indices.reversed()) { index, f in
                if let limit, count >= limit { return false }
                let day = records.slots[index].day
                if let since, day < since.daysSinceEpoch { return true }
                if let until, day > until.daysSinceEpoch { return true }
                if let wanted, !f.hasTag(wanted) { return true }
                if json {
                    RecordListing.jsonSeparator(&out, count: count)
                    RecordListing.json(f, id: RecordListing.id(f), shortLength: lengths[index], to: &out)
                } else {
                    RecordListing.text(f, id: RecordListing.id(f), shortLength: lengths[index], style: style, to: &out)
                }
                count += 1
                try out.checkpoint()
                return true
            }
            if json { RecordListing.jsonEnd(&out, count: count) }
            try out.flush()
            return count
        }
        let history = try self.history()
        let matching = history.filtered(since: since, until: until, tag: tag)
        let entries = limit.map { Array(matching.prefix($0)) } ?? matching
        let shortIDs = ShortIDs(history)
        if json {
            try EntryListing.json(entries, shortIDs: shortIDs) { try write(Array($0.utf8)) }
        } else if !entries.isEmpty {
            var failure: (any Error)?
            EntryListing.text(entries, shortIDs: shortIDs, style: style) { text in
                if failure == nil {
                    do { try write(Array(text.utf8)) } catch { failure = error }
                }
            }
            if let failure { throw failure }
        }
        return entries.count
    }

    /// `journal search`: the matching entries, newest first, as text (matches highlighted) or as
    /// `journal log --json` writes them; returns how many there were. Only the cache records
    /// that may match are decoded (`EntrySearch.mayMatch`).
    public func writeSearch(
        _ search: EntrySearch, since: Day?, until: Day?, tag: String?, json: Bool, style: TerminalStyle,
        write: @escaping ([UInt8]) throws -> Void
    ) throws -> Int {
        var out = ByteOutput(sink: write)
        if let records = try translatingGitErrors(
            "cannot read the journal's history", as: JournalError.journal, { try HistoryRecords.current(repository) }),
            let found = try matches(search, in: records, since: since, until: until, tag: tag, keepingEntries: !json)
        {
            if json, let lengths = records.shortIDLengths() {
                var count = 0
                try records.withFields(found.slots) { index, f in
                    RecordListing.jsonSeparator(&out, count: count)
                    RecordListing.json(f, id: RecordListing.id(f), shortLength: lengths[index], to: &out)
                    count += 1
                    try out.checkpoint()
                    return true
                }
                RecordListing.jsonEnd(&out, count: count)
                try out.flush()
                return found.slots.count
            }
            if !json {
                try writeSearchText(found.entries, search: search, style: style, write: write)
                return found.slots.count
            }
        }
        let entries = try self.search(search, since: since, until: until, tag: tag)
        if json {
            try EntryListing.json(entries, shortIDs: ShortIDs(try history())) { try write(Array($0.utf8)) }
        } else {
            try writeSearchText(entries, search: search, style: style, write: write)
        }
        return entries.count
    }

    private func writeSearchText(_ entries: [HistoryEntry], search: EntrySearch, style: TerminalStyle, write: ([UInt8]) throws -> Void)
        throws
    {
        guard !entries.isEmpty else { return }
        var failure: (any Error)?
        SearchRendering.text(entries, search: search, style: style) { text in
            if failure == nil {
                do { try write(Array(text.utf8)) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }

    /// The slots of the matching records, newest first, and their entries when `keepingEntries`
    /// (`--json` writes from the records and keeps none); nil when a record does not decode (the
    /// caller then reads `History`).
    func matches(
        _ search: EntrySearch, in records: HistoryRecords, since: Day?, until: Day?, tag: String?, keepingEntries: Bool = true
    ) throws -> (slots: [Int], entries: [HistoryEntry])? {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        var slots: [Int] = []
        var entries: [HistoryEntry] = []
        for index in records.slots.indices.reversed() {
            let slot = records.slots[index]
            if let since, slot.day < since.daysSinceEpoch { continue }
            if let until, slot.day > until.daysSinceEpoch { continue }
            guard records.file.withBytes({ search.mayMatch(UnsafeBufferPointer(rebasing: $0[slot.start..<slot.end])) }) else { continue }
            guard let entry = records.entry(slot) else { return nil }
            if let wanted, !entry.tags.contains(wanted) { continue }
            guard search.matches(entry) else { continue }
            slots.append(index)
            if keepingEntries { entries.append(entry) }
        }
        return (slots, entries)
    }
}
