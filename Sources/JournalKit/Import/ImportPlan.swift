import Foundation
internal import GitKit

/// The entries of one import between reading the source and writing the commits, checked and
/// given their ids as they are added, in the order they happened once `sort`ed. An entry that
/// history already has as it is (by `known`) is counted and dropped at once, so a second import
/// of the same file holds nothing. Held compactly:
/// every entry's text (ids, title, body, tags, papers, shipped) goes into one byte buffer and
/// each entry keeps a small `Item`, so 100,000 entries cost about what their text does; an
/// `Entry` is built again only when it is compared or written (`entry(_:)`).
struct ImportPlan {
    struct Item {
        var writtenAt: Date
        /// Its place in the source, which orders entries written at the same time.
        var sequence: Int
        /// Where its text starts in `bytes`.
        var start: Int
        var day: Day
        /// Nil when the entry has no hours.
        var minutes: Double?
        /// Its id is a current entry whose state the import changes.
        var corrects: Bool
    }

    let source: ImportSource
    let timeZone: TimeZone
    /// What history has: entries found there are not kept.
    let known: HistoryIndex
    /// Entries read, and of them those history has already (unchanged, or under their legacy id).
    private(set) var read = 0
    private(set) var alreadyThere = 0
    private var bytes: [UInt8] = []
    private var items: [Item] = []
    /// How many entries with each content key came before (two identical entries get two ids).
    private var seen: [ObjectID: Int] = [:]

    init(source: ImportSource, timeZone: TimeZone, known: HistoryIndex = HistoryIndex()) {
        self.source = source
        self.timeZone = timeZone
        self.known = known
    }

    var count: Int { items.count }

    mutating func reserve(textBytes: Int) { bytes.reserveCapacity(textBytes) }
    func day(_ index: Int) -> Day { items[index].day }
    func minutes(_ index: Int) -> Double? { items[index].minutes }
    func corrects(_ index: Int) -> Bool { items[index].corrects }

    /// Checks `item` and adds it. Each gets a stable id from its source and where it is in it
    /// (the note file, the position in the export), so importing a changed note again corrects
    /// its entry; its legacy id is the one derived from its content that imports before this
    /// gave it, so an entry imported that way is not added again.
    mutating func add(_ item: ImportedEntry) throws {
        let key = [
            source.rawValue, item.date.iso, String(item.minute), item.title, item.body, item.tags.joined(separator: ","),
            item.hours.map { String($0.minutes) } ?? "",
        ].joined(separator: "\u{0}")
        let digest = try ObjectID.blob(Data(key.utf8))
        let occurrence = seen[digest, default: 0]
        seen[digest] = occurrence + 1
        let writtenAt = item.writtenAt ?? item.date.start(in: timeZone).addingTimeInterval(TimeInterval(item.minute * 60))
        let entry: Entry
        let legacy: String
        do {
            legacy = try Journal.stableID(key + "\u{0}\(occurrence)", date: item.date, minute: item.minute)
            let identity = try Journal.stableID(
                ["identity", source.rawValue, item.origin].joined(separator: "\u{0}"), date: item.date, minute: item.minute)
            entry = try Entry(
                id: item.id ?? identity, date: item.date, title: item.title, body: item.body, hours: item.hours,
                tags: try Entry.normaliseTags(item.tags), papers: item.papers, shipped: item.shipped, writtenAt: writtenAt)
        } catch let error as JournalError {
            throw JournalError.badInput(
                "\(item.origin) (\(item.date.iso) \"\(item.title.prefix(40))\"): \(error.description); nothing was imported")
        }
        read += 1
        // An entry this source imported before (same file or position) is corrected when its
        // text changed; one imported under the older, content-derived id is left as it is.
        var corrects = false
        if let found = known.find(entry.id) {
            guard known.fingerprint(found) != Fingerprint(entry) else {
                alreadyThere += 1
                return
            }
            corrects = true
        } else if known.find(legacy) != nil {
            alreadyThere += 1
            return
        }
        items.append(
            Item(
                writtenAt: writtenAt, sequence: items.count, start: bytes.count, day: entry.date, minutes: entry.hours?.minutes,
                corrects: corrects))
        append(entry.id)
        append(entry.title)
        append(entry.body)
        append(entry.tags.count)
        for tag in entry.tags { append(tag) }
        for links in [entry.papers, entry.shipped] {
            append(links.count)
            for link in links {
                append(link.title)
                if let url = link.url { append(url) } else { append(Int(UInt32.max)) }
            }
        }
    }

    /// Puts the entries in the order they happened (the source's order among equal times).
    mutating func sort() {
        items.sort { ($0.writtenAt, $0.sequence) < ($1.writtenAt, $1.sequence) }
        seen = [:]
    }

    private mutating func append(_ number: Int) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: number).littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func append(_ text: String) {
        append(text.utf8.count)
        bytes.append(contentsOf: text.utf8)
    }

    /// Reads the fields `add` wrote, in order.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var at: Int

        mutating func number() -> Int {
            var value: UInt32 = 0
            withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[at..<at + 4])) }
            at += 4
            return Int(UInt32(littleEndian: value))
        }

        /// The next text's bytes (nil for a missing url).
        mutating func raw() -> UnsafeRawBufferPointer? {
            let length = number()
            guard length != Int(UInt32.max) else { return nil }
            defer { at += length }
            return UnsafeRawBufferPointer(rebasing: bytes[at..<at + length])
        }

        mutating func text() -> String { String(decoding: raw() ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self) }
    }

    /// The entry at `index` (in the sorted order), as it was checked when added.
    func entry(_ index: Int) -> Entry {
        let item = items[index]
        return bytes.withUnsafeBytes { all in
            var cursor = Cursor(bytes: all, at: item.start)
            let id = cursor.text()
            let title = cursor.text()
            let body = cursor.text()
            let tags = (0..<cursor.number()).map { _ in cursor.text() }
            var links: [[Link]] = []
            for _ in 0..<2 {
                links.append(
                    (0..<cursor.number()).map { _ in
                        let title = cursor.text()
                        return Link(title: title, url: cursor.raw().map { String(decoding: $0, as: UTF8.self) })
                    })
            }
            return Entry(
                checkedID: id, date: item.day, title: title, body: body, hours: item.minutes.map { Hours(minutes: $0) }, tags: tags,
                papers: links[0], shipped: links[1], writtenAt: item.writtenAt)
        }
    }
}

/// What `sameImportedState` compares of an entry, hashed to 128 bits (two of Swift's seeded
/// hashes, which hash a String as its canonical form, so canonically equal texts stay equal).
struct Fingerprint: Equatable {
    var first: Int
    var second: Int

    init(title: String, body: String, date: Day, tags: [String], hours: String, papers: [Link], shipped: [Link]) {
        func hash(_ salt: UInt8) -> Int {
            var hasher = Hasher()
            hasher.combine(salt)
            hasher.combine(title)
            hasher.combine(body)
            hasher.combine(date.daysSinceEpoch)
            hasher.combine(tags)
            hasher.combine(hours)
            for links in [papers, shipped] {
                hasher.combine(links.count)
                for link in links {
                    hasher.combine(link.title)
                    hasher.combine(link.url)
                }
            }
            return hasher.finalize()
        }
        first = hash(1)
        second = hash(2)
    }

    init(_ entry: Entry) {
        self.init(
            title: entry.title, body: entry.body, date: entry.date, tags: entry.tags, hours: Hours.format(entry.hours?.value ?? 0),
            papers: entry.papers, shipped: entry.shipped)
    }

    init(_ entry: HistoryEntry) {
        self.init(
            title: entry.title, body: entry.body, date: entry.date, tags: entry.tags, hours: Hours.format(entry.hours),
            papers: entry.papers, shipped: entry.shipped)
    }
}

/// The ids of history's current entries, each with the fingerprint of its state, read before
/// the source so that the source's entries can be sorted out as they are read. Ids are kept as
/// bytes in one buffer and found through a 64-bit FNV-1a hash and a byte comparison: 100,000
/// entries take about 5 MB.
struct HistoryIndex {
    private var ids: [UInt8] = []
    private var starts: [Int32] = []
    private var prints: [Fingerprint] = []
    private var first: [UInt64: Int32] = [:]
    private var next: [Int32] = []

    var count: Int { starts.count }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    private func idBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let start = Int(starts[index])
        let end = index + 1 < starts.count ? Int(starts[index + 1]) : ids.count
        return ids.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    mutating func add(id: UnsafeRawBufferPointer, fingerprint: Fingerprint) {
        let hash = HistoryIndex.hash(id)
        next.append(first[hash] ?? -1)
        first[hash] = Int32(starts.count)
        starts.append(Int32(ids.count))
        ids.append(contentsOf: id)
        prints.append(fingerprint)
    }

    mutating func add(_ entry: HistoryEntry) {
        var id = entry.id
        id.withUTF8 { add(id: UnsafeRawBufferPointer($0), fingerprint: Fingerprint(entry)) }
    }

    func find(_ id: UnsafeRawBufferPointer) -> Int? {
        var index = Int(first[HistoryIndex.hash(id)] ?? -1)
        while index >= 0 {
            if idBytes(index, { $0.elementsEqual(id) }) { return index }
            index = Int(next[index])
        }
        return nil
    }

    func find(_ id: String) -> Int? {
        var id = id
        return id.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    func fingerprint(_ index: Int) -> Fingerprint { prints[index] }
}

extension Entry {
    /// An entry built again from fields `Entry.init` has already checked and normalised.
    init(
        checkedID id: String, date: Day, title: String, body: String, hours: Hours?, tags: [String], papers: [Link],
        shipped: [Link], writtenAt: Date
    ) {
        self.id = id
        self.date = date
        self.title = title
        self.body = body
        self.hours = hours
        self.tags = tags
        self.papers = papers
        self.shipped = shipped
        self.writtenAt = writtenAt
    }
}
