import Foundation
import GitKit

/// The result of writing one entry.
public struct WrittenEntry {
    public let entry: Entry
    public let commit: ObjectID
    public let dayFile: String
    public let warning: String?
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
            [FileUpdate(path: file) { current in
                try DayFileRendering.append(section: section, to: current, day: entry.date, templates: templates)
            }],
            message: CommitProtocol.message(for: entry),
            authorDate: authorDate ?? entry.writtenAt, authorZone: clock.timeZone,
            committerDate: authorDate == nil ? clock.now : authorDate)
        return WrittenEntry(entry: entry, commit: outcome.commit, dayFile: file, warning: outcome.warning)
    }

    /// Checks `input` and writes it. When the commit fails, the entry is kept as a draft and the
    /// error says where; an input error changes nothing.
    public func add(_ input: EntryInput, clock: Clock, writer: CommitWriter) throws -> WrittenEntry {
        let entry = try input.entry(today: today(clock: clock), writtenAt: clock.now, id: EntryID.make(at: clock.now))
        do {
            return try write(entry, clock: clock, writer: writer)
        } catch let error as JournalError {
            guard !(input.body ?? "").isEmpty else { throw error }
            // A body may have come from stdin, where it cannot be typed again: keep it.
            let path = try Drafts(journal: self).save(EditorBuffer.serialise(input), at: clock.now)
            throw JournalError.failed("\(error.description) (the entry is kept in \(path); add it later with journal add --draft \(path))")
        }
    }

    /// The editor flow: the template (or an existing draft) is edited in `.journal/drafts/`, then
    /// committed. Returns nil when the user wrote nothing. The draft is removed only after the commit.
    public func addWithEditor(_ input: EntryInput, kind: String, draftPath existing: String? = nil, clock: Clock,
                              writer: CommitWriter, edit: (String) throws -> Void) throws -> WrittenEntry? {
        let drafts = Drafts(journal: self)
        let path: String
        if let existing {
            path = existing
        } else {
            let text = try EditorBuffer.render(kind: kind, input: input, templates: Templates(journalRoot: root))
            path = try drafts.save(text, at: clock.now)
        }
        let template = FileManager.default.contents(atPath: path)
        do {
            try edit(path)
        } catch {
            throw JournalError.failed("the editor failed (\(error)); what you typed is kept in \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.failed("the draft \(path) disappeared while editing; nothing was committed")
        }
        let edited: EntryInput
        do {
            edited = try EditorBuffer.parse(String(decoding: data, as: UTF8.self), base: EntryInput(date: input.date))
        } catch let error as JournalError {
            throw JournalError.badInput("\(error.description); your text is kept in \(path) (fix it, then journal add --draft \(path))")
        }
        if EditorBuffer.isEmpty(edited) || (existing == nil && data == template && (input.title ?? "").isEmpty) {
            drafts.remove(path)
            return nil
        }
        do {
            let entry = try edited.entry(today: today(clock: clock), writtenAt: clock.now, id: EntryID.make(at: clock.now))
            let written = try write(entry, clock: clock, writer: writer)
            drafts.remove(path)
            return written
        } catch let error as JournalError {
            throw JournalError.failed("\(error.description); your text is kept in \(path) (fix it, then journal add --draft \(path))")
        }
    }

    /// Commits a draft file as it is, without an editor; removes it once committed.
    public func addDraft(at path: String, clock: Clock, writer: CommitWriter) throws -> WrittenEntry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.badInput("cannot read draft \(path)")
        }
        let input = try EditorBuffer.parse(String(decoding: data, as: UTF8.self))
        guard !EditorBuffer.isEmpty(input) else { throw JournalError.badInput("the draft \(path) is empty") }
        let entry = try input.entry(today: today(clock: clock), writtenAt: clock.now, id: EntryID.make(at: clock.now))
        let written = try write(entry, clock: clock, writer: writer)
        Drafts(journal: self).remove(path)
        return written
    }
}
