import Foundation
internal import GitKit

/// The entries `journal publish` reads, newest first as `History.entries` orders them (by day,
/// then by position in history), each built from the history file only when it is handed out,
/// so a site of 100,000 entries is written without holding them. Only the places of the records
/// are kept (a few words each); when the file cannot be read, the whole `History` is.
struct PublishedEntries {
    /// Where one entry record is in the history file, and where its tags field is.
    private struct Place {
        let day: Int
        let order: Int
        let start: Int
        let end: Int
        let tags: Range<Int>
    }

    private let scan: HistoryFileScan?
    /// Entry records, newest first.
    private let places: [Place]
    /// Only when the history file cannot be read.
    private let history: History?
    /// Days declared as rest days (as `History.restDays`).
    let restDays: Set<Day>
    /// The newest day with an entry of any kind.
    let newestDay: Day?

    init(_ repository: Repository) throws {
        guard try repository.headCommitID() != nil else {
            self.init(history: History(state: HistoryState()))
            return
        }
        guard let scan = try HistoryCache.currentScan(repository), let read = Self.places(scan) else {
            self.init(history: History(state: try HistoryCache.loadState(repository)))
            return
        }
        self.init(scan: scan, places: read.places, history: nil, restDays: read.restDays)
    }

    private init(history: History) {
        self.init(scan: nil, places: [], history: history, restDays: history.restDays)
    }

    private init(scan: HistoryFileScan?, places: [Place], history: History?, restDays: Set<Day>) {
        self.scan = scan
        self.places = places
        self.history = history
        self.restDays = restDays
        newestDay = places.first.map { Day(daysSinceEpoch: $0.day) } ?? history?.entries.first?.date
    }

    /// The entry records' places sorted newest first, and the declared rest days; nil when a
    /// record is malformed.
    private static func places(_ scan: HistoryFileScan) -> (places: [Place], restDays: Set<Day>)? {
        var places: [Place] = []
        places.reserveCapacity(scan.applied)
        var restDays = Set<Day>()
        var broken = false
        scan.forEachRecord(locating: 12) { record in
            if record.isRest {
                guard let day = record.day(1) else {
                    broken = true
                    return false
                }
                if record.field(2).first == UInt8(ascii: "1") { restDays.insert(day) }
                return true
            }
            guard record.isEntry, let day = record.int(3), let order = record.int(11) else {
                broken = true
                return false
            }
            places.append(Place(day: day, order: order, start: record.start, end: record.end, tags: record.range(7)))
            return true
        }
        if broken { return nil }
        places.sort { ($0.day, $0.order) > ($1.day, $1.order) }
        return (places, restDays)
    }

    /// Every entry, newest first; `body` returns false to stop.
    func eachNewestFirst(_ body: (HistoryEntry) throws -> Bool) throws {
        try eachNewestFirst(where: { _ in true }, body)
    }

    /// The entries that may carry one of `tags` (the rest skipped unbuilt), newest first;
    /// `body` checks the built entry's tags.
    func eachNewestFirst(mayBeTaggedWith tags: Set<String>, _ body: (HistoryEntry) throws -> Void) throws {
        try eachNewestFirst(
            where: { field in
                // The tags field as written (comma-joined, escaped): one with an escape is built and asked.
                if field.contains(0x5C) { return true }
                var start = 0
                for end in 0...field.count where end == field.count || field[end] == UInt8(ascii: ",") {
                    if end > start, tags.contains(String(decoding: UnsafeBufferPointer(rebasing: field[start..<end]), as: UTF8.self)) {
                        return true
                    }
                    start = end + 1
                }
                return false
            },
            {
                try body($0)
                return true
            })
    }

    private func eachNewestFirst(where mayMatch: (UnsafeBufferPointer<UInt8>) -> Bool, _ body: (HistoryEntry) throws -> Bool) throws {
        guard let scan else {
            // Every entry: `body` asks the built entry anyway.
            for entry in history?.entries ?? [] {
                guard try body(entry) else { return }
            }
            return
        }
        try scan.file.withBytes { bytes in
            for place in places {
                guard mayMatch(UnsafeBufferPointer(rebasing: bytes[place.tags])) else { continue }
                let fields = RecordFile.fields(ArraySlice(bytes[place.start..<place.end]))
                guard fields.count == 13, let entry = HistoryCache.entry(fields) else {
                    throw JournalError.failed("the history cache in .git/journal/ is damaged; delete that folder and run the command again")
                }
                guard try body(entry) else { return }
            }
        }
    }
}
