import Foundation
internal import GitKit

/// A journal on disk: a git repository with `entries/` and `.journal/config`.
public final class Journal {
    /// The working tree, without a trailing slash.
    public let root: String
    let repository: Repository

    static let configPath = ".journal/config"
    static let draftsPath = ".journal/drafts"
    static let templatesPath = ".journal/templates"

    init(root: String, repository: Repository) {
        self.root = root
        self.repository = repository
    }

    /// Where the journal is: `--journal PATH`, else `$JOURNAL_DIR`, else `~/journal`.
    public static func location(option: String?, environment: [String: String]) -> String {
        let raw: String
        if let option, !option.isEmpty {
            raw = option
        } else if let dir = environment["JOURNAL_DIR"], !dir.isEmpty {
            raw = dir
        } else {
            raw = (environment["HOME"] ?? NSHomeDirectory()) + "/journal"
        }
        return absolute(expandTilde(raw, home: environment["HOME"]))
    }

    /// Opens an existing journal, with a clear error when `path` is not one.
    public static func open(at path: String) throws -> Journal {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw JournalError.journal("no journal at \(path): create one with journal init \(path)")
        }
        guard isDirectory.boolValue else {
            throw JournalError.journal("\(path) is a file, not a journal")
        }
        let repository: Repository
        do {
            repository = try Repository.open(at: path)
        } catch let error as GitError {
            if error.isNotFound {
                throw JournalError.journal("\(path) is not a journal (no git repository there): create one with journal init DIR")
            }
            throw JournalError.journal("cannot open the journal at \(path): \(error.message)")
        }
        guard let workdir = repository.workdir else {
            throw JournalError.journal("\(path) is a bare git repository, not a journal; clone it with journal clone")
        }
        let root = String(workdir.dropLast(workdir.hasSuffix("/") && workdir.count > 1 ? 1 : 0))
        guard FileManager.default.fileExists(atPath: root + "/" + configPath) else {
            throw JournalError.journal("\(path) is a git repository but not a journal (no \(configPath)); start one with journal init DIR")
        }
        return Journal(root: root, repository: repository)
    }

    /// Refuses to write while HEAD is detached or a merge, rebase or similar is under way.
    public func requireWritable() throws {
        if let operation = repository.operationInProgress {
            throw JournalError.journal(
                "a \(operation) is in progress in \(root): finish it or abort it (git -C \(root) \(operation) --abort) before writing")
        }
        if repository.isHeadDetached {
            throw JournalError.journal("HEAD is detached in \(root): switch to a branch first (git -C \(root) switch main)")
        }
    }

    /// Refuses to write `relative` when it, or a folder on its way, is a symbolic link: a link in
    /// entries/ could make the tool read a file from elsewhere into history, or write outside.
    func requireInside(_ relative: String) throws {
        var path = root
        for component in relative.split(separator: "/") {
            guard component != "..", component != "." else {
                throw JournalError.badInput("\(relative) is not a path inside the journal")
            }
            path += "/" + component
            var info = stat()
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                throw JournalError.journal("\(path) is a symbolic link; journal writes only real files and folders inside the journal")
            }
        }
    }

    public func settings() throws -> Settings {
        try Settings.load(path: path(Journal.configPath))
    }

    /// Absolute path of something inside the journal.
    public func path(_ relative: String) -> String { root + "/" + relative }

    /// `entries/YYYY/MM/YYYY-MM-DD.md`, relative to the journal.
    public static func dayFile(_ day: Day) -> String {
        String(format: "entries/%04d/%02d/%@.md", day.year, day.month, day.iso)
    }

    /// Whether `relative` has the shape of a day file, `entries/YYYY/MM/YYYY-MM-DD.md`.
    static func isDayFile(_ relative: String) -> Bool {
        day(ofDayFile: relative) != nil
    }

    /// The day of a day file's path; nil for any other path.
    static func day(ofDayFile relative: String) -> Day? {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "entries", parts[3].hasSuffix(".md"),
            let day = Day(iso: String(parts[3].dropLast(3)))
        else { return nil }
        return dayFile(day) == relative ? day : nil
    }

    static func expandTilde(_ path: String, home: String?) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (home ?? NSHomeDirectory()) + path.dropFirst()
    }

    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }
}
