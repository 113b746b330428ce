import ArgumentParser
import Foundation
import JournalKit

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Write an entry: append it to the day's file and commit it.",
        discussion: """
        With a title, the entry is written at once; its body is read from standard input when that is not a terminal. \
        With no title on a terminal, $VISUAL or $EDITOR opens on the day's template (see --template).

        Examples:
          journal add "Read the LoRA paper" --hours 1.5 --tag papers \\
            --paper "LoRA <https://arxiv.org/abs/2106.09685>"
          journal add "Paper club: RLHF" --hours 90m --date yesterday
          echo "notes..." | journal add "Fine-tuning runs" --hours 2 --tag llm
          journal add "Shipped my RAG demo" --hours 1 \\
            --shipped "RAG demo <https://example.org/rag>"
          journal add --template paper      (opens the editor)
        """
    )

    @Argument(help: "The entry's title, one line. Leave out to write in your editor.")
    var title: String?

    @Option(name: .long, help: ArgumentHelp("Time spent: 1.5, 1.5h, 90m or 1h30m (more than 0, at most 24 h).", valueName: "duration"))
    var hours: String?

    @Option(name: .long, help: ArgumentHelp("The day it counts for: YYYY-MM-DD, today, yesterday or a weekday name (the most recent one). Not in the future.", valueName: "date"))
    var date: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag; repeat the option or separate with commas.", valueName: "tag"))
    var tags: [String] = []

    @Option(name: .customLong("paper"), help: ArgumentHelp("A paper read: \"Title <url>\". May repeat.", valueName: "paper"))
    var papers: [String] = []

    @Option(name: .customLong("shipped"), help: ArgumentHelp("Something shown in public: \"Title <url>\". May repeat.", valueName: "item"))
    var shipped: [String] = []

    @Option(name: .long, help: ArgumentHelp("The body text (instead of standard input).", valueName: "text"))
    var body: String?

    @Option(name: .long, help: ArgumentHelp("Template for the editor: daily, paper or shipped (default: paper with --paper, shipped with --shipped, else daily).", valueName: "name"))
    var template: String?

    @Flag(name: .long, help: "Open the editor even when a title is given.")
    var edit = false

    @Option(name: .long, help: ArgumentHelp("Commit one draft from .journal/drafts/ (opens the editor on it first on a terminal); journal recover commits them all.", valueName: "file"))
    var draft: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let writer = try CLI.writer(for: journal)
            let clock = CLI.clock
            var input = EntryInput(title: title, body: body, hours: hours, date: date, tags: tags, papers: papers, shipped: shipped)
            let kind = template ?? (!shipped.isEmpty ? "shipped" : !papers.isEmpty ? "paper" : "daily")
            _ = try Templates(journalRoot: journal.root).source(kind)  // a bad --template is refused even with a title
            let written: WrittenEntry?
            if let draft {
                let path = Journal.location(option: draft, environment: CLI.environment)
                if CLI.stdinIsTerminal {
                    written = try journal.addWithEditor(input, kind: kind, draftPath: path, clock: clock, writer: writer, edit: CLI.edit)
                } else {
                    guard let committed = try journal.addDraft(at: path, clock: clock, writer: writer) else {
                        CLI.printError("journal: that entry was already committed; removed its draft")
                        return
                    }
                    written = committed
                }
            } else if edit || (title ?? "").isEmpty {
                guard CLI.stdinIsTerminal else {
                    throw JournalError.badInput("no title: give one, e.g. journal add \"Read the LoRA paper\" (the editor opens only on a terminal)")
                }
                // Check the flags before the editor opens, so a typo does not cost the text typed.
                _ = try EntryInput(title: "check", hours: hours, date: date, tags: tags, papers: papers, shipped: shipped)
                    .entry(today: journal.today(clock: clock), writtenAt: clock.now)
                written = try journal.addWithEditor(input, kind: kind, clock: clock, writer: writer, edit: CLI.edit)
            } else {
                if body == nil, !CLI.stdinIsTerminal {
                    input.body = CLI.readStandardInput()
                }
                written = try journal.add(input, clock: clock, writer: writer)
            }
            guard let written else {
                CLI.printError("journal: nothing written, nothing committed")
                return
            }
            report(written)
        }
    }

    private func report(_ written: WrittenEntry) {
        if let warning = written.warning { CLI.printError("journal: \(warning)") }
        if !written.handEdits.isEmpty {
            CLI.printError("journal: also committed your edits to \(written.handEdits.joined(separator: ", "))")
        }
        let entry = written.entry
        if output.json {
            struct Row: Encodable {
                let id, date, title, commit, file: String
                let hours: Double?
                let tags: [String]

                enum CodingKeys: String, CodingKey { case id, date, title, commit, file, hours, tags }

                func encode(to encoder: Encoder) throws {
                    var container = encoder.container(keyedBy: CodingKeys.self)
                    for (key, value) in [(CodingKeys.id, id), (.date, date), (.title, title), (.commit, commit), (.file, file)] {
                        try container.encode(value, forKey: key)
                    }
                    try container.encode(hours, forKey: .hours)  // null when no hours were given
                    try container.encode(tags, forKey: .tags)
                }
            }
            let row = Row(id: entry.id, date: entry.date.iso, title: entry.title, commit: written.commit.hex,
                          file: written.dayFile, hours: entry.hours.map { ($0.value * 100).rounded() / 100 }, tags: entry.tags)
            CLI.print((try? JSONOutput.encode(row)) ?? "{}\n")
            return
        }
        let style = CLI.style
        var line = "Added \"\(entry.title)\" to \(entry.date.iso)"
        if let hours = entry.hours { line += " (\(hours) h)" }
        CLI.print(line + style.dim("  [\(written.commit.hex.prefix(8))]") + "\n")
    }
}
