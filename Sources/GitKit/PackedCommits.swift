import Clibgit2

#if canImport(Glibc)
    import Glibc
#endif

/// Commits read straight from the repository's pack files, for the whole-history read
/// (`CommitWalk`, HistoryRead.swift): the pack index looked up here, the object inflated with one
/// zlib stream reset between objects, into one buffer reused for every commit. libgit2's
/// `git_odb_read` does the same with a lock, a window list, a zlib set-up and two allocations per
/// object; on a 100,000-commit history those were a third of the read.
///
/// Only what this reader is sure of is read here: a whole (not deltified) commit in a version 2
/// index of a version 2 or 3 pack. Anything else (a loose object, a delta, a pack it could not
/// open, corrupt data) is not found here, and the caller reads it through libgit2, which reports
/// any error. Objects are not hashed again (as `git log` does not); callers use it only while
/// libgit2's hash verification is off. One instance is used by one thread.
final class PackedCommits {
    private var packs: [PackFile] = []
    /// The pack the last commit was found in: history is mostly in one pack.
    private var lastPack = 0
    /// One inflate stream at a fixed address (zlib's state points back at it).
    private let stream: UnsafeMutablePointer<z_stream>
    private var streamOpen = false
    private var output: UnsafeMutableRawPointer
    private var outputCapacity = 4096
    /// Output room past an object's end, so that all of it can be inflated on zlib's fast path.
    static let fastPathRoom = 258 + 1
    /// How many commits were read here (for the tests).
    private(set) var commitsRead = 0

    /// The packs in `objectsDirectory` (the common directory's `objects/`, with a trailing slash).
    init(objectsDirectory: String) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: outputCapacity, alignment: 16)
        streamOpen = inflateInit_(stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
        let directory = objectsDirectory + "pack/"
        guard streamOpen, let listing = opendir(directory) else { return }
        defer { closedir(listing) }
        var names: [String] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".idx") { names.append(String(name.dropLast(4))) }
        }
        // Newest first is what libgit2 tries first too; any order finds the same objects.
        for name in names.sorted(by: >) {
            if let pack = PackFile(index: directory + name + ".idx", pack: directory + name + ".pack") { packs.append(pack) }
        }
    }

    deinit {
        if streamOpen { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    var isEmpty: Bool { packs.isEmpty }

    /// The raw commit `id` (its header and message, as `git cat-file commit` shows it), valid until
    /// the next call; nil when it is not a whole commit in one of these packs.
    func commit(_ id: ObjectID) -> UnsafeBufferPointer<UInt8>? {
        var key = id.raw
        return withUnsafeBytes(of: &key) { key in
            for step in 0..<packs.count {
                let index = (lastPack + step) % packs.count
                guard let offset = packs[index].offset(of: key) else { continue }
                lastPack = index
                return inflateCommit(in: packs[index], at: offset)
            }
            return nil
        }
    }

    private func inflateCommit(in pack: PackFile, at offset: Int) -> UnsafeBufferPointer<UInt8>? {
        // The entry header: type in bits 4-6 of the first byte, the size in 4 + 7n bits.
        guard let head = pack.bytes(at: offset, count: 16) else { return nil }
        var byte = head[0]
        guard (byte >> 4) & 7 == 1 else { return nil }  // 1 is a commit; a delta is left to libgit2
        var size = Int(byte & 0x0F)
        var shift = 4
        var used = 1
        while byte & 0x80 != 0 {
            guard used < head.count, shift <= 56 else { return nil }
            byte = head[used]
            used += 1
            size |= Int(byte & 0x7F) << shift
            shift += 7
        }
        // Deflated data is at most a little longer than what it holds (stored blocks of 64 KiB,
        // five bytes each, and the zlib header and checksum).
        let bound = size + 5 * (size / 16_384 + 1) + 16
        guard size < Int(UInt32.max) - Self.fastPathRoom, let data = pack.bytes(at: offset + used, count: bound, clipped: true) else {
            return nil
        }
        // Room past the end: zlib decodes on its fast path only while 258 bytes of output are
        // free, and with exactly `size` bytes most of a small commit went through the slow one.
        // A valid stream ends at `size`; a longer one is refused below.
        let room = size + Self.fastPathRoom
        if outputCapacity < room {
            output.deallocate()
            outputCapacity = max(room, outputCapacity * 2)
            output = .allocate(byteCount: outputCapacity, alignment: 16)
        }
        guard inflateReset(stream) == Z_OK else { return nil }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: data.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(data.count)
        stream.pointee.next_out = output.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(room)
        guard inflate(stream, Z_FINISH) == Z_STREAM_END, stream.pointee.total_out == size else { return nil }
        output.storeBytes(of: 0, toByteOffset: size, as: UInt8.self)
        commitsRead += 1
        return UnsafeBufferPointer(start: output.assumingMemoryBound(to: UInt8.self), count: size)
    }
}

/// One pack and its version 2 index, the index mapped whole and the pack through one window.
final class PackFile {
    /// Bytes of the pack mapped at once; the window moves as the read does, so what stays
    /// resident is at most this much of the pack.
    static let windowBytes = 8 << 20

    private let index: UnsafeRawPointer
    private let indexLength: Int
    private let count: Int
    private let idsStart = 8 + 256 * 4
    private let offsetsStart: Int
    private let largeOffsetsStart: Int
    private let largeOffsetCount: Int
    private let descriptor: Int32
    private let packLength: Int
    private var window: UnsafeRawPointer?
    private var windowStart = 0
    private var windowLength = 0

    init?(index indexPath: String, pack packPath: String) {
        let indexFile = open(indexPath, O_RDONLY | O_CLOEXEC)
        guard indexFile >= 0 else { return nil }
        defer { close(indexFile) }
        var status = stat()
        guard fstat(indexFile, &status) == 0 else { return nil }
        let length = Int(status.st_size)
        let header = 8 + 256 * 4
        guard length >= header + 40, let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, indexFile, 0), mapped != MAP_FAILED else {
            return nil
        }
        let mapping = UnsafeRawPointer(mapped)
        func word(_ at: Int) -> Int { Int(UInt32(bigEndian: mapping.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        // "\377tOc", version 2; the fan-out's last entry is the object count.
        let objects = word(header - 4)
        let tables = header + objects * (20 + 4 + 4)
        guard word(0) == 0xFF74_4F63, word(4) == 2, tables + 40 <= length, (length - tables - 40) % 8 == 0 else {
            munmap(mapped, length)
            return nil
        }
        descriptor = open(packPath, O_RDONLY | O_CLOEXEC)
        var packStatus = stat()
        guard descriptor >= 0, fstat(descriptor, &packStatus) == 0, packStatus.st_size >= 32 else {
            if descriptor >= 0 { close(descriptor) }
            munmap(mapped, length)
            return nil
        }
        index = mapping
        indexLength = length
        count = objects
        offsetsStart = header + objects * 24
        largeOffsetsStart = tables
        largeOffsetCount = (length - tables - 40) / 8
        packLength = Int(packStatus.st_size)
        // "PACK", version 2 or 3.
        guard let head = bytes(at: 0, count: 8), UInt32(bigEndian: head.loadUnaligned(as: UInt32.self)) == 0x5041_434B,
            [2, 3].contains(UInt32(bigEndian: head.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        else { return nil }
    }

    deinit {
        if let window { munmap(UnsafeMutableRawPointer(mutating: window), windowLength) }
        munmap(UnsafeMutableRawPointer(mutating: index), indexLength)
        close(descriptor)
    }

    /// Where the object `key` (20 bytes) starts in the pack, if this index lists it.
    func offset(of key: UnsafeRawBufferPointer) -> Int? {
        let bucket = Int(key[0])
        func fanout(_ i: Int) -> Int { Int(UInt32(bigEndian: index.loadUnaligned(fromByteOffset: 8 + i * 4, as: UInt32.self))) }
        var low = bucket == 0 ? 0 : fanout(bucket - 1)
        var high = fanout(bucket)
        guard low < high, high <= count else { return nil }
        // Ids are compared as big-endian numbers, eight bytes at a time.
        let keyHead = UInt64(bigEndian: key.loadUnaligned(as: UInt64.self))
        let keyMiddle = UInt64(bigEndian: key.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let keyTail = UInt32(bigEndian: key.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        func order(_ position: Int) -> Int {
            let at = idsStart + position * 20
            var order = compare(UInt64(bigEndian: index.loadUnaligned(fromByteOffset: at, as: UInt64.self)), keyHead)
            if order == 0 { order = compare(UInt64(bigEndian: index.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)), keyMiddle) }
            if order == 0 { order = compare(UInt32(bigEndian: index.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self)), keyTail) }
            return order
        }
        // Ids are spread evenly, so the key's place in its fan-out bucket is guessed from the seven
        // bytes after the first; from the guess the search widens by doubling steps until the key
        // is bracketed, then halves. The ids it reads lie close together: fewer cache misses than
        // a binary search over the whole bucket, which was a fifth of the reading thread's time.
        let fraction = Double(keyHead & 0x00FF_FFFF_FFFF_FFFF) / Double(UInt64(1) << 56)
        let guess = min(high - 1, low + Int(fraction * Double(high - low)))
        let first = order(guess)
        if first == 0 { return packOffset(guess) }
        var step = 8
        if first < 0 {
            // The key is after the guess.
            var bound = guess + 1
            while bound < high {
                let probe = min(high - 1, guess + step)
                let found = order(probe)
                if found == 0 { return packOffset(probe) }
                if found > 0 {
                    high = probe
                    break
                }
                bound = probe + 1
                step *= 2
            }
            low = bound
        } else {
            // The key is before the guess.
            var bound = guess
            while bound > low {
                let probe = max(low, guess - step)
                let found = order(probe)
                if found == 0 { return packOffset(probe) }
                if found < 0 {
                    low = probe + 1
                    break
                }
                bound = probe
                step *= 2
            }
            high = bound
        }
        while low < high {
            let middle = (low + high) / 2
            let found = order(middle)
            if found == 0 { return packOffset(middle) }
            if found < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func compare<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

    /// The pack offset of the `position`th id: 31 bits, or with the top bit set an index into
    /// the table of 64-bit offsets.
    private func packOffset(_ position: Int) -> Int? {
        let small = UInt32(bigEndian: index.loadUnaligned(fromByteOffset: offsetsStart + position * 4, as: UInt32.self))
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = Int(small & 0x7FFF_FFFF)
        guard large < largeOffsetCount else { return nil }
        let value = UInt64(bigEndian: index.loadUnaligned(fromByteOffset: largeOffsetsStart + large * 8, as: UInt64.self))
        return value < UInt64(Int.max) ? Int(value) : nil
    }

    /// `count` bytes of the pack at `offset`, through the window (moved when they are outside
    /// it); with `clipped`, fewer when the pack ends first. Nil when they cannot be mapped.
    func bytes(at offset: Int, count wanted: Int, clipped: Bool = false) -> UnsafeRawBufferPointer? {
        guard offset >= 0, offset < packLength, wanted <= Self.windowBytes / 2 else { return nil }
        let count = min(wanted, packLength - offset)
        guard count == wanted || clipped else { return nil }
        if window == nil || offset < windowStart || offset + count > windowStart + windowLength {
            if let window { munmap(UnsafeMutableRawPointer(mutating: window), windowLength) }
            window = nil
            // The object in the middle of the window: the read goes either way through the pack.
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let start = max(0, offset - Self.windowBytes / 2) / page * page
            let length = min(Self.windowBytes, packLength - start)
            guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(start)), mapped != MAP_FAILED else {
                return nil
            }
            window = UnsafeRawPointer(mapped)
            windowStart = start
            windowLength = length
        }
        return UnsafeRawBufferPointer(start: window! + (offset - windowStart), count: count)
    }
}
