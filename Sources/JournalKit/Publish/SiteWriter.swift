import Foundation
internal import GitKit

#if canImport(Glibc)
    import Glibc
#endif

/// Where `SiteBuilder` hands each page as soon as it is complete: a folder, a tree for a branch
/// (each page stored as a blob at once), or both. It keeps only the paths written. A path written
/// twice keeps its last content (a tag named `index` gives way to `tags/index.html`).
final class SiteWriter {
    let directory: String?
    let tree: TreeEdit?
    private let branch: String?
    /// Every path written, once.
    private(set) var paths: Set<String> = []
    private var folders: Set<String> = []

    /// `directory` must be checked (`Journal.prepareSiteFolder`) and exist.
    init(directory: String?, tree: TreeEdit?, branch: String?) {
        self.directory = directory
        self.tree = tree
        self.branch = branch
    }

    func write(_ path: String, _ text: String) throws {
        paths.insert(path)
        var text = text
        try text.withUTF8 { bytes in
            if let directory { try writeFile(directory + "/" + path, bytes) }
            if let tree, let branch {
                try translatingGitErrors("cannot commit the site on \(branch)") {
                    _ = try tree.set(path: path, data: Data(buffer: bytes))
                }
            }
        }
    }

    /// Writes a file only when its content differs (an unchanged page keeps its time), through a
    /// temporary file renamed over it, so a reader of the folder never sees half a page. Not
    /// synced: a page lost to a power cut differs from its content, so the next publish writes
    /// it again.
    private func writeFile(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) throws {
        if Self.holds(path, bytes) { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folders.contains(folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw failure(error.localizedDescription)
            }
            folders.insert(folder)
        }
        let temporary = folder + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                unlink(temporary)
                throw failure(reason)
            }
            offset += n
        }
        guard close(fd) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw failure(reason)
        }
    }

    /// Whether the file at `path` holds exactly `bytes`.
    private static func holds(_ path: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == bytes.count else { return false }
        var chunk = [UInt8](repeating: 0, count: min(max(bytes.count, 1), 1 << 16))
        var offset = 0
        while offset < bytes.count {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, bytes.count - offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0, chunk[..<n].elementsEqual(bytes[offset..<(offset + n)]) else { return false }
            offset += n
        }
        return read(fd, &chunk, 1) == 0
    }

    private func failure(_ reason: String) -> JournalError {
        JournalError.failed("cannot write the site to \(directory ?? ""): \(reason)")
    }

    /// Removes the folder's files this site did not write (pages of a site published before
    /// that are gone now, such as an entry made private since). A link is removed unless it
    /// leads to a folder; folders are walked, never removed.
    func removeStaleFiles() throws {
        guard let directory else { return }
        var stale: [String] = []
        var folders = [""]
        while let relative = folders.popLast() {
            guard let handle = opendir(directory + "/" + relative) else { continue }
            defer { closedir(handle) }
            while let item = readdir(handle) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                let path = relative.isEmpty ? name : relative + "/" + name
                var isFolder = item.pointee.d_type == UInt8(DT_DIR)
                if item.pointee.d_type == UInt8(DT_LNK) || item.pointee.d_type == UInt8(DT_UNKNOWN) {
                    // As the link leads: a broken one is left alone.
                    var info = stat()
                    guard stat(directory + "/" + path, &info) == 0 else { continue }
                    isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                    if isFolder && item.pointee.d_type == UInt8(DT_LNK) { continue }
                }
                if isFolder {
                    folders.append(path)
                } else if !paths.contains(path) {
                    stale.append(path)
                }
            }
        }
        for path in stale where unlink(directory + "/" + path) != 0 && errno != ENOENT {
            throw failure(String(cString: strerror(errno)))
        }
    }
}
