import Foundation
import Testing
@testable import GapsCore

/// The key stage 4 rows of `gap-index.csv` (ranked on the mean of the English and maths grades) and the sentence of
/// the secondary evidence pack. Every expected value is worked out by hand from the definition (domain.md section
/// 6: ties share their average rank, r = rank / N, index = 20 x (mean r of others - mean r of disadvantaged)).
///
/// School K (URN 191005, LA 801), 2023/24, twelve KS4 pupils; grade points as gaps-normalise gives them (9-1, U 0,
/// legacy letters at their 2017 on points: A* 8.5, A 7, B 5.5, C 4, E 2):
///
/// | pupil | disadv. | English    | maths | mean |
/// |-------|---------|------------|-------|------|
/// | K01   | yes     | E (2)      | 3     | 2.5  |
/// | K02   | yes     | 4          | 4     | 4    |
/// | K03   | no      | 5          | 3     | 4    |
/// | K04   | yes     | C (4)      | 5     | 4.5  |
/// | K05   | no      | B (5.5)    | 5.5   | 5.5  |
/// | K06   | yes     | 6          | 5     | 5.5  |
/// | K07   | no      | A (7)      | 6     | 6.5  |
/// | K08   | no      | A* (8.5)   | 8     | 8.25 |
/// | K09   | no      | 9          | 9     | 9    |
/// | K10   | yes     | 6          | -     | -    |
/// | K11   | no      | -          | 4     | -    |
/// | K12   | no      | U (0)      | 2     | 1    |
@Suite struct GapIndexKS4Tests {
    static let school = (urn: "191005", laEstab: "8014005", name: "Kestrel High")
    static let ks4RankedOn = "Mean of KS4 English and maths grades"

    typealias Pupil = (upn: String, disadvantaged: Bool, english: (grade: String, points: Double)?, maths: Double?)

    static let cohortK: [Pupil] = [
        ("K01", true, ("E", 2), 3), ("K02", true, ("4", 4), 4), ("K03", false, ("5", 5), 3),
        ("K04", true, ("C", 4), 5), ("K05", false, ("B", 5.5), 5.5), ("K06", true, ("6", 6), 5),
        ("K07", false, ("A", 7), 6), ("K08", false, ("A*", 8.5), 8), ("K09", false, ("9", 9), 9),
        ("K10", true, ("6", 6), nil), ("K11", false, nil, 4), ("K12", false, ("U", 0), 2),
    ]

    /// A KS4 grade as gaps-normalise writes it: kind grade, the grade as given, its points, 4+ and 5+.
    static func grade(_ upn: String, _ measure: AssessmentMeasure, _ grade: String, points: Double,
                      school: (urn: String, laEstab: String, name: String) = school) -> NormalisedResult {
        var result = NormalisedResult()
        result.upn = upn
        result.schoolURN = school.urn
        result.schoolLAEstab = school.laEstab
        result.schoolName = school.name
        result.la = "801"
        result.timePeriod = "202324"
        result.measure = measure
        result.kind = .grade
        result.result = grade
        result.points = points
        result.meetsExpected = points >= 4
        result.meetsHigher = points >= 5
        return result
    }

    /// Pupils and their English and maths grades at `school` (a missing grade: no result at all).
    static func add(_ pupils: [Pupil], to fixture: inout AggregateStageTests.Fixture,
                    school: (urn: String, laEstab: String, name: String) = school) {
        for pupil in pupils {
            fixture.pupil(pupil.upn, "Boys", disadvantaged: pupil.disadvantaged, ethnicity: "White")
            if let english = pupil.english {
                fixture.results.append(grade(pupil.upn, .ks4EnglishGrade, english.grade, points: english.points, school: school))
            }
            if let maths = pupil.maths {
                fixture.results.append(grade(pupil.upn, .ks4MathsGrade, formatNumber(maths), points: maths, school: school))
            }
        }
    }

    /// The breakdowns' cohorts of `pupils` (every pupil at school K), for the row units.
    static func cohorts(_ pupils: [Pupil]) throws -> BreakdownCohorts {
        var fixture = AggregateStageTests.Fixture()
        add(pupils, to: &fixture)
        return try BreakdownCohorts.build(
            pupils: fixture.pupils, results: fixture.results.enumerated().map { ($1, GapsCore.SourceLocation(file: "results.csv", line: $0 + 2)) },
            labels: try CharacteristicLabels.shipped(), localAuthorities: try LocalAuthorityLookup.shipped())
    }

    static let noSuppression = Suppression(minimumDenominator: 1, minimumNumerator: 1)

    // MARK: - gap-index.csv

    @Test func ks4RowsRankTheMeanOfEnglishAndMathsWithTiesSharingTheirRankAfterTheKS2Rows() throws {
        // KS2 school G of AggregateDistributionTests in the same LA: its rows must come first and be unchanged.
        var fixture = AggregateDistributionTests.fixture()
        Self.add(Self.cohortK, to: &fixture)
        let run = try AggregateDistributionTests.run(fixture, options: AggregateOptions(suppression: Self.noSuppression))
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("gap-index.csv")).rows
        #expect(rows.map { $0["ranked_on"] } == [
            "Mean of KS2 reading and maths scaled scores", "Mean of KS2 reading and maths scaled scores",
            Self.ks4RankedOn, Self.ks4RankedOn,
        ])
        let ks2 = try #require(rows.first { $0["school_urn"] == AggregateDistributionTests.school.urn })
        #expect(abs(AggregateDistributionTests.number(ks2["gap_index"]!) - 380.0 / 48.0) < 1e-9)

        // Ranked: the 10 pupils with both grades (K10 has no maths, K11 no English: 2 excluded). Means in order:
        // 1 (K12) rank 1; 2.5 (K01) 2; 4 (K02, K03) ranks 3-4 -> 3.5 each; 4.5 (K04) 5; 5.5 (K05, K06) ranks 6-7
        // -> 6.5 each; 6.5 (K07) 8; 8.25 (K08) 9; 9 (K09) 10. Rank sum 55 = 10 x 11 / 2.
        // Disadvantaged K01, K02, K04, K06: 2 + 3.5 + 5 + 6.5 = 17, mean 4.25, r = 0.425.
        // Others K12, K03, K05, K07, K08, K09: 1 + 3.5 + 6.5 + 8 + 9 + 10 = 38, mean 6.3333, r = 0.63333.
        // Index = 20 x (38/60 - 17/40) = 20 x 25/120 = 25/6 = 4.1666667.
        let school = try #require(AggregateDistributionTests.row(rows, ["school_urn": Self.school.urn]))
        #expect(school["ranked_on"] == Self.ks4RankedOn && school["comparator"] == "Within school")
        #expect(school["school_name"] == Self.school.name && school["school_laestab"] == Self.school.laEstab)
        #expect(school["pupil_count"] == "10" && school["disadvantaged_count"] == "4" && school["excluded_pupil_count"] == "2")
        #expect(abs(AggregateDistributionTests.number(school["gap_index"]!) - 25.0 / 6.0) < 1e-9)
        // The LA's KS4 row ranks its KS4 pupils only (school K's): the same figures; its KS2 row is school G's.
        let la = try #require(AggregateDistributionTests.row(rows, ["geographic_level": "Local authority", "ranked_on": Self.ks4RankedOn]))
        #expect(la["comparator"] == "Within local authority" && la["gap_index"] == school["gap_index"])
        #expect(la["pupil_count"] == "10" && la["excluded_pupil_count"] == "2")

        let manifest = try Manifest.read(from: run.out.appendingPathComponent("manifest.json"))
        #expect(manifest.outputs.first { $0.file == "gap-index.csv" }?.rows == 4)
        let notes = manifest.inputs.flatMap(\.notes)
        #expect(notes.contains("gap index: 2 pupil-years in a reading or maths cohort without both scaled scores were not ranked"))
        #expect(notes.contains("gap index: 2 pupil-years in a KS4 English or maths cohort without both grades were not ranked"))
        let problems = try EESScreener.check(dataURL: run.out.appendingPathComponent("gap-index.csv"),
                                             metaURL: run.out.appendingPathComponent("gap-index.meta.csv"))
        #expect(problems.allSatisfy { $0.rule == .total }, "\(problems)")
    }

    @Test func aPupilMissingEitherGradeIsExcludedNotRanked() throws {
        let cohorts = try Self.cohorts(Self.cohortK)
        let rows = GapIndexTable.ks4Rows(cohorts: cohorts, suppression: Self.noSuppression)
        let school = try #require(rows.first { $0.place == .school(urn: Self.school.urn) })
        // K10 (English only) and K11 (maths only) are in a cohort but not ranked.
        #expect(school.rankedCount == 10 && school.excludedCount == 2 && school.disadvantagedCount == 4)
        #expect(school.rankedOn == Self.ks4RankedOn)
        // Without them nothing changes: they were never ranked (index 25/6 as worked above).
        let without = GapIndexTable.ks4Rows(
            cohorts: try Self.cohorts(Self.cohortK.filter { !["K10", "K11"].contains($0.upn) }), suppression: Self.noSuppression)
        #expect(without.first { $0.place == .school(urn: Self.school.urn) }?.excludedCount == 0)
        #expect(abs((school.index ?? .nan) - 25.0 / 6.0) < 1e-12)
        #expect(without.first { $0.place == .school(urn: Self.school.urn) }?.index == school.index)
    }

    @Test func everyDisadvantagedPupilBelowEveryOtherGivesTen() throws {
        // N = 3: disadvantaged D1 (mean 2) rank 1, r = 1/3; others O1 (4), O2 (6) ranks 2 and 3, mean r = 2.5/3.
        // Index = 20 x (2.5/3 - 1/3) = 20 x 1/2 = 10 exactly (in general (D + O)/2N = 1/2 of the scale, whatever N;
        // the floating-point subtraction may leave a rounding error of order 1e-15).
        let three: [Pupil] = [("D1", true, ("2", 2), 2), ("O1", false, ("4", 4), 4), ("O2", false, ("6", 6), 6)]
        let row = try #require(GapIndexTable.ks4Rows(cohorts: try Self.cohorts(three), suppression: Self.noSuppression).first)
        #expect(abs((row.index ?? .nan) - 10) < 1e-12)
        // N = 2 (one a side): ranks 1 and 2, r = 0.5 and 1: 20 x 0.5 = 10, exact in binary.
        let two = Array(three.prefix(2))
        #expect(GapIndexTable.ks4Rows(cohorts: try Self.cohorts(two), suppression: Self.noSuppression).first?.index == 10)
        // A tie across the groups at the boundary is not "below": D (2, 3) means 2 and 3, O (3, 4) means 3 and 4.
        // Ranks: 2 -> 1; the two 3s share 2-3 -> 2.5; 4 -> 4. D mean (1 + 2.5)/2 = 1.75, r = 0.4375; O mean
        // (2.5 + 4)/2 = 3.25, r = 0.8125. Index = 20 x 0.375 = 7.5.
        let tied: [Pupil] = [("D1", true, ("2", 2), 2), ("D2", true, ("3", 3), 3), ("O1", false, ("3", 3), 3), ("O2", false, ("4", 4), 4)]
        let tiedRow = try #require(GapIndexTable.ks4Rows(cohorts: try Self.cohorts(tied), suppression: Self.noSuppression).first)
        #expect(abs((tiedRow.index ?? .nan) - 7.5) < 1e-12)
    }

    @Test func smallGroupsAreWithheldAsForKS2() throws {
        // Default thresholds (6 pupils, 3 for a count of pupils): 10 ranked is shown; 4 disadvantaged (< 6) withholds
        // their count and the index; 2 excluded (< 3) is withheld.
        let cohorts = try Self.cohorts(Self.cohortK)
        let rows = GapIndexTable.ks4Rows(cohorts: cohorts, suppression: Suppression())
        let school = try #require(rows.first { $0.place == .school(urn: Self.school.urn) })
        #expect(school.indicatorFields == ["10", "c", "c", "c"])
        // Five pupils ranked (< 6): every figure withheld, the index too.
        let five = Array(Self.cohortK.prefix(5))
        let small = try #require(GapIndexTable.ks4Rows(cohorts: try Self.cohorts(five), suppression: Suppression()).first)
        #expect(small.rankedCount == 5 && small.indicatorFields == ["c", "c", "c", "c"])
        // Six a side and nothing excluded: every figure shown.
        var twelve: [Pupil] = []
        for i in 0..<6 {
            twelve.append(("D\(i)", true, ("\(i + 1)", Double(i + 1)), Double(i + 1)))
            twelve.append(("O\(i)", false, ("\(i + 3)", Double(i + 3)), Double(i + 3)))
        }
        let shown = try #require(GapIndexTable.ks4Rows(cohorts: try Self.cohorts(twelve), suppression: Suppression()).first)
        #expect(!shown.withheld && !shown.groupWithheld && shown.indicatorFields[0...2] == ["12", "6", "0"])
        #expect(shown.index != nil && shown.indicatorFields[3] == PublishedNumber.text(shown.index!))
    }
}

/// The KS4 index in the secondary school's evidence pack, from a hand-made `gap-index.csv`.
@Suite struct GapIndexKS4RenderTests {
    static let columns = ["ranked_on", "comparator", "pupil_count", "disadvantaged_count", "excluded_pupil_count", "gap_index"]

    private func rendered(ks4School: [String], ks4Name: String = RenderFixture.northgate) throws -> RenderFixture {
        let fixture = try RenderFixture()
        try fixture.writeStandardSecondary(name: ks4Name)
        let geography = { (urn: String?) in RenderFixture.geography(urn, name: ks4Name, period: "202324", laName: RenderFixture.laName) }
        try fixture.writeTable("gap-index.csv", columns: Self.columns, rows: [
            // KS2 rows, one of them (wrongly) for the secondary school: neither may be shown.
            geography(nil) + ["Mean of KS2 reading and maths scaled scores", "Within local authority", "300", "90", "12", "3.3"],
            geography("191001") + ["Mean of KS2 reading and maths scaled scores", "Within school", "100", "30", "7", "9.87654"],
            geography(nil) + [GapIndexTable.ks4RankedOn, "Within local authority", "320", "95", "4", "2.5"],
            geography("191001") + [GapIndexTable.ks4RankedOn, "Within school"] + ks4School,
        ])
        try fixture.render()
        return fixture
    }

    @Test func thePackStatesTheSchoolsKS4IndexInWords() throws {
        let fixture = try rendered(ks4School: ["100", "30", "4", "4.455"])
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let findings = try #require(renderSlice(pack, from: "<section id=\"ks4-findings\"", to: "</section>"))
        // 4.455 -> 4.46 (two decimals, half up); the four excluded pupils are said.
        #expect(findings.contains("<h3>Disadvantage gap index</h3>"))
        #expect(findings.contains(
            "<li>Disadvantage gap index within the school: 4.46, ranking the 100 pupils with both an English and a maths "
                + "grade on their mean grade (30 of them disadvantaged). 0 means no gap and 10 that every disadvantaged "
                + "pupil is below every other pupil. It ranks the school&#39;s own pupils, so it is not comparable with "
                + "the DfE&#39;s national index, which ranks every pupil in England. Pupils in the English or maths cohort "
                + "without both grades are not ranked: 4.</li>"))
        // Never the KS2 index, nor the LA's KS4 one, on the school's page.
        #expect(!findings.contains("9.88") && !findings.contains("3.30") && !findings.contains("2.50"))
        #expect(findings.components(separatedBy: "Disadvantage gap index").count == 3)  // the heading and one sentence
        let manifest = try Manifest.read(from: fixture.output.appendingPathComponent("manifest.json"))
        let counts = try #require(manifest.inputs.first { $0.path.hasSuffix("gap-index.csv") }?.counts["gap-index"])
        // Read 4, all kept: the KS2 rows are for the KS2 sections (`RenderGapIndexTests`), never this finding.
        #expect(counts.read == 4 && counts.written == 4 && counts.isBalanced)
    }

    @Test func aWithheldIndexIsSaidSoWithoutAFigure() throws {
        let fixture = try rendered(ks4School: ["100", "c", "c", "c"])
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        #expect(pack.contains(
            "<li>The disadvantage gap index within the school is not published (c): a group is too small to report "
                + "without risk of identifying pupils.</li>"))
        #expect(!pack.contains("Disadvantage gap index within the school:"))
    }

    @Test func aWithheldExcludedCountIsWordedAsTheThreshold() throws {
        let fixture = try rendered(ks4School: ["100", "30", "c", "1"])
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        // Default thresholds: a count of 1 or 2 pupils is c, "fewer than 3"; the index 1 -> "1.00".
        #expect(pack.contains("Disadvantage gap index within the school: 1.00, ranking the 100 pupils"))
        #expect(pack.contains("without both grades are not ranked: fewer than 3.</li>"))
    }

    @Test func noGapIndexFileNoSentence() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandardSecondary()
        try fixture.render()
        let pack = try fixture.page("schools/191001.html")
        #expect(pack.contains("<section id=\"ks4-findings\"") && !pack.contains("Disadvantage gap index"))
    }
}
