import Foundation
import GitKit

extension History {
    /// Reads the whole history from HEAD, each commit once, newest first. While history is a
    /// single line (no merge yet), each commit is applied as it is read, so nothing is held but
    /// the result. From the first merge on, what remains is older than all that came before; it
    /// is gathered and ordered children-first (Kahn's algorithm, newest ready first) before it
    /// is applied, so a correction always wins over what it corrects.
    static func replayAll(_ repository: Repository) throws -> HistoryState {
        var consumer = StateConsumer()
        try replayAll(repository, into: &consumer)
        return consumer.state
    }

    static func replayAll<Consumer: HistoryConsumer>(_ repository: Repository, into consumer: inout Consumer) throws {
        guard let head = try repository.headCommitID() else { return }
        var replay = NewestFirstReplay(consumer)
        var older = OlderCommits()
        var merged = false
        do {
            try repository.readAllCommits(from: head) { commit in
                let facts = try CommitProtocol.read(message: commit.message, title: commit.summary)
                var events = restEvents(facts)
                if let id = facts.entryID {
                    events.append(facts.deleted ? .deleteEntry(id) : .entry(entry(
                        id: id, kind: .entry, facts: facts, commit: commit.id, authorTime: commit.authorTime,
                        offset: commit.authorOffsetMinutes)))
                } else if !facts.handEdits, commit.parentIDs.count <= 1, try touchesEntries(tree: commit.treeID, parent: commit.parentIDs.first, in: repository) {
                    events.append(.entry(entry(id: commit.id.hex, kind: .plain, facts: facts, commit: commit.id,
                                               authorTime: commit.authorTime, offset: commit.authorOffsetMinutes)))
                }
                if merged {
                    older.add(commit, events: events)
                } else {
                    replay.apply(events)
                    merged = commit.parentIDs.count > 1
                }
            }
        } catch let error as GitError {
            throw JournalError.journal("cannot read the journal's history: \(error.message)")
        }
        for events in older.childrenFirst() { replay.apply(events) }
        consumer = replay.consumer
    }

    /// Whether a commit changed `entries/` against its first parent (or, as a root, has it at all).
    static func touchesEntries(tree: ObjectID, parent: ObjectID?, in repository: Repository) throws -> Bool {
        let mine = try repository.treeEntryID(tree: tree, path: "entries")
        guard let parent else { return mine != nil }
        return try repository.treeEntryID(commit: parent, path: "entries") != mine
    }

    static func restEvents(_ facts: CommitFacts) -> [HistoryEvent] {
        guard !facts.restDays.isEmpty || !facts.cancelledRestDays.isEmpty else { return [] }
        return facts.restDays.map { .rest($0, declared: true) } + facts.cancelledRestDays.map { .rest($0, declared: false) }
    }

    /// An entry from a commit: its day is its Entry-Date, else the author date in the author's own offset.
    static func entry(id: String, kind: HistoryEntry.Kind, facts: CommitFacts, commit: ObjectID,
                      authorTime: Int64, offset: Int) -> HistoryEntry {
        let authored = Date(timeIntervalSince1970: TimeInterval(authorTime))
        return HistoryEntry(id: id, kind: kind, date: facts.entryDate ?? Day(authored, offsetMinutes: offset), title: facts.title,
                            hours: facts.hours, tags: facts.tags, papers: facts.papers, shipped: facts.shipped,
                            commit: commit, authoredAt: authored)
    }
}

/// Commits below the first merge, gathered so they can be applied children-first.
struct OlderCommits {
    private var ids: [ObjectID] = []
    private var index: [ObjectID: Int] = [:]
    private var parentStart: [Int] = [0]
    private var parentIDs: [ObjectID] = []
    private var times: [Int64] = []
    private var events: [Int: [HistoryEvent]] = [:]

    mutating func add(_ commit: RawCommit, events list: [HistoryEvent]) {
        let i = ids.count
        ids.append(commit.id)
        index[commit.id] = i
        parentIDs.append(contentsOf: commit.parentIDs)
        parentStart.append(parentIDs.count)
        times.append(commit.authorTime)
        if !list.isEmpty { events[i] = list }
    }

    /// Each commit's events, every commit after all of its children; the newest ready goes next.
    func childrenFirst() -> [[HistoryEvent]] {
        let count = ids.count
        var children = [Int](repeating: 0, count: count)  // children not yet applied
        for p in parentIDs { if let parent = index[p] { children[parent] += 1 } }
        var ready = ReadyQueue(times: times, newestFirst: true)
        for i in 0..<count where children[i] == 0 { ready.push(i) }
        var result: [[HistoryEvent]] = []
        while let i = ready.pop() {
            if let list = events[i] { result.append(list) }
            for p in parentStart[i]..<parentStart[i + 1] {
                guard let parent = index[parentIDs[p]] else { continue }
                children[parent] -= 1
                if children[parent] == 0 { ready.push(parent) }
            }
        }
        return result
    }
}

/// A heap of commit indices by author time (then index), for a stable order among ready commits.
struct ReadyQueue {
    let times: [Int64]
    let newestFirst: Bool
    private var heap: [Int] = []

    init(times: [Int64], newestFirst: Bool = false) {
        self.times = times
        self.newestFirst = newestFirst
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        newestFirst ? (times[a], a) > (times[b], b) : (times[a], a) < (times[b], b)
    }

    mutating func push(_ item: Int) {
        heap.append(item)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
