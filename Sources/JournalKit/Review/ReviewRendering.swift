import Foundation

/// `journal review`: the Markdown write-up, the short post, and JSON.
public enum ReviewRendering {
    /// Where a short post goes, and how many grapheme clusters it allows.
    public enum Network: String, CaseIterable, Sendable {
        case bluesky, mastodon, x

        public var limit: Int {
            switch self {
            case .bluesky: return 300
            case .mastodon: return 500
            case .x: return 280
            }
        }
    }

    /// `+2.5 h` / `-1 h` / `±0 h` against the period before.
    static func change(_ review: Review) -> String {
        let delta = Review.rounded(review.hours - review.previousHours)
        if delta > 0 { return "+\(Hours.format(delta)) h" }
        if delta < 0 { return "-\(Hours.format(-delta)) h" }
        return "±0 h"
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }

    /// The numbers line: entries, active days, hours with the change, the weekly streak.
    public static func numbers(_ review: Review) -> String {
        "\(plural(review.entries, "entry").replacingOccurrences(of: "entrys", with: "entries")) on "
            + "\(plural(review.activeDays, "day")) · \(Hours.format(review.hours)) h (\(change(review)) against the \(review.period.noun) before) · "
            + "weekly streak: \(plural(review.weeklyStreak, "week"))"
    }

    static func title(_ review: Review) -> String {
        "Review of \(review.period.name) (\(review.period.start.iso) to \(review.period.end.iso))"
    }

    /// A link as Markdown: `[title](url)`, or the title alone.
    static func markdownLink(_ link: Link) -> String {
        let title = link.title.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
        guard let url = link.url else { return title }
        // Angle brackets only where the URL needs them (a space or a parenthesis in it).
        let plain = !url.contains { $0 == " " || $0 == "(" || $0 == ")" || $0 == "<" || $0 == ">" }
        return plain ? "[\(title)](\(url))" : "[\(title)](<\(url)>)"
    }

    public static func markdown(_ review: Review) -> String {
        var out = "# \(title(review))\n\n\(numbers(review))\n"
        func section(_ heading: String, _ lines: [String]) {
            out += "\n## \(heading)\n\n"
            out += lines.isEmpty ? "None this \(review.period.noun).\n" : lines.joined(separator: "\n") + "\n"
        }
        section("Shipped", review.shipped.map { "- \(markdownLink($0.link)) (\($0.date.iso))" })
        section("Papers", review.papers.map { "- \(markdownLink($0.link)) (\($0.date.iso))" })
        section("Highlights", review.highlights.map { "- **\($0.date.iso) · \($0.title)**: \($0.text)" })
        section("Top tags", review.topTags.isEmpty ? [] : [review.topTags.map { "#\($0.tag) (\($0.count))" }.joined(separator: ", ")])
        out += "\n## Next\n\n"
        return out
    }

    /// One post of at most `network.limit` grapheme clusters. In order, while it fits: the
    /// numbers, one shipped link (its title shortened if need be, its URL never cut), the paper
    /// count, a tag.
    public static func short(_ review: Review, for network: Network) -> String {
        let limit = network.limit
        var post =
            "My \(review.period.noun) of learning (\(review.period.name)): \(plural(review.entries, "entry").replacingOccurrences(of: "entrys", with: "entries")), "
            + "\(Hours.format(review.hours)) h (\(change(review))), weekly streak \(review.weeklyStreak)."
        if post.count > limit { post = "\(review.period.name): \(Hours.format(review.hours)) h, \(review.entries) entries." }
        func add(_ piece: String) -> Bool {
            guard post.count + 1 + piece.count <= limit else { return false }
            post += (post.isEmpty ? "" : "\n") + piece
            return true
        }
        if let item = review.shipped.last(where: { $0.link.url != nil }) ?? review.shipped.last {
            let url = item.link.url
            let head = "Shipped: "
            let full = head + item.link.title + (url.map { " " + $0 } ?? "")
            if !add(full), let url {
                // Shorten the title, never the URL.
                let room = limit - post.count - 1 - head.count - 1 - url.count
                if room >= 2 {
                    _ = add(head + String(item.link.title.prefix(room - 1)) + "… " + url)
                } else {
                    _ = add(head + url)
                }
            }
        }
        if !review.papers.isEmpty { _ = add("\(plural(review.papers.count, "paper")) read.") }
        if let tag = review.topTags.first { _ = add("#" + tag.tag.filter { !$0.isWhitespace }) }
        return post
    }

    struct JSONLink: Encodable {
        let date: String
        let title: String
        let url: String?
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(title, forKey: .title)
            try container.encode(url, forKey: .url)
        }
        enum CodingKeys: String, CodingKey { case date, title, url }
    }
    struct JSONHighlight: Encodable {
        let date: String
        let title: String
        let text: String
    }
    struct JSONTag: Encodable {
        let tag: String
        let count: Int
    }
    struct JSONReview: Encodable {
        let period: String
        let start: String
        let end: String
        let entries: Int
        let active_days: Int
        let hours: Double
        let previous_hours: Double
        let weekly_streak: Int
        let shipped: [JSONLink]
        let papers: [JSONLink]
        let highlights: [JSONHighlight]
        let top_tags: [JSONTag]
        let markdown: String
        let short: String?
        let saved: String?
        let commit: String?
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(period, forKey: .period)
            try c.encode(start, forKey: .start)
            try c.encode(end, forKey: .end)
            try c.encode(entries, forKey: .entries)
            try c.encode(active_days, forKey: .active_days)
            try c.encode(hours, forKey: .hours)
            try c.encode(previous_hours, forKey: .previous_hours)
            try c.encode(weekly_streak, forKey: .weekly_streak)
            try c.encode(shipped, forKey: .shipped)
            try c.encode(papers, forKey: .papers)
            try c.encode(highlights, forKey: .highlights)
            try c.encode(top_tags, forKey: .top_tags)
            try c.encode(markdown, forKey: .markdown)
            try c.encode(short, forKey: .short)
            try c.encode(saved, forKey: .saved)
            try c.encode(commit, forKey: .commit)
        }
        enum CodingKeys: String, CodingKey {
            case period, start, end, entries, active_days, hours, previous_hours, weekly_streak, shipped, papers, highlights, top_tags
            case markdown, short, saved, commit
        }
    }

    public static func json(_ review: Review, short: String?, saved: SavedReview?) throws -> String {
        let links = { (items: [DatedLink]) in items.map { JSONLink(date: $0.date.iso, title: $0.link.title, url: $0.link.url) } }
        return try JSONOutput.encode(
            JSONReview(
                period: review.period.name, start: review.period.start.iso, end: review.period.end.iso, entries: review.entries,
                active_days: review.activeDays, hours: review.hours, previous_hours: review.previousHours,
                weekly_streak: review.weeklyStreak, shipped: links(review.shipped), papers: links(review.papers),
                highlights: review.highlights.map { JSONHighlight(date: $0.date.iso, title: $0.title, text: $0.text) },
                top_tags: review.topTags.map { JSONTag(tag: $0.tag, count: $0.count) }, markdown: markdown(review), short: short,
                saved: saved?.path, commit: saved?.commit?.hex))
    }
}
