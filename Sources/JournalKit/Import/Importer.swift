import Foundation
internal import GitKit

/// What `journal import` did.
public struct ImportReport: Sendable {
    public var read = 0
    public var imported = 0
    /// Entries imported before and unchanged since.
    public var alreadyThere = 0
    /// Entries imported before whose text changed in the source: corrected, never added twice.
    public var amended = 0
    public var commit: CommitID?
    /// Day files edited by hand, left as they were (the next entry takes them along).
    public var leftAlone: [String] = []
}

extension Journal {
    /// Imports the entries of `path` as `source` reads it; see `importEntries(_:source:clock:writer:progress:)`.
    /// The source is read one entry at a time into an `ImportPlan`, so what is held is about the
    /// size of the entries' text, whatever the size of the file.
    public func importEntries(
        from path: String, source: ImportSource, clock: Clock, writer: CommitWriter, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        // The history cache is brought up to HEAD first, while nothing else is held: a whole read
        // of a large history is the peak of a second import.
        _ = try historySummary()
        Journal.returnFreedMemory()
        let report = try Journal.importReads.whileSet {
            try writer.withLock {
                var plan = ImportPlan(source: source, timeZone: clock.timeZone, known: try historyIndex())
                var status = stat()
                if source == .jrnl, stat(path, &status) == 0 {
                    // The entries' text takes about the file's size; room for half as much again
                    // is reserved (pages not written to cost no memory), so it is never copied to grow.
                    plan.reserve(textBytes: Int(status.st_size) + Int(status.st_size) / 2)
                }
                try source.forEach(path) { try plan.add($0) }
                return try importPlanned(&plan, clock: clock, writer: writer, progress: progress)
            }
        }
        Journal.returnFreedMemory()
        try refreshHistoryCache(after: report)
        return report
    }

    /// Hands the heap's free pages back to the system between the import's phases: each phase
    /// (a whole read of history, the plan and the pack's tables, the rebuilt cache) frees what
    /// it used, but glibc keeps freed pages, and the next phase's peak would come on top of them.
    static func returnFreedMemory() {
        _ = journalMallocTrim(0)
    }

    /// libgit2's settings while importing: the checkout after a large import reads the new day
    /// files from all over the new pack, and with libgit2's defaults (windows of 1 GiB, no limit
    /// on what is mapped) the whole pack stayed mapped, 240 MB of RSS at 100,000 entries.
    static var importReads: Libgit2Options {
        Libgit2Options(objectCacheBytes: 8 << 20, packWindowBytes: 2 << 20, packMappedLimitBytes: 16 << 20)
    }

    /// Commits an import adds beyond which the history cache is read anew right after it.
    static let cacheRefreshThreshold = 1_000

    /// After a large import the history cache is far behind HEAD. Bringing it forward reads
    /// every imported commit above the old tip and holds their events (`HistoryUpdate`, which
    /// gives up above `HistoryUpdate.maximumCommits` for a whole read); a whole read streams to
    /// the cache file instead. So the stale files are removed and the cache is rebuilt here,
    /// once, with nothing else held, and the next command (a second import of the same file,
    /// say) finds it current.
    private func refreshHistoryCache(after report: ImportReport) throws {
        guard report.imported + report.amended >= Journal.cacheRefreshThreshold else { return }
        let paths = HistoryCache.paths(repository)
        unlink(paths.history)
        unlink(paths.summary)
        _ = try historySummary()
    }

    /// Imports `entries` as one commit each, backdated, on top of HEAD, without a checkout per
    /// entry: the objects go into one new pack, the branch moves once, then the working tree is
    /// updated. Entries get ids derived from source and content, so importing the same file
    /// twice adds nothing the second time. Every entry is checked before anything is written.
    public func importEntries(
        _ imported: [ImportedEntry], source: ImportSource, clock: Clock, writer: CommitWriter,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        try Journal.importReads.whileSet {
            try writer.withLock {
                var plan = ImportPlan(source: source, timeZone: clock.timeZone, known: try historyIndex())
                for item in imported { try plan.add(item) }
                return try importPlanned(&plan, clock: clock, writer: writer, progress: progress)
            }
        }
    }

    private func importPlanned(
        _ plan: inout ImportPlan, clock: Clock, writer: CommitWriter, progress: ((Int, Int) -> Void)?
    ) throws -> ImportReport {
        var report = ImportReport()
        report.read = plan.read
        plan.sort()
        // Every entry was checked as it was read; the templates are checked before anything is written.
        let templates = Templates(journalRoot: root)
        if plan.count > 0 {
            let first = plan.entry(0)
            _ = try DayFileRendering.header(for: first.date, templates: templates)
            _ = try DayFileRendering.section(for: first, time: "00:00", templates: templates)
        }
        // The plan holds only what history does not have as it is: new entries, and corrections
        // of entries this source imported before.
        let fresh = (0..<plan.count).filter { !plan.corrects($0) }
        let changed = try corrected(plan)
        report.alreadyThere = plan.alreadyThere
        report.amended = changed.count
        do {
            guard !fresh.isEmpty || !changed.isEmpty else { return report }
            var added: [Day: Double] = [:]
            for index in fresh { if let minutes = plan.minutes(index) { added[plan.day(index), default: 0] += minutes } }
            try requireRoom(forImportedMinutes: added)
            try requireWritable()
            guard let head = try repository.headCommitID(), let branch = try repository.headReferenceName() else {
                throw JournalError.journal("\(root) has no commit to import onto; create the journal with journal init")
            }
            // Write: the commits into one pack, then the branch moves once, then the checkout.
            let headTree = try repository.treeID(ofCommit: head)
            let tip = try writeCommits(
                fresh, amending: changed, of: plan, onto: head, tree: headTree, templates: templates, clock: clock,
                authorship: writer.authorship,
                progress: progress)
            let source = plan.source
            plan = ImportPlan(source: source, timeZone: clock.timeZone)  // written: the checkout needs the memory more
            Journal.returnFreedMemory()
            let interrupted = InterruptedWrite(repository: repository)
            let tree = try repository.treeID(ofCommit: tip)
            do {
                try interrupted.around(from: head, toTree: tree) {
                    try repository.moveReference(
                        branch, to: tip, expected: head,
                        message: "journal import: \(fresh.count) entries, \(changed.count) corrected, from \(source.rawValue)")
                }
            } catch let error as GitError where error.isModified {
                throw JournalError.locked("another program committed while importing; nothing was imported, run the import again")
            }
            FaultInjection.reached("after-import-ref")
            report.leftAlone = try repository.checkout(tree: tree, baseline: headTree)
            interrupted.end()
            report.imported = fresh.count
            report.commit = CommitID(tip)
            return report
        }
    }

    /// What history has now, read from the history file record by record (each record becomes
    /// an entry only long enough to be fingerprinted: `HistoryCache.forEachBuiltEntry`).
    private func historyIndex() throws -> HistoryIndex {
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            var index = HistoryIndex()
            try HistoryCache.forEachBuiltEntry(repository) { index.add($0) }
            return index
        }
    }

    /// The planned corrections, each with the entry history has under its id.
    private func corrected(_ plan: ImportPlan) throws -> [(index: Int, before: HistoryEntry)] {
        var wanted: [String: [Int]] = [:]
        for index in 0..<plan.count where plan.corrects(index) { wanted[plan.entry(index).id, default: []].append(index) }
        guard !wanted.isEmpty else { return [] }
        let entries = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.entries(withIDs: Set(wanted.keys), in: repository)
        }
        var changed: [(index: Int, before: HistoryEntry)] = []
        for entry in entries { for index in wanted[entry.id] ?? [] { changed.append((index, entry)) } }
        return changed.sorted { $0.index < $1.index }
    }

    /// Writes one commit per entry (by its place in `plan`, with the history entry it corrects)
    /// on top of `head` into a new pack (no loose objects, no checkout); returns the last
    /// commit. A failure leaves no pack behind.
    private func writeCommits(
        _ fresh: [Int], amending changed: [(index: Int, before: HistoryEntry)], of plan: ImportPlan, onto head: ObjectID,
        tree headTree: ObjectID,
        templates: Templates, clock: Clock, authorship: Authorship, progress: ((Int, Int) -> Void)?
    ) throws -> ObjectID {
        let pack = try PackWriter(repository: repository)
        // A blob, four trees and a commit per entry, and a few more for corrections.
        pack.reserve(objects: (fresh.count + changed.count) * 7)
        var trees = try DayTrees(repository: repository, root: headTree)
        var parent = head
        let total = fresh.count + changed.count
        do {
            for done in 0..<total {
                let (index, before) =
                    done < fresh.count ? (fresh[done], nil) : (changed[done - fresh.count].index, changed[done - fresh.count].before)
                let entry = plan.entry(index)
                let section = try DayFileRendering.section(for: entry, time: clock.timeOfDay(entry.writtenAt), templates: templates)
                var tree: ObjectID
                if let before, before.date == entry.date, let text = try trees.content(of: entry.date, pack: pack),
                    let replaced = DayFileEdit.replacing(entry.id, with: section, in: String(decoding: text, as: UTF8.self))
                {
                    // A correction: the section is rewritten where it is.
                    tree = try trees.set(entry.date, content: Data(replaced.utf8), pack: pack)
                } else {
                    if let before, let text = try trees.content(of: before.date, pack: pack),
                        let removed = DayFileEdit.replacing(before.id, with: nil, in: String(decoding: text, as: UTF8.self))
                    {
                        _ = try trees.set(before.date, content: Data(removed.utf8), pack: pack)
                    }
                    let content = try DayFileRendering.append(
                        section: section, to: try trees.content(of: entry.date, pack: pack),
                        day: entry.date, templates: templates)
                    tree = try trees.set(entry.date, content: content, pack: pack)
                }
                // git cannot date a commit before 1970 (fsck calls it an overflow): such an entry keeps
                // its day in Entry-Date, and its commit is dated at the epoch.
                let when = max(entry.writtenAt, Date(timeIntervalSince1970: 0))
                let signature = { (name: String, email: String) in
                    Signature(
                        name: name, email: email, date: when,
                        timeZone: when == entry.writtenAt ? clock.timeZone : TimeZone(identifier: "UTC")!)
                }
                parent = try pack.writeCommit(
                    tree: tree, parents: [parent],
                    author: signature(authorship.authorName, authorship.authorEmail),
                    committer: signature(authorship.committerName, authorship.committerEmail),
                    message: CommitProtocol.message(for: entry))
                if (done + 1) % 1000 == 0 || done + 1 == total { progress?(done + 1, total) }
            }
            try pack.finish()
        } catch let error as GitError {
            pack.abandon()
            throw JournalError(error, doing: "cannot write the imported entries", as: { .failed($0 + "; nothing was imported") })
        }
        return parent
    }

    /// Whether an imported entry says what history has of it already.
    static func sameImportedState(_ entry: Entry, _ before: HistoryEntry) -> Bool {
        entry.title == before.title && entry.body == before.body && entry.date == before.date && entry.tags == before.tags
            && Hours.format(entry.hours?.value ?? 0) == Hours.format(before.hours) && entry.papers == before.papers
            && entry.shipped == before.shipped
    }

    /// A ULID whose time is the entry's date and time (read as UTC, so the id does not depend on
    /// the machine's zone) and whose other 80 bits come from a hash of the source and content.
    static func stableID(_ key: String, date: Day, minute: Int) throws -> String {
        let digest = try ObjectID.blob(Data(key.utf8)).hex
        var generator = DigestBits(hex: digest)
        let millis = Date(timeIntervalSince1970: TimeInterval((date.daysSinceEpoch * 1440 + minute) * 60))
        return EntryID.make(at: millis, using: &generator)
    }

    /// Hands out the bits of a digest as if they were random, for `EntryID.make`.
    struct DigestBits: RandomNumberGenerator {
        var words: [UInt64]
        init(hex: String) {
            let bytes = Array(hex.utf8)
            words = stride(from: 0, to: 32, by: 16).map { start in
                UInt64(String(decoding: bytes[start..<start + 16], as: UTF8.self), radix: 16) ?? 0
            }
        }
        mutating func next() -> UInt64 { words.isEmpty ? 0 : words.removeFirst() }
    }
}

/// The trees from the root down to the month folders, edited in memory as entries are added:
/// only the day file's month, year, `entries/` and the root change, and each is written anew.
struct DayTrees {
    let repository: Repository
    var root: [String: TreeEntry]
    var entries: [String: TreeEntry]
    var years: [String: [String: TreeEntry]] = [:]
    var months: [String: [String: TreeEntry]] = [:]
    var days: [Day: Data] = [:]

    init(repository: Repository, root tree: ObjectID) throws {
        self.repository = repository
        root = DayTrees.byName(try repository.treeEntries(tree))
        entries = try root["entries"].map { DayTrees.byName(try repository.treeEntries($0.id)) } ?? [:]
    }

    static func byName(_ list: [TreeEntry]) -> [String: TreeEntry] {
        Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The day file as it is so far: written by this import (kept, or read back from the pack),
    /// else as HEAD has it.
    mutating func content(of day: Day, pack: PackWriter) throws -> Data? {
        if let data = days[day] { return data }
        let (year, month, name) = DayTrees.names(day)
        guard let entry = try monthEntries(year, month)[name] else { return nil }
        return try pack.content(of: entry.id) ?? repository.blobContent(entry.id)
    }

    /// How many day files are kept in memory: entries come in time order, so a day is rarely
    /// needed again once later days are written (then it is read back from the pack).
    static let keptDays = 256

    /// Stores the day file's new content; returns the new root tree.
    mutating func set(_ day: Day, content: Data, pack: PackWriter) throws -> ObjectID {
        if days.count >= DayTrees.keptDays { days.removeAll(keepingCapacity: true) }
        days[day] = content
        let (year, month, name) = DayTrees.names(day)
        var monthTree = try monthEntries(year, month)
        monthTree[name] = TreeEntry(name: name, mode: TreeEntry.fileMode, id: try pack.writeBlob(content))
        months[year + "/" + month] = monthTree
        var yearTree = try yearEntries(year)
        yearTree[month] = TreeEntry(name: month, mode: TreeEntry.treeMode, id: try pack.writeTree(Array(monthTree.values)))
        years[year] = yearTree
        entries[year] = TreeEntry(name: year, mode: TreeEntry.treeMode, id: try pack.writeTree(Array(yearTree.values)))
        root["entries"] = TreeEntry(name: "entries", mode: TreeEntry.treeMode, id: try pack.writeTree(Array(entries.values)))
        return try pack.writeTree(Array(root.values))
    }

    private mutating func yearEntries(_ year: String) throws -> [String: TreeEntry] {
        if let known = years[year] { return known }
        let list = try entries[year].map { try repository.treeEntries($0.id) } ?? []
        years[year] = DayTrees.byName(list)
        return years[year]!
    }

    private mutating func monthEntries(_ year: String, _ month: String) throws -> [String: TreeEntry] {
        if let known = months[year + "/" + month] { return known }
        let list = try yearEntries(year)[month].map { try repository.treeEntries($0.id) } ?? []
        months[year + "/" + month] = DayTrees.byName(list)
        return months[year + "/" + month]!
    }

    static func names(_ day: Day) -> (String, String, String) {
        (String(format: "%04d", day.year), String(format: "%02d", day.month), day.iso + ".md")
    }
}

/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not bring in).
@_silgen_name("malloc_trim")
private func journalMallocTrim(_ pad: Int) -> Int32
