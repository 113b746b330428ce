import ArgumentParser
import Foundation
import JournalKit

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Write an entry: append it to the day's file and commit it.",
        discussion: """
            With a title, the entry is written at once; its body comes from --body, or --body-file (- for standard input). \
            With no title and standard input not a terminal, the first line read is the title and the rest the body. \
            With no title on a terminal, $VISUAL or $EDITOR opens on the day's template (see --template).

            Examples:
              journal add "Read the LoRA paper" --hours 1.5 --tag papers \\
                --paper "LoRA <https://arxiv.org/abs/2106.09685>"
              journal add "Paper club: RLHF" --hours 90m --date yesterday
              echo "notes..." | journal add "Fine-tuning runs" --hours 2 -t llm -F -
              printf 'Title\nbody...\n' | journal add --hours 1
              while read t; do journal add "$t" --hours 0.5; done < titles.txt
              journal add "Shipped my RAG demo" --hours 1 \\
                --shipped "RAG demo <https://example.org/rag>"
              journal add --template paper      (opens the editor)
            """
    )

    @Argument(help: "The entry's title, one line. Leave out to write in your editor.")
    var title: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Time spent: 1.5, 1.5h, 90m, 90 min, 1h30m, 1h 30m, 1:30, 2 hrs, 2hours (more than 0, at most 24 h).",
            valueName: "duration"))
    var hours: String?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "The day it counts for: YYYY-MM-DD, today, yesterday, N days ago, a weekday name (the most recent one, today included) "
                + "or last WEEKDAY (before today). Not in the future.",
            valueName: "date"))
    var date: String?

    @Option(
        name: [.customShort("t"), .customLong("tag")],
        help: ArgumentHelp("A tag; repeat the option or separate with commas.", valueName: "tag"),
        completion: Completions.tags)
    var tags: [String] = []

    @Option(name: .customLong("paper"), help: ArgumentHelp("A paper read: \"Title <url>\". May repeat.", valueName: "paper"))
    var papers: [String] = []

    @Option(name: .customLong("shipped"), help: ArgumentHelp("Something shown in public: \"Title <url>\". May repeat.", valueName: "item"))
    var shipped: [String] = []

    @Option(name: .long, help: ArgumentHelp("The body text.", valueName: "text"))
    var body: String?

    @Option(
        name: [.customShort("F"), .customLong("body-file")],
        help: ArgumentHelp("Read the body from this file; - reads standard input.", valueName: "file"))
    var bodyFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Template for the editor: daily, paper or shipped (default: paper with --paper, shipped with --shipped, else daily).",
            valueName: "name"))
    var template: EntryTemplate?

    @Flag(name: .long, help: "Open the editor even when a title is given.")
    var edit = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Commit one draft from .journal/drafts/ (opens the editor on it first on a terminal); journal recover commits them all.",
            valueName: "file"))
    var draft: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run(writes: !output.json) {
            let journal = try journalOptions.open()
            let input = EntryInput(title: title, body: body, hours: hours, date: date, tags: tags, papers: papers, shipped: shipped)
            switch try journal.add(
                AddRequest(input: input, template: template, openEditor: edit, draft: draft, bodyFile: bodyFile), console: CLI.console)
            {
            case .written(let written):
                for note in WriteRendering.notes(written) { CLI.printError("journal: \(note)") }
                CLI.print(output.json ? try WriteRendering.json(written) : WriteRendering.text(written, style: CLI.style))
            case .draftAlreadyCommitted:
                CLI.printError("journal: that entry was already committed; removed its draft")
            case .nothingWritten:
                CLI.printError("journal: nothing written, nothing committed")
            }
            return journal
        }
    }
}

extension EntryTemplate: ExpressibleByArgument {}
