import ArgumentParser
import Foundation
import JournalKit

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the journal as a static site: heatmap, streaks, hours, days, tags, papers, shipped, reviews, stats.",
        discussion: """
            Entries tagged private (or a tag in publish.exclude-tags) never appear; bodies only for entries tagged public \
            unless publish.bodies is all. Examples: journal publish site/; journal publish --branch gh-pages --push; \
            journal publish site/ --base-url https://me.github.io/journal/ --title "Learning in public"
            """
    )

    /// DIR, and with `--push` the remote right after it (`--push origin`): at most two words.
    @Argument(
        help: ArgumentHelp(
            "The folder to write the site to (new, empty, or a site published before); with --push, the remote may follow (a lone word without / is the remote).",
            valueName: "dir"))
    var words: [String] = []

    @Option(help: ArgumentHelp("The site's address, for the feed, the sitemap and canonical links only.", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("The site's title (default: Learning journal).", valueName: "title"))
    var title: String?

    @Option(help: ArgumentHelp("Commit the site on this branch (built in memory; HEAD and the files are untouched).", valueName: "branch"))
    var branch: String?

    @Flag(help: "Push the --branch to a remote: --push [REMOTE] (default: origin, else the only one).")
    var push = false

    @Option(help: ArgumentHelp("The remote for --push (default: origin, else the only one).", valueName: "name"))
    var remote: String?

    @Option(help: ArgumentHelp("Write a CNAME file for this host (GitHub Pages).", valueName: "host"))
    var cname: String?

    @Flag(name: .long, help: "Print JSON (keys documented in the README).")
    var json = false

    @OptionGroup var journalOptions: JournalOptions

    func validate() throws {
        if words.count > (push ? 2 : 1) { throw ValidationError("too many arguments: give one folder\(push ? " and one remote" : "")") }
        if words.isEmpty && branch == nil { throw ValidationError("give a folder to write the site to, or --branch NAME") }
        if (push || remote != nil) && branch == nil { throw ValidationError("--push needs --branch") }
        if remote != nil && !push { throw ValidationError("--remote needs --push") }
        if remote != nil && words.count == 2 { throw ValidationError("give the remote after --push or with --remote, not both") }
        if let baseURL {
            let lower = baseURL.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !baseURL.contains(where: { $0.isWhitespace || $0 == "\"" })
            else {
                throw ValidationError("--base-url must be an http(s) address, e.g. https://me.github.io/journal/")
            }
        }
        if let title, title.isEmpty || title.contains(where: \.isNewline) || title.count > 200 {
            throw ValidationError("--title must be one line of at most 200 characters")
        }
        if let cname, cname.isEmpty || !cname.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) {
            throw ValidationError("--cname must be a host name, e.g. journal.example.org")
        }
    }

    func run() throws {
        try CLI.run {
            let journal = try journalOptions.open()
            // `--push origin`: with --push, a second word, or a lone word without a `/`, is the remote.
            var directory = words.first
            var pushRemote = remote
            if push, let last = words.last, words.count == 2 || !last.contains("/") {
                pushRemote = last
                directory = words.count == 2 ? words[0] : nil
            }
            if directory == nil && branch == nil { throw JournalError.badInput("give a folder to write the site to, or --branch NAME") }
            // Every check before anything is written: the branch, the remote.
            if let branch { try journal.requirePublishBranch(branch) }
            let pushTo = try push ? journal.publishRemote(pushRemote) : nil
            // Each page is written as soon as it is made: to the folder, on the branch, or both.
            var outcome = try journal.publishSite(
                options: Site.Options(title: title ?? "Learning journal", baseURL: baseURL, cname: cname), clock: CLI.clock,
                directory: directory.map { Journal.location(option: $0, environment: CLI.environment) }, branch: branch,
                environment: CLI.environment)
            if let branch, let pushTo {
                outcome.pushedTo = try journal.pushSite(branch: branch, remote: pushTo, environment: CLI.environment)
            }
            CLI.print(json ? try PublishRendering.json(outcome, baseURL: baseURL) : PublishRendering.text(outcome, baseURL: baseURL))
            return journal
        }
    }
}
