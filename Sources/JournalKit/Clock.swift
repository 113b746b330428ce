import Foundation

/// The moment and zone a command runs in; passed in so every rule is testable with a fixed today.
public struct Clock: Sendable {
    public var now: Date
    public var timeZone: TimeZone

    public init(now: Date, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    /// The machine's clock and zone (`TZ` is honoured by Foundation).
    public static var system: Clock { Clock(now: Date(), timeZone: TimeZone.current) }

    /// The day an entry written now counts for: the local date, shifted back by `day.starts-at`.
    public func today(startsAt: (hour: Int, minute: Int)) -> Day {
        let shift = TimeInterval(startsAt.hour * 3600 + startsAt.minute * 60)
        return Day(now.addingTimeInterval(-shift), in: timeZone)
    }

    /// `HH:MM` of `date` in this zone.
    public func timeOfDay(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        let inDay = Day.floorMod(seconds, 86_400)
        return String(format: "%02d:%02d", inDay / 3600, (inDay % 3600) / 60)
    }
}

extension Clock {
    /// The clock a command runs on: "now" is `GIT_AUTHOR_DATE`, else `GIT_COMMITTER_DATE`, when set
    /// (as git takes them, so a commit made now carries that date), else the system clock. An empty
    /// variable counts as unset, as in git; a value git would refuse ("fatal: invalid date format")
    /// is refused, and so is an unparseable `GIT_COMMITTER_DATE` beside a valid `GIT_AUTHOR_DATE`,
    /// since git checks both when it commits. The variables give the moment only: days are still
    /// counted in `timeZone` (the machine's, `TZ`).
    public static func fromEnvironment(_ environment: [String: String], timeZone: TimeZone = .current) throws -> Clock {
        var moments: [Date] = []
        for name in ["GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            guard let date = gitDate(value, timeZone: timeZone) else {
                throw JournalError.badInput(
                    "invalid date format in \(name): \(value.debugDescription); use @<unix seconds> +0000, 2026-11-30T10:00:00+01:00 or Mon, 30 Nov 2026 10:00:00 +0100"
                )
            }
            moments.append(date)
        }
        return Clock(now: moments.first ?? Date(), timeZone: timeZone)
    }

    /// A date in one of the formats git reads from `GIT_AUTHOR_DATE` that people use: git's own
    /// `@<unix seconds> <+/-hhmm>` (also without the `@`), ISO 8601 (`2026-11-30T10:00:00+01:00`,
    /// `2026-11-30 10:00:00 +0100`), RFC 2822 (`Mon, 30 Nov 2026 10:00:00 +0100`) and what
    /// `git log` prints (`Mon Nov 30 10:00:00 2026 +0100`). A zone is `Z`, `UTC`, `GMT`, `+hh`,
    /// `+hhmm` or `+hh:mm`; without one the time is read in `timeZone`, as git does. Stricter than
    /// git where git guesses: a date that does not exist (2026-02-30, 25:00, offset +2500) or text
    /// after the date is refused, not rolled over or ignored. Nil when `text` is none of these.
    static func gitDate(_ text: String, timeZone: TimeZone) -> Date? {
        let formats: [(inout DateScanner) -> Date?] = [
            { $0.rawDate() }, { $0.isoDate(timeZone: timeZone) }, { $0.rfc2822Date(timeZone: timeZone) },
            { $0.gitLogDate(timeZone: timeZone) },
        ]
        for format in formats {
            var scan = DateScanner(text)
            scan.skipSpaces()
            if let date = format(&scan) { return date }
        }
        return nil
    }
}

/// Reads the date formats of `Clock.gitDate`, one scanner for each format tried.
private struct DateScanner {
    let bytes: [UInt8]
    var at = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
    ]
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    // MARK: Formats

    /// `@<seconds>`, optionally followed by a zone, or `<seconds> <zone>`; like git, a count of
    /// seconds is taken as one from 100000000 (1973) on, or with both the `@` and a zone. Up to
    /// the end of year 9999.
    mutating func rawDate() -> Date? {
        let marked = take("@")
        guard let seconds = number(digits: 1...12), seconds < 253_402_300_800,
            let zone = optionalZone(), end(), seconds >= 100_000_000 || (marked && zone != nil)
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// `YYYY-MM-DD`, `T` or a space, `HH:MM[:SS[.fraction]]`, then an optional zone.
    mutating func isoDate(timeZone: TimeZone) -> Date? {
        guard let year = number(digits: 4...4), take("-"), let month = number(digits: 1...2), take("-"),
            let day = number(digits: 1...2)
        else { return nil }
        guard take("T") || take("t") || skipSpaces(), let time = timeOfDay(fraction: true) else { return nil }
        guard let offset = optionalZone(), end() else { return nil }
        return Self.moment(year: year, month: month, day: day, time: time, offset: offset, timeZone: timeZone)
    }

    /// `[Weekday, ]DD Month YYYY HH:MM[:SS] [zone]` (the weekday, as in git, is not checked).
    mutating func rfc2822Date(timeZone: TimeZone) -> Date? {
        if weekday() {
            _ = take(",")
            guard skipSpaces() else { return nil }
        }
        guard let day = number(digits: 1...2), skipSpaces(), let month = month(), skipSpaces(),
            let year = number(digits: 4...4), skipSpaces(), let time = timeOfDay(fraction: false)
        else { return nil }
        guard let offset = optionalZone(), end() else { return nil }
        return Self.moment(year: year, month: month, day: day, time: time, offset: offset, timeZone: timeZone)
    }

    /// What `git log` prints: `Weekday Month DD HH:MM:SS YYYY [zone]`.
    mutating func gitLogDate(timeZone: TimeZone) -> Date? {
        guard weekday(), skipSpaces(), let month = month(), skipSpaces(), let day = number(digits: 1...2), skipSpaces(),
            let time = timeOfDay(fraction: false), skipSpaces(), let year = number(digits: 4...4)
        else { return nil }
        guard let offset = optionalZone(), end() else { return nil }
        return Self.moment(year: year, month: month, day: day, time: time, offset: offset, timeZone: timeZone)
    }

    /// The moment of a civil date and time at `offset` seconds east of UTC, else in `timeZone`;
    /// nil for a date or time that does not exist, or one git does not take (before 1970, after 2099).
    static func moment(
        year: Int, month: Int, day: Int, time: (hour: Int, minute: Int, second: Int),
        offset: Int?, timeZone: TimeZone
    ) -> Date? {
        guard (1970...2099).contains(year), let civil = Day(year: year, month: month, day: day),
            time.hour < 24, time.minute < 60, time.second <= 60
        else { return nil }
        let date: Date?
        if let offset {
            let local = civil.daysSinceEpoch * 86_400 + time.hour * 3600 + time.minute * 60 + time.second
            date = Date(timeIntervalSince1970: TimeInterval(local - offset))
        } else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let components = DateComponents(year: year, month: month, day: day, hour: time.hour, minute: time.minute)
            date = calendar.date(from: components)?.addingTimeInterval(TimeInterval(time.second))
        }
        return date.flatMap { $0.timeIntervalSince1970 >= 0 ? $0 : nil }
    }

    // MARK: Pieces

    /// `HH:MM`, then `:SS` (and with `fraction`, `.digits`, which are dropped, as git drops them).
    mutating func timeOfDay(fraction: Bool) -> (hour: Int, minute: Int, second: Int)? {
        guard let hour = number(digits: 1...2), take(":"), let minute = number(digits: 2...2) else { return nil }
        var second = 0
        if take(":") {
            guard let s = number(digits: 2...2) else { return nil }
            second = s
            if fraction, take(".") {
                guard number(digits: 1...9) != nil else { return nil }
            }
        }
        return (hour, minute, second)
    }

    /// After optional spaces: nothing left (`.some(nil)`), or a valid zone; nil for anything else.
    mutating func optionalZone() -> Int?? {
        if end() { return .some(nil) }
        guard let zone = zone() else { return nil }
        return .some(zone)
    }

    /// A zone as seconds east of UTC: `Z`, `UTC`, `GMT`, `+hh`, `+hhmm`, `+hh:mm` (up to 14 hours).
    mutating func zone() -> Int? {
        if let word = word() {
            return ["z", "utc", "gmt"].contains(word) ? 0 : nil
        }
        let sign: Int
        if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
        guard let hours = number(digits: 2...2) else { return nil }
        var minutes = 0
        let colon = take(":")
        if let m = number(digits: 2...2) {
            minutes = m
        } else if colon {
            return nil
        }
        guard hours <= 14, minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// An English weekday name or its three-letter abbreviation, in any case.
    mutating func weekday() -> Bool {
        let start = at
        guard let word = word(), Self.weekdays.contains(word) || Self.weekdayNames.contains(word) else {
            at = start
            return false
        }
        return true
    }

    /// An English month name or its three-letter abbreviation, in any case, as 1...12.
    mutating func month() -> Int? {
        guard let word = word(), let index = Self.months.firstIndex(of: word) ?? Self.monthNames.firstIndex(of: word) else {
            return nil
        }
        return index + 1
    }

    /// A run of ASCII letters, lower-cased.
    mutating func word() -> String? {
        let start = at
        while at < bytes.count, (bytes[at] | 0x20) >= UInt8(ascii: "a"), (bytes[at] | 0x20) <= UInt8(ascii: "z") { at += 1 }
        guard at > start else { return nil }
        return String(decoding: bytes[start..<at].map { $0 | 0x20 }, as: UTF8.self)
    }

    /// Up to `digits.upperBound` ASCII digits, at least `digits.lowerBound` of them.
    mutating func number(digits: ClosedRange<Int>) -> Int? {
        let start = at
        var value = 0
        while at < bytes.count, at - start < digits.upperBound, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[at] - UInt8(ascii: "0"))
            at += 1
        }
        guard at - start >= digits.lowerBound else { return nil }
        return value
    }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard at < bytes.count, bytes[at] == UInt8(ascii: character) else { return false }
        at += 1
        return true
    }

    /// Skips spaces and tabs (and line ends); whether there were any.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = at
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        return at > start
    }

    /// Whether only spaces are left.
    mutating func end() -> Bool {
        skipSpaces()
        return at == bytes.count
    }
}
