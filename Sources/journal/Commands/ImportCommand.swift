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

    @Option(help: "What to import: jrnl (a file of jrnl --export json) or markdown (a folder of YYYY-MM-DD.md notes).")
    var from: ImportSource

    @Argument(help: "The file (jrnl) or folder (markdown) to import.")
    var path: String

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let source = Journal.location(option: path, environment: CLI.environment)
            let report = try journal.importEntries(try from.read(source), source: from, clock: CLI.clock, writer: CLI.writer(for: journal),
                                                   progress: CLI.progress("Importing"))
            if output.json {
                struct Row: Encodable { let read: Int; let imported: Int; let already_there: Int; let commit: String?; let left_alone: [String] }
                CLI.print(try JSONOutput.encode(Row(read: report.read, imported: report.imported, already_there: report.alreadyThere,
                                                    commit: report.commit?.hex, left_alone: report.leftAlone)))
                return
            }
            var line = "Imported \(report.imported) of \(report.read) entries from \(from.rawValue)"
            if report.alreadyThere > 0 { line += "; \(report.alreadyThere) were imported before" }
            CLI.print(line + "\n")
            for path in report.leftAlone { CLI.printError("journal: left \(path) as you edited it; journal sync commits it") }
        }
    }
}
