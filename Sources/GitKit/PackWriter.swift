import Clibgit2
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One entry of a tree object: a name, its mode and the object it points at.
public struct TreeEntry: Equatable, Sendable {
    public static let fileMode: UInt32 = 0o100644
    public static let treeMode: UInt32 = 0o040000

    public let name: String
    public let mode: UInt32
    public let id: ObjectID

    public init(name: String, mode: UInt32, id: ObjectID) {
        self.name = name
        self.mode = mode
        self.id = id
    }

    var isTree: Bool { mode == TreeEntry.treeMode }
}

/// Writes many new objects straight into one pack and its index (no deltas), for bulk imports:
/// libgit2 would write each as a loose file, and packing them afterwards searches for deltas,
/// which costs milliseconds an object. Nothing is visible to git until `finish()` puts the pack
/// and its index in place. A failure while writing or finishing, or `abandon()`, removes the
/// temporary files at once (a crash leaves at most those, named `tmp-journal-*`).
public final class PackWriter {
    private let repository: Repository
    private let packDirectory: String
    private let temporaryPath: String
    private let temporaryIndexPath: String
    /// The temporary pack, open for reading and writing; -1 once closed.
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var offset: UInt64 = 12
    private var records: [(id: ObjectID, crc: UInt32, offset: UInt64)] = []
    /// Where each object is in `records`, by its id: an open-addressed table of record numbers
    /// (-1 for an empty slot), kept at most half full. A Set of ids cost 20 MB at 600,000 objects.
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    private var finished = false
    /// One deflate stream, reset between objects: setting one up costs more than a small object.
    /// It lives at a fixed address, as zlib's state points back at it.
    private let stream: UnsafeMutablePointer<z_stream>
    private var streamOpen = false

    /// How many objects are in the pack so far.
    public var count: Int { records.count }

    public init(repository: Repository) throws {
        self.repository = repository
        // The common directory: a linked worktree's own .git folder holds no objects.
        packDirectory = repository.commonDirectory + "objects/pack/"
        let base = packDirectory + "tmp-journal-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        temporaryPath = base + ".pack"
        temporaryIndexPath = base + ".idx"
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        if mkdir(packDirectory, 0o755) != 0 && errno != EEXIST {
            descriptor = -1
            finished = true
            throw GitError.io("cannot create \(packDirectory)")
        }
        descriptor = open(temporaryPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            finished = true
            throw GitError.io("cannot create \(temporaryPath)")
        }
        // The object count is not known yet: the header is written again by finish().
        buffer = Array("PACK".utf8) + PackWriter.bigEndian32(2) + PackWriter.bigEndian32(0)
        // A small hash table (memLevel 4: 2,048 slots; 2 made deflate slower than it saved), as objects here are a few KiB at most:
        // deflateReset clears the table for every object, and the default one (64 KiB) made that
        // clearing a sixth of an import's instructions.
        let status = deflateInit2_(
            stream, Z_BEST_SPEED, Z_DEFLATED, MAX_WBITS, 4, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            abandon()
            throw GitError.zlib("cannot start compressing objects", status: status, streamMessage: stream.pointee.msg)
        }
        streamOpen = true
    }

    deinit {
        if !finished { abandon() }
        // Only an unfinished stream is left here, whose output is dropped anyway.
        if streamOpen { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Adds a blob; returns its id.
    @discardableResult
    public func writeBlob(_ data: Data) throws -> ObjectID {
        try data.withUnsafeBytes { try write(type: 3, name: "blob", $0) }
    }

    /// Adds a tree of `entries` (in any order: they are sorted as git sorts them, by name bytes,
    /// a tree's name compared as if it ended in "/").
    @discardableResult
    public func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 40)
        let keyed = entries.map { entry in (key: Array(entry.name.utf8) + (entry.isTree ? [0x2F] : []), entry: entry) }
        for (_, entry) in keyed.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            bytes.append(contentsOf: String(entry.mode, radix: 8).utf8)
            bytes.append(0x20)
            bytes.append(contentsOf: entry.name.utf8)
            bytes.append(0)
            withUnsafeBytes(of: entry.id.raw) { bytes.append(contentsOf: $0.prefix(20)) }
        }
        return try bytes.withUnsafeBytes { try write(type: 2, name: "tree", $0) }
    }

    /// Adds a commit, in the layout git writes (no encoding header: the text is UTF-8).
    @discardableResult
    public func writeCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws
        -> ObjectID
    {
        var text = "tree \(tree.hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        text += "author \(try PackWriter.signatureLine(author))\ncommitter \(try PackWriter.signatureLine(committer))\n\n\(message)"
        return try Array(text.utf8).withUnsafeBytes { try write(type: 1, name: "commit", $0) }
    }

    private func write(type: UInt8, name: String, _ content: UnsafeRawBufferPointer) throws -> ObjectID {
        guard !finished else {
            throw GitError(
                code: GIT_ERROR.rawValue, errorClass: Int32(GIT_ERROR_INVALID.rawValue),
                message: "cannot add a \(name) to a pack that is finished or was abandoned")
        }
        return try abandoningOnFailure { try append(type: type, name: name, content) }
    }

    private func append(type: UInt8, name: String, _ content: UnsafeRawBufferPointer) throws -> ObjectID {
        // The object id: SHA-1 of "type size\0" and the content.
        var sha = SHA1()
        Array("\(name) \(content.count)\0".utf8).withUnsafeBytes { sha.update($0) }
        sha.update(content)
        let digest = try sha.finish()
        var raw = git_oid()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: digest) }
        let id = ObjectID(raw)
        var slot = PackWriter.slot(of: id, in: slots.count)
        while slots[slot] >= 0 {
            if records[Int(slots[slot])].id == id { return id }
            slot = (slot + 1) & (slots.count - 1)
        }

        // The pack record: type and size in a varint, then the zlib-deflated content.
        var record: [UInt8] = []
        var size = content.count
        var byte = (type << 4) | UInt8(size & 0x0F)
        size >>= 4
        while size > 0 {
            record.append(byte | 0x80)
            byte = UInt8(size & 0x7F)
            size >>= 7
        }
        record.append(byte)
        let bound = Int(deflateBound(stream, uLong(content.count)))
        let start = record.count
        record.append(contentsOf: repeatElement(0, count: bound))
        let reset = deflateReset(stream)
        guard reset == Z_OK else {
            throw GitError.zlib("cannot compress a \(name)", status: reset, streamMessage: stream.pointee.msg)
        }
        let status = record.withUnsafeMutableBufferPointer { out -> Int32 in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: content.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(content.count)
            stream.pointee.next_out = out.baseAddress! + start
            stream.pointee.avail_out = uInt(bound)
            return deflate(stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else {
            throw GitError.zlib("cannot compress a \(name) of \(content.count) bytes", status: status, streamMessage: stream.pointee.msg)
        }
        record.removeLast(bound - Int(stream.pointee.total_out))
        let crc = record.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        slots[slot] = Int32(records.count)
        records.append((id, crc, offset))
        if records.count * 2 > slots.count { growSlots() }
        offset += UInt64(record.count)
        buffer += record
        if buffer.count >= 1 << 20 { try flush() }
        return id
    }

    /// The content of an object this pack holds (nil for any other), read back from the
    /// temporary file: a caller that writes many versions of a file need not keep them all.
    public func content(of id: ObjectID) throws -> Data? {
        guard !finished else { return nil }
        var slot = PackWriter.slot(of: id, in: slots.count)
        while slots[slot] >= 0, records[Int(slots[slot])].id != id { slot = (slot + 1) & (slots.count - 1) }
        guard slots[slot] >= 0 else { return nil }
        let number = Int(slots[slot])
        let start = records[number].offset
        let end = number + 1 < records.count ? records[number + 1].offset : offset
        try flush()
        var record = [UInt8](repeating: 0, count: Int(end - start))
        var done = 0
        while done < record.count {
            let count = record.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(start) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw GitError.io("cannot read back \(temporaryPath)") }
            done += count
        }
        // The type and size varint, then the deflated content.
        var size = Int(record[0] & 0x0F)
        var shift = 4
        var at = 0
        while record[at] & 0x80 != 0 {
            at += 1
            size |= Int(record[at] & 0x7F) << shift
            shift += 7
        }
        at += 1
        var content = Data(count: size)
        var length = uLongf(size)
        let status = content.withUnsafeMutableBytes { out in
            record.withUnsafeBufferPointer { input in
                uncompress(
                    out.baseAddress!.assumingMemoryBound(to: Bytef.self), &length, input.baseAddress! + at, uLong(input.count - at))
            }
        }
        guard status == Z_OK, Int(length) == size else { throw GitError.zlib("cannot read back an object", status: status) }
        return content
    }

    /// Makes room for `objects` records up front, so the table is not copied as it grows (a copy
    /// of 500,000 records is 16 MB beside the 33 MB it grows into).
    public func reserve(objects: Int) {
        records.reserveCapacity(objects)
    }

    private static func slot(of id: ObjectID, in count: Int) -> Int {
        // A SHA-1 is evenly spread: its first bytes pick the slot.
        withUnsafeBytes(of: id.raw) { Int(truncatingIfNeeded: $0.loadUnaligned(as: UInt64.self)) } & (count - 1)
    }

    private func growSlots() {
        var grown = [Int32](repeating: -1, count: slots.count * 2)
        for (number, record) in records.enumerated() {
            var slot = PackWriter.slot(of: record.id, in: grown.count)
            while grown[slot] >= 0 { slot = (slot + 1) & (grown.count - 1) }
            grown[slot] = Int32(number)
        }
        slots = grown
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        // The buffer holds the last bytes of the pack, which ends at `offset`.
        let position = off_t(offset) - off_t(buffer.count)
        try buffer.withUnsafeBytes { try PackWriter.writeAll($0, to: descriptor, at: position, path: temporaryPath) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Completes the pack (count, checksum), writes its index, moves both into
    /// `objects/pack/` and makes libgit2 see them. On a failure nothing is left of them but what
    /// was already there.
    public func finish() throws {
        precondition(!finished, "finish() called twice")
        try abandoningOnFailure { try complete() }
    }

    private func complete() throws {
        streamOpen = false
        let ended = deflateEnd(stream)
        guard ended == Z_OK else { throw GitError.zlib("cannot finish compressing objects", status: ended) }
        try flush()
        // The real count, then the checksum of the whole file.
        try PackWriter.bigEndian32(UInt32(records.count)).withUnsafeBytes {
            try PackWriter.writeAll($0, to: descriptor, at: 8, path: temporaryPath)
        }
        var sha = SHA1()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, position) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw GitError.io("cannot read back \(temporaryPath)") }
            if count == 0 { break }
            chunk.withUnsafeBytes { sha.update(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            position += off_t(count)
        }
        let packChecksum = try sha.finish()
        try packChecksum.withUnsafeBytes { try PackWriter.writeAll($0, to: descriptor, at: position, path: temporaryPath) }
        guard fsync(descriptor) == 0 else { throw GitError.io("cannot write \(temporaryPath) to disk") }
        let pack = descriptor
        descriptor = -1
        guard close(pack) == 0 else { throw GitError.io("cannot write \(temporaryPath)") }

        let name = "pack-" + packChecksum.map { String(format: "%02x", $0) }.joined()
        // The index is written as it is made, from the records sorted in place (no object is read
        // back any more): at 600,000 objects a copy of them and the whole index in memory were 40 MB.
        slots = []
        records.sort { $0.id < $1.id }
        let indexFile = open(temporaryIndexPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard indexFile >= 0 else { throw GitError.io("cannot create \(temporaryIndexPath)") }
        do {
            var at: off_t = 0
            let path = temporaryIndexPath
            try PackWriter.index(sorted: records, packChecksum: packChecksum) { piece in
                try piece.withUnsafeBytes { try PackWriter.writeAll($0, to: indexFile, at: at, path: path) }
                at += off_t(piece.count)
            }
            guard fsync(indexFile) == 0 else { throw GitError.io("cannot write \(temporaryIndexPath) to disk") }
        } catch {
            close(indexFile)
            throw error
        }
        guard close(indexFile) == 0 else { throw GitError.io("cannot write \(temporaryIndexPath)") }

        // The pack first: git finds packs by their index, so a pack without one is invisible.
        // The same pack may be there already (the name is its checksum): it is then replaced by
        // the same bytes, and kept if the index cannot follow.
        let finalPack = packDirectory + name + ".pack"
        let finalIndex = packDirectory + name + ".idx"
        let packWasThere = access(finalPack, F_OK) == 0
        guard rename(temporaryPath, finalPack) == 0 else { throw GitError.io("cannot move the new pack to \(finalPack)") }
        guard rename(temporaryIndexPath, finalIndex) == 0 else {
            let error = GitError.io("cannot move the new pack index to \(finalIndex)")
            if !packWasThere { unlink(finalPack) }
            throw error
        }
        finished = true
        // The names are on disk before any ref points at the objects. (EINVAL: a file system that
        // cannot sync a directory.)
        let directory = open(packDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { throw GitError.io("cannot open \(packDirectory)") }
        if fsync(directory) != 0 && errno != EINVAL {
            let error = GitError.io("cannot write \(packDirectory) to disk")
            close(directory)
            throw error
        }
        close(directory)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        try check(git_odb_refresh(odb), "cannot reread the object database")
    }

    /// Drops the pack being written: its temporary files are removed.
    public func abandon() {
        finished = true
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        unlink(temporaryPath)
        unlink(temporaryIndexPath)
    }

    /// Runs `body`; when it throws, abandons the pack (its temporary files go) and rethrows.
    private func abandoningOnFailure<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            abandon()
            throw error
        }
    }

    /// Writes all of `bytes` to `descriptor` at `position`.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, at position: off_t, path: String) throws {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, position + off_t(done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw GitError.io("cannot write \(path)", errno: count < 0 ? errno : EIO) }
            done += count
        }
    }

    /// A version 2 pack index: fan-out table, sorted ids, CRCs, offsets, checksums.
    static func indexBytes(records: [(id: ObjectID, crc: UInt32, offset: UInt64)], packChecksum: [UInt8]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try index(sorted: records.sorted { $0.id < $1.id }, packChecksum: packChecksum) { bytes += $0 }
        return bytes
    }

    /// The v2 index of `records` (sorted by id; ObjectID orders as git does, by its bytes),
    /// handed to `emit` in pieces of about 64 KiB, its own checksum last.
    static func index(
        sorted records: [(id: ObjectID, crc: UInt32, offset: UInt64)], packChecksum: [UInt8], emit: ([UInt8]) throws -> Void
    ) throws {
        var sha = SHA1()
        var bytes: [UInt8] = [0xFF, 0x74, 0x4F, 0x63] + bigEndian32(2)
        bytes.reserveCapacity(1 << 16 + 64)
        func spill(force: Bool = false) throws {
            guard force || bytes.count >= 1 << 16 else { return }
            bytes.withUnsafeBytes { sha.update($0) }
            try emit(bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        func append(_ value: UInt32) throws {
            withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
            try spill()
        }
        var fanout = [UInt32](repeating: 0, count: 256)
        for record in records { fanout[Int(record.id.raw.id.0)] += 1 }
        var running: UInt32 = 0
        for i in 0..<256 {
            running += fanout[i]
            try append(running)
        }
        for record in records {
            withUnsafeBytes(of: record.id.raw) { bytes.append(contentsOf: $0.prefix(20)) }
            try spill()
        }
        for record in records { try append(record.crc) }
        var large: [UInt64] = []
        for record in records {
            if record.offset < 0x8000_0000 {
                try append(UInt32(record.offset))
            } else {
                try append(0x8000_0000 | UInt32(large.count))
                large.append(record.offset)
            }
        }
        for value in large {
            try append(UInt32(value >> 32))
            try append(UInt32(value & 0xFFFF_FFFF))
        }
        bytes += packChecksum
        try spill(force: true)
        try emit(try sha.finish())
    }

    static func bigEndian32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// "Name <email> seconds +hhmm", refusing what would break the header.
    static func signatureLine(_ signature: Signature) throws -> String {
        for part in [signature.name, signature.email] where part.contains(where: { "<>\n\0".contains($0) }) {
            throw GitError(
                code: GIT_ERROR.rawValue, errorClass: Int32(GIT_ERROR_INVALID.rawValue),
                message: "invalid signature \"\(signature.name) <\(signature.email)>\"")
        }
        let offset = signature.offsetMinutes
        let zone = String(format: "%@%02d%02d", offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
        return "\(signature.name) <\(signature.email)> \(Int64(signature.date.timeIntervalSince1970.rounded(.down))) \(zone)"
    }
}

/// SHA-1 of a byte stream, with mbedTLS (see Sources/Clibgit2/libgit2_deps.h).
struct SHA1 {
    private var state = journal_sha1()

    init() { journal_sha1_start(&state) }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        journal_sha1_update(&state, bytes.baseAddress, bytes.count)
    }

    /// The 20-byte digest; throws if mbedTLS failed at any step.
    mutating func finish() throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        let status = journal_sha1_finish(&state, &digest)
        guard status == 0 else {
            throw GitError(domain: .mbedtls, code: status, message: "cannot compute a SHA-1: mbedTLS error \(status)")
        }
        return digest
    }
}

extension Repository {
    /// The entries of tree `id`.
    public func treeEntries(_ id: ObjectID) throws -> [TreeEntry] {
        var oid = id.raw
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "cannot read tree \(id)")
        defer { git_tree_free(tree) }
        return (0..<git_tree_entrycount(tree)).compactMap { i in
            guard let entry = git_tree_entry_byindex(tree, i), let name = git_tree_entry_name(entry),
                let entryID = git_tree_entry_id(entry)
            else { return nil }
            return TreeEntry(name: String(cString: name), mode: git_tree_entry_filemode(entry).rawValue, id: ObjectID(entryID.pointee))
        }
    }
}
