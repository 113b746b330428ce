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
        try CLI.run(mentionDrafts: false) {
            let journal = try journalOptions.open()
            let result = try journal.recoverDrafts(clock: CLI.clock, writer: CLI.writer(for: journal))
            if output.json {
                struct Row: Encodable { let committed: [String]; let already_committed: [String]; let kept: [[String: String]] }
                CLI.print(try JSONOutput.encode(Row(
                    committed: result.committed.map(\.entry.id), already_committed: result.alreadyCommitted,
                    kept: result.kept.map { ["path": $0.path, "reason": $0.reason] })))
                return
            }
            for written in result.committed {
                CLI.print("Recovered \"\(written.entry.title)\" on \(written.entry.date.iso)" + CLI.style.dim("  [\(written.commit.hex.prefix(8))]") + "\n")
            }
            if !result.alreadyCommitted.isEmpty {
                CLI.print("Removed \(result.alreadyCommitted.count) draft(s) whose entries were already committed\n")
            }
            for kept in result.kept {
                CLI.printError("journal: kept \(kept.path): \(kept.reason)")
            }
            if result.committed.isEmpty && result.alreadyCommitted.isEmpty && result.kept.isEmpty {
                CLI.print("Nothing to recover\n")
            }
        }
    }
}
