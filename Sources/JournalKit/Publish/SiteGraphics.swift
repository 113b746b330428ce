import Foundation

/// The site's SVGs: the heatmap (inline, styled by the page's CSS so dark mode applies; or
/// standalone in a light or a dark palette) and bar charts of hours. Each has `role="img"`, a
/// title and a description; each heatmap cell and bar has a `<title>` tooltip.
enum SiteGraphics {
    /// Fill colours of a standalone heatmap: background, text, levels 0...4, rest, grace.
    struct Palette {
        let background: String
        let text: String
        let levels: [String]
        let rest: String
        let grace: String

        /// The colours of `journal heatmap --svg` (Rendering/HeatmapRendering.swift).
        static let light = Palette(
            background: "#ffffff", text: "#57606a", levels: HeatmapRendering.svgColours, rest: HeatmapRendering.svgRest,
            grace: HeatmapRendering.svgGrace)
        static let dark = Palette(
            background: "#0d1117", text: "#8b949e", levels: ["#161b22", "#0e4429", "#006d32", "#26a641", "#39d353"], rest: "#1f3a5f",
            grace: "#6e5a1e")
    }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    /// The tooltip of one day: `2026-11-29: 3 entries, 2.5 h` (plus rest or grace day).
    static func cellTitle(_ cell: Heatmap.Cell, entries: Int) -> String {
        var text = "\(cell.date.iso): \(plural(entries, "entry", "entries")), \(Hours.format(cell.hours)) h"
        if cell.state == .rest { text += " (rest day)" }
        if cell.state == .grace { text += " (grace day)" }
        return text
    }

    /// The heatmap; `palette` nil gives CSS classes (`l0`...`l4`, `rest`, `grace`) for a page.
    static func heatmap(_ map: Heatmap, entries: (Day) -> Int, palette: Palette?, id: String) -> String {
        let cell = 11
        let step = 14
        let left = 34
        let top = 22
        let width = left + map.weeks.count * step + 10
        let height = top + 7 * step + 34
        let cells = map.weeks.flatMap { $0 }.filter { $0.state != .future }
        let first = cells.first?.date.iso ?? ""
        let last = cells.last?.date.iso ?? ""
        let active = cells.filter { $0.state == .active }
        let hours = active.reduce(0) { $0 + $1.hours }
        func fill(_ name: String, _ colour: (Palette) -> String) -> String {
            palette.map { "fill=\"\(colour($0))\"" } ?? "class=\"\(name)\""
        }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        out += "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" class=\"heatmap\" "
        out += "font-family=\"-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"10\">\n"
        out += "<title id=\"\(id)-title\">Learning journal: hours per day</title>\n"
        out += "<desc id=\"\(id)-desc\">One square a day from \(first) to \(last), a column a week, Monday at the top; "
        out +=
            "\(plural(active.count, "day", "days")) with entries, \(Hours.format(hours)) h in all. Darker squares mean more hours.</desc>\n"
        if let palette { out += "<rect width=\"100%\" height=\"100%\" fill=\"\(palette.background)\"/>\n" }
        let label = fill("label", \.text)
        var lastMonth = 0
        var freeFrom = 0
        for (column, week) in map.weeks.enumerated() {
            let month = week[0].date.month
            if month != lastMonth, column >= freeFrom {
                out += "<text x=\"\(left + column * step)\" y=\"\(top - 8)\" \(label)>\(Day.monthNames[month - 1].prefix(3))</text>\n"
                freeFrom = column + 3
            }
            lastMonth = month
        }
        for row in [0, 2, 4] {
            out += "<text x=\"0\" y=\"\(top + row * step + 9)\" \(label)>\(Day.weekdayNames[row].prefix(3).capitalized)</text>\n"
        }
        for (column, week) in map.weeks.enumerated() {
            for (row, day) in week.enumerated() where day.state != .future {
                let paint: String
                switch day.state {
                case .rest: paint = fill("rest", \.rest)
                case .grace: paint = fill("grace", \.grace)
                case .active: paint = fill("l\(day.level)", { $0.levels[day.level] })
                default: paint = fill("l0", { $0.levels[0] })
                }
                out += "<rect x=\"\(left + column * step)\" y=\"\(top + row * step)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" "
                out +=
                    "\(paint) data-date=\"\(day.date.iso)\"><title>\(HTML.escape(cellTitle(day, entries: entries(day.date))))</title></rect>\n"
            }
        }
        let legendY = top + 7 * step + 12
        var x = left
        out += "<text x=\"\(x)\" y=\"\(legendY + 9)\" \(label)>Less</text>\n"
        x += 28
        for level in 0...4 {
            out +=
                "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" \(fill("l\(level)", { $0.levels[level] }))/>\n"
            x += step
        }
        out += "<text x=\"\(x + 2)\" y=\"\(legendY + 9)\" \(label)>More</text>\n"
        x += 40
        for (name, text) in [("rest", "rest"), ("grace", "grace day")] {
            out += "<rect x=\"\(x)\" y=\"\(legendY)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" "
            out += "\(fill(name, { name == "rest" ? $0.rest : $0.grace }))/>\n"
            out += "<text x=\"\(x + step)\" y=\"\(legendY + 9)\" \(label)>\(text)</text>\n"
            x += step + 8 + text.count * 6
        }
        out += "</svg>\n"
        return out
    }

    /// A bar chart of hours per period (oldest left) with the goal as a dashed line; styled by
    /// the page's CSS (`bar`, `goal`, `label`).
    static func bars(_ rows: [HoursReport.Row], title: String, id: String) -> String {
        let barWidth = 14
        let gap = 4
        let left = 36
        let top = 10
        let plot = 120
        let width = left + max(1, rows.count) * (barWidth + gap) + 10
        let height = top + plot + 30
        let highest = max(1, rows.map { max($0.hours, $0.goal) }.max() ?? 1)
        func y(_ hours: Double) -> Int { top + plot - Int((hours / highest * Double(plot)).rounded()) }
        let total = rows.reduce(0) { $0 + $1.hours }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" "
        out += "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" class=\"chart\" "
        out += "font-family=\"-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"10\">\n"
        out += "<title id=\"\(id)-title\">\(HTML.escape(title))</title>\n"
        out += "<desc id=\"\(id)-desc\">\(rows.count) bars from \(rows.first?.period ?? "") to \(rows.last?.period ?? ""), "
        out += "\(Hours.format((total * 100).rounded() / 100)) h in all; the dashed line is the goal.</desc>\n"
        out += "<text x=\"0\" y=\"\(top + 8)\" class=\"label\">\(Hours.format((highest * 10).rounded() / 10)) h</text>\n"
        out += "<text x=\"0\" y=\"\(top + plot)\" class=\"label\">0</text>\n"
        for (i, row) in rows.enumerated() {
            let x = left + i * (barWidth + gap)
            let barTop = y(row.hours)
            out += "<rect x=\"\(x)\" y=\"\(barTop)\" width=\"\(barWidth)\" height=\"\(top + plot - barTop)\" class=\"bar\">"
            out += "<title>\(row.period): \(Hours.format(row.hours)) h of \(Hours.format(row.goal)) h</title></rect>\n"
            if i % 4 == 0 || rows.count <= 12 {
                let label = row.period.count > 7 ? String(row.period.suffix(3)) : String(row.period.suffix(2))
                out += "<text x=\"\(x)\" y=\"\(top + plot + 14)\" class=\"label\">\(label)</text>\n"
            }
        }
        if let goal = rows.last?.goal, goal > 0 {
            out += "<line x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(y(goal))\" y2=\"\(y(goal))\" class=\"goal\"/>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// The stylesheet every page links: light by default, dark from `prefers-color-scheme`.
    static let css = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --link: #0969da;
          --l0: #ebedf0; --l1: #9be9a8; --l2: #40c463; --l3: #30a14e; --l4: #216e39; --rest: #c9dcf5; --grace: #f4d58d; --bar: #40c463; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8b949e; --line: #30363d; --link: #58a6ff;
            --l0: #161b22; --l1: #0e4429; --l2: #006d32; --l3: #26a641; --l4: #39d353; --rest: #1f3a5f; --grace: #6e5a1e; --bar: #26a641; }
        }
        body { margin: 0 auto; max-width: 60rem; padding: 1rem 1.25rem 3rem; background: var(--bg); color: var(--fg);
          font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        a { color: var(--link); }
        header { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: baseline; border-bottom: 1px solid var(--line);
          padding-bottom: .5rem; margin-bottom: 1rem; }
        header .site { font-weight: 600; font-size: 1.2rem; }
        nav a { margin-right: .75rem; }
        footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; border-top: 1px solid var(--line); padding-top: .5rem; }
        .meta, .muted { color: var(--muted); font-size: .92rem; }
        .numbers { display: flex; flex-wrap: wrap; gap: 1rem 2rem; padding: 0; list-style: none; }
        .numbers li strong { display: block; font-size: 1.6rem; }
        .figure { overflow-x: auto; }
        article { border-top: 1px solid var(--line); padding-top: .5rem; margin-top: 1rem; }
        svg .label { fill: var(--muted); }
        svg .l0 { fill: var(--l0); } svg .l1 { fill: var(--l1); } svg .l2 { fill: var(--l2); } svg .l3 { fill: var(--l3); }
        svg .l4 { fill: var(--l4); } svg .rest { fill: var(--rest); } svg .grace { fill: var(--grace); }
        svg .bar { fill: var(--bar); } svg .goal { stroke: var(--muted); stroke-dasharray: 4 3; }
        pre { overflow-x: auto; background: var(--l0); padding: .5rem; }

        """
}
