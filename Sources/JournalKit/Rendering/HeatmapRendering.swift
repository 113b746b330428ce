import Foundation

/// `journal heatmap`: the grid on a terminal, as JSON, and as a standalone SVG.
public enum HeatmapRendering {
    static let svgColours = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
    static let svgRest = "#c9dcf5"
    static let svgGrace = "#f4d58d"

    static func glyph(_ cell: Heatmap.Cell, style: TerminalStyle) -> String {
        let levels = style.unicode ? ["·", "░", "▒", "▓", "█"] : [".", ":", "o", "O", "#"]
        switch cell.state {
        case .future: return " "
        case .rest: return style.dim(style.unicode ? "○" : "r")
        case .grace: return style.yellow("+")
        case .none: return style.dim(levels[0])
        case .active: return style.green(levels[cell.level])
        }
    }

    /// How many weeks fit a terminal `columns` wide: four characters of weekday names, then two
    /// a week; at least 1, at most 53.
    public static func weeksThatFit(columns: Int) -> Int {
        max(1, min(53, (columns - 3) / 2))
    }

    public static func text(_ map: Heatmap, style: TerminalStyle) -> String {
        var out = "    "
        // Month labels over the first week holding the month's first day (the first column for
        // the month the map starts in); a label is left out when its month has too few columns
        // for it (three letters and a space take two columns).
        var labels = Array(repeating: Character(" "), count: map.weeks.count * 2 + 4)
        var starts: [(column: Int, month: Int)] = []
        for (column, week) in map.weeks.enumerated() {
            let month = week[6].date.month
            if starts.last?.month != month { starts.append((column, month)) }
        }
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1].column : map.weeks.count
            guard end - start.column >= 2 else { continue }
            for (i, ch) in Day.monthNames[start.month - 1].prefix(3).enumerated() { labels[start.column * 2 + i] = ch }
        }
        var header = String(labels)
        while header.hasSuffix(" ") { header.removeLast() }
        out += header + "\n"
        for row in 0..<7 {
            let name = row % 2 == 0 ? String(Day.weekdayNames[row].prefix(3)).capitalized : "   "
            out += name + " " + map.weeks.map { glyph($0[row], style: style) }.joined(separator: " ") + "\n"
        }
        let levels = (0...4).map {
            glyph(Heatmap.Cell(date: Day(daysSinceEpoch: 0), hours: 0, level: $0, state: $0 == 0 ? .none : .active), style: style)
        }
        out += "\n    less " + levels.joined(separator: " ") + " more"
        out += "   " + glyph(Heatmap.Cell(date: Day(daysSinceEpoch: 0), hours: 0, level: 0, state: .rest), style: style) + " rest"
        out += "   " + glyph(Heatmap.Cell(date: Day(daysSinceEpoch: 0), hours: 0, level: 0, state: .grace), style: style) + " grace day"
        out += "   (full square: \(Hours.format(map.dailyGoal * 1.5)) h or more)\n"
        return out
    }

    struct JSONCell: Encodable {
        let date: String
        let hours: Double
        let level: Int
        let state: String
    }
    struct JSONMap: Encodable {
        let start: String
        let end: String
        let daily_goal: Double
        let days: [JSONCell]
    }

    public static func json(_ map: Heatmap) throws -> String {
        let cells = map.weeks.flatMap { $0 }
        return try JSONOutput.encode(
            JSONMap(
                start: cells.first?.date.iso ?? "", end: cells.last?.date.iso ?? "", daily_goal: (map.dailyGoal * 100).rounded() / 100,
                days: cells.map {
                    JSONCell(date: $0.date.iso, hours: Hours.json($0.hours), level: $0.level, state: $0.state.rawValue)
                }))
    }

    /// A contribution-calendar SVG: rounded cells, five levels, tooltips with date and hours.
    public static func svg(_ map: Heatmap) -> String {
        let cell = 11
        let step = 14
        let left = 34
        let top = 22
        let width = left + map.weeks.count * step + 10
        let height = top + 7 * step + 34
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="10">
            <title>Learning journal: hours per day</title>
            <rect width="100%" height="100%" fill="#ffffff"/>

            """
        var lastMonth = 0
        var freeFrom = 0
        for (column, week) in map.weeks.enumerated() {
            let month = week[0].date.month
            if month != lastMonth, column >= freeFrom {
                out +=
                    "<text x=\"\(left + column * step)\" y=\"\(top - 8)\" fill=\"#57606a\">\(Day.monthNames[month - 1].prefix(3))</text>\n"
                freeFrom = column + 3
            }
            lastMonth = month
        }
        for row in [0, 2, 4] {
            out += "<text x=\"0\" y=\"\(top + row * step + 9)\" fill=\"#57606a\">\(Day.weekdayNames[row].prefix(3).capitalized)</text>\n"
        }
        for (column, week) in map.weeks.enumerated() {
            for (row, day) in week.enumerated() where day.state != .future {
                let fill: String
                let note: String
                switch day.state {
                case .rest:
                    fill = svgRest
                    note = "rest day"
                case .grace:
                    fill = svgGrace
                    note = "grace day"
                case .active:
                    fill = svgColours[day.level]
                    note = "\(Hours.format(day.hours)) h"
                default:
                    fill = svgColours[0]
                    note = "no entry"
                }
                out +=
                    "<rect x=\"\(left + column * step)\" y=\"\(top + row * step)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" ry=\"2\" "
                out += "fill=\"\(fill)\" data-date=\"\(day.date.iso)\" data-hours=\"\(Hours.format(day.hours))\">"
                out += "<title>\(day.date.iso): \(note)</title></rect>\n"
            }
        }
        let legendY = top + 7 * step + 12
        var x = left
        out += "<text x=\"\(x)\" y=\"\(legendY + 9)\" fill=\"#57606a\">Less</text>\n"
        x += 28
        for colour in svgColours {
            out += "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" ry=\"2\" fill=\"\(colour)\"/>\n"
            x += step
        }
        out += "<text x=\"\(x + 2)\" y=\"\(legendY + 9)\" fill=\"#57606a\">More</text>\n"
        x += 40
        for (colour, label) in [(svgRest, "rest"), (svgGrace, "grace day")] {
            out += "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" ry=\"2\" fill=\"\(colour)\"/>\n"
            out += "<text x=\"\(x + step)\" y=\"\(legendY + 9)\" fill=\"#57606a\">\(label)</text>\n"
            x += step + 8 + label.count * 6
        }
        out += "</svg>\n"
        return out
    }
}
