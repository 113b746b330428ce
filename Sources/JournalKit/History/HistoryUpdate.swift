import Foundation
internal import GitKit

/// Brings the history cache from its tip to HEAD by reading only the commits above a cut, and
/// copying every other record of the history file as the bytes it already is: the step after
/// `journal add` or a `journal sync` that merged reads a few commits, not 100,000.
///
/// The cut is a commit every commit of HEAD's history either descends from or is an ancestor of
/// (the cached tip itself when history only grew; where the merged sides met when a sync merged).
/// A whole read orders commits children first (`History.replayAll`); every descendant of the cut
/// comes before it and every ancestor after it, in an order that depends on the ancestors alone.
/// So the entry events below the cut keep their places counted from the oldest (`order`), and
/// only the commits above it are read and ordered again. The result is byte for byte the file a
/// whole read writes (`HistoryReducerTests`); anything unexpected gives up (nil), and the caller
/// reads the whole history instead. docs/ARCHITECTURE.md, "The history cache", says the same.
enum HistoryUpdate {
    /// The summary it wrote, after writing both files for `head`; nil when the cache cannot be
    /// brought up this way.
    ///
    /// Without `writingHistory` only the summary is written (what reports read); the history
    /// file stays at its tip until a reader of entries brings it up, and until then each update
    /// reads the commits above its tip again (a few, as a rule).
    static func apply(_ repository: Repository, head: ObjectID, writingHistory: Bool) throws -> HistorySummary? {
        let paths = HistoryCache.paths(repository)
        guard let old = HistoryFileScan(path: paths.history), try repository.isAncestor(old.tip, of: head) else { return nil }
        // The summary kept: written for a commit between the history file's tip and HEAD.
        var summaryTip = HistoryCache.summaryTip(path: paths.summary)
        if let tip = summaryTip, tip != old.tip, try !(repository.isAncestor(old.tip, of: tip) && repository.isAncestor(tip, of: head)) {
            summaryTip = nil
        }
        if old.tip == head {
            // Only the summary is missing or behind: it is added up from the records.
            return try write(
                old: old, decided: Decided(), boundary: old.applied, head: head, summaryTip: nil, writingHistory: false, paths: paths)
        }
        guard let above = try commitsAbove(old.tip, head: head, in: repository) else { return nil }
        let decided = replay(above.commits)
        // The events of the commits above the cut that the cached tip has too were counted in the
        // file's `applied`; the events below the cut keep their places 0 ..< boundary.
        let boundary = old.applied - above.oldEvents
        guard boundary >= 0 else { return nil }
        return try write(
            old: old, decided: decided, boundary: boundary, head: head, summaryTip: summaryTip, writingHistory: writingHistory,
            paths: paths)
    }

    /// Above this many commits (a sync that brought a long history, say) the events held here
    /// would cost more than a whole read, which streams: that is done instead.
    static let maximumCommits = 10_000

    struct Above {
        var commits: OlderCommits
        var cut: ObjectID
        /// Entry events of the commits above the cut that the old tip reaches.
        var oldEvents: Int
    }

    /// The commits above the cut, with their events; nil when no cut is found.
    static func commitsAbove(_ tip: ObjectID, head: ObjectID, in repository: Repository) throws -> Above? {
        var commits = OlderCommits()
        var sides: [ObjectID] = []
        var tooMany = false
        try repository.scanCommits(from: head, hiding: tip) { commit, message in
            commits.add(commit, events: try CommitEvents.of(commit, message: message, in: repository))
            sides.append(contentsOf: commit.parentIDs)
            tooMany = commits.count > maximumCommits
            return !tooMany
        }
        if tooMany { return nil }
        var cut = tip
        var oldIDs = Set<ObjectID>()
        let newIDs = Set((0..<commits.count).map(commits.id))
        let outside = Set(sides.filter { !newIDs.contains($0) && $0 != tip })
        if !outside.isEmpty {
            // A new commit stands on one the tip does not lead to (another machine's side of a
            // merge): cut where all sides meet, and read the tip's own commits above that cut again.
            for side in outside {
                guard let base = try repository.mergeBase(cut, side) else { return nil }
                cut = base
            }
            commits = OlderCommits()
            try repository.scanCommits(from: head, hiding: cut) { commit, message in
                commits.add(commit, events: try CommitEvents.of(commit, message: message, in: repository))
                tooMany = commits.count > maximumCommits
                return !tooMany
            }
            if tooMany { return nil }
            try repository.walkCommits(from: tip, hiding: cut) { id in
                oldIDs.insert(id)
                return true
            }
        }
        // Every commit above the cut must descend from it: then no commit of history is beside it.
        guard descendAll(commits, from: cut) else { return nil }
        var oldEvents = 0
        for i in 0..<commits.count where oldIDs.contains(commits.id(i)) {
            oldEvents += commits.events(i).reduce(0) { count, event in if case .entry = event { count + 1 } else { count } }
        }
        return Above(commits: commits, cut: cut, oldEvents: oldEvents)
    }

    /// The entries a merge of `local` (HEAD) and `theirs` would have that `wants` keeps (by day
    /// and id), read as an update reads: the commits above their merge base from both sides,
    /// ordered and replayed, and the history file's records below it (sync's merge of day files
    /// asks for a few days of 100,000 entries). Nil when that cannot be done (no merge base, one
    /// that is not a cut, too many commits, a damaged file): the caller reads the whole history.
    static func mergedEntries(
        _ repository: Repository, local: ObjectID, theirs: ObjectID, wants: (Day, String) -> Bool
    ) throws -> [String: HistoryEntry]? {
        try HistoryCache.bringHistoryUp(repository)
        guard try repository.headCommitID() == local, let old = HistoryFileScan(path: HistoryCache.paths(repository).history),
            old.tip == local, let base = try repository.mergeBase(local, theirs)
        else { return nil }
        var commits = OlderCommits()
        var seen = Set<ObjectID>()
        var localEvents = 0
        var tooMany = false
        for tip in [local, theirs] {
            try repository.scanCommits(from: tip, hiding: base) { commit, message in
                let events = try CommitEvents.of(commit, message: message, in: repository)
                if tip == local { localEvents += events.reduce(0) { count, event in if case .entry = event { count + 1 } else { count } } }
                if seen.insert(commit.id).inserted { commits.add(commit, events: events) }
                tooMany = commits.count > maximumCommits
                return !tooMany
            }
        }
        guard !tooMany, descendAll(commits, from: base) else { return nil }
        let boundary = old.applied - localEvents
        guard boundary >= 0 else { return nil }
        let decided = replay(commits)
        var result: [String: HistoryEntry] = [:]
        for case (let id, let entry?) in decided.entries where wants(entry.date, id) {
            var placed = entry
            placed.order += boundary
            result[id] = placed
        }
        let named = NamedIDs(decided.entries.keys)
        var broken = false
        old.forEachRecord(locating: 4) { record in
            guard record.kind == UInt8(ascii: "E") else { return true }
            let isNamed = named.contains(record.field(1))
            guard !isNamed, let day = record.day(3), wants(day, RecordFile.string(ArraySlice(record.field(1)))) else { return true }
            record.locate(12)
            guard let order = record.int(11), order < boundary,
                let entry = HistoryCache.entry(RecordFile.fields(old.file[record.start..<record.end]))
            else {
                broken = true
                return false
            }
            result[entry.id] = entry
            return true
        }
        return broken ? nil : result
    }

    /// Whether every one of `commits` descends from `cut`, checked parents first.
    static func descendAll(_ commits: OlderCommits, from cut: ObjectID) -> Bool {
        let order = commits.childrenFirstIndices()
        guard order.count == commits.count else { return false }
        var descends = [Bool](repeating: false, count: commits.count)
        for i in order.reversed() {
            let parents = commits.parents(i, outside: cut)
            descends[i] = parents.touchesOutside || parents.inside.contains { descends[$0] }
            guard descends[i] else { return false }
        }
        return true
    }

    /// What the commits above the cut decide, newest first as a whole read decides it.
    struct Decided {
        /// The newest state of each entry they name, nil for a deleted one; orders are places
        /// among their entry events, 0 for the oldest.
        var entries: [String: HistoryEntry?] = [:]
        var rest: [Day: Bool] = [:]
        var events = 0
        /// The day of every entry event, the overridden ones too: a summary written for a commit
        /// above the cut may count any of them.
        var days = Set<Day>()
    }

    static func replay(_ commits: OlderCommits) -> Decided {
        var decided = Decided()
        var newestFirst = 0
        for i in commits.childrenFirstIndices() {
            for event in commits.events(i).reversed() {
                switch event {
                case .entry(var entry):
                    let place = newestFirst
                    newestFirst += 1
                    decided.days.insert(entry.date)
                    guard decided.entries[entry.id] == nil else { continue }
                    entry.order = -place
                    decided.entries[entry.id] = .some(entry)
                case .deleteEntry(let id):
                    if decided.entries[id] == nil { decided.entries[id] = .some(nil) }
                case .rest(let day, let declared):
                    if decided.rest[day] == nil { decided.rest[day] = declared }
                case .handEdit, .settingsChanged:
                    continue
                }
            }
        }
        decided.events = newestFirst
        for (id, entry) in decided.entries {
            guard var entry else { continue }
            entry.order += newestFirst - 1
            decided.entries[id] = .some(entry)
        }
        return decided
    }

    /// Writes the history file (the decided entries first, then every old record they leave, as
    /// its bytes) and the summary, which changes only on the days whose entries changed.
    private static func write(
        old: HistoryFileScan, decided: Decided, boundary: Int, head: ObjectID, summaryTip: ObjectID?, writingHistory: Bool,
        paths: (history: String, summary: String)
    ) throws -> HistorySummary? {
        // When only the history file is behind, the summary at HEAD is kept as it is.
        let current = summaryTip == head ? HistoryCache.readSummary(path: paths.summary, tip: head) : nil
        let summaryTip = current == nil && summaryTip == head ? nil : summaryTip
        let fresh = decided.entries.values.compactMap { $0 }.map { entry -> HistoryEntry in
            var placed = entry
            placed.order += boundary
            return placed
        }.sorted { $0.order > $1.order }
        let named = NamedIDs(decided.entries.keys)
        var touched = decided.days
        var rest: [Day: Bool] = [:]
        // Which old records go: the entries above the boundary (at the file's start, as it is
        // ordered newest first), which the commits above the cut decide again, and those any new
        // event names. One above the boundary that is not named there is a broken cache.
        var dropped = Set<Int>()
        var broken = false
        var index = 0
        var front = true
        old.forEachRecord(locating: 1) { record in
            defer { index += 1 }
            switch record.kind {
            case UInt8(ascii: "E"):
                record.locate(2)
                let isNamed = named.contains(record.field(1))
                if front {
                    record.locate(12)
                    guard record.isEntry, let order = record.int(11) else {
                        broken = true
                        return false
                    }
                    front = order >= boundary
                    if front && !isNamed { broken = true }
                }
                guard front || isNamed else { return true }
                record.locate(4)
                guard let day = record.day(3) else {
                    broken = true
                    return false
                }
                touched.insert(day)
                dropped.insert(index)
            case UInt8(ascii: "R"):
                guard record.isRest, let day = record.day(1) else {
                    broken = true
                    return false
                }
                rest[day] = record.field(2).first == UInt8(ascii: "1")
            default:
                broken = true
                return false
            }
            return true
        }
        guard !broken else { return nil }
        for (day, declared) in decided.rest { rest[day] = declared }

        let rewrite = old.tip != head && writingHistory
        var writer =
            rewrite
            ? try RecordWriter(
                header: "\(HistoryCache.historyHeader) \(head.hex) \(boundary + decided.events)", streamingBeside: paths.history) : nil
        // The old summary's untouched days stay; without one, every day is added up.
        let oldSummary = current == nil ? summaryTip.flatMap { HistoryCache.readSummary(path: paths.summary, tip: $0) } : nil
        let all = oldSummary == nil && current == nil
        if current != nil { touched = [] }
        var days = oldSummary?.days ?? [:]
        for day in touched { days[day] = nil }
        var papers = (oldSummary?.papers ?? []).filter { !touched.contains($0.date) }
        var shipped = (oldSummary?.shipped ?? []).filter { !touched.contains($0.date) }
        // Sums run newest first, as a whole read adds them (`CacheFileConsumer`), to the last bit.
        for entry in fresh {
            if writer != nil { HistoryCache.writeEntry(entry, to: &writer!) }
            days[entry.date, default: Activity.DayTotal()].hours += entry.hours
            days[entry.date, default: Activity.DayTotal()].entries += 1
            for paper in entry.papers { papers.append(DatedLink(date: entry.date, link: paper)) }
            for item in entry.shipped { shipped.append(DatedLink(date: entry.date, link: item)) }
        }
        index = 0
        old.forEachRecord(locating: 4) { record in
            defer { index += 1 }
            guard record.kind == UInt8(ascii: "E"), !dropped.contains(index) else { return true }
            writer?.rawRecord(record.bytes)
            guard let day = record.day(3), all || touched.contains(day) else { return true }
            record.locate(11)
            days[day, default: Activity.DayTotal()].hours += RecordFile.double(record.field(4)) ?? 0
            days[day, default: Activity.DayTotal()].entries += 1
            for paper in HistoryCache.parseLinks(ArraySlice(record.field(9))) ?? [] { papers.append(DatedLink(date: day, link: paper)) }
            for item in HistoryCache.parseLinks(ArraySlice(record.field(10))) ?? [] { shipped.append(DatedLink(date: day, link: item)) }
            return true
        }
        if writer != nil {
            for (day, declared) in rest.sorted(by: { $0.key < $1.key }) { HistoryCache.writeRest(day, declared: declared, to: &writer!) }
            do {
                try writer!.finish(renamingTo: paths.history, durable: false)
            } catch {
                writer!.abandon()
                return nil
            }
        }
        if let current { return current }
        var result = HistorySummary()
        result.days = days
        result.papers = papers
        result.shipped = shipped
        result.restDays = Set(rest.filter(\.value).keys)
        result.cancelledRestDays = Set(rest.filter { !$0.value }.keys)
        result.sortLinks()
        try? AtomicFile.write(result.encoded(tip: head), to: paths.summary, durable: false)
        return result
    }
}

/// The entry ids the new commits name, compared with a record's id bytes without making a String
/// of each of 100,000 (usually there is one).
struct NamedIDs {
    private let few: [[UInt8]]
    private let many: Set<[UInt8]>

    init(_ ids: some Sequence<String>) {
        let all = ids.map { Array($0.utf8) }
        few = all.count <= 8 ? all : []
        many = all.count > 8 ? Set(all) : []
    }

    /// `field` is as the history file escapes it; ids never hold a character it escapes.
    func contains(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        if many.isEmpty { return few.contains { $0.elementsEqual(field) } }
        return many.contains(Array(field))
    }
}
