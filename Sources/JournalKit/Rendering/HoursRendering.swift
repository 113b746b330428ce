import Foundation

/// `journal hours`: a timesheet, and its JSON.
public enum HoursRendering {
    struct JSONRow: Encodable {
        let period, start, end, status: String
        let hours, goal, remaining: Double
        let partial: Bool
    }

    struct JSONReport: Encodable {
        let total_hours: Double
        let by: String
        let as_of: String
        let periods: [JSONRow]
    }

    public static func json(_ report: HoursReport, today: Day) throws -> String {
        try JSONOutput.encode(
            JSONReport(
                total_hours: Hours.json(report.totalHours), by: report.by.rawValue, as_of: today.iso,
                periods: report.rows.map {
                    JSONRow(
                        period: $0.period, start: $0.start.iso, end: $0.end.iso, status: $0.status.rawValue,
                        hours: Hours.json($0.hours), goal: Hours.json($0.goal),
                        remaining: Hours.json($0.remaining), partial: $0.partial)
                }))
    }

    public static func text(_ report: HoursReport, style: TerminalStyle) -> String {
        let dash = style.unicode ? "–" : "-"
        // The period column is two wider than its longest value, so a day never runs into its weekday.
        let periodWidth = max(10, (report.rows.map(\.period.count).max() ?? 0) + 2)
        var out =
            style.bold(
                Bar.pad(report.by.rawValue.capitalized, periodWidth) + Bar.pad("Dates", 15) + Bar.pad("Hours", 7, right: true)
                    + Bar.pad("Goal", 7, right: true) + Bar.pad("Left", 7, right: true) + "  " + Bar.pad("", 20) + "  Status") + "\n"
        for row in report.rows {
            let dates: String
            if row.start == row.end {
                dates = String(Day.weekdayNames[row.start.weekday - 1].prefix(3)).capitalized
            } else {
                dates = "\(short(row.start)) \(dash) \(short(row.end))"
            }
            let status: String
            switch row.status {
            case .met: status = style.green("met")
            case .missed: status = style.red("missed")
            case .pending: status = style.yellow("pending")
            case .rest: status = style.dim("rest")
            }
            out +=
                Bar.pad(row.period + (row.partial ? "*" : ""), periodWidth) + Bar.pad(dates, 15)
                + Bar.pad(Hours.format(row.hours), 7, right: true)
                + Bar.pad(Hours.format(row.goal), 7, right: true) + Bar.pad(Hours.format(row.remaining), 7, right: true)
                + "  " + Bar.draw(row.hours, of: row.goal, width: 20, style: style) + "  " + status + "\n"
        }
        out += "Total \(Hours.format(report.totalHours)) h\n"
        if report.rows.contains(where: \.partial) {
            out += style.dim("* partial: only the dates shown count, against a goal prorated to them") + "\n"
        }
        return out
    }

    static func short(_ day: Day) -> String {
        String(Day.monthNames[day.month - 1].prefix(3)) + " " + (day.day < 10 ? "0" : "") + String(day.day)
    }
}
