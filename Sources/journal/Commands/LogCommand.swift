import ArgumentParser
import Foundation
import JournalKit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List entries, newest first, read from commit history.",
        discussion: "Examples: journal log --since monday; journal log --tag papers --json"
    )

    @OptionGroup var range: DayRangeOptions

    @Option(help: ArgumentHelp("Only entries with this tag.", valueName: "tag"))
    var tag: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let (from, to) = try range.resolve(today: today)
            let history = try journal.history()
            let entries = history.filtered(since: from, until: to, tag: tag)
            let shortIDs = ShortIDs(history)
            if output.json {
                try EntryListing.json(entries, shortIDs: shortIDs) { CLI.print($0) }
            } else if entries.isEmpty {
                CLI.printError("journal: no entries match")
            } else {
                EntryListing.text(entries, shortIDs: shortIDs, style: CLI.style) { CLI.print($0) }
            }
            return journal
        }
    }
}
