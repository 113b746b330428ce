import ArgumentParser
import Foundation
import JournalKit

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Commit day files edited by hand, fetch, merge and push.",
        discussion: """
            Day files from two machines merge by keeping both sides' lines; a push refused because the \
            remote moved is fetched, merged and retried. Nothing is ever force-pushed. When the remote \
            cannot be reached, every entry stays committed here and the next sync sends it. \
            Credentials: ssh-agent or sync.ssh-key (JOURNAL_SSH_PASSPHRASE) for SSH; JOURNAL_GIT_TOKEN \
            or git's credential helper for HTTPS. Example: journal sync
            """
    )

    @Option(help: "The remote to sync with (default: origin, or the only remote).", completion: Completions.remotes)
    var remote: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run(writes: !output.json) {
            let journal = try journalOptions.open()
            let report = try journal.sync(remote: remote, console: CLI.console, progress: CLI.transferProgress())
            CLI.endProgress()
            CLI.print(output.json ? try SyncRendering.json(report) : SyncRendering.text(report))
            if !output.json { for note in SyncRendering.notes(report) { CLI.printError("journal: \(note)") } }
            return journal
        }
    }
}
