import Foundation

/// What `journal rest` and `journal config set|unset` print.
public enum ChangeRendering {
    public static func text(_ change: RestChange, style: TerminalStyle) -> String {
        let day = change.day.iso
        guard let commit = change.commit else {
            if change.cancel { return "\(day) is not a rest day; nothing to cancel, nothing committed\n" }
            let why = change.isRestWeekday ? " (streak.rest-days)" : ""
            return "\(day) is already a rest day\(why); nothing committed\n"
        }
        let line: String
        if change.cancel {
            line = change.isRestWeekday ? "\(day) is an ordinary day now, not a planned rest day" : "\(day) is no longer a rest day"
        } else {
            line = "\(day) is a rest day"
        }
        return line + style.dim("  [\(commit.short)]") + "\n"
    }

    public static func text(_ change: SettingChange, style: TerminalStyle) -> String {
        guard change.changed else {
            if let value = change.value { return "\(change.key) is already \(value); nothing changed\n" }
            return "\(change.key) is not set; nothing changed\n"
        }
        let where_ = change.isLocal ? style.dim("  (this machine's .git/config, not committed)") : ""
        guard let value = change.value else { return "\(change.key) unset" + where_ + "\n" }
        return "\(change.key) = \(value)" + where_ + "\n"
    }
}
