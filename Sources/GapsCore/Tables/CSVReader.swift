import CLibCSV
import Foundation

/// One record of a delimited file: its fields and the physical line on which it starts (1-based).
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// One record whose fields are still bytes in the reader's buffer, as `CSVReader.forEachRawRecord` hands it over.
///
/// Only valid during the call that receives it (the buffer is reused for the next record). Fields are libcsv's
/// output: quotes removed, doubled quotes undone, not yet decoded. Reading a field as bytes costs nothing, so a
/// caller that needs a few fields as text, or only needs to know whether a field is empty, pays for just those.
public struct CSVRawRecord {
    /// The physical line on which the record starts (1-based).
    public let line: Int
    /// Number of fields.
    public let count: Int
    private let storage: UnsafePointer<UInt8>
    private let start: Int
    private let ends: UnsafePointer<Int>

    init(line: Int, count: Int, storage: UnsafePointer<UInt8>, start: Int, ends: UnsafePointer<Int>) {
        self.line = line
        self.count = count
        self.storage = storage
        self.start = start
        self.ends = ends
    }

    /// The raw bytes of field `index` (0-based, below `count`).
    @inline(__always)
    public func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let from = index == 0 ? start : ends[index - 1]
        return UnsafeBufferPointer(start: storage + from, count: ends[index] - from)
    }

    /// The bytes of every field, one after another (no delimiters or quotes): for checking a whole record at once,
    /// such as whether it is all ASCII.
    @inline(__always)
    public var allFieldBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + start, count: count == 0 ? 0 : ends[count - 1] - start)
    }

    /// Field `index` decoded as `CSVReader.forEachRecord` decodes it (UTF-8, else Windows-1252).
    public func string(at index: Int) -> String {
        CSVReader.decodeField(bytes(at: index))
    }

    /// Every field decoded: the record `forEachRecord` hands over.
    public var record: CSVRecord {
        CSVRecord(fields: (0..<count).map(string(at:)), line: line)
    }
}

/// Streams records from a CSV or tab-separated file through libcsv.
///
/// Memory stays flat: the file is read in chunks and each record is handed over as soon as libcsv completes it.
/// Handles a UTF-8 byte-order mark, CRLF, quoted fields with delimiters, quotes and newlines, and falls back to
/// Windows-1252 for fields that are not valid UTF-8 (files saved from Excel on Windows).
///
/// Speed (see docs/performance.md): libcsv's callbacks copy each field's bytes into one reusable buffer, with no
/// Swift object per field; `forEachRawRecord` hands records over as bytes, and `forEachRecord` decodes every field.
public final class CSVReader {
    public let path: String
    /// The field delimiter: `nil` sniffs comma or tab from the first line.
    public private(set) var delimiter: UInt8?

    /// Bytes read from the file at a time.
    static let chunkSize = 1 << 20

    public init(path: String, delimiter: UInt8? = nil) {
        self.path = path
        self.delimiter = delimiter
    }

    /// Calls `body` for every record in file order. Throws `GapsError.malformedInput` with the line on bad quoting.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        try forEachRawRecord { try body($0.record) }
    }

    /// Reads every record; for small files and tests.
    public func readAll() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        try forEachRecord { records.append($0) }
        return records
    }

    /// Calls `body` for every record in file order, with its fields as bytes (see `CSVRawRecord`): the fast path for
    /// large files. Same errors as `forEachRecord`.
    public func forEachRawRecord(_ body: (CSVRawRecord) throws -> Void) throws {
        try forEachRawRecord(eachBlock: nil, body)
    }

    /// `forEachRawRecord(_:)`, also handing `eachBlock` every block of the file's bytes as it is read (in order, the
    /// byte-order mark included), so that a caller can hash the input in the same pass instead of reading the file
    /// a second time. When the call returns without an error, every byte of the file has been handed over.
    public func forEachRawRecord(eachBlock: ((UnsafeRawBufferPointer) -> Void)?,
                                 _ body: (CSVRawRecord) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GapsError.io(path: path, message: "cannot open for reading")
        }
        defer { close(descriptor) }

        var parser = csv_parser()
        guard csv_init(&parser, gaps_csv_strict() | gaps_csv_strict_fini()) == 0 else {
            throw GapsError.io(path: path, message: "libcsv could not initialise")
        }
        defer { csv_free(&parser) }

        // The callbacks' state lives at a fixed address (no Swift class, so no exclusivity checks per field).
        let state = UnsafeMutablePointer<CSVParseState>.allocate(capacity: 1)
        state.initialize(to: CSVParseState())
        defer {
            state.pointee.release()
            state.deinitialize(count: 1)
            state.deallocate()
        }
        let context = UnsafeMutableRawPointer(state)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { chunk.deallocate() }
        var isFirstChunk = true

        while true {
            let filled = try readChunk(descriptor, into: chunk)
            if filled == 0 { break }
            eachBlock?(UnsafeRawBufferPointer(start: chunk.baseAddress, count: filled))
            var position = chunk.baseAddress!
            var remaining = filled
            if isFirstChunk {
                isFirstChunk = false
                let head = UnsafeBufferPointer(start: position.assumingMemoryBound(to: UInt8.self), count: remaining)
                if head.starts(with: [0xEF, 0xBB, 0xBF]) {
                    position += 3
                    remaining -= 3
                }
                if delimiter == nil {
                    delimiter = Self.sniffDelimiter(
                        UnsafeBufferPointer(start: position.assumingMemoryBound(to: UInt8.self), count: remaining))
                }
                csv_set_delim(&parser, delimiter ?? UInt8(ascii: ","))
            }
            // Feed line by line so that each record knows the physical line it started on.
            while remaining > 0 {
                let newline = memchr(position, Int32(UInt8(ascii: "\n")), remaining)
                let length = newline.map { position.distance(to: $0) + 1 } ?? remaining
                let parsed = csv_parse(&parser, position, length, csvFieldCallback, csvRecordCallback, context)
                if parsed != length {
                    let message = String(cString: csv_strerror(csv_error(&parser)))
                    throw GapsError.malformedInput(
                        SourceLocation(file: path, line: state.pointee.currentLine),
                        message: "CSV \(message) (an opening quote without its closing quote?)")
                }
                if newline != nil { state.pointee.currentLine += 1 }
                position += length
                remaining -= length
                if state.pointee.completedCount > 0 { try state.pointee.deliverCompleted(body) }
            }
        }
        if csv_fini(&parser, csvFieldCallback, csvRecordCallback, context) != 0 {
            throw GapsError.malformedInput(
                SourceLocation(file: path, line: state.pointee.currentLine),
                message: "file ends inside a quoted field (truncated file or a stray quote)")
        }
        try state.pointee.deliverCompleted(body)
    }

    /// Fills `buffer` from the file, or as far as the file goes; returns the bytes read (0 at the end).
    private func readChunk(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let result = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if result == 0 { break }
            if result < 0 {
                if errno == EINTR { continue }
                throw GapsError.io(path: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            filled += result
        }
        return filled
    }

    static func sniffDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let tabs = firstLine.lazy.filter { $0 == UInt8(ascii: "\t") }.count
        let commas = firstLine.lazy.filter { $0 == UInt8(ascii: ",") }.count
        return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// Decodes a field: UTF-8 when valid, otherwise Windows-1252 (which maps every byte). ASCII, the usual case,
    /// takes the shortest path.
    static func decodeField(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// True when every byte is below 0x80; eight bytes at a time (a whole record is checked at once by the extract's
    /// fast path).
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var combined: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            combined |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        var tail: UInt8 = 0
        while index < bytes.count {
            tail |= base[index]
            index += 1
        }
        return combined & 0x8080_8080_8080_8080 == 0 && tail < 0x80
    }
}

/// What the C callbacks fill in; libcsv gets its address as the `void *` context.
///
/// Field bytes go into one growing buffer; `ends` holds where each field ends. Records completed by one
/// `csv_parse` call (one line: normally none or one, several only with bare-CR line ends) are handed over after
/// the call, then the buffer is reused. Plain memory rather than arrays: the field callback runs for every field of
/// the file, and an array append costs a uniqueness check, a capacity check and a call.
struct CSVParseState {
    var currentLine = 1
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity = 1 << 12
    private var byteCount = 0
    private var ends: UnsafeMutablePointer<Int>
    private var endCapacity = 64
    private var fieldCount = 0
    /// The first field of the record in progress, and the line it starts on.
    private var recordFirstField = 0
    private var recordLine = 1
    /// Completed records: first field index, field count, line (flat, three entries per record).
    private var completed: UnsafeMutablePointer<Int>
    private var completedCapacity = 4
    private(set) var completedCount = 0

    init() {
        bytes = .allocate(capacity: byteCapacity)
        ends = .allocate(capacity: endCapacity)
        completed = .allocate(capacity: 3 * completedCapacity)
    }

    /// Frees the buffers; the state is not used afterwards.
    func release() {
        bytes.deallocate()
        ends.deallocate()
        completed.deallocate()
    }

    @inline(__always)
    mutating func addField(_ data: UnsafeMutableRawPointer?, _ length: Int) {
        if fieldCount == recordFirstField { recordLine = currentLine }
        if let data, length > 0 {
            if byteCount + length > byteCapacity { growBytes(to: byteCount + length) }
            copyBytes(from: UnsafeRawPointer(data), to: UnsafeMutableRawPointer(bytes + byteCount), count: length)
            byteCount += length
        }
        if fieldCount == endCapacity { growEnds() }
        ends[fieldCount] = byteCount
        fieldCount += 1
    }

    @inline(__always)
    mutating func endRecord() {
        if completedCount == completedCapacity {
            let larger = UnsafeMutablePointer<Int>.allocate(capacity: 6 * completedCapacity)
            larger.update(from: completed, count: 3 * completedCount)
            completed.deallocate()
            completed = larger
            completedCapacity *= 2
        }
        completed[3 * completedCount] = recordFirstField
        completed[3 * completedCount + 1] = fieldCount - recordFirstField
        completed[3 * completedCount + 2] = recordLine
        completedCount += 1
        recordFirstField = fieldCount
    }

    private mutating func growBytes(to needed: Int) {
        var capacity = byteCapacity
        while capacity < needed { capacity *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: bytes, count: byteCount)
        bytes.deallocate()
        bytes = larger
        byteCapacity = capacity
    }

    private mutating func growEnds() {
        let larger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * endCapacity)
        larger.update(from: ends, count: fieldCount)
        ends.deallocate()
        ends = larger
        endCapacity *= 2
    }

    /// Hands over the completed records, then keeps only the fields of the record in progress.
    mutating func deliverCompleted(_ body: (CSVRawRecord) throws -> Void) throws {
        for index in 0..<completedCount {
            let first = completed[3 * index]
            try body(CSVRawRecord(
                line: completed[3 * index + 2], count: completed[3 * index + 1], storage: bytes,
                start: first == 0 ? 0 : ends[first - 1], ends: ends + first))
        }
        completedCount = 0
        // Keep the record in progress (a quoted field running over several lines), moved to the front.
        if recordFirstField == fieldCount {
            byteCount = 0
            fieldCount = 0
        } else if recordFirstField > 0 {
            let keptFrom = ends[recordFirstField - 1]
            memmove(bytes, bytes + keptFrom, byteCount - keptFrom)
            byteCount -= keptFrom
            for index in recordFirstField..<fieldCount { ends[index - recordFirstField] = ends[index] - keptFrom }
            fieldCount -= recordFirstField
        }
        recordFirstField = 0
    }
}

/// Copies `count` bytes that do not overlap. Most CSV fields and row pieces are a few bytes, for which a call to
/// `memmove` costs more than the copy: up to 16 bytes are copied with two overlapping loads and stores (the way
/// `memcpy` itself copies small sizes; a byte loop would be turned back into a `memcpy` call by the optimiser).
@inline(__always)
func copyBytes(from source: UnsafeRawPointer, to destination: UnsafeMutableRawPointer, count: Int) {
    if count >= 8 {
        if count > 16 {
            destination.copyMemory(from: source, byteCount: count)
            return
        }
        let head = source.loadUnaligned(as: UInt64.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        destination.storeBytes(of: head, as: UInt64.self)
        destination.storeBytes(of: tail, toByteOffset: count - 8, as: UInt64.self)
    } else if count >= 4 {
        let head = source.loadUnaligned(as: UInt32.self)
        let tail = source.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        destination.storeBytes(of: head, as: UInt32.self)
        destination.storeBytes(of: tail, toByteOffset: count - 4, as: UInt32.self)
    } else if count > 0 {
        let first = source.load(as: UInt8.self)
        let middle = source.load(fromByteOffset: count >> 1, as: UInt8.self)
        let last = source.load(fromByteOffset: count - 1, as: UInt8.self)
        destination.storeBytes(of: first, as: UInt8.self)
        destination.storeBytes(of: middle, toByteOffset: count >> 1, as: UInt8.self)
        destination.storeBytes(of: last, toByteOffset: count - 1, as: UInt8.self)
    }
}

private func csvFieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    context.assumingMemoryBound(to: CSVParseState.self).pointee.addField(data, length)
}

private func csvRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    context.assumingMemoryBound(to: CSVParseState.self).pointee.endRecord()
}
