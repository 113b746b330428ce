import Foundation

/// ANSI colour for human output: on only for a terminal, never with `NO_COLOR` or `TERM=dumb`.
public struct TerminalStyle: Sendable {
    public let colour: Bool
    /// Whether the terminal takes UTF-8 (else reports fall back to ASCII).
    public let unicode: Bool

    public init(colour: Bool, unicode: Bool = true) {
        self.colour = colour
        self.unicode = unicode
    }

    public static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        let locale =
            environment["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LC_CTYPE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["LANG"] ?? ""
        let unicode = !isTerminal || locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        return TerminalStyle(colour: isTerminal && !noColour, unicode: unicode)
    }

    public static let plain = TerminalStyle(colour: false)

    func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    public func bold(_ text: String) -> String { paint(text, "1") }
    public func dim(_ text: String) -> String { paint(text, "2") }
    public func green(_ text: String) -> String { paint(text, "32") }
    public func yellow(_ text: String) -> String { paint(text, "33") }
    public func cyan(_ text: String) -> String { paint(text, "36") }
    public func red(_ text: String) -> String { paint(text, "31") }
    /// A search match: bold red.
    public func highlight(_ text: String) -> String { paint(text, "1;31") }
}
