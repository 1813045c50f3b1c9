/// A row template of the extract's fast path in plain memory: the constant runs (cells and the commas between them,
/// encoded once, as `CSVRowTemplate` encodes them) and the holes in row order.
///
/// Why not `CSVRowTemplate` itself: the fast path writes 13 million result rows and 3 million pupil rows for a 500 MB
/// extract, and a template held in arrays costs reference counting each time a row reads it, and a call per constant
/// run and per hole into the writer. A layout is a trivial value (pointers only, freed by its owner with
/// `deallocate()`), and the row is assembled in an `ExtractRowBuffer` and handed to the writer in one copy.
struct ExtractRowLayout {
    /// One part of the row: a constant run `literals[start ..< start + count]` (`hole` -1) or hole number `hole`.
    struct Part {
        var start: Int32
        var count: Int32
        var hole: Int32
    }

    private let literals: UnsafeMutablePointer<UInt8>
    let parts: UnsafeMutablePointer<Part>
    let partCount: Int
    /// The bytes of all constant runs: what a row holds besides its holes.
    let literalCount: Int

    init(_ cells: [CSVRowTemplate.Cell]) {
        var literalBytes: [UInt8] = []
        var partList: [Part] = []
        var runStart = 0
        func closeRun() {
            if literalBytes.count > runStart {
                partList.append(Part(start: Int32(runStart), count: Int32(literalBytes.count - runStart), hole: -1))
            }
        }
        for (index, cell) in cells.enumerated() {
            if index > 0 { literalBytes.append(UInt8(ascii: ",")) }
            switch cell {
            case .text(let text):
                var contiguous = text
                contiguous.withUTF8 { bytes in
                    let encoded = [UInt8](unsafeUninitializedCapacity: 2 * bytes.count + 2) { buffer, initialised in
                        initialised = CSVWriter.encodeCell(bytes, into: buffer.baseAddress!)
                    }
                    literalBytes.append(contentsOf: encoded)
                }
            case .hole(let number):
                closeRun()
                partList.append(Part(start: 0, count: 0, hole: Int32(number)))
                runStart = literalBytes.count
            }
        }
        closeRun()
        literals = .allocate(capacity: max(1, literalBytes.count))
        literals.initialize(from: literalBytes, count: literalBytes.count)
        parts = .allocate(capacity: max(1, partList.count))
        parts.initialize(from: partList, count: partList.count)
        partCount = partList.count
        literalCount = literalBytes.count
    }

    /// Frees the layout's memory; called once by its owner, which does not use it afterwards.
    func deallocate() {
        literals.deallocate()
        parts.deallocate()
    }

    /// Appends part `index` to `row` when it is a constant run and returns -1; returns its hole number otherwise,
    /// for the caller to fill.
    @inline(__always)
    func appendLiteral(_ index: Int, to row: inout ExtractRowBuffer) -> Int {
        let part = parts[index]
        if part.hole >= 0 { return Int(part.hole) }
        row.appendRaw(literals + Int(part.start), count: Int(part.count))
        return -1
    }
}

/// The row being assembled by the extract's fast path: plain memory reused for every row, grown when a row needs
/// more (a long quoted value).
struct ExtractRowBuffer {
    private(set) var bytes: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    /// Frees the buffer; called once by its owner.
    func deallocate() {
        bytes.deallocate()
    }

    /// Empties the buffer for the next row.
    @inline(__always)
    mutating func reset() {
        count = 0
    }

    /// The row assembled so far.
    @inline(__always)
    var row: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes, count: count)
    }

    /// Appends bytes as they are (constant runs, digits encoded once).
    @inline(__always)
    mutating func appendRaw(_ source: UnsafePointer<UInt8>, count length: Int) {
        if count + length > capacity { grow(to: count + length) }
        copyBytes(from: UnsafeRawPointer(source), to: UnsafeMutableRawPointer(bytes + count), count: length)
        count += length
    }

    /// Appends bytes as they are.
    @inline(__always)
    mutating func appendRaw(_ source: UnsafeBufferPointer<UInt8>) {
        guard let base = source.baseAddress else { return }
        appendRaw(base, count: source.count)
    }

    /// Appends a value as one CSV cell, in quotes when it needs them: `CSVWriter`'s own encoding. A value without a
    /// comma, quote or line break (nearly all) is found so eight bytes at a time and copied as it is.
    @inline(__always)
    mutating func appendCell(_ value: UnsafeBufferPointer<UInt8>) {
        let needed = 2 * value.count + 2
        if count + needed > capacity { grow(to: count + needed) }
        if let base = value.baseAddress, !Self.needsQuotes(base, count: value.count) {
            copyBytes(from: UnsafeRawPointer(base), to: UnsafeMutableRawPointer(bytes + count), count: value.count)
            count += value.count
        } else {
            count += CSVWriter.encodeCell(value, into: bytes + count)
        }
    }

    /// True when the bytes hold a comma, a quote, a line feed or a carriage return (what makes `CSVWriter.encodeCell`
    /// quote a cell). Words of eight bytes are tested at once; a short tail is read as two overlapping words, so
    /// nothing past the value is read.
    @inline(__always)
    static func needsQuotes(_ base: UnsafePointer<UInt8>, count: Int) -> Bool {
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            var offset = 0
            while offset + 8 < count {
                if hasSpecialByte(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
                offset += 8
            }
            return hasSpecialByte(raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        if count >= 4 {
            // Two overlapping four-byte reads in one word; the upper and lower halves cover every byte.
            let head = UInt64(raw.loadUnaligned(as: UInt32.self))
            let tail = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return hasSpecialByte(head | tail << 32)
        }
        var index = 0
        while index < count {
            let byte = base[index]
            if byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
            index += 1
        }
        return false
    }

    /// Whether any byte of `word` is a comma, quote, line feed or carriage return: the exact "has a zero byte" test
    /// (`(x - 0x01…) & ~x & 0x80…` is non-zero exactly when some byte of x is zero) on the word XORed with each.
    @inline(__always)
    private static func hasSpecialByte(_ word: UInt64) -> Bool {
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool {
            (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
        }
        return hasZeroByte(word ^ 0x2C2C_2C2C_2C2C_2C2C) || hasZeroByte(word ^ 0x2222_2222_2222_2222)
            || hasZeroByte(word ^ 0x0A0A_0A0A_0A0A_0A0A) || hasZeroByte(word ^ 0x0D0D_0D0D_0D0D_0D0D)
    }

    private mutating func grow(to needed: Int) {
        var larger = 2 * capacity
        while larger < needed { larger *= 2 }
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: bytes, count: count)
        bytes.deallocate()
        bytes = moved
        capacity = larger
    }
}
