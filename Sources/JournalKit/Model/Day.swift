import Foundation

/// A calendar date with no time or zone: the unit streaks and goals are counted in.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01 (negative before): one word, so history of 100,000 entries stays small.
    public let daysSinceEpoch: Int

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// Builds a day, or nil when the date does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        daysSinceEpoch = Day.days(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses exactly `YYYY-MM-DD` from bytes, without making a Swift string.
    public init?(isoBytes text: UnsafeRawBufferPointer) {
        guard text.count == 10 else { return nil }
        var digits = [Int](repeating: 0, count: 8)
        var n = 0
        for i in 0..<10 {
            let c = text[i]
            if i == 4 || i == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
            } else {
                guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
                digits[n] = Int(c - UInt8(ascii: "0"))
                n += 1
            }
        }
        self.init(
            year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3],
            month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        self.init(
            daysSinceEpoch: Day.floorDiv(
                Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down)), 86_400))
    }

    /// The day `date` falls on at a fixed UTC offset (minutes east), as git records authors.
    public init(_ date: Date, offsetMinutes: Int) {
        self.init(daysSinceEpoch: Day.floorDiv(Int(date.timeIntervalSince1970.rounded(.down)) + offsetMinutes * 60, 86_400))
    }

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Year, month and day, by the civil-from-days algorithm.
    public var civil: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = Day.floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a civil date, by the days-from-civil algorithm.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = Day.floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + days) }

    public func days(since other: Day) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    /// ISO weekday: 1 is Monday, 7 is Sunday.
    public var weekday: Int { Day.floorMod(daysSinceEpoch + 3, 7) + 1 }

    /// The Monday of this day's ISO week.
    public var startOfISOWeek: Day { adding(days: 1 - weekday) }

    /// The ISO week-numbering year and week, e.g. (2026, 48).
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let jan1 = Day(daysSinceEpoch: Day.days(year: thursday.year, month: 1, day: 1))
        return (thursday.year, thursday.days(since: jan1) / 7 + 1)
    }

    public var iso: String {
        let (year, month, day) = civil
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + two(month) + "-" + two(day)
    }

    public var description: String { iso }

    /// The start of this day (00:00) in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let (year, month, day) = civil
        let components = DateComponents(year: year, month: month, day: day)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }

    public static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]
}
