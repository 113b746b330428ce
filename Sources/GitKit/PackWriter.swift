import Clibgit2
import Foundation

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
/// and its index in place; `abandon()` (or a crash) leaves at most a temporary file.
public final class PackWriter {
    private let repository: Repository
    private let packDirectory: String
    private let temporaryPath: String
    private let file: FileHandle
    private var buffer: [UInt8] = []
    private var offset: UInt64 = 12
    private var records: [(id: [UInt8], crc: UInt32, offset: UInt64)] = []
    private var written: Set<ObjectID> = []
    private var finished = false
    /// One deflate stream, reset between objects: setting one up costs more than a small object.
    private var stream = z_stream()

    /// How many objects are in the pack so far.
    public var count: Int { records.count }

    public init(repository: Repository) throws {
        self.repository = repository
        // The common directory: a linked worktree's own .git folder holds no objects.
        packDirectory = repository.commonDirectory + "objects/pack/"
        try FileManager.default.createDirectory(atPath: packDirectory, withIntermediateDirectories: true)
        temporaryPath = packDirectory + "tmp-journal-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pack"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forUpdatingAtPath: temporaryPath) else {
            throw GitError(code: -1, message: "cannot create \(temporaryPath)")
        }
        file = handle
        // The object count is not known yet: the header is written again by finish().
        buffer = Array("PACK".utf8) + PackWriter.bigEndian32(2) + PackWriter.bigEndian32(0)
        guard deflateInit_(&stream, Z_BEST_SPEED, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GitError(code: -1, message: "cannot start zlib")
        }
    }

    deinit {
        if !finished { abandon() }
        deflateEnd(&stream)
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
    public func writeCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String) throws -> ObjectID {
        var text = "tree \(tree.hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        text += "author \(try PackWriter.signatureLine(author))\ncommitter \(try PackWriter.signatureLine(committer))\n\n\(message)"
        return try Array(text.utf8).withUnsafeBytes { try write(type: 1, name: "commit", $0) }
    }

    private func write(type: UInt8, name: String, _ content: UnsafeRawBufferPointer) throws -> ObjectID {
        // The object id: SHA-1 of "type size\0" and the content.
        var sha = journal_sha1()
        journal_sha1_start(&sha)
        let header = Array("\(name) \(content.count)\0".utf8)
        journal_sha1_update(&sha, header, header.count)
        journal_sha1_update(&sha, content.baseAddress, content.count)
        var digest = [UInt8](repeating: 0, count: 20)
        journal_sha1_finish(&sha, &digest)
        var raw = git_oid()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: digest) }
        let id = ObjectID(raw)
        guard written.insert(id).inserted else { return id }

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
        let bound = Int(deflateBound(&stream, uLong(content.count)))
        let start = record.count
        record.append(contentsOf: repeatElement(0, count: bound))
        deflateReset(&stream)
        let status = record.withUnsafeMutableBufferPointer { out -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: content.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(content.count)
            stream.next_out = out.baseAddress! + start
            stream.avail_out = uInt(bound)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw GitError(code: -1, message: "cannot compress a \(name) (zlib \(status))") }
        record.removeLast(bound - Int(stream.total_out))
        let crc = record.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        records.append((digest, crc, offset))
        offset += UInt64(record.count)
        buffer += record
        if buffer.count >= 1 << 20 { try flush() }
        return id
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try file.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Completes the pack (count, checksum), writes its index, moves both into
    /// `objects/pack/` and makes libgit2 see them.
    public func finish() throws {
        precondition(!finished, "finish() called twice")
        try flush()
        // The real count, then the checksum of the whole file.
        try file.seek(toOffset: 8)
        try file.write(contentsOf: PackWriter.bigEndian32(UInt32(records.count)))
        try file.seek(toOffset: 0)
        var sha = journal_sha1()
        journal_sha1_start(&sha)
        while let chunk = try file.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { journal_sha1_update(&sha, $0.baseAddress, $0.count) }
        }
        var packChecksum = [UInt8](repeating: 0, count: 20)
        journal_sha1_finish(&sha, &packChecksum)
        try file.seekToEnd()
        try file.write(contentsOf: packChecksum)
        try file.synchronize()
        try file.close()

        let name = "pack-" + packChecksum.map { String(format: "%02x", $0) }.joined()
        let index = PackWriter.indexBytes(records: records, packChecksum: packChecksum)
        let temporaryIndex = String(temporaryPath.dropLast(".pack".count)) + ".idx"
        guard FileManager.default.createFile(atPath: temporaryIndex, contents: nil),
              let indexFile = FileHandle(forWritingAtPath: temporaryIndex) else {
            throw GitError(code: -1, message: "cannot write \(temporaryIndex)")
        }
        try indexFile.write(contentsOf: index)
        try indexFile.synchronize()
        try indexFile.close()
        // The pack first: git finds packs by their index, so a pack without one is invisible.
        guard rename(temporaryPath, packDirectory + name + ".pack") == 0,
              rename(temporaryIndex, packDirectory + name + ".idx") == 0 else {
            throw GitError(code: -1, message: "cannot move the new pack into \(packDirectory): \(String(cString: strerror(errno)))")
        }
        // The names are on disk before any ref points at the objects.
        let directory = open(packDirectory, O_RDONLY)
        if directory >= 0 { fsync(directory); close(directory) }
        finished = true
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        try check(git_odb_refresh(odb), "cannot reread the object database")
    }

    /// Drops the pack being written.
    public func abandon() {
        finished = true
        try? file.close()
        unlink(temporaryPath)
    }

    /// A version 2 pack index: fan-out table, sorted ids, CRCs, offsets, checksums.
    static func indexBytes(records: [(id: [UInt8], crc: UInt32, offset: UInt64)], packChecksum: [UInt8]) -> [UInt8] {
        let sorted = records.sorted { $0.id.lexicographicallyPrecedes($1.id) }
        var bytes: [UInt8] = [0xFF, 0x74, 0x4F, 0x63] + bigEndian32(2)
        var fanout = [UInt32](repeating: 0, count: 256)
        for record in sorted { fanout[Int(record.id[0])] += 1 }
        var running: UInt32 = 0
        for i in 0..<256 {
            running += fanout[i]
            bytes += bigEndian32(running)
        }
        for record in sorted { bytes += record.id }
        for record in sorted { bytes += bigEndian32(record.crc) }
        var large: [UInt64] = []
        for record in sorted {
            if record.offset < 0x8000_0000 {
                bytes += bigEndian32(UInt32(record.offset))
            } else {
                bytes += bigEndian32(0x8000_0000 | UInt32(large.count))
                large.append(record.offset)
            }
        }
        for value in large { bytes += bigEndian32(UInt32(value >> 32)) + bigEndian32(UInt32(value & 0xFFFF_FFFF)) }
        bytes += packChecksum
        var sha = journal_sha1()
        journal_sha1_start(&sha)
        journal_sha1_update(&sha, bytes, bytes.count)
        var checksum = [UInt8](repeating: 0, count: 20)
        journal_sha1_finish(&sha, &checksum)
        return bytes + checksum
    }

    static func bigEndian32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// "Name <email> seconds +hhmm", refusing what would break the header.
    static func signatureLine(_ signature: Signature) throws -> String {
        for part in [signature.name, signature.email] where part.contains(where: { "<>\n\0".contains($0) }) {
            throw GitError(code: -1, message: "invalid signature \"\(signature.name) <\(signature.email)>\"")
        }
        let offset = signature.offsetMinutes
        let zone = String(format: "%@%02d%02d", offset < 0 ? "-" : "+", abs(offset) / 60, abs(offset) % 60)
        return "\(signature.name) <\(signature.email)> \(Int64(signature.date.timeIntervalSince1970.rounded(.down))) \(zone)"
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
                  let entryID = git_tree_entry_id(entry) else { return nil }
            return TreeEntry(name: String(cString: name), mode: git_tree_entry_filemode(entry).rawValue, id: ObjectID(entryID.pointee))
        }
    }
}
