import Foundation
internal import GitKit

/// A mark in `.git/journal/` for the moment a command moves HEAD and has not yet brought the
/// working tree and the index up to it. It records HEAD before and the tree HEAD is to have, so
/// the next command can tell whether a dead command really moved HEAD, and which files it left
/// behind. Without a mark nothing is compared (that reads every tree of HEAD, a cost at 100,000
/// entries), and a HEAD moved by plain git is never "healed".
struct InterruptedWrite {
    /// What the dead command was doing.
    struct Move {
        let from: ObjectID?
        let toTree: ObjectID
    }

    let path: String

    init(repository: Repository) {
        path = repository.gitDirectory + "journal/write-in-progress"
    }

    var wasLeft: Bool { FileManager.default.fileExists(atPath: path) }

    /// The move recorded by the mark; nil when there is none or it cannot be read.
    var move: Move? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == 2, let tree = ObjectID(hex: words[1]) else { return nil }
        return Move(from: ObjectID(hex: words[0]), toTree: tree)
    }

    /// Writes the mark (synced, so it is on disk whenever the move is), runs `body`, which moves
    /// HEAD from `from` to a commit of `toTree`, and takes the mark back if `body` fails: then
    /// HEAD did not move. The caller ends the mark once the files and the index are up to date.
    func around<T>(from: ObjectID?, toTree: ObjectID, _ body: () throws -> T) throws -> T {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            try AtomicFile.write(Data("\(from?.hex ?? "-") \(toTree.hex)\n".utf8), to: path)
        } catch {
            throw JournalError.failed("cannot write \(path): \(error); nothing was written")
        }
        do {
            return try body()
        } catch {
            end()
            throw error
        }
    }

    func end() {
        unlink(path)
    }
}
