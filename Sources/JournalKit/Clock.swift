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
