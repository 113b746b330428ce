import Foundation

/// `journal amend` as the user asked for it: which entry, and the fields to change (nil or
/// empty: keep the old value).
public struct AmendRequest {
    /// `last`, a full Entry-Id or a unique prefix of one (at least 6 characters).
    public var entry: String
    public var title: String?
    public var hours: String?
    public var date: String?
    /// New tags; with `clearTags`, none.
    public var tags: [String]
    public var clearTags: Bool
    public var papers: [String]
    public var shipped: [String]
    /// The new body, as read from `--body-file`.
    public var body: String?
    /// Open the entry in the editor.
    public var openEditor: Bool

    public init(
        entry: String = "last", title: String? = nil, hours: String? = nil, date: String? = nil, tags: [String] = [],
        clearTags: Bool = false, papers: [String] = [], shipped: [String] = [], body: String? = nil, openEditor: Bool = false
    ) {
        self.entry = entry
        self.title = title
        self.hours = hours
        self.date = date
        self.tags = tags
        self.clearTags = clearTags
        self.papers = papers
        self.shipped = shipped
        self.body = body
        self.openEditor = openEditor
    }

    var changesSomething: Bool {
        title != nil || hours != nil || date != nil || !tags.isEmpty || clearTags || !papers.isEmpty || !shipped.isEmpty
            || body != nil || openEditor
    }
}

/// What `amend` or `delete` wrote.
public struct EntryRevision {
    /// The entry's state before.
    public let before: HistoryEntry
    /// Its new state; nil after a deletion.
    public let after: Entry?
    public let commit: CommitID
    public let warning: String?
}

extension Journal {
    /// `journal amend`: one commit with the entry's complete new state under the same Entry-Id,
    /// its section rewritten in place in its day file, or moved to the new day's file.
    public func amend(_ request: AmendRequest, console: Console) throws -> EntryRevision {
        let writer = try writer(environment: console.environment)
        let clock = console.clock
        let before = try revisable(request.entry)
        guard request.changesSomething else {
            throw JournalError.badInput(
                "nothing to change: give --title, --hours, --tag, --no-tags, --date, --paper, --shipped, --body-file or --edit")
        }
        // What the entry says now: its section as edited by hand, when that differs from history
        // (the edit is not lost under the correction), else history's state.
        var now = SectionFields(entry: before, body: before.body)
        if let text = dayText(before.date).map({ String(decoding: $0, as: UTF8.self) }),
            let section = DaySections(text.replacingOccurrences(of: "\r\n", with: "\n")).section(before.id),
            !SectionFields(section).sameEntry(as: now)
        {
            now = SectionFields(section)
        }
        var input = EntryInput(
            title: request.title ?? now.title, body: request.body ?? now.body,
            hours: request.hours ?? now.hours?.description,
            date: request.date ?? before.date.iso,
            tags: request.clearTags ? [] : request.tags.isEmpty ? now.tags : request.tags,
            papers: request.papers.isEmpty ? now.papers.map(\.trailerValue) : request.papers,
            shipped: request.shipped.isEmpty ? now.shipped.map(\.trailerValue) : request.shipped)
        let today = try self.today(clock: clock)
        if request.openEditor {
            guard console.stdinIsTerminal else { throw JournalError.badInput("--edit opens the editor, which needs a terminal") }
            _ = try input.entry(today: today, writtenAt: before.authoredAt, id: before.id)  // a typo costs no typing
            input = try editInEditor(input, console: console)
        }
        let after = try input.entry(today: today, writtenAt: before.authoredAt, id: before.id)
        // The day keeps at most 24 hours, this entry's old hours not counted twice.
        try requireRoom(on: after.date, for: after.hours, replacing: before)
        let outcome = try writer.commit(
            try sectionUpdates(removing: before, adding: after), message: CommitProtocol.message(for: after), authorDate: clock.now,
            authorZone: clock.timeZone, takeHandEdits: .around([before.date, after.date]))
        return EntryRevision(before: before, after: after, commit: CommitID(outcome.commit), warning: outcome.warning)
    }

    /// `journal delete`: one commit with the Entry-Id and `Entry-Deleted: yes`, its section removed.
    public func delete(entry reference: String, console: Console) throws -> EntryRevision {
        let writer = try writer(environment: console.environment)
        let before = try revisable(reference)
        let outcome = try writer.commit(
            try sectionUpdates(removing: before, adding: nil),
            message: CommitProtocol.deletion(id: before.id, title: before.title, date: before.date), authorDate: console.clock.now,
            authorZone: console.clock.timeZone, takeHandEdits: .around([before.date]))
        return EntryRevision(before: before, after: nil, commit: CommitID(outcome.commit), warning: outcome.warning)
    }

    /// The entry `reference` names, if journal wrote it (a plain-git commit has no section to revise).
    public func revisable(_ reference: String) throws -> HistoryEntry {
        try requireWritable()
        let entry = try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try HistoryCache.entry(named: reference, in: repository)
        }
        guard entry.kind == .entry else {
            throw JournalError.badInput(
                "\(entry.id.prefix(8)) is a commit made with plain git, not an entry journal wrote; change its day file and commit with git"
            )
        }
        return entry
    }

    /// The file changes that take `before`'s section out (or rewrite it in place) and put `after`'s in.
    private func sectionUpdates(removing before: HistoryEntry, adding after: Entry?) throws -> [FileUpdate] {
        let templates = Templates(journalRoot: root)
        let section = try after.map { try DayFileRendering.section(for: $0, time: sectionTime(of: before), templates: templates) }
        let oldPath = Journal.dayFile(before.date)
        if let after, after.date == before.date {
            return [
                FileUpdate(path: oldPath) { current in
                    let text = current.map { String(decoding: $0, as: UTF8.self) } ?? ""
                    if let replaced = DayFileEdit.replacing(before.id, with: section, in: text) { return Data(replaced.utf8) }
                    return try DayFileRendering.append(section: section!, to: current, day: after.date, templates: templates)
                }
            ]
        }
        var updates = [
            FileUpdate(path: oldPath) { current in
                let text = current.map { String(decoding: $0, as: UTF8.self) } ?? ""
                return Data((DayFileEdit.replacing(before.id, with: nil, in: text) ?? text).utf8)
            }
        ]
        if let after, let section {
            updates.append(
                FileUpdate(path: Journal.dayFile(after.date)) { current in
                    try DayFileRendering.append(section: section, to: current, day: after.date, templates: templates)
                })
        }
        return updates
    }

    /// The time of day the entry's section showed (kept by a correction).
    private func sectionTime(of entry: HistoryEntry) -> String {
        if let text = dayText(entry.date).map({ String(decoding: $0, as: UTF8.self) }),
            let section = DaySections(text).section(entry.id), let time = SectionFields(section).time
        {
            return time
        }
        return Clock(now: entry.authoredAt, timeZone: TimeZone(secondsFromGMT: 0) ?? .current).timeOfDay(entry.authoredAt)
    }

    /// Opens the entry in the editor (as `journal add` does) and reads it back; unchanged, it is kept.
    private func editInEditor(_ input: EntryInput, console: Console) throws -> EntryInput {
        let drafts = Drafts(journal: self)
        let draft = try drafts.create(EditorBuffer.serialise(input), name: "amend-\(Int(console.clock.now.timeIntervalSince1970)).md")
        do {
            try console.edit(draft.path)
        } catch {
            draft.release()
            throw JournalError.failed("the editor failed (\(error)); what you typed is kept in \(draft.path)")
        }
        guard let data = FileManager.default.contents(atPath: draft.path) else {
            throw JournalError.failed("the draft \(draft.path) disappeared while editing; nothing was committed")
        }
        do {
            let edited = try EditorBuffer.parse(String(decoding: data, as: UTF8.self), base: EntryInput(date: input.date))
            draft.discard()
            return edited
        } catch let error as JournalError {
            draft.release()
            throw JournalError.badInput("\(error.description); your text is kept in \(draft.path)")
        }
    }
}
