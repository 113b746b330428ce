import ArgumentParser
import Foundation
import JournalKit

struct RestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rest",
        abstract: "Declare a rest day: it bridges the forgiving streak instead of breaking it.",
        discussion:
            "Recorded as a commit with a Rest-Day trailer. Examples: journal rest; journal rest tomorrow; journal rest 2026-12-24 --cancel"
    )

    @Argument(
        help: "YYYY-MM-DD, today, yesterday, tomorrow, N days ago, a weekday name or last WEEKDAY (default: today). Up to a year ahead.")
    var date: String?

    @Flag(help: "Take back a rest day: a declared one, or a planned weekday from streak.rest-days.")
    var cancel = false

    @OptionGroup var journalOptions: JournalOptions

    func run() throws {
        try CLI.run(writes: true) {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let day = try date.map { try DateInput.parse($0, today: today, option: "date", allowFuture: true) } ?? today
            let change = try journal.declareRest(
                day, cancel: cancel, clock: CLI.clock, writer: journal.writer(environment: CLI.environment))
            CLI.print(ChangeRendering.text(change, style: CLI.style))
            return journal
        }
    }
}
