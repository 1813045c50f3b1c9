import Foundation
import Testing
@testable import GapsCore

/// A hand-built normalised directory, aggregated end to end. Every expected value below is worked out by hand
/// from the definitions in domain.md section 5 (cohorts) and section 6 (gaps), not copied from the program.
///
/// The cohort (LA 801 Bristol, E06000023):
///
/// School A, URN 100001, 2023/24, ten pupils P01-P10:
///
/// | pupil | sex   | disadv. | ethnicity | reading      | writing  | maths | RWM exp / high |
/// |-------|-------|---------|-----------|--------------|----------|-------|----------------|
/// | P01   | Boys  | yes     | White     | 95           | WTS      | 99    | no / no        |
/// | P02   | Boys  | yes     | White     | 100          | EXS      | 101   | yes / no       |
/// | P03   | Boys  | yes     | White     | 104          | EXS      | 108   | yes / no       |
/// | P04   | Boys  | no      | White     | 110          | GDS      | 115   | yes / yes      |
/// | P05   | Boys  | no      | White     | 112          | EXS      | 103   | yes / no       |
/// | P06   | Girls | yes     | White     | 98           | WTS      | 100   | no / no        |
/// | P07   | Girls | yes     | White     | A (absent)   | EXS      | 96    | no / no        |
/// | P08   | Girls | yes     | Asian     | 105          | (none)   | 110   | no / no        |
/// | P09   | Girls | no      | Asian     | L (left)     | L (left) | (none)| out of cohort  |
/// | P10   | Girls | no      | Asian     | 111          | GDS      | 118   | yes / yes      |
///
/// No pupil has a GPS result. P11 (White, Boys) is at school A in 2022/23 only (reading 100). P12 has no results.
/// P01 also has a KS1 result (2019/20), which aggregate sets aside.
///
/// School B, URN 100002, 2023/24: 150 pupils i = 0..149 with reading only. i < 70 are disadvantaged: i < 56 score
/// 104 (expected), the other 14 score 94. The 80 others (j = i - 70): j < 48 score 108 (expected, not higher),
/// the other 32 score 98. Even i are Boys, odd i Girls, except i = 149 whose sex is "Unknown". All White except
/// i = 0, whose ethnicity is blank (published as "Unknown").
@Suite struct AggregateStageTests {
    static let schoolA = (urn: "100001", laEstab: "8012001", name: "Alpha Primary")
    static let schoolB = (urn: "100002", laEstab: "8012002", name: "Beta Primary")

    struct Fixture {
        var pupils: [NormalisedPupil] = []
        var results: [NormalisedResult] = []

        mutating func pupil(_ upn: String, _ sex: String, disadvantaged: Bool, ethnicity: String) {
            var pupil = NormalisedPupil()
            pupil.upn = upn
            pupil.sex = sex
            pupil.disadvantaged = disadvantaged
            pupil.ethnicityMajor = ethnicity
            pupils.append(pupil)
        }

        /// A KS2 result; `score` for tests, `ta` for teacher assessment, `code` for outcome codes.
        mutating func result(_ upn: String, _ measure: AssessmentMeasure, school: (urn: String, laEstab: String, name: String),
                             year: String = "202324", score: Double? = nil, ta: String? = nil, code: String? = nil) {
            var result = NormalisedResult()
            result.upn = upn
            result.schoolURN = school.urn
            result.schoolLAEstab = school.laEstab
            result.schoolName = school.name
            result.la = "801"
            result.timePeriod = year
            result.measure = measure
            if let score {
                result.kind = .scaledScore
                result.result = formatNumber(score)
                result.scaledScore = score
                result.meetsExpected = score >= 100
                result.meetsHigher = score >= 110
            } else if let ta {
                result.kind = .teacherAssessment
                result.result = ta
                result.meetsExpected = ta == "EXS" || ta == "GDS"
                result.meetsHigher = ta == "GDS"
            } else if let code {
                result.kind = .outcomeCode
                result.result = code
                result.inCohort = !["L", "F", "P", "J"].contains(code)
            }
            results.append(result)
        }
    }

    static func fixture() -> Fixture {
        var f = Fixture()
        let a = schoolA
        let rows: [(String, String, Bool, String, Double?, String?, String?, Double?)] = [
            // upn, sex, disadvantaged, ethnicity, reading score, reading code, writing TA, maths score
            ("P01", "Boys", true, "White", 95, nil, "WTS", 99),
            ("P02", "Boys", true, "White", 100, nil, "EXS", 101),
            ("P03", "Boys", true, "White", 104, nil, "EXS", 108),
            ("P04", "Boys", false, "White", 110, nil, "GDS", 115),
            ("P05", "Boys", false, "White", 112, nil, "EXS", 103),
            ("P06", "Girls", true, "White", 98, nil, "WTS", 100),
            ("P07", "Girls", true, "White", nil, "A", "EXS", 96),
            ("P08", "Girls", true, "Asian / Asian British", 105, nil, nil, 110),
            ("P09", "Girls", false, "Asian / Asian British", nil, "L", nil, nil),
            ("P10", "Girls", false, "Asian / Asian British", 111, nil, "GDS", 118),
        ]
        for (upn, sex, disadvantaged, ethnicity, reading, readingCode, writing, maths) in rows {
            f.pupil(upn, sex, disadvantaged: disadvantaged, ethnicity: ethnicity)
            f.result(upn, .ks2Reading, school: a, score: reading, code: readingCode)
            if let writing { f.result(upn, .ks2Writing, school: a, ta: writing) }
            if let maths { f.result(upn, .ks2Maths, school: a, score: maths) }
        }
        f.result("P09", .ks2Writing, school: a, code: "L")
        f.result("P01", .ks1Reading, school: a, year: "201920", ta: "EXS")
        f.pupil("P11", "Boys", disadvantaged: false, ethnicity: "White")
        f.result("P11", .ks2Reading, school: a, year: "202223", score: 100)
        f.pupil("P12", "Girls", disadvantaged: false, ethnicity: "White")

        for i in 0..<150 {
            let upn = String(format: "B%03d", i)
            let sex = i == 149 ? "Unknown" : (i.isMultiple(of: 2) ? "Boys" : "Girls")
            f.pupil(upn, sex, disadvantaged: i < 70, ethnicity: i == 0 ? "" : "White")
            let score: Double = i < 70 ? (i < 56 ? 104 : 94) : (i - 70 < 48 ? 108 : 98)
            f.result(upn, .ks2Reading, school: schoolB, score: score)
        }
        return f
    }

    static func writeNormalised(_ fixture: Fixture, manifest: Bool = true) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-aggregate-\(UUID().uuidString)")
        let input = directory.appendingPathComponent("normalised")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try TableFile.write(fixture.pupils, to: input.appendingPathComponent(NormalisedPupil.fileName), restricted: true)
        try TableFile.write(fixture.results, to: input.appendingPathComponent(NormalisedResult.fileName), restricted: true)
        if manifest {
            try Manifest(stage: "normalise").write(to: input.appendingPathComponent(Manifest.fileName))
        }
        return directory
    }

    /// Rows of a published CSV as dictionaries keyed by column name.
    static func readTable(_ url: URL) throws -> (header: [String], rows: [[String: String]]) {
        let records = try CSVReader(path: url.path).readAll()
        let header = records[0].fields
        let rows = records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
        return (header, rows)
    }

    struct Output {
        var directory: URL
        var attainment: [[String: String]]
        var attainmentHeader: [String]
        var gaps: [[String: String]]
        var gapsHeader: [String]
        var summary: AggregateSummary
    }

    static func aggregate(_ fixture: Fixture = fixture(), suppression: Suppression = .placesApart) throws -> Output {
        let directory = try writeNormalised(fixture)
        let out = directory.appendingPathComponent("published")
        let summary = try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path,
                                             outputDirectory: out.path,
                                             options: AggregateOptions(suppression: suppression))
        let attainment = try readTable(out.appendingPathComponent("attainment.csv"))
        let gaps = try readTable(out.appendingPathComponent("gaps.csv"))
        return Output(directory: directory, attainment: attainment.rows, attainmentHeader: attainment.header,
                      gaps: gaps.rows, gapsHeader: gaps.header, summary: summary)
    }

    static func attainmentRow(_ output: Output, urn: String?, year: String = "202324", subject: String,
                              sex: String = "Total", disadvantage: String = "Total", ethnicity: String = "Total") -> [String: String]? {
        let matches = output.attainment.filter {
            $0["school_urn"] == (urn ?? "") && $0["time_period"] == year && $0["subject"] == subject && $0["sex"] == sex
                && $0["disadvantage_status"] == disadvantage && $0["ethnicity_major"] == ethnicity
        }
        #expect(matches.count == 1, "expected exactly one row for \(urn ?? "LA") \(subject) \(sex) \(disadvantage) \(ethnicity)")
        return matches.first
    }

    static func indicators(_ row: [String: String]?) -> [String] {
        ["pupil_count", "expected_standard_count", "expected_standard_percent", "higher_standard_count",
         "higher_standard_percent", "average_score"].map { row?[$0] ?? "<missing>" }
    }

    static func gapRow(_ output: Output, urn: String?, subject: String, indicator: String, breakdown: String) -> [String: String]? {
        let matches = output.gaps.filter {
            $0["school_urn"] == (urn ?? "") && $0["time_period"] == "202324" && $0["subject"] == subject
                && $0["indicator"] == indicator && $0["breakdown"] == breakdown
        }
        #expect(matches.count == 1)
        return matches.first
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    // MARK: - Columns and completeness

    @Test func publishesTheEESColumnsInOrder() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        #expect(output.attainmentHeader == [
            "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
            "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "sex",
            "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
            "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
        ])
        #expect(output.gapsHeader == [
            "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
            "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "indicator",
            "breakdown", "comparator", "group", "comparison_group", "group_count", "group_value", "comparison_count",
            "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci", "significant", "effect_size", "ci_method",
        ])
        let school = try #require(Self.attainmentRow(output, urn: "100001", subject: "Reading"))
        #expect(school["time_identifier"] == "Academic year")
        #expect(school["geographic_level"] == "School")
        #expect(school["country_code"] == "E92000001" && school["country_name"] == "England")
        #expect(school["old_la_code"] == "801" && school["new_la_code"] == "E06000023" && school["la_name"] == "Bristol, City of")
        #expect(school["school_laestab"] == "8012001" && school["school_name"] == "Alpha Primary")
        let la = try #require(Self.attainmentRow(output, urn: nil, subject: "Reading"))
        #expect(la["geographic_level"] == "Local authority")
        #expect(la["school_urn"] == "" && la["school_laestab"] == "" && la["school_name"] == "")
        #expect(la["new_la_code"] == "E06000023")
    }

    @Test func completesTheMatrix() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Places: LA 801 + schools A and B = 3. Years: 202223 (P11) and 202324 = 2. Subjects: 5.
        // Sex: Total, Boys, Girls = 3. Disadvantage: Total + 2 = 3. Ethnicity: Total + White, Asian / Asian British,
        // Unknown = 4. 3 x 2 x 5 x 3 x 3 x 4 = 1080.
        #expect(output.attainment.count == 1080)
        #expect(output.summary.attainmentRows == 1080)
        // School B has no pupils in 2022/23 but its rows are there, with zero counts and nothing to compute.
        let empty = Self.attainmentRow(output, urn: "100002", year: "202223", subject: "Maths")
        #expect(Self.indicators(empty) == ["0", "0", "x", "0", "x", "x"])
        // Ethnicity labels are the ones in pupils.csv, blank read as Unknown.
        #expect(Set(output.attainment.map { $0["ethnicity_major"]! }) == ["Total", "White", "Asian / Asian British", "Unknown"])
        // Gaps: 3 places x 2 years x (R 3 + W 2 + M 3 + GPS 3 + RWM 2 = 13 indicators) x 2 breakdowns = 156.
        #expect(output.gaps.count == 156)
    }

    // MARK: - Measures

    @Test func readingCountsOutcomeCodesAsDomainSaysAndAveragesScores() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Reading cohort at A: P01-P10 except P09 (L, left: not in the cohort) = 9; P07 (A, absent) stays in.
        // Expected (>= 100): P02, P03, P04, P05, P08, P10 = 6 -> 600 / 9 = 66.66666666666667 %.
        // Higher (>= 110): P04, P05, P10 = 3 -> 300 / 9 = 33.333333333333336 %.
        // Average over the 8 numeric scores: (95+100+104+110+112+98+105+111) / 8 = 835 / 8 = 104.375.
        // The higher count is withheld (secondary): Total 3 = Disadvantaged 0 + Not known to be disadvantaged 3 (P04,
        // P05, P10: a group of 3, withheld). The disadvantaged row (6 pupils) is withheld to protect the 3 pupils,
        // but its 0 at the higher standard is no protection: histograms.csv shows that none of the 6 scored 110 or
        // more (their bands from 110 are published zeros), and then 3 - 0 would say that every one of the 3 reached
        // the higher standard. So the Total's 3 is withheld instead.
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Reading"))
            == ["9", "6", "66.66666666666667", "c", "c", "104.375"])
        // Maths: 9 pupils (P09 has no result); expected P02-P06, P08, P10 = 7 -> 77.77777777777777 %; higher P04,
        // P08, P10 = 3; mean (99+101+108+115+103+100+96+110+118) / 9 = 950 / 9 = 105.55555555555556.
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Maths"))
            == ["9", "7", "77.77777777777777", "3", "33.333333333333336", "105.55555555555556"])
    }

    @Test func writingHasNoAverageAndGPSWithoutPupilsIsEmpty() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Writing: P01-P07, P10 = 8 (P08 has none, P09 left). Expected EXS/GDS: P02-P05, P07, P10 = 6 -> 75 %.
        // Higher GDS: P04, P10 = 2 -> a numerator under 3: count and percent withheld. Average not applicable.
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Writing"))
            == ["8", "6", "75", "c", "c", "z"])
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Grammar, punctuation and spelling"))
            == ["0", "0", "x", "0", "x", "x"])
    }

    @Test func readingWritingMathsNeedsAllThree() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // RWM cohort: every pupil with a reading, writing or maths result and none out of cohort: P01-P08, P10 = 9
        // (P09's reading and writing are L). Expected in all three: P02, P03, P04, P05, P10 = 5 -> 500 / 9 =
        // 55.55555555555556 %. P08 (reading 105, maths 110, no writing) is in the cohort but not expected.
        // Higher in all three: P04, P10 = 2 -> withheld.
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Reading, writing and maths"))
            == ["9", "5", "55.55555555555556", "c", "c", "z"])
    }

    // MARK: - Filters and suppression

    @Test func suppressesSmallGroupsAndSmallNumerators() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Girls in reading at A: P06, P07, P08, P10 = 4 pupils < 6: the whole row is withheld.
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Reading", sex: "Girls"))
            == ["c", "c", "c", "c", "c", "c"])
        // Disadvantaged in reading at A: P01, P02, P03, P06, P07, P08 = 6, beside 3 others (withheld) and a Total
        // of 9: 9 - 6 would give the 3 away, so secondary suppression withholds the 6 too (see
        // PublishingSuppressionSecondaryTests for the rules).
        #expect(Self.indicators(Self.attainmentRow(output, urn: "100001", subject: "Reading", disadvantage: "Disadvantaged"))
            == ["c", "c", "c", "c", "c", "c"])
        // With thresholds of 1 nothing is withheld: 4 girls; expected P08 (105) and P10 (111) = 2 -> 50 % (P06 98
        // and P07 absent are not); higher P10 = 1 -> 25 %; mean of the 3 scores (98+105+111) / 3 = 104.66666666666667.
        let open = try Self.aggregate(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: open.directory) }
        #expect(Self.indicators(Self.attainmentRow(open, urn: "100001", subject: "Reading", sex: "Girls"))
            == ["4", "2", "50", "1", "25", "104.66666666666667"])
    }

    @Test func unknownSexCountsInTotalOnlyAndBlankEthnicityIsUnknown() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School B reading: 150 pupils, expected 56 + 48 = 104.
        // Boys (even i <= 148): disadvantaged evens 0..68 = 35, of which expected (i < 56) 0..54 = 28; others
        // 70..148 = 40, of which expected (i < 118) 70..116 = 24. 75 boys, 52 expected.
        // Girls (odd i <= 147): 1..69 = 35, expected 1..55 = 28; 71..147 = 39, expected 71..117 = 24. 74 girls, 52.
        // Pupil 149 (sex Unknown) is in the Total only: 75 + 74 = 149, not 150.
        let total = Self.attainmentRow(output, urn: "100002", subject: "Reading")
        #expect(total?["pupil_count"] == "150" && total?["expected_standard_count"] == "104")
        let boys = Self.attainmentRow(output, urn: "100002", subject: "Reading", sex: "Boys")
        #expect(boys?["pupil_count"] == "75" && boys?["expected_standard_count"] == "52")
        // The girls' row is withheld all the same: attainment-by-characteristic.csv publishes pupil 149 as a sex group
        // of its own ("Unknown", 1 pupil: c), which 150 - 75 - 74 would give away, so it withholds its smallest
        // published sibling, the girls' 74 (secondary); and attainment.csv shows and withholds what that file does.
        let girls = Self.attainmentRow(output, urn: "100002", subject: "Reading", sex: "Girls")
        #expect(girls?["pupil_count"] == "c" && girls?["expected_standard_count"] == "c")
        let open = try Self.aggregate(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: open.directory) }
        let openGirls = Self.attainmentRow(open, urn: "100002", subject: "Reading", sex: "Girls")
        #expect(openGirls?["pupil_count"] == "74" && openGirls?["expected_standard_count"] == "52")
        // Pupil 0 has a blank ethnicity: one pupil in "Unknown", withheld.
        #expect(Self.attainmentRow(output, urn: "100002", subject: "Reading", ethnicity: "Unknown")?["pupil_count"] == "c")
        // The LA row adds schools A and B: 9 + 150 = 159 pupils, 6 + 104 = 110 expected.
        let la = Self.attainmentRow(output, urn: nil, subject: "Reading")
        #expect(la?["pupil_count"] == "159" && la?["expected_standard_count"] == "110")
    }

    // MARK: - Gaps

    @Test func percentageGapUsesNewcombeHybridScore() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School B reading, disadvantaged 56/70 = 80 % vs others 48/80 = 60 %: Newcombe (1998) example (a).
        // Wilson 95% limits (z = 1.959964): 56/70 -> (0.69183, 0.87695); 48/80 -> (0.49045, 0.70038).
        // d = 0.2; lower = d - sqrt((0.8 - 0.69183)^2 + (0.70038 - 0.6)^2) = 0.2 - 0.14757 = 0.05243;
        // upper = d + sqrt((0.87695 - 0.8)^2 + (0.6 - 0.49045)^2) = 0.2 + 0.13387 = 0.33387.
        // Newcombe's paper gives +0.0524 to +0.3339. In percentage points: 20, 5.243, 33.387.
        let row = try #require(Self.gapRow(output, urn: "100002", subject: "Reading", indicator: "Expected standard", breakdown: "Disadvantage"))
        #expect(row["comparator"] == "Within school")
        #expect(row["group"] == "Disadvantaged" && row["comparison_group"] == "Not known to be disadvantaged")
        #expect(row["group_count"] == "70" && row["group_value"] == "80")
        #expect(row["comparison_count"] == "80" && row["comparison_value"] == "60")
        #expect(abs(Self.number(row["gap"]) - 20) < 1e-9)
        #expect(abs(Self.number(row["gap_lower_ci"]) - 5.243) < 0.001)
        #expect(abs(Self.number(row["gap_upper_ci"]) - 33.387) < 0.001)
        #expect(row["significant"] == "Yes")
        #expect(row["effect_size"] == "z")
        #expect(row["ci_method"] == "Newcombe hybrid score (95%)")
        // Cross-check only: the library's Newcombe agrees with the hand working.
        let check = try #require(ProportionStatistics.newcombeDifference(successes1: 56, total1: 70, successes2: 48, total2: 80))
        #expect(abs(check.interval.lower * 100 - Self.number(row["gap_lower_ci"])) < 1e-9)
    }

    @Test func meanGapUsesWelchAndHedgesG() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School B reading scores. Disadvantaged: 56 x 104 + 14 x 94 = 7140 / 70 = mean 102; squared deviations
        // 56 x 2^2 + 14 x 8^2 = 1120, variance 1120 / 69 = 16.23188.
        // Others: 48 x 108 + 32 x 98 = 8320 / 80 = mean 104; 48 x 4^2 + 32 x 6^2 = 1920, variance 1920 / 79 = 24.30380.
        // Welch: gap = 102 - 104 = -2; SE^2 = 16.23188/70 + 24.30380/80 = 0.231884 + 0.303797 = 0.535682, SE = 0.731903;
        // df = 0.535682^2 / (0.231884^2/69 + 0.303797^2/79) = 147.34; t(0.975, 147.3) = 1.97620 (tables);
        // interval -2 -/+ 1.97620 x 0.731903 = -2 -/+ 1.44638 -> (-3.44638, -0.55362). Excludes 0: significant.
        // Hedges' g: pooled variance (1120 + 1920) / 148 = 20.54054, SD 4.532167; d = -2 / 4.532167 = -0.441290;
        // J = 1 - 3 / (4 x 150 - 9) = 0.994924; g = -0.439050.
        let row = try #require(Self.gapRow(output, urn: "100002", subject: "Reading", indicator: "Average scaled score", breakdown: "Disadvantage"))
        #expect(row["group_count"] == "70" && row["group_value"] == "102")
        #expect(row["comparison_count"] == "80" && row["comparison_value"] == "104")
        #expect(row["gap"] == "-2")
        #expect(abs(Self.number(row["gap_lower_ci"]) - -3.44638) < 0.0001)
        #expect(abs(Self.number(row["gap_upper_ci"]) - -0.55362) < 0.0001)
        #expect(row["significant"] == "Yes")
        #expect(abs(Self.number(row["effect_size"]) - -0.439050) < 0.00001)
        #expect(row["ci_method"] == "Welch t (95%)")
    }

    @Test func gapsAreWithheldWhenEitherSideIsSmall() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School A reading: 6 disadvantaged vs 3 others (P04, P05, P10): the comparison count is withheld, the 6
        // too (secondary: the Total 9 minus 6 would give 3), and so is every value of the row.
        let row = try #require(Self.gapRow(output, urn: "100001", subject: "Reading", indicator: "Expected standard", breakdown: "Disadvantage"))
        #expect(row["group_count"] == "c" && row["comparison_count"] == "c")
        #expect([row["group_value"], row["comparison_value"], row["gap"], row["gap_lower_ci"], row["gap_upper_ci"], row["significant"]]
            .allSatisfy { $0 == "c" })
        // School A writing by sex: boys P01-P05 = 5 < 6, girls P06, P07, P10 = 3: both withheld.
        let sex = try #require(Self.gapRow(output, urn: "100001", subject: "Writing", indicator: "Expected standard", breakdown: "Sex"))
        #expect(sex["group_count"] == "c" && sex["comparison_count"] == "c" && sex["gap"] == "c")
        #expect(sex["comparator"] == "Within school" && sex["group"] == "Boys" && sex["comparison_group"] == "Girls")
        // LA writing, higher standard, disadvantage: disadvantaged P01, P02, P03, P06, P07 (5 < 6) withheld.
        let la = try #require(Self.gapRow(output, urn: nil, subject: "Writing", indicator: "Higher standard", breakdown: "Disadvantage"))
        #expect(la["comparator"] == "Within local authority")
        #expect(la["group_count"] == "c" && la["gap"] == "c")
    }

    @Test func gapIsWithheldWhenANumeratorIsWithheld() throws {
        // Thresholds 1 (denominator) and 3 (numerator): at A, reading higher standard by disadvantage compares
        // 0 of 6 (zero: published) with 3 of 3 (P04, P05, P10: published), so the gap is shown; writing higher by
        // disadvantage compares 0 of 5 with GDS P04, P10 = 2 of 3, a withheld numerator, so the gap is withheld.
        let output = try Self.aggregate(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 3))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let reading = try #require(Self.gapRow(output, urn: "100001", subject: "Reading", indicator: "Higher standard", breakdown: "Disadvantage"))
        #expect(reading["group_value"] == "0" && reading["comparison_value"] == "100" && reading["gap"] == "-100")
        let writing = try #require(Self.gapRow(output, urn: "100001", subject: "Writing", indicator: "Higher standard", breakdown: "Disadvantage"))
        #expect(writing["group_count"] == "5" && writing["comparison_count"] == "3")
        #expect(writing["group_value"] == "c" && writing["comparison_value"] == "c" && writing["gap"] == "c" && writing["significant"] == "c")
    }

    // MARK: - Stage contract

    @Test func outputPassesTheScreenerAndMetaMatchesData() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let published = output.directory.appendingPathComponent("published")
        for name in ["attainment", "gaps"] {
            let data = published.appendingPathComponent("\(name).csv")
            let meta = published.appendingPathComponent("\(name).meta.csv")
            let problems = try EESScreener.check(dataURL: data, metaURL: meta)
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(problems)")
            // The only advisories: filters that have no Total by nature (subject, and the gap descriptors).
            let advisories = problems.filter { $0.severity == .advisory }
            #expect(advisories.allSatisfy { $0.rule == .total }, "\(advisories)")
            let metaRows = try Self.readTable(meta)
            #expect(metaRows.header == EESMetaColumn.metaColumns)
            let header = try Self.readTable(data).header
            #expect(metaRows.rows.map { $0["col_name"]! } == Array(header.dropFirst(11)))
            #expect(metaRows.rows.allSatisfy { ["Filter", "Indicator"].contains($0["col_type"]!) })
            for file in [data, meta] {
                let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(permissions == 0o644)
            }
        }
        let attainmentMeta = try Self.readTable(published.appendingPathComponent("attainment.meta.csv")).rows
        let percent = attainmentMeta.first { $0["col_name"] == "expected_standard_percent" }
        #expect(percent?["indicator_unit"] == "%" && percent?["indicator_dp"] == "0")
        #expect(attainmentMeta.first { $0["col_name"] == "sex" }?["col_type"] == "Filter")
    }

    @Test func manifestCountsEveryRow() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let manifest = try Manifest.read(from: output.directory.appendingPathComponent("published/manifest.json"))
        #expect(manifest.stage == "aggregate")
        let published = ["attainment", "gaps", "distributions", "histograms", "gap-index", "trends",
                         "low-attaining-disadvantaged", "bucking-the-trend", "progress", "entitlement"]
            .flatMap { ["\($0).csv", "\($0).meta.csv"] }
        #expect(Set(published).isSubset(of: Set(manifest.outputs.map(\.file))))
        // Only files in restricted/ (the pupil list) hold pupil data.
        #expect(manifest.outputs.allSatisfy { $0.restricted == $0.file.hasPrefix("restricted/") })
        // Pupils: 10 (A) + P11 + P12 + 150 (B) = 162 read. In no KS2 cohort: P12 (no result) and P09 (left in
        // reading and writing, no maths, so not in RWM either): 160 written, 2 set aside.
        let pupils = try #require(manifest.counts["pupils"])
        #expect(pupils.read == 162 && pupils.written == 160 && pupils.isBalanced)
        #expect(pupils.setAside[KS2Cohorts.SetAsideReason.noKS2Cohort] == 2)
        // Results: A has 10 reading + 8 writing (P01-P07, P10) + P09's writing L + 9 maths = 28, plus P01's KS1,
        // P11's reading and 150 at B = 180. Set aside: 1 KS1, 2 out of cohort (P09's L). Written 177.
        let results = try #require(manifest.counts["results"])
        #expect(results.read == 180 && results.written == 177 && results.isBalanced)
        #expect(results.setAside[KS2Cohorts.SetAsideReason.notKS2] == 1)
        #expect(results.setAside[KS2Cohorts.SetAsideReason.outOfCohort] == 2)
    }

    @Test func missingManifestIsAMissingStageOutput() throws {
        let directory = try Self.writeNormalised(Self.fixture(), manifest: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("normalised")
        #expect(throws: GapsError.missingStageOutput(path: input.path, expected: "manifest.json")) {
            try AggregateStage.run(inputDirectory: input.path, outputDirectory: directory.appendingPathComponent("out").path)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    @Test func aFileTheScreenerRejectsIsNotPublished() throws {
        // A school without a name cannot be published: EES needs school_name on every School row.
        var fixture = Self.fixture()
        for index in fixture.results.indices where fixture.results[index].schoolURN == Self.schoolB.urn {
            fixture.results[index].schoolName = ""
        }
        let directory = try Self.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        do {
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path)
            Issue.record("expected the screener to stop the stage")
        } catch let error as GapsError {
            #expect(error.description.contains("attainment.csv"))
            #expect(error.description.contains("EES screener (geography_level_completed)"))
            #expect(error.description.contains("school_name"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: out.path + ".partial"))
    }

    @Test func unknownLANumberIsAnError() throws {
        var fixture = Self.fixture()
        fixture.results[0].la = "999"
        let directory = try Self.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: GapsError.self) {
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path,
                                   outputDirectory: directory.appendingPathComponent("out").path)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
    }

    // MARK: - Units

    @Test func cohortMembershipFollowsOutcomeCodes() {
        var pupil = NormalisedPupil()
        pupil.upn = "X"
        pupil.sex = "Girls"
        func result(_ measure: AssessmentMeasure, inCohort: Bool = true, expected: Bool = false, higher: Bool = false) -> NormalisedResult {
            var result = NormalisedResult()
            result.measure = measure
            result.inCohort = inCohort
            result.meetsExpected = expected
            result.meetsHigher = higher
            return result
        }
        // Absent (in cohort, not meeting): in the denominator.
        let absent = KS2Cohorts.member(of: .reading, pupil: pupil, results: [.ks2Reading: result(.ks2Reading)])
        #expect(absent?.meetsExpected == false)
        // Left (not in cohort): out.
        #expect(KS2Cohorts.member(of: .reading, pupil: pupil, results: [.ks2Reading: result(.ks2Reading, inCohort: false)]) == nil)
        // RWM: all three at higher -> expected and higher; one out of cohort -> not in the RWM cohort.
        let all = [AssessmentMeasure.ks2Reading, .ks2Writing, .ks2Maths].reduce(into: [AssessmentMeasure: NormalisedResult]()) {
            $0[$1] = result($1, expected: true, higher: true)
        }
        let rwm = KS2Cohorts.member(of: .readingWritingMaths, pupil: pupil, results: all)
        #expect(rwm?.meetsExpected == true && rwm?.meetsHigher == true)
        var withLeaver = all
        withLeaver[.ks2Maths] = result(.ks2Maths, inCohort: false)
        #expect(KS2Cohorts.member(of: .readingWritingMaths, pupil: pupil, results: withLeaver) == nil)
        // GPS alone does not put a pupil in the RWM cohort.
        #expect(KS2Cohorts.member(of: .readingWritingMaths, pupil: pupil, results: [.ks2GPS: result(.ks2GPS)]) == nil)
    }

    @Test func laNumberWithSeveralCodesUsesTheCurrentOne() throws {
        let lookup = try LocalAuthorityLookup.shipped()
        // 825 Buckinghamshire: county E10000002 replaced by unitary E06000060; 370 Barnsley: E08000016 then E08000038.
        #expect(lookup.authority(oldCode: "825")?.newCode == "E06000060")
        #expect(lookup.authority(oldCode: "370")?.newCode == "E08000038")
        #expect(lookup.authority(oldCode: "801")?.name == "Bristol, City of")
        #expect(lookup.authority(oldCode: "x") != nil)  // present in the file, never an LA number in results
        #expect(lookup.authority(oldCode: "999") == nil)
    }
}
