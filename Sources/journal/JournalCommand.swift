import ArgumentParser
import Foundation
import JournalKit

@main
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "A learning journal in git: daily entries, hours, papers and shipped work.",
        discussion: """
            Each entry is one commit in a git repository, appended to that day's Markdown file under entries/. Statistics are read from commit history.

            The journal: --journal PATH or -C PATH (before or after the command), else $JOURNAL_DIR, else \
            the journal holding the current folder, else ~/journal. A command that writes elsewhere than \
            ~/journal says where on stderr. Exit codes: 0 done, 1 failed, 64 bad input, 65 a conflict to \
            resolve by hand, 66 no usable journal, 69 a remote that failed, 75 busy (try again).
            """,
        version: JournalVersion.text,
        subcommands: [
            StatusCommand.self, InitCommand.self, AddCommand.self, AmendCommand.self, DeleteCommand.self, CheckCommand.self,
            ShowCommand.self, LogCommand.self, SearchCommand.self, ExportCommand.self, EditCommand.self,
            StreakCommand.self, HoursCommand.self, HeatmapCommand.self, PapersCommand.self, RestCommand.self,
            RecoverCommand.self, RemoteCommand.self, SyncCommand.self, CloneCommand.self, ImportCommand.self, ConfigCommand.self,
            DemoCommand.self,
            ReviewCommand.self, PublishCommand.self,
        ],
        defaultSubcommand: StatusCommand.self
    )

    /// Like the parser's own main, but a usage error is one line on stderr (`journal: ...`),
    /// as every other error is; help and version print as usual.
    static func main() {
        do {
            var command = try parseAsRoot(GlobalArguments.reorder(Array(CommandLine.arguments.dropFirst())))
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
