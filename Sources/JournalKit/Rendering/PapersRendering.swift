import Foundation

/// `journal papers`: papers by month against the yearly goal.
public enum PapersRendering {
    struct JSONPaper: Encodable {
        let date: String
        let title: String
        let url: String?

        enum CodingKeys: String, CodingKey { case date, title, url }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(date, forKey: .date)
            try container.encode(title, forKey: .title)
            try container.encode(url, forKey: .url)  // null when absent
        }
    }
    struct JSONReport: Encodable {
        let year: Int
        let count: Int
        let goal: Int
        let by_month: [String: Int]
        let papers: [JSONPaper]
    }

    public static func json(_ report: PapersReport) throws -> String {
        var months: [String: Int] = [:]
        for month in 1...12 { months[String(format: "%02d", month)] = 0 }
        for paper in report.papers { months[String(format: "%02d", paper.date.month), default: 0] += 1 }
        return try JSONOutput.encode(
            JSONReport(
                year: report.year, count: report.count, goal: report.goal, by_month: months,
                papers: report.papers.map { JSONPaper(date: $0.date.iso, title: $0.title, url: $0.url) }))
    }

    public static func text(_ report: PapersReport, style: TerminalStyle) -> String {
        var out = style.bold("Papers in \(report.year): \(report.count) of \(report.goal)") + "  "
        out += Bar.draw(Double(report.count), of: Double(report.goal), width: 20, style: style) + "\n"
        if report.papers.isEmpty { return out + "  none yet\n" }
        for month in 1...12 {
            let those = report.papers.filter { $0.date.month == month }
            guard !those.isEmpty else { continue }
            out += "\n" + style.bold("\(Day.monthNames[month - 1]) (\(those.count))") + "\n"
            for paper in those {
                out += "  \(style.dim(paper.date.iso))  \(paper.title)"
                // A paper given as a bare URL has that URL as its title too: show it once.
                if let url = paper.url, url != paper.title { out += "  " + style.dim(url) }
                out += "\n"
            }
        }
        return out
    }
}
