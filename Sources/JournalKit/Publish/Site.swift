import Foundation

/// The published site as files (path → bytes), built from history alone: the same history,
/// settings and options give the same bytes (no build time anywhere). Entries tagged `private`
/// or with a tag of `publish.exclude-tags` never appear; bodies only where `PublishSettings`
/// allows. Every link between pages is relative, so the site works in any folder of a host.
public struct Site: Sendable {
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

    /// Every file, by path, in path order.
    public let files: [(path: String, data: Data)]
    /// The day the site's numbers are as of: the last day with an entry it counts.
    public let asOf: Day

    public init(history: History, settings: Settings, reviews: [SavedReviewFile], options: Options, fallbackToday: Day) {
        var builder = SiteBuilder(history: history, settings: settings, reviews: reviews, options: options, fallbackToday: fallbackToday)
        builder.build()
        files = builder.files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) }
        asOf = builder.asOf
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

/// Builds the pages of `Site` (the HTML of each is in SitePages.swift, feeds in SiteFeeds.swift).
struct SiteBuilder {
    let history: History
    let settings: Settings
    let reviews: [Site.SavedReviewFile]
    let options: Site.Options
    /// Entries that may appear, newest first.
    let visible: [HistoryEntry]
    /// What totals count: the visible entries, or all when `publish.count-private` is true.
    let activity: Activity
    let streaks: Streaks
    let asOf: Day
    /// Papers and shipped items of visible entries (`SiteBuilder.key`): with
    /// `publish.count-private` the activity also holds hidden entries' links, never shown.
    let publishedLinks: Set<String>
    var files: [String: String] = [:]

    init(history: History, settings: Settings, reviews: [Site.SavedReviewFile], options: Site.Options, fallbackToday: Day) {
        self.history = history
        self.settings = settings
        self.reviews = reviews
        self.options = options
        visible = history.entries.filter { settings.publish.isVisible($0) }
        let counted = settings.publish.countPrivate ? history.entries : visible
        asOf = counted.map(\.date).max() ?? fallbackToday
        activity = Activity(summary: HistorySummary(entries: counted, restDays: history.restDays), settings: settings, today: asOf)
        streaks = Streaks(activity)
        publishedLinks = Set(visible.flatMap { entry in (entry.papers + entry.shipped).map { SiteBuilder.key(entry.date, $0) } })
    }

    /// Entries by day, each day's in the order they were written.
    var byDay: [Day: [HistoryEntry]] {
        Dictionary(grouping: visible, by: \.date).mapValues { $0.sorted { $0.order < $1.order } }
    }

    mutating func build() {
        let days = byDay
        let heatmap = Heatmap(activity: activity, streaks: streaks, weeks: 53)
        let counts = activity.days
        let entriesOn = { (day: Day) in counts[day]?.entries ?? 0 }
        files["style.css"] = SiteGraphics.css
        files[".nojekyll"] = ""
        if let cname = options.cname { files["CNAME"] = cname + "\n" }
        files["heatmap.svg"] = SiteGraphics.heatmap(heatmap, entries: entriesOn, palette: .light, id: "heatmap")
        files["heatmap-dark.svg"] = SiteGraphics.heatmap(heatmap, entries: entriesOn, palette: .dark, id: "heatmap")
        files["index.html"] = indexPage(heatmap: heatmap, entriesOn: entriesOn)
        for (day, entries) in days { files[dayPath(day)] = dayPage(day, entries: entries) }
        let months = Dictionary(grouping: days.keys, by: { HoursReport.label($0, .month) })
        for (month, monthDays) in months { files["archive/\(month).html"] = monthPage(month, days: monthDays.sorted(), byDay: days) }
        files["archive/index.html"] = archiveIndex(months: months)
        var tagged: [String: [HistoryEntry]] = [:]
        for entry in visible { for tag in Set(entry.tags) { tagged[tag, default: []].append(entry) } }
        for (tag, entries) in tagged { files["tags/\(Site.tagSlug(tag)).html"] = tagPage(tag, entries: entries) }
        files["tags/index.html"] = tagsIndex(tagged)
        files["papers.html"] = linksPage(title: "Papers", items: visible.flatMap { e in e.papers.map { (e, $0) } })
        files["shipped.html"] = linksPage(title: "Shipped", items: visible.flatMap { e in e.shipped.map { (e, $0) } })
        for review in reviews { files["reviews/\(review.name).html"] = reviewPage(review) }
        files["reviews/index.html"] = reviewsIndex()
        files["stats.html"] = statsPage()
        files["404.html"] = notFoundPage()
        files["feed.xml"] = feed(path: "feed.xml", entries: Array(visible.prefix(50)), reviews: reviews, title: options.title)
        files["reviews/feed.xml"] = feed(path: "reviews/feed.xml", entries: [], reviews: reviews, title: options.title + ": reviews")
        files["sitemap.xml"] = sitemap(paths: files.keys.filter { $0.hasSuffix(".html") && $0 != "404.html" }.sorted())
    }

    func dayPath(_ day: Day) -> String { "days/\(day.iso).html" }
}
