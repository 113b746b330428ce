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
            let journal = try Journal.create(at: path, authorship: authorship, clock: CLI.clock)
            if output.json {
                CLI.print(try JSONOutput.encode(["journal": journal.root]))
            } else {
                CLI.print("Created a journal at \(journal.root)\nWrite the first entry: journal add \"What I worked on\" --hours 1\n")
            }
        }
    }
}
