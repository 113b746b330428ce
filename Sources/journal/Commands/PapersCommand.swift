import ArgumentParser
import Foundation
import JournalKit

struct PapersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "papers",
        abstract: "Papers read in a year, by month, against goal.yearly-papers.",
        discussion: "A paper read twice in a year counts once. Examples: journal papers; journal papers --year 2025 --json"
    )

    @Option(help: "The year (default: this year).")
    var year: Int?

    @OptionGroup var journalOptions: JournalOptions
    @OptionGroup var report: ReportOptions

    func validate() throws {
        if let year, !(1970...9999).contains(year) { throw ValidationError("--year \(year) is not a year") }
    }

    func run() throws {
        try CLI.run {
            let context = try ReportContext(journal: journalOptions, report: report)
            let papers = PapersReport(
                activity: try context.activity(), year: year ?? context.today.year, configuredGoal: context.settings.yearlyPapers)
            CLI.print(report.json ? try PapersRendering.json(papers) : PapersRendering.text(papers, style: CLI.style))
            return context.journal
        }
    }
}
