import ArgumentParser
import Foundation
import JournalKit

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo journal of 26 weeks of learning from the built-in seeds and show it.",
        discussion: "Example: journal demo --keep /tmp/demo-journal && journal log --journal /tmp/demo-journal"
    )

    @Option(help: ArgumentHelp("Keep the demo journal in this (new or empty) folder instead of a temporary one.", valueName: "dir"))
    var keep: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        try CLI.run {
            let path =
                keep.map { Journal.location(option: $0, environment: CLI.environment) }
                ?? NSTemporaryDirectory() + "journal-demo-\(ProcessInfo.processInfo.processIdentifier)"
            defer { if keep == nil { try? FileManager.default.removeItem(atPath: path) } }
            let plan = try SeedPlan.builtIn()
            let journal = try DemoJournal.build(at: path, plan: plan, clock: CLI.clock, progress: CLI.progress("Writing demo entries"))
            let summary = try DemoSummary(history: journal.history(), today: journal.today(clock: CLI.clock))
            if output.json {
                CLI.print(try JSONOutput.encode(summary))
            } else {
                CLI.print(summary.text(style: CLI.style))
                CLI.print(keep != nil ? "\nThe demo journal is at \(journal.root)\n" : "\n(Use --keep DIR to keep the demo journal.)\n")
            }
            return nil
        }
    }
}
