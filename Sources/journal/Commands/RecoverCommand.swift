import ArgumentParser
import Foundation
import JournalKit

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Commit entries left in .journal/drafts/ by interrupted commands, each exactly once.",
        discussion: """
            Every entry waits in a draft while it is committed. If a command is killed or the machine \
            loses power, the draft stays; this commits it (or, if its commit had landed, removes it). \
            Drafts still open in another journal command are left alone. Example: journal recover
            """
    )

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run(mentionDrafts: false, writes: !output.json) {
            let journal = try journalOptions.open()
            let result = try journal.recoverDrafts(clock: CLI.clock, writer: journal.writer(environment: CLI.environment))
            CLI.print(output.json ? try WriteRendering.json(result) : WriteRendering.text(result, style: CLI.style))
            if !output.json {
                for kept in result.kept { CLI.printError("journal: kept \(kept.path): \(kept.reason)") }
            }
            return journal
        }
    }
}
