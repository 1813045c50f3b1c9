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

/// Streams records from a CSV or tab-separated file through libcsv.
///
/// Memory stays flat: the file is read in chunks and each record is handed over as soon as libcsv completes it.
/// Handles a UTF-8 byte-order mark, CRLF, quoted fields with delimiters, quotes and newlines, and falls back to
/// Windows-1252 for fields that are not valid UTF-8 (files saved from Excel on Windows).
public final class CSVReader {
    public let path: String
    /// The field delimiter: `nil` sniffs comma or tab from the first line.
    public private(set) var delimiter: UInt8?

    public init(path: String, delimiter: UInt8? = nil) {
        self.path = path
        self.delimiter = delimiter
    }

    /// Calls `body` for every record in file order. Throws `GapsError.malformedInput` with the line on bad quoting.
    public func forEachRecord(_ body: (CSVRecord) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw GapsError.io(path: path, message: "cannot open for reading")
        }
        defer { try? handle.close() }

        var parser = csv_parser()
        guard csv_init(&parser, gaps_csv_strict() | gaps_csv_strict_fini()) == 0 else {
            throw GapsError.io(path: path, message: "libcsv could not initialise")
        }
        defer { csv_free(&parser) }

        let state = ParseState()
        let context = Unmanaged.passUnretained(state).toOpaque()
        var isFirstChunk = true
        var pendingError: Error?

        func deliverCompleted() throws {
            for record in state.completed { try body(record) }
            state.completed.removeAll(keepingCapacity: true)
        }

        while pendingError == nil {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            try chunk.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                var bytes = raw.bindMemory(to: UInt8.self)[...]
                if isFirstChunk {
                    isFirstChunk = false
                    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
                    if delimiter == nil { delimiter = Self.sniffDelimiter(bytes) }
                    csv_set_delim(&parser, delimiter ?? UInt8(ascii: ","))
                }
                // Feed line by line so that each record knows the physical line it started on.
                while !bytes.isEmpty {
                    let end = bytes.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bytes.endIndex
                    let segment = bytes[bytes.startIndex..<end]
                    let base = UnsafeRawPointer(raw.baseAddress!).advanced(by: segment.startIndex)
                    let parsed = csv_parse(&parser, base, segment.count, csvFieldCallback, csvRecordCallback, context)
                    if parsed != segment.count {
                        let message = String(cString: csv_strerror(csv_error(&parser)))
                        throw GapsError.malformedInput(
                            SourceLocation(file: path, line: state.currentLine),
                            message: "CSV \(message) (an opening quote without its closing quote?)")
                    }
                    if segment.last == UInt8(ascii: "\n") { state.currentLine += 1 }
                    bytes = bytes[end...]
                    do { try deliverCompleted() } catch { pendingError = error; return }
                }
            }
        }
        if let pendingError { throw pendingError }
        if csv_fini(&parser, csvFieldCallback, csvRecordCallback, context) != 0 {
            throw GapsError.malformedInput(
                SourceLocation(file: path, line: state.currentLine),
                message: "file ends inside a quoted field (truncated file or a stray quote)")
        }
        try deliverCompleted()
    }

    /// Reads every record; for small files and tests.
    public func readAll() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        try forEachRecord { records.append($0) }
        return records
    }

    static func sniffDelimiter(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt8 {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let tabs = firstLine.lazy.filter { $0 == UInt8(ascii: "\t") }.count
        let commas = firstLine.lazy.filter { $0 == UInt8(ascii: ",") }.count
        return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    }

    /// Decodes a field: UTF-8 when valid, otherwise Windows-1252 (which maps every byte).
    static func decodeField(_ buffer: UnsafeRawBufferPointer) -> String {
        let bytes = buffer.bindMemory(to: UInt8.self)
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(data: Data(bytes), encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
    }
}

/// What the C callbacks fill in; passed to libcsv as its `void *` context.
final class ParseState {
    var currentLine = 1
    var fields: [String] = []
    var recordLine = 1
    var completed: [CSVRecord] = []
}

private func csvFieldCallback(_ data: UnsafeMutableRawPointer?, _ length: Int, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
    if state.fields.isEmpty { state.recordLine = state.currentLine }
    let text = data.map { CSVReader.decodeField(UnsafeRawBufferPointer(start: $0, count: length)) } ?? ""
    state.fields.append(text)
}

private func csvRecordCallback(_ terminator: Int32, _ context: UnsafeMutableRawPointer?) {
    guard let context else { return }
    let state = Unmanaged<ParseState>.fromOpaque(context).takeUnretainedValue()
    state.completed.append(CSVRecord(fields: state.fields, line: state.recordLine))
    state.fields.removeAll(keepingCapacity: true)
}
