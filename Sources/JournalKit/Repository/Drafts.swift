import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Entries typed but not committed, kept in `.journal/drafts/` (ignored by git) so nothing typed
/// is lost. An entry's draft is named `<ms>-<Entry-Id>.md`, so recovering it after a crash can
/// tell whether its commit landed. A draft in use (being edited or committed) is held with an
/// flock, which the kernel drops when its holder dies.
public struct Drafts {
    public let directory: String

    public init(journal: Journal) {
        directory = journal.path(Journal.draftsPath)
    }

    /// A draft file held open and locked by this process until `release()` or `discard()`.
    public final class Handle {
        public let path: String
        private var fd: Int32

        init(path: String, fd: Int32) {
            self.path = path
            self.fd = fd
        }

        /// Keeps the file and lets others (recovery) take it.
        public func release() {
            guard fd >= 0 else { return }
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }

        /// Removes the file, then lets go of it.
        public func discard() {
            unlink(path)
            release()
        }

        deinit { release() }
    }

    /// Writes `text` (fsynced) to a new draft for entry `entryID`, locked by this process.
    public func create(_ text: String, entryID: String, at date: Date) throws -> Handle {
        let millis = Int(date.timeIntervalSince1970 * 1000)
        return try create(text, name: "\(millis)-\(entryID).md")
    }

    /// Writes `text` to a new draft called `name`, locked by this process.
    public func create(_ text: String, name: String) throws -> Handle {
        try create(Data(text.utf8), name: name)
    }

    /// Writes `data` as it is (a day file need not be valid UTF-8) to a new draft called `name`.
    /// The file is locked before it appears under its name, so recovery never takes a live draft.
    public func create(_ data: Data, name: String) throws -> Handle {
        let path = "\(directory)/\(name)"
        var fd: Int32 = -1
        try AtomicFile.write(data, to: path) { temporaryFD in
            fd = dup(temporaryFD)
            if fd >= 0 { flock(fd, LOCK_EX) }
        }
        guard fd >= 0 else { throw JournalError.failed("cannot open \(path): \(String(cString: strerror(errno)))") }
        return Handle(path: path, fd: fd)
    }

    /// Takes an existing draft for this process, or nil when another live process holds it.
    public func take(_ path: String) -> Handle? {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return Handle(path: path, fd: fd)
    }

    /// Refuses a path that is not a file in this drafts folder (so `--draft` never commits, or
    /// removes, a file from elsewhere).
    public func requireDraft(_ path: String) throws {
        let standard = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        let folder = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        guard standard.deletingLastPathComponent().path == folder.path else {
            throw JournalError.badInput("\(path) is not a draft: drafts are the files in \(directory)")
        }
        guard FileManager.default.isReadableFile(atPath: standard.path) else {
            throw JournalError.badInput("no draft at \(path)")
        }
    }

    public func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Draft files, oldest first (temporary files of killed commands are cleared away first).
    public func list() -> [String] {
        AtomicFile.removeLeftovers(in: directory, prefix: ".")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { "\(directory)/\($0)" }
    }

    /// The Entry-Id in a draft's name, when it is an entry's draft (not an edit of a day).
    public static func entryID(of path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        guard name.hasSuffix(".md"), let dash = name.firstIndex(of: "-") else { return nil }
        let id = String(name[name.index(after: dash)...].dropLast(3))
        return name[..<dash].allSatisfy(\.isNumber) && EntryID.isValid(id) ? id : nil
    }
}
