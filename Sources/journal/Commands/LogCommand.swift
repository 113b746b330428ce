import ArgumentParser
import Foundation
import JournalKit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List entries, newest first, read from commit history.",
        discussion: "Examples: journal log --since monday; journal log --tag papers --json"
    )

    @Option(help: ArgumentHelp("Only entries on or after this day.", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only entries on or before this day.", valueName: "date"))
    var until: String?

    @Option(help: ArgumentHelp("Only entries with this tag.", valueName: "tag"))
    var tag: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let from = try since.map { try DateInput.parse($0, today: today, option: "--since") }
            let to = try until.map { try DateInput.parse($0, today: today, option: "--until") }
            let entries = try journal.history().filtered(since: from, until: to, tag: tag)
            if output.json {
                CLI.print(try EntryListing.json(entries))
            } else if entries.isEmpty {
                CLI.printError("journal: no entries match")
            } else {
                CLI.print(EntryListing.text(entries, style: CLI.style))
            }
        }
    }
}
