import ArgumentParser
import Foundation
import JournalKit

@main
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "A learning journal in git: daily entries, hours, papers and shipped work.",
        discussion: """
            Each entry is one commit in a git repository (default ~/journal, or $JOURNAL_DIR, or --journal PATH), \
            appended to that day's Markdown file under entries/. Statistics are read from commit history.
            """,
        version: JournalVersion.text,
        subcommands: [
            StatusCommand.self, InitCommand.self, AddCommand.self, ShowCommand.self, LogCommand.self, EditCommand.self,
            StreakCommand.self, HoursCommand.self, HeatmapCommand.self, PapersCommand.self, RestCommand.self,
            RecoverCommand.self, RemoteCommand.self, SyncCommand.self, CloneCommand.self, ImportCommand.self, ConfigCommand.self,
            DemoCommand.self,
        ],
        defaultSubcommand: StatusCommand.self
    )

    /// Like the parser's own main, but a usage error is one line on stderr (`journal: ...`),
    /// as every other error is; help and version print as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                exit(withError: error)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            CLI.printError("journal: \(message)")
            Foundation.exit(code.rawValue)
        }
    }
}
