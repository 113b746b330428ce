import ArgumentParser
import Foundation
import JournalKit

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit a day's file in $VISUAL or $EDITOR; the change is committed on save.",
        discussion: "Examples: journal edit; journal edit yesterday"
    )

    @Argument(help: "YYYY-MM-DD, today, yesterday, N days ago, a weekday name or last WEEKDAY. Default: today.")
    var date: String?

    @OptionGroup var journalOptions: JournalOptions

    func run() throws {
        try CLI.run(writes: true) {
            let journal = try journalOptions.open()
            try CLI.console.requireEditor()
            let writer = try journal.writer(environment: CLI.environment)
            let today = try journal.today(clock: CLI.clock)
            let day = try date.map { try DateInput.parse($0, today: today, option: "date") } ?? today
            if let edit = try journal.editDay(day, clock: CLI.clock, writer: writer, edit: CLI.edit) {
                CLI.print("Committed the edit of \(day.iso)" + CLI.style.dim("  [\(edit.commit.short)]") + "\n")
                for change in edit.changes { CLI.print("  \(change)\n") }
            } else {
                CLI.printError("journal: \(day.iso) unchanged, nothing committed")
            }
            return journal
        }
    }
}
