import Foundation
import Testing
@testable import GapsCore

/// The header of the demo NPD KS2 extract (25 columns).
let ks2Header = "UPN,SURNAME,FORENAMES,DOB,SEX,LA,ESTAB,LAESTAB,URN,SCHNAME,ACADYR,READSCORE,READOUTCOME,MATSCORE,MATOUTCOME,"
    + "GPSSCORE,GPSOUTCOME,WRITTAOUTCOME,FSM,FSM6,CLA_PP_1_DAY,EALGRP,SENPROV,ETHNICITYMAJOR,ETHNICITYMINOR"

@Suite struct IngestExtractTests {
    private func result(_ input: String, _ line: Int, _ upn: String, _ subject: String, _ method: String,
                        _ component: String, _ qualifier: String, _ value: String, _ measure: String,
                        year: String = "2024") -> IngestedResult {
        var result = IngestedResult()
        result.sourceFile = input
        result.sourceLine = line
        result.upn = upn
        result.stage = "KS2"
        result.year = year
        result.subject = subject
        result.method = method
        result.component = component
        result.qualifier = qualifier
        result.result = value
        result.measure = measure
        return result
    }

    @Test func excelStyleFileWithBOMCRLFQuotesAndWindows1252() throws {
        // Line 2-3: one record; its school name is quoted and holds a comma-free quote pair and a line break, the
        // forenames hold a comma, and the surname is "Zoë" saved as Windows-1252 (0xEB), not UTF-8.
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array((ks2Header + "\r\n").utf8)
        bytes += Array("B801200005001,Zo".utf8) + [0xEB]
        bytes += Array(",\"Ann, Marie\",13/11/2013,F,801,2000,8012000,100001,\"Oak \"\"Hill\"\"\r\nPrimary\",2023/2024,104,AS,,B,99,NS,EXS,1,1,0,2,K,WHIT,WBRI\r\n".utf8)
        bytes += Array("G335311012004,Jones,Bob,2013-09-30,M,335,3110,,104227,,2023/24,,A,112,AS,,,WTS,0,0,0,1,N,BLAC,\r\n".utf8)
        let scratch = try IngestScratch()
        let input = try scratch.write("ks2.csv", bytes: bytes)
        let manifest = try scratch.ingest(input)

        var zoe = IngestedPupil()
        zoe.sourceFile = input
        zoe.sourceLine = 2
        zoe.sourceKind = .extract
        zoe.upn = "B801200005001"
        zoe.surname = "Zoë"
        zoe.forename = "Ann, Marie"
        zoe.dob = "2013-11-13"               // DD/MM/YYYY converted to ISO
        zoe.sex = "F"
        zoe.la = "801"
        zoe.estab = "2000"
        zoe.urn = "100001"
        zoe.schoolName = "Oak \"Hill\"\r\nPrimary"
        zoe.academicYear = "2023/2024"
        zoe.fsmEligible = "1"
        zoe.fsmEver6 = "1"
        zoe.lookedAfter = "0"
        zoe.firstLanguage = "2"
        zoe.senProvision = "K"
        zoe.ethnicity = "WBRI"               // the minor (main) code when present

        var bob = IngestedPupil()
        bob.sourceFile = input
        bob.sourceLine = 4                   // the quoted line break put Zoë's record over lines 2 and 3
        bob.sourceKind = .extract
        bob.upn = "G335311012004"
        bob.surname = "Jones"
        bob.forename = "Bob"
        bob.dob = "2013-09-30"               // already ISO
        bob.sex = "M"
        bob.la = "335"
        bob.estab = "3110"
        bob.urn = "104227"
        bob.academicYear = "2023/24"
        bob.fsmEligible = "0"
        bob.fsmEver6 = "0"
        bob.lookedAfter = "0"
        bob.firstLanguage = "1"
        bob.senProvision = "N"
        bob.ethnicity = "BLAC"               // minor empty: the major group

        #expect(try scratch.pupils() == [zoe, bob])
        #expect(try scratch.results() == [
            result(input, 2, "B801200005001", "ENG", "TT", "RD", "SS", "104", "ks2_reading"),
            result(input, 2, "B801200005001", "MAT", "TT", "MA", "", "B", "ks2_maths"),   // no score: the outcome code
            result(input, 2, "B801200005001", "ENG", "TT", "GPS", "SS", "99", "ks2_gps"),
            result(input, 2, "B801200005001", "ENG", "TA", "WR", "NC", "EXS", "ks2_writing"),
            result(input, 4, "G335311012004", "ENG", "TT", "RD", "", "A", "ks2_reading"),
            result(input, 4, "G335311012004", "MAT", "TT", "MA", "SS", "112", "ks2_maths"),
            // GPS score and outcome both empty: no row.
            result(input, 4, "G335311012004", "ENG", "TA", "WR", "NC", "WTS", "ks2_writing"),
        ])
        #expect(try scratch.rejects().isEmpty)
        let source = try #require(manifest.inputs.first)
        #expect(source.notes.contains("layout: NPD KS2 2016+ extract (profile npd-ks2)"))
        #expect(source.counts["pupils"] == RowCounts(read: 2, written: 2))
        #expect(source.counts["results"] == RowCounts(read: 7, written: 7))
    }

    @Test func headersMatchIgnoringCaseSpacesAndTheKS2Prefix() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("prefixed.csv", " upn ,Ks2_ACADYR, ks2_readscore ,KS2_READOUTCOME, Dob ,laestab\nA1,2022/2023,95,AS,1/9/2011,8012000\n")
        try scratch.ingest(input)
        let pupil = try #require(try scratch.pupils().first)
        #expect(pupil.upn == "A1")
        #expect(pupil.academicYear == "2022/2023")
        #expect(pupil.dob == "2011-09-01")   // one-digit day and month, as Excel writes them
        #expect(pupil.la == "801")           // from LAESTAB, as there are no LA and ESTAB columns
        #expect(pupil.estab == "2000")
        #expect(try scratch.results() == [result(input, 2, "A1", "ENG", "TT", "RD", "SS", "95", "ks2_reading", year: "2023")])
    }

    @Test func badRowsAreRejectedAndTheRunGoesOn() throws {
        let blank = String(repeating: ",", count: 24)
        let lines = [
            ks2Header,
            "B801200005001,Good,A,01/01/2013,F,,,,,,2023/2024,100,AS,,,,,,,,,,,,",           // 2: good, 1 result
            "G335311012004,Short,B",                                                            // 3: 3 fields
            "Z801209809069,BadDOB,C,31/13/2013,M,,,,,,2023/2024,101,AS,102,AS,,,,,,,,,,",   // 4: no month 13
            "A801200005002,Letters,D,02/02/2013,M,,,,,,2023/2024,abc,AS,103,AS,,,,,,,,,,",  // 5: READSCORE abc
            "A801200005003,Low,E,03/03/2013,F,,,,,,2023/2024,79,NS,,,,,,,,,,,,",             // 6: below 80
            "A801200005004,Top,F,04/04/2013,F,,,,,,2023/2024,120,AS,,,,,,,,,,,,",            // 7: 120 is in range
            "A801200005005,BadYear,G,05/05/2013,F,,,,,,2023/2025,100,AS,,,,,,,,,,,,",        // 8: years do not follow
            blank,                                                                              // 9: empty row
            ",NoUPN,H,06/06/2013,F,,,,,,2023/2024,,,,,,,EXS,,,,,,,",                        // 10: no UPN
        ]
        let scratch = try IngestScratch()
        let input = try scratch.write("bad.csv", lines.joined(separator: "\n") + "\n")
        let manifest = try scratch.ingest(input)

        #expect(try scratch.pupils().map(\.sourceLine) == [2, 5, 6, 7])
        #expect(try scratch.results().map { "\($0.sourceLine) \($0.component) \($0.result)" } == [
            "2 RD 100", "5 MA 103", "7 RD 120",
        ])
        let rejects = try scratch.rejects()
        let summary = rejects.map { "\($0.line ?? 0) \($0.recordKind) \($0.field)=\($0.value)" }
        #expect(summary == [
            "3 pupil =3 fields",
            "4 pupil DOB=31/13/2013", "4 result DOB=31/13/2013", "4 result DOB=31/13/2013",
            "5 result READSCORE=abc",
            "6 result READSCORE=79",
            "8 pupil ACADYR=2023/2025", "8 result ACADYR=2023/2025",
            "10 pupil UPN=", "10 result UPN=",
        ])
        #expect(rejects.allSatisfy { $0.sourceFile == input && !$0.reason.isEmpty })
        #expect(rejects[0].reason.contains("expected 25 fields"))
        #expect(rejects[4].reason.contains("80 to 120"))

        let counts = try #require(manifest.inputs.first?.counts)
        // Pupils: 9 data rows = 4 written + 4 rejected (lines 3, 4, 8, 10) + 1 empty row set aside.
        #expect(counts["pupils"] == RowCounts(read: 9, written: 4, rejected: 4, setAside: ["empty row": 1]))
        // Results: line 2: 1, line 4: 2, line 5: 2, line 6: 1, line 7: 1, line 8: 1, line 10: 1 = 9 read;
        // written 3 (lines 2, 5 MA, 7); rejected 6 (4 x2, 5 RD, 6, 8, 10). The short row 3 yields no results.
        #expect(counts["results"] == RowCounts(read: 9, written: 3, rejected: 6))
        #expect(counts.values.allSatisfy { $0.isBalanced })
    }

    @Test func trailingEmptyColumnsAreTolerated() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("trailing.csv", "UPN,ACADYR,READSCORE,,\nA,2024,100,,\nB,2024,101\nC,2024,102,,x\n")
        let manifest = try scratch.ingest(input)
        #expect(try scratch.pupils().map(\.upn) == ["A", "B"])
        #expect(try scratch.rejects().map(\.line) == [4])   // a value beyond the header's last named column
        #expect(manifest.inputs.first?.counts["pupils"] == RowCounts(read: 3, written: 2, rejected: 1))
    }

    @Test func missingRequiredColumnsAreNamed() throws {
        let scratch = try IngestScratch()
        // Detected layouts name what the closest profile lacks (more cases in IngestProfileSelectionTests).
        let noYear = try scratch.write("noyear.csv", "UPN,SURNAME,READSCORE\nA,B,100\n")
        do {
            try scratch.ingest(noYear)
            Issue.record("a file without ACADYR was accepted")
        } catch let error as GapsError {
            #expect(error.description.hasPrefix("\(noYear):1: unknown layout"))
            #expect(error.description.contains("npd-ks2 (NPD KS2 2016+ extract) lacks ACADYR"))
        }
        let noResults = try scratch.write("noresults.csv", "UPN,ACADYR,SURNAME\nA,2024,B\n")
        do {
            try scratch.ingest(noResults)
            Issue.record("a file without result columns was accepted")
        } catch let error as GapsError {
            #expect(error.description.hasPrefix("\(noResults):1: unknown layout"))
            #expect(error.description.contains("READSCORE"))
        }
        let unknown = try scratch.write("other.csv", "colour,size\nred,3\n")
        #expect {
            try scratch.ingest(unknown)
        } throws: { error in
            guard case .unknownLayout = error as? GapsError else { return false }
            return true
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test func academicYearsAndDates() {
        #expect(IngestValues.endYear(ofAcademicYear: "2023/2024") == "2024")
        #expect(IngestValues.endYear(ofAcademicYear: "2023/24") == "2024")
        #expect(IngestValues.endYear(ofAcademicYear: "2023-24") == "2024")
        #expect(IngestValues.endYear(ofAcademicYear: "202324") == "2024")
        #expect(IngestValues.endYear(ofAcademicYear: "2024") == "2024")
        #expect(IngestValues.endYear(ofAcademicYear: "1999/00") == "2000")
        #expect(IngestValues.endYear(ofAcademicYear: "2023/2025") == nil)
        #expect(IngestValues.endYear(ofAcademicYear: "24") == nil)
        #expect(IngestValues.endYear(ofAcademicYear: "") == nil)

        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "13/11/2013") == "2013-11-13")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "1/9/2011 00:00") == "2011-09-01")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "2012-02-29") == "2012-02-29")
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "29/02/2013") == nil)
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "11/13/2013") == nil)   // US order: month 13
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "2013-4-1") == nil)
        #expect(IngestValues.isoDate(fromDayMonthYearOrISO: "13/11/2013 09:30") == nil)
    }
}
