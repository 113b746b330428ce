import Foundation

/// Papers read in one calendar year against `goal.yearly-papers`.
public struct PapersReport: Sendable {
    public struct Paper: Sendable, Equatable {
        /// The first day in the year it was read.
        public let date: Day
        public let title: String
        public let url: String?
    }

    public let year: Int
    /// Distinct papers (a paper read again in the same year counts once).
    public let papers: [Paper]
    public let goal: Int
    public var count: Int { papers.count }

    /// The goal when `goal.yearly-papers` is unset: twice last year's count, or 24 without one.
    public init(activity: Activity, year: Int, configuredGoal: Int?) {
        self.year = year
        papers = PapersReport.distinct(activity.papers, year: year)
        let lastYear = PapersReport.distinct(activity.papers, year: year - 1).count
        goal = configuredGoal ?? (lastYear > 0 ? lastYear * 2 : 24)
    }

    static func distinct(_ read: [DatedLink], year: Int) -> [Paper] {
        var seen: [String: Paper] = [:]
        for item in read where item.date.year == year {
            let key = (item.link.url ?? item.link.title).lowercased()
            if let known = seen[key], known.date <= item.date { continue }
            seen[key] = Paper(date: item.date, title: item.link.title, url: item.link.url)
        }
        return seen.values.sorted { ($0.date, $0.title, $0.url ?? "") < ($1.date, $1.title, $1.url ?? "") }
    }
}
