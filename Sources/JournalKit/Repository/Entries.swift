import Foundation
internal import GitKit

/// The result of writing one entry.
public struct WrittenEntry {
    public let entry: Entry
    public let commit: CommitID
    public let dayFile: String
    public let warning: String?
    /// Day files edited by hand that went into the same commit.
    public var handEdits: [String] = []
    /// What those hand edits changed in entries, one line each (`amended "Title" (2026-11-29)`).
    public var entryChanges: [String] = []
}

extension Journal {
    /// The day an entry written now counts for, by `day.starts-at`.
    public func today(clock: Clock) throws -> Day {
        clock.today(startsAt: try settings().dayStartsAt)
    }

    /// Appends `entry` to its day file and commits it as one commit of the commit protocol.
    /// `authorDate` backdates the commit (the demo, imports); by default it is when the entry was written.
    @discardableResult
    public func write(_ entry: Entry, clock: Clock, writer: CommitWriter, authorDate: Date? = nil) throws -> WrittenEntry {
        let templates = Templates(journalRoot: root)
        let section = try DayFileRendering.section(for: entry, time: clock.timeOfDay(entry.writtenAt), templates: templates)
        // Render the header now, so a broken template fails before anything is written.
        _ = try DayFileRendering.header(for: entry.date, templates: templates)
        let file = Journal.dayFile(entry.date)
        let outcome = try writer.commit(
            [
                FileUpdate(path: file) { current in
                    try DayFileRendering.append(section: section, to: current, day: entry.date, templates: templates)
                }
            ],
            message: CommitProtocol.message(for: entry),
            authorDate: authorDate ?? entry.writtenAt, authorZone: clock.timeZone,
            committerDate: authorDate == nil ? clock.now : authorDate,
            takeHandEdits: .around([entry.date, Day(clock.now, in: clock.timeZone)]))
        return WrittenEntry(
            entry: entry, commit: CommitID(outcome.commit), dayFile: file, warning: outcome.warning, handEdits: outcome.handEdits,
            entryChanges: outcome.entryChanges.map(\.summary))
    }

    /// Checks `input` and writes it. While it is being committed the entry waits in a draft, so a
    /// crash leaves it there for `recoverDrafts`. When the commit fails, an entry with a body
    /// (typed or piped, not easily typed again) is kept as a draft and the error says where; an
    /// input error, or a refusal before anything was tried, changes nothing.
    public func add(_ input: EntryInput, clock: Clock, writer: CommitWriter) throws -> WrittenEntry {
        let entry = try input.entry(today: today(clock: clock), writtenAt: clock.now, id: EntryID.make(at: clock.now))
        try requireRoom(on: entry.date, for: entry.hours)
        do {
            try writer.preflight()
        } catch let error as JournalError {
            guard !entry.body.isEmpty else { throw error }
            let draft = try Drafts(journal: self).create(EditorBuffer.serialise(entry), entryID: entry.id, at: clock.now)
            draft.release()
            throw JournalError.failed("\(error.description) (the entry is kept in \(draft.path); journal recover commits it)")
        }
        let draft = try Drafts(journal: self).create(EditorBuffer.serialise(entry), entryID: entry.id, at: clock.now)
        FaultInjection.reached("after-draft")
        do {
            let written = try write(entry, clock: clock, writer: writer)
            FaultInjection.reached("before-draft-removal")
            draft.discard()
            return written
        } catch let error as JournalError {
            guard !entry.body.isEmpty else {
                draft.discard()
                throw error
            }
            draft.release()
            throw JournalError.failed("\(error.description) (the entry is kept in \(draft.path); journal recover commits it)")
        }
    }

    /// The editor flow: the template (or an existing draft) is edited in `.journal/drafts/`, then
    /// committed. Returns nil when the user wrote nothing. The draft is removed only after the commit.
    public func addWithEditor(
        _ input: EntryInput, kind: String, draftPath existing: String? = nil, clock: Clock,
        writer: CommitWriter, edit: (String) throws -> Void
    ) throws -> WrittenEntry? {
        let drafts = Drafts(journal: self)
        let draft: Drafts.Handle
        let id: String
        if let existing {
            try drafts.requireDraft(existing)
            guard let taken = drafts.take(existing) else {
                throw JournalError.locked("\(existing) is open in another journal command")
            }
            draft = taken
            id = Drafts.entryID(of: existing) ?? EntryID.make(at: clock.now)
        } else {
            id = EntryID.make(at: clock.now)
            let text = try EditorBuffer.render(kind: kind, input: input, templates: Templates(journalRoot: root))
            draft = try drafts.create(text, entryID: id, at: clock.now)
        }
        let template = FileManager.default.contents(atPath: draft.path)
        do {
            try edit(draft.path)
        } catch {
            draft.release()
            throw JournalError.failed("the editor failed (\(error)); what you typed is kept in \(draft.path)")
        }
        guard let data = FileManager.default.contents(atPath: draft.path) else {
            throw JournalError.failed("the draft \(draft.path) disappeared while editing; nothing was committed")
        }
        let edited: EntryInput
        do {
            edited = try EditorBuffer.parse(String(decoding: data, as: UTF8.self), base: EntryInput(date: input.date))
        } catch let error as JournalError {
            draft.release()
            throw JournalError.badInput(
                "\(error.description); your text is kept in \(draft.path) (fix it, then journal add --draft \(draft.path))")
        }
        if EditorBuffer.isEmpty(edited) || (existing == nil && data == template && (input.title ?? "").isEmpty) {
            draft.discard()
            return nil
        }
        do {
            let entry = try edited.entry(today: today(clock: clock), writtenAt: clock.now, id: id)
            try requireRoom(on: entry.date, for: entry.hours)
            let written = try write(entry, clock: clock, writer: writer)
            draft.discard()
            return written
        } catch let error as JournalError {
            draft.release()
            throw JournalError.failed(
                "\(error.description); your text is kept in \(draft.path) (fix it, then journal add --draft \(draft.path))")
        }
    }

    /// Commits a draft file as it is, without an editor; removes it once committed. A draft whose
    /// entry is already in history (its commit landed, then the command was killed) is removed.
    public func addDraft(at path: String, clock: Clock, writer: CommitWriter) throws -> WrittenEntry? {
        try Drafts(journal: self).requireDraft(path)
        guard let draft = Drafts(journal: self).take(path) else {
            throw JournalError.locked("\(path) is open in another journal command")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.badInput("cannot read draft \(path)")
        }
        var input = try EditorBuffer.parse(String(decoding: data, as: UTF8.self))
        guard !EditorBuffer.isEmpty(input) else { throw JournalError.badInput("the draft \(path) is empty") }
        let id = Drafts.entryID(of: path) ?? EntryID.make(at: clock.now)
        if let id = Drafts.entryID(of: path),
            try translatingGitErrors(
                "cannot read the journal's history", as: JournalError.journal, { try HistoryCache.containsEntry(id, in: repository) })
        {
            draft.discard()
            return nil
        }
        // The entry was written when its draft was made; the name says when.
        let millis = Double(path.split(separator: "/").last?.split(separator: "-").first ?? "") ?? clock.now.timeIntervalSince1970 * 1000
        let writtenAt = min(clock.now, Date(timeIntervalSince1970: millis / 1000))
        // An entry counts for the day it was written, not the day it is recovered.
        if input.date == nil {
            input.date = Clock(now: writtenAt, timeZone: clock.timeZone).today(startsAt: try settings().dayStartsAt).iso
        }
        let entry = try input.entry(today: today(clock: clock), writtenAt: writtenAt, id: id)
        let written = try write(entry, clock: Clock(now: clock.now, timeZone: clock.timeZone), writer: writer)
        draft.discard()
        return written
    }

    /// What `recoverDrafts` did with each draft.
    public struct Recovery {
        public var committed: [WrittenEntry] = []
        /// Drafts whose commit had landed before the command that wrote them was stopped.
        public var alreadyCommitted: [String] = []
        /// Drafts that could not be committed (in use, or not a valid entry), with why.
        public var kept: [(path: String, reason: String)] = []
    }

    /// Commits every entry draft left by interrupted commands, oldest first, each exactly once.
    public func recoverDrafts(clock: Clock, writer: CommitWriter) throws -> Recovery {
        var result = Recovery()
        try writer.tidy()
        for path in Drafts(journal: self).list() {
            guard Drafts.entryID(of: path) != nil else {
                result.kept.append((path, "an edit of a day file: open it and copy what you need into journal edit"))
                continue
            }
            do {
                if let written = try addDraft(at: path, clock: clock, writer: writer) {
                    result.committed.append(written)
                } else {
                    result.alreadyCommitted.append(path)
                }
            } catch let error as JournalError {
                result.kept.append((path, error.description))
            }
        }
        return result
    }

    /// Entry drafts that no live command holds: what `journal recover` would commit.
    public func recoverableDrafts() -> [String] {
        let drafts = Drafts(journal: self)
        return drafts.list().filter { path in
            guard Drafts.entryID(of: path) != nil, let handle = drafts.take(path) else { return false }
            handle.release()
            return true
        }
    }
}
