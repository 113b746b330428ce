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
