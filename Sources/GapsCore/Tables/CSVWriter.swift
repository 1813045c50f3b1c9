import Foundation

/// Writes RFC 4180 CSV (UTF-8, LF line ends), buffered.
///
/// Pupil-level files are created with owner-only permissions (0600) because they hold personal data.
/// Published files can neutralise cells that a spreadsheet would run as a formula.
public final class CSVWriter {
    public let url: URL
    public let isRestricted: Bool
    public let neutralisesFormulas: Bool
    // The buffer's state is touched for every cell written, never by overlapping accesses (a writer is used from
    // one place at a time): the run-time exclusivity checks, a thread-local lookup per access, are turned off.
    @exclusivity(unchecked) public private(set) var rowsWritten = 0
    private let descriptor: Int32
    private var isClosed = false
    /// Bytes not yet written: a plain buffer, so that appending a cell is a bounds check and a copy.
    @exclusivity(unchecked) private var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var count = 0

    /// Bytes gathered before each write to the file.
    private static let flushSize = 1 << 18

    /// - Parameters:
    ///   - restricted: pupil-level data: the file is created 0600 and its manifest entry is marked restricted.
    ///   - neutraliseFormulas: prefix an apostrophe to cells starting with `=`, `+`, `-`, `@`, tab or carriage
    ///     return, except plain numbers such as `-3.5`. Use it for every file a person might open in Excel.
    public init(url: URL, header: [String], restricted: Bool, neutraliseFormulas: Bool = false) throws {
        self.url = url
        self.isRestricted = restricted
        self.neutralisesFormulas = neutraliseFormulas
        let permissions: Int = restricted ? 0o600 : 0o644
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: permissions])
        else {
            throw GapsError.io(path: url.path, message: "cannot create file")
        }
        let descriptor = open(url.path, O_WRONLY | O_TRUNC | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw GapsError.io(path: url.path, message: "cannot create file")
        }
        self.descriptor = descriptor
        capacity = Self.flushSize + (1 << 12)
        buffer = .allocate(capacity: capacity)
        appendRow(header)
    }

    deinit {
        if !isClosed { _ = closeDescriptor(descriptor) }
        buffer.deallocate()
    }

    /// Writes one data row.
    public func write(_ fields: [String]) throws {
        appendRow(fields)
        rowsWritten += 1
        if count >= Self.flushSize { try flush() }
    }

    /// Flushes and closes the file; returns its manifest entry.
    @discardableResult
    public func close() throws -> ManifestOutput {
        try flush()
        isClosed = true
        if closeDescriptor(descriptor) != 0 {
            throw GapsError.io(path: url.path, message: "cannot close file: \(String(cString: strerror(errno)))")
        }
        return ManifestOutput(file: url.lastPathComponent, rows: rowsWritten, restricted: isRestricted)
    }

    private func flush() throws {
        var written = 0
        while written < count {
            let result = writeDescriptor(descriptor, buffer + written, count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw GapsError.io(path: url.path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
            written += result
        }
        count = 0
    }

    /// Whether the next `appendField` starts a row (no comma before it).
    @exclusivity(unchecked) private var atRowStart = true

    /// Adds one cell to the row being written field by field: the array-free path for writers of millions of rows
    /// (`IngestTables`). Finish the row with `endRow()`. Cells go through the same quoting as `write(_:)`.
    @inline(__always)
    func appendField(_ text: String) {
        if !atRowStart { appendByte(UInt8(ascii: ",")) }
        atRowStart = false
        appendCell(neutralisesFormulas ? SpreadsheetSafety.neutralise(text) : text)
    }

    /// Adds a whole number as a cell, written as `String(number)` would write it.
    @inline(__always)
    func appendField(_ number: Int) {
        if neutralisesFormulas {
            appendField(String(number))
            return
        }
        if !atRowStart { appendByte(UInt8(ascii: ",")) }
        atRowStart = false
        appendNumber(number)
    }

    /// Writes `number`'s decimal digits (and sign), as `String(number)` would.
    @inline(__always)
    private func appendNumber(_ number: Int) {
        if count + 21 > capacity { grow(to: 2 * capacity) }
        count += Self.encodeNumber(number, into: buffer + count)
    }

    /// Writes `number`'s decimal digits (and sign) at `destination` (room for 21 bytes), as `String(number)` would;
    /// returns their length. For a caller that writes the same number in several rows (`appendHole(raw:)`).
    @inline(__always)
    static func encodeNumber(_ number: Int, into destination: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = number.magnitude
        var length = 0
        if number < 0 {
            destination[0] = UInt8(ascii: "-")
            length = 1
        }
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        length += digits
        var position = length
        repeat {
            position -= 1
            destination[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        return length
    }

    /// Writes one row of `template`, calling `fill` with each hole's number in row order; `fill` writes that cell
    /// with `appendHole(bytes:)` or `appendHole(number:)` (nothing leaves the cell empty). Not for writers that
    /// neutralise formulas (a template's holes are not checked).
    @inline(__always)
    func writeRow(_ template: CSVRowTemplate, fill: (Int) -> Void) throws {
        precondition(!neutralisesFormulas, "row templates are for restricted pipeline tables")
        template.literals.withUnsafeBufferPointer { literals in
            template.parts.withUnsafeBufferPointer { parts in
                for part in parts {
                    if part.hole >= 0 {
                        fill(part.hole)
                    } else {
                        appendRaw(UnsafeBufferPointer(rebasing: literals[part.start..<part.end]))
                    }
                }
            }
        }
        try endRow()
    }

    /// Writes a template hole's cell from bytes (UTF-8), quoted when needed.
    @inline(__always)
    func appendHole(bytes: UnsafeBufferPointer<UInt8>) {
        appendCell(bytes: bytes)
    }

    /// Writes a template hole's cell from bytes that need no quotes (no comma, quote or line break: digits encoded
    /// once with `encodeNumber` for several rows), as they are.
    @inline(__always)
    func appendHole(raw bytes: UnsafeBufferPointer<UInt8>) {
        appendRaw(bytes)
    }

    /// Writes a template hole's cell as a whole number.
    @inline(__always)
    func appendHole(number: Int) {
        appendNumber(number)
    }

    @inline(__always)
    private func appendRaw(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > capacity { grow(to: max(2 * capacity, count + bytes.count)) }
        (buffer + count).update(from: bytes.baseAddress!, count: bytes.count)
        count += bytes.count
    }

    /// Ends the row started with `appendField`; counts it and writes to the file when the buffer is full.
    func endRow() throws {
        appendByte(0x0A)
        atRowStart = true
        rowsWritten += 1
        if count >= Self.flushSize { try flush() }
    }

    private func appendRow(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { appendByte(UInt8(ascii: ",")) }
            appendCell(neutralisesFormulas ? SpreadsheetSafety.neutralise(field) : field)
        }
        appendByte(0x0A)
    }

    @inline(__always)
    private func appendByte(_ byte: UInt8) {
        if count == capacity { grow(to: capacity * 2) }
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    private func appendCell(_ cell: String) {
        if cell.utf8.withContiguousStorageIfAvailable({ appendCell(bytes: $0) }) == nil {
            var contiguous = cell
            contiguous.withUTF8 { appendCell(bytes: $0) }
        }
    }

    /// Appends a cell, in quotes (with quotes doubled) when it holds a comma, quote or line break.
    @inline(__always)
    private func appendCell(bytes: UnsafeBufferPointer<UInt8>) {
        let needed = 2 * bytes.count + 2
        if count + needed > capacity { grow(to: max(2 * capacity, count + needed)) }
        count += Self.encodeCell(bytes, into: buffer + count)
    }

    /// Writes `bytes` as one CSV cell at `destination` (room for `2 * bytes.count + 2` bytes); returns its length.
    ///
    /// The bytes are copied while they are checked (one pass, no call to `memcpy` for cells of a few bytes); the
    /// rare cell that needs quotes is then written again over the copy.
    static func encodeCell(_ bytes: UnsafeBufferPointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) -> Int {
        var special: UInt8 = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            destination[index] = byte
            special |= (byte == 0x2C ? 1 : 0) | (byte == 0x22 ? 1 : 0) | (byte == 0x0A ? 1 : 0) | (byte == 0x0D ? 1 : 0)
        }
        if special == 0 { return bytes.count }
        var written = 0
        destination[written] = 0x22
        written += 1
        for byte in bytes {
            if byte == 0x22 {
                destination[written] = 0x22
                written += 1
            }
            destination[written] = byte
            written += 1
        }
        destination[written] = 0x22
        return written + 1
    }

    private func grow(to newCapacity: Int) {
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        larger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
        capacity = newCapacity
    }
}

/// A row layout whose constant cells are encoded once, for writing millions of rows that differ in a few cells:
/// the constant runs (cells and the commas between them) are copied as bytes, and each hole is filled by the
/// caller. Writes the same bytes as `CSVWriter.write(_:)` given the constants and the holes' values.
struct CSVRowTemplate {
    /// One cell of the row: a constant text, or a hole the caller fills, identified by its number.
    enum Cell: Equatable {
        case text(String)
        case hole(Int)
    }

    fileprivate let literals: [UInt8]
    /// In row order: a literal run (`literals[start..<end]`, `hole` -1) or a hole (`hole` >= 0).
    fileprivate let parts: [(start: Int, end: Int, hole: Int)]

    init(_ cells: [Cell]) {
        var literals: [UInt8] = []
        var parts: [(start: Int, end: Int, hole: Int)] = []
        var runStart = 0
        func closeRun() {
            if literals.count > runStart { parts.append((runStart, literals.count, -1)) }
        }
        for (index, cell) in cells.enumerated() {
            if index > 0 { literals.append(UInt8(ascii: ",")) }
            switch cell {
            case .text(let text):
                var contiguous = text
                contiguous.withUTF8 { bytes in
                    let encoded = [UInt8](unsafeUninitializedCapacity: 2 * bytes.count + 2) { buffer, initialised in
                        initialised = CSVWriter.encodeCell(bytes, into: buffer.baseAddress!)
                    }
                    literals.append(contentsOf: encoded)
                }
            case .hole(let number):
                closeRun()
                parts.append((0, 0, number))
                runStart = literals.count
            }
        }
        closeRun()
        self.literals = literals
        self.parts = parts
    }
}

// The POSIX calls under names that `CSVWriter`'s own `write` and `close` do not hide.
private func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// Defuses CSV injection: text that Excel, LibreOffice or Google Sheets would evaluate as a formula.
public enum SpreadsheetSafety {
    private static let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Returns `cell` unchanged when harmless (including numbers like `-3.5`), otherwise prefixed with `'`.
    /// The first Unicode scalar is tested, not the first Character: "\r\n" is one Character, which is not "\r".
    public static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, triggers.contains(first) else { return cell }
        if Double(cell) != nil, !cell.contains(where: { $0.isLetter }) { return cell }
        return "'" + cell
    }
}
