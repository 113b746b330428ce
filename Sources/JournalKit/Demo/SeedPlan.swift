import Foundation

/// The demo journal's script: settings, entries and rest days, dated relative to "today".
/// Format (seeds/journal.seed):
///
///     config goal.weekly-hours 12
///     rest -40
///     @-181 20:15 1.5 [rag,python] Title of the entry
///       body line
///       paper: Title <url>
///       shipped: Title <url>
public struct SeedPlan: Sendable {
    public struct Item: Sendable {
        public var offset: Int
        public var hour: Int
        public var minute: Int
        public var input: EntryInput
    }

    public var settings: [(key: String, value: String)] = []
    public var entries: [Item] = []
    public var restOffsets: [Int] = []

    /// The plan compiled into the binary from seeds/.
    public static func builtIn() throws -> SeedPlan {
        guard let text = EmbeddedResources.seeds["journal.seed"] else {
            throw JournalError.failed("this build has no demo seeds (run scripts/embed-resources)")
        }
        return try SeedPlan(parsing: text)
    }

    public init(parsing text: String) throws {
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine)
            func fail(_ why: String) -> JournalError { .badInput("seed line \(number + 1): \(why): \(line)") }
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if line.hasPrefix("  ") {
                guard !entries.isEmpty else { throw fail("an indented line before any entry") }
                let content = String(line.dropFirst(2))
                if content.hasPrefix("paper: ") {
                    entries[entries.count - 1].input.papers.append(String(content.dropFirst(7)))
                } else if content.hasPrefix("shipped: ") {
                    entries[entries.count - 1].input.shipped.append(String(content.dropFirst(9)))
                } else {
                    let body = entries[entries.count - 1].input.body ?? ""
                    entries[entries.count - 1].input.body = body.isEmpty ? content : body + "\n" + content
                }
                continue
            }
            let words = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true).map(String.init)
            switch words.first {
            case "config":
                let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { throw fail("expected: config KEY VALUE") }
                settings.append((parts[1], parts[2]))
            case "rest":
                guard words.count == 2, let offset = Int(words[1]), offset <= 0 else { throw fail("expected: rest -N") }
                restOffsets.append(offset)
            case let first? where first.hasPrefix("@"):
                guard words.count == 5, let offset = Int(first.dropFirst()), offset <= 0 else {
                    throw fail("expected: @-N HH:MM HOURS [tags] Title")
                }
                let clock = words[1].split(separator: ":")
                guard clock.count == 2, let hour = Int(clock[0]), let minute = Int(clock[1]),
                    (0...23).contains(hour), (0...59).contains(minute)
                else { throw fail("bad time") }
                let tagList = words[3]
                guard tagList.hasPrefix("["), tagList.hasSuffix("]") else { throw fail("tags must be [a,b]") }
                let tags = tagList.dropFirst().dropLast().split(separator: ",").map(String.init)
                entries.append(
                    Item(
                        offset: offset, hour: hour, minute: minute,
                        input: EntryInput(title: words[4], hours: words[2], tags: tags)))
            default:
                throw fail("not a seed line")
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so that replaying the seeds gives the same ids.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
