import ArgumentParser
import Foundation
import JournalKit

struct HeatmapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heatmap",
        abstract: "A year of days (Mon..Sun by week), shaded by hours; rest and grace days marked.",
        discussion: """
            The text fits the terminal: as many weeks (up to 53) as $COLUMNS, else the terminal's width, else 80 \
            columns hold; --weeks overrides. JSON and SVG show 53 weeks unless --weeks says otherwise.
            Examples: journal heatmap; journal heatmap --weeks 26; journal heatmap --svg year.svg; journal heatmap --svg - > year.svg
            """
    )

    @Option(help: "How many weeks to show, up to 260 (default: what fits the terminal, at most 53).")
    var weeks: Int?

    @Option(help: ArgumentHelp("Write a standalone SVG calendar to this file; - writes it to standard output.", valueName: "file"))
    var svg: String?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let weeks, !(1...260).contains(weeks) { throw ValidationError("--weeks must be between 1 and 260") }
        if svg == "-", report.json { throw ValidationError("--svg - and --json both write to standard output; choose one") }
    }

    func run() throws {
        try CLI.run {
            let context = try ReportContext(journal: journalOptions, report: report)
            let activity = try context.activity()
            let shown = weeks ?? (report.json || svg != nil ? 53 : HeatmapRendering.weeksThatFit(columns: CLI.terminalColumns))
            let map = Heatmap(activity: activity, streaks: Streaks(activity), weeks: shown)
            if svg == "-" {
                CLI.print(HeatmapRendering.svg(map))
            } else if let svg {
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
