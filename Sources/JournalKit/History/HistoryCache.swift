import Foundation
internal import GitKit

/// History facts cached under `.git/journal/` (never tracked), so a report reads only the commits
/// added since the last one. A cache that is unreadable, of another version, fails its checksum,
/// or whose tip is no longer an ancestor of HEAD is rebuilt from scratch, never trusted.
///
/// Two record files (see `RecordWriter`), both written whenever history is read anew:
///
///     history   journal-history 5 <tip> <entry events>
///               E id kind day hours authored commit tags title papers shipped order body
///               R day declared(1|0)
///     summary   journal-summary 5 <tip>
///               D day hours entries | R day | C day | P day title url | S day title url
///               (C: a rest day cancelled by the newest word on it)
///
/// Days are days since 1970-01-01; papers and shipped in `history` are `title US url` joined by RS.
/// `order` is the place of the entry's winning event among all entry events of history, counted
/// from the oldest (0); entries are written newest first by it, then rest days by day. Places
/// never change when commits are added, so an update copies old records as they are
/// (`HistoryUpdate`).
/// The summary is all that streaks, hours, the heatmap, papers and status need, so those reports
/// read a file that grows with days, not entries.
public enum HistoryCache {
    static let historyHeader = "journal-history 5"
    static let summaryHeader = "journal-summary 5"

    static func paths(_ repository: Repository) -> (history: String, summary: String) {
        let dir = repository.gitDirectory + "journal/"
        return (dir + "history", dir + "summary")
    }

    /// History from HEAD, through the cache. A cache that cannot be written is not an error.
    static func load(_ repository: Repository) throws -> History {
        History(state: try loadState(repository))
    }

    /// The summary file when it is current at HEAD; nil when it is missing or behind (nothing is
    /// brought up to date).
    static func currentSummary(_ repository: Repository) throws -> HistorySummary? {
        guard let head = try repository.headCommitID() else { return HistorySummary() }
        return readSummary(path: paths(repository).summary, tip: head)
    }

    /// The summary at HEAD: straight from its file when that is current, else brought up to date.
    static func loadSummary(_ repository: Repository) throws -> HistorySummary {
        guard let head = try repository.headCommitID() else { return HistorySummary(state: HistoryState()) }
        if let summary = readSummary(path: paths(repository).summary, tip: head) { return summary }
        return try update(repository, head: head, history: false) ?? HistorySummary(state: History.replayAll(repository))
    }

    /// Brings the history file (and the summary) up to HEAD, for a reader of entries.
    static func bringHistoryUp(_ repository: Repository) throws {
        guard let head = try repository.headCommitID() else { return }
        if let scan = HistoryFileScan(path: paths(repository).history), scan.tip == head { return }
        _ = try update(repository, head: head, history: true)
    }

    /// The ids of every entry in history, read from the cache file without building the entries
    /// (an import checks 100,000 of them).
    static func entryIDs(_ repository: Repository) throws -> Set<String> {
        guard let head = try repository.headCommitID() else { return [] }
        try bringHistoryUp(repository)
        guard let scan = HistoryFileScan(path: paths(repository).history), scan.tip == head else {
            return Set(History(state: try loadState(repository)).entries.map(\.id))
        }
        var ids = Set<String>(minimumCapacity: scan.applied)
        scan.forEachRecord { record in
            if record.isEntry { ids.insert(RecordFile.string(ArraySlice(record.field(1)))) }
        }
        return ids
    }

    static func loadState(_ repository: Repository) throws -> HistoryState {
        guard let head = try repository.headCommitID() else { return HistoryState() }
        if let cached = readHistory(path: paths(repository).history), cached.tip == head {
            return cached.state
        }
        // Brought up to date without holding every entry in memory; read back what was written.
        if try update(repository, head: head, history: true) != nil, let cached = readHistory(path: paths(repository).history),
            cached.tip == head
        {
            return cached.state
        }
        return try History.replayAll(repository)
    }

    /// A read of the whole history: small pack windows and a small object cache keep a long read
    /// small; each commit is read once, so none is cached, and only read, so hashes are not
    /// checked again (as `git log` does not), which also lets GitKit read commits straight from
    /// the packs (`PackedCommits`).
    static let wholeRead = Libgit2Options(
        objectCacheBytes: 8 << 20, commitCacheLimitBytes: 0, verifiesObjectHashes: false, packWindowBytes: 2 << 20,
        packMappedLimitBytes: 16 << 20)

    /// Brings the summary (and with `history`, the history file) to `head`: only the commits
    /// above a cut when the cached tip is an ancestor of HEAD (`HistoryUpdate`), else a whole read
    /// that streams entries to the file as they are decided, and writes both. Returns the new
    /// summary; nil when the files could not be written.
    static func update(_ repository: Repository, head: ObjectID, history: Bool) throws -> HistorySummary? {
        if let summary = try HistoryUpdate.apply(repository, head: head, writingHistory: history) { return summary }
        return try wholeRead.whileSet { try rebuild(repository, head: head) }
    }

    /// Reads the whole history, streaming entries to a file as they are decided (orders counted
    /// down from 0, as a newest-first read meets them), then rewrites that file once with the
    /// orders counted from the oldest event.
    private static func rebuild(_ repository: Repository, head: ObjectID) throws -> HistorySummary? {
        let paths = paths(repository)
        // One per process: another process may be rebuilding for another HEAD at the same time.
        let unshifted = paths.history + ".unshifted.tmp-\(getpid())"
        AtomicFile.removeLeftovers(
            in: (paths.history as NSString).deletingLastPathComponent,
            prefix: (paths.history as NSString).lastPathComponent + ".unshifted.tmp-")
        guard var consumer = try? CacheFileConsumer(tip: head, historyPath: unshifted) else { return nil }
        let count: (events: Int, shift: Int)
        do {
            count = try History.replayAll(repository, into: &consumer)
        } catch {
            consumer.writer.abandon()
            throw error
        }
        let summary = consumer.finishedSummary()
        defer { unlink(unshifted) }
        guard (try? consumer.writer.finish(renamingTo: unshifted, durable: false)) != nil,
            (try? shiftOrders(from: unshifted, to: paths.history, tip: head, count: count)) != nil
        else { return nil }
        try? AtomicFile.write(summary.encoded(tip: head), to: paths.summary, durable: false)
        return summary
    }

    /// Copies a history file written newest first with orders 0, -1, … to `path`, each order
    /// moved up by `count.shift` and the header saying how many entry events history has.
    private static func shiftOrders(from source: String, to path: String, tip: ObjectID, count: (events: Int, shift: Int)) throws {
        // Read a megabyte at a time (this file was written by this process a moment ago): mapping
        // or holding all 20 MB of it at 100,000 entries would add that much to the peak.
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JournalError.failed("cannot read back \(source)") }
        defer { close(fd) }
        var writer = try RecordWriter(header: "\(historyHeader) \(tip.hex) \(count.events)", streamingBeside: path)
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var record: [UInt8] = []
        var header: String?
        var end: String?
        var records = 0
        var broken = false
        func take(_ line: UnsafeBufferPointer<UInt8>, _ base: UnsafePointer<UInt8>, _ start: Int) {
            guard header != nil else {
                header = String(decoding: line, as: UTF8.self)
                return
            }
            guard line.first == UInt8(ascii: "E") || line.first == UInt8(ascii: "R") else {
                end = String(decoding: line, as: UTF8.self)
                return
            }
            records += 1
            guard line.first == UInt8(ascii: "E") else { return writer.rawRecord(line) }
            var raw = RawHistoryRecord(base: base, start: start, end: start + line.count)
            raw.locate(12)
            guard raw.isEntry, let order = raw.int(11) else {
                broken = true
                return
            }
            record.removeAll(keepingCapacity: true)
            let orderField = raw.range(11)
            record.append(contentsOf: UnsafeBufferPointer(start: base + start, count: orderField.lowerBound - start))
            record.append(contentsOf: String(order + count.shift).utf8)
            record.append(contentsOf: UnsafeBufferPointer(start: base + orderField.upperBound, count: raw.end - orderField.upperBound))
            record.withUnsafeBufferPointer { writer.rawRecord($0) }
        }
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                broken = true
                break
            }
            if n == 0 { break }
            pending.append(contentsOf: chunk[..<n])
            var consumed = 0
            pending.withUnsafeBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                while consumed < buffer.count, let newline = memchr(base + consumed, 0x0A, buffer.count - consumed) {
                    let lineEnd = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - base
                    take(UnsafeBufferPointer(start: base + consumed, count: lineEnd - consumed), base, consumed)
                    consumed = lineEnd + 1
                }
            }
            pending.removeFirst(consumed)
        }
        // The file must be whole: its header for this tip, every record, and its end line's count.
        let expected = "\(historyHeader) \(tip.hex) 0"
        guard !broken, pending.isEmpty, header == expected, end?.hasPrefix("end \(records) ") == true else {
            writer.abandon()
            throw JournalError.failed("cannot read back \(source)")
        }
        try writer.finish(renamingTo: path, durable: false)
    }

    static func writeEntry(_ entry: HistoryEntry, to writer: inout RecordWriter) {
        writer.field("E")
        writer.field(entry.id)
        writer.field(entry.kind == .entry ? "e" : "p")
        writer.field(entry.date.daysSinceEpoch)
        writer.field(entry.hours)
        writer.field(Int(entry.authoredAt.timeIntervalSince1970))
        writer.field(entry.commit)
        writer.field(entry.tags.joined(separator: ","))
        writer.field(entry.title)
        writer.field(links(entry.papers))
        writer.field(links(entry.shipped))
        writer.field(entry.order)
        writer.field(entry.body)
        writer.endRecord()
    }

    static func writeRest(_ day: Day, declared: Bool, to writer: inout RecordWriter) {
        writer.field("R")
        writer.field(day.daysSinceEpoch)
        writer.field(declared ? 1 : 0)
        writer.endRecord()
    }

    /// The commit the summary file says it was written for (its header alone is read).
    static func summaryTip(path: String) -> ObjectID? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: summaryHeader.utf8.count + 42)
        guard read(fd, &header, header.count) == header.count, header.starts(with: Array((summaryHeader + " ").utf8)) else { return nil }
        return ObjectID(hex: String(decoding: header[(summaryHeader.utf8.count + 1)..<(summaryHeader.utf8.count + 41)], as: UTF8.self))
    }

    static func readSummary(path: String, tip: ObjectID) -> HistorySummary? {
        // The header names the tip: a file for another commit is not checked or split.
        let expected = Array("\(summaryHeader) \(tip.hex)\n".utf8)
        guard let bytes = RecordFile.readBytes(path), bytes.starts(with: expected),
            let file = RecordFile(bytes: bytes, header: summaryHeader), file.headerWords.count == 3
        else { return nil }
        return HistorySummary(records: file.records)
    }

    static let unitSeparator = "\u{1F}", recordSeparator = "\u{1E}"

    static func readHistory(path: String) -> (tip: ObjectID, state: HistoryState)? {
        RecordFile.load(path: path, header: historyHeader).flatMap(readHistory)
    }

    static func readHistory(_ file: RecordFile) -> (tip: ObjectID, state: HistoryState)? {
        guard file.headerWords.count == 4,
            let tip = ObjectID(hex: String(file.headerWords[2])), let applied = Int(file.headerWords[3])
        else { return nil }
        var state = HistoryState()
        state.applied = applied
        state.entries.reserveCapacity(file.records.count)
        for record in file.records {
            let f = RecordFile.fields(record)
            switch (f.first?.first, f.count) {
            case (UInt8(ascii: "E"), 13):
                guard let entry = entry(f) else { return nil }
                state.entries[entry.id] = entry
            case (UInt8(ascii: "R"), 3):
                guard let day = RecordFile.day(f[1]) else { return nil }
                state.restDeclarations[day] = f[2].first == UInt8(ascii: "1")
            default:
                return nil
            }
        }
        return (tip, state)
    }

    /// One entry record's fields (`E` and twelve more) as an entry; nil when one is malformed.
    static func entry(_ f: [ArraySlice<UInt8>]) -> HistoryEntry? {
        guard let date = RecordFile.day(f[3]), let hours = RecordFile.double(f[4]), let epoch = RecordFile.int(f[5]),
            abs(epoch) < 1 << 40,
            let commit = ObjectID(hex: String(decoding: f[6], as: UTF8.self)),
            let papers = parseLinks(f[9]), let shipped = parseLinks(f[10]), let order = RecordFile.int(f[11])
        else { return nil }
        let tags = RecordFile.string(f[7])
        return HistoryEntry(
            id: RecordFile.string(f[1]), kind: f[2].first == UInt8(ascii: "e") ? .entry : .plain, date: date,
            title: RecordFile.string(f[8]), body: RecordFile.string(f[12]), hours: hours,
            tags: tags.isEmpty ? [] : tags.split(separator: ",").map(String.init), papers: papers, shipped: shipped,
            commit: commit, authoredAt: Date(timeIntervalSince1970: TimeInterval(epoch)), order: order)
    }

    /// Every entry at HEAD, oldest first (by day, then by position in history), each built from
    /// its record (`HistoryRecords`) only when it is handed to `body`, so a caller that takes
    /// entries a day at a time (`journal check`) never holds them all.
    static func forEachEntryOldestFirst(_ repository: Repository, _ body: (HistoryEntry) throws -> Void) throws {
        guard let records = try HistoryRecords.current(repository) else {
            for entry in History(state: try loadState(repository)).entries.reversed() { try body(entry) }
            return
        }
        for slot in records.slots {
            guard let entry = records.entry(slot) else {
                throw JournalError.failed("the history cache in .git/journal/ is damaged; delete that folder and run the command again")
            }
            try body(entry)
        }
    }

    static func links(_ list: [Link]) -> String {
        list.map { $0.title + unitSeparator + ($0.url ?? "") }.joined(separator: recordSeparator)
    }

    static func parseLinks(_ field: ArraySlice<UInt8>) -> [Link]? {
        guard !field.isEmpty else { return [] }
        var result: [Link] = []
        for item in RecordFile.string(field).split(separator: Character(recordSeparator), omittingEmptySubsequences: false) {
            let parts = item.split(separator: Character(unitSeparator), omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            result.append(Link(title: String(parts[0]), url: parts[1].isEmpty ? nil : String(parts[1])))
        }
        return result
    }
}

/// Writes entries to the history file as a whole read decides them, and adds them up for the
/// summary, so a cold read of 100,000 commits never holds them all.
struct CacheFileConsumer: HistoryConsumer {
    var writer: RecordWriter
    private var summary = HistorySummary()
    private var rest: [Day: Bool] = [:]

    init(tip: ObjectID, historyPath: String) throws {
        // The count of entry events is not known yet: `HistoryCache.shiftOrders` writes it.
        writer = try RecordWriter(header: "\(HistoryCache.historyHeader) \(tip.hex) 0", streamingBeside: historyPath)
    }

    mutating func take(_ entry: HistoryEntry) {
        HistoryCache.writeEntry(entry, to: &writer)
        summary.add(entry)
    }

    mutating func takeRest(_ day: Day, declared: Bool) {
        rest[day] = declared
    }

    mutating func finishedSummary() -> HistorySummary {
        for (day, declared) in rest.sorted(by: { $0.key < $1.key }) {
            HistoryCache.writeRest(day, declared: declared, to: &writer)
        }
        var result = summary
        result.restDays = Set(rest.filter(\.value).keys)
        result.cancelledRestDays = Set(rest.filter { !$0.value }.keys)
        result.sortLinks()
        return result
    }
}

/// What the day-level reports need: hours and entries per day, rest days, papers and shipped items.
public struct HistorySummary: Sendable, Equatable {
    public var days: [Day: Activity.DayTotal] = [:]
    public var restDays: Set<Day> = []
    /// Days whose newest word is `Rest-Day-Cancelled`: ordinary days even on a planned rest weekday.
    public var cancelledRestDays: Set<Day> = []
    /// The day of the journal's first entry when `days` holds only some entries (a `--tag`
    /// report); nil when `days` holds them all. Not cached.
    public var firstEntryDay: Day?
    public var papers: [DatedLink] = []
    public var shipped: [DatedLink] = []

    init() {}

    /// Everything from history, or only entries tagged `tag`.
    public init(history: History, tag: String? = nil) {
        let wanted = tag.map { $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "# ")) }
        for entry in history.entries where wanted.map({ entry.tags.contains($0) }) ?? true { add(entry) }
        if wanted != nil { firstEntryDay = history.entries.last?.date }
        restDays = history.restDays
        cancelledRestDays = history.cancelledRestDays
        sortLinks()
    }

    /// From history's state, adding entries up in the order a whole read meets them (newest
    /// first), so the sums are the same to the last bit as the streamed summary's.
    init(state: HistoryState) {
        for entry in state.newestFirst { add(entry) }
        restDays = Set(state.restDeclarations.filter(\.value).keys)
        cancelledRestDays = Set(state.restDeclarations.filter { !$0.value }.keys)
        sortLinks()
    }

    mutating func add(_ entry: HistoryEntry) {
        days[entry.date, default: Activity.DayTotal()].hours += entry.hours
        days[entry.date, default: Activity.DayTotal()].entries += 1
        for paper in entry.papers { papers.append(DatedLink(date: entry.date, link: paper)) }
        for item in entry.shipped { shipped.append(DatedLink(date: entry.date, link: item)) }
    }

    mutating func sortLinks() {
        // A total order (the sort is not stable), so every way of building the summary agrees.
        let order = { (a: DatedLink, b: DatedLink) in (a.date, a.link.title, a.link.url ?? "") < (b.date, b.link.title, b.link.url ?? "") }
        papers.sort(by: order)
        shipped.sort(by: order)
    }

    init?(records: [ArraySlice<UInt8>]) {
        days.reserveCapacity(records.count)
        for record in records {
            // A day's total (nearly every record), read without splitting it into an array.
            if record.first == UInt8(ascii: "D"), let total = Self.dayTotal(record) {
                days[total.day] = total.total
                continue
            }
            let f = RecordFile.fields(record)
            guard let kind = f.first?.first, f.count >= 2, let day = RecordFile.day(f[1]) else { return nil }
            switch (kind, f.count) {
            case (UInt8(ascii: "D"), 4):
                guard let hours = RecordFile.double(f[2]), let count = RecordFile.int(f[3]) else { return nil }
                self.days[day] = Activity.DayTotal(hours: hours, entries: count)
            case (UInt8(ascii: "R"), 2):
                restDays.insert(day)
            case (UInt8(ascii: "C"), 2):
                cancelledRestDays.insert(day)
            case (UInt8(ascii: "P"), 4), (UInt8(ascii: "S"), 4):
                let url = RecordFile.string(f[3])
                let item = DatedLink(date: day, link: Link(title: RecordFile.string(f[2]), url: url.isEmpty ? nil : url))
                if kind == UInt8(ascii: "P") { papers.append(item) } else { shipped.append(item) }
            default:
                return nil
            }
        }
    }

    /// `D day hours entries`, or nil when the record is not exactly that.
    private static func dayTotal(_ record: ArraySlice<UInt8>) -> (day: Day, total: Activity.DayTotal)? {
        var tabs = (record.startIndex, record.startIndex, record.startIndex)
        var found = 0
        var index = record.startIndex
        while index < record.endIndex {
            if record[index] == 0x09 {
                switch found {
                case 0: tabs.0 = index
                case 1: tabs.1 = index
                case 2: tabs.2 = index
                default: return nil
                }
                found += 1
            }
            index += 1
        }
        guard found == 3, tabs.0 == record.startIndex + 1, let day = RecordFile.day(record[(tabs.0 + 1)..<tabs.1]),
            let hours = RecordFile.double(record[(tabs.1 + 1)..<tabs.2]), let entries = RecordFile.int(record[(tabs.2 + 1)...])
        else { return nil }
        return (day, Activity.DayTotal(hours: hours, entries: entries))
    }

    func encoded(tip: ObjectID) -> Data {
        var writer = RecordWriter(header: "\(HistoryCache.summaryHeader) \(tip.hex)", capacity: days.count * 24)
        for (day, total) in days.sorted(by: { $0.key < $1.key }) {
            writer.field("D")
            writer.field(day.daysSinceEpoch)
            writer.field(total.hours)
            writer.field(total.entries)
            writer.endRecord()
        }
        for (kind, days) in [("R", restDays), ("C", cancelledRestDays)] {
            for day in days.sorted() {
                writer.field(kind)
                writer.field(day.daysSinceEpoch)
                writer.endRecord()
            }
        }
        for (kind, list) in [("P", papers), ("S", shipped)] {
            for item in list {
                writer.field(kind)
                writer.field(item.date.daysSinceEpoch)
                writer.field(item.link.title)
                writer.field(item.link.url ?? "")
                writer.endRecord()
            }
        }
        return writer.finish()
    }
}

/// A paper or shipped item with the day of its entry.
public struct DatedLink: Sendable, Equatable {
    public let date: Day
    public let link: Link
}

/// The cache readers, for the parser fuzzer: untrusted bytes in, a result or nil out.
public enum HistoryCacheFuzzing {
    public static func read(_ data: Data) -> Int {
        var count = 0
        _ = RecordFile(data: data, header: HistoryCache.historyHeader)
        if let file = RecordFile(data: data, header: HistoryCache.historyHeader, verify: false),
            let history = HistoryCache.readHistory(file)
        {
            count += history.state.entries.count
        }
        if let file = RecordFile(data: data, header: HistoryCache.summaryHeader, verify: false),
            let summary = HistorySummary(records: file.records)
        {
            count += summary.days.count
        }
        return count
    }
}
