import Foundation

/// The HTML of each page. Text from entries goes through `HTML.escape` (or `HTML.link`), bodies
/// through `MarkdownHTML`; `root` is the relative way back to the site's top (`""` or `"../"`).
extension SiteBuilder {
    static let navigation = [
        ("index.html", "Home"), ("archive/index.html", "Archive"), ("tags/index.html", "Tags"), ("papers.html", "Papers"),
        ("shipped.html", "Shipped"), ("reviews/index.html", "Reviews"), ("stats.html", "Stats"),
    ]

    var base: String? { options.baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } }

    func page(_ path: String, title: String, body: String) -> String {
        let root = String(repeating: "../", count: path.filter { $0 == "/" }.count)
        let site = HTML.escape(options.title)
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        out += "<title>\(path == "index.html" ? site : HTML.escape(title) + " · " + site)</title>\n"
        out += "<link rel=\"stylesheet\" href=\"\(root)style.css\">\n"
        out += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(site)\" href=\"\(root)feed.xml\">\n"
        if let base { out += "<link rel=\"canonical\" href=\"\(HTML.escape(base + path))\">\n" }
        out += "</head>\n<body>\n<header>\n<a class=\"site\" href=\"\(root)index.html\">\(site)</a>\n<nav aria-label=\"Site\">"
        out += SiteBuilder.navigation.map { "<a href=\"\(root)\($0.0)\">\($0.1)</a>" }.joined(separator: " ")
        out += "</nav>\n</header>\n<main>\n\(body)</main>\n<footer>As of \(asOf.iso) · "
        out += "<a href=\"\(root)feed.xml\">Atom feed</a> · written with journal</footer>\n</body>\n</html>\n"
        return out
    }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    /// `1.5 h · #llm #papers`, tags linked to their pages.
    func meta(_ entry: HistoryEntry, root: String) -> String {
        var parts: [String] = []
        if entry.hours > 0 { parts.append("\(Hours.format(entry.hours)) h") }
        let tags = entry.tags.map { "<a href=\"\(root)tags/\(Site.tagSlug($0)).html\">#\(HTML.escape($0))</a>" }
        if !tags.isEmpty { parts.append(tags.joined(separator: " ")) }
        return parts.joined(separator: " · ")
    }

    /// A list item linking to an entry on its day's page.
    func entryItem(_ entry: HistoryEntry, root: String) -> String {
        "<li><a href=\"\(root)\(dayPath(entry.date))#e-\(HTML.escape(entry.id))\">\(HTML.escape(entry.title))</a> "
            + "<span class=\"meta\">\(entry.date.iso)\(entry.hours > 0 ? " · \(Hours.format(entry.hours)) h" : "")</span></li>\n"
    }

    func linkList(_ items: [DatedLink], root: String) -> String {
        guard !items.isEmpty else { return "<p class=\"muted\">None yet.</p>\n" }
        return "<ul>\n"
            + items.map {
                "<li>\(HTML.link(title: $0.link.title, url: $0.link.url)) <span class=\"meta\">"
                    + "<a href=\"\(root)\(dayPath($0.date))\">\($0.date.iso)</a></span></li>\n"
            }.joined() + "</ul>\n"
    }

    func indexPage(heatmap: Heatmap, entriesOn: @escaping (Day) -> Int) -> String {
        let week = HoursReport(activity: activity, by: .week, since: asOf.startOfISOWeek, until: asOf).rows.last
        let total = activity.days.values.reduce(0) { $0 + $1.hours }
        var body = "<h1>\(HTML.escape(options.title))</h1>\n"
        body += "<div class=\"figure\">\n"
        body += SiteGraphics.heatmap(heatmap, entries: entriesOn, palette: nil, id: "heatmap")
        body += "</div>\n<ul class=\"numbers\">\n"
        body += "<li><strong>\(streaks.forgiving.current)</strong>day streak (longest \(streaks.forgiving.longest))</li>\n"
        body += "<li><strong>\(streaks.strict.current)</strong>days in a row, strictly (longest \(streaks.strict.longest))</li>\n"
        body += "<li><strong>\(streaks.weekly.current)</strong>weeks meeting the goal (longest \(streaks.weekly.longest))</li>\n"
        body += "<li><strong>\(Hours.format(week?.hours ?? 0)) h</strong>this week, of \(Hours.format(week?.goal ?? 0)) h</li>\n"
        body += "<li><strong>\(Hours.format((total * 100).rounded() / 100)) h</strong>in total</li>\n</ul>\n"
        body += "<h2>Latest entries</h2>\n<ul>\n" + newest.prefix(10).map { entryItem($0, root: "") }.joined() + "</ul>\n"
        body +=
            "<h2>Shipped</h2>\n" + linkList(Array(activity.shipped.filter(isPublished).reversed().prefix(5)), root: "")
        body += "<h2>Papers</h2>\n" + linkList(Array(activity.papers.filter(isPublished).reversed().prefix(5)), root: "")
        return page("index.html", title: options.title, body: body)
    }

    /// Whether a paper or shipped item comes from a visible entry (with `publish.count-private`
    /// the activity also holds hidden entries' links, which are never shown; without it the
    /// activity holds only visible entries').
    func isPublished(_ item: DatedLink) -> Bool {
        !settings.publish.countPrivate || publishedLinks.contains(SiteBuilder.key(item.date, item.link))
    }

    static func key(_ day: Day, _ link: Link) -> String { "\(day.daysSinceEpoch)\u{1F}\(link.title)\u{1F}\(link.url ?? "")" }

    /// `hours`: the day's hours as the page shows them (the counted total with `publish.count-private`).
    func dayPage(_ day: Day, entries: [HistoryEntry], hours: Double) -> String {
        let path = dayPath(day)
        let weekday = Day.weekdayNames[day.weekday - 1].capitalized
        var body = "<h1>\(weekday), \(day.day) \(Day.monthNames[day.month - 1]) \(day.year)</h1>\n"
        body +=
            "<p class=\"meta\">\(SiteBuilder.plural(entries.count, "entry", "entries")) · \(Hours.format((hours * 100).rounded() / 100)) h · "
        body += "<a href=\"../archive/\(SiteBuilder.monthLabel(day)).html\">\(Day.monthNames[day.month - 1]) \(day.year)</a></p>\n"
        for entry in entries {
            body += "<article id=\"e-\(HTML.escape(entry.id))\">\n<h2>\(HTML.escape(entry.title))</h2>\n"
            let meta = self.meta(entry, root: "../")
            if !meta.isEmpty { body += "<p class=\"meta\">\(meta)</p>\n" }
            if !entry.papers.isEmpty {
                body +=
                    "<ul class=\"papers\">\n" + entry.papers.map { "<li>Paper: \(HTML.link(title: $0.title, url: $0.url))</li>\n" }.joined()
                body += "</ul>\n"
            }
            if !entry.shipped.isEmpty {
                body += "<ul class=\"shipped\">\n"
                body += entry.shipped.map { "<li>Shipped: \(HTML.link(title: $0.title, url: $0.url))</li>\n" }.joined() + "</ul>\n"
            }
            if settings.publish.showsBody(of: entry), !entry.body.isEmpty {
                body += "<div class=\"body\">\n\(MarkdownHTML.render(entry.body))\n</div>\n"
            }
            body += "</article>\n"
        }
        return page(path, title: day.iso, body: body)
    }

    /// A day's part of its month's page: its entries, oldest first.
    func monthDay(_ day: Day, entries: [HistoryEntry]) -> String {
        "<h2><a href=\"../\(dayPath(day))\">\(day.iso)</a></h2>\n<ul>\n" + entries.map { entryItem($0, root: "../") }.joined() + "</ul>\n"
    }

    func monthPage(_ month: MonthPage, first: Day) -> String {
        let body = "<h1>\(Day.monthNames[first.month - 1]) \(first.year)</h1>\n" + month.body
        return page("archive/\(month.label ?? "").html", title: "\(Day.monthNames[first.month - 1]) \(first.year)", body: body)
    }

    /// `months`: each month's label and its number of visible entries.
    func archiveIndex(months: [(label: String, entries: Int)]) -> String {
        var body = "<h1>Archive</h1>\n"
        body += months.isEmpty ? "<p class=\"muted\">No entries yet.</p>\n" : "<ul>\n"
        for (month, count) in months.sorted(by: { $0.label > $1.label }) {
            body +=
                "<li><a href=\"\(month).html\">\(month)</a> <span class=\"meta\">\(SiteBuilder.plural(count, "entry", "entries"))</span></li>\n"
        }
        if !months.isEmpty { body += "</ul>\n" }
        return page("archive/index.html", title: "Archive", body: body)
    }

    func tagPage(_ tag: String, _ tagged: TagPage) -> String {
        var body = "<h1>#\(HTML.escape(tag))</h1>\n<p class=\"meta\">\(SiteBuilder.plural(tagged.entries, "entry", "entries")) · "
        body += "\(Hours.format((tagged.hours * 100).rounded() / 100)) h</p>\n<ul>\n"
        body += tagged.items + "</ul>\n"
        return page("tags/\(Site.tagSlug(tag)).html", title: "#" + tag, body: body)
    }

    /// `counts`: visible entries per tag.
    func tagsIndex(_ counts: [String: Int]) -> String {
        var body = "<h1>Tags</h1>\n"
        body += counts.isEmpty ? "<p class=\"muted\">No tags yet.</p>\n" : "<ul>\n"
        for (tag, count) in counts.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            body += "<li><a href=\"\(Site.tagSlug(tag)).html\">#\(HTML.escape(tag))</a> "
            body += "<span class=\"meta\">\(SiteBuilder.plural(count, "entry", "entries"))</span></li>\n"
        }
        if !counts.isEmpty { body += "</ul>\n" }
        return page("tags/index.html", title: "Tags", body: body)
    }

    func linksPage(_ links: LinksPage) -> String {
        let path = links.title.lowercased() + ".html"
        var body = "<h1>\(links.title)</h1>\n"
        body += links.items.isEmpty ? "<p class=\"muted\">None yet.</p>\n" : "<ul>\n" + links.items + "</ul>\n"
        return page(path, title: links.title, body: body)
    }

    func reviewPage(_ review: Site.SavedReviewFile) -> String {
        page("reviews/\(review.name).html", title: "Review of \(review.name)", body: MarkdownHTML.render(review.markdown) + "\n")
    }

    func reviewsIndex() -> String {
        var body = "<h1>Reviews</h1>\n<p class=\"meta\"><a href=\"feed.xml\">Atom feed of the reviews</a></p>\n"
        body += reviews.isEmpty ? "<p class=\"muted\">No saved reviews yet (journal review --save).</p>\n" : "<ul>\n"
        for review in reviews.reversed() { body += "<li><a href=\"\(review.name).html\">\(HTML.escape(review.name))</a></li>\n" }
        if !reviews.isEmpty { body += "</ul>\n" }
        return page("reviews/index.html", title: "Reviews", body: body)
    }

    func statsPage() -> String {
        let total = activity.days.values.reduce(0) { $0 + $1.hours }
        let active = activity.days.values.filter { $0.entries > 0 }.count
        var body = "<h1>Stats</h1>\n<ul class=\"numbers\">\n"
        body += "<li><strong>\(Hours.format((total * 100).rounded() / 100)) h</strong>in total</li>\n"
        body += "<li><strong>\(visibleCount)</strong>entries</li>\n<li><strong>\(active)</strong>active days</li>\n"
        body += "<li><strong>\(activity.papers.filter(isPublished).count)</strong>papers</li>\n"
        body += "<li><strong>\(activity.shipped.filter(isPublished).count)</strong>shipped</li>\n</ul>\n"
        let weeks = HoursReport(activity: activity, by: .week, since: asOf.startOfISOWeek.adding(days: -7 * 25), until: asOf).rows
        let months = HoursReport(activity: activity, by: .month, since: HoursReport.monthStart(asOf, monthsBack: 11), until: asOf).rows
        body += "<h2>Hours per week</h2>\n<div class=\"figure\">\n"
        body += SiteGraphics.bars(weeks, title: "Hours per week, the last 26 weeks", id: "weeks") + "</div>\n"
        body += "<h2>Hours per month</h2>\n<div class=\"figure\">\n"
        body += SiteGraphics.bars(months, title: "Hours per month, the last 12 months", id: "months") + "</div>\n"
        return page("stats.html", title: "Stats", body: body)
    }

    /// Served for any missing path, so its links cannot be relative: absolute with `--base-url`,
    /// else to the site's top as the host's root.
    func notFoundPage() -> String {
        let home = HTML.escape(base ?? "/")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <title>Not found · \(HTML.escape(options.title))</title>
            <style>body { font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; }</style>
            </head>
            <body>
            <h1>Not found</h1>
            <p>This page is not part of \(HTML.escape(options.title)). <a href="\(home)">Go to the start</a>.</p>
            </body>
            </html>

            """
    }
}
