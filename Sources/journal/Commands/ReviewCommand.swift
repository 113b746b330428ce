import ArgumentParser
import Foundation
import JournalKit

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "A week's or a month's learning as a write-up to post: numbers, shipped, papers, highlights, tags.",
        discussion: """
            Default: the last complete ISO week. Entries tagged private (or a tag in publish.exclude-tags) are left out. \
            Examples: journal review; journal review --month; journal review --weeks 2 --ending 2026-11-29; \
            journal review --short bluesky; journal review --save
            """
    )

    @Flag(help: "Review one ISO week (the default).")
    var week = false

    @Flag(help: "Review one calendar month.")
    var month = false

    @Option(help: "Review this many ISO weeks, up to 52.")
    var weeks: Int?

    @Option(help: ArgumentHelp("A day in the last week or month to review (default: the last complete one).", valueName: "date"))
    var ending: String?

    @Option(help: ArgumentHelp("Print one post that fits bluesky (300), mastodon (500) or x (280) characters.", valueName: "network"))
    var short: String?

    @Flag(help: "Write reviews/PERIOD.md and commit it (a review counts as no activity).")
    var save = false

    @Flag(name: .long, help: "Print JSON (keys documented in the README).")
    var json = false

    @OptionGroup var journalOptions: JournalOptions

    func validate() throws {
        if [week, month, weeks != nil].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --week, --month and --weeks")
        }
        if let weeks, !(1...52).contains(weeks) { throw ValidationError("--weeks must be between 1 and 52") }
        if let short, ReviewRendering.Network(rawValue: short.lowercased()) == nil {
            throw ValidationError("--short must be bluesky, mastodon or x")
        }
    }

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            let today = try journal.today(clock: CLI.clock)
            let end = try ending.map { try DateInput.parse($0, today: today, option: "--ending") }
            let kind: ReviewPeriod.Kind = month ? .month : weeks.map { .weeks($0) } ?? .week
            let period = ReviewPeriod(kind: kind, ending: end, today: today)
            let review = try journal.review(of: period)
            let markdown = ReviewRendering.markdown(review)
            let post = short.flatMap { ReviewRendering.Network(rawValue: $0.lowercased()) }.map { ReviewRendering.short(review, for: $0) }
            let saved =
                save
                ? try journal.saveReview(markdown, period: period, clock: CLI.clock, writer: journal.writer(environment: CLI.environment))
                : nil
            if json {
                CLI.print(try ReviewRendering.json(review, short: post, saved: saved))
            } else {
                CLI.print((post ?? markdown).hasSuffix("\n") ? (post ?? markdown) : (post ?? markdown) + "\n")
                if let saved {
                    CLI.printError(
                        saved.commit.map { "journal: saved \(saved.path)  [\($0.short)]" }
                            ?? "journal: \(saved.path) already holds this review")
                }
            }
            return journal
        }
    }
}
