import Foundation
import Testing
@testable import GapsCore

/// The fourth round of CSV ingest speed work (docs/performance.md): rows of the extract's fast path assembled in
/// plain memory (`ExtractRowLayout`, `ExtractRowBuffer`) and short fields copied without a call to `memmove`
/// (`copyBytes`). Each must give exactly the bytes of the general code. No timing here: `make bench` measures speed.
@Suite struct IngestRowLayoutTests {
    /// A layout with constants that need quotes, adjacent holes, a leading and a trailing hole, filled with values
    /// that need quotes, an empty value and a value longer than the buffer's first capacity, writes what
    /// `CSVWriter.write(_:)` writes for the same cells.
    @Test func layoutRowsWriteWhatTheWriterWritesForTheSameCells() throws {
        let scratch = try IngestScratch()
        let long = String(repeating: "long, \"quoted\" ", count: 40)   // 600 bytes, written as 680 in quotes
        let holeValues = ["x\r\ny", "", "plain", long]
        let cells: [CSVRowTemplate.Cell] = [.hole(0), .text("a,b"), .hole(1), .hole(2), .text("q\"x"), .text(""),
                                            .text("const"), .hole(3)]
        let layout = ExtractRowLayout(cells)
        defer { layout.deallocate() }
        var row = ExtractRowBuffer(capacity: 16)
        defer { row.deallocate() }

        let reference = try CSVWriter(url: URL(fileURLWithPath: scratch.path("reference.csv")), header: ["h"], restricted: true)
        let assembled = try CSVWriter(url: URL(fileURLWithPath: scratch.path("assembled.csv")), header: ["h"], restricted: true)
        for _ in 0..<2 {   // the second row reuses the grown buffer
            try reference.write(cells.map { cell in
                switch cell {
                case .text(let text): text
                case .hole(let hole): holeValues[hole]
                }
            })
            row.reset()
            for part in 0..<layout.partCount {
                let hole = layout.appendLiteral(part, to: &row)
                if hole >= 0 { Array(holeValues[hole].utf8).withUnsafeBufferPointer { row.appendCell($0) } }
            }
            assembled.appendHole(raw: row.row)
            try assembled.endRow()
        }
        try reference.close()
        try assembled.close()
        #expect(assembled.rowsWritten == 2)
        let expected = try String(contentsOfFile: scratch.path("reference.csv"), encoding: .utf8)
        #expect(try String(contentsOfFile: scratch.path("assembled.csv"), encoding: .utf8) == expected)
        // The reference holds what was asked: the line break and the constant's quote in quotes, the empty cell.
        #expect(expected.hasPrefix("h\n\"x\r\ny\",\"a,b\",,plain,\"q\"\"x\",,const,\"long, \"\"quoted\"\" "))
        #expect(layout.literalCount == ",\"a,b\",,,\"q\"\"x\",,const,".utf8.count)
    }

    /// Every length from 0 to 40 (the small-size cases and the call to `memmove` beyond 16 bytes) copies exactly
    /// the bytes asked for and nothing past them.
    @Test func copyBytesCopiesEveryLengthExactly() {
        for length in 0...40 {
            let source = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var destination = [UInt8](repeating: 0xAA, count: length + 8)
            source.withUnsafeBytes { from in
                destination.withUnsafeMutableBytes { to in
                    copyBytes(from: from.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, to: to.baseAddress!, count: length)
                }
            }
            #expect(Array(destination[0..<length]) == source, "length \(length)")
            #expect(destination[length...].allSatisfy { $0 == 0xAA }, "bytes past length \(length) were written")
        }
    }

    /// A cell needs quotes exactly when `CSVWriter.encodeCell` would quote it: every length from 0 to 24 with each
    /// special byte (comma, quote, line feed, carriage return) at every position, bytes next to them in value (`+`,
    /// `#`, tab, VT, 0x8C, 0xAC) and none at all; and the cells `appendCell` writes are `encodeCell`'s.
    @Test func cellsNeedQuotesExactlyWhenTheWriterQuotesThem() {
        var cases: [[UInt8]] = []
        for length in 0...24 {
            let plain = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            cases.append(plain)
            for position in 0..<length {
                for byte: UInt8 in [0x2C, 0x22, 0x0A, 0x0D, 0x2B, 0x23, 0x09, 0x0B, 0x8C, 0xAC, 0x00, 0xFF] {
                    var value = plain
                    value[position] = byte
                    cases.append(value)
                }
            }
        }
        var row = ExtractRowBuffer(capacity: 8)
        defer { row.deallocate() }
        for value in cases {
            let encoded = [UInt8](unsafeUninitializedCapacity: 2 * value.count + 2) { buffer, initialised in
                initialised = value.withUnsafeBufferPointer { CSVWriter.encodeCell($0, into: buffer.baseAddress!) }
            }
            let quoted = encoded.first == 0x22
            let needs = value.withUnsafeBufferPointer { $0.baseAddress.map { ExtractRowBuffer.needsQuotes($0, count: value.count) } ?? false }
            #expect(needs == quoted, "\(value)")
            row.reset()
            value.withUnsafeBufferPointer { row.appendCell($0) }
            #expect(Array(row.row) == encoded, "\(value)")
        }
    }

    /// Fields of every length from 0 to 40, quoted and not, read back as written (libcsv's field callback copies
    /// them with `copyBytes`), with their lines.
    @Test func fieldsOfEveryLengthReadBackWhole() throws {
        let scratch = try IngestScratch()
        var text = ""
        var expected: [[String]] = []
        for length in 0...40 {
            let value = String((0..<length).map { Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
            expected.append([value, "q" + value, "end"])
            text += "\(value),\"q\(value)\",end\n"
        }
        let input = try scratch.write("lengths.csv", text)
        let records = try CSVReader(path: input).readAll()
        #expect(records.map(\.fields) == expected)
        #expect(records.map(\.line) == Array(1...41))
    }

    /// Rows whose values are longer than the fast path's first row buffer (4 KiB): written as the full reader writes
    /// them, the buffer growing on the way.
    @Test func fastRowsWithLongValuesMatchTheFullReader() throws {
        let scratch = try IngestScratch()
        let longName = String(repeating: "Oak, \"Hill\" ", count: 500)   // 6 000 bytes, more in quotes
        var text = ks2Header + "\r\n"
        for serial in 0..<3 {
            let school = "\"" + longName.replacingOccurrences(of: "\"", with: "\"\"") + "\(serial)\""
            text += "A80120000\(1000 + serial),Smith,Jo,01/02/2013,F,801,2000,8012000,100001,\(school),2023/2024,"
                + "\(90 + serial),AS,,B,105,AS,EXS,0,1,0,1,N,WHIT,WBRI\r\n"
        }
        let input = try scratch.write("long.csv", text)
        var outputs: [[Data]] = []
        for fast in [true, false] {
            let out = fast ? "fast" : "full"
            let output = try AtomicOutputDirectory(scratch.path(out))
            let tables = try IngestTables(directory: output, sourceFile: input)
            let reader = ExtractReader(path: input, profiles: try ExtractProfile.shipped(), assessmentMap: try AssessmentMap.shipped())
            reader.usesFastRows = fast
            _ = try reader.read(into: tables)
            _ = try tables.close()
            try output.commit()
            #expect(tables.templatePupils == (fast ? 3 : 0))
            outputs.append(try [IngestedPupil.fileName, IngestedResult.fileName, RejectRecord.fileName].map {
                try Data(contentsOf: URL(fileURLWithPath: scratch.path("\(out)/\($0)")))
            })
        }
        #expect(outputs[0] == outputs[1])
        let pupils = try scratch.pupils("fast")
        #expect(pupils.map(\.schoolName) == (0..<3).map { longName + "\($0)" })
        #expect(pupils.map(\.sourceLine) == [2, 3, 4])
    }
}
