import Foundation

/// The span a review covers: one ISO week, one calendar month, or several weeks.
public struct ReviewPeriod: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case week
        case month
        case weeks(Int)
    }

    public let kind: Kind
    public let start: Day
    public let end: Day

    /// The period of `kind` that holds `ending`, or, without it, the last complete one before
    /// `today` (the week or month before the current one).
    public init(kind: Kind, ending: Day?, today: Day) {
        self.kind = kind
        switch kind {
        case .month:
            let day = ending ?? HoursReport.periodStart(today, .month).adding(days: -1)
            start = HoursReport.periodStart(day, .month)
            end = HoursReport.periodEnd(start, .month)
        case .week, .weeks:
            let count: Int
            if case .weeks(let n) = kind { count = n } else { count = 1 }
            let last = ending ?? today.startOfISOWeek.adding(days: -1)
            end = last.startOfISOWeek.adding(days: 6)
            start = last.startOfISOWeek.adding(days: -7 * (count - 1))
        }
    }

    /// The period just before this one, of the same length.
    public var previous: ReviewPeriod {
        ReviewPeriod(kind: kind, ending: start.adding(days: -1), today: start)
    }

    /// `2026-W48`, `2026-11`, or `2026-W45..2026-W48` for several weeks.
    public var name: String {
        switch kind {
        case .month: return HoursReport.label(start, .month)
        case .week: return HoursReport.label(start, .week)
        case .weeks(let n):
            return n == 1 ? HoursReport.label(start, .week) : HoursReport.label(start, .week) + ".." + HoursReport.label(end, .week)
        }
    }

    /// The file a saved review goes to: `reviews/2026-W48.md`, `reviews/2026-11.md`,
    /// `reviews/2026-W45-W48.md`.
    public var savePath: String {
        switch kind {
        case .weeks(let n) where n > 1:
            return "reviews/" + HoursReport.label(start, .week) + "-W" + String(HoursReport.label(end, .week).suffix(2)) + ".md"
        default: return "reviews/\(name).md"
        }
    }

    /// "week", "month" or "4 weeks", for sentences.
    public var noun: String {
        switch kind {
        case .week: return "week"
        case .month: return "month"
        case .weeks(let n): return n == 1 ? "week" : "\(n) weeks"
        }
    }

    public func contains(_ day: Day) -> Bool { day >= start && day <= end }
}

/// A week's or a month's work, ready to post: numbers, shipped work, papers, highlights, tags.
/// Built from history alone, without entries tagged `private` or with an excluded tag, so the
/// same history and period always give the same review.
public struct Review: Sendable {
    public struct Highlight: Sendable, Equatable {
        public let date: Day
        public let title: String
        /// The first paragraph of the entry's body.
        public let text: String
    }

    public let period: ReviewPeriod
    public let entries: Int
    public let activeDays: Int
    public let hours: Double
    public let previousHours: Double
    /// The weekly streak (weeks in a row meeting `goal.weekly-hours`) at the period's end.
    public let weeklyStreak: Int
    public let shipped: [DatedLink]
    public let papers: [DatedLink]
    public let highlights: [Highlight]
    /// Tags by how many entries carry them, most first (then by name); at most five.
    public let topTags: [(tag: String, count: Int)]

    public init(history: History, settings: Settings, period: ReviewPeriod) {
        self.init(settings: settings, period: period, restDays: history.restDays) { body in
            for entry in history.entries { body(entry) }
        }
    }

    /// From the entries `forEachEntry` hands out, in any order that keeps each day's entries
    /// newest first (so a day's hours add up as `History` adds them); only those in the period
    /// are kept.
    init(
        settings: Settings, period: ReviewPeriod, restDays: Set<Day>, forEachEntry: ((HistoryEntry) -> Void) throws -> Void
    ) rethrows {
        self.period = period
        var summary = HistorySummary()
        var inPeriod: [HistoryEntry] = []
        try forEachEntry { entry in
            guard settings.publish.isVisible(entry) else { return }
            summary.add(entry)
            if period.contains(entry.date) { inPeriod.append(entry) }
        }
        summary.restDays = restDays
        summary.sortLinks()
        let activity = Activity(summary: summary, settings: settings, today: period.end)
        inPeriod.sort { ($0.date, $0.order) < ($1.date, $1.order) }
        entries = inPeriod.count
        activeDays = Set(inPeriod.map(\.date)).count
        hours = Review.rounded(activity.hours(from: period.start, to: period.end))
        let previous = period.previous
        previousHours = Review.rounded(activity.hours(from: previous.start, to: previous.end))
        weeklyStreak = Streaks(activity).weekly.current
        shipped = activity.shipped.filter { period.contains($0.date) }
        papers = activity.papers.filter { period.contains($0.date) }
        highlights = inPeriod.compactMap { entry in
            let paragraph = Review.firstParagraph(entry.body)
            return paragraph.isEmpty ? nil : Highlight(date: entry.date, title: entry.title, text: paragraph)
        }
        var counts: [String: Int] = [:]
        for entry in inPeriod {
            for tag in Set(entry.tags) where tag != "public" { counts[tag, default: 0] += 1 }
        }
        topTags = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(5).map { ($0.key, $0.value) }
    }

    static func rounded(_ hours: Double) -> Double { (hours * 100).rounded() / 100 }

    /// The first paragraph of a body, its lines joined by spaces.
    static func firstParagraph(_ body: String) -> String {
        var lines: [Substring] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if lines.isEmpty { continue }
                break
            }
            lines.append(Substring(trimmed))
        }
        return lines.joined(separator: " ")
    }
}
