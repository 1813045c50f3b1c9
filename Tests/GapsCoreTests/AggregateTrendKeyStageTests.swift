import Foundation
import Testing
@testable import GapsCore

/// `trends.csv` for key stages 1 and 4 (`key_stage` column), beside key stage 2. Every expected value is worked out
/// by hand in the comments.
///
/// School P (URN 100021, infants), KS1 reading teacher assessment (EXS reaches the expected standard, WTS not):
///
/// | year    | disadvantaged | not known to be disadvantaged |
/// |---------|---------------|-------------------------------|
/// | 2018/19 | 8 (4)         | 12 (9)                        |
/// | 2021/22 | 6 (3)         | 14 (11)                       |
/// | 2022/23 | 10 (6)        | 10 (8)                        |
///
/// School Q (URN 100022, secondary), GCSE English and maths. A pupil reaching grade 4+ in both has English 5 and
/// maths 4; the others English 3 and maths 4 (so maths 4+ is every pupil):
///
/// | year                 | disadvantaged | not known to be disadvantaged |
/// |----------------------|---------------|-------------------------------|
/// | 2018/19              | 10 (3)        | 20 (12)                       |
/// | 2019/20 (CAGs)       | 10 (7)        | 20 (18)                       |
/// | 2021/22              | 10 (4)        | 20 (14)                       |
/// | 2022/23              | 10 (5)        | 20 (15)                       |
/// | 2023/24              | 10 (6)        | 20 (16)                       |
///
/// School R (URN 100023, secondary, small): English and maths 4+, disadvantaged 4 (2), 10 (5), 10 (5) and others
/// 10 (5), 10 (5), 10 (5) in 2021/22, 2022/23 and 2023/24.
///
/// Suppression is the default (fewer than 6 pupils or 3 reaching the standard withheld), places apart.
@Suite struct AggregateTrendKeyStageTests {
    static let primary = (urn: "100021", laEstab: "8012021", name: "Papa Infants")
    static let secondary = (urn: "100022", laEstab: "8014022", name: "Quebec Academy")
    static let small = (urn: "100023", laEstab: "8014023", name: "Romeo School")

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        var serial = 0
        func result(_ upn: String, _ measure: AssessmentMeasure, _ school: (urn: String, laEstab: String, name: String),
                    _ year: String, _ value: String, points: Double? = nil, expected: Bool, higher: Bool = false) {
            var result = NormalisedResult()
            result.upn = upn
            result.schoolURN = school.urn
            result.schoolLAEstab = school.laEstab
            result.schoolName = school.name
            result.la = "801"
            result.timePeriod = year
            result.measure = measure
            result.kind = points == nil ? .teacherAssessment : .score
            result.result = value
            result.points = points
            result.meetsExpected = expected
            result.meetsHigher = higher
            f.results.append(result)
        }
        func pupils(_ count: Int, disadvantaged: Bool, add: (String, Int) -> Void) {
            for index in 0..<count {
                serial += 1
                let upn = String(format: "K%04d", serial)
                f.pupil(upn, index.isMultiple(of: 2) ? "Boys" : "Girls", disadvantaged: disadvantaged, ethnicity: "White")
                add(upn, index)
            }
        }
        let ks1: [(String, Int, Int, Int, Int)] = [("201819", 8, 4, 12, 9), ("202122", 6, 3, 14, 11), ("202223", 10, 6, 10, 8)]
        for (year, disadvantaged, disadvantagedExpected, others, othersExpected) in ks1 {
            for (count, reaching, status) in [(disadvantaged, disadvantagedExpected, true), (others, othersExpected, false)] {
                pupils(count, disadvantaged: status) { upn, index in
                    result(upn, .ks1Reading, primary, year, index < reaching ? "EXS" : "WTS", expected: index < reaching)
                }
            }
        }
        func ks4(_ school: (urn: String, laEstab: String, name: String), _ years: [(String, Int, Int, Int, Int)]) {
            for (year, disadvantaged, disadvantagedExpected, others, othersExpected) in years {
                for (count, reaching, status) in [(disadvantaged, disadvantagedExpected, true), (others, othersExpected, false)] {
                    pupils(count, disadvantaged: status) { upn, index in
                        let english: Double = index < reaching ? 5 : 3
                        result(upn, .ks4EnglishGrade, school, year, formatNumber(english), points: english, expected: english >= 4,
                               higher: english >= 5)
                        result(upn, .ks4MathsGrade, school, year, "4", points: 4, expected: true)
                    }
                }
            }
        }
        ks4(secondary, [("201819", 10, 3, 20, 12), ("201920", 10, 7, 20, 18), ("202122", 10, 4, 20, 14),
                        ("202223", 10, 5, 20, 15), ("202324", 10, 6, 20, 16)])
        ks4(small, [("202122", 4, 2, 10, 5), ("202223", 10, 5, 10, 5), ("202324", 10, 5, 10, 5)])
        return f
    }

    static let yearColumns = AggregateDistributionTrendTests.yearColumns
    static let gapColumns = AggregateDistributionTrendTests.gapColumns
    static let rollingColumns = AggregateDistributionTrendTests.rollingColumns
    static let rollingGapColumns = AggregateDistributionTrendTests.rollingGapColumns
    static func values(_ row: [String: String], _ columns: [String]) -> [String] { AggregateDistributionTrendTests.values(row, columns) }
    static func number(_ text: String?) -> Double { AggregateDistributionTrendTests.number(text) }

    static func trend(_ rows: [[String: String]], _ keyStage: String, _ subject: String, urn: String, year: String,
                      status: String) -> [String: String] {
        AggregateDistributionTests.row(rows, ["key_stage": keyStage, "school_urn": urn, "time_period": year, "subject": subject,
                                              "disadvantage_status": status]) ?? [:]
    }

    struct Output {
        var directory: URL
        var trends: [[String: String]]
        var header: [String]
        var byCharacteristic: [[String: String]]
        var gapsByCharacteristic: [[String: String]]
        var notes: [String]
    }

    static func run(_ fixture: AggregateStageTests.Fixture) throws -> Output {
        let run = try AggregateDistributionTests.run(fixture)
        let trends = try AggregateStageTests.readTable(run.out.appendingPathComponent("trends.csv"))
        let manifest = try Manifest.read(from: run.out.appendingPathComponent("manifest.json"))
        return Output(
            directory: run.directory, trends: trends.rows, header: trends.header,
            byCharacteristic: try AggregateStageTests.readTable(run.out.appendingPathComponent("attainment-by-characteristic.csv")).rows,
            gapsByCharacteristic: try AggregateStageTests.readTable(run.out.appendingPathComponent("gaps-by-characteristic.csv")).rows,
            notes: manifest.inputs.flatMap(\.notes))
    }

    // MARK: - Windows per key stage

    @Test func theShippedFilesSayWhichYearsEachKeyStageStepsOver() throws {
        let shipped = try TrendSteppedOverYears.shipped()
        // scales/no-assessment-years.csv: KS1 and KS2 2020 and 2021; trends/not-comparable-years.csv: KS4 2020, 2021.
        #expect(shipped.years[.ks1] == ["201920": .noAssessment, "202021": .noAssessment])
        #expect(shipped.years[.ks2] == ["201920": .noAssessment, "202021": .noAssessment])
        #expect(shipped.years[.ks4] == ["201920": .notComparable, "202021": .notComparable])
        for keyStage in KeyStage.allCases {
            let skipped = shipped.timePeriods(keyStage)
            // 2022/23 pools 2018/19, 2021/22 and 2022/23 at every key stage: KS1 and KS2 had no assessment in between,
            // KS4's centre- and teacher-assessed grades are not pooled with exam grades.
            #expect(TrendTable.window(endingAt: "202223", length: 3, steppingOver: skipped) == ["201819", "202122", "202223"])
            #expect(TrendTable.window(endingAt: "202324", length: 3, steppingOver: skipped) == ["202122", "202223", "202324"])
            // A window never ends in a year it steps over: KS4 2020/21 has results, but no rolling figure.
            #expect(TrendTable.window(endingAt: "202021", length: 3, steppingOver: skipped) == nil)
            #expect(TrendTable.window(endingAt: "201819", length: 3, steppingOver: skipped) == ["201617", "201718", "201819"])
        }
        // Without the KS4 file's years, a KS4 window would pool the assessed grades.
        #expect(TrendTable.window(endingAt: "202122", length: 3, steppingOver: []) == ["201920", "202021", "202122"])
    }

    @Test func aNotComparableYearFileIsCheckedLineByLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trend-years-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("not-comparable-years.csv")
        try "stage,year,reason\nKS4,2022,grading midway\nKS3,2021,no such stage\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: GapsError.self) {
            try TrendSteppedOverYears.read(noAssessment: NoAssessmentYears(reasons: [:]), notComparable: url)
        }
        try "stage,year,reason\nks4,2022,grading midway\n".write(to: url, atomically: true, encoding: .utf8)
        let read = try TrendSteppedOverYears.read(noAssessment: NoAssessmentYears(reasons: [.ks2: [2020: "cancelled"]]), notComparable: url)
        #expect(read.years == [.ks4: ["202122": .notComparable], .ks2: ["201920": .noAssessment]])
        #expect(read.description(.ks4) == "years whose KS4 results are not comparable (202122)")
        #expect(read.description(.ks2) == "years without KS2 assessment (201920)")
    }

    // MARK: - Figures

    @Test func keyStageOneRowsFollowTheBreakdownFileAndPoolOverTheCancelledYears() throws {
        let output = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: output.directory) }
        #expect(Array(output.header.dropFirst(11).prefix(3)) == ["key_stage", "subject", "disadvantage_status"])
        let urn = Self.primary.urn
        // 2022/23 reading: disadvantaged 6 of 10 = 60 %, others 8 of 10 = 80 %, gap 60 - 80 = -20 points; Total 14 of
        // 20 = 70 %.
        let disadvantaged = Self.trend(output.trends, "Key stage 1", "Reading", urn: urn, year: "202223", status: "Disadvantaged")
        #expect(Self.values(disadvantaged, Self.yearColumns) == ["10", "6", "60"])
        #expect(abs(Self.number(disadvantaged["gap"]) - -20) < 1e-9)
        #expect(Self.values(Self.trend(output.trends, "Key stage 1", "Reading", urn: urn, year: "202223", status: "Total"), Self.yearColumns)
            == ["20", "14", "70"])
        // Rolling: KS1 had no assessment in 2019/20 or 2020/21, so 2022/23 pools 2018/19, 2021/22 and 2022/23.
        // Disadvantaged 8 + 6 + 10 = 24, 4 + 3 + 6 = 13 -> 1300 / 24 = 54.166667 %; others 12 + 14 + 10 = 36,
        // 9 + 11 + 8 = 28 -> 2800 / 36 = 77.777778 %; gap 54.166667 - 77.777778 = -23.611111 points.
        #expect(disadvantaged["rolling_years"] == "2018/19, 2021/22, 2022/23")
        #expect(Array(Self.values(disadvantaged, Self.rollingColumns).prefix(2)) == ["24", "13"])
        #expect(abs(Self.number(disadvantaged["rolling_expected_standard_percent"]) - 54.166667) < 1e-6)
        #expect(abs(Self.number(disadvantaged["rolling_gap"]) - -23.611111) < 1e-6)
        // Writing, maths, RWM and science are rows too (no results here: 0 pupils, nothing to pool).
        let science = Self.trend(output.trends, "Key stage 1", "Science", urn: urn, year: "202223", status: "Total")
        #expect(Self.values(science, Self.yearColumns + Self.rollingColumns) == ["0", "0", "x", "x", "x", "x"])
        // KS1 rows: LA + school P, 5 subjects, 3 years, 3 statuses = 90; KS4: LA + Q + R, 3 subjects, 5 years, 3
        // statuses = 135 (a school's years without pupils are rows of 0, as in the breakdown file); no KS2 rows.
        #expect(output.trends.count { $0["key_stage"] == "Key stage 1" } == 90)
        #expect(output.trends.count { $0["key_stage"] == "Key stage 4" } == 135)
        #expect(output.trends.count == 225)
    }

    @Test func keyStageFourRowsAndARollingGapWithItsNewcombeInterval() throws {
        let output = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.secondary.urn
        let subject = "English and maths"
        // 2023/24, grade 4+ in both: disadvantaged 6 of 10 = 60 %, others 16 of 20 = 80 %, gap -20; Total 22 of 30 =
        // 73.333333 %. English alone is the same pupils; maths 4+ is every pupil (100 %).
        let disadvantaged = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Disadvantaged")
        #expect(Self.values(disadvantaged, Self.yearColumns) == ["10", "6", "60"])
        #expect(abs(Self.number(disadvantaged["gap"]) - -20) < 1e-9)
        let total = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Total")
        #expect(Array(Self.values(total, Self.yearColumns).prefix(2)) == ["30", "22"])
        #expect(abs(Self.number(total["expected_standard_percent"]) - 73.333333) < 1e-6)
        #expect(Self.values(Self.trend(output.trends, "Key stage 4", "Maths", urn: urn, year: "202324", status: "Disadvantaged"), Self.yearColumns)
            == ["10", "10", "100"])

        // Rolling 2023/24 pools 2021/22, 2022/23 and 2023/24: disadvantaged 10 + 10 + 10 = 30, 4 + 5 + 6 = 15 -> 50 %;
        // others 20 + 20 + 20 = 60, 14 + 15 + 16 = 45 -> 75 %; gap 50 - 75 = -25 points.
        // Wilson 95% (z = 1.959964, z^2 = 3.841459; centre (2x + z^2) / 2(n + z^2); half-width
        // z sqrt(z^2 + 4x(n - x)/n) / 2(n + z^2)):
        //   15/30: 2(n + z^2) = 67.682918; centre 33.841459 / 67.682918 = 0.5;
        //          half 1.959964 x sqrt(3.841459 + 30) = 1.959964 x 5.817341 = 11.401780, / 67.682918 = 0.168459
        //          -> (0.331541, 0.668459)
        //   45/60: 2(n + z^2) = 127.682918; centre 93.841459 / 127.682918 = 0.734957;
        //          half 1.959964 x sqrt(3.841459 + 45) = 1.959964 x 6.988667 = 13.697536, / 127.682918 = 0.107278
        //          -> (0.627679, 0.842235)
        //   Newcombe: lower = -0.25 - sqrt((0.5 - 0.331541)^2 + (0.842235 - 0.75)^2) = -0.25 - sqrt(0.028378 + 0.008507)
        //                   = -0.25 - 0.192056 = -0.442056
        //             upper = -0.25 + sqrt((0.668459 - 0.5)^2 + (0.75 - 0.627679)^2) = -0.25 + sqrt(0.028378 + 0.014962)
        //                   = -0.25 + 0.208184 = -0.041816
        // -44.21 to -4.18 points: the pooled interval excludes 0.
        #expect(disadvantaged["rolling_years"] == "2021/22, 2022/23, 2023/24")
        #expect(Self.values(disadvantaged, Self.rollingColumns) == ["30", "15", "50"])
        #expect(abs(Self.number(disadvantaged["rolling_gap"]) - -25) < 1e-9)
        #expect(abs(Self.number(disadvantaged["rolling_gap_lower_ci"]) - -44.2056) < 0.001)
        #expect(abs(Self.number(disadvantaged["rolling_gap_upper_ci"]) - -4.1816) < 0.001)
        #expect(Self.values(Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Not known to be disadvantaged"),
                            Self.rollingColumns) == ["60", "45", "75"])
        // Total: 90 pupils, 60 reaching -> 66.666667 %.
        #expect(Array(Self.values(total, Self.rollingColumns).prefix(2)) == ["90", "60"])
    }

    @Test func keyStageFourWindowsStepOverTheCentreAssessedYears() throws {
        let output = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.secondary.urn
        let subject = "English and maths"
        // 2022/23 pools 2018/19, 2021/22 and 2022/23 (not 2019/20, which is in the data): disadvantaged 10 + 10 + 10 = 30,
        // 3 + 4 + 5 = 12 -> 40 %; others 60, 12 + 14 + 15 = 41 -> 4100 / 60 = 68.333333 %. (With 2019/20 in place of
        // 2018/19 it would be 7 + 4 + 5 = 16.)
        let pooled = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202223", status: "Disadvantaged")
        #expect(pooled["rolling_years"] == "2018/19, 2021/22, 2022/23")
        #expect(Self.values(pooled, Self.rollingColumns) == ["30", "12", "40"])
        let others = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202223", status: "Not known to be disadvantaged")
        #expect(abs(Self.number(others["rolling_expected_standard_percent"]) - 68.333333) < 1e-6)
        // 2019/20's own row is published (7 of 10 = 70 %, the pupils' results), with no rolling figure.
        let assessed = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "201920", status: "Disadvantaged")
        #expect(Self.values(assessed, Self.yearColumns) == ["10", "7", "70"])
        #expect(Self.values(assessed, ["rolling_years"] + Self.rollingColumns + Self.rollingGapColumns).allSatisfy { $0 == "x" })
        // 2021/22 reaches back to 2017/18, not in the data: not available.
        let early = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202122", status: "Disadvantaged")
        #expect(early["rolling_years"] == "2017/18, 2018/19, 2021/22")
        #expect(Self.values(early, Self.rollingColumns).allSatisfy { $0 == "x" })
    }

    // MARK: - Same figures as the other published files

    @Test func yearlyRowsEqualTheBreakdownFilesTotalAndDisadvantageRows() throws {
        let output = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: output.directory) }
        var compared = 0
        for row in output.trends where row["key_stage"] != "Key stage 2" {
            let status = row["disadvantage_status"]!
            let topic = status == "Total" ? "Total" : "Disadvantage status"
            let match = ["key_stage": row["key_stage"]!, "measure": row["subject"]!, "breakdown_topic": topic, "breakdown": status,
                         "time_period": row["time_period"]!, "geographic_level": row["geographic_level"]!, "school_urn": row["school_urn"]!]
            guard let published = AggregateDistributionTests.row(output.byCharacteristic, match) else { continue }
            #expect(Self.values(row, Self.yearColumns) == Self.values(published, Self.yearColumns), "\(match)")
            if status == "Disadvantaged" {
                // The gap is gaps-by-characteristic.csv's within-place gap (other pupils = the not disadvantaged).
                let comparator = row["geographic_level"] == "School" ? "Within school" : "Within local authority"
                let gap = AggregateDistributionTests.row(output.gapsByCharacteristic, match.merging([
                    "indicator": "Expected standard", "comparator": comparator]) { $1 })
                #expect(gap.map { Self.values($0, Self.gapColumns) } == Self.values(row, Self.gapColumns), "\(match)")
            }
            compared += 1
        }
        #expect(compared == 225)
    }

    @Test func rollingFiguresOfAKeyStageNeverGiveItsWithheldYearAway() throws {
        let output = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let urn = Self.small.urn
        let subject = "English and maths"
        // 2021/22: 4 disadvantaged pupils: c (primary), and so the others' 10 (secondary: the Total, 14, is shown), as
        // in attainment-by-characteristic.csv.
        for status in ["Disadvantaged", "Not known to be disadvantaged"] {
            #expect(Self.values(Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202122", status: status),
                                Self.yearColumns).allSatisfy { $0 == "c" }, "\(status)")
        }
        #expect(Self.values(Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202122", status: "Total"), Self.yearColumns)
            == ["14", "7", "50"])
        // Rolling 2023/24: disadvantaged 4 + 10 + 10 = 24 pupils, but the withheld part is 2021/22's 4 (1 to 5):
        // 24 - 10 - 10 would give it away, so the rolling figure and the rolling gap are c.
        let disadvantaged = Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Disadvantaged")
        #expect(disadvantaged["rolling_years"] == "2021/22, 2022/23, 2023/24")
        #expect(Self.values(disadvantaged, Self.rollingColumns + Self.rollingGapColumns).allSatisfy { $0 == "c" })
        // The others' rolling 10 + 10 + 10 = 30 has a withheld part of 10 (not small), but with it 2021/22's others
        // would be 30 - 10 - 10 = 10, and the disadvantaged 14 - 10 = 4: the audit withholds it (the latest, a group
        // before the Total). The Total's 14 + 20 + 20 = 54 (7 + 10 + 10 = 27) is the sum of shown Totals: shown.
        #expect(Self.values(Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Not known to be disadvantaged"),
                            Self.rollingColumns).allSatisfy { $0 == "c" })
        #expect(Array(Self.values(Self.trend(output.trends, "Key stage 4", subject, urn: urn, year: "202324", status: "Total"),
                                  Self.rollingColumns).prefix(2)) == ["54", "27"])
        // The audit runs per key stage and subject: English and maths, English, and maths (same pupils) at school R
        // withhold one each; KS1 nothing.
        #expect(output.notes.contains(
            "trends: Key stage 4 rolling figures pool 3 assessed years, skipping years whose KS4 results are not comparable (201920, 202021); 3 withheld so that no withheld figure can be derived"))
        #expect(output.notes.contains(
            "trends: Key stage 1 rolling figures pool 3 assessed years, skipping years without KS1 assessment (201920, 202021); 0 withheld so that no withheld figure can be derived"))
    }

    // MARK: - Key stage 2 is unchanged

    @Test func keyStageTwoRowsAreTheSameWithOtherKeyStagesBeside() throws {
        let alone = try AggregateDistributionTrendTests.trends()
        defer { try? FileManager.default.removeItem(at: alone.directory) }
        var both = AggregateDistributionTrendTests.fixture()
        let others = Self.fixture()
        both.pupils += others.pupils
        both.results += others.results
        let together = try Self.run(both)
        defer { try? FileManager.default.removeItem(at: together.directory) }
        let ks2 = together.trends.filter { $0["key_stage"] == "Key stage 2" }
        #expect(alone.rows.allSatisfy { $0["key_stage"] == "Key stage 2" })
        // The LA's KS2 rows hold the same pupils (the KS1 and KS4 pupils have no KS2 results), so every row is equal.
        #expect(ks2 == alone.rows)
        #expect(together.trends.count == alone.rows.count + 225)
        // Key stages in publication order: KS1, KS2, KS4.
        let order = together.trends.map { $0["key_stage"]! }.reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(order == ["Key stage 1", "Key stage 2", "Key stage 4"])
    }
}
