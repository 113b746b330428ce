import Foundation

/// `journal streak`: text and JSON.
public enum StreakRendering {
    struct JSONCount: Encodable {
        let current: Int
        let longest: Int
    }
    struct JSONForgiving: Encodable {
        let current: Int
        let longest: Int
        let grace_banked: Int
    }
    struct JSONRun: Encodable {
        let start: String
        let end: String
        let length: Int
    }
    struct JSONStreaks: Encodable {
        let strict: JSONCount
        let forgiving: JSONForgiving
        let weekly: JSONCount
        let today: String
        let as_of: String
        let history: [String: [JSONRun]]?
    }

    public static func json(_ streaks: Streaks, today: Day, history: Bool) throws -> String {
        func runs(_ list: [StreakRun]) -> [JSONRun] { list.map { JSONRun(start: $0.start.iso, end: $0.end.iso, length: $0.length) } }
        return try JSONOutput.encode(
            JSONStreaks(
                strict: JSONCount(current: streaks.strict.current, longest: streaks.strict.longest),
                forgiving: JSONForgiving(
                    current: streaks.forgiving.current, longest: streaks.forgiving.longest, grace_banked: streaks.graceBanked),
                weekly: JSONCount(current: streaks.weekly.current, longest: streaks.weekly.longest),
                today: streaks.todayDone ? "done" : "pending", as_of: today.iso,
                history: history
                    ? ["strict": runs(streaks.strictRuns), "forgiving": runs(streaks.forgivingRuns), "weekly": runs(streaks.weeklyRuns)]
                    : nil))
    }

    public static func text(_ streaks: Streaks, today: Day, history: Bool, style: TerminalStyle) -> String {
        func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
        func weeks(_ n: Int) -> String { n == 1 ? "1 week" : "\(n) weeks" }
        var out = ""
        out += "Today      " + (streaks.todayDone ? style.green("done") : style.yellow("pending")) + "\n"
        out += "Forgiving  \(style.bold(Bar.pad(days(streaks.forgiving.current), 10)))  longest \(days(streaks.forgiving.longest))"
        out += ", grace banked \(streaks.graceBanked)/2\n"
        out += "Strict     \(style.bold(Bar.pad(days(streaks.strict.current), 10)))  longest \(days(streaks.strict.longest))\n"
        out += "Weekly     \(style.bold(Bar.pad(weeks(streaks.weekly.current), 10)))  longest \(weeks(streaks.weekly.longest))\n"
        guard history else { return out }
        for (name, runs, unit) in [
            ("Forgiving", streaks.forgivingRuns, "day"), ("Strict", streaks.strictRuns, "day"), ("Weekly", streaks.weeklyRuns, "week"),
        ] {
            out += "\n" + style.bold("\(name) runs") + "\n"
            if runs.isEmpty { out += "  none yet\n" }
            for run in runs.reversed() {
                let length = "\(run.length) \(unit)\(run.length == 1 ? "" : "s")"
                out += "  \(run.start.iso) .. \(run.end.iso)  \(Bar.pad(length, 9, right: true))\n"
            }
        }
        return out
    }
}
