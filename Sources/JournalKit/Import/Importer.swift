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
    /// Imports `entries` as one commit each, backdated, on top of HEAD, without a checkout per
    /// entry: the objects go into one new pack, the branch moves once, then the working tree is
    /// updated. Entries get ids derived from source and content, so importing the same file
    /// twice adds nothing the second time. Every entry is checked before anything is written.
    public func importEntries(
        _ imported: consuming [ImportedEntry], source: ImportSource, clock: Clock, writer: CommitWriter,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportReport {
        var report = ImportReport()
        report.read = imported.count
        // Parse: every entry checked, and the templates too, before anything is written.
        let planned = try Journal.entries(from: imported, source: source, timeZone: clock.timeZone)
        let entries = planned.map(\.entry)
        _ = consume imported  // the parsed source is not needed any more: only one copy is held
        let templates = Templates(journalRoot: root)
        if let first = entries.first {
            _ = try DayFileRendering.header(for: first.date, templates: templates)
            _ = try DayFileRendering.section(for: first, time: "00:00", templates: templates)
        }
        return try writer.withLock {
            // Plan: what history does not have yet.
            let known = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
                try HistoryCache.entryIDs(repository)
            }
            // An entry this source imported before (same file or position) is corrected when its
            // text changed; one imported under the older, content-derived id is left as it is.
            let current =
                known.isEmpty || !planned.contains(where: { known.contains($0.entry.id) })
                ? [:]
                : Dictionary(
                    try history().entries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var fresh: [Entry] = []
            var changed: [(entry: Entry, before: HistoryEntry)] = []
            for item in planned {
                if let before = current[item.entry.id] {
                    if !Journal.sameImportedState(item.entry, before) { changed.append((item.entry, before)) }
                } else if !known.contains(item.entry.id) && !known.contains(item.legacyID) {
                    fresh.append(item.entry)
                }
            }
            report.alreadyThere = entries.count - fresh.count - changed.count
            report.amended = changed.count
            guard !fresh.isEmpty || !changed.isEmpty else { return report }
            try requireRoom(forImported: fresh)
            try requireWritable()
            guard let head = try repository.headCommitID(), let branch = try repository.headReferenceName() else {
                throw JournalError.journal("\(root) has no commit to import onto; create the journal with journal init")
            }
            // Write: the commits into one pack, then the branch moves once, then the checkout.
            let headTree = try repository.treeID(ofCommit: head)
            let tip = try writeCommits(
                fresh, amending: changed, onto: head, tree: headTree, templates: templates, clock: clock,
                authorship: writer.authorship, progress: progress)
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

    /// Writes one commit per entry on top of `head` into a new pack (no loose objects, no
    /// checkout); returns the last commit. A failure leaves no pack behind.
    private func writeCommits(
        _ fresh: [Entry], amending changed: [(entry: Entry, before: HistoryEntry)], onto head: ObjectID, tree headTree: ObjectID,
        templates: Templates, clock: Clock, authorship: Authorship, progress: ((Int, Int) -> Void)?
    ) throws -> ObjectID {
        let pack = try PackWriter(repository: repository)
        var trees = try DayTrees(repository: repository, root: headTree)
        var parent = head
        let all = fresh.map { ($0, nil as HistoryEntry?) } + changed.map { ($0.entry, $0.before as HistoryEntry?) }
        do {
            for (index, (entry, before)) in all.enumerated() {
                let section = try DayFileRendering.section(for: entry, time: clock.timeOfDay(entry.writtenAt), templates: templates)
                var tree: ObjectID
                if let before, before.date == entry.date, let text = try trees.content(of: entry.date),
                    let replaced = DayFileEdit.replacing(entry.id, with: section, in: String(decoding: text, as: UTF8.self))
                {
                    // A correction: the section is rewritten where it is.
                    tree = try trees.set(entry.date, content: Data(replaced.utf8), pack: pack)
                } else {
                    if let before, let text = try trees.content(of: before.date),
                        let removed = DayFileEdit.replacing(before.id, with: nil, in: String(decoding: text, as: UTF8.self))
                    {
                        _ = try trees.set(before.date, content: Data(removed.utf8), pack: pack)
                    }
                    let content = try DayFileRendering.append(
                        section: section, to: try trees.content(of: entry.date),
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
                if (index + 1) % 1000 == 0 || index + 1 == all.count { progress?(index + 1, all.count) }
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

    /// The entries, checked, in the order they happened. Each gets a stable id from its source
    /// and where it is in it (the note file, the position in the export), so importing a changed
    /// note again corrects its entry; `legacyID` is the id derived from its content that imports
    /// before this gave it, so an entry imported that way is not added again.
    static func entries(
        from imported: [ImportedEntry], source: ImportSource, timeZone: TimeZone
    ) throws -> [(entry: Entry, legacyID: String)] {
        var seen: [ObjectID: Int] = [:]
        var entries: [(entry: Entry, legacyID: String)] = []
        entries.reserveCapacity(imported.count)
        for item in imported {
            let key = [
                source.rawValue, item.date.iso, String(item.minute), item.title, item.body, item.tags.joined(separator: ","),
                item.hours.map { String($0.minutes) } ?? "",
            ].joined(separator: "\u{0}")
            // Two identical entries are both kept: the second gets a different id.
            let digest = try ObjectID.blob(Data(key.utf8))
            let occurrence = seen[digest, default: 0]
            seen[digest] = occurrence + 1
            let writtenAt = item.writtenAt ?? item.date.start(in: timeZone).addingTimeInterval(TimeInterval(item.minute * 60))
            do {
                let legacy = try stableID(key + "\u{0}\(occurrence)", date: item.date, minute: item.minute)
                let identity = try stableID(
                    ["identity", source.rawValue, item.origin].joined(separator: "\u{0}"), date: item.date, minute: item.minute)
                entries.append(
                    (
                        try Entry(
                            id: item.id ?? identity, date: item.date, title: item.title, body: item.body, hours: item.hours,
                            tags: try Entry.normaliseTags(item.tags), papers: item.papers, shipped: item.shipped, writtenAt: writtenAt),
                        legacy
                    ))
            } catch let error as JournalError {
                throw JournalError.badInput(
                    "\(item.origin) (\(item.date.iso) \"\(item.title.prefix(40))\"): \(error.description); nothing was imported")
            }
        }
        return entries.enumerated().sorted { a, b in
            (a.element.entry.writtenAt, a.offset) < (b.element.entry.writtenAt, b.offset)
        }.map(\.element)
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

    /// The day file as it is so far: written by this import, else as HEAD has it.
    mutating func content(of day: Day) throws -> Data? {
        if let data = days[day] { return data }
        let (year, month, name) = DayTrees.names(day)
        guard let entry = try monthEntries(year, month)[name] else { return nil }
        return try repository.blobContent(entry.id)
    }

    /// Stores the day file's new content; returns the new root tree.
    mutating func set(_ day: Day, content: Data, pack: PackWriter) throws -> ObjectID {
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
