import ArgumentParser
import Foundation
import JournalKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a day's Markdown.",
        discussion: "Examples: journal show; journal show yesterday; journal show 2026-11-02"
    )

    @Argument(help: "YYYY-MM-DD, today, yesterday or a weekday name. Default: today.")
    var date: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let day = try date.map { try DateInput.parse($0, today: today, option: "date") } ?? today
            let text = journal.dayText(day).map { String(decoding: $0, as: UTF8.self) }
            if output.json {
                struct Day: Encodable {
                    let date: String
                    let file: String
                    let markdown: String?

                    enum CodingKeys: String, CodingKey { case date, file, markdown }

                    func encode(to encoder: Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encode(date, forKey: .date)
                        try container.encode(file, forKey: .file)
                        try container.encode(markdown, forKey: .markdown)  // null for a day with no file
                    }
                }
                CLI.print(try JSONOutput.encode(Day(date: day.iso, file: Journal.dayFile(day), markdown: text)))
                return
            }
            guard let text else {
                CLI.printError("journal: nothing written on \(day.iso)")
                throw ExitCode(1)
            }
            CLI.print(text.hasSuffix("\n") ? text : text + "\n")
        }
    }
}
