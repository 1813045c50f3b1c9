import Foundation
import Testing
@testable import GapsCore

extension IngestScratch {
    /// Runs the stage on `input` with extract options.
    @discardableResult
    func ingest(_ input: String, options: ExtractIngestOptions, out: String = "out") throws -> Manifest {
        try IngestStage.run(input: input, outputDirectory: path(out), extractOptions: options)
    }
}

/// A result row as ingest writes it for an extract, for expected values written by hand.
func extractResult(_ input: String, _ line: Int, _ upn: String, stage: String, year: String, _ subject: String,
                   _ method: String, _ component: String, _ qualifier: String, _ value: String,
                   _ measure: String) -> IngestedResult {
    var result = IngestedResult()
    result.sourceFile = input
    result.sourceLine = line
    result.upn = upn
    result.stage = stage
    result.year = year
    result.subject = subject
    result.method = method
    result.component = component
    result.qualifier = qualifier
    result.result = value
    result.measure = measure
    return result
}

/// An extract pupil with the fields every test sets; the rest are filled in by the caller.
func extractPupil(_ input: String, _ line: Int, _ upn: String, _ fill: (inout IngestedPupil) -> Void) -> IngestedPupil {
    var pupil = IngestedPupil()
    pupil.sourceFile = input
    pupil.sourceLine = line
    pupil.sourceKind = .extract
    pupil.upn = upn
    fill(&pupil)
    return pupil
}

/// Each shipped profile other than NPD KS2 2016+ (covered by IngestExtractTests) on a small file written by hand,
/// with the file-handling cases spread across them: tab delimiters, CRLF, BOM, Windows-1252, quoted fields with
/// commas, quotes and line breaks, trailing empty columns, DD/MM/YYYY and ISO dates.
@Suite struct IngestProfileLayoutTests {
    @Test func ks1LevelsEra() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("ks1-2013.csv", """
        UPN,SURNAME,FORENAMES,DOB,SEX,LAESTAB,ACADYR,READING,WRITING,MATHS,SCIENCE,APS,FSM6,SENPROV,EALGRP,ETHNICITYMINOR
        B801200005001,Khan,Amir,2006-10-02,M,8012000,2012/2013,2B,2C,3,2A,16.33,1,N,2,APKN
        G335311012004,Lee,Mia,15/03/2007,F,3353110,2012/13,W,A,1,,,0,K,1,WBRI
        Z801209809069,High,Aps,01/01/2007,F,8012098,2012/13,3,3,3,3,28,0,N,1,WBRI

        """)
        let manifest = try scratch.ingest(input)
        #expect(try scratch.pupils() == [
            extractPupil(input, 2, "B801200005001") {
                $0.surname = "Khan"; $0.forename = "Amir"; $0.dob = "2006-10-02"; $0.sex = "M"
                $0.la = "801"; $0.estab = "2000"; $0.academicYear = "2012/2013"; $0.fsmEver6 = "1"
                $0.senProvision = "N"; $0.firstLanguage = "2"; $0.ethnicity = "APKN"
            },
            extractPupil(input, 3, "G335311012004") {
                $0.surname = "Lee"; $0.forename = "Mia"; $0.dob = "2007-03-15"; $0.sex = "F"
                $0.la = "335"; $0.estab = "3110"; $0.academicYear = "2012/13"; $0.fsmEver6 = "0"
                $0.senProvision = "K"; $0.firstLanguage = "1"; $0.ethnicity = "WBRI"
            },
            extractPupil(input, 4, "Z801209809069") {
                $0.surname = "High"; $0.forename = "Aps"; $0.dob = "2007-01-01"; $0.sex = "F"
                $0.la = "801"; $0.estab = "2098"; $0.academicYear = "2012/13"; $0.fsmEver6 = "0"
                $0.senProvision = "N"; $0.firstLanguage = "1"; $0.ethnicity = "WBRI"
            },
        ])
        func ks1(_ line: Int, _ upn: String, _ subject: String, _ method: String, _ component: String,
                 _ qualifier: String, _ value: String, _ measure: String) -> IngestedResult {
            extractResult(input, line, upn, stage: "KS1", year: "2013", subject, method, component, qualifier, value, measure)
        }
        #expect(try scratch.results() == [
            ks1(2, "B801200005001", "ENG", "TA", "RD", "NC", "2B", "ks1_reading"),
            ks1(2, "B801200005001", "ENG", "TA", "WR", "NC", "2C", "ks1_writing"),
            ks1(2, "B801200005001", "MAT", "TA", "MA", "NC", "3", "ks1_maths"),
            ks1(2, "B801200005001", "SCI", "TA", "SCI", "NC", "2A", "ks1_science"),
            ks1(2, "B801200005001", "APS", "", "", "PS", "16.33", ""),       // (15 + 13 + 21) / 3
            ks1(3, "G335311012004", "ENG", "TA", "RD", "NC", "W", "ks1_reading"),
            ks1(3, "G335311012004", "ENG", "TA", "WR", "NC", "A", "ks1_writing"),
            ks1(3, "G335311012004", "MAT", "TA", "MA", "NC", "1", "ks1_maths"),
            ks1(4, "Z801209809069", "ENG", "TA", "RD", "NC", "3", "ks1_reading"),
            ks1(4, "Z801209809069", "ENG", "TA", "WR", "NC", "3", "ks1_writing"),
            ks1(4, "Z801209809069", "MAT", "TA", "MA", "NC", "3", "ks1_maths"),
            ks1(4, "Z801209809069", "SCI", "TA", "SCI", "NC", "3", "ks1_science"),
        ])
        // An APS of 28 is above level 4's 27 points, the most a KS1 average can be.
        #expect(try scratch.rejects().map { "\($0.line ?? 0) \($0.field)=\($0.value)" } == ["4 APS=28"])
        #expect(manifest.inputs.first?.notes.first == "layout: NPD KS1 extract, National Curriculum levels (to 2015) (profile npd-ks1-levels)")
    }

    @Test func ks1TeacherAssessmentTabSeparatedWithCRLFAndPrefixes() throws {
        let header = ["KS1_UPN", "KS1_SURNAME", "KS1_FORENAMES", "KS1_DOB", "KS1_GENDER", "KS1_LA", "KS1_ESTAB",
                      "KS1_ACADYR", "KS1_READ_OUTCOME", "KS1_WRIT_OUTCOME", "KS1_MATH_OUTCOME", "KS1_SCI_OUTCOME"]
        let rows = [
            header,
            ["Z801209809069", "O'Neil", "Sam", "01/09/2015", "M", "801", "2098", "2021/2022", "EXS", "WTS", "GDS", "EXS"],
            ["B801200005001", "Park, Jr", "Eun", "2016-02-29", "F", "801", "2000", "2021/22", "PK3", "", "D", ""],
        ]
        let text = rows.map { $0.joined(separator: "\t") }.joined(separator: "\r\n") + "\r\n"
        let scratch = try IngestScratch()
        let input = try scratch.write("ks1.tsv", text)
        try scratch.ingest(input)
        #expect(try scratch.pupils() == [
            extractPupil(input, 2, "Z801209809069") {
                $0.surname = "O'Neil"; $0.forename = "Sam"; $0.dob = "2015-09-01"; $0.sex = "M"
                $0.la = "801"; $0.estab = "2098"; $0.academicYear = "2021/2022"
            },
            extractPupil(input, 3, "B801200005001") {
                // A comma inside a tab-separated field is data, not a delimiter.
                $0.surname = "Park, Jr"; $0.forename = "Eun"; $0.dob = "2016-02-29"; $0.sex = "F"
                $0.la = "801"; $0.estab = "2000"; $0.academicYear = "2021/22"
            },
        ])
        func ks1(_ line: Int, _ upn: String, _ subject: String, _ component: String, _ value: String,
                 _ measure: String) -> IngestedResult {
            extractResult(input, line, upn, stage: "KS1", year: "2022", subject, "TA", component, "NC", value, measure)
        }
        #expect(try scratch.results() == [
            ks1(2, "Z801209809069", "ENG", "RD", "EXS", "ks1_reading"),
            ks1(2, "Z801209809069", "ENG", "WR", "WTS", "ks1_writing"),
            ks1(2, "Z801209809069", "MAT", "MA", "GDS", "ks1_maths"),
            ks1(2, "Z801209809069", "SCI", "SCI", "EXS", "ks1_science"),
            ks1(3, "B801200005001", "ENG", "RD", "PK3", "ks1_reading"),
            ks1(3, "B801200005001", "MAT", "MA", "D", "ks1_maths"),
        ])
        #expect(try scratch.rejects().isEmpty)
    }

    @Test func ks2LevelsEra() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("ks2-2015.csv", """
        UPN,SURNAME,FORENAMES,DOB,SEX,LA,ESTAB,ACADYR,READLEV,READLEVTA,WRITLEVTA,MATLEV,MATLEVTA,ENGLEV,KS2APSFG,FSM6,CLA_PP_1_DAY,SENPROV
        B801200005001,Ali,Noor,2003-12-01,F,801,2000,2014/2015,4,4,5,5,5,4,30.5,1,0,N
        G335311012004,Hart,Ben,21/06/2004,M,335,3110,2014/15,B,3,3,N,3,B,40,0,1,E

        """)
        try scratch.ingest(input)
        #expect(try scratch.pupils() == [
            extractPupil(input, 2, "B801200005001") {
                $0.surname = "Ali"; $0.forename = "Noor"; $0.dob = "2003-12-01"; $0.sex = "F"; $0.la = "801"
                $0.estab = "2000"; $0.academicYear = "2014/2015"; $0.fsmEver6 = "1"; $0.lookedAfter = "0"
                $0.senProvision = "N"
            },
            extractPupil(input, 3, "G335311012004") {
                $0.surname = "Hart"; $0.forename = "Ben"; $0.dob = "2004-06-21"; $0.sex = "M"; $0.la = "335"
                $0.estab = "3110"; $0.academicYear = "2014/15"; $0.fsmEver6 = "0"; $0.lookedAfter = "1"
                $0.senProvision = "E"
            },
        ])
        func ks2(_ line: Int, _ upn: String, _ subject: String, _ method: String, _ component: String,
                 _ qualifier: String, _ value: String, _ measure: String) -> IngestedResult {
            extractResult(input, line, upn, stage: "KS2", year: "2015", subject, method, component, qualifier, value, measure)
        }
        #expect(try scratch.results() == [
            ks2(2, "B801200005001", "ENG", "TT", "RD", "NC", "4", "ks2_reading"),
            ks2(2, "B801200005001", "ENG", "TA", "RD", "NC", "4", ""),
            ks2(2, "B801200005001", "ENG", "TA", "WR", "NC", "5", "ks2_writing"),
            ks2(2, "B801200005001", "MAT", "TT", "MA", "NC", "5", "ks2_maths"),
            ks2(2, "B801200005001", "MAT", "TA", "MA", "NC", "5", ""),
            ks2(2, "B801200005001", "ENG", "TT", "EN", "NC", "4", ""),
            ks2(2, "B801200005001", "APS", "", "", "PS", "30.5", ""),
            ks2(3, "G335311012004", "ENG", "TT", "RD", "NC", "B", "ks2_reading"),   // below the test: a code, kept
            ks2(3, "G335311012004", "ENG", "TA", "RD", "NC", "3", ""),
            ks2(3, "G335311012004", "ENG", "TA", "WR", "NC", "3", "ks2_writing"),
            ks2(3, "G335311012004", "MAT", "TT", "MA", "NC", "N", "ks2_maths"),
            ks2(3, "G335311012004", "MAT", "TA", "MA", "NC", "3", ""),
            ks2(3, "G335311012004", "ENG", "TT", "EN", "NC", "B", ""),
        ])
        // 40 points is above level 6 (39), the top of the KS2 scale.
        let rejects = try scratch.rejects()
        #expect(rejects.map { "\($0.line ?? 0) \($0.recordKind) \($0.field)=\($0.value)" } == ["3 result KS2APSFG=40"])
        #expect(rejects.first?.reason.contains("0 to 39") == true)
    }

    @Test func ks4PupilFileWithBOMTrailingColumnsAndYearFromTheName() throws {
        // UTF-8 with a BOM, two trailing empty columns as Excel leaves them, DD/MM/YYYY and ISO dates, a negative
        // Progress 8 score, an empty one, and out-of-range figures. Names and UPNs are synthetic.
        let header = "UPN,Surname,Forename,Gender,Date of birth,DfE Establishment Number,School URN,SEN,"
            + "Has the pupil been eligible for FSM in the last 6 years?,Is the pupil looked after?,EAL Group,"
            + "Pupil's ethnicity,Attainment 8 score,Pupil's adjusted progress 8 score,"
            + "Point score in English EBacc subject area,Point score in maths EBacc subject area,,"
        let lines = [
            header,
            "B801200005001,Ahmed,Sara,F,05/07/2007,8012000,100001,K,1,0,2,AMPK,52.5,-0.693,6,4.5,,",
            "G335311012004,Brown,Tom,M,2006-11-13,3353110,100002,N,0,1,1,WBRI,30,,3,2,,",
            "Z801209809069,Clay,Ann,F,01/01/2007,8012098,100003,E,0,0,1,WIRI,95,0.1,x,5,,",
        ]
        let scratch = try IngestScratch()
        let input = try scratch.write("KS4pu23 school.csv", bytes: [0xEF, 0xBB, 0xBF] + Array((lines.joined(separator: "\n") + "\n").utf8))
        let manifest = try scratch.ingest(input)
        #expect(try scratch.pupils() == [
            extractPupil(input, 2, "B801200005001") {
                $0.surname = "Ahmed"; $0.forename = "Sara"; $0.sex = "F"; $0.dob = "2007-07-05"; $0.la = "801"
                $0.estab = "2000"; $0.urn = "100001"; $0.senProvision = "K"; $0.fsmEver6 = "1"; $0.lookedAfter = "0"
                $0.firstLanguage = "2"; $0.ethnicity = "AMPK"; $0.academicYear = "2022/23"
            },
            extractPupil(input, 3, "G335311012004") {
                $0.surname = "Brown"; $0.forename = "Tom"; $0.sex = "M"; $0.dob = "2006-11-13"; $0.la = "335"
                $0.estab = "3110"; $0.urn = "100002"; $0.senProvision = "N"; $0.fsmEver6 = "0"; $0.lookedAfter = "1"
                $0.firstLanguage = "1"; $0.ethnicity = "WBRI"; $0.academicYear = "2022/23"
            },
            extractPupil(input, 4, "Z801209809069") {
                $0.surname = "Clay"; $0.forename = "Ann"; $0.sex = "F"; $0.dob = "2007-01-01"; $0.la = "801"
                $0.estab = "2098"; $0.urn = "100003"; $0.senProvision = "E"; $0.fsmEver6 = "0"; $0.lookedAfter = "0"
                $0.firstLanguage = "1"; $0.ethnicity = "WIRI"; $0.academicYear = "2022/23"
            },
        ])
        func ks4(_ line: Int, _ upn: String, _ subject: String, _ value: String, _ measure: String) -> IngestedResult {
            extractResult(input, line, upn, stage: "KS4", year: "2023", subject, "", "", "", value, measure)
        }
        #expect(try scratch.results() == [
            ks4(2, "B801200005001", "ATT8", "52.5", "ks4_attainment8"),
            ks4(2, "B801200005001", "P8", "-0.693", "ks4_progress8"),
            ks4(2, "B801200005001", "ENG", "6", "ks4_english"),
            ks4(2, "B801200005001", "MAT", "4.5", "ks4_maths"),
            ks4(3, "G335311012004", "ATT8", "30", "ks4_attainment8"),   // no Progress 8 score: no row
            ks4(3, "G335311012004", "ENG", "3", "ks4_english"),
            ks4(3, "G335311012004", "MAT", "2", "ks4_maths"),
            ks4(4, "Z801209809069", "P8", "0.1", "ks4_progress8"),
            ks4(4, "Z801209809069", "MAT", "5", "ks4_maths"),
        ])
        // Attainment 8 is at most 90 (ten slots, English and maths counted twice, grade 9 each); a point score is a
        // number.
        let rejects = try scratch.rejects()
        #expect(rejects.map { "\($0.line ?? 0) \($0.field)=\($0.value)" } == [
            "4 Attainment 8 score=95", "4 Point score in English EBacc subject area=x",
        ])
        #expect(rejects.first?.reason.contains("0 to 90") == true)
        let notes = try #require(manifest.inputs.first?.notes)
        #expect(notes.contains("academic year: 2022/23 from the file name (KS4pu23)"))
    }

    @Test func censusCharacteristicsWindows1252QuotedFieldsAndCensusDates() throws {
        // CRLF throughout; "Zoë" saved as Windows-1252 (0xEB); a quoted school name holding a comma, doubled quotes
        // and a line break; census dates in both forms; one impossible census date.
        var bytes = Array("UPN,Surname,Forename,DOB,Sex,Ethnicity,FirstLanguage,SENprovision,FSMeligible,CensusDate,LA,Estab,URN,SchoolName\r\n".utf8)
        bytes += Array("B801200005001,Zo".utf8) + [0xEB]
        bytes += Array(",\"Ann, Marie\",13/11/2013,F,WENG,ENG,K,1,18/01/2024,801,2000,100001,\"St Mary's, \"\"The Priory\"\"\r\nSchool\"\r\n".utf8)
        bytes += Array("G335311012004,Smith,Jo,2013-09-30,M,AIND,OTB,N,0,2023-10-05,335,3110,104227,\r\n".utf8)
        bytes += Array("Z801209809069,Bad,Date,01/01/2014,F,WBRI,ENG,N,0,31/02/2024,801,2098,100003,\r\n".utf8)
        bytes += Array("A801200005002,No,Date,02/02/2014,M,WBRI,ENG,N,0,,801,2000,100001,\r\n".utf8)
        let scratch = try IngestScratch()
        let input = try scratch.write("census-spring-2024.csv", bytes: bytes)
        let manifest = try scratch.ingest(input)
        #expect(try scratch.pupils() == [
            extractPupil(input, 2, "B801200005001") {
                $0.surname = "Zoë"; $0.forename = "Ann, Marie"; $0.dob = "2013-11-13"; $0.sex = "F"
                $0.ethnicity = "WENG"; $0.firstLanguage = "ENG"; $0.senProvision = "K"; $0.fsmEligible = "1"
                $0.la = "801"; $0.estab = "2000"; $0.urn = "100001"; $0.schoolName = "St Mary's, \"The Priory\"\r\nSchool"
                $0.academicYear = "2023/24"        // a January 2024 census
            },
            extractPupil(input, 4, "G335311012004") {
                $0.surname = "Smith"; $0.forename = "Jo"; $0.dob = "2013-09-30"; $0.sex = "M"; $0.ethnicity = "AIND"
                $0.firstLanguage = "OTB"; $0.senProvision = "N"; $0.fsmEligible = "0"; $0.la = "335"; $0.estab = "3110"
                $0.urn = "104227"; $0.academicYear = "2023/24"   // an October 2023 census
            },
        ])
        #expect(try scratch.results().isEmpty)
        let rejects = try scratch.rejects()
        #expect(rejects.map { "\($0.line ?? 0) \($0.field)=\($0.value)" } == ["5 CensusDate=31/02/2024", "6 CensusDate="])
        #expect(rejects[0].reason.contains("census date"))
        #expect(rejects[1].reason.contains("--academic-year"))
        #expect(manifest.inputs.first?.counts["pupils"] == RowCounts(read: 4, written: 2, rejected: 2))
        #expect(manifest.inputs.first?.counts["results"] == RowCounts())

        // With --academic-year, a row without a census date takes the file's year; the others keep their own.
        try scratch.ingest(input, options: ExtractIngestOptions(academicYear: "2023-24"), out: "flagged")
        #expect(try scratch.pupils("flagged").map { "\($0.upn) \($0.academicYear)" } == [
            "B801200005001 2023/24", "G335311012004 2023/24", "A801200005002 2023/24",
        ])
    }

    @Test func censusDatesGiveTheAcademicYearThatHoldsThem() {
        #expect(ExtractYearRule.academicYear(ofCensusDate: "05/10/2023") == "2023/24")   // autumn
        #expect(ExtractYearRule.academicYear(ofCensusDate: "2024-01-18") == "2023/24")   // spring
        #expect(ExtractYearRule.academicYear(ofCensusDate: "16/05/2024") == "2023/24")   // summer
        #expect(ExtractYearRule.academicYear(ofCensusDate: "31/08/2024") == "2023/24")
        #expect(ExtractYearRule.academicYear(ofCensusDate: "01/09/2024") == "2024/25")
        #expect(ExtractYearRule.academicYear(ofCensusDate: "2009-10-01") == "2009/10")
        #expect(ExtractYearRule.academicYear(ofCensusDate: "31/02/2024") == nil)
        #expect(ExtractYearRule.academicYear(endingIn: 2000) == "1999/00")
    }
}
