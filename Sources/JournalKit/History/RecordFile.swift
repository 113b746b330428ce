import Foundation
internal import GitKit

/// Writes the cache's record files: a header line, one record a line with tab-separated fields
/// (`\t`, `\n`, `\r`, `\\` escaped), and a last line `end <records> <FNV-1a 64 of all before it>`.
struct RecordWriter {
    private(set) var bytes: [UInt8] = []
    private var records = 0
    private var fieldsInRecord = 0
    /// When streaming: the temporary file written so far, and the checksum of what it holds.
    private var stream: (handle: FileHandle, temporary: String)?
    private var flushedChecksum = RecordFile.checksumSeed
    /// The first failed write of a chunk (a full disk): `finish` reports it.
    private var writeFailure: (any Error)?

    init(header: String, capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
        bytes.append(contentsOf: header.utf8)
        bytes.append(0x0A)
    }

    /// A writer that streams to a temporary file beside `path` in chunks, so a large cache is
    /// never held whole in memory; `finish(renamingTo:)` puts it in place.
    init(header: String, streamingBeside path: String) throws {
        self.init(header: header, capacity: 1 << 20)
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        AtomicFile.removeLeftovers(in: directory, prefix: (path as NSString).lastPathComponent + ".tmp-")
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw JournalError.failed("cannot write \(temporary)")
        }
        stream = (handle, temporary)
    }

    /// Writes out whole 8-byte words (the checksum sums words, so every chunk but the last must
    /// end on a word boundary of the file) and keeps the rest for later.
    private mutating func flush() {
        guard let stream else { return }
        let whole = bytes.count & ~7
        flushedChecksum = RecordFile.checksum(bytes[..<whole], from: flushedChecksum)
        do {
            try bytes.withUnsafeBytes { try stream.handle.write(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<whole])) }
        } catch {
            if writeFailure == nil { writeFailure = error }
        }
        bytes.removeFirst(whole)
    }

    /// Drops a streamed file that will not be finished.
    mutating func abandon() {
        guard let stream else { return }
        try? stream.handle.close()
        try? FileManager.default.removeItem(atPath: stream.temporary)
        self.stream = nil
    }

    /// Ends a streamed file and renames it over `path`; a failure leaves no temporary behind.
    /// `durable: false` skips the fsync: for the history cache, which a crash may leave torn
    /// (its checksum then fails and it is rebuilt), never wrong.
    mutating func finish(renamingTo path: String, durable: Bool = true) throws {
        guard let stream else { return try AtomicFile.write(finish(), to: path, durable: durable) }
        flushedChecksum = RecordFile.checksum(bytes[...], from: flushedChecksum)
        bytes.append(contentsOf: "end \(records) \(String(flushedChecksum, radix: 16))\n".utf8)
        defer { try? FileManager.default.removeItem(atPath: stream.temporary) }
        try stream.handle.write(contentsOf: bytes)
        bytes.removeAll()
        if let writeFailure { throw JournalError.failed("cannot write \(stream.temporary): \(writeFailure)") }
        if durable { try stream.handle.synchronize() }
        try stream.handle.close()
        guard rename(stream.temporary, path) == 0 else { throw JournalError.failed("cannot write \(path)") }
    }

    mutating func field(_ text: String) {
        separator()
        var text = text
        text.withUTF8 { utf8 in
            if !utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x5C }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x09:
                    bytes.append(0x5C)
                    bytes.append(UInt8(ascii: "t"))
                case 0x0A:
                    bytes.append(0x5C)
                    bytes.append(UInt8(ascii: "n"))
                case 0x0D:
                    bytes.append(0x5C)
                    bytes.append(UInt8(ascii: "r"))
                case 0x5C:
                    bytes.append(0x5C)
                    bytes.append(0x5C)
                default: bytes.append(byte)
                }
            }
        }
    }

    mutating func field(_ number: Int) {
        separator()
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var divisor: UInt = 1
        while magnitude / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }

    mutating func field(_ id: ObjectID) {
        separator()
        id.appendHex(to: &bytes)
    }

    mutating func field(_ number: Double) {
        // Hours are nearly always whole or in hundredths: write those without String(Double).
        let hundredths = (number * 100).rounded()
        if abs(number) < 1e12, hundredths / 100 == number, hundredths >= 0 {
            let value = Int(hundredths)
            field(value / 100)
            let cents = value % 100
            if cents != 0 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(UInt8(ascii: "0") + UInt8(cents / 10))
                if cents % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(cents % 10)) }
            }
            return
        }
        field(String(number))
    }

    /// A whole record as another record file holds it (fields already escaped, no newline).
    mutating func rawRecord(_ record: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: record)
        endRecord()
    }

    mutating func endRecord() {
        bytes.append(0x0A)
        records += 1
        fieldsInRecord = 0
        if stream != nil && bytes.count >= 1 << 20 { flush() }
    }

    private mutating func separator() {
        if fieldsInRecord > 0 { bytes.append(0x09) }
        fieldsInRecord += 1
    }

    func finish() -> Data {
        var data = Data(bytes)
        data.append(Data("end \(records) \(String(RecordFile.checksum(bytes[...]), radix: 16))\n".utf8))
        return data
    }
}

/// Reads what `RecordWriter` wrote; anything malformed or failing its checksum reads as nil.
struct RecordFile {
    let headerWords: [Substring]
    let records: [ArraySlice<UInt8>]

    /// `verify: false` skips the end line's count and checksum (for the parser fuzzer, which
    /// could never forge one and so would never reach the record parsers).
    init?(data: Data, header expected: String, verify: Bool = true) {
        self.init(bytes: [UInt8](data), header: expected, verify: verify)
    }

    init?(bytes: [UInt8], header expected: String, verify: Bool = true) {
        guard bytes.last == 0x0A else { return nil }
        var lines = bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count >= 2 else { return nil }
        let endLine = lines.removeLast()
        let covered = bytes[..<endLine.startIndex]
        guard
            !verify
                || String(decoding: endLine, as: UTF8.self) == "end \(lines.count - 1) \(String(RecordFile.checksum(covered), radix: 16))"
        else {
            return nil
        }
        let header = String(decoding: lines.removeFirst(), as: UTF8.self)
        guard header == expected || header.hasPrefix(expected + " ") else { return nil }
        headerWords = header.split(separator: " ")
        records = lines
    }

    static func load(path: String, header: String) -> RecordFile? {
        guard let bytes = readBytes(path) else { return nil }
        return RecordFile(bytes: bytes, header: header)
    }

    /// A whole file read straight into one array (no `Data` copied after it); nil when it
    /// cannot be read.
    static func readBytes(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let n = read(fd, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
            failed = offset != size
            count = offset
        }
        return failed ? nil : bytes
    }

    static func fields(_ record: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        record.split(separator: 0x09, omittingEmptySubsequences: false)
    }

    static func string(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(byte)
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func int<Bytes: Collection<UInt8>>(_ field: Bytes) -> Int? {
        switch field.withContiguousStorageIfAvailable(quickInt) {
        case .value(let value): return value
        case .notANumber: return nil
        case .undecided, nil: break
        }
        var value = 0
        var negative = false
        var seen = false
        for (i, byte) in zip(field.indices, field) {
            if i == field.startIndex && byte == UInt8(ascii: "-") {
                negative = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
            seen = true
        }
        return seen ? (negative ? -value : value) : nil
    }

    enum QuickInt {
        case value(Int)
        case notANumber
        /// Empty, or more than 18 digits: read the careful way.
        case undecided
    }

    /// `int` for up to 18 digits (which cannot overflow), in one plain loop.
    private static func quickInt(_ bytes: UnsafeBufferPointer<UInt8>) -> QuickInt {
        let negative = bytes.first == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        guard index < bytes.count, bytes.count - index <= 18 else { return .undecided }
        var value = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return .notANumber }
            value = value &* 10 &+ Int(digit)
            index += 1
        }
        return .value(negative ? -value : value)
    }

    /// A day number as the cache writes it: within about 8,000 years of 1970, so that no
    /// calendar arithmetic on it can overflow.
    static func day<Bytes: Collection<UInt8>>(_ field: Bytes) -> Day? {
        guard let days = int(field), abs(days) < 3_000_000 else { return nil }
        return Day(daysSinceEpoch: days)
    }

    static func double<Bytes: Collection<UInt8>>(_ field: Bytes) -> Double? {
        if let whole = int(field) { return Double(whole) }
        if let decimal = plainDecimal(field) { return decimal }
        guard let value = Double(String(decoding: field, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// `digits.digits` with at most 15 digits in all: their value as an integer is exact in a
    /// Double, and so is the power of ten, so one division gives the correctly rounded value that
    /// `Double(String)` gives, without making a String (a summary holds a day total per line).
    static func plainDecimal<Bytes: Collection<UInt8>>(_ field: Bytes) -> Double? {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        for byte in field {
            if byte == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 15 else { return nil }
            mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
            digits += 1
            if fraction >= 0 { fraction += 1 }
        }
        guard fraction > 0, digits > fraction else { return nil }
        return Double(mantissa) / powersOfTen[fraction]
    }

    private static let powersOfTen: [Double] = (0...15).map { (0..<$0).reduce(1.0) { value, _ in value * 10 } }

    static let checksumSeed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a 64 over 8-byte little-endian words (the tail byte by byte), continuing from `seed`
    /// so a file can be summed in chunks that end on word boundaries.
    static func checksum(_ bytes: ArraySlice<UInt8>, from seed: UInt64 = checksumSeed) -> UInt64 {
        bytes.withUnsafeBytes { checksum($0, from: seed) }
    }

    static func checksum(_ buffer: UnsafeRawBufferPointer, from seed: UInt64 = checksumSeed) -> UInt64 {
        var hash = seed
        var offset = 0
        while offset + 8 <= buffer.count {
            hash ^= buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = hash &* 0x100_0000_01b3
            offset += 8
        }
        while offset < buffer.count {
            hash ^= UInt64(buffer[offset])
            hash = hash &* 0x100_0000_01b3
            offset += 1
        }
        return hash
    }
}
