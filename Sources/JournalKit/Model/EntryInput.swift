import Foundation

/// What a user gave for a new entry, as typed: flags, stdin or an editor buffer. Checked into an `Entry`.
public struct EntryInput: Sendable, Equatable {
    public var title: String?
    public var body: String?
    public var hours: String?
    public var date: String?
    public var tags: [String] = []
    public var papers: [String] = []
    public var shipped: [String] = []

    public init(
        title: String? = nil, body: String? = nil, hours: String? = nil, date: String? = nil,
        tags: [String] = [], papers: [String] = [], shipped: [String] = []
    ) {
        self.title = title
        self.body = body
        self.hours = hours
        self.date = date
        self.tags = tags
        self.papers = papers
        self.shipped = shipped
    }

    /// Checks everything and builds the entry; throws `JournalError.badInput` with one clear line.
    public func entry(today: Day, writtenAt: Date, id: String = EntryID.make(at: Date())) throws -> Entry {
        let day = try date.map { try DateInput.parse($0, today: today) } ?? today
        let hours = try self.hours.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try Hours(parsing: $0) }
        return try Entry(
            id: id, date: day, title: title ?? "", body: body ?? "", hours: hours, tags: tags,
            papers: try papers.map { try Link(parsing: $0, option: "--paper") },
            shipped: try shipped.map { try Link(parsing: $0, option: "--shipped") },
            writtenAt: writtenAt)
    }
}
