import ArgumentParser
import Foundation
import GitKit
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
            let authorship: Authorship
            do {
                authorship = try Authorship.resolve(environment: CLI.environment, config: ConfigSnapshot.userDefaults())
            } catch let error as GitError {
                throw JournalError.failed("cannot read git configuration: \(error.message)")
            }
            // The URL is checked before anything is created.
            if let remote { _ = try RemoteURL.parse(remote) }
            let journal = try Journal.create(at: path, authorship: authorship, clock: CLI.clock)
            CLI.opened = journal
            if !output.json {
                CLI.print("Created a journal at \(journal.root)\nWrite the first entry: journal add \"What I worked on\" --hours 1\n")
            }
            var sent: SyncReport?
            if let remote {
                try journal.addRemote(url: remote)
                do {
                    sent = try CLI.sync(journal)
                } catch let error as JournalError {
                    throw JournalError.remote("the journal was created and origin added, but the first sync failed: \(error.description)")
                }
                if !output.json { CLI.print("Pushed it to \(RemoteURL.redact(remote)); journal sync keeps it there\n") }
            }
            if output.json {
                var row = ["journal": journal.root]
                if let sent { row["remote"] = sent.url }
                CLI.print(try JSONOutput.encode(row))
            }
        }
    }
}
