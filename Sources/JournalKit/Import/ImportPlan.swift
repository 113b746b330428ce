import Foundation
internal import GitKit

/// The entries of one import between reading the source and writing the commits, checked and
/// given their ids as they are added, in the order they happened once `sort`ed. Held compactly:
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
    }

    let source: ImportSource
    let timeZone: TimeZone
    private var bytes: [UInt8] = []
    private var items: [Item] = []
    /// How many entries with each content key came before (two identical entries get two ids).
    private var seen: [ObjectID: Int] = [:]

    init(source: ImportSource, timeZone: TimeZone) {
        self.source = source
        self.timeZone = timeZone
    }

    var count: Int { items.count }

    mutating func reserve(textBytes: Int) { bytes.reserveCapacity(textBytes) }
    func day(_ index: Int) -> Day { items[index].day }
    func minutes(_ index: Int) -> Double? { items[index].minutes }

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
        items.append(
            Item(writtenAt: writtenAt, sequence: items.count, start: bytes.count, day: entry.date, minutes: entry.hours?.minutes))
        append(entry.id)
        append(legacy)
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
            _ = cursor.raw()  // the legacy id
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

    /// The bytes of the entry's id, or of its legacy id, lent to `body`.
    func withID<R>(_ index: Int, legacy: Bool, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { all in
            var cursor = Cursor(bytes: all, at: items[index].start)
            if legacy { _ = cursor.raw() }
            return body(cursor.raw()!)
        }
    }

    /// Finds planned entries by the bytes of an id (as the history file holds them) without
    /// making a String: a 64-bit FNV-1a hash of the id picks a chain of candidates, and each is
    /// compared byte for byte.
    struct Lookup {
        let plan: ImportPlan
        private var first: [UInt64: Int32] = [:]
        private var next: [Int32]
        private var firstLegacy: [UInt64: Int32] = [:]
        private var nextLegacy: [Int32]

        init(_ plan: ImportPlan) {
            self.plan = plan
            next = [Int32](repeating: -1, count: plan.count)
            nextLegacy = next
            first.reserveCapacity(plan.count)
            firstLegacy.reserveCapacity(plan.count)
            for index in (0..<plan.count).reversed() {
                let hash = plan.withID(index, legacy: false, Lookup.hash)
                next[index] = first[hash] ?? -1
                first[hash] = Int32(index)
                let legacyHash = plan.withID(index, legacy: true, Lookup.hash)
                nextLegacy[index] = firstLegacy[legacyHash] ?? -1
                firstLegacy[legacyHash] = Int32(index)
            }
        }

        static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }

        /// Calls `body` with the place of every planned entry whose id is `id`.
        func forEach(id: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
            walk(from: first[Lookup.hash(id)], links: next, legacy: false, id, body)
        }

        /// Calls `body` with the place of every planned entry whose legacy id is `id`.
        func forEach(legacyID id: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
            walk(from: firstLegacy[Lookup.hash(id)], links: nextLegacy, legacy: true, id, body)
        }

        private func walk(from start: Int32?, links: [Int32], legacy: Bool, _ id: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
            var index = Int(start ?? -1)
            while index >= 0 {
                if plan.withID(index, legacy: legacy, { $0.elementsEqual(id) }) { body(index) }
                index = Int(links[index])
            }
        }
    }
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
