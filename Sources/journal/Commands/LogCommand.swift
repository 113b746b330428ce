import ArgumentParser
import Foundation
import JournalKit

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List entries, newest first, read from commit history.",
        discussion:
            "Examples: journal log --since monday; journal log -s \"last month\" -u \"last month\"; journal log -n 5; journal log --tag papers --json"
    )

    @OptionGroup var range: DayRangeOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Only entries with this tag.", valueName: "tag"))
    var tag: String?

    @Option(name: .customShort("n"), help: ArgumentHelp("Only the newest N entries.", valueName: "N"))
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("-n must be at least 1") }
    }

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let (from, to) = try range.resolve(today: today)
            let written = try journal.writeLog(since: from, until: to, tag: tag, limit: limit, json: output.json, style: CLI.style) {
                CLI.write($0, to: .standardOutput)
            }
            if written == 0 && !output.json { CLI.printError("journal: no entries match") }
            return journal
        }
    }
}
