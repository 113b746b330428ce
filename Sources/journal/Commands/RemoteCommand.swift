import ArgumentParser
import Foundation
import JournalKit

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "List, add, remove or change the remotes the journal syncs with.",
        discussion: """
            URLs: a local path, file://, git://, http://, https://, ssh://user@host:port/path or user@host:path. \
            A URL with a password in it is refused: put a token in JOURNAL_GIT_TOKEN instead. \
            Example: journal remote add git@github.com:me/journal.git
            """,
        subcommands: [List.self, Add.self, Remove.self, SetURL.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the remotes and their URLs.")
        @OptionGroup var journalOptions: JournalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLI.run {
                let journal = try journalOptions.open()
                let remotes = try journal.remotes()
                CLI.print(output.json ? try SyncRendering.json(remotes) : SyncRendering.text(remotes))
                return journal
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a remote (named origin unless --name says otherwise).")
        @Argument(help: "Where the journal syncs to.") var url: String
        @Option(help: "The remote's name.") var name = "origin"
        @OptionGroup var journalOptions: JournalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLI.run(writes: !output.json) {
                let journal = try journalOptions.open()
                CLI.print(try SyncRendering.added(try journal.addRemote(url: url, name: name), json: output.json))
                return journal
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote (nothing on the server changes).")
        @Argument(help: "The remote's name.") var name: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run(writes: true) {
                let journal = try journalOptions.open()
                try journal.removeRemote(name: name)
                CLI.print("Removed remote \(name)\n")
                return journal
            }
        }
    }

    struct SetURL: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-url", abstract: "Change the URL of a remote.")
        @Argument(help: "The remote's name.") var name: String
        @Argument(help: "Its new URL.") var url: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run(writes: true) {
                let journal = try journalOptions.open()
                let remote = try journal.setRemoteURL(name: name, url: url)
                CLI.print("Remote \(remote.name) is now \(RemoteURL.redact(remote.url))\n")
                return journal
            }
        }
    }
}
