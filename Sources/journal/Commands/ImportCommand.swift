import ArgumentParser
import Foundation
import JournalKit

extension ImportSource: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import entries from jrnl's JSON export or a folder of daily Markdown notes.",
        discussion: """
            Each entry becomes one backdated commit (Entry-Date and author date), with its tags, and \
            hours from an Hours: line or a front-matter field. Importing the same file again adds \
            nothing: entries get ids derived from source and content. A malformed file is refused \
            before anything is committed. Examples: jrnl --export json > jrnl.json && journal import --from jrnl jrnl.json; \
            journal import --from markdown ~/notes/daily
            """
    )

    @Option(
        help:
            "What to import: jrnl (a file of jrnl --export json), markdown (a folder of YYYY-MM-DD.md notes) or journal (a file of journal export --format json)."
    )
    var from: ImportSource

    @Argument(help: "The file (jrnl) or folder (markdown) to import.")
    var path: String

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run(writes: !output.json) {
            let journal = try journalOptions.open()
            let source = Journal.location(option: path, environment: CLI.environment)
            let report = try journal.importEntries(
                from: source, source: from, clock: CLI.clock, writer: journal.writer(environment: CLI.environment),
                progress: CLI.progress("Importing"))
            CLI.print(output.json ? try ImportRendering.json(report) : ImportRendering.text(report, source: from))
            if !output.json { for note in ImportRendering.notes(report) { CLI.printError("journal: \(note)") } }
            return journal
        }
    }
}
