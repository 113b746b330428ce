import Foundation

/// Time spent on an entry, in decimal hours (0 < h <= 24). Stored in the `Hours` trailer with up
/// to six decimals (`trailerValue`), so minutes add up exactly; shown rounded to the minute with at
/// most two decimals (`description`, `format`).
public struct Hours: Equatable, Sendable, CustomStringConvertible {
    public let minutes: Double

    public init(minutes: Double) { self.minutes = minutes }

    public var value: Double { minutes / 60 }

    /// Parses what a user types: `1.5`, `1.5h`, `2 h`, `2 hrs`, `2hours`, `90m`, `90 min`, `45min`,
    /// `1h30m`, `1h 30m`, `1h30`, `1:30`. Spaces between a number and its unit, and between hours
    /// and minutes, are allowed.
    public init(parsing input: String) throws {
        let text = Text.trimmed(input).lowercased()
        let bad = JournalError.badInput("--hours: \"\(input)\" is not a duration; use 1.5, 1.5h, 90m, 90 min, 1h30m or 1:30")
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII }), text.count <= 40 else { throw bad }
        if text.hasPrefix("-") {
            throw JournalError.badInput("--hours: \"\(input)\": hours must be more than 0")
        }
        var minutes: Double
        if let colon = text.firstIndex(of: ":") {
            // 1:30, hours and minutes as on a clock
            let h = text[..<colon]
            let m = text[text.index(after: colon)...]
            guard (1...2).contains(h.count), m.count == 2, let hours = Int(h), let mins = Int(m), hours >= 0, (0..<60).contains(mins)
            else { throw bad }
            minutes = Double(hours * 60 + mins)
        } else {
            let parts = try Hours.quantities(text, bad: bad)
            switch parts.count {
            case 1:
                minutes = parts[0].unit == .minutes ? parts[0].number : parts[0].number * 60
            case 2:
                // 1h30m: whole hours, then whole minutes under 60 (the unit of the second may be left out)
                let (first, second) = (parts[0], parts[1])
                guard first.unit == .hours, second.unit != .hours, first.digits <= 2, first.isWhole, second.isWhole,
                    second.number < 60
                else { throw bad }
                minutes = first.number * 60 + second.number
            default:
                throw bad
            }
        }
        minutes = (minutes * 1000).rounded() / 1000
        // Checked as it will be written (millionths of an hour), so a tiny value cannot be stored as 0.
        guard (minutes / 60 * 1_000_000).rounded() > 0 else {
            throw JournalError.badInput("--hours: \"\(input)\" must be more than 0 hours")
        }
        guard minutes <= 24 * 60 else { throw JournalError.badInput("--hours: \"\(input)\" is more than 24 hours in one entry") }
        self.minutes = minutes
    }

    private enum Unit { case none, hours, minutes }

    private struct Quantity {
        var number: Double
        var digits: Int
        var isWhole: Bool
        var unit: Unit
    }

    /// `1h 30m` as [(1, hours), (30, minutes)]: a decimal number, optional spaces, an optional unit.
    private static func quantities(_ text: String, bad: JournalError) throws -> [Quantity] {
        var result: [Quantity] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let number = rest.prefix { $0 == "." || $0.isNumber }
            guard let value = decimal(number) else { throw bad }
            rest = rest.dropFirst(number.count).drop { $0 == " " }
            let word = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(word.count).drop { $0 == " " }
            let unit: Unit
            switch word {
            case "": unit = .none
            case "h", "hr", "hrs", "hour", "hours": unit = .hours
            case "m", "min", "mins", "minute", "minutes": unit = .minutes
            default: throw bad
            }
            result.append(Quantity(number: value, digits: number.count, isWhole: !number.contains("."), unit: unit))
            guard result.count <= 2 else { throw bad }
        }
        return result
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
