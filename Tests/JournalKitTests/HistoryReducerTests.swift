import Foundation
import GitKit
import XCTest

@testable import JournalKit

/// The whole read of history and the incremental update of the cache read commits through one
/// function (`CommitEvents.of`), so the cache one builds is the cache the other builds, byte for byte.
final class HistoryReducerTests: JournalTestCase {
    var cacheDirectory: String { journal.repository.gitDirectory + "journal" }
    /// The cache as only incremental updates have built it since the first step.
    var incremental: String { folder + "/incremental-cache" }

    func cacheFiles() throws -> [Data] {
        try ["history", "summary"].map { try Data(contentsOf: URL(fileURLWithPath: cacheDirectory + "/" + $0)) }
    }

    func replaceCache(with source: String) throws {
        try? FileManager.default.removeItem(atPath: cacheDirectory)
        try FileManager.default.copyItem(atPath: source, toPath: cacheDirectory)
    }

    /// Brings the incremental cache up to HEAD, rebuilds one from scratch, and compares them and
    /// the reports read from each.
    ///
    /// With `summaryOnly`, the incremental cache kept for the next step is the one a report
    /// leaves (only the summary brought up; the history file stays behind until entries are read).
    func assertIncrementalCacheEqualsRebuild(
        after step: String, summaryOnly: Bool = false, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        if FileManager.default.fileExists(atPath: incremental) { try replaceCache(with: incremental) }
        let summaryIncremental = try HistoryCache.loadSummary(journal.repository)
        func keep() throws {
            try? FileManager.default.removeItem(atPath: incremental)
            try FileManager.default.copyItem(atPath: cacheDirectory, toPath: incremental)
        }
        if summaryOnly { try keep() }
        let historyIncremental = try HistoryCache.load(journal.repository)
        let filesIncremental = try cacheFiles()
        if !summaryOnly { try keep() }

        try FileManager.default.removeItem(atPath: cacheDirectory)
        let summaryRebuilt = try HistoryCache.loadSummary(journal.repository)
        let historyRebuilt = try HistoryCache.load(journal.repository)
        let filesRebuilt = try cacheFiles()

        XCTAssertEqual(filesIncremental[0], filesRebuilt[0], "history file after \(step)", file: file, line: line)
        XCTAssertEqual(filesIncremental[1], filesRebuilt[1], "summary file after \(step)", file: file, line: line)
        XCTAssertEqual(historyIncremental.entries, historyRebuilt.entries, "entries after \(step)", file: file, line: line)
        XCTAssertEqual(historyIncremental.restDays, historyRebuilt.restDays, "rest days after \(step)", file: file, line: line)
        XCTAssertEqual(summaryIncremental, summaryRebuilt, "summary after \(step)", file: file, line: line)
        // And both agree with a read that uses no cache at all.
        let uncached = try History.read(journal.repository)
        XCTAssertEqual(historyRebuilt.entries, uncached.entries, "uncached entries after \(step)", file: file, line: line)
        let settings = try journal.settings()
        let today = Day(iso: "2026-11-29")!
        let fromCache = Activity(summary: summaryIncremental, settings: settings, today: today)
        let fromHistory = Activity(history: uncached, settings: settings, today: today)
        XCTAssertEqual(
            try StreakRendering.json(Streaks(fromCache), today: today, history: true),
            try StreakRendering.json(Streaks(fromHistory), today: today, history: true), "streaks after \(step)", file: file, line: line)
        XCTAssertEqual(
            try HoursRendering.json(HoursReport(activity: fromCache, by: .week), today: today),
            try HoursRendering.json(HoursReport(activity: fromHistory, by: .week), today: today), "hours after \(step)", file: file,
            line: line)
        XCTAssertEqual(
            try StatusRendering.json(StatusReport(activity: fromCache, settings: settings)),
            try StatusRendering.json(StatusReport(activity: fromHistory, settings: settings)), "status after \(step)", file: file,
            line: line)
    }

    func testIncrementalCacheIsByteIdenticalToARebuildAfterEveryKindOfCommit() throws {
        let first = try add("Read the LoRA paper", hours: "1.5", tags: ["papers"], papers: ["LoRA <https://arxiv.org/abs/2106.09685>"])
        try assertIncrementalCacheEqualsRebuild(after: "the first entry")
        _ = try add("Paper club", hours: "0.33", date: "yesterday", tags: ["club"], body: "notes")
        _ = try add("Second the same day", hours: "0.1", date: "yesterday")
        try assertIncrementalCacheEqualsRebuild(after: "two more entries")

        var corrected = first.entry
        corrected.title = "Read the LoRA paper, twice"
        corrected.hours = Hours(trailer: "2.25")
        try journal.write(corrected, clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "a correction")

        _ = try journal.editDay(Day(iso: "2026-11-29")!, clock: clock, writer: writer) { path in
            try (String(contentsOfFile: path, encoding: .utf8) + "\nA line added in the editor.\n").write(
                toFile: path, atomically: true, encoding: .utf8)
        }
        try assertIncrementalCacheEqualsRebuild(after: "journal edit")

        let dayFile = Journal.dayFile(Day(iso: "2026-11-28")!)
        try writer.commit(
            [FileUpdate(path: dayFile) { old in (old ?? Data()) + Data("\nFixed a typo by hand.\n".utf8) }],
            message: CommitProtocol.message(title: "Take day files edited by hand", trailers: [(CommitProtocol.Key.handEdits, "1")]),
            authorDate: now, authorZone: zone)
        try assertIncrementalCacheEqualsRebuild(after: "a hand-edits commit")
        XCTAssertFalse(try journal.history().entries.contains { $0.title == "Take day files edited by hand" })

        try journal.declareRest(Day(iso: "2026-11-26")!, clock: clock, writer: writer)
        try journal.declareRest(Day(iso: "2026-11-25")!, clock: clock, writer: writer)
        try journal.declareRest(Day(iso: "2026-11-25")!, cancel: true, clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "rest days declared and cancelled")

        _ = try journal.changeSetting("goal.weekly-hours", to: "12", clock: clock, writer: writer)
        try assertIncrementalCacheEqualsRebuild(after: "a setting")

        let plainFile = journal.path(Journal.dayFile(Day(iso: "2026-11-27")!))
        try FileManager.default.createDirectory(
            atPath: (plainFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "# Friday\n\n## Written with plain git\n".write(toFile: plainFile, atomically: true, encoding: .utf8)
        try git(["add", "entries"])
        try git(["commit", "-q", "-m", "Plain git", "--trailer", "Hours: 0.4"])
        try assertIncrementalCacheEqualsRebuild(after: "a plain git commit")

        try writer.commit(
            [], message: "Delete\n\nEntry-Id: \(first.entry.id)\nEntry-Deleted: yes\n", authorDate: now, authorZone: zone)
        try assertIncrementalCacheEqualsRebuild(after: "a deletion")

        // A merge made by sync: a second machine adds the same day, both sync.
        let remote = folder + "/remote.git"
        try git(["init", "-q", "--bare", remote])
        _ = try journal.addRemote(url: remote)
        _ = try Sync(journal: journal, writer: writer, clock: clock, environment: [:]).run(remote: nil)
        let other = try Journal.clone(url: remote, to: folder + "/other", settings: SyncSettings(), environment: [:], progress: nil)
        let otherWriter = CommitWriter(journal: other, authorship: authorship, lockWait: 0.2)
        _ = try other.add(EntryInput(title: "On the laptop", hours: "0.75"), clock: clock, writer: otherWriter)
        _ = try Sync(journal: other, writer: otherWriter, clock: clock, environment: [:]).run(remote: nil)
        _ = try add("On the desktop", hours: "0.5")
        try assertIncrementalCacheEqualsRebuild(after: "an entry before the merge")
        let report = try Sync(journal: journal, writer: writer, clock: clock, environment: [:]).run(remote: nil)
        XCTAssertEqual(report.integration, .merge)
        // The merge is read from where the two machines' histories met, not from scratch.
        try replaceCache(with: incremental)
        XCTAssertNotNil(
            try HistoryUpdate.apply(journal.repository, head: XCTUnwrap(journal.repository.headCommitID()), writingHistory: true))
        try assertIncrementalCacheEqualsRebuild(after: "a merge from sync")
        _ = try add("After the merge", hours: "1")
        try assertIncrementalCacheEqualsRebuild(after: "an entry after the merge")

        XCTAssertEqual(
            Set(try journal.history().entries.map(\.title)),
            ["Paper club", "Second the same day", "Plain git", "On the laptop", "On the desktop", "After the merge"])
    }

    /// Random histories with branches and merges (sides that start far back, merges of merges,
    /// author times out of order and equal, corrections and deletions of entries across sides,
    /// rest days): after every step the cache brought up to date from the step before is the
    /// cache a whole read builds, byte for byte. Commits are made with the real git.
    func testIncrementalCacheEqualsRebuildOnRandomHistoriesWithMerges() throws {
        var mergesReadIncrementally = 0
        var mergedReadsChecked = 0
        for seed: UInt64 in [7, 2026, 99] {
            try? FileManager.default.removeItem(atPath: incremental)
            try? FileManager.default.removeItem(atPath: cacheDirectory)
            var random = SeededRandom(seed: seed)
            var branches = ["main"]
            try git(["checkout", "-q", "-B", "main"])
            let hours = ["0.1", "0.33", "1", "2.5", "0.07", ""]
            let ids = (0..<12).map { "R\(seed)-\($0)" }
            for step in 0..<70 {
                let time = 1_796_000_000 + Int(random.next(upTo: 40)) * 3600
                let env = ["GIT_AUTHOR_DATE": "@\(time) +0000", "GIT_COMMITTER_DATE": "@\(time) +0000"]
                let day = String(format: "2026-11-%02d", 10 + Int(random.next(upTo: 15)))
                switch random.next(upTo: 10) {
                case 0..<4:
                    let id = ids[Int(random.next(upTo: UInt64(ids.count)))]
                    try git(
                        [
                            "commit", "-q", "--allow-empty", "-m", "Entry \(step)", "--trailer", "Entry-Id: \(id)", "--trailer",
                            "Entry-Date: \(day)", "--trailer", "Hours: \(hours[Int(random.next(upTo: UInt64(hours.count)))])",
                        ], environment: env)
                case 4:
                    let id = ids[Int(random.next(upTo: UInt64(ids.count)))]
                    try git(
                        [
                            "commit", "-q", "--allow-empty", "-m", "Delete \(step)", "--trailer", "Entry-Id: \(id)", "--trailer",
                            "Entry-Deleted: yes",
                        ],
                        environment: env)
                case 5:
                    let key = random.next(upTo: 2) == 0 ? "Rest-Day" : "Rest-Day-Cancelled"
                    try git(["commit", "-q", "--allow-empty", "-m", "Rest \(step)", "--trailer", "\(key): \(day)"], environment: env)
                case 6:
                    // A new side, from a commit some way back on this one.
                    let back = Int(random.next(upTo: 6))
                    let count =
                        Int(try git(["rev-list", "--first-parent", "--count", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
                    let name = "side\(seed)-\(step)"
                    try git(["branch", name, "HEAD~\(min(back, count - 1))"])
                    branches.append(name)
                case 7, 8:
                    let other = branches[Int(random.next(upTo: UInt64(branches.count)))]
                    // What sync's merge of day files reads before it merges: the same entries, in the
                    // same order, as a whole read of both tips.
                    let head = try XCTUnwrap(journal.repository.headCommitID())
                    let theirs = try XCTUnwrap(
                        ObjectID(hex: try git(["rev-parse", other]).trimmingCharacters(in: .whitespacesAndNewlines)))
                    if let read = try HistoryUpdate.mergedEntries(journal.repository, local: head, theirs: theirs, wants: { _, _ in true })
                    {
                        let whole = try History.merged(journal.repository, tips: [head, theirs]).entries
                        XCTAssertEqual(read, whole, "merged entries at step \(step) of seed \(seed)")
                        XCTAssertEqual(read.mapValues(\.order), whole.mapValues(\.order), "merged orders at step \(step) of seed \(seed)")
                        mergedReadsChecked += 1
                    }
                    _ = try? git(["merge", "-q", "--no-ff", "--no-edit", "-m", "Merge \(other) at \(step)", other], environment: env)
                default:
                    let other = branches[Int(random.next(upTo: UInt64(branches.count)))]
                    try git(["checkout", "-q", other])
                }
                // Count the merges the update read without a whole read (the rest fall back to one).
                let head = try XCTUnwrap(journal.repository.headCommitID())
                if FileManager.default.fileExists(atPath: incremental), try journal.repository.commit(head).parentIDs.count > 1 {
                    try replaceCache(with: incremental)
                    if try HistoryUpdate.apply(journal.repository, head: head, writingHistory: true) != nil {
                        mergesReadIncrementally += 1
                    }
                }
                try assertIncrementalCacheEqualsRebuild(after: "step \(step) of seed \(seed)", summaryOnly: random.next(upTo: 2) == 0)
            }
        }
        XCTAssertGreaterThanOrEqual(mergesReadIncrementally, 6)
        XCTAssertGreaterThanOrEqual(mergedReadsChecked, 10)
    }

    /// The hand-edits commit counts for nothing, whichever reader meets it first.
    func testHandEditsCommitIsNoEventForEitherReader() throws {
        _ = try add("Entry", hours: "1")
        _ = try HistoryCache.loadSummary(journal.repository)
        try writer.commit(
            [FileUpdate(path: Journal.dayFile(Day(iso: "2026-11-29")!)) { old in (old ?? Data()) + Data("by hand\n".utf8) }],
            message: CommitProtocol.message(title: "Take day files edited by hand", trailers: [(CommitProtocol.Key.handEdits, "1")]),
            authorDate: now, authorZone: zone)
        XCTAssertEqual(try HistoryCache.load(journal.repository).entries.map(\.title), ["Entry"])
        XCTAssertEqual(try History.read(journal.repository).entries.map(\.title), ["Entry"])
        var events: [[HistoryEvent]] = []
        try journal.repository.scanCommits(from: try XCTUnwrap(journal.repository.headCommitID())) { commit, message in
            events.append(try CommitEvents.of(commit, message: message, in: journal.repository))
            return true
        }
        XCTAssertEqual(events.first, [.handEdit])
        XCTAssertEqual(events.last, [.settingsChanged], "journal init writes the settings")
    }
}

/// A small deterministic generator (SplitMix64) for the random histories.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (z ^ (z >> 31)) % bound
    }
}
