import Foundation
internal import GitKit

extension History {
    /// Reads the whole history from HEAD, each commit once, newest first. While history is a
    /// single line (no merge yet), each commit is applied as it is read, so nothing is held but
    /// the result. From the first merge on, what remains is older than all that came before; it
    /// is gathered and ordered children-first (Kahn's algorithm, newest ready first) before it
    /// is applied, so a correction always wins over what it corrects.
    static func replayAll(_ repository: Repository) throws -> HistoryState {
        var consumer = StateConsumer()
        let count = try replayAll(repository, into: &consumer)
        consumer.finish(events: count.events, shift: count.shift)
        return consumer.state
    }

    /// Hands `consumer` every decided entry (orders 0, -1, …: see `NewestFirstReplay`) and rest
    /// day; returns how many entry events history has and the shift that makes orders count from
    /// the oldest.
    @discardableResult
    static func replayAll<Consumer: HistoryConsumer>(_ repository: Repository, into consumer: inout Consumer) throws -> (
        events: Int, shift: Int
    ) {
        guard let head = try repository.headCommitID() else { return (0, 0) }
        return try replayAll(repository, tips: [head], into: &consumer)
    }

    /// History as a merge of `tips` would have it (the merge commit itself adds nothing): what
    /// sync's merge of day files keeps each entry as.
    static func merged(_ repository: Repository, tips: [ObjectID]) throws -> HistoryState {
        var consumer = StateConsumer()
        let count = try replayAll(repository, tips: tips, into: &consumer)
        consumer.finish(events: count.events, shift: count.shift)
        return consumer.state
    }

    /// `reducing` may drop or replace each commit's events before they are held (sync's merge
    /// keeps only what it asks about).
    static func replayAll<Consumer: HistoryConsumer>(
        _ repository: Repository, tips: [ObjectID], into consumer: inout Consumer,
        reducing: (HistoryEvent) -> HistoryEvent? = { $0 }
    ) throws -> (events: Int, shift: Int) {
        var replay = NewestFirstReplay(consumer)
        var older = OlderCommits()
        // Several tips: every commit is ordered children-first, as below a merge.
        var merged = tips.count > 1
        try translatingGitErrors("cannot read the journal's history", as: JournalError.journal) {
            try repository.readAllCommits(from: tips) { commit, message in
                let events = try CommitEvents.of(commit, message: message, in: repository).compactMap(reducing)
                if merged {
                    older.add(commit, events: events)
                } else {
                    replay.apply(events)
                    merged = commit.isMerge
                }
            }
        }
        for events in older.childrenFirst() { replay.apply(events) }
        consumer = replay.consumer
        return (replay.entryEvents, replay.shift)
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

    mutating func add(_ commit: ScannedCommit, events list: [HistoryEvent]) {
        let i = ids.count
        ids.append(commit.id)
        index[commit.id] = i
        parentIDs.append(contentsOf: commit.parentIDs)
        parentStart.append(parentIDs.count)
        times.append(commit.authorTime)
        if !list.isEmpty { events[i] = list }
    }

    var count: Int { ids.count }
    func id(_ i: Int) -> ObjectID { ids[i] }
    func events(_ i: Int) -> [HistoryEvent] { events[i] ?? [] }
    /// The indices of commit `i`'s parents that are among these commits, and whether it has any
    /// parent that is `outside`.
    func parents(_ i: Int, outside: ObjectID) -> (inside: [Int], touchesOutside: Bool) {
        var inside: [Int] = []
        var touches = false
        for p in parentStart[i]..<parentStart[i + 1] {
            if let parent = index[parentIDs[p]] { inside.append(parent) } else if parentIDs[p] == outside { touches = true }
        }
        return (inside, touches)
    }

    /// Each commit's events, every commit after all of its children; the newest ready goes next.
    func childrenFirst() -> [[HistoryEvent]] {
        childrenFirstIndices().compactMap { events[$0] }
    }

    /// The commits' indices, every commit after all of its children; the newest ready goes next.
    func childrenFirstIndices() -> [Int] {
        let count = ids.count
        var children = [Int](repeating: 0, count: count)  // children not yet applied
        for p in parentIDs { if let parent = index[p] { children[parent] += 1 } }
        var ready = ReadyQueue(times: times, ids: ids, newestFirst: true)
        for i in 0..<count where children[i] == 0 { ready.push(i) }
        var result: [Int] = []
        result.reserveCapacity(count)
        while let i = ready.pop() {
            result.append(i)
            for p in parentStart[i]..<parentStart[i + 1] {
                guard let parent = index[parentIDs[p]] else { continue }
                children[parent] -= 1
                if children[parent] == 0 { ready.push(parent) }
            }
        }
        return result
    }
}

/// A heap of commit indices by author time, then commit id: an order every machine computes the
/// same, whichever side of a merge it read first.
struct ReadyQueue {
    let times: [Int64]
    let ids: [ObjectID]
    let newestFirst: Bool
    private var heap: [Int] = []

    init(times: [Int64], ids: [ObjectID], newestFirst: Bool = false) {
        self.times = times
        self.ids = ids
        self.newestFirst = newestFirst
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        if times[a] != times[b] { return newestFirst ? times[a] > times[b] : times[a] < times[b] }
        return newestFirst ? ids[b] < ids[a] : ids[a] < ids[b]
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
                let left = 2 * parent + 1
                let right = left + 1
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
