import ArgumentParser
import Foundation
import JournalKit

/// The option every command takes to choose the journal; before the subcommand too
/// (`GlobalArguments.reorder` moves it after).
struct JournalOptions: ParsableArguments {
    /// The journal's folder; default $JOURNAL_DIR, else the journal holding the current folder, else ~/journal.
    @Option(
        name: [.customLong("journal"), .customShort("C")],
        help: ArgumentHelp(
            "The journal's folder (default: $JOURNAL_DIR, else the journal holding the current folder, else ~/journal). "
                + "Before or after the command.",
            valueName: "path"))
    var journal: String?

    var location: String {
        Journal.discover(
            option: journal, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    func open() throws -> Journal {
        try Journal.open(at: location)
    }
}

/// Options of commands that print something a script may read.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (keys documented in the README).")
    var json = false
}

/// Options of every report: `--json` and `--as-of`.
struct ReportOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (keys documented in the README).")
    var json = false

    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp(
            "Report as if today were this day (YYYY-MM-DD, yesterday, N days ago, a weekday name, last WEEKDAY); later entries are ignored.",
            valueName: "date"))
    var asOf: String?
}

/// `--since` and `--until`, checked against the report's today and against each other. A period
/// (`2026-11`, `2026`, `last week`...) means its first day as `--since` and its last as `--until`.
struct DayRangeOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: ArgumentHelp(
            "First day to include: YYYY-MM-DD, yesterday, N days ago, a weekday name, last WEEKDAY, "
                + "or the first day of YYYY-MM, YYYY, this week, last week, this month, last month, this year.",
            valueName: "date"))
    var since: String?

    @Option(
        name: [.short, .long],
        help: ArgumentHelp("Last day to include: the same forms (a period means its last day).", valueName: "date"))
    var until: String?

    func resolve(today: Day) throws -> (since: Day?, until: Day?) {
        let from = try since.map { try DateInput.range($0, today: today, option: "--since").first }
        // A period reaching past today ends today: nothing after it is written yet.
        let to = try until.map { min(try DateInput.range($0, today: today, option: "--until").last, today) }
        if let from, let to, from > to { throw JournalError.badInput("--since \(from.iso) is after --until \(to.iso)") }
        return (from, to)
    }
}
