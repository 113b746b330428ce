import Foundation
internal import GitKit

/// A key of `.journal/config`, with what it means and how its values are checked.
public struct SettingKey: Sendable {
    public let name: String
    public let summary: String
    public let defaultValue: String?
    /// Kept in this machine's `.git/config`, never committed: paths of keys and trust anchors
    /// differ between machines, and a trust setting must not arrive with a pull.
    public var isLocal: Bool { name.hasPrefix("sync.") }
    let normalise: @Sendable (String) throws -> String

    public static let all: [SettingKey] = [
        SettingKey(
            name: "day.starts-at", summary: "when a new day begins, HH:MM (a learner who studies until 2am sets 03:00)",
            defaultValue: "00:00", normalise: { try Settings.parseTime($0).text }),
        SettingKey(
            name: "goal.weekly-hours", summary: "hours a week to aim for",
            defaultValue: "10", normalise: { try Settings.parseGoalHours($0) }),
        SettingKey(
            name: "goal.yearly-papers", summary: "papers a year to aim for (default: twice last year's count, or 24)",
            defaultValue: nil, normalise: { try Settings.parseCount($0, key: "goal.yearly-papers") }),
        SettingKey(
            name: "streak.rest-days", summary: "planned rest weekdays, e.g. sun or sat,sun",
            defaultValue: "", normalise: { try Settings.parseRestDays($0).text }),
        SettingKey(
            name: "publish.exclude-tags", summary: "tags whose entries never appear in a review or the site (private always)",
            defaultValue: "", normalise: { try Settings.parseTagList($0) }),
        SettingKey(
            name: "publish.bodies", summary: "whose bodies the site shows: public (entries tagged public) or all",
            defaultValue: "public", normalise: { try Settings.parseBodies($0) }),
        SettingKey(
            name: "publish.count-private", summary: "whether the site's totals include the hours of hidden entries (true or false)",
            defaultValue: "false", normalise: { try Settings.parseBool($0, key: "publish.count-private") }),
        SettingKey(
            name: "sync.ssh-key", summary: "private key file for SSH remotes",
            defaultValue: nil, normalise: { try Settings.parsePath($0, key: "sync.ssh-key") }),
        SettingKey(
            name: "sync.known-hosts", summary: "extra known_hosts file for SSH remotes",
            defaultValue: nil, normalise: { try Settings.parsePath($0, key: "sync.known-hosts") }),
        SettingKey(
            name: "sync.ca-file", summary: "extra CA certificate file for self-hosted HTTPS remotes",
            defaultValue: nil, normalise: { try Settings.parsePath($0, key: "sync.ca-file") }),
    ]

    public static func named(_ name: String) throws -> SettingKey {
        guard let key = all.first(where: { $0.name == name.lowercased() }) else {
            throw JournalError.badInput("unknown setting \"\(name)\"; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return key
    }
}

/// The journal's settings, read from `.journal/config` and checked.
public struct Settings: Equatable, Sendable {
    public var dayStartsAt: (hour: Int, minute: Int) = (0, 0)
    public var weeklyHours: Double = 10
    public var yearlyPapers: Int?
    /// ISO weekdays (1 Monday ... 7 Sunday).
    public var restDays: Set<Int> = []
    /// What `review` and `publish` leave out or show (the `publish.*` keys, README).
    public var publish = PublishSettings()

    public init() {}

    public static func == (a: Settings, b: Settings) -> Bool {
        a.dayStartsAt == b.dayStartsAt && a.weeklyHours == b.weeklyHours && a.yearlyPapers == b.yearlyPapers && a.restDays == b.restDays
            && a.publish == b.publish
    }

    /// Reads and checks the file; any unreadable file or bad value is one clear error.
    public static func load(path: String) throws -> Settings {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw JournalError.journal("cannot read \(path): the file is missing or not readable")
        }
        let file = try translatingGitErrors("cannot read \(path)", as: JournalError.brokenConfig) { try SharedConfig.open(path) }
        var settings = Settings()
        do {
            if let v = try file.string("day.starts-at") { settings.dayStartsAt = try parseTime(v).value }
            if let v = try file.string("goal.weekly-hours") { settings.weeklyHours = Double(try parseGoalHours(v))! }
            if let v = try file.string("goal.yearly-papers") { settings.yearlyPapers = Int(try parseCount(v, key: "goal.yearly-papers")) }
            if let v = try file.string("streak.rest-days") { settings.restDays = try parseRestDays(v).value }
            try settings.publish.load(file)
        } catch let error as GitError {
            throw JournalError(error, doing: "cannot read \(path)", as: JournalError.journal)
        } catch let error as JournalError {
            throw JournalError.journal("\(path): \(error.description)")
        }
        return settings
    }

    static func parseTime(_ text: String) throws -> (text: String, value: (hour: Int, minute: Int)) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else {
            throw JournalError.badInput("day.starts-at: \"\(text)\" is not a time of day; use HH:MM, e.g. 03:00")
        }
        return (String(format: "%02d:%02d", h, m), (h, m))
    }

    static func parseGoalHours(_ text: String) throws -> String {
        // Checked as it will be written (two decimals), so 0.001 cannot be stored as 0.
        guard let value = Hours.decimal(Substring(text.trimmingCharacters(in: .whitespaces))), (value * 100).rounded() > 0, value <= 168
        else {
            throw JournalError.badInput("goal.weekly-hours: \"\(text)\" is not a number of hours between 0 and 168")
        }
        return Hours.format(value)
    }

    static func parseCount(_ text: String, key: String) throws -> String {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value > 0, value <= 100_000 else {
            throw JournalError.badInput("\(key): \"\(text)\" is not a positive whole number")
        }
        return String(value)
    }

    static func parseRestDays(_ text: String) throws -> (text: String, value: Set<Int>) {
        var days = Set<Int>()
        for piece in text.split(separator: ",") {
            let name = piece.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            guard let day = DateInput.weekdayNumber(name) else {
                throw JournalError.badInput("streak.rest-days: \"\(name)\" is not a weekday; use names like sun or sat,sun")
            }
            days.insert(day)
        }
        let names = days.sorted().map { String(Day.weekdayNames[$0 - 1].prefix(3)) }
        return (names.joined(separator: ","), days)
    }

    static func parsePath(_ text: String, key: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw JournalError.badInput("\(key): empty path") }
        try Text.requireOneLine(trimmed, what: key)
        return trimmed
    }
}

extension JournalError {
    /// A `.journal/config` that does not parse, with how to get it back.
    static func brokenConfig(_ message: String) -> JournalError {
        .journal(message + "; fix it, or restore it with git checkout -- .journal/config")
    }
}

/// `.journal/config` read without its `include` and `includeIf` sections: the file travels with
/// the journal (a shared remote can change it), so it must never make journal read another file
/// of this machine as settings. libgit2 follows includes when it opens a file, so a file that has
/// them is read through a copy without them.
enum SharedConfig {
    static func open(_ path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
            text.range(of: "include", options: .caseInsensitive) != nil
        else { return try ConfigFile(path: path) }
        let copy = NSTemporaryDirectory() + "journal-config-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try Data(withoutIncludes(text).utf8).write(to: URL(fileURLWithPath: copy))
        defer { try? FileManager.default.removeItem(atPath: copy) }
        return try ConfigFile(path: copy).snapshot()
    }

    /// The text without `[include]` and `[includeIf "…"]` sections (each runs to the next section).
    static func withoutIncludes(_ text: String) -> String {
        var skipping = false
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("[") {
                let name = trimmed.dropFirst().prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }.lowercased()
                skipping = name == "include" || name == "includeif" || name.hasPrefix("include.") || name.hasPrefix("includeif.")
            }
            if !skipping { kept.append(line) }
        }
        return kept.joined(separator: "\n")
    }
}
