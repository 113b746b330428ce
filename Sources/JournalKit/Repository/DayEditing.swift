import Foundation
internal import GitKit

extension Journal {
    /// The Markdown of a day, from the working tree; nil when nothing was written that day.
    public func dayText(_ day: Day) -> Data? {
        FileManager.default.contents(atPath: path(Journal.dayFile(day)))
    }

    /// Edits a day file through a copy in drafts and commits it when it changed.
    /// Returns the commit, or nil when the file was left as it was.
    public func editDay(_ day: Day, clock: Clock, writer: CommitWriter, edit: (String) throws -> Void) throws -> DayEdit? {
        try requireWritable()
        let templates = Templates(journalRoot: root)
        let original = dayText(day)
        let starting = try original ?? Data(DayFileRendering.header(for: day, templates: templates).utf8)
        let draft = try Drafts(journal: self).create(
            starting,
            // A random part, so two edits in the same second each keep their own draft.
            name: "edit-\(day.iso)-\(Int(clock.now.timeIntervalSince1970))-\(String(UInt32.random(in: .min ... .max), radix: 16)).md")
        do {
            try edit(draft.path)
        } catch {
            draft.release()
            throw JournalError.failed("the editor failed (\(error)); your edit is kept in \(draft.path)")
        }
        guard let edited = FileManager.default.contents(atPath: draft.path) else {
            throw JournalError.failed("the file \(draft.path) disappeared while editing; nothing was committed")
        }
        if edited == starting {
            draft.discard()
            return nil
        }
        // Someone wrote to the day while the editor was open (journal add, a synced folder):
        // committing the copy would silently drop that, so keep the edit for the user instead.
        guard dayText(day) == original else {
            draft.release()
            throw JournalError.failed(
                "\(Journal.dayFile(day)) changed while you were editing; nothing was committed and your edit is kept in \(draft.path): run journal edit \(day.iso) again and copy it over"
            )
        }
        do {
            // The edit itself is no activity; what it changed in entries follows as their own commits.
            let outcome = try writer.commit(
                [FileUpdate(path: Journal.dayFile(day), readBack: true) { _ in edited }],
                message: CommitProtocol.message(
                    title: "Edit \(day.iso)", trailers: [(CommitProtocol.Key.entryDate, day.iso), (CommitProtocol.Key.handEdits, "1")]),
                authorDate: clock.now, authorZone: clock.timeZone, takeHandEdits: .around([day, Day(clock.now, in: clock.timeZone)]))
            draft.discard()
            return DayEdit(commit: CommitID(outcome.commit), changes: outcome.entryChanges.map(\.summary))
        } catch let error as JournalError {
            draft.release()
            throw JournalError.failed("\(error.description); your edit is kept in \(draft.path)")
        }
    }
}

/// What `journal edit` committed: the edit, and what it changed in entries.
public struct DayEdit {
    public let commit: CommitID
    /// One line per entry the edit amended, deleted or added (`amended "Title" (2026-11-29)`).
    public let changes: [String]
}
