import ArgumentParser
import Foundation
import JournalKit

/// The option every command takes to choose the journal.
struct JournalOptions: ParsableArguments {
    /// The journal's folder; default $JOURNAL_DIR, else ~/journal.
    @Option(name: .long, help: ArgumentHelp("The journal's folder (default: $JOURNAL_DIR, else ~/journal).", valueName: "path"))
    var journal: String?

    var location: String { Journal.location(option: journal, environment: ProcessInfo.processInfo.environment) }

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
            "Report as if today were this day (YYYY-MM-DD, yesterday, a weekday name); later entries are ignored.", valueName: "date"))
    var asOf: String?
}

/// `--since` and `--until`, checked against the report's today and against each other.
struct DayRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First day to include (YYYY-MM-DD, yesterday, a weekday name).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Last day to include.", valueName: "date"))
    var until: String?

    func resolve(today: Day) throws -> (since: Day?, until: Day?) {
        let from = try since.map { try DateInput.parse($0, today: today, option: "--since") }
        let to = try until.map { try DateInput.parse($0, today: today, option: "--until") }
        if let from, let to, from > to { throw JournalError.badInput("--since \(from.iso) is after --until \(to.iso)") }
        return (from, to)
    }
}
