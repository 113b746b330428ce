import ArgumentParser
import Foundation
import JournalKit

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read and change the journal's settings in .journal/config (committed, so they travel with it).",
        discussion: """
            Keys:
            \(SettingKey.all.map { "  \($0.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))
            """,
        subcommands: [Get.self, Set.self, Unset.self, List.self]
    )

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the value in effect of a setting (its default when unset).",
            discussion: "Example: journal config get goal.weekly-hours")
        @Argument(help: "The setting, e.g. goal.weekly-hours.", completion: Completions.settingKeys) var key: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run {
                let journal = try journalOptions.open()
                CLI.print(try journal.settingInEffect(key, today: journal.today(clock: CLI.clock)) + "\n")
                return journal
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a setting and commit the change (nothing when it already has that value).",
            discussion: "Example: journal config set streak.rest-days sat,sun")
        @Argument(help: "The setting, e.g. goal.weekly-hours.", completion: Completions.settingKeys) var key: String
        @Argument(help: "Its new value.") var value: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run(writes: true) {
                let journal = try journalOptions.open()
                let change = try journal.changeSetting(
                    key, to: value, clock: CLI.clock, writer: journal.writer(environment: CLI.environment))
                CLI.print(ChangeRendering.text(change, style: CLI.style))
                return journal
            }
        }
    }

    struct Unset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a setting (back to its default) and commit the change.")
        @Argument(help: "The setting.", completion: Completions.settingKeys) var key: String
        @OptionGroup var journalOptions: JournalOptions

        func run() throws {
            try CLI.run(writes: true) {
                let journal = try journalOptions.open()
                let change = try journal.changeSetting(key, to: nil, clock: CLI.clock, writer: journal.writer(environment: CLI.environment))
                CLI.print(ChangeRendering.text(change, style: CLI.style))
                return journal
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every setting and its value.")
        @OptionGroup var journalOptions: JournalOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            try CLI.run {
                let journal = try journalOptions.open()
                let rows = try journal.listSettings()
                CLI.print(output.json ? try ConfigRendering.json(rows) : ConfigRendering.text(rows, style: CLI.style))
                return journal
            }
        }
    }
}
