import ArgumentParser
import Foundation
import JournalKit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Entries whose title, body, tags, papers or shipped items match, newest first.",
        discussion: """
            The pattern is plain text unless -E makes it a regular expression; -i ignores case. On a \
            terminal the matches are highlighted, and body lines that match are shown beneath their entry. \
            Reads the history cache, like journal log. --json prints what journal log --json prints.
            Examples: journal search LoRA; journal search -i "fine-tun(e|ing)" -E --since 2026-01; journal search rag -t llm --json
            """
    )

    @Argument(help: "The text to look for.")
    var pattern: String

    @Option(name: [.short, .long], help: ArgumentHelp("Only entries with this tag.", valueName: "tag"))
    var tag: String?

    @OptionGroup var range: DayRangeOptions

    @Flag(name: [.short, .customLong("ignore-case")], help: "Ignore case.")
    var ignoreCase = false

    @Flag(name: [.customShort("E"), .customLong("regex")], help: "Read the pattern as a regular expression.")
    var regex = false

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let search = try EntrySearch(pattern: pattern, ignoreCase: ignoreCase, regex: regex)
            let journal = try journalOptions.open()
            let (from, to) = try range.resolve(today: try journal.today(clock: CLI.clock))
            let written = try journal.writeSearch(search, since: from, until: to, tag: tag, json: output.json, style: CLI.style) {
                CLI.write($0, to: .standardOutput)
            }
            if written == 0 && !output.json { CLI.printError("journal: no entries match \(pattern)") }
            return journal
        }
    }
}
