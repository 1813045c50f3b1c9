import Foundation
import Testing
@testable import GapsCore

/// CTF ingest reads its input once (`XMLFileFeed`): libxml2 parses, the manifest's SHA-256 is taken and the
/// look-back bytes for line numbers are served from the same reads. These tests check that the manifest still
/// describes the whole file exactly as `sha256Hex(ofFile:)` does, and that the word-at-a-time byte searches used
/// for line numbers agree with plain byte loops.
@Suite struct IngestSinglePassTests {
    /// A CTF of `pupils` pupils, several of the feed's 256 KiB blocks long for a few thousand pupils, followed by
    /// `trailer` (after the root element).
    static func ctf(pupils: Int, trailer: String) -> String {
        var text = "<?xml version=\"1.0\"?>\n<CTfile>\n<CTFpupilData>\n"
        for index in 0..<pupils {
            text += "  <Pupil>\n    <UPN>U\(index)</UPN>\n    <DOB>2013-01-01</DOB>\n"
            text += "    <StageAssessments><KeyStage><Stage>KS2</Stage>\n      <StageAssessment><Subject>ENG</Subject>\n"
            text += "      <Result>100</Result></StageAssessment>\n    </KeyStage></StageAssessments>\n  </Pupil>\n"
        }
        return text + "</CTFpupilData>\n</CTfile>\n" + trailer
    }

    @Test(arguments: ["", "<!-- after the root -->\n\n   \n"])
    func theManifestHashesTheWholeFileAsSha256HexOfFileDoes(trailer: String) throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("many-blocks.xml", Self.ctf(pupils: 6000, trailer: trailer))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: input)[.size] as? NSNumber).intValue
        #expect(size > 4 * (1 << 18))  // several blocks, so the feed refills and keeps its tail more than once
        let manifest = try scratch.ingest(input)
        let described = try #require(manifest.inputs.first)
        #expect(described.sha256 == (try sha256Hex(ofFile: input)))
        #expect(described.bytes == size)
        #expect(try scratch.pupils().count == 6000)
    }

    @Test func aSmallCTFIsHashedLikeAnyOtherFile() throws {
        // Smaller than one block: the feed's first read reaches the end of the file.
        let scratch = try IngestScratch()
        let input = try scratch.write("small.xml", Self.ctf(pupils: 2, trailer: ""))
        let manifest = try scratch.ingest(input)
        #expect(manifest.inputs.first?.sha256 == (try sha256Hex(ofFile: input)))
    }

    @Test func wordAtATimeSearchesAgreeWithByteLoops() {
        // Bytes biased towards '<' and line feeds, and bytes with the high bit set (which must not count as either).
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x3C, 0x0A, 0x0A, 0x41, 0x20, 0x3D, 0xBC, 0x8A, 0x0B, 0x3B, 0x00, 0xFF]
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 200, 1031] {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                bytes.withUnsafeBufferPointer { buffer in
                    let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    for end in Set([0, length / 3, length / 2, length]) {
                        let expectedAngle = buffer[0..<end].lastIndex(of: 0x3C) ?? -1
                        #expect(XMLStreamReader.lastOpenAngle(in: base, before: end) == expectedAngle)
                        let expectedFeeds = buffer[0..<end].filter { $0 == 0x0A }.count
                        #expect(XMLStreamReader.lineBreaks(in: base, count: end) == expectedFeeds)
                    }
                }
            }
        }
    }
}
