import Foundation

/// Time spent on an entry, in decimal hours (0 < h <= 24). Stored in the `Hours` trailer with up
/// to six decimals (`trailerValue`), so minutes add up exactly; shown rounded to the minute with at
/// most two decimals (`description`, `format`).
public struct Hours: Equatable, Sendable, CustomStringConvertible {
    public let minutes: Double

    public init(minutes: Double) { self.minutes = minutes }

    public var value: Double { minutes / 60 }

    /// Parses what a user types: `1.5`, `1.5h`, `90m`, `45min`, `1h30m`, `2h`.
    public init(parsing input: String) throws {
        let text = input.trimmingCharacters(in: .whitespaces).lowercased()
        let bad = JournalError.badInput("--hours: \"\(input)\" is not a duration; use 1.5, 1.5h, 90m or 1h30m")
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII }) else { throw bad }
        var minutes: Double
        if let hIndex = text.firstIndex(of: "h"), text[text.index(after: hIndex)...].first?.isNumber == true {
            // 1h30m: whole hours and minutes under 60
            guard text[..<hIndex].count <= 2, let h = Int(text[..<hIndex]), h >= 0 else { throw bad }
            var rest = text[text.index(after: hIndex)...]
            if rest.hasSuffix("min") { rest = rest.dropLast(3) } else if rest.hasSuffix("m") { rest = rest.dropLast() }
            guard rest.count <= 2, let m = Int(rest), m >= 0, m < 60 else { throw bad }
            minutes = Double(h * 60 + m)
        } else if text.hasSuffix("min") || text.hasSuffix("m") {
            let number = text.hasSuffix("min") ? text.dropLast(3) : text.dropLast()
            guard let m = Hours.decimal(number) else { throw bad }
            minutes = m
        } else {
            let number = text.hasSuffix("h") ? text.dropLast() : Substring(text)
            guard let h = Hours.decimal(number) else { throw bad }
            minutes = h * 60
        }
        minutes = (minutes * 1000).rounded() / 1000
        // Checked as it will be written (millionths of an hour), so a tiny value cannot be stored as 0.
        guard (minutes / 60 * 1_000_000).rounded() > 0 else {
            throw JournalError.badInput("--hours: \"\(input)\" must be more than 0 hours")
        }
        guard minutes <= 24 * 60 else { throw JournalError.badInput("--hours: \"\(input)\" is more than 24 hours in one entry") }
        self.minutes = minutes
    }

    /// Reads a trailer value (`1.5`); nil when it is not a plain decimal within 0 < h <= 24.
    public init?(trailer: String) {
        guard let h = Hours.decimal(Substring(trailer.trimmingCharacters(in: .whitespaces))), h > 0, h <= 24 else { return nil }
        minutes = h * 60
    }

    /// The same from a trailer value's bytes, without Foundation (read 100,000 times).
    init?(trailerBytes value: UnsafeRawBufferPointer) {
        var whole = 0.0
        var fraction = 0.0
        var scale = 1.0
        var digits = 0
        var dots = 0
        var p = 0
        let end = value.count
        while p < end && (value[p] == 0x20 || value[p] == 0x09) { p += 1 }
        while p < end {
            let c = value[p]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                guard digits <= 12 else { return nil }
                if dots == 0 {
                    whole = whole * 10 + Double(c - 0x30)
                } else {
                    scale /= 10
                    fraction += Double(c - 0x30) * scale
                }
            } else if c == 0x2E {
                dots += 1
                guard dots == 1 else { return nil }
            } else {
                break
            }
            p += 1
        }
        while p < end && (value[p] == 0x20 || value[p] == 0x09) { p += 1 }
        guard p == end, digits > 0 else { return nil }
        let hours = whole + fraction
        guard hours > 0, hours <= 24 else { return nil }
        minutes = hours * 60
    }

    /// For people: rounded to the minute, at most two decimals, no trailing zeros: `1.5`, `2`, `0.33`.
    public var description: String { Hours.format(value) }

    /// The `Hours` trailer's value: up to six decimals, no trailing zeros (`1.5`, `2`, `0.333333`
    /// for 20 minutes), so three entries of 20 minutes add up to the hour once rounded to the minute.
    public var trailerValue: String {
        let millionths = Int((value * 1_000_000).rounded())
        let whole = millionths / 1_000_000
        var fraction = millionths % 1_000_000
        guard fraction != 0 else { return "\(whole)" }
        var digits = 6
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }

    /// A sum of hours rounded to the minute: what reports show, compare with goals and print as JSON.
    public static func toMinute(_ hours: Double) -> Double {
        (hours * 60).rounded() / 60
    }

    /// Hours as JSON numbers: rounded to the minute, then to two decimals.
    public static func json(_ hours: Double) -> Double {
        (toMinute(hours) * 100).rounded() / 100
    }

    /// Hours for people: rounded to the minute, then to at most two decimals, no trailing zeros.
    public static func format(_ hours: Double) -> String {
        let hundredths = Int((toMinute(hours) * 100).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        if fraction == 0 { return "\(whole)" }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Digits with at most one dot; nothing else (no sign, exponent, nan or inf).
    static func decimal(_ text: Substring) -> Double? {
        guard !text.isEmpty, text != ".", text.filter({ $0 == "." }).count <= 1,
            text.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }), text.count <= 12
        else { return nil }
        return Double(text)
    }
}
