import Clibgit2

/// A read-only view of a git configuration, taken at one moment.
public final class ConfigSnapshot {
    let pointer: OpaquePointer

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { git_config_free(pointer) }

    /// The string value of `key`, or nil when it is not set.
    public func string(_ key: String) throws -> String? {
        var buffer = git_buf()
        let result = git_config_get_string_buf(&buffer, pointer, key)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read \(key)")
        defer { git_buf_dispose(&buffer) }
        return buffer.ptr.map { String(cString: $0) }
    }
}

/// One git-config-format file on disk, read and written through libgit2 (which locks on write).
public final class ConfigFile {
    let pointer: OpaquePointer
    public let path: String

    /// Opens (or prepares to create) the file at `path`; a file libgit2 cannot parse throws.
    public init(path: String) throws {
        try Libgit2.start()
        var config: OpaquePointer?
        try check(git_config_open_ondisk(&config, path), "cannot read \(path)")
        pointer = config!
        self.path = path
    }

    private init(snapshotOf pointer: OpaquePointer, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit { git_config_free(pointer) }

    /// A read-only copy of what the file holds now, which does not follow later changes to the
    /// file (or its removal).
    public func snapshot() throws -> ConfigFile {
        var copy: OpaquePointer?
        try check(git_config_snapshot(&copy, pointer), "cannot read \(path)")
        return ConfigFile(snapshotOf: copy!, path: path)
    }

    public func string(_ key: String) throws -> String? {
        var buffer = git_buf()
        let result = git_config_get_string_buf(&buffer, pointer, key)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return nil
        }
        try check(result, "cannot read \(key) from \(path)")
        defer { git_buf_dispose(&buffer) }
        return buffer.ptr.map { String(cString: $0) }
    }

    public func set(_ key: String, to value: String) throws {
        try check(git_config_set_string(pointer, key, value), "cannot set \(key) in \(path)")
    }

    public func remove(_ key: String) throws {
        let result = git_config_delete_entry(pointer, key)
        if result == GIT_ENOTFOUND.rawValue {
            git_error_clear()
            return
        }
        try check(result, "cannot remove \(key) from \(path)")
    }

    /// Every key and value in file order (keys as libgit2 normalises them: section and name lower-cased).
    public func entries() throws -> [(key: String, value: String)] {
        var iterator: OpaquePointer?
        try check(git_config_iterator_new(&iterator, pointer), "cannot list \(path)")
        defer { git_config_iterator_free(iterator) }
        var result: [(String, String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while true {
            let status = git_config_next(&entry, iterator)
            if status == GIT_ITEROVER.rawValue {
                git_error_clear()
                break
            }
            try check(status, "cannot list \(path)")
            guard let e = entry?.pointee else { continue }
            result.append((String(cString: e.name), e.value.map { String(cString: $0) } ?? ""))
        }
        return result
    }
}

extension ConfigSnapshot {
    /// The global, XDG and system configuration, for when there is no repository yet.
    public static func userDefaults() throws -> ConfigSnapshot {
        try Libgit2.start()
        var config: OpaquePointer?
        try check(git_config_open_default(&config), "cannot read git configuration")
        defer { git_config_free(config) }
        var snapshot: OpaquePointer?
        try check(git_config_snapshot(&snapshot, config), "cannot read git configuration")
        return ConfigSnapshot(pointer: snapshot!)
    }
}
