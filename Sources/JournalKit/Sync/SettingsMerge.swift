import Foundation
internal import GitKit

/// How sync merges `.journal/config` when both machines changed it: key by key. A key only one
/// side changed takes that change; when both changed the same key, the value from the newer
/// commit wins (ties by commit id), and the sync says which value was kept and which replaced.
/// Both values stay in history.
struct SettingsMerge {
    /// Whose change of the file is newer: true when ours is.
    let oursIsNewer: Bool

    /// The merged file, and one line per key both sides set differently.
    func merge(base: Data?, ours: Data, theirs: Data) throws -> (data: Data, decisions: [String]) {
        let (b, o, t) = (try values(base), try values(ours), try values(theirs))
        var merged = o
        var decisions: [String] = []
        for key in Set(o.keys).union(t.keys).union(b.keys).sorted() {
            let (was, mine, other) = (b[key], o[key], t[key])
            if mine == other || other == was { continue }
            if mine == was {
                merged[key] = other
                continue
            }
            let (kept, replaced) = oursIsNewer ? (mine, other) : (other, mine)
            merged[key] = kept
            decisions.append("\(key): kept \(kept ?? "(unset)"), replaced \(replaced ?? "(unset)") (the newer change wins)")
        }
        return (try write(merged, startingFrom: ours), decisions)
    }

    /// Key → value, as libgit2 reads the file (without includes).
    private func values(_ data: Data?) throws -> [String: String] {
        guard let data else { return [:] }
        let file = try scratch(data)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var result: [String: String] = [:]
        for (key, value) in try SharedConfig.open(file).entries() { result[key] = value }
        return result
    }

    /// `ours` with every key set to `values` (and keys not in `values` removed).
    private func write(_ values: [String: String], startingFrom ours: Data) throws -> Data {
        let file = try scratch(ours)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let config = try ConfigFile(path: file)
        for (key, _) in try config.entries() where values[key] == nil { try config.remove(key) }
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where try config.string(key) != value {
            try config.set(key, to: value)
        }
        return FileManager.default.contents(atPath: file) ?? ours
    }

    private func scratch(_ data: Data) throws -> String {
        let path = NSTemporaryDirectory() + "journal-settings-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Whether our latest change to `.journal/config` since `base` is newer than theirs.
    static func oursIsNewer(ours: ObjectID, theirs: ObjectID, base: ObjectID?, in repository: Repository) throws -> Bool {
        func latest(_ tip: ObjectID) throws -> (Int64, ObjectID) {
            var found: (Int64, ObjectID) = (Int64.min, tip)
            try repository.scanCommits(from: tip, hiding: base) { commit, _ in
                guard try CommitEvents.changes(Journal.configPath, commit, in: repository) else { return true }
                found = (commit.authorTime, commit.id)
                return false
            }
            return found
        }
        let (mine, other) = (try latest(ours), try latest(theirs))
        return mine.0 != other.0 ? mine.0 > other.0 : other.1 < mine.1
    }
}
