import Clibgit2
import Foundation

/// libgit2's process-wide settings that the journal changes for a while: a small object cache and
/// small pack windows during a long read, no hash verification during a read-only walk. A field
/// left `nil` is not touched.
///
///     try Libgit2Options(objectCacheBytes: 8 << 20, verifiesObjectHashes: false).whileSet {
///         try readTheWholeHistory()
///     }
///
/// The settings are shared by every thread and repository in the process. Scopes may nest and
/// overlap: while any is open, a setting has the value of the most recently opened scope that
/// names it, and when the last one ends every setting is back to what it was before the first.
public struct Libgit2Options: Equatable, Sendable {
    /// The most libgit2 keeps in its object cache, across every repository (default 256 MiB).
    /// (Turning the cache off with `GIT_OPT_ENABLE_CACHING` and on again mid-process frees objects
    /// still in use, so the journal only ever changes sizes.)
    public var objectCacheBytes: Int?
    /// The largest commit libgit2 caches; 0 caches none (default 4096). A read that sees each
    /// commit once gains nothing from the cache and pays for every insertion and eviction.
    public var commitCacheLimitBytes: Int?
    /// Whether libgit2 hashes each object it reads again and compares (default on). A read-only
    /// walk may skip it, as `git log` does; `git fsck` is the tool for checking objects.
    public var verifiesObjectHashes: Bool?
    /// The size of one mapped window of a pack file.
    public var packWindowBytes: Int?
    /// The most bytes of pack files mapped at once.
    public var packMappedLimitBytes: Int?

    public init(
        objectCacheBytes: Int? = nil, commitCacheLimitBytes: Int? = nil, verifiesObjectHashes: Bool? = nil,
        packWindowBytes: Int? = nil, packMappedLimitBytes: Int? = nil
    ) {
        for bytes in [objectCacheBytes, commitCacheLimitBytes, packWindowBytes, packMappedLimitBytes] {
            precondition((bytes ?? 0) >= 0, "a libgit2 size cannot be negative")
        }
        self.objectCacheBytes = objectCacheBytes
        self.commitCacheLimitBytes = commitCacheLimitBytes
        self.verifiesObjectHashes = verifiesObjectHashes
        self.packWindowBytes = packWindowBytes
        self.packMappedLimitBytes = packMappedLimitBytes
    }

    /// What is in effect now, every field set. The cache size and the pack window sizes are read
    /// from libgit2; libgit2 1.5 cannot report the commit cache limit or hash verification, so
    /// those are what GitKit last set (libgit2's documented defaults until it sets them).
    public static func current() throws -> Libgit2Options {
        try Libgit2.start()
        return try Libgit2OptionScopes.shared.current()
    }

    /// Sets these options, runs `body`, then puts back what was in effect before, also when `body`
    /// throws. A failure to set or put back an option throws a `GitError`; when `body` threw, its
    /// error is the one thrown.
    public func whileSet<T>(_ body: () throws -> T) throws -> T {
        try Libgit2.start()
        let scopes = Libgit2OptionScopes.shared
        let token = try scopes.open(self)
        let result: T
        do {
            result = try body()
        } catch {
            try? scopes.close(token)
            throw error
        }
        try scopes.close(token)
        return result
    }

    /// These options with every field `other` sets taken from it.
    func overlaid(with other: Libgit2Options) -> Libgit2Options {
        Libgit2Options(
            objectCacheBytes: other.objectCacheBytes ?? objectCacheBytes,
            commitCacheLimitBytes: other.commitCacheLimitBytes ?? commitCacheLimitBytes,
            verifiesObjectHashes: other.verifiesObjectHashes ?? verifiesObjectHashes,
            packWindowBytes: other.packWindowBytes ?? packWindowBytes,
            packMappedLimitBytes: other.packMappedLimitBytes ?? packMappedLimitBytes)
    }
}

/// The open scopes of `Libgit2Options.whileSet`, and what libgit2 had before the first opened.
private final class Libgit2OptionScopes: @unchecked Sendable {
    static let shared = Libgit2OptionScopes()

    // Everything below is guarded by `lock`.
    private let lock = NSLock()
    /// The two settings libgit2 1.5 has no getter for, as last set here (libgit2's defaults first:
    /// commits up to 4 KiB are cached, hashes are verified).
    private var commitCacheLimit = 4096
    private var verifiesHashes = true
    /// Every setting as it was before the first open scope; nil when no scope is open.
    private var before: Libgit2Options?
    private var scopes: [(token: Int, options: Libgit2Options)] = []
    private var nextToken = 0

    func current() throws -> Libgit2Options {
        lock.lock()
        defer { lock.unlock() }
        return try read()
    }

    func open(_ options: Libgit2Options) throws -> Int {
        lock.lock()
        defer { lock.unlock() }
        if scopes.isEmpty { before = try read() }
        let token = nextToken
        nextToken += 1
        scopes.append((token, options))
        do {
            try apply(wanted())
        } catch {
            // Put back what the options set before the failing one.
            scopes.removeLast()
            try? apply(wanted())
            if scopes.isEmpty { before = nil }
            throw error
        }
        return token
    }

    func close(_ token: Int) throws {
        lock.lock()
        defer { lock.unlock() }
        scopes.removeAll { $0.token == token }
        let target = wanted()
        if scopes.isEmpty { before = nil }
        try apply(target)
    }

    /// What should be in effect: the settings from before, with each open scope's laid over them
    /// in the order they opened.
    private func wanted() -> Libgit2Options {
        scopes.reduce(before ?? Libgit2Options()) { $0.overlaid(with: $1.options) }
    }

    private func read() throws -> Libgit2Options {
        var cached = 0
        var cacheLimit = 0
        try check(journal_git_get_cached_memory(&cached, &cacheLimit), "cannot read libgit2's object cache size")
        var window: Int = 0
        var mapped: Int = 0
        try check(journal_git_get_mwindow_size(&window), "cannot read libgit2's pack window size")
        try check(journal_git_get_mwindow_mapped_limit(&mapped), "cannot read libgit2's pack mapping limit")
        return Libgit2Options(
            objectCacheBytes: cacheLimit, commitCacheLimitBytes: commitCacheLimit,
            verifiesObjectHashes: verifiesHashes, packWindowBytes: window, packMappedLimitBytes: mapped)
    }

    /// Sets every field of `target` that differs from what is in effect.
    private func apply(_ target: Libgit2Options) throws {
        let now = try read()
        if let bytes = target.objectCacheBytes, bytes != now.objectCacheBytes {
            try check(journal_git_set_cache_max_size(bytes), "cannot set libgit2's object cache size to \(bytes) bytes")
        }
        if let bytes = target.commitCacheLimitBytes, bytes != now.commitCacheLimitBytes {
            try check(
                journal_git_set_cache_object_limit(GIT_OBJECT_COMMIT, bytes),
                "cannot set libgit2's cache limit for commits to \(bytes) bytes")
            commitCacheLimit = bytes
        }
        if let enabled = target.verifiesObjectHashes, enabled != now.verifiesObjectHashes {
            try check(
                journal_git_verify_object_hashes(enabled ? 1 : 0), "cannot turn libgit2's hash verification \(enabled ? "on" : "off")")
            verifiesHashes = enabled
        }
        if let bytes = target.packWindowBytes, bytes != now.packWindowBytes {
            try check(journal_git_set_mwindow_size(bytes), "cannot set libgit2's pack window size to \(bytes) bytes")
        }
        if let bytes = target.packMappedLimitBytes, bytes != now.packMappedLimitBytes {
            try check(journal_git_set_mwindow_mapped_limit(bytes), "cannot set libgit2's pack mapping limit to \(bytes) bytes")
        }
    }
}
