import ArgumentParser
import Foundation
import JournalKit

struct CloneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clone",
        abstract: "Start on another machine from a journal already on a remote.",
        discussion: """
            DIR defaults to $JOURNAL_DIR, else ~/journal. The --ssh-key, --known-hosts and --ca-file \
            given here are kept in this copy's .git/config (this machine only) for later syncs. \
            Example: journal clone git@github.com:me/journal.git ~/journal
            """
    )

    @Argument(help: "The remote journal's URL.") var url: String
    @Argument(help: "The folder to create (new or empty).") var directory: String?

    @Option(help: ArgumentHelp("Private key file for an SSH remote.", valueName: "path")) var sshKey: String?
    @Option(help: ArgumentHelp("Extra known_hosts file for an SSH remote.", valueName: "path")) var knownHosts: String?
    @Option(help: ArgumentHelp("Extra CA certificate file for a self-hosted HTTPS remote.", valueName: "path")) var caFile: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let path = Journal.location(option: directory, environment: CLI.environment)
            let absolute = { (raw: String?) in raw.map { Journal.location(option: $0, environment: CLI.environment) } }
            let settings = SyncSettings(sshKey: absolute(sshKey), knownHosts: absolute(knownHosts), caFile: absolute(caFile))
            let journal = try Journal.clone(
                url: url, to: path, settings: settings, environment: CLI.environment,
                progress: CLI.transferProgress())
            CLI.endProgress()
            CLI.print(try SyncRendering.cloned(journal, url: url, json: output.json))
            return journal
        }
    }
}
