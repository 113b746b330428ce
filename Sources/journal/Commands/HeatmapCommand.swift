import ArgumentParser
import Foundation
import JournalKit

struct HeatmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "A year of days (Mon..Sun by week), shaded by hours; rest and grace days marked.",
        discussion: "Examples: journal heatmap; journal heatmap --weeks 26; journal heatmap --svg year.svg"
    )

    @Option(help: "How many weeks to show, up to 260.")
    var weeks: Int = 53

    @Option(help: ArgumentHelp("Write a standalone SVG calendar to this file.", valueName: "file"))
    var svg: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        guard (1...260).contains(weeks) else { throw ValidationError("--weeks must be between 1 and 260") }
    }

    func run() throws {
        try CLI.run {
            let context = try ReportContext(journal: journalOptions, report: report)
            let activity = try context.activity()
            let map = Heatmap(activity: activity, streaks: Streaks(activity), weeks: weeks)
            if let svg {
                let path = Journal.location(option: svg, environment: CLI.environment)
                do {
                    try Data(HeatmapRendering.svg(map).utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw JournalError.failed("cannot write \(path): \(error.localizedDescription)")
                }
                if !report.json { CLI.print("Wrote \(path)\n") }
            }
            if report.json {
                CLI.print(try HeatmapRendering.json(map))
            } else if svg == nil {
                CLI.print(HeatmapRendering.text(map, style: CLI.style))
            }
            return context.journal
        }
    }
}
