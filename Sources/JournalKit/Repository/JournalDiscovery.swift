import Foundation

extension Journal {
    /// The journal a command works on: `--journal PATH` (or `-C PATH`), else `$JOURNAL_DIR`, else
    /// the journal that holds `currentDirectory` (the nearest folder, walking up, with
    /// `.journal/config` beside `.git`), else `~/journal`.
    public static func discover(option: String?, environment: [String: String], currentDirectory: String) -> String {
        if let option, !option.isEmpty { return location(option: option, environment: environment) }
        if let dir = environment["JOURNAL_DIR"], !dir.isEmpty { return location(option: dir, environment: environment) }
        if let enclosing = enclosingJournal(of: currentDirectory) { return enclosing }
        return location(option: nil, environment: environment)
    }

    /// The nearest folder at or above `directory` holding both `.git` and `.journal/config`.
    static func enclosingJournal(of directory: String) -> String? {
        var path = absolute(directory)
        let manager = FileManager.default
        while true {
            if manager.fileExists(atPath: path + "/.git"), manager.fileExists(atPath: path + "/" + configPath) {
                return path
            }
            guard path != "/", !path.isEmpty else { return nil }
            path = (path as NSString).deletingLastPathComponent
        }
    }

    /// The line a command that wrote prints last on stdout when the journal is not `~/journal`, so
    /// a journal chosen by `--journal`, `$JOURNAL_DIR` or the current directory is never a surprise.
    public func wroteNote(environment: [String: String]) -> String? {
        let home = (environment["HOME"] ?? NSHomeDirectory()) + "/journal"
        let resolve = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
        guard resolve(root) != resolve(home) else { return nil }
        return "(in the journal at \(root))"
    }
}

extension Journal {
    /// For `journal status`: the drafts waiting in `.journal/drafts/` (entries an interrupted or
    /// failed command left, and edits that could not be committed) and how to commit them; nil
    /// when there are none. Drafts another live command holds are not counted.
    public func waitingDraftsNote() -> String? {
        let drafts = Drafts(journal: self)
        var entries = 0
        var edits: [String] = []
        for path in drafts.list() {
            guard let handle = drafts.take(path) else { continue }
            handle.release()
            if Drafts.entryID(of: path) != nil {
                entries += 1
            } else if (path as NSString).lastPathComponent.hasPrefix("edit-") {
                edits.append(Journal.draftsPath + "/" + (path as NSString).lastPathComponent)
            }
        }
        var parts: [String] = []
        if entries > 0 {
            parts.append("\(entries == 1 ? "1 entry waits" : "\(entries) entries wait") in .journal/drafts/: journal recover commits them")
        }
        if !edits.isEmpty {
            let what = edits.count == 1 ? "1 edit of a day waits" : "\(edits.count) edits of days wait"
            parts.append("\(what) (\(edits.joined(separator: ", "))): copy it into journal edit DAY, then delete the draft")
        }
        return parts.isEmpty ? nil : "Drafts: " + parts.joined(separator: "; ")
    }
}
