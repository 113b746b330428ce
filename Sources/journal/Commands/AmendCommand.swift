import ArgumentParser
import Foundation
import JournalKit

struct AmendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Correct an entry: a new commit with its complete new state; its section is rewritten in place.",
        discussion: """
            ENTRY is last (the newest entry, the default), an Entry-Id, or the short id journal log prints. \
            Options not given keep their old values; --tag, --paper and --shipped replace the old lists. \
            History is never rewritten: the correction is a commit of its own, and the newest state wins.

            Examples:
              journal amend --hours 45m
              journal amend 01KB9V --title "Read the QLoRA paper" --tag papers --tag llm
              journal amend last --date yesterday
              journal amend 01KB9V --edit
            """
    )

    @Argument(help: "The entry: last (default), an Entry-Id or its short id.", completion: Completions.entryIDs) var entry: String =
        "last"
    @Option(help: ArgumentHelp("The new title.", valueName: "title")) var title: String?
    @Option(help: ArgumentHelp("The new time spent: 1.5, 1.5h, 90m or 1h30m.", valueName: "duration")) var hours: String?
    @Option(help: ArgumentHelp("The day it counts for.", valueName: "date")) var date: String?
    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag (replaces the old tags); repeat for more.", valueName: "tag"))
    var tags: [String] = []
    @Flag(help: "Remove every tag.") var noTags = false
    @Option(name: .customLong("paper"), help: ArgumentHelp("A paper read (replaces the old list).", valueName: "paper"))
    var papers: [String] = []
    @Option(name: .customLong("shipped"), help: ArgumentHelp("Something shown in public (replaces the old list).", valueName: "item"))
    var shipped: [String] = []
    @Option(help: ArgumentHelp("Read the new body from this file, or - for standard input.", valueName: "file")) var bodyFile: String?
    @Flag(help: "Open the entry in the editor.") var edit = false

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if noTags && !tags.isEmpty { throw ValidationError("--no-tags and --tag cannot go together") }
    }

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let body = try bodyFile.map { try CLI.readText(from: $0) }
            let request = AmendRequest(
                entry: entry, title: title, hours: hours, date: date, tags: tags, clearTags: noTags, papers: papers, shipped: shipped,
                body: body, openEditor: edit)
            let revision = try journal.amend(request, console: CLI.console)
            if let warning = revision.warning { CLI.printError("journal: \(warning)") }
            CLI.print(output.json ? try WriteRendering.json(revision) : WriteRendering.text(revision, style: CLI.style))
            return journal
        }
    }
}

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete an entry: a commit that marks it deleted; its section leaves its day file.",
        discussion: """
            ENTRY is last, an Entry-Id, or the short id journal log prints. On a terminal it asks first; \
            otherwise it needs --yes. The entry stays in history, so a deletion can be undone with git.
            Example: journal delete 01KB9V --yes
            """
    )

    @Argument(help: "The entry: last, an Entry-Id or its short id.", completion: Completions.entryIDs) var entry: String
    @Flag(help: "Delete without asking.") var yes = false

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            if !yes {
                guard CLI.stdinIsTerminal else {
                    throw JournalError.badInput("journal delete asks before deleting, which needs a terminal; add --yes")
                }
                let target = try journal.revisable(entry)
                CLI.print("Delete \"\(target.title)\" of \(target.date.iso)? [y/N] ")
                guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                    CLI.printError("journal: nothing deleted")
                    return journal
                }
            }
            let revision = try journal.delete(entry: entry, console: CLI.console)
            if let warning = revision.warning { CLI.printError("journal: \(warning)") }
            CLI.print(output.json ? try WriteRendering.json(revision) : WriteRendering.text(revision, style: CLI.style))
            return journal
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compare every day file with history and list where they disagree (exit 1 when they do).",
        discussion: """
            After any journal command the two agree. A disagreement comes from an edit journal has not read \
            yet (journal sync reads and commits it), or from a commit made by other means. \
            Example: journal check --json
            """
    )

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var disagree = false
        try CLI.run {
            let journal = try journalOptions.open()
            let found = try journal.check()
            disagree = !found.isEmpty
            CLI.print(output.json ? try WriteRendering.json(found) : WriteRendering.text(found))
            return journal
        }
        if disagree { throw ExitCode(1) }
    }
}
