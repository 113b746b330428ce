import ArgumentParser
import Foundation
import JournalKit

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write entries out as JSON, jrnl's JSON, Markdown or CSV, oldest first.",
        discussion: """
            json: every entry with all its fields; journal import --from journal FILE reads it back. \
            jrnl: jrnl's journal file format, which jrnl --import --file FILE reads; jrnl-json: what jrnl --export json \
            writes (journal import --from jrnl reads it); in both, hours go into the body as an Hours: line. markdown: one document, a heading per day. csv: date, title, hours, \
            tags, papers, shipped, one row per entry (RFC 4180). Written as entries are read.
            Examples: journal export > backup.json; journal export --format csv --since 2026-01 hours.csv; \
            journal export --format jrnl | jrnl --import
            """
    )

    @Option(help: "json, jrnl, jrnl-json, markdown or csv.")
    var format: ExportFormat = .json

    @OptionGroup var range: DayRangeOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Only entries with this tag.", valueName: "tag"))
    var tag: String?

    @Argument(help: "The file to write (replaced if it exists); - or nothing for standard output.")
    var file: String?

    @OptionGroup var journalOptions: JournalOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let (from, to) = try range.resolve(today: try journal.today(clock: CLI.clock))
            let handle: FileHandle
            var written: String?
            if let file, file != "-" {
                let path = Journal.location(option: file, environment: CLI.environment)
                guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
                    throw JournalError.failed("cannot write \(path)")
                }
                handle = opened
                written = path
            } else {
                handle = FileHandle.standardOutput
            }
            try journal.export(format, since: from, until: to, tag: tag, timeZone: CLI.clock.timeZone) { text in
                do { try handle.write(contentsOf: text) } catch {
                    throw JournalError.failed("cannot write \(written ?? "to standard output"): \(error.localizedDescription)")
                }
            }
            if let written {
                try? handle.close()
                CLI.printError("journal: wrote \(written)")
            }
            return journal
        }
    }
}
