import Foundation
internal import GitKit

/// Replays the seed plan into a new journal through the same commit path as `journal add`.
public enum DemoJournal {
    public static let authorship = Authorship(name: "Demo Learner", email: "learner@example.org")

    /// Creates the journal at `path` and writes every seeded entry, backdated to its day and time.
    /// `progress` is called with (done, total) as entries are written.
    public static func build(
        at path: String, plan: SeedPlan, clock: Clock,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> Journal {
        let today = clock.today(startsAt: (0, 0))
        let start = today.adding(days: plan.entries.map(\.offset).min() ?? 0)
        let first = Clock(now: start.start(in: clock.timeZone).addingTimeInterval(7 * 3600), timeZone: clock.timeZone)
        let journal = try Journal.create(at: path, authorship: authorship, clock: first)
        let writer = CommitWriter(journal: journal, authorship: authorship)
        for (key, value) in plan.settings {
            try journal.changeSetting(key, to: value, clock: first, writer: writer)
        }
        var generator = SeededGenerator(seed: 2026)
        // Rest days are declared at 08:00 on the day, in time order with the entries.
        var rests = plan.restOffsets.sorted()[...]
        func declareRests(upTo offset: Int, hour: Int) throws {
            while let next = rests.first, next < offset || (next == offset && hour >= 8) {
                let day = today.adding(days: next)
                let when = min(clock.now, day.start(in: clock.timeZone).addingTimeInterval(8 * 3600))
                try journal.declareRest(day, clock: Clock(now: when, timeZone: clock.timeZone), writer: writer)
                rests.removeFirst()
            }
        }
        for (index, item) in plan.entries.enumerated() {
            try declareRests(upTo: item.offset, hour: item.hour)
            let day = today.adding(days: item.offset)
            // Today's entries planned for later in the day are written as of now, never in the future.
            let when = min(clock.now, day.start(in: clock.timeZone).addingTimeInterval(TimeInterval(item.hour * 3600 + item.minute * 60)))
            var input = item.input
            input.date = day.iso
            let entryClock = Clock(now: when, timeZone: clock.timeZone)
            let entry = try input.entry(today: today, writtenAt: when, id: EntryID.make(at: when, using: &generator))
            try journal.write(entry, clock: entryClock, writer: writer, authorDate: when)
            progress(index + 1, plan.entries.count)
        }
        try declareRests(upTo: 1, hour: 0)
        return journal
    }
}
