import Foundation
import Testing
@testable import GapsCore

/// National "other pupils" taken apart from the Total (`NationalFigure.otherPupils`, docs/national-input.md) and the
/// optional `ethnicity_minor` column of the national file. Every expected value is worked by hand in the comments.
@Suite struct NationalOtherPupilsTests {
    typealias Cohort = NationalKS1KS4Tests.Cohort
    static let primary = NationalKS1KS4Tests.primary
    static let header = "key_stage,time_period,time_identifier,geographic_level,country_code,country_name,subject,sex,disadvantage_status,ethnicity_major,ethnicity_minor,pupil_count,expected_standard_count,expected_standard_percent,higher_standard_count,higher_standard_percent,average_score,average_score_sd"
    static let prefix = "KS2,202324,Academic year,National,E92000001,England"

    /// KS2 2023/24:
    /// - Reading, Total: 600000 pupils, 438000 expected, 168000 higher, average 105.0, SD 6.5;
    /// - Reading, Asian / Asian British: 60000 pupils, 42000 expected, 15000 higher, average 103.2, SD 7.0;
    /// - Maths, Total: 100 pupils, 58 expected, 20 higher, average 104.0, SD `x`;
    /// - Maths, Pakistani (minor group, under Asian / Asian British): 20 pupils, 10 expected, higher `c`, average
    ///   103.0, SD 6.0. No Reading row for Pakistani pupils.
    static let lines = [
        header,
        "\(prefix),Reading,Total,Total,Total,Total,600000,438000,73,168000,28,105.0,6.5",
        "\(prefix),Reading,Total,Total,Asian / Asian British,Total,60000,42000,70,15000,25,103.2,7.0",
        "\(prefix),Maths,Total,Total,Total,Total,100,58,58,20,20,104.0,x",
        "\(prefix),Maths,Total,Total,Asian / Asian British,Pakistani,20,10,50,c,c,103.0,6.0",
    ]

    static func national(_ lines: [String] = lines) throws -> NationalFigures {
        let url = try NationalKS1KS4Tests.write(lines)
        defer { try? FileManager.default.removeItem(at: url) }
        return try NationalFigures.read(from: url)
    }

    static func row(_ rows: [BreakdownGapRow], _ measure: String, _ indicator: BreakdownIndicator, _ group: String) -> BreakdownGapRow? {
        let found = rows.filter {
            $0.place == .school(urn: primary.urn) && $0.measure.keyStage == .ks2 && $0.measure.name == measure
                && $0.indicator == indicator && $0.group.label == group && $0.comparator == "National other pupils"
        }
        #expect(found.count == 1, "one national row for \(measure) \(group), found \(found.count)")
        return found.first
    }

    static func number(_ text: String) -> Double { Double(text) ?? .nan }

    // MARK: - The derivation

    /// Total N_T = 600000, m_T = 105.0, s_T = 6.5; group N_g = 60000, m_g = 103.2, s_g = 7.0.
    /// - N_o = 600000 - 60000 = 540000.
    /// - m_o = (600000 x 105.0 - 60000 x 103.2) / 540000 = (63000000 - 6192000) / 540000 = 56808000 / 540000 = 105.2.
    /// - Sums of squares S = (N - 1) s^2 + N m^2: S_T = 599999 x 42.25 + 600000 x 11025 = 25349957.75 + 6615000000
    ///   = 6640349957.75; S_g = 59999 x 49 + 60000 x 10650.24 = 2939951 + 639014400 = 641954351;
    ///   S_o = 6640349957.75 - 641954351 = 5998395606.75; N_o m_o^2 = 540000 x 11067.04 = 5976201600;
    ///   (N_o - 1) s_o^2 = 5998395606.75 - 5976201600 = 22194006.75 (the deviation form agrees: 25349957.75 -
    ///   2939951 - 60000 x 1.8^2 - 540000 x 0.2^2 = 25349957.75 - 2939951 - 194400 - 21600 = 22194006.75);
    ///   s_o^2 = 22194006.75 / 539999 = 41.1000886, s_o = 6.4109351.
    /// - Expected standard: 438000 - 42000 = 396000 of 540000 = 73.333333%; higher 168000 - 15000 = 153000.
    @Test func totalMinusGroupByHand() throws {
        let total = NationalFigure(pupilCount: 600000, expectedStandardCount: 438000, expectedStandardPercent: 73,
                                   higherStandardCount: 168000, higherStandardPercent: 28, averageScore: 105.0, averageScoreSD: 6.5)
        let group = NationalFigure(pupilCount: 60000, expectedStandardCount: 42000, expectedStandardPercent: 70,
                                   higherStandardCount: 15000, higherStandardPercent: 25, averageScore: 103.2, averageScoreSD: 7.0)
        let others = try #require(NationalFigure.otherPupils(total: total, minus: group))
        #expect(others.pupilCount == 540000 && others.expectedStandardCount == 396000 && others.higherStandardCount == 153000)
        #expect(others.expectedStandardPercent == nil && others.higherStandardPercent == nil)
        #expect(abs(try #require(others.proportion(for: .expectedStandard)) - 0.73333333) < 1e-8)
        #expect(abs(try #require(others.averageScore) - 105.2) < 1e-9)
        #expect(abs(try #require(others.averageScoreSD) - 6.4109351) < 1e-6)
    }

    /// A figure that is a symbol (nil) leaves what needs it out, and only that:
    /// - no group average: no average, no SD (the counts are still taken apart);
    /// - no group SD: the average (105.2, as above) but no SD;
    /// - no group count reaching the standard: the pupils (540000) but no count or percentage;
    /// - no group pupil count, or a group as large as the Total: nothing at all;
    /// - counts that cannot both be right (Total 100 pupils, 90 reaching; group 50, 10 reaching: 80 of the other 50
    ///   reaching): no count, rather than a proportion above 1.
    @Test func aSymbolInANeededFigureLeavesThatFigureOut() throws {
        let total = NationalFigure(pupilCount: 600000, expectedStandardCount: 438000, averageScore: 105.0, averageScoreSD: 6.5)
        var group = NationalFigure(pupilCount: 60000, expectedStandardCount: 42000, averageScore: 103.2, averageScoreSD: 7.0)
        group.averageScore = nil
        let noAverage = try #require(NationalFigure.otherPupils(total: total, minus: group))
        #expect(noAverage.averageScore == nil && noAverage.averageScoreSD == nil && noAverage.expectedStandardCount == 396000)
        group.averageScore = 103.2
        group.averageScoreSD = nil
        let noSD = try #require(NationalFigure.otherPupils(total: total, minus: group))
        #expect(abs(try #require(noSD.averageScore) - 105.2) < 1e-9 && noSD.averageScoreSD == nil)
        group.expectedStandardCount = nil
        let noCount = try #require(NationalFigure.otherPupils(total: total, minus: group))
        #expect(noCount.pupilCount == 540000 && noCount.expectedStandardCount == nil && noCount.proportion(for: .expectedStandard) == nil)
        group.pupilCount = nil
        #expect(NationalFigure.otherPupils(total: total, minus: group) == nil)
        group.pupilCount = 600000
        #expect(NationalFigure.otherPupils(total: total, minus: group) == nil)
        let inconsistent = NationalFigure.otherPupils(total: NationalFigure(pupilCount: 100, expectedStandardCount: 90),
                                                      minus: NationalFigure(pupilCount: 50, expectedStandardCount: 10))
        #expect(inconsistent?.pupilCount == 50 && inconsistent?.expectedStandardCount == nil)
    }

    // MARK: - In gaps-by-characteristic.csv

    /// Six Asian / Asian British pupils at Alpha Primary, KS2 reading 2023/24, scaled scores 96, 99, 102, 105, 108,
    /// 111: mean 621 / 6 = 103.5; deviations -7.5, -4.5, -1.5, 1.5, 4.5, 7.5, sum of squares 2 x (56.25 + 20.25 +
    /// 2.25) = 157.5, variance 157.5 / 5 = 31.5. Four of six (102 and above) reach the expected standard.
    /// National other pupils (derived above): n = 540000, mean 105.2, variance 41.1000886.
    /// - Welch: SE^2 = 31.5 / 6 + 41.1000886 / 540000 = 5.25 + 0.0000761 = 5.2500761, SE = 2.2913045;
    ///   df = 5.2500761^2 / (5.25^2 / 5 + 0.0000761^2 / 539999) = 27.563299 / 5.5125 = 5.000145;
    ///   t(0.975, 5) = 2.570582 and dt/ddf near 5 is about (t(6) - t(4)) / 2 = (2.446912 - 2.776445) / 2 = -0.164767,
    ///   so t(0.975, 5.000145) = 2.570582 - 0.000145 x 0.164767 = 2.570558; half-width 2.570558 x 2.2913045 = 5.889932.
    ///   Gap 103.5 - 105.2 = -1.7, interval -7.589932 to 4.189932: not significant.
    /// - Hedges' g: pooled variance (5 x 31.5 + 539999 x 41.1000886) / 540004 = (157.5 + 22194006.75) / 540004
    ///   = 41.0999997, SD 6.4109282; d = -1.7 / 6.4109282 = -0.2651722; J = 1 - 3 / (4 x 540006 - 9) = 0.99999861;
    ///   g = -0.2651718.
    /// - Expected standard: 4/6 against 396000 / 540000 = 73.333333%, gap 66.666667 - 73.333333 = -6.666667.
    @Test func anAverageIsComparedWithDerivedOtherPupilsByWelchAndHedgesG() throws {
        var cohort = Cohort()
        for (i, score) in [96.0, 99, 102, 105, 108, 111].enumerated() {
            cohort.pupil("A\(i)", disadvantaged: false)
            cohort.pupils[i].ethnicityMajor = "Asian / Asian British"
            cohort.pupils[i].ethnicityMinor = "Indian"
            cohort.result("A\(i)", .ks2Reading, school: Self.primary, scaled: score, expected: score >= 100, higher: score >= 110)
        }
        let rows = try cohort.gapRows(national: try Self.national())
        let average = try #require(Self.row(rows, "Reading", .averageScore, "Asian / Asian British"))
        #expect(average.comparisonGroup == "Other pupils" && average.comparisonCount == "540000")
        #expect(abs(Self.number(average.comparisonValue) - 105.2) < 1e-9 && average.groupValue == "103.5")
        #expect(abs(Self.number(average.gap) - -1.7) < 1e-9)
        #expect(abs(Self.number(average.gapLowerCI) - -7.589932) < 1e-5)
        #expect(abs(Self.number(average.gapUpperCI) - 4.189932) < 1e-5)
        #expect(average.significant == "No" && average.ciMethod == NationalIntervalMethod.welch)
        #expect(abs(Self.number(average.effectSize) - -0.2651718) < 1e-6)

        let expected = try #require(Self.row(rows, "Reading", .expectedStandard, "Asian / Asian British"))
        #expect(expected.comparisonCount == "540000" && abs(Self.number(expected.comparisonValue) - 73.333333) < 1e-5)
        #expect(abs(Self.number(expected.gap) - -6.666667) < 1e-5 && expected.ciMethod == NationalIntervalMethod.newcombe)
        // The file has ethnicity_minor, so the Indian minor group gets a national row too; there is no Indian row: x.
        let indian = try #require(Self.row(rows, "Reading", .averageScore, "Indian"))
        #expect(indian.comparisonValue == "x" && indian.comparisonCount == "x" && indian.gap == "x")
    }

    /// Seventy Pakistani pupils (minor group) at Alpha Primary, KS2 maths 2023/24: 56 reach the expected standard
    /// (scaled score 105), 14 do not (95). National other pupils: Total minus Pakistani = 100 - 20 = 80 pupils,
    /// 58 - 10 = 48 reaching: the textbook case of Newcombe (1998), 56/70 against 48/80.
    /// - Wilson 95% (z = 1.959964, z^2 = 3.841459) of 56/70: centre (112 + 3.841459) / (2 x 73.841459) = 0.7843931,
    ///   half-width z sqrt(3.841459 + 4 x 56 x 14 / 70) / 147.682918 = 1.959964 x sqrt(48.641459) / 147.682918 =
    ///   0.0925595: limits 0.6918336 to 0.8769526. Of 48/80: centre 99.841459 / 167.682918 = 0.5954182, half-width
    ///   1.959964 x sqrt(3.841459 + 76.8) / 167.682918 = 0.1049635: limits 0.4904547 to 0.7003817.
    /// - Newcombe: gap 0.8 - 0.6 = 0.2000; lower 0.2 - sqrt((0.8 - 0.6918336)^2 + (0.7003817 - 0.6)^2) = 0.2 -
    ///   sqrt(0.0116999 + 0.0100765) = 0.0524315; upper 0.2 + sqrt((0.8769526 - 0.8)^2 + (0.6 - 0.4904547)^2) = 0.2
    ///   + sqrt(0.0059217 + 0.0119999) = 0.3338727 (Newcombe's 0.0524 to 0.3339): 20 points, 5.24 to 33.39.
    /// - Average: local 56 x 105 + 14 x 95 = 7210, mean 103.0; national others (100 x 104.0 - 20 x 103.0) / 80 =
    ///   8340 / 80 = 104.25. The Total's SD is `x`, so no SD for the others: one-sample t. Deviations +2 (56) and
    ///   -8 (14): sum of squares 224 + 896 = 1120, variance 1120 / 69 = 16.231884, SE sqrt(16.231884 / 70) =
    ///   0.4815434; t(0.975, 69) = 1.994945 (tables); half-width 0.960653. Gap -1.25, interval -2.210653 to -0.289347.
    /// - Higher standard: the Pakistani count is `c`, so the others' count reaching it is not available: `x`.
    @Test func aMinorEthnicGroupIsComparedWithNationalOtherPupils() throws {
        var cohort = Cohort()
        for i in 0..<70 {
            cohort.pupil("P\(i)", disadvantaged: false)
            cohort.pupils[i].ethnicityMajor = "Asian / Asian British"
            cohort.pupils[i].ethnicityMinor = "Pakistani"
            let score: Double = i < 56 ? 105 : 95
            cohort.result("P\(i)", .ks2Maths, school: Self.primary, scaled: score, expected: score >= 100)
            cohort.result("P\(i)", .ks2Reading, school: Self.primary, scaled: score, expected: score >= 100)
        }
        let rows = try cohort.gapRows(national: try Self.national())
        let row = try #require(Self.row(rows, "Maths", .expectedStandard, "Pakistani"))
        #expect(row.group.topic == "Ethnicity minor" && row.comparisonGroup == "Other pupils")
        #expect(row.groupCount == "70" && row.groupValue == "80" && row.comparisonCount == "80" && row.comparisonValue == "60")
        #expect(abs(Self.number(row.gap) - 20) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) - 5.24315) < 1e-4 && abs(Self.number(row.gapUpperCI) - 33.38727) < 1e-4)
        #expect(row.significant == "Yes" && row.ciMethod == NationalIntervalMethod.newcombe)

        let average = try #require(Self.row(rows, "Maths", .averageScore, "Pakistani"))
        #expect(abs(Self.number(average.comparisonValue) - 104.25) < 1e-9 && average.ciMethod == NationalIntervalMethod.oneSampleT)
        #expect(abs(Self.number(average.gap) - -1.25) < 1e-9)
        #expect(abs(Self.number(average.gapLowerCI) - -2.210653) < 1e-5 && abs(Self.number(average.gapUpperCI) - -0.289347) < 1e-5)
        #expect(average.effectSize == "x")

        let higher = try #require(Self.row(rows, "Maths", .higherStandard, "Pakistani"))
        #expect(higher.comparisonCount == "80" && higher.comparisonValue == "x" && higher.gap == "x")
        // No Pakistani reading row in the file: nothing to take from the Total.
        let reading = try #require(Self.row(rows, "Reading", .expectedStandard, "Pakistani"))
        #expect(reading.comparisonCount == "x" && reading.comparisonValue == "x" && reading.gap == "x")
    }

    /// National reading: Total 1000 pupils, 750 expected, average 105; Disadvantaged 300, 150, average 100; and a
    /// Not known to be disadvantaged row that does not add up with them (600, 540 = 90%, average 110). The given
    /// row wins. Without it, Total minus Disadvantaged: 700 pupils, 600 expected (85.714286%), average (1000 x 105 -
    /// 300 x 100) / 700 = 75000 / 700 = 107.142857. The same in gaps.csv's "National other pupils" row.
    @Test func aGivenOtherRowWinsOverTheDerivation() throws {
        let total = NationalFigureKey(timePeriod: "202324", subject: .reading)
        let disadvantaged = NationalFigureKey(timePeriod: "202324", subject: .reading, disadvantageStatus: "Disadvantaged")
        let others = NationalFigureKey(timePeriod: "202324", subject: .reading, disadvantageStatus: "Not known to be disadvantaged")
        var figures = [
            total: NationalFigure(pupilCount: 1000, expectedStandardCount: 750, higherStandardCount: 0, averageScore: 105),
            disadvantaged: NationalFigure(pupilCount: 300, expectedStandardCount: 150, higherStandardCount: 0, averageScore: 100),
            others: NationalFigure(pupilCount: 600, expectedStandardCount: 540, higherStandardCount: 0, averageScore: 110),
        ]
        var cohort = Cohort()
        for i in 0..<10 {
            cohort.pupil("D\(i)", disadvantaged: true)
            cohort.result("D\(i)", .ks2Reading, school: Self.primary, scaled: Double(95 + i), expected: 95 + i >= 100)
        }
        let given = try cohort.gapRows(national: NationalFigures(path: "national.csv", figures: figures))
        let row = try #require(Self.row(given, "Reading", .expectedStandard, "Disadvantaged"))
        #expect(row.comparisonGroup == "Not known to be disadvantaged" && row.comparisonCount == "600" && row.comparisonValue == "90")
        #expect(try #require(Self.row(given, "Reading", .averageScore, "Disadvantaged")).comparisonValue == "110")
        let comparison = NationalComparison.all[0]
        #expect(comparison.comparator == "National other pupils")
        #expect(comparison.nationalFigure(in: NationalFigures(path: "national.csv", figures: figures), timePeriod: "202324",
                                          subject: .reading)?.pupilCount == 600)

        figures[others] = nil
        let national = NationalFigures(path: "national.csv", figures: figures)
        let derived = try cohort.gapRows(national: national)
        let derivedRow = try #require(Self.row(derived, "Reading", .expectedStandard, "Disadvantaged"))
        #expect(derivedRow.comparisonGroup == "Not known to be disadvantaged" && derivedRow.comparisonCount == "700")
        #expect(abs(Self.number(derivedRow.comparisonValue) - 85.714286) < 1e-5)
        let derivedAverage = try #require(Self.row(derived, "Reading", .averageScore, "Disadvantaged"))
        #expect(abs(Self.number(derivedAverage.comparisonValue) - 107.142857) < 1e-5)
        let gapsFigure = try #require(comparison.nationalFigure(in: national, timePeriod: "202324", subject: .reading))
        #expect(gapsFigure.pupilCount == 700 && gapsFigure.expectedStandardCount == 600)
        // "National same group" is never derived: the Disadvantaged row itself.
        #expect(NationalComparison.all[1].nationalFigure(in: national, timePeriod: "202324", subject: .reading)?.pupilCount == 300)
    }

    // MARK: - The ethnicity_minor column

    @Test func minorGroupsAreCheckedAgainstTheEthnicityCodes() throws {
        // Read: a minor group under its major group, or with the major group Total (the same group), and the
        // published Unknown (<major group>).
        let national = try Self.national(Self.lines + ["\(Self.prefix),Writing,Total,Total,Total,Unknown (White),500,300,60,50,10,z,z"])
        #expect(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks2, measure: "Maths",
                                                  ethnicityMajor: "Asian / Asian British", ethnicityMinor: "Pakistani"))?.pupilCount == 20)
        #expect(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks2, measure: "Maths",
                                                  ethnicityMinor: "Pakistani"))?.pupilCount == 20)
        #expect(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks2, measure: "Writing",
                                                  ethnicityMajor: "White", ethnicityMinor: "Unknown (White)"))?.pupilCount == 500)
        #expect(national.carried[.ks2]?.contains(.ethnicityMinor) == true)

        // An unknown label: one line naming the file, the line, the column and the value.
        let (message, path) = try NationalKS1KS4Tests.readError(Array(Self.lines.prefix(4))
            + ["\(Self.prefix),Maths,Total,Total,Asian / Asian British,Pakistan,20,10,50,c,c,103.0,6.0"])
        #expect(message.hasPrefix("\(path):5: ") && message.contains("column 'ethnicity_minor'") && message.contains("found 'Pakistan'")
                    && message.contains("codes/ethnicity.csv"), "\(message)")
        // A minor group under another major group.
        let (wrongMajor, _) = try NationalKS1KS4Tests.readError([Self.header,
            "\(Self.prefix),Maths,Total,Total,White,Pakistani,20,10,50,c,c,103.0,6.0"])
        #expect(wrongMajor.contains(":2: ") && wrongMajor.contains("column 'ethnicity_major'") && wrongMajor.contains("found 'White'")
                    && wrongMajor.contains("'Asian / Asian British'"), "\(wrongMajor)")
        // The same minor group twice, once with its major group and once with Total.
        let (twice, _) = try NationalKS1KS4Tests.readError(Self.lines
            + ["\(Self.prefix),Maths,Total,Total,Total,Pakistani,20,10,50,c,c,103.0,6.0"])
        #expect(twice.contains(":6: ") && twice.contains("the same year, subject and group as line 5"), "\(twice)")
    }

    @Test func theShippedExampleGivesMinorGroupsWithSDs() throws {
        let folder = EndToEndTests.repository.appendingPathComponent("fixtures/national")
        let national = try NationalFigures.read(from: folder.appendingPathComponent("ks1-ks4-national-example.csv"))
        let british = try #require(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks4, measure: "Attainment 8",
            ethnicityMajor: "White", ethnicityMinor: "English / Welsh / Scottish / Northern Irish / British")))
        #expect(british.averageScore != nil && british.averageScoreSD != nil)
        let total = try #require(national.figure(NationalFigureKey(timePeriod: "202324", keyStage: .ks4, measure: "Attainment 8")))
        let others = try #require(NationalFigure.otherPupils(total: total, minus: british))
        #expect(others.averageScore != nil && others.averageScoreSD != nil)
    }
}
