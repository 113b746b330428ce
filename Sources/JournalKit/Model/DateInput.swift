import Foundation

/// Turns `--date` text into a day: `YYYY-MM-DD`, `today`, `yesterday`, `N days ago`, a weekday
/// name meaning the most recent such day (today included), or `last WEEKDAY` meaning the most
/// recent one before today. Days after `today` are refused. `range` adds the forms of
/// `--since`/`--until`: `YYYY-MM`, `YYYY`, `this week`, `last week`, `this month`, `last month`,
/// `this year`.
public enum DateInput {
    /// `allowFuture` (for planning rest days) also takes `tomorrow` and dates up to a year ahead.
    public static func parse(_ input: String, today: Day, option: String = "--date", allowFuture: Bool = false) throws -> Day {
        let text = input.trimmingCharacters(in: .whitespaces).lowercased()
        let day: Day
        switch text {
        case "today": day = today
        case "yesterday": day = today.adding(days: -1)
        case "tomorrow" where allowFuture: day = today.adding(days: 1)
        default:
            let words = text.split(separator: " ", omittingEmptySubsequences: true)
            if words.count == 3, words[1] == "days" || words[1] == "day", words[2] == "ago" {
                guard words[0].count <= 5, let count = Int(words[0]), count >= 0 else {
                    throw JournalError.badInput("\(option): \"\(input)\" is not a date; N days ago takes a whole number")
                }
                day = today.adding(days: -count)
            } else if words.count == 2, words[0] == "last", let weekday = weekdayNumber(String(words[1])) {
                day = today.adding(days: -(Day.floorMod(today.weekday - weekday - 1, 7) + 1))
            } else if let weekday = weekdayNumber(text) {
                day = today.adding(days: -Day.floorMod(today.weekday - weekday, 7))
            } else if let parsed = Day(iso: text) {
                day = parsed
            } else if text.count == 10, text.filter({ $0 == "-" }).count == 2 {
                throw JournalError.badInput("\(option): \"\(input)\" is not a real date")
            } else {
                throw JournalError.badInput(
                    "\(option): \"\(input)\" is not a date; use YYYY-MM-DD, today, yesterday, N days ago, a weekday name or last WEEKDAY")
            }
        }
        if allowFuture {
            guard day.days(since: today) <= 366 else {
                throw JournalError.badInput("\(option): \(day.iso) is more than a year ahead")
            }
            return day
        }
        guard day <= today else {
            throw JournalError.badInput("\(option): \(day.iso) is in the future (today is \(today.iso))")
        }
        return day
    }

    /// The days `--since`/`--until` text stands for: a period (`YYYY-MM`, `YYYY`, `this week`,
    /// `last week`, `this month`, `last month`, `this year`; weeks start on Monday) or one day in
    /// any form `parse` takes. A period may reach past today; it may not start after it.
    public static func range(_ input: String, today: Day, option: String) throws -> (first: Day, last: Day) {
        let text = input.trimmingCharacters(in: .whitespaces).lowercased().split(separator: " ").joined(separator: " ")
        let period: (first: Day, last: Day)?
        switch text {
        case "this week": period = (today.startOfISOWeek, today.startOfISOWeek.adding(days: 6))
        case "last week": period = (today.startOfISOWeek.adding(days: -7), today.startOfISOWeek.adding(days: -1))
        case "this month": period = month(today.year, today.month)
        case "last month": period = today.month == 1 ? month(today.year - 1, 12) : month(today.year, today.month - 1)
        case "this year": period = year(today.year)
        default:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            if parts.count == 1, text.count == 4, let y = Int(text), text.allSatisfy(\.isNumber) {
                period = year(y)
            } else if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
                text.allSatisfy({ $0.isNumber || $0 == "-" })
            {
                guard let found = month(y, m) else { throw JournalError.badInput("\(option): \"\(input)\" is not a real month") }
                period = found
            } else {
                period = nil
            }
        }
        if let period {
            guard period.first <= today else {
                throw JournalError.badInput("\(option): \(input) starts in the future (today is \(today.iso))")
            }
            return period
        }
        let day = try parse(input, today: today, option: option)
        return (day, day)
    }

    private static func month(_ y: Int, _ m: Int) -> (first: Day, last: Day)? {
        guard (1...12).contains(m), let first = Day(year: y, month: m, day: 1) else { return nil }
        let next = m == 12 ? Day(year: y + 1, month: 1, day: 1) : Day(year: y, month: m + 1, day: 1)
        return next.map { (first, $0.adding(days: -1)) }
    }

    private static func year(_ y: Int) -> (first: Day, last: Day)? {
        guard let first = Day(year: y, month: 1, day: 1), let last = Day(year: y, month: 12, day: 31) else { return nil }
        return (first, last)
    }

    /// 1 (Monday) to 7 (Sunday) for a full or three-letter English weekday name.
    public static func weekdayNumber(_ text: String) -> Int? {
        let name = text.lowercased()
        guard name.count >= 3 else { return nil }
        for (index, full) in Day.weekdayNames.enumerated() where full == name || (name.count == 3 && full.hasPrefix(name)) {
            return index + 1
        }
        return nil
    }
}
