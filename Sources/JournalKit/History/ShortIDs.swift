import Foundation

/// Short ids of entries, as `journal log` prints them and `amend` and `delete` take them: the
/// shortest prefix of the Entry-Id that no other entry shares, at least 6 characters (as git
/// abbreviates commit ids).
public struct ShortIDs {
    public static let minimumLength = 6
    private let sorted: [String]

    public init(_ history: History) {
        sorted = history.entries.map(\.id).sorted()
    }

    /// The short ids among `ids`, the Entry-Ids of every entry in history.
    public init(ids: [String]) {
        sorted = ids.sorted()
    }

    /// The short id of `id` among all entries.
    public func short(_ id: String) -> String {
        guard let index = ShortIDs.position(of: id, in: sorted) else { return String(id.prefix(ShortIDs.minimumLength)) }
        var length = ShortIDs.minimumLength
        for neighbour in [index - 1, index + 1] where sorted.indices.contains(neighbour) {
            length = max(length, ShortIDs.commonPrefixLength(id, sorted[neighbour]) + 1)
        }
        return String(id.prefix(length))
    }

    /// Binary search: completions ask for 20 ids among 100,000.
    static func position(of id: String, in sorted: [String]) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < id { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == id ? low : nil
    }

    static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// The same over bytes (ids are ASCII), for a scan of the history file that makes no strings.
    static func commonPrefixLength(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }
}

extension History {
    /// The entry `reference` names: `last` (the newest), a full Entry-Id, or a unique prefix of
    /// at least 6 characters (case-insensitive). Anything else is one clear line.
    public func entry(named reference: String) throws -> HistoryEntry {
        let wanted = reference.trimmingCharacters(in: .whitespaces)
        if wanted.lowercased() == "last" {
            guard let newest = entries.filter({ $0.kind == .entry }).max(by: { ($0.order, $0.date) < ($1.order, $1.date) }) else {
                throw JournalError.badInput("there is no entry yet; write one with journal add")
            }
            return newest
        }
        if let exact = entries.first(where: { $0.id == wanted }) { return exact }
        guard wanted.count >= ShortIDs.minimumLength else {
            throw JournalError.badInput(
                "\"\(wanted)\" is too short for an entry id: give at least \(ShortIDs.minimumLength) characters, as journal log prints them"
            )
        }
        let matches = entries.filter { $0.id.uppercased().hasPrefix(wanted.uppercased()) }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw JournalError.badInput("no entry has the id \(wanted); journal log lists them")
        default:
            let names = matches.prefix(3).map { "\($0.id.prefix(ShortIDs.minimumLength + 2)) (\($0.date.iso) \"\($0.title.prefix(30))\")" }
            throw JournalError.badInput("\(wanted) names \(matches.count) entries (\(names.joined(separator: ", "))); give more characters")
        }
    }
}
