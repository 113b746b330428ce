import ArgumentParser
import Foundation
import JournalKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a day's Markdown.",
        discussion: "Examples: journal show; journal show yesterday; journal show 2026-11-02; journal show -d \"3 days ago\""
    )

    @Argument(help: "YYYY-MM-DD, today, yesterday, N days ago, a weekday name or last WEEKDAY. Default: today.")
    var date: String?

    @Option(name: [.customShort("d"), .customLong("date")], help: ArgumentHelp("The day, as the argument.", valueName: "date"))
    var dateOption: String?

    func validate() throws {
        if date != nil, dateOption != nil { throw ValidationError("give the day once: as the argument or with --date") }
    }

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let day = try (date ?? dateOption).map { try DateInput.parse($0, today: today, option: "date") } ?? today
            let text = journal.dayText(day).map { String(decoding: $0, as: UTF8.self) }
            if output.json {
                CLI.print(try WriteRendering.showJSON(day: day, markdown: text))
                return journal
            }
            guard let text else {
                CLI.printError("journal: nothing written on \(day.iso)")
                throw ExitCode(1)
            }
            CLI.print(text.hasSuffix("\n") ? text : text + "\n")
            return journal
        }
    }
}
