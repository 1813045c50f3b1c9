import Foundation
import Testing
@testable import GapsCore

/// Key-stage matching and the data-quality summary on one small hand-built LA of two schools.
///
/// School A (URN 100001) and school B (URN 100002), LA 888. Pupils and results, worked by hand:
///
/// | pupil | school | ethnicity | results | as a KS2 / KS4 pupil |
/// |---|---|---|---|---|
/// | p1 | A | WBRI (CTF says sex M, extract F: a conflict) | KS2 reading 104 (2023), KS1 reading EXS (2019) | KS2 2022/23, matched |
/// | p2 | A | blank | KS2 reading 95 (2023) | KS2 2022/23, KS1 would be 2019: unmatched |
/// | p3 | A | WBRI | KS2 reading L (2023) | left: not a KS2 pupil |
/// | p4 | B | AIND | KS2 reading 100 (2024); KS2 maths dated 2020 (rejected) | KS2 2023/24, KS1 would be 2020: not assessed |
/// | p5 | B | REFU | KS2 maths 101 (2024), KS1 maths EXS (2019) | KS2 2023/24, matched |
/// | p7 | A | WBRI | KS2 reading 105 (2025) | KS2 2024/25, KS1 would be 2021: not assessed |
/// | p8 | B | WBRI | KS4 A8 50 (2024), KS2 reading 104 (2019) | KS4 2023/24 matched; KS2 2018/19, KS1 2015: unmatched |
/// | p9 | B | BCRB | KS4 maths 5 (2024); P8 12 (rejected) | KS4 2023/24, KS2 would be 2019: unmatched |
/// | p10 | B | WBRI | KS4 A8 40 (2025) | KS4 2024/25, KS2 would be 2020: not assessed |
/// | bad | A | - | KS2 reading 100 (2024) | pupil row and result rejected: invalid UPN |
@Suite struct NormaliseMatchingTests {
    static func pupil(_ number: Int) -> String { NormaliseFixture.upn(200 + number) }

    static func run(in parent: URL) throws -> NormaliseFixture.Output {
        func atB(_ pupil: inout IngestedPupil) {
            pupil.urn = "100002"; pupil.estab = "2002"; pupil.schoolName = "Second Primary"
        }
        let ethnicities = [1: "WBRI", 2: "", 3: "WBRI", 4: "AIND", 5: "REFU", 7: "WBRI", 8: "WBRI", 9: "BCRB", 10: "WBRI"]
        let bad = NormaliseFixture.badCheckLetterUPN(299)
        var pupils: [IngestedPupil] = []
        for (line, number) in [1, 2, 3, 4, 5, 7, 8, 9, 10].enumerated() {
            pupils.append(NormaliseFixture.pupil(pupil(number), file: "ks.csv", line: line + 2) {
                $0.ethnicity = ethnicities[number]!
                $0.sex = "F"
                if number >= 4 && number != 7 { atB(&$0) }
            })
        }
        pupils.append(NormaliseFixture.pupil(bad, file: "ks.csv", line: 20))
        func result(_ number: Int, _ measure: AssessmentMeasure, _ value: String, _ year: String) -> IngestedResult {
            NormaliseFixture.result(pupil(number), file: "ks.csv", measure: measure, value: value, year: year,
                                    stage: measure.endOfKeyStage.rawValue)
        }
        let results = [
            result(1, .ks2Reading, "104", "2023"), result(1, .ks1Reading, "EXS", "2019"),
            result(2, .ks2Reading, "95", "2023"),
            result(3, .ks2Reading, "L", "2023"),
            result(4, .ks2Reading, "100", "2024"), result(4, .ks2Maths, "100", "2020"),
            result(5, .ks2Maths, "101", "2024"), result(5, .ks1Maths, "EXS", "2019"),
            result(7, .ks2Reading, "105", "2025"),
            result(8, .ks4Attainment8, "50", "2024"), result(8, .ks2Reading, "104", "2019"),
            result(9, .ks4MathsGrade, "5", "2024"), result(9, .ks4Progress8, "12", "2024"),
            result(10, .ks4Attainment8, "40", "2025"),
            NormaliseFixture.result(bad, file: "ks.csv", measure: .ks2Reading, value: "100", line: 20),
        ]
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: pupils, results: results)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(pupil(1), file: "a.xml", kind: .ctf, date: "2023-06-01T00:00:00") { $0.sex = "M"; $0.ethnicity = "WENG" },
        ])
        return try NormaliseFixture.run([extract, ctf], in: parent)
    }

    @Test func keyStageMatchingCountsPerSchoolAndLA() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = try Self.run(in: parent)
        let la = ["Local authority", "888", "", "", ""]
        let a = ["School", "888", "100001", "8882001", "Synthetic Primary"]
        let b = ["School", "888", "100002", "8882002", "Second Primary"]
        // time period, place, key stage, prior, pupils, matched, not assessed, unmatched, match rate
        // (rate = matched / (pupils - not assessed) x 100; empty when every pupil's prior year was not assessed).
        let expected: [[String]] = [
            ["201819"] + la + ["KS2", "KS1", "1", "0", "0", "1", "0"],
            ["201819"] + b + ["KS2", "KS1", "1", "0", "0", "1", "0"],
            ["202223"] + la + ["KS2", "KS1", "2", "1", "0", "1", "50"],
            ["202223"] + a + ["KS2", "KS1", "2", "1", "0", "1", "50"],
            ["202324"] + la + ["KS2", "KS1", "2", "1", "1", "0", "100"],
            ["202324"] + b + ["KS2", "KS1", "2", "1", "1", "0", "100"],
            ["202324"] + la + ["KS4", "KS2", "2", "1", "0", "1", "50"],
            ["202324"] + b + ["KS4", "KS2", "2", "1", "0", "1", "50"],
            ["202425"] + la + ["KS2", "KS1", "1", "0", "1", "0", ""],
            ["202425"] + a + ["KS2", "KS1", "1", "0", "1", "0", ""],
            ["202425"] + la + ["KS4", "KS2", "1", "0", "1", "0", ""],
            ["202425"] + b + ["KS4", "KS2", "1", "0", "1", "0", ""],
        ]
        #expect(output.matching.map(\.fieldValues) == expected)
        // Conservation: 15 results read = 12 written + 3 rejected (bad UPN, a KS2 result dated 2020, P8 of 12).
        #expect(output.manifest.counts["results"] == RowCounts(read: 15, written: 12, rejected: 3))
        #expect(output.rejects.first { $0.field == "year" }?.reason.contains("no statutory KS2 assessment in 2020") == true)
    }

    @Test func dataQualitySummaryPerSchoolAndLA() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let output = try Self.run(in: parent)
        func count(_ urn: String, _ category: String, _ detail: String = "") -> Int? {
            output.summary.first { $0.schoolURN == urn && $0.category == category && $0.detail == detail }?.count
        }
        let (la, a, b) = ("", "100001", "100002")
        // Pupils at the school of their highest-precedence row: A p1 p2 p3 p7, B p4 p5 p8 p9 p10.
        #expect([count(la, "pupils"), count(a, "pupils"), count(b, "pupils")] == [9, 4, 5])
        // Unknown ethnicity: p2 (blank) at A, p5 (refused) at B.
        #expect([count(la, "unknown_ethnicity"), count(a, "unknown_ethnicity"), count(b, "unknown_ethnicity")] == [2, 1, 1])
        #expect([count(la, "invalid_upn"), count(a, "invalid_upn"), count(b, "invalid_upn")] == [1, 1, 0])
        #expect(count(la, "temporary_upn") == 0)
        // Unmatched prior: p2 at A; p8 (KS2 2018/19) and p9 (KS4 2023/24) at B. Not assessed: p7 at A; p4, p10 at B.
        #expect([count(la, "unmatched_prior"), count(a, "unmatched_prior"), count(b, "unmatched_prior")] == [3, 1, 2])
        #expect([count(la, "prior_not_assessed"), count(a, "prior_not_assessed"), count(b, "prior_not_assessed")] == [3, 1, 2])
        // Conflicts: p1's sex (M in the CTF, F in the extract) at A.
        #expect([count(la, "source_conflicts"), count(a, "source_conflicts"), count(b, "source_conflicts")] == [1, 1, 0])
        // Rejects by kind of reason.
        #expect(count(a, "rejected", RejectCategory.pupilInvalidUPN.rawValue) == 1)
        #expect(count(a, "rejected", RejectCategory.resultInvalidUPN.rawValue) == 1)
        #expect(count(b, "rejected", RejectCategory.resultNoAssessmentYear.rawValue) == 1)
        #expect(count(b, "rejected", RejectCategory.resultNotOnScale.rawValue) == 1)
        #expect(count(la, "rejected", RejectCategory.resultNotOnScale.rawValue) == 1)
        #expect(count(la, "rejected", RejectCategory.resultUnknownMeasure.rawValue) == 0)
        // Every place has every category, zero counts included: 7 fixed + 7 kinds of reject = 14 rows per place.
        #expect(output.summary.count == 3 * 14)
        #expect(output.summary.prefix(14).allSatisfy { $0.geographicLevel == "Local authority" && $0.schoolURN.isEmpty })
        // The rejected rows in the summary add up to the rejects file.
        let rejectedInLA = output.summary.filter { $0.schoolURN.isEmpty && $0.category == "rejected" }.map(\.count).reduce(0, +)
        #expect(rejectedInLA == output.rejects.count)
        // The summary holds no pupil data: no UPN appears in it.
        #expect(!output.summary.contains { $0.fieldValues.contains { UPN.problem(with: $0) == nil } })
    }

    @Test func aPupilWithAPriorResultFromAnotherYearIsMatchedEvenIfTheirCohortsYearWasNotAssessed() {
        // KS2 in 2024 (KS1 would have been 2020), but the pupil repeated a year and took KS1 in 2019.
        var ks2 = NormalisedResult()
        ks2.upn = Self.pupil(50); ks2.la = "888"; ks2.schoolURN = "100001"; ks2.timePeriod = "202324"; ks2.measure = .ks2Reading
        var ks1 = ks2
        ks1.timePeriod = "201819"; ks1.measure = .ks1Reading
        let years = NoAssessmentYears(reasons: [.ks1: [2020: "none"]])
        #expect(KeyStageMatching.match(results: [ks2, ks1], noAssessmentYears: years).map(\.status) == [.matched])
        #expect(KeyStageMatching.match(results: [ks2], noAssessmentYears: years).map(\.status) == [.notAssessed])
        #expect(KeyStageMatching.match(results: [ks2], noAssessmentYears: NoAssessmentYears(reasons: [:])).map(\.status) == [.unmatched])
    }
}
