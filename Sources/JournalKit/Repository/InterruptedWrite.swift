import Foundation
import GitKit

/// A mark in `.git/journal/` for the moment a command moves HEAD and has not yet brought the
/// working tree and the index up to it. Only when a command died in that moment does the next one
/// compare the index with HEAD (which reads every tree of HEAD, a cost at 100,000 entries) and
/// heal what was left behind; and only then, so a HEAD moved by plain git is never "healed".
struct InterruptedWrite {
    let path: String

    init(repository: Repository) {
        path = repository.gitDirectory + "journal/write-in-progress"
    }

    var wasLeft: Bool { FileManager.default.fileExists(atPath: path) }

    /// Written and synced before HEAD moves, so it is on disk whenever the move is.
    func begin() throws {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            try AtomicFile.write(Data("\(getpid())\n".utf8), to: path)
        } catch {
            throw JournalError.failed("cannot write \(path): \(error); nothing was written")
        }
    }

    func end() {
        unlink(path)
    }
}
