import Foundation

/// The published site: its pages are made from history alone, so the same history, settings
/// and options give the same bytes (no build time anywhere). Entries tagged `private` or with a
/// tag of `publish.exclude-tags` never appear; bodies only where `PublishSettings` allows. Every
/// link between pages is relative, so the site works in any folder of a host. `SiteBuilder`
/// makes the pages and hands each to a `SiteWriter` as soon as it is complete.
public enum Site {
    public struct Options: Sendable {
        public var title = "Learning journal"
        /// Used only for the feed, the sitemap and canonical links (`https://me.github.io/journal/`).
        public var baseURL: String?
        /// A `CNAME` file for GitHub Pages.
        public var cname: String?

        public init(title: String = "Learning journal", baseURL: String? = nil, cname: String? = nil) {
            self.title = title
            self.baseURL = baseURL
            self.cname = cname
        }
    }

    /// A saved review as the repository holds it (`reviews/NAME.md`).
    public struct SavedReviewFile: Sendable {
        public let name: String
        public let markdown: String
    }

    /// The `<picture>` snippet that embeds the standalone heatmaps in a profile README.
    public static func pictureSnippet(baseURL: String?) -> String {
        let base = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? ""
        return """
            <picture>
              <source media="(prefers-color-scheme: dark)" srcset="\(HTML.escape(base))heatmap-dark.svg">
              <img alt="Learning journal: hours per day" src="\(HTML.escape(base))heatmap.svg">
            </picture>
            """
    }

    /// A tag's page name: the tag itself when it is plain (`a-z`, digits, `-`, `_`, `.`), else
    /// `tag-` and a hash of it, so no tag can make a path.
    static func tagSlug(_ tag: String) -> String {
        let plain = tag.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
        }
        if plain && !tag.isEmpty && !tag.hasPrefix(".") { return tag }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in tag.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "tag-" + String(hash, radix: 16)
    }
}

/// Builds the pages of `Site` (the HTML of each is in SitePages.swift, feeds in SiteFeeds.swift)
/// from entries read newest first (`PublishedEntries`), writing each page as soon as it is
/// complete. What is kept across the whole read is small: day totals, tag and month counts, the
/// newest 50 entries, the papers and shipped lists. A tag's page is made in a later read of
/// the tags it shares with others up to `tagBatchEntries` entries, so no read holds every tag's
/// list at once.
struct SiteBuilder {
    let settings: Settings
    let reviews: [Site.SavedReviewFile]
    let options: Site.Options
    let entries: PublishedEntries
    let output: SiteWriter
    /// The day the site's numbers are as of: the last day with an entry it counts.
    let asOf: Day
    /// What totals count (the visible entries, or all with `publish.count-private`), complete
    /// after `build` has read every entry.
    private(set) var activity: Activity
    private(set) var streaks: Streaks
    /// Papers and shipped items of visible entries (`SiteBuilder.key`), kept only with
    /// `publish.count-private`, where the activity also holds hidden entries' links, never shown.
    private(set) var publishedLinks: Set<String> = []
    /// How many entries may appear.
    private(set) var visibleCount = 0
    /// The newest visible entries, for the feed (50) and the index (10).
    private(set) var newest: [HistoryEntry] = []
    /// Visible entries per tag (each entry counted once per tag).
    private(set) var tagCounts: [String: Int] = [:]

    /// How many tagged entries one read for tag pages gathers (one tag with more is read alone).
    static let tagBatchEntries = 20_000

    init(
        settings: Settings, reviews: [Site.SavedReviewFile], options: Site.Options, entries: PublishedEntries, output: SiteWriter,
        fallbackToday: Day
    )
        throws
    {
        self.settings = settings
        self.reviews = reviews
        self.options = options
        self.entries = entries
        self.output = output
        var newestCounted: Day?
        if settings.publish.countPrivate {
            newestCounted = entries.newestDay
        } else {
            // The first visible entry met, newest first, has the latest day of them all.
            try entries.eachNewestFirst { entry in
                guard settings.publish.isVisible(entry) else { return true }
                newestCounted = entry.date
                return false
            }
        }
        asOf = newestCounted ?? fallbackToday
        activity = Activity(summary: HistorySummary(), settings: settings, today: asOf)
        streaks = Streaks(activity)
    }

    /// Writes every page.
    mutating func build() throws {
        try writeEntryPages()
        let heatmap = Heatmap(activity: activity, streaks: streaks, weeks: 53)
        let counts = activity.days
        let entriesOn = { (day: Day) in counts[day]?.entries ?? 0 }
        try output.write("style.css", SiteGraphics.css)
        try output.write(".nojekyll", "")
        if let cname = options.cname { try output.write("CNAME", cname + "\n") }
        try output.write("heatmap.svg", SiteGraphics.heatmap(heatmap, entries: entriesOn, palette: .light, id: "heatmap"))
        try output.write("heatmap-dark.svg", SiteGraphics.heatmap(heatmap, entries: entriesOn, palette: .dark, id: "heatmap"))
        try output.write("index.html", indexPage(heatmap: heatmap, entriesOn: entriesOn))
        try writeTagPages()
        try output.write("tags/index.html", tagsIndex(tagCounts))
        for review in reviews { try output.write("reviews/\(review.name).html", reviewPage(review)) }
        try output.write("reviews/index.html", reviewsIndex())
        try output.write("stats.html", statsPage())
        try output.write("404.html", notFoundPage())
        try output.write("feed.xml", feed(path: "feed.xml", entries: newest, reviews: reviews, title: options.title))
        try output.write(
            "reviews/feed.xml", feed(path: "reviews/feed.xml", entries: [], reviews: reviews, title: options.title + ": reviews"))
        try output.write("sitemap.xml", sitemap(paths: output.paths.filter { $0.hasSuffix(".html") && $0 != "404.html" }.sorted()))
    }

    /// One read of every entry, newest first: each day's page when the read leaves the day, each
    /// month's when it leaves the month, the papers and shipped pages at the end, and the totals.
    private mutating func writeEntryPages() throws {
        let publish = settings.publish
        let entries = self.entries
        let output = self.output
        var summary = HistorySummary()
        var day: Day?
        /// The day's visible entries, newest first.
        var dayEntries: [HistoryEntry] = []
        var month = MonthPage()
        var months: [(label: String, entries: Int)] = []
        var papers = LinksPage(title: "Papers")
        var shipped = LinksPage(title: "Shipped")
        func finishDay() throws {
            guard let current = day, !dayEntries.isEmpty else { return }
            let label = SiteBuilder.monthLabel(current)
            if month.label != label {
                if let done = try finishMonth() { months.append(done) }
                month = MonthPage(label: label, first: current)
            }
            let oldestFirst = Array(dayEntries.reversed())
            let hours = publish.countPrivate ? Hours.toMinute(summary.days[current]?.hours ?? 0) : oldestFirst.reduce(0) { $0 + $1.hours }
            try output.write(dayPath(current), dayPage(current, entries: oldestFirst, hours: hours))
            month.add(self.monthDay(current, entries: oldestFirst), entries: oldestFirst.count, day: current)
            dayEntries.removeAll(keepingCapacity: true)
        }
        func finishMonth() throws -> (String, Int)? {
            guard let label = month.label, let first = month.first else { return nil }
            try output.write("archive/\(label).html", monthPage(month, first: first))
            return (label, month.entries)
        }
        try entries.eachNewestFirst { entry in
            if entry.date != day {
                try finishDay()
                day = entry.date
            }
            let visible = publish.isVisible(entry)
            if visible || publish.countPrivate { summary.add(entry) }
            guard visible else { return true }
            visibleCount += 1
            dayEntries.append(entry)
            if newest.count < 50 { newest.append(entry) }
            for tag in Set(entry.tags) { tagCounts[tag, default: 0] += 1 }
            for paper in entry.papers { papers.add(entry, paper, dayPath: dayPath(entry.date)) }
            for item in entry.shipped { shipped.add(entry, item, dayPath: dayPath(entry.date)) }
            if publish.countPrivate {
                for link in entry.papers + entry.shipped { publishedLinks.insert(SiteBuilder.key(entry.date, link)) }
            }
            return true
        }
        try finishDay()
        if let done = try finishMonth() { months.append(done) }
        summary.restDays = entries.restDays
        summary.sortLinks()
        activity = Activity(summary: summary, settings: settings, today: asOf)
        streaks = Streaks(activity)
        try output.write("archive/index.html", archiveIndex(months: months))
        try output.write("papers.html", linksPage(papers))
        try output.write("shipped.html", linksPage(shipped))
    }

    /// Each tag's page, from reads of a few tags at a time (the counts are known from the first read).
    private func writeTagPages() throws {
        var batches: [Set<String>] = []
        var batch = Set<String>()
        var size = 0
        for (tag, count) in tagCounts.sorted(by: { $0.key < $1.key }) {
            if !batch.isEmpty && size + count > SiteBuilder.tagBatchEntries {
                batches.append(batch)
                batch = []
                size = 0
            }
            batch.insert(tag)
            size += count
        }
        if !batch.isEmpty { batches.append(batch) }
        for batch in batches {
            var pages: [String: TagPage] = [:]
            try self.entries.eachNewestFirst(mayBeTaggedWith: batch) { entry in
                guard settings.publish.isVisible(entry) else { return }
                for tag in Set(entry.tags) where batch.contains(tag) {
                    pages[tag, default: TagPage()].add(entry, item: entryItem(entry, root: "../"))
                }
            }
            for (tag, page) in pages.sorted(by: { $0.key < $1.key }) {
                try output.write("tags/\(Site.tagSlug(tag)).html", tagPage(tag, page))
            }
        }
    }

    func dayPath(_ day: Day) -> String { "days/\(day.iso).html" }

    /// `2026-11`, as `HoursReport.label(day, .month)` writes it, without `String(format:)` (a
    /// day's page and the read of every day ask for it).
    static func monthLabel(_ day: Day) -> String {
        guard (1000...9999).contains(day.year) else { return HoursReport.label(day, .month) }
        return "\(day.year)-\(day.month < 10 ? "0" : "")\(day.month)"
    }
}

/// A month's archive page as the read goes through its days, newest first.
struct MonthPage {
    var label: String?
    /// A day of the month (for its name and year).
    var first: Day?
    var body = ""
    var entries = 0

    init(label: String? = nil, first: Day? = nil) {
        self.label = label
        self.first = first
    }

    mutating func add(_ html: String, entries count: Int, day: Day) {
        body += html
        entries += count
        first = day
    }
}

/// A tag's page as entries come, newest first.
struct TagPage {
    var entries = 0
    var hours = 0.0
    var items = ""

    mutating func add(_ entry: HistoryEntry, item: String) {
        entries += 1
        hours += entry.hours
        items += item
    }
}

/// The papers or shipped page as entries come, newest first.
struct LinksPage {
    let title: String
    var items = ""

    init(title: String) { self.title = title }

    mutating func add(_ entry: HistoryEntry, _ link: Link, dayPath: String) {
        items += "<li>\(HTML.link(title: link.title, url: link.url)) <span class=\"meta\">"
        items += "<a href=\"\(dayPath)#e-\(HTML.escape(entry.id))\">\(entry.date.iso)</a></span></li>\n"
    }
}
