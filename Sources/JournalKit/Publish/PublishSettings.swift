import Foundation
internal import GitKit

/// What a review and the published site may show (`publish.*` in `.journal/config`): entries
/// tagged `private` or with a tag of `publish.exclude-tags` never appear; bodies only for entries
/// tagged `public`, unless `publish.bodies` is `all`.
public struct PublishSettings: Equatable, Sendable {
    public var excludedTags: [String] = []
    public var allBodies = false
    /// Whether the site's totals (hours, streaks, heatmap) count the hours of hidden entries.
    public var countPrivate = false

    public init() {}

    mutating func load(_ file: ConfigFile) throws {
        if let v = try file.string("publish.exclude-tags") {
            excludedTags = try Settings.parseTagList(v).split(separator: ",").map(String.init)
        }
        if let v = try file.string("publish.bodies") { allBodies = try Settings.parseBodies(v) == "all" }
        if let v = try file.string("publish.count-private") {
            countPrivate = try Settings.parseBool(v, key: "publish.count-private") == "true"
        }
    }

    /// Whether an entry may appear at all: not tagged `private`, nor with an excluded tag.
    public func isVisible(_ entry: HistoryEntry) -> Bool {
        !entry.tags.contains("private") && !entry.tags.contains { excludedTags.contains($0) }
    }

    /// Whether an entry's body may be published.
    public func showsBody(of entry: HistoryEntry) -> Bool {
        isVisible(entry) && (allBodies || entry.tags.contains("public"))
    }
}

extension Settings {
    /// `a, #B` as `a,b`: tags as entries store them.
    static func parseTagList(_ text: String) throws -> String {
        var tags: [String] = []
        for piece in text.split(separator: ",") {
            var tag = piece.trimmingCharacters(in: .whitespaces).lowercased()
            while tag.hasPrefix("#") { tag.removeFirst() }
            guard !tag.isEmpty else { continue }
            guard !tag.contains(":"), !tag.contains(where: { $0.isNewline }) else {
                throw JournalError.badInput("publish.exclude-tags: \"\(tag)\" is not a tag")
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        return tags.joined(separator: ",")
    }

    static func parseBodies(_ text: String) throws -> String {
        let value = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard value == "public" || value == "all" else {
            throw JournalError.badInput("publish.bodies: \"\(text)\" is neither public nor all")
        }
        return value
    }

    static func parseBool(_ text: String, key: String) throws -> String {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return "true"
        case "false", "no", "off", "0": return "false"
        default: throw JournalError.badInput("\(key): \"\(text)\" is neither true nor false")
        }
    }
}

extension HistorySummary {
    /// Day-level facts of some entries only (those a review or the site may count).
    init(entries: [HistoryEntry], restDays: Set<Day>) {
        self.init()
        for entry in entries { add(entry) }
        self.restDays = restDays
        sortLinks()
    }
}
