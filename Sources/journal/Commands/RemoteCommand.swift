import ArgumentParser
import Foundation
import GitKit
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
                let remotes = try journalOptions.open().remotes()
                if output.json {
                    CLI.print(try JSONOutput.encode(remotes.map { ["name": $0.name, "url": RemoteURL.redact($0.url)] }))
                } else if remotes.isEmpty {
                    CLI.print("No remotes; add one with journal remote add URL\n")
                } else {
                    for remote in remotes { CLI.print("\(remote.name)\t\(RemoteURL.redact(remote.url))\n") }
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a remote (named origin unless --name says otherwise).")
        @Argument(help: "Where the journal syncs to.") var url: String
        @Option(help: "The remote's name.") var name = "origin"
        @OptionGroup var journalOptions: JournalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLI.run {
                let remote = try journalOptions.open().addRemote(url: url, name: name)
                CLI.print(output.json ? try JSONOutput.encode(["name": remote.name, "url": remote.url])
                                      : "Added remote \(remote.name): \(remote.url)\nSend the journal there with: journal sync\n")
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote (nothing on the server changes).")
        @Argument(help: "The remote's name.") var name: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run {
                try journalOptions.open().removeRemote(name: name)
                CLI.print("Removed remote \(name)\n")
            }
        }
    }

    struct SetURL: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-url", abstract: "Change the URL of a remote.")
        @Argument(help: "The remote's name.") var name: String
        @Argument(help: "Its new URL.") var url: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run {
                let remote = try journalOptions.open().setRemoteURL(name: name, url: url)
                CLI.print("Remote \(remote.name) is now \(remote.url)\n")
            }
        }
    }
}
