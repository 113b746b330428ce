import ArgumentParser
import Foundation
import JournalKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Today at a glance: done or pending, streaks, this week's hours, papers and shipped work.",
        discussion:
            "The default command; it also says when drafts wait in .journal/drafts/ and how to commit them. Examples: journal; journal status --as-of 2026-11-01; journal status --json"
    )

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func run() throws {
        try CLI.run(mentionDrafts: report.json) {
            let context = try ReportContext(journal: journalOptions, report: report)
            let status = StatusReport(activity: try context.activity(), settings: context.settings)
            let sync = try context.journal.syncState()
            let handEdits = try context.journal.waitingHandEdits()
            CLI.print(
                report.json
                    ? try StatusRendering.json(status, sync: sync, handEdits: handEdits)
                    : StatusRendering.text(status, sync: sync, handEdits: handEdits, style: CLI.style))
            if !report.json, let drafts = context.journal.waitingDraftsNote() { CLI.print(drafts + "\n") }
            return context.journal
        }
    }
}
