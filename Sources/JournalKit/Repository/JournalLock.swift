import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Serialises writing `journal` commands on one journal. An flock is released by the kernel
/// when its holder dies, so a crashed command never leaves this lock behind.
final class JournalLock {
    private let fd: Int32

    init(gitDirectory: String, timeout: TimeInterval) throws {
        let path = gitDirectory + "journal.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JournalError.failed("cannot open \(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw JournalError.locked("another journal command is writing to this journal; try again when it has finished")
            }
            usleep(20_000)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
