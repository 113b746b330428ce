import Foundation

/// `feed.xml` (Atom, RFC 4287) and `sitemap.xml`. Absolute only with `--base-url`; without it,
/// links are relative to the feed's own address, which Atom allows.
extension SiteBuilder {
    static func atomDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = Day(daysSinceEpoch: Int((Double(seconds) / 86400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86400
        return day.iso + String(format: "T%02d:%02d:%02dZ", rest / 3600, rest / 60 % 60, rest % 60)
    }

    func absolute(_ path: String) -> String { (base ?? "") + path }

    func feed(path: String, entries: [HistoryEntry], reviews: [Site.SavedReviewFile], title: String) -> String {
        let root = path.contains("/") ? "../" : ""
        var items: [(updated: String, xml: String)] = []
        for entry in entries {
            let updated = SiteBuilder.atomDate(entry.authoredAt)
            let link = base.map { $0 + dayPath(entry.date) } ?? root + dayPath(entry.date)
            var xml = "<entry>\n<title>\(HTML.escape(entry.title))</title>\n<id>urn:journal:entry:\(HTML.escape(entry.id))</id>\n"
            xml += "<updated>\(updated)</updated>\n<link href=\"\(HTML.escape(link))#e-\(HTML.escape(entry.id))\"/>\n"
            var summary = entry.date.iso
            if entry.hours > 0 { summary += " · \(Hours.format(entry.hours)) h" }
            if !entry.tags.isEmpty { summary += " · " + entry.tags.map { "#" + $0 }.joined(separator: " ") }
            xml += "<summary>\(HTML.escape(summary))</summary>\n"
            if settings.publish.showsBody(of: entry), !entry.body.isEmpty {
                xml += "<content type=\"html\">\(HTML.escape(MarkdownHTML.render(entry.body)))</content>\n"
            }
            xml += "</entry>\n"
            items.append((updated, xml))
        }
        for review in reviews {
            let end = ReviewFileName.lastDay(review.name)
            let updated = (end?.iso ?? "1970-01-01") + "T00:00:00Z"
            let link = base.map { $0 + "reviews/\(review.name).html" } ?? root + "reviews/\(review.name).html"
            var xml = "<entry>\n<title>Review of \(HTML.escape(review.name))</title>\n"
            xml += "<id>urn:journal:review:\(HTML.escape(review.name))</id>\n<updated>\(updated)</updated>\n"
            xml += "<link href=\"\(HTML.escape(link))\"/>\n"
            xml += "<content type=\"html\">\(HTML.escape(MarkdownHTML.render(review.markdown)))</content>\n</entry>\n"
            items.append((updated, xml))
        }
        items.sort { $0.updated > $1.updated }
        let newest = items.first?.updated ?? SiteBuilder.atomDate(Date(timeIntervalSince1970: 0))
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        out += "<id>\(HTML.escape(base.map { $0 + path } ?? "urn:journal:feed:" + path))</id>\n<updated>\(newest)</updated>\n"
        out += "<author><name>\(HTML.escape(options.title))</name></author>\n"
        if let base { out += "<link rel=\"self\" href=\"\(HTML.escape(base + path))\"/>\n" }
        out += "<link href=\"\(HTML.escape(base.map { $0 + "index.html" } ?? root + "index.html"))\"/>\n"
        out += items.map(\.xml).joined() + "</feed>\n"
        return out
    }

    func sitemap(paths: [String]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths { out += "<url><loc>\(HTML.escape(absolute(path)))</loc></url>\n" }
        return out + "</urlset>\n"
    }
}

/// The names saved reviews have (`ReviewPeriod.savePath`): `2026-W48`, `2026-11`, `2026-W45-W48`.
enum ReviewFileName {
    /// The last day the review covers, when the name is one of those shapes.
    static func lastDay(_ name: String) -> Day? {
        let parts = name.split(separator: "-")
        guard let year = Int(parts.first ?? ""), parts.count >= 2 else { return nil }
        let last = parts[parts.count - 1]
        if last.hasPrefix("W"), let week = Int(last.dropFirst()) {
            // Monday of ISO week 1 is the Monday of the week holding 4 January.
            guard let jan4 = Day(year: year, month: 1, day: 4) else { return nil }
            return jan4.startOfISOWeek.adding(days: 7 * (week - 1) + 6)
        }
        if parts.count == 2, let month = Int(last), let first = Day(year: year, month: month, day: 1) {
            return HoursReport.periodEnd(first, .month)
        }
        return nil
    }
}
