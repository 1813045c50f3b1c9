import Foundation
import Testing
@testable import GapsCore

/// The third round of ingest speed work (docs/performance.md): the ingest tables without a `source_file` column
/// (normalise takes the input's path from the folder's manifest), the extract hashed in the pass that parses it,
/// and the byte-level helpers of the extract's fast path. No timing here: speed is measured by `make bench`.
@Suite struct IngestSpeedTests {
    /// A clean KS2 extract row (the demo header's 25 columns) for pupil `serial`.
    private static func extractRow(_ serial: Int) -> String {
        "A80120\(String(format: "%07d", serial)),Smith,Jo,01/02/2013,F,801,2000,8012000,100001,Oak Primary,2023/2024,"
            + "\(80 + serial % 41),AS,,B,105,AS,EXS,0,1,0,1,N,WHIT,WBRI\r\n"
    }

    @Test func ingestTablesHaveNoSourceFileColumnAndNormaliseTakesThePathFromTheManifest() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("ks2.csv", ks2Header + "\r\n" + Self.extractRow(1) + Self.extractRow(2))
        let manifest = try scratch.ingest(input)
        #expect(manifest.inputs.first?.path == input)
        let texts = try scratch.outputTexts()
        let pupilHeader = try #require(texts[IngestedPupil.fileName]?.split(separator: "\n").first)
        let resultHeader = try #require(texts[IngestedResult.fileName]?.split(separator: "\n").first)
        #expect(pupilHeader.hasPrefix("source_line,source_kind,"))
        #expect(resultHeader.hasPrefix("source_line,upn,"))
        // Neither table repeats the input's path in its rows.
        #expect(texts[IngestedPupil.fileName]?.contains("ks2.csv") == false)
        #expect(texts[IngestedResult.fileName]?.contains("ks2.csv") == false)

        let read = try IngestedInput.read(directory: scratch.path("out"))
        #expect(read.pupils.map(\.sourceFile) == [input, input])
        #expect(read.pupils.map(\.sourceLine) == [2, 3])
        // Two pupils, each with a reading, maths (outcome B: the score is empty) and GPS score and a writing outcome.
        #expect(read.results.count == 8)
        #expect(read.results.allSatisfy { $0.sourceFile == input })
    }

    @Test func aTableWithItsOwnSourceFileColumnKeepsItsValues() throws {
        // Tables written by hand (or by an older gaps-ingest) may carry the column: their values win over the manifest.
        let scratch = try IngestScratch()
        let folder = URL(fileURLWithPath: scratch.path("by-hand"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var pupil = IngestedPupil()
        pupil.sourceLine = 7
        pupil.upn = "A801200001001"
        let pupils = try CSVWriter(url: folder.appendingPathComponent(IngestedPupil.fileName),
                                   header: ["source_file"] + IngestedPupil.columns, restricted: true)
        try pupils.write(["own.xml"] + pupil.fieldValues)
        try pupils.close()
        try CSVWriter(url: folder.appendingPathComponent(IngestedResult.fileName), header: IngestedResult.columns,
                      restricted: true).close()
        try Manifest(stage: "ingest", inputs: [ManifestInput(path: "manifest.csv", sha256: "", bytes: 0)])
            .write(to: folder.appendingPathComponent(Manifest.fileName))
        let read = try IngestedInput.read(directory: folder.path)
        #expect(read.pupils.map(\.sourceFile) == ["own.xml"])
        #expect(read.pupils.map(\.upn) == ["A801200001001"])
    }

    @Test func anExtractOfSeveralBlocksIsHashedInTheParsingPass() throws {
        // More than two of the reader's 1 MiB blocks, so the digest spans block boundaries; a BOM at the start.
        var text = "\u{FEFF}" + ks2Header + "\r\n"
        for serial in 0..<20_000 { text += Self.extractRow(serial) }
        let scratch = try IngestScratch()
        let input = try scratch.write("large.csv", text)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber).intValue
        #expect(size > 2 * CSVReader.chunkSize)
        let manifest = try scratch.ingest(input)
        let described = try #require(manifest.inputs.first)
        #expect(described.sha256 == (try sha256Hex(ofFile: input)))
        #expect(described.bytes == size)
        #expect(described.counts["pupils"]?.written == 20_000)
    }

    @Test func numbersEncodedOnceAreWhatStringWrites() {
        let destination = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
        defer { destination.deallocate() }
        for number in [0, 7, 9, 10, 99, 100, 12_345, 3_332_001, -1, -10, -907, Int.max, Int.min] {
            let length = CSVWriter.encodeNumber(number, into: destination)
            #expect(String(decoding: UnsafeBufferPointer(start: destination, count: length), as: UTF8.self) == String(number))
        }
    }

    @Test func wordAtATimeASCIICheckAgreesWithAByteLoop() {
        // Every length up to 40 with a high byte at each position (or none): the 8-byte words and the tail.
        for length in 0...40 {
            for position in -1..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if position >= 0 { bytes[position] = 0xC3 }
                let expected = bytes.allSatisfy { $0 < 0x80 }
                bytes.withUnsafeBufferPointer { #expect(CSVReader.isASCII($0) == expected) }
            }
        }
    }

    @Test func aRecordsFieldBytesAreItsFieldsOneAfterAnother() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("fields.csv", "ab,\"c,d\",,e\r\nx\n")
        var seen: [String] = []
        try CSVReader(path: input).forEachRawRecord { record in
            seen.append(String(decoding: record.allFieldBytes, as: UTF8.self))
        }
        #expect(seen == ["abc,de", "x"])
    }
}
