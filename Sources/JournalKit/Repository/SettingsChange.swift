import Foundation
internal import GitKit

/// What `journal config set` or `unset` did.
public struct SettingChange: Sendable, Equatable {
    public let key: String
    /// The value as stored (normalised); nil when unset.
    public let value: String?
    /// False when the key already had that value (or was already unset): nothing was written.
    public let changed: Bool
    /// Kept in this machine's `.git/config`, without a commit.
    public let isLocal: Bool
}

extension Journal {
    /// Every setting with its value in `.journal/config` (or its default, marked as such).
    public func listSettings() throws -> [(key: String, value: String, isDefault: Bool)] {
        _ = try settings()  // refuses a broken file with one clear line
        let file = try SharedConfig.open(path(Journal.configPath))
        return try SettingKey.all.map { key in
            if let value = try storedValue(key, shared: file) { return (key.name, value, false) }
            return (key.name, key.defaultValue ?? "", true)
        }
    }

    /// The value of one setting, or its default; nil when it has neither.
    public func setting(_ name: String) throws -> String? {
        let key = try SettingKey.named(name)
        _ = try settings()
        return try storedValue(key, shared: SharedConfig.open(path(Journal.configPath))) ?? key.defaultValue
    }

    /// The value in effect, as `journal config get` prints it: the stored value, else the default;
    /// for `goal.yearly-papers` the goal `today`'s year gets (twice last year's count, or 24).
    public func settingInEffect(_ name: String, today: Day) throws -> String {
        let key = try SettingKey.named(name)
        if let value = try setting(key.name) { return value }
        if key.name == "goal.yearly-papers" {
            let activity = Activity(summary: try historySummary(), settings: try settings(), today: today)
            return String(PapersReport(activity: activity, year: today.year, configuredGoal: nil).goal)
        }
        return ""
    }

    /// A local key from `.git/config` (this machine), any other from `.journal/config`.
    func storedValue(_ key: SettingKey, shared: ConfigFile) throws -> String? {
        guard key.isLocal else { return try shared.string(key.name) }
        return try ConfigFile(path: repository.gitDirectory + "config").string(key.name)
    }

    /// Checks `value`, writes it to `.journal/config` and commits the change. `nil` removes the key.
    /// A key that already has that value (or is already unset) is left alone: no commit.
    @discardableResult
    public func changeSetting(_ name: String, to value: String?, clock: Clock, writer: CommitWriter) throws -> SettingChange {
        let key = try SettingKey.named(name)
        let normalised = try value.map { try key.normalise($0) }
        if key.isLocal {
            // This machine's setting: written to .git/config, no commit.
            let file = try ConfigFile(path: repository.gitDirectory + "config")
            let unchanged = try file.string(key.name) == normalised
            if !unchanged {
                if let normalised { try file.set(key.name, to: normalised) } else { try? file.remove(key.name) }
            }
            return SettingChange(key: key.name, value: normalised, changed: !unchanged, isLocal: true)
        }
        // The file must parse; a bad value (even of this key) is what `set` is there to fix.
        let shared = try translatingGitErrors("cannot read \(path(Journal.configPath))", as: JournalError.brokenConfig) {
            try SharedConfig.open(path(Journal.configPath))
        }
        // Compared as stored (a bad stored value reads as different, so `set` can fix it).
        if (try? shared.string(key.name)) == normalised {
            return SettingChange(key: key.name, value: normalised, changed: false, isLocal: false)
        }
        let message = normalised.map { "Set \(key.name) to \($0)" } ?? "Unset \(key.name)"
        try writer.commit(
            [
                FileUpdate(path: Journal.configPath) { current in
                    // libgit2 edits a scratch copy, so the real file changes only after the commit.
                    let scratch = self.repository.gitDirectory + "journal-config.tmp-\(getpid())"
                    defer { try? FileManager.default.removeItem(atPath: scratch) }
                    guard FileManager.default.createFile(atPath: scratch, contents: current ?? Data()) else {
                        throw JournalError.failed("cannot write \(scratch)")
                    }
                    let file = try ConfigFile(path: scratch)
                    if let normalised { try file.set(key.name, to: normalised) } else { try file.remove(key.name) }
                    return FileManager.default.contents(atPath: scratch) ?? Data()
                }
            ], message: CommitProtocol.message(title: message, trailers: []), authorDate: clock.now, authorZone: clock.timeZone)
        return SettingChange(key: key.name, value: normalised, changed: true, isLocal: false)
    }
}
