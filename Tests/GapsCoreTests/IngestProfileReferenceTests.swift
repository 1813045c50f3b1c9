import Foundation
import Testing
@testable import GapsCore

/// The DfE's dummy KS4 performance-tables pupil file in `shared/reference` (present on the development machine
/// only). Its UPNs carry valid check letters, so outputs made from it go to temporary folders only and no value from
/// it is written into this file: the test reads what it compares against from the raw file itself.
enum KS4Reference {
    static let file: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/reference/KS4pu22 AGS.csv")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()
}

@Suite(.enabled(if: KS4Reference.file != nil, "needs ../shared/reference/KS4pu22 AGS.csv"))
struct IngestProfileReferenceTests {
    @Test func theKS4PupilFileIngestsWhole() throws {
        let input = try #require(KS4Reference.file).path
        let scratch = try IngestScratch()
        let manifest = try scratch.ingest(input)

        // The raw file read independently of the profile: 286 pupil rows of 117 columns.
        let records = try CSVReader(path: input).readAll()
        let header = try #require(records.first).fields
        let rows = records.dropFirst()
        #expect(header.count == 117)
        #expect(rows.count == 286)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }
        let resultColumns = try ["Attainment 8 score", "Pupil's adjusted progress 8 score",
                                 "Point score in English EBacc subject area", "Point score in maths EBacc subject area",
                                 "Progress 8 score for English", "Progress 8 score for mathematics",
                                 "Progress 8 score for Ebacc slots", "Progress 8 score for open slots"].map(column)
        // One result per non-empty figure: 8 x 286 = 2288 less the 3 pupils without a Progress 8 score and the
        // same 3 without an open element = 2282 (counted separately with Python's csv module).
        let expectedResults = rows.reduce(0) { total, row in total + resultColumns.filter { !row.fields[$0].isEmpty }.count }
        #expect(expectedResults == 2282)

        let input0 = try #require(manifest.inputs.first)
        #expect(input0.counts["pupils"] == RowCounts(read: 286, written: 286))
        #expect(input0.counts["results"] == RowCounts(read: expectedResults, written: expectedResults))
        #expect(try scratch.rejects().isEmpty)
        #expect(input0.notes.contains("profile: ks4-performance-tables detected from the header (21 of 117 columns recognised)"))
        #expect(input0.notes.contains("academic year: 2021/22 from the file name (KS4pu22)"))

        // Spot check: the tenth pupil's Attainment 8 and date of birth, against the raw row.
        let raw = rows[rows.startIndex + 9].fields
        let upn = raw[try column("UPN")]
        let results = try scratch.results().filter { $0.upn == upn }
        let attainment8 = try #require(results.first { $0.measure == "ks4_attainment8" })
        #expect(attainment8.result == raw[try column("Attainment 8 score")])
        #expect(attainment8.sourceLine == 11)
        #expect(attainment8.stage == "KS4")
        #expect(attainment8.year == "2022")
        #expect(attainment8.subject == "ATT8")
        #expect(attainment8.method == "" && attainment8.component == "" && attainment8.qualifier == "")
        #expect(Set(results.map(\.measure)).isSubset(of: ["ks4_attainment8", "ks4_progress8", "ks4_english", "ks4_maths",
                                                                   "ks4_p8_english", "ks4_p8_maths", "ks4_p8_ebacc", "ks4_p8_open"]))
        let pupil = try #require(try scratch.pupils().first { $0.upn == upn })
        let dob = raw[try column("Date of birth")].split(separator: "/")   // DD/MM/YYYY
        #expect(pupil.dob == "\(dob[2])-\(dob[1])-\(dob[0])")
        #expect(pupil.la + pupil.estab == raw[try column("DfE Establishment Number")])
        #expect(pupil.ethnicity == raw[try column("Pupil's ethnicity")])
        #expect(pupil.academicYear == "2021/22")
    }
}
