import Foundation

/// Turns `--date` text into a day: `YYYY-MM-DD`, `today`, `yesterday`, or a weekday name
/// meaning the most recent such day (today included). Days after `today` are refused.
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
            if let weekday = weekdayNumber(text) {
                day = today.adding(days: -Day.floorMod(today.weekday - weekday, 7))
            } else if let parsed = Day(iso: text) {
                day = parsed
            } else if text.count == 10, text.filter({ $0 == "-" }).count == 2 {
                throw JournalError.badInput("\(option): \"\(input)\" is not a real date")
            } else {
                throw JournalError.badInput("\(option): \"\(input)\" is not a date; use YYYY-MM-DD, today, yesterday or a weekday name")
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
