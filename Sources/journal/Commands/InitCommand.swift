import ArgumentParser
import Foundation
import JournalKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new journal: a git repository with entries/, .journal/config and a first commit.",
        discussion: "Example: journal init ~/journal"
    )

    /// Where to create it; default $JOURNAL_DIR, else ~/journal.
    @Argument(help: "The folder to create (new or empty). Default: $JOURNAL_DIR, else ~/journal.")
    var directory: String?

    /// A remote to push the new journal to at once.
    @Option(help: ArgumentHelp("A remote (named origin) to push the new journal to; see journal remote --help for URLs.", valueName: "url"))
    var remote: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let path = Journal.location(option: directory, environment: CLI.environment)
            let (journal, firstSync) = try Journal.initialize(
                at: path, remote: remote, console: CLI.console, progress: CLI.transferProgress())
            CLI.endProgress()
            CLI.print(try SyncRendering.initialized(journal, firstSync: firstSync, json: output.json))
            return journal
        }
    }
}
