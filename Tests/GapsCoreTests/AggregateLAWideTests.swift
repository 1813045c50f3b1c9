import Foundation
import Testing
@testable import GapsCore

/// `low-attaining-disadvantaged.csv` and `bucking-the-trend.csv` over a hand-built LA, and the pieces they are
/// made of (quintiles, line suppression). Expected values are worked by hand from the definitions in the types'
/// documentation.
///
/// The LA (801), 2023/24: eight schools, every pupil with reading, writing and maths results, either all at the
/// expected standard (105, EXS, 105) or none (95, WTS, 95). RWM:
///
/// | school | URN    | pupils | expected | % RWM | disadvantaged | of whom expected | low-attaining disadvantaged |
/// |--------|--------|--------|----------|-------|---------------|------------------|-----------------------------|
/// | S1     | 200001 | 20     | 6        | 30    | 10            | 3                | 7                           |
/// | S2     | 200002 | 20     | 8        | 40    | 10            | 3                | 7                           |
/// | S3     | 200003 | 20     | 10       | 50    | 8             | 3                | 5                           |
/// | S4     | 200004 | 20     | 12       | 60    | 6             | 4                | 2                           |
/// | S5     | 200005 | 20     | 14       | 70    | 10            | 4                | 6                           |
/// | S6     | 200006 | 20     | 16       | 80    | 8             | 4                | 4                           |
/// | S7     | 200007 | 25     | 22       | 88    | 10            | 7                | 3                           |
/// | S8     | 200008 | 20     | 15       | 75    | 4             | 0                | 4                           |
///
/// Within a school, pupils are listed disadvantaged first (those reaching the standard first), then the others
/// (likewise), and alternate Boys, Girls in that order.
@Suite struct AggregateLAWideTests {
    static let schools: [(urn: String, pupils: Int, expected: Int, disadvantaged: Int, disadvantagedExpected: Int)] = [
        ("200001", 20, 6, 10, 3), ("200002", 20, 8, 10, 3), ("200003", 20, 10, 8, 3), ("200004", 20, 12, 6, 4),
        ("200005", 20, 14, 10, 4), ("200006", 20, 16, 8, 4), ("200007", 25, 22, 10, 7), ("200008", 20, 15, 4, 0),
    ]

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        for school in schools {
            let place = (urn: school.urn, laEstab: "801" + school.urn.suffix(4), name: "School \(school.urn)")
            let othersExpected = school.expected - school.disadvantagedExpected
            for j in 0..<school.pupils {
                let disadvantaged = j < school.disadvantaged
                let expected = disadvantaged ? j < school.disadvantagedExpected : j - school.disadvantaged < othersExpected
                let upn = "U\(school.urn)\(j)"
                f.pupil(upn, j.isMultiple(of: 2) ? "Boys" : "Girls", disadvantaged: disadvantaged, ethnicity: "White")
                f.result(upn, .ks2Reading, school: place, score: expected ? 105 : 95)
                f.result(upn, .ks2Writing, school: place, ta: expected ? "EXS" : "WTS")
                f.result(upn, .ks2Maths, school: place, score: expected ? 105 : 95)
            }
        }
        return f
    }

    struct Output {
        var directory: URL
        var lowAttaining: [[String: String]]
        var bucking: [[String: String]]
    }

    static func aggregate(_ fixture: AggregateStageTests.Fixture = fixture(), options: AggregateOptions = .placesApart) throws -> Output {
        let directory = try AggregateStageTests.writeNormalised(fixture)
        let out = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path, options: options)
        return Output(
            directory: directory,
            lowAttaining: try AggregateStageTests.readTable(out.appendingPathComponent("low-attaining-disadvantaged.csv")).rows,
            bucking: try AggregateStageTests.readTable(out.appendingPathComponent("bucking-the-trend.csv")).rows)
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    // MARK: - Quintiles

    static func school(_ urn: String, _ expected: Int, _ pupils: Int) -> SchoolAttainment {
        SchoolAttainment(urn: urn, expected: expected, pupils: pupils)
    }

    @Test func fiveSchoolsGiveOnePerQuintileLowestFirst() {
        // 60%, 20%, 100%, 40%, 80%, given out of order: ranked 20, 40, 60, 80, 100.
        let ranked = SchoolQuintiles.assign([
            Self.school("A", 6, 10), Self.school("B", 2, 10), Self.school("C", 10, 10), Self.school("D", 4, 10), Self.school("E", 8, 10),
        ])
        #expect(ranked.map(\.urn) == ["B", "D", "A", "E", "C"])
        #expect(ranked.map(\.quintile) == [1, 2, 3, 4, 5])
    }

    @Test func sevenSchoolsPutTheRemainderInTheLowestQuintiles() {
        // 7 = 5 x 1 + 2: quintiles 1 and 2 get two schools each, 3-5 one each.
        #expect(SchoolQuintiles.sizes(schools: 7) == [2, 2, 1, 1, 1])
        #expect(SchoolQuintiles.sizes(schools: 3) == [1, 1, 1, 0, 0])
        #expect(SchoolQuintiles.sizes(schools: 12) == [3, 3, 2, 2, 2])
        // Percentages 10, 20, ..., 70 given in reverse.
        let schools = (1...7).reversed().map { Self.school("S\($0)", $0, 10) }
        let ranked = SchoolQuintiles.assign(schools)
        #expect(ranked.map(\.urn) == ["S1", "S2", "S3", "S4", "S5", "S6", "S7"])
        #expect(ranked.map(\.quintile) == [1, 1, 2, 2, 3, 4, 5])
    }

    @Test func tiedPercentagesAreOrderedByURNComparedExactly() {
        // 1/3 and 2/6 are the same percentage, exactly; 33/100 is lower. The tie goes by URN, so "Z1" (URN "101")
        // comes before "Z2" (URN "102") whatever the input order, and here they straddle quintiles 1 and 2.
        let ranked = SchoolQuintiles.assign([Self.school("102", 1, 3), Self.school("101", 2, 6), Self.school("100", 33, 100),
                                             Self.school("103", 9, 10), Self.school("104", 10, 10), Self.school("105", 8, 10)])
        #expect(ranked.map(\.urn) == ["100", "101", "102", "105", "103", "104"])
        #expect(ranked.map(\.quintile) == [1, 1, 2, 3, 4, 5])
    }

    // MARK: - Line suppression

    @Test func oneWithheldCellInALineWithholdsTheNextSmallestNonZero() {
        // Cells: 0 total 20; members 1 (2, primary), 2 (5), 3 (13), 4 (0). Member 1 alone would be 20 - 5 - 13 - 0.
        let lines = LineSuppression(lines: [.init(members: [1, 2, 3, 4], total: 0)])
        #expect(lines.apply(values: [20, 2, 5, 13, 0], withheld: [1]) == [1, 2])
        // Two withheld already: nothing more. A withheld total: nothing to subtract from.
        #expect(lines.apply(values: [20, 2, 5, 13, 0], withheld: [1, 3]) == [1, 3])
        #expect(lines.apply(values: [20, 2, 5, 13, 0], withheld: [0, 1]) == [0, 1])
    }

    @Test func withNoNonZeroPartnerTheTotalIsWithheldAndThatCascades() {
        // Quintile-like: cell 0 the LA total 9 = cells 1 (2) + 2 (7); cell 1 is itself the total of the one school
        // cell 3 (2). School 3 withheld -> its line has no other member -> total 1 withheld -> line (1, 2) -> 2.
        let lines = LineSuppression(lines: [.init(members: [3], total: 1), .init(members: [1, 2], total: 0)])
        #expect(lines.apply(values: [9, 2, 7, 2], withheld: [3]) == [1, 2, 3])
        // Other members all zero: the total goes.
        let zeros = LineSuppression(lines: [.init(members: [1, 2, 3], total: 0)])
        #expect(zeros.apply(values: [2, 2, 0, 0], withheld: [1]) == [0, 1])
    }

    // MARK: - low-attaining-disadvantaged.csv

    @Test func lowAttainingDisadvantagedByQuintileAndSchool() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Ranked by RWM %: S1 30, S2 40, S3 50, S4 60, S5 70, S8 75, S6 80, S7 88. Eight schools: sizes 2, 2, 2, 1, 1.
        // Q1 = S1, S2 (7 + 7 = 14); Q2 = S3, S4 (5 + 2 = 7); Q3 = S5, S8 (6 + 4 = 10); Q4 = S6 (4); Q5 = S7 (3).
        // Total 38. Shares of 38: 14 -> 36.842105%, 7 -> 18.421053%, 10 -> 26.315789%, 4 -> 10.526316%, 3 -> 7.894737%.
        // So 17 of the 38 (Q3-Q5) are in the upper three fifths of schools.
        let la = output.lowAttaining.filter { $0["geographic_level"] == "Local authority" }
        #expect(la.map { $0["school_attainment_quintile"]! } == [
            "Quintile 1 (lowest attaining schools)", "Quintile 2", "Quintile 3", "Quintile 4",
            "Quintile 5 (highest attaining schools)", "Total",
        ])
        #expect(la.map { $0["school_count"]! } == ["2", "2", "2", "1", "1", "8"])
        #expect(la.map { $0["low_attaining_disadvantaged_count"]! } == ["14", "7", "10", "4", "3", "38"])
        let shares = la.map { Self.number($0["low_attaining_disadvantaged_share"]) }
        for (share, expected) in zip(shares, [36.842105, 18.421053, 26.315789, 10.526316, 7.894737, 100]) {
            #expect(abs(share - expected) < 0.000001)
        }
        #expect(la.allSatisfy { $0["expected_standard_percent"] == "z" && $0["subject"] == "Reading, writing and maths" })

        // Schools, lowest attaining first. Primary: S4 (2 low attainers) and S8 (4 disadvantaged pupils: the
        // whole group is withheld in attainment.csv). Secondary: in Q2 only S4 is withheld and Q2's 7 is shown,
        // so S3 (5) goes too; in Q3 only S8, so S5 (6). Q1, Q4, Q5 have nothing withheld.
        let schools = output.lowAttaining.filter { $0["geographic_level"] == "School" }
        #expect(schools.map { $0["school_urn"]! } == ["200001", "200002", "200003", "200004", "200005", "200008", "200006", "200007"])
        #expect(schools.map { $0["school_attainment_quintile"]!.prefix(10) } == [
            "Quintile 1", "Quintile 1", "Quintile 2", "Quintile 2", "Quintile 3", "Quintile 3", "Quintile 4", "Quintile 5",
        ])
        #expect(schools.map { $0["low_attaining_disadvantaged_count"]! } == ["7", "7", "c", "c", "c", "c", "4", "3"])
        #expect(schools.map { $0["low_attaining_disadvantaged_share"] == "c" } == [false, false, true, true, true, true, false, false])
        #expect(abs(Self.number(schools[0]["low_attaining_disadvantaged_share"]) - 18.421053) < 0.000001)
        #expect(schools.map { $0["expected_standard_percent"]! } == ["30", "40", "50", "60", "70", "75", "80", "88"])
        #expect(schools.allSatisfy { $0["school_count"] == "z" })
    }

    @Test func aWithheldNumeratorInAttainmentWithholdsTheSchoolsCount() throws {
        // S1 with 2 (not 3) disadvantaged pupils reaching the standard: attainment.csv withholds that 2, and the
        // low-attaining count 8 = 10 - 2 would give it away, so it is withheld; S2 (7) is the only other school
        // in Q1, so it goes too. Q1 = 15, total 39.
        var fixture = Self.fixture()
        let index = try #require(fixture.results.firstIndex { $0.upn == "U2000012" && $0.measure == .ks2Reading })
        fixture.results[index].scaledScore = 95
        fixture.results[index].meetsExpected = false
        let output = try Self.aggregate(fixture)
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let s1 = try #require(output.lowAttaining.first { $0["school_urn"] == "200001" })
        let s2 = try #require(output.lowAttaining.first { $0["school_urn"] == "200002" })
        #expect(s1["low_attaining_disadvantaged_count"] == "c" && s2["low_attaining_disadvantaged_count"] == "c")
        let total = try #require(output.lowAttaining.first { $0["school_attainment_quintile"] == "Total" })
        #expect(total["low_attaining_disadvantaged_count"] == "39")
    }

    @Test func theLowAttainmentSubjectIsConfigurable() throws {
        #expect(LowAttainmentDefinition(subjectName: "Reading")?.subject == .reading)
        #expect(LowAttainmentDefinition(subjectName: "rwm")?.subject == .readingWritingMaths)
        #expect(LowAttainmentDefinition(subjectName: "science") == nil)
        var options = AggregateOptions.placesApart
        options.lowAttainment = LowAttainmentDefinition(subject: .maths)
        let output = try Self.aggregate(options: options)
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Every pupil's maths matches their RWM here, so the counts are the same; the subject filter says maths.
        #expect(output.lowAttaining.allSatisfy { $0["subject"] == "Maths" })
        #expect(output.lowAttaining.first { $0["school_attainment_quintile"] == "Total" }?["low_attaining_disadvantaged_count"] == "38")
    }

    // MARK: - bucking-the-trend.csv

    @Test func buckingTheTrendShrinksEverySchoolTowardTheLAMean() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let rows = output.bucking.filter { $0["breakdown"] == "Disadvantage" }
        #expect(rows.count == 8 && rows.allSatisfy { $0["group"] == "Disadvantaged" && $0["subject"] == "Reading, writing and maths" })
        // S8 has 4 disadvantaged pupils: its row is withheld, but it is one of the 8 schools in the estimate. Its 16
        // other pupils are withheld too (secondary suppression): the school's Total minus 16 would give back the 4.
        let s8 = try #require(rows.first { $0["school_urn"] == "200008" })
        #expect(s8["group_count"] == "c" && s8["comparison_count"] == "c")
        for column in ["raw_gap", "raw_gap_lower_ci", "raw_gap_upper_ci", "raw_gap_standard_error", "shrinkage_factor",
                       "shrunk_gap", "shrunk_gap_lower_ci", "shrunk_gap_upper_ci", "shrunk_gap_rank"] {
            #expect(s8[column] == "c", "\(column)")
        }
        #expect(rows.allSatisfy { $0["schools_in_estimate"] == "8" })
        let mean = try #require(rows.first?["la_mean_gap"].flatMap(Double.init))
        let tau2 = try #require(rows.first?["between_school_variance"].flatMap(Double.init))
        #expect(rows.allSatisfy { $0["la_mean_gap"] == rows[0]["la_mean_gap"] } && tau2 >= 0)

        // S1: 3 of 10 disadvantaged against 3 of 10 others. Raw gap 0. Wilson 3/10: 0.1077913 to 0.6032219;
        // Newcombe: 0 -/+ sqrt((0.3 - 0.1077913)^2 + (0.6032219 - 0.3)^2) = -/+ 0.3590093 -> -35.90093 to 35.90093
        // points. SE = 71.80186 / (2 x 1.959964) = 18.31714, v = 335.5176.
        let s1 = try #require(rows.first { $0["school_urn"] == "200001" })
        #expect(Self.number(s1["raw_gap"]) == 0)
        #expect(abs(Self.number(s1["raw_gap_lower_ci"]) - -35.90093) < 0.00001)
        #expect(abs(Self.number(s1["raw_gap_upper_ci"]) - 35.90093) < 0.00001)
        #expect(abs(Self.number(s1["raw_gap_standard_error"]) - 18.31714) < 0.00001)
        // Its shrinkage follows the definition from the published tau^2 and LA mean: B = tau^2 / (tau^2 + v).
        let b = tau2 / (tau2 + 335.5176)
        #expect(abs(Self.number(s1["shrinkage_factor"]) - b) < 0.00001)
        #expect(abs(Self.number(s1["shrunk_gap"]) - (mean + b * (0 - mean))) < 0.0001)

        // Published schools: shrunk gaps between the LA mean and the raw gap, ranked 1..7 from the highest.
        let published = rows.filter { $0["raw_gap"] != "c" }
        #expect(published.count == 7)
        for row in published {
            let raw = Self.number(row["raw_gap"]), shrunk = Self.number(row["shrunk_gap"]), factor = Self.number(row["shrinkage_factor"])
            #expect(factor >= 0 && factor < 1)
            #expect(min(raw, mean) - 1e-9 <= shrunk && shrunk <= max(raw, mean) + 1e-9)
            #expect(Self.number(row["shrunk_gap_lower_ci"]) <= shrunk && shrunk <= Self.number(row["shrunk_gap_upper_ci"]))
        }
        let byRank = published.sorted { Self.number($0["shrunk_gap_rank"]) < Self.number($1["shrunk_gap_rank"]) }
        #expect(byRank.map { $0["shrunk_gap_rank"]! } == ["1", "2", "3", "4", "5", "6", "7"])
        #expect(zip(byRank, byRank.dropFirst()).allSatisfy { Self.number($0["shrunk_gap"]) >= Self.number($1["shrunk_gap"]) })
        // Boys against girls too, for every school.
        #expect(output.bucking.filter { $0["breakdown"] == "Sex" && $0["group"] == "Boys" && $0["comparison_group"] == "Girls" }.count == 8)
    }

    // MARK: - Empirical Bayes

    @Test func derSimonianLairdAndShrinkageByHand() throws {
        // Three schools: raw gaps y = -10, 0, 20 with sampling variances v = 25, 16, 100.
        // w = 1/v = 0.04, 0.0625, 0.01; sum w = 0.1125; sum w y = -0.4 + 0 + 0.2 = -0.2; y_w = -0.2 / 0.1125 = -1.777778.
        // Q = 0.04 (-8.222222)^2 + 0.0625 (1.777778)^2 + 0.01 (21.777778)^2 = 2.704198 + 0.197531 + 4.742716 = 7.644444 (= 344/45).
        // sum w^2 = 0.0016 + 0.00390625 + 0.0001 = 0.00560625; sum w - sum w^2 / sum w = 0.1125 - 0.0498333 = 0.0626667 (= 47/750).
        // tau^2 = (7.644444 - 2) / 0.0626667 = 90.070922 (= 190500 / 2115).
        // Random-effects weights 1 / (v + tau^2) = 1/115.070922, 1/106.070922, 1/190.070922 = 0.00869029, 0.00942765, 0.00526119;
        // mean = (-0.0869029 + 0 + 0.1052239) / 0.0233791 = 0.783645.
        let estimate = try #require(EmpiricalBayes.derSimonianLaird([(-10, 25), (0, 16), (20, 100)]))
        #expect(estimate.count == 3)
        #expect(abs(estimate.q - 7.644444) < 0.000001)
        #expect(abs(estimate.tau2 - 90.070922) < 0.000001)
        #expect(abs(estimate.mean - 0.783645) < 0.000001)
        // School 1: B = 90.070922 / 115.070922 = 0.782743; shrunk = 0.783645 + 0.782743 (-10 - 0.783645) = -7.657174;
        // half-width 1.959964 sqrt(0.782743 x 25) = 1.959964 x 4.423637 = 8.670170 -> -16.327344 to 1.012996.
        let first = EmpiricalBayes.shrink(value: -10, variance: 25, toward: estimate.mean, tau2: estimate.tau2)
        #expect(abs(first.factor - 0.782743) < 0.000001)
        #expect(abs(first.value - -7.657174) < 0.000001)
        #expect(abs(first.interval.lower - -16.327344) < 0.000001 && abs(first.interval.upper - 1.012996) < 0.000001)
        // School 3, the noisiest, moves most: B = 90.070922 / 190.070922 = 0.473881; shrunk = 0.783645 +
        // 0.473881 x 19.216355 = 9.889903, from a raw 20.
        let third = EmpiricalBayes.shrink(value: 20, variance: 100, toward: estimate.mean, tau2: estimate.tau2)
        #expect(abs(third.factor - 0.473881) < 0.000001 && abs(third.value - 9.889903) < 0.000001)
    }

    @Test func noBetweenSchoolSpreadShrinksEverySchoolToTheMean() throws {
        // y = 1, 2, 3 with v = 4 each: w = 0.25, y_w = 2, Q = 0.25 (1 + 0 + 1) = 0.5 < k - 1 = 2, so tau^2 = 0,
        // the mean is 2 and B = 0: every school is 2 with a zero-width interval.
        let estimate = try #require(EmpiricalBayes.derSimonianLaird([(1, 4), (2, 4), (3, 4)]))
        #expect(estimate.tau2 == 0 && abs(estimate.mean - 2) < 1e-12)
        let shrunk = EmpiricalBayes.shrink(value: 3, variance: 4, toward: estimate.mean, tau2: estimate.tau2)
        #expect(shrunk.factor == 0 && abs(shrunk.value - 2) < 1e-12 && shrunk.interval.lower == shrunk.interval.upper)
        // One school, or a school with no sampling variance: no estimate.
        #expect(EmpiricalBayes.derSimonianLaird([(1, 4)]) == nil)
        #expect(EmpiricalBayes.derSimonianLaird([(1, 4), (2, 0)]) == nil)
        // A 95% interval of width 20 is a standard error of 10 / 1.959964 = 5.102135, variance 26.031777.
        #expect(abs(EmpiricalBayes.variance(from: Interval(lower: -10, upper: 10)) - 26.031777) < 0.000001)
    }
}
