import Foundation

/// The editor templates an entry can start from (`journal add --template`).
public enum EntryTemplate: String, CaseIterable, Sendable {
    case daily, paper, shipped
}

/// `journal add` as the user asked for it: the fields as typed and how to write them.
public struct AddRequest {
    public var input: EntryInput
    /// The editor's template; by default `paper` with papers, `shipped` with shipped items, else `daily`.
    public var template: EntryTemplate?
    /// Open the editor even with a title given.
    public var openEditor: Bool
    /// A draft in `.journal/drafts/` to commit, as the user typed its path.
    public var draft: String?

    public init(input: EntryInput, template: EntryTemplate? = nil, openEditor: Bool = false, draft: String? = nil) {
        self.input = input
        self.template = template
        self.openEditor = openEditor
        self.draft = draft
    }

    var resolvedTemplate: EntryTemplate {
        template ?? (!input.shipped.isEmpty ? .shipped : !input.papers.isEmpty ? .paper : .daily)
    }
}

/// What `journal add` did.
public enum AddOutcome {
    case written(WrittenEntry)
    /// The draft's entry was committed before (its command was stopped after the commit); the
    /// draft was removed.
    case draftAlreadyCommitted
    /// The editor was left without an entry: nothing was written.
    case nothingWritten
}

extension Journal {
    /// `journal add`: with a title, writes the entry at once (the body from standard input when
    /// that is not a terminal and no body was given); with no title, or `openEditor`, through the
    /// editor on a terminal; with a draft, commits that draft (through the editor on a terminal).
    public func add(_ request: AddRequest, console: Console) throws -> AddOutcome {
        let writer = try writer(environment: console.environment)
        let clock = console.clock
        let kind = request.resolvedTemplate.rawValue
        _ = try Templates(journalRoot: root).source(kind)  // a broken override is refused even with a title
        var input = request.input
        if let typed = request.draft {
            let path = console.path(typed)
            if console.stdinIsTerminal {
                return outcome(try addWithEditor(input, kind: kind, draftPath: path, clock: clock, writer: writer, edit: console.edit))
            }
            guard let committed = try addDraft(at: path, clock: clock, writer: writer) else { return .draftAlreadyCommitted }
            return .written(committed)
        }
        if request.openEditor || (input.title ?? "").isEmpty {
            guard console.stdinIsTerminal else {
                throw JournalError.badInput(
                    "no title: give one, e.g. journal add \"Read the LoRA paper\" (the editor opens only on a terminal)")
            }
            // Check the flags before the editor opens, so a typo does not cost the text typed.
            var check = input
            check.title = "check"
            _ = try check.entry(today: today(clock: clock), writtenAt: clock.now)
            return outcome(try addWithEditor(input, kind: kind, clock: clock, writer: writer, edit: console.edit))
        }
        if input.body == nil, !console.stdinIsTerminal {
            input.body = console.readStandardInput()
        }
        return .written(try add(input, clock: clock, writer: writer))
    }

    private func outcome(_ written: WrittenEntry?) -> AddOutcome {
        written.map { .written($0) } ?? .nothingWritten
    }
}
