import Foundation

/// `journal status`: am I keeping up? Today, the streaks, this week's hours, papers and shipped work.
public struct StatusReport: Sendable {
    public let today: Day
    public let todayEntries: Int
    public let todayHours: Double
    public let isRestDay: Bool
    public let streaks: Streaks
    public let week: HoursReport.Row
    public let papers: PapersReport
    public let shippedThisYear: Int
    public let lastShipped: (date: Day, title: String)?

    public init(activity: Activity, settings: Settings) {
        let today = activity.today
        self.today = today
        todayEntries = activity.days[today]?.entries ?? 0
        todayHours = activity.hours(on: today)
        isRestDay = activity.isRest(today)
        streaks = Streaks(activity)
        let monday = today.startOfISOWeek
        week = HoursReport(activity: activity, by: .week, since: monday, until: monday.adding(days: 6)).rows[0]
        papers = PapersReport(activity: activity, year: today.year, configuredGoal: settings.yearlyPapers)
        shippedThisYear = activity.shipped.filter { $0.date.year == today.year }.count
        lastShipped = activity.shipped.last.map { (date: $0.date, title: $0.link.title) }
    }
}
