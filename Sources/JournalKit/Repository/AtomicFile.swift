import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes files so that a crash leaves either the old content or the new, never half of it.
enum AtomicFile {
    /// `beforeRename` sees the temporary file's descriptor after the data is synced, before the
    /// file takes its name (drafts lock it there).
    /// `durable: false` skips the fsyncs, for caches that a checksum guards (a torn one is rebuilt).
    static func write(_ data: Data, to path: String, durable: Bool = true, beforeRename: (Int32) -> Void = { _ in }) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = (path as NSString).lastPathComponent
        removeLeftovers(of: name, in: directory)
        let temporary = "\(directory)/.\(name).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError.failed("cannot write \(path): \(String(cString: strerror(errno)))") }
        var ok = true
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += n
            }
        }
        let code = errno
        if ok && durable && fsync(fd) != 0 { ok = false }
        if ok { beforeRename(fd) }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(ok ? errno : code))
            unlink(temporary)
            throw JournalError.failed("cannot write \(path): \(reason)")
        }
        let dirFD = durable ? open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }

    /// Temporary files of `name` left by processes that died before renaming them (a killed
    /// command): no one will finish them. Those of live processes are left alone.
    static func removeLeftovers(of name: String, in directory: String) {
        removeLeftovers(in: directory, prefix: ".\(name).tmp-")
    }

    /// Every file in `directory` that starts with `prefix` and ends `.tmp-<pid>` (or is
    /// `<prefix><pid>`) whose process is gone.
    static func removeLeftovers(in directory: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for candidate in names where candidate.hasPrefix(prefix) {
            let pidText: Substring
            if let marker = candidate.range(of: ".tmp-", options: .backwards) {
                pidText = candidate[marker.upperBound...]
            } else if prefix.hasSuffix(".tmp-") {
                pidText = candidate.dropFirst(prefix.count)
            } else {
                continue
            }
            guard let pid = Int32(pidText), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(directory)/\(candidate)") }
        }
    }
}
