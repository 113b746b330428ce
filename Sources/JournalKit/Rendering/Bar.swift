/// A horizontal bar for progress against a goal.
enum Bar {
    static func draw(_ value: Double, of goal: Double, width: Int, style: TerminalStyle) -> String {
        let fraction = goal > 0 ? min(1, max(0, value / goal)) : (value > 0 ? 1 : 0)
        let filled = Int((fraction * Double(width)).rounded())
        let full = style.unicode ? "█" : "#"
        let empty = style.unicode ? "░" : "."
        let bar = String(repeating: full, count: filled)
        let rest = String(repeating: empty, count: width - filled)
        return (fraction >= 1 ? style.green(bar) : style.cyan(bar)) + style.dim(rest)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let count = text.count
        guard count < width else { return text }
        let space = String(repeating: " ", count: width - count)
        return right ? space + text : text + space
    }
}
