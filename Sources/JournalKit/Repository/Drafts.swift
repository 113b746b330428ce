import Foundation

/// Entries typed but not committed, kept in `.journal/drafts/` (ignored by git) so nothing typed is lost.
public struct Drafts {
    public let directory: String

    public init(journal: Journal) {
        directory = journal.path(Journal.draftsPath)
    }

    /// Writes `text` to a new draft file and returns its path.
    public func save(_ text: String, at date: Date) throws -> String {
        let stamp = Int(date.timeIntervalSince1970)
        let path = "\(directory)/\(stamp)-\(EntryID.make(at: date).suffix(6).lowercased()).md"
        try AtomicFile.write(Data(text.utf8), to: path)
        return path
    }

    public func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Draft files, oldest first.
    public func list() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { "\(directory)/\($0)" }
    }
}
