import Foundation
import Testing
@testable import GapsCore

/// `trends.csv` over a hand-built four-year cohort (2018/19, 2021/22, 2022/23, 2023/24: no KS2 assessment in
/// 2019/20 or 2020/21), reading only. A pupil reaching the expected standard scores 105, the others 95.
///
/// School R (URN 100005), pupils (reaching the expected standard):
///
/// | year    | disadvantaged | not known to be disadvantaged |
/// |---------|---------------|-------------------------------|
/// | 2018/19 | 10 (6)        | 10 (9)                        |
/// | 2021/22 | 20 (16)       | 30 (18)                       |
/// | 2022/23 | 25 (20)       | 25 (15)                       |
/// | 2023/24 | 25 (20)       | 25 (15)                       |
///
/// so the 2023/24 rolling window (2021/22, 2022/23, 2023/24) pools 70 (56) against 80 (48): Newcombe's worked
/// example (a), 1998.
///
/// School S (URN 100006), small: disadvantaged 10 (5), 4 (2), 4 (2), 2 (1); others 10 (8), 3 (2), 3 (2), 3 (2).
/// School T (URN 100007): 6 (3) disadvantaged and 6 (4) others in 2022/23 and in 2023/24 only.
/// School U (URN 100008): 10 (2), 10 (5), 10 (5) disadvantaged and 10 (2), 10 (6), 10 (6) others in 2018/19,
/// 2021/22 and 2022/23.
@Suite struct AggregateDistributionTrendTests {
    static let schoolR = (urn: "100005", laEstab: "8012005", name: "Romeo Primary")
    static let schoolS = (urn: "100006", laEstab: "8012006", name: "Sierra Primary")
    static let schoolT = (urn: "100007", laEstab: "8012007", name: "Tango Primary")
    static let schoolU = (urn: "100008", laEstab: "8012008", name: "Uniform Primary")

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        var serial = 0
        func add(_ school: (urn: String, laEstab: String, name: String), _ year: String, disadvantaged: Bool, pupils: Int, expected: Int) {
            for index in 0..<pupils {
                serial += 1
                let upn = String(format: "T%04d", serial)
                f.pupil(upn, index.isMultiple(of: 2) ? "Boys" : "Girls", disadvantaged: disadvantaged, ethnicity: "White")
                f.result(upn, .ks2Reading, school: school, year: year, score: index < expected ? 105 : 95)
            }
        }
        let r: [(String, Int, Int, Int, Int)] = [
            ("201819", 10, 6, 10, 9), ("202122", 20, 16, 30, 18), ("202223", 25, 20, 25, 15), ("202324", 25, 20, 25, 15),
        ]
        let s: [(String, Int, Int, Int, Int)] = [
            ("201819", 10, 5, 10, 8), ("202122", 4, 2, 3, 2), ("202223", 4, 2, 3, 2), ("202324", 2, 1, 3, 2),
        ]
        let u: [(String, Int, Int, Int, Int)] = [("201819", 10, 2, 10, 2), ("202122", 10, 5, 10, 6), ("202223", 10, 5, 10, 6)]
        for (school, years) in [(schoolR, r), (schoolS, s), (schoolU, u)] {
            for (year, disadvantaged, disadvantagedExpected, others, othersExpected) in years {
                add(school, year, disadvantaged: true, pupils: disadvantaged, expected: disadvantagedExpected)
                add(school, year, disadvantaged: false, pupils: others, expected: othersExpected)
            }
        }
        for year in ["202223", "202324"] {
            add(schoolT, year, disadvantaged: true, pupils: 6, expected: 3)
            add(schoolT, year, disadvantaged: false, pupils: 6, expected: 4)
        }
        return f
    }

    static let yearColumns = ["pupil_count", "expected_standard_count", "expected_standard_percent"]
    static let gapColumns = ["gap", "gap_lower_ci", "gap_upper_ci"]
    static let rollingColumns = ["rolling_pupil_count", "rolling_expected_standard_count", "rolling_expected_standard_percent"]
    static let rollingGapColumns = ["rolling_gap", "rolling_gap_lower_ci", "rolling_gap_upper_ci"]

    static func trend(_ rows: [[String: String]], urn: String, year: String, status: String) -> [String: String] {
        AggregateDistributionTests.row(rows, ["school_urn": urn, "time_period": year, "subject": "Reading",
                                              "disadvantage_status": status]) ?? [:]
    }

    static func values(_ row: [String: String], _ columns: [String]) -> [String] { columns.map { row[$0] ?? "<missing>" } }
    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    static func trends(options: AggregateOptions = .placesApart) throws -> (directory: URL, rows: [[String: String]], notes: [String]) {
        let run = try AggregateDistributionTests.run(fixture(), options: options)
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("trends.csv")).rows
        let manifest = try Manifest.read(from: run.out.appendingPathComponent("manifest.json"))
        return (run.directory, rows, manifest.inputs.flatMap(\.notes))
    }

    // MARK: - Rolling windows

    @Test func windowsAreTheThreeMostRecentAssessedYears() throws {
        let skipped = try TrendSteppedOverYears.shipped().timePeriods(.ks2)
        func window(_ timePeriod: String) -> [String]? { TrendTable.window(endingAt: timePeriod, length: 3, steppingOver: skipped) }
        #expect(window("202324") == ["202122", "202223", "202324"])
        // 2019/20 and 2020/21 had no KS2 assessment: stepped over.
        #expect(window("202223") == ["201819", "202122", "202223"])
        #expect(window("202122") == ["201718", "201819", "202122"])
        #expect(window("201819") == ["201617", "201718", "201819"])
        // Configurable: with no gap years and a window of two.
        #expect(TrendTable.window(endingAt: "202122", length: 2, steppingOver: []) == ["202021", "202122"])
        // Across a century: 2000/01 (200001) follows 1999/00 (199900), which follows 1998/99 (199899).
        #expect(window("200001") == ["199899", "199900", "200001"])
        #expect(window("2024") == nil)
        #expect(AcademicYear.label(ofTimePeriod: "202325") == nil && AcademicYear.label(ofTimePeriod: "202324") == "2023/24")
    }

    // MARK: - Figures

    @Test func rollingFiguresPoolThreeYearsAndTheGapUsesNewcombe() throws {
        let output = try Self.trends()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.schoolR.urn
        // 2023/24, disadvantaged: 20 of 25 = 80 %; others 15 of 25 = 60 %; gap 20 points.
        // Wilson 95% (z = 1.959964, z^2 = 3.841459; centre (2x + z^2) / 2(n + z^2), half-width
        // z sqrt(z^2 + 4x(n - x)/n) / 2(n + z^2), 2(n + z^2) = 57.682918):
        //   20/25: centre 43.841459 / 57.682918 = 0.760040, half 1.959964 x sqrt(19.841459) / 57.682918 = 0.151353
        //          -> (0.608687, 0.911393)
        //   15/25: centre 33.841459 / 57.682918 = 0.586680, half 1.959964 x sqrt(27.841459) / 57.682918 = 0.179284
        //          -> (0.407396, 0.765964)
        //   lower = 0.2 - sqrt((0.8 - 0.608687)^2 + (0.765964 - 0.6)^2) = 0.2 - sqrt(0.036601 + 0.027544) = -0.053269
        //   upper = 0.2 + sqrt((0.911393 - 0.8)^2 + (0.6 - 0.407396)^2) = 0.2 + sqrt(0.012408 + 0.037096) = 0.422495
        // One year's interval (-5.33 to 42.25 points) includes 0.
        let disadvantaged = Self.trend(output.rows, urn: urn, year: "202324", status: "Disadvantaged")
        #expect(Self.values(disadvantaged, Self.yearColumns) == ["25", "20", "80"])
        #expect(abs(Self.number(disadvantaged["gap"]) - 20) < 1e-9)
        #expect(abs(Self.number(disadvantaged["gap_lower_ci"]) - -5.3269) < 0.001)
        #expect(abs(Self.number(disadvantaged["gap_upper_ci"]) - 42.2495) < 0.001)
        // Rolling 2021/22-2023/24: disadvantaged 20 + 25 + 25 = 70 pupils, 16 + 20 + 20 = 56 reaching -> 80 %;
        // others 30 + 25 + 25 = 80, 18 + 15 + 15 = 48 -> 60 %. Newcombe (1998) example (a): 56/70 vs 48/80 gives
        // +0.0524 to +0.3339 (hand working in AggregateStageTests): 5.243 to 33.387 points, which excludes 0.
        #expect(disadvantaged["rolling_years"] == "2021/22, 2022/23, 2023/24")
        #expect(Self.values(disadvantaged, Self.rollingColumns) == ["70", "56", "80"])
        #expect(abs(Self.number(disadvantaged["rolling_gap"]) - 20) < 1e-9)
        #expect(abs(Self.number(disadvantaged["rolling_gap_lower_ci"]) - 5.243) < 0.001)
        #expect(abs(Self.number(disadvantaged["rolling_gap_upper_ci"]) - 33.387) < 0.001)
        let others = Self.trend(output.rows, urn: urn, year: "202324", status: "Not known to be disadvantaged")
        #expect(Self.values(others, Self.yearColumns) == ["25", "15", "60"])
        #expect(Self.values(others, Self.rollingColumns) == ["80", "48", "60"])
        // The gap belongs to the Disadvantaged row; elsewhere it is not applicable.
        #expect(Self.values(others, Self.gapColumns + Self.rollingGapColumns).allSatisfy { $0 == "z" })
        // Total: 50 (35) this year; rolling 150 pupils, 104 reaching -> 10400 / 150 = 69.3333 %.
        let total = Self.trend(output.rows, urn: urn, year: "202324", status: "Total")
        #expect(Self.values(total, Self.yearColumns) == ["50", "35", "70"])
        #expect(Array(Self.values(total, Self.rollingColumns).prefix(2)) == ["150", "104"])
        #expect(abs(Self.number(total["rolling_expected_standard_percent"]) - 69.333333) < 1e-6)
    }

    @Test func theWindowStepsOverTheYearsWithoutAssessment() throws {
        let output = try Self.trends()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.schoolR.urn
        // 2022/23 pools 2018/19, 2021/22 and 2022/23: disadvantaged 10 + 20 + 25 = 55, 6 + 16 + 20 = 42 ->
        // 4200 / 55 = 76.363636 %; others 10 + 30 + 25 = 65, 9 + 18 + 15 = 42 -> 4200 / 65 = 64.615385 %;
        // gap 76.363636 - 64.615385 = 11.748252 points.
        let disadvantaged = Self.trend(output.rows, urn: urn, year: "202223", status: "Disadvantaged")
        #expect(disadvantaged["rolling_years"] == "2018/19, 2021/22, 2022/23")
        #expect(Array(Self.values(disadvantaged, Self.rollingColumns).prefix(2)) == ["55", "42"])
        #expect(abs(Self.number(disadvantaged["rolling_expected_standard_percent"]) - 76.363636) < 1e-6)
        #expect(abs(Self.number(disadvantaged["rolling_gap"]) - 11.748252) < 1e-6)
        let others = Self.trend(output.rows, urn: urn, year: "202223", status: "Not known to be disadvantaged")
        #expect(abs(Self.number(others["rolling_expected_standard_percent"]) - 64.615385) < 1e-6)
        // 2021/22's window reaches back to 2017/18, which is not in the data: not available.
        let early = Self.trend(output.rows, urn: urn, year: "202122", status: "Disadvantaged")
        #expect(early["rolling_years"] == "2017/18, 2018/19, 2021/22")
        #expect(Self.values(early, Self.rollingColumns + Self.rollingGapColumns).allSatisfy { $0 == "x" })
        #expect(Self.values(early, Self.yearColumns) == ["20", "16", "80"])
        // School T has no pupils in 2021/22, so its 2023/24 rolling figure would cover two years only: x.
        let newSchool = Self.trend(output.rows, urn: Self.schoolT.urn, year: "202324", status: "Total")
        #expect(Self.values(newSchool, Self.rollingColumns).allSatisfy { $0 == "x" })
        #expect(Self.values(newSchool, Self.yearColumns) == ["12", "7", "58.333333333333336"])
    }

    // MARK: - Suppression

    @Test func rollingFiguresNeverGiveAWithheldYearAway() throws {
        let output = try Self.trends()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.schoolS.urn
        // Yearly figures are attainment.csv's: 2021/22 and 2022/23 have 4 disadvantaged and 3 other pupils (c) but
        // 7 in all (shown); 2023/24 has 2 + 3 = 5 (all c).
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "202223", status: "Disadvantaged"), Self.yearColumns + Self.gapColumns)
            .allSatisfy { $0 == "c" })
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "202223", status: "Total"), Self.yearColumns)
            == ["7", "4", "57.142857142857146"])

        // Rolling 2022/23 (2018/19, 2021/22, 2022/23): disadvantaged 10 + 4 + 4 = 18 (5 + 2 + 2 = 9 reaching ->
        // 50 %); the withheld part, 4 + 4 = 8 pupils and 2 + 2 = 4 reaching, is at least 6 and 3: shown. Others
        // 10 + 3 + 3 = 16 (8 + 2 + 2 = 12 -> 75 %), withheld part 6 and 4: shown. Total 34 (21). Gap 50 - 75 = -25.
        let disadvantaged = Self.trend(output.rows, urn: urn, year: "202223", status: "Disadvantaged")
        #expect(Self.values(disadvantaged, Self.rollingColumns) == ["18", "9", "50"])
        #expect(disadvantaged["rolling_gap"] == "-25")
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "202223", status: "Not known to be disadvantaged"), Self.rollingColumns)
            == ["16", "12", "75"])
        #expect(Array(Self.values(Self.trend(output.rows, urn: urn, year: "202223", status: "Total"), Self.rollingColumns).prefix(2))
            == ["34", "21"])

        // Rolling 2023/24 (2021/22, 2022/23, 2023/24):
        // - Total 7 + 7 + 5 = 19, but its withheld part is 2023/24's 5 pupils: 19 - 7 - 7 would give it away: c.
        // - Disadvantaged 4 + 4 + 2 = 10, every part withheld (sum 10, not small), yet with rolling 2022/23 shown:
        //   rolling 2023/24 - (rolling 2022/23 - 2018/19's 10) = 10 - (18 - 10) = 2, the 2023/24 count. Likewise
        //   the others: 9 - (16 - 10) = 3. The audit finds 2023/24's total derivable first (D + O from both) and
        //   withholds the disadvantaged figure (latest, a group before the Total), then 2023/24's others count
        //   and withholds theirs: 2 rolling figures withheld to protect others. The RWM cohort holds the same
        //   pupils (reading alone puts a pupil in it, not reaching the standard), so 2 more: 4 in the manifest.
        for status in ["Total", "Disadvantaged", "Not known to be disadvantaged"] {
            let row = Self.trend(output.rows, urn: urn, year: "202324", status: status)
            #expect(Self.values(row, Self.yearColumns + Self.rollingColumns).allSatisfy { $0 == "c" }, "\(status)")
        }
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "202324", status: "Disadvantaged"), Self.rollingGapColumns)
            .allSatisfy { $0 == "c" })
        #expect(output.notes.contains("trends: rolling figures pool 3 assessed years, skipping years without KS2 assessment (201920, 202021); 4 withheld so that no withheld figure can be derived"))
    }

    @Test func aWithheldNumeratorWithholdsTheRollingNumeratorOnly() throws {
        let output = try Self.trends()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.schoolU.urn
        // 2018/19: 10 disadvantaged with 2 reaching and 10 others with 2: both numerators withheld, the counts of 10
        // shown; the Total's 4 of 20 shown.
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "201819", status: "Disadvantaged"), Self.yearColumns) == ["10", "c", "c"])
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "201819", status: "Total"), Self.yearColumns) == ["20", "4", "20"])
        // Rolling 2022/23: disadvantaged 30 pupils (nothing withheld in the part: shown), 2 + 5 + 5 = 12 reaching,
        // but the withheld part of that, 2018/19's 2, is under 3: count and percentage withheld, and the gap.
        // Others likewise: 30, and 2 + 6 + 6 = 14 with a withheld part of 2. Total 60 and 4 + 11 + 11 = 26
        // (26 / 60 = 43.3333 %): nothing withheld in it.
        let disadvantaged = Self.trend(output.rows, urn: urn, year: "202223", status: "Disadvantaged")
        #expect(Self.values(disadvantaged, Self.rollingColumns) == ["30", "c", "c"])
        #expect(Self.values(disadvantaged, Self.rollingGapColumns) == ["c", "c", "c"])
        #expect(Self.values(Self.trend(output.rows, urn: urn, year: "202223", status: "Not known to be disadvantaged"), Self.rollingColumns)
            == ["30", "c", "c"])
        let total = Self.trend(output.rows, urn: urn, year: "202223", status: "Total")
        #expect(Array(Self.values(total, Self.rollingColumns).prefix(2)) == ["60", "26"])
        #expect(abs(Self.number(total["rolling_expected_standard_percent"]) - 43.333333) < 1e-6)
    }

    @Test func completeMatrixAndScreener() throws {
        let output = try Self.trends()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // LA + 4 schools, 4 years, 5 subjects, 3 statuses = 300 rows.
        #expect(output.rows.count == 300)
        // Writing has no results: 0 pupils and nothing to compute, rolling not available.
        let writing = AggregateDistributionTests.row(output.rows, ["school_urn": Self.schoolR.urn, "time_period": "202324",
                                                                   "subject": "Writing", "disadvantage_status": "Disadvantaged"])
        #expect(writing.map { Self.values($0, Self.yearColumns + Self.gapColumns + Self.rollingColumns) }
            == ["0", "0", "x", "x", "x", "x", "x", "x", "x"])
    }

    // MARK: - The audit

    @Test func linearAuditFindsDerivableFigures() {
        // Years a, b, c, d; windows a+b+c and b+c+d. With a published, d = (b+c+d) - (a+b+c) + a.
        let a: [Double] = [1, 0, 0, 0], d: [Double] = [0, 0, 0, 1]
        let first: [Double] = [1, 1, 1, 0], second: [Double] = [0, 1, 1, 1]
        #expect(LinearDisclosureAudit.isDerivable(d, from: [a, first, second]))
        #expect(!LinearDisclosureAudit.isDerivable(d, from: [first, second]))
        // b + c follows from a and the first window, but b alone does not.
        #expect(LinearDisclosureAudit.isDerivable([0, 1, 1, 0], from: [a, first]))
        #expect(!LinearDisclosureAudit.isDerivable([0, 1, 0, 0], from: [a, first, second]))
        #expect(LinearDisclosureAudit.rank([[1, 1], [2, 2], [0, 3]]) == 2)
        #expect(LinearDisclosureAudit.rank([]) == 0)
    }
}
