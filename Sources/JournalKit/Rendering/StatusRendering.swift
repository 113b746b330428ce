import Foundation

/// `journal status`: one screen that answers "am I keeping up?".
public enum StatusRendering {
    /// `handEdits`: day files changed in the working tree and not committed (`Journal.waitingHandEdits`).
    public static func text(_ report: StatusReport, sync: SyncState? = nil, handEdits: [String] = [], style: TerminalStyle) -> String {
        let day = report.today
        let check = style.unicode ? "✓" : "+"
        let dot = style.unicode ? "·" : "-"
        var out =
            style.bold("\(Day.weekdayNames[day.weekday - 1].capitalized), \(day.day) \(Day.monthNames[day.month - 1]) \(day.year)") + "\n\n"

        let todayLine: String
        if report.todayEntries > 0 {
            let entries = report.todayEntries == 1 ? "1 entry" : "\(report.todayEntries) entries"
            todayLine = style.green("\(check) done") + "  \(entries), \(Hours.format(report.todayHours)) h"
        } else if report.isRestDay {
            todayLine = style.dim("rest day") + "  nothing due; an entry still counts"
        } else {
            todayLine = style.yellow("pending") + "  no entry yet: journal add \"...\" --hours 1"
        }
        out += "Today       \(todayLine)\n"

        let s = report.streaks
        out += "Streak      " + style.bold("\(s.forgiving.current) \(s.forgiving.current == 1 ? "day" : "days")")
        out +=
            "  \(dot) grace \(s.graceBanked)/2 \(dot) strict \(s.strict.current) \(dot) \(s.weekly.current) \(s.weekly.current == 1 ? "week" : "weeks") at goal"
        out += style.dim("  (best \(s.forgiving.longest))") + "\n"

        let week = report.week
        out += "This week   " + Bar.draw(week.hours, of: week.goal, width: 20, style: style)
        out += "  \(Hours.format(week.hours)) of \(Hours.format(week.goal)) h"
        out += week.remaining > 0 ? style.dim(", \(Hours.format(week.remaining)) to go") : "  " + style.green("goal met")
        out += "\n"

        let papers = report.papers
        out += "Papers \(papers.year) " + Bar.draw(Double(papers.count), of: Double(papers.goal), width: 20, style: style)
        out += "  \(papers.count) of \(papers.goal)\n"

        out += "Shipped     \(report.shippedThisYear) this year"
        if let last = report.lastShipped {
            let ago = day.days(since: last.date)
            let when = ago == 0 ? "today" : ago == 1 ? "yesterday" : "\(ago) days ago"
            out += style.dim("  \(dot) last \(when): \(last.title)")
        }
        out += "\n"
        if let sync {
            let line = sync.summary
            out += "Sync        " + (sync.isUpToDate ? style.green(line) : style.yellow(line)) + "\n"
        }
        if !handEdits.isEmpty {
            let files = handEdits.count == 1 ? "1 day file" : "\(handEdits.count) day files"
            let next = sync == nil ? "the next journal add commits them" : "journal sync commits them"
            out += "Hand edits  " + style.yellow("\(files) edited, not committed yet") + style.dim(": \(next)") + "\n"
        }
        return out
    }

    struct JSONStatus: Encodable {
        struct Today: Encodable {
            let date: String
            let status: String
            let entries: Int
            let hours: Double
            let rest_day: Bool
        }
        struct Count: Encodable {
            let current: Int
            let longest: Int
        }
        struct Forgiving: Encodable {
            let current: Int
            let longest: Int
            let grace_banked: Int
        }
        struct Streaks: Encodable {
            let strict: Count
            let forgiving: Forgiving
            let weekly: Count
        }
        struct Week: Encodable {
            let period: String
            let start: String
            let end: String
            let hours: Double
            let goal: Double
            let remaining: Double
            let status: String
            let partial: Bool
        }
        struct Papers: Encodable {
            let year: Int
            let count: Int
            let goal: Int
        }
        struct Shipped: Encodable {
            let year: Int
            let count: Int
            let last_date: String?
            let last_title: String?

            enum CodingKeys: String, CodingKey { case year, count, last_date, last_title }

            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(year, forKey: .year)
                try container.encode(count, forKey: .count)
                try container.encode(last_date, forKey: .last_date)  // null before anything is shipped
                try container.encode(last_title, forKey: .last_title)
            }
        }
        let today: Today
        let streaks: Streaks
        let week: Week
        let papers: Papers
        let shipped: Shipped
        struct Sync: Encodable {
            let remote: String
            let unpushed_commits: Int
            let count_is_partial: Bool
            let ever_pushed: Bool
            let fetched_not_merged: Int
        }
        /// Left out when the journal has no remote.
        let sync: Sync?
        let hand_edits_waiting: [String]
    }

    public static func json(_ r: StatusReport, sync: SyncState? = nil, handEdits: [String] = []) throws -> String {
        let s = r.streaks
        return try JSONOutput.encode(
            JSONStatus(
                today: .init(
                    date: r.today.iso, status: r.todayEntries > 0 ? "done" : "pending", entries: r.todayEntries,
                    hours: Hours.json(r.todayHours), rest_day: r.isRestDay),
                streaks: .init(
                    strict: .init(current: s.strict.current, longest: s.strict.longest),
                    forgiving: .init(current: s.forgiving.current, longest: s.forgiving.longest, grace_banked: s.graceBanked),
                    weekly: .init(current: s.weekly.current, longest: s.weekly.longest)),
                week: .init(
                    period: r.week.period, start: r.week.start.iso, end: r.week.end.iso, hours: Hours.json(r.week.hours),
                    goal: Hours.json(r.week.goal),
                    remaining: Hours.json(r.week.remaining), status: r.week.status.rawValue,
                    partial: r.week.partial),
                papers: .init(year: r.papers.year, count: r.papers.count, goal: r.papers.goal),
                shipped: .init(
                    year: r.today.year, count: r.shippedThisYear, last_date: r.lastShipped?.date.iso, last_title: r.lastShipped?.title),
                sync: sync.map {
                    .init(
                        remote: $0.remote, unpushed_commits: $0.unpushedCommits, count_is_partial: $0.countIsPartial,
                        ever_pushed: $0.everPushed, fetched_not_merged: $0.fetchedNotMerged)
                }, hand_edits_waiting: handEdits))
    }
}
