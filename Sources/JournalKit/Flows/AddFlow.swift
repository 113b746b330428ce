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
    /// Where the body comes from, as typed: `-` for standard input, else a file's path.
    public var bodyFile: String?

    public init(
        input: EntryInput, template: EntryTemplate? = nil, openEditor: Bool = false, draft: String? = nil, bodyFile: String? = nil
    ) {
        self.input = input
        self.template = template
        self.openEditor = openEditor
        self.draft = draft
        self.bodyFile = bodyFile
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
    /// `journal add`: with a title, writes the entry at once (the body from `--body`, or from
    /// `--body-file`, `-` meaning standard input); with no title and a standard input that is not
    /// a terminal, the first line read is the title and the rest the body, as jrnl does; with no
    /// title, or `openEditor`, through the editor on a terminal; with a draft, commits that draft
    /// (through the editor on a terminal). Standard input is read only in those two cases, so a
    /// `while read` loop around `journal add "$t"` keeps its lines.
    public func add(_ request: AddRequest, console: Console) throws -> AddOutcome {
        let writer = try writer(environment: console.environment)
        let clock = console.clock
        let kind = request.resolvedTemplate.rawValue
        _ = try Templates(journalRoot: root).source(kind)  // a broken override is refused even with a title
        var input = request.input
        if let bodyFile = request.bodyFile {
            guard input.body == nil else { throw JournalError.badInput("give the body with --body or --body-file, not both") }
            input.body = try AddRequest.readBody(bodyFile, console: console)
        }
        if let typed = request.draft {
            let path = console.path(typed)
            if console.stdinIsTerminal {
                return outcome(try addWithEditor(input, kind: kind, draftPath: path, clock: clock, writer: writer, edit: console.edit))
            }
            guard let committed = try addDraft(at: path, clock: clock, writer: writer) else { return .draftAlreadyCommitted }
            return .written(committed)
        }
        if request.openEditor && !console.stdinIsTerminal {
            throw JournalError.badInput("--edit: the editor needs a terminal; give the body with --body or --body-file instead")
        }
        if (input.title ?? "").isEmpty && !console.stdinIsTerminal && request.bodyFile != "-" {
            // As jrnl: the first line is the title, the rest the body.
            let text = console.readStandardInput()
            let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            let title = lines.first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard !title.isEmpty else {
                throw JournalError.badInput(
                    "no title: give one, e.g. journal add \"Read the LoRA paper\", or pipe the entry in (first line the title)")
            }
            input.title = title
            if input.body == nil, lines.count > 1 { input.body = String(lines[1]) }
            return .written(try add(input, clock: clock, writer: writer))
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
        return .written(try add(input, clock: clock, writer: writer))
    }

    private func outcome(_ written: WrittenEntry?) -> AddOutcome {
        written.map { .written($0) } ?? .nothingWritten
    }
}

extension AddRequest {
    /// The body from `--body-file`: standard input for `-`, else the file (UTF-8, at most 1 MiB).
    static func readBody(_ typed: String, console: Console) throws -> String {
        if typed == "-" { return console.readStandardInput() }
        let path = console.path(typed)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError.badInput("--body-file: cannot read \(path)")
        }
        guard data.count <= 1 << 20 else { throw JournalError.badInput("--body-file: \(path) is over 1 MiB") }
        return String(decoding: data, as: UTF8.self)
    }
}
