import Foundation
import Testing
@testable import GapsCore

/// `attainment-by-characteristic.csv` and `gaps-by-characteristic.csv`: KS1, KS2 and KS4 measures for every pupil
/// group. Every expected value is worked out by hand from the definitions (domain.md sections 5, 6 and 8; the
/// statistics' references in `Statistics/`), in the comments beside it, never copied from the program.
@Suite struct AggregateBreakdownTests {
    static let la = "801"
    static let schoolA = "100001"
    static let schoolB = "100002"
    static let secondary = "100003"
    /// No suppression at all: 1..<1 is empty.
    static let noSuppression = Suppression(minimumDenominator: 1, minimumNumerator: 1)

    /// Pupils and results built by hand.
    struct Cohort {
        var pupils: [NormalisedPupil] = []
        var results: [(record: NormalisedResult, location: GapsCore.SourceLocation)] = []

        mutating func pupil(_ upn: String, sex: String = "Boys", disadvantaged: Bool = false, ethnicity: String = "White",
                            minor: String = "English / Welsh / Scottish / Northern Irish / British", fsm: Bool = false,
                            sen: String = "No SEN", language: String = "English") {
            var pupil = NormalisedPupil()
            pupil.upn = upn
            pupil.sex = sex
            pupil.disadvantaged = disadvantaged
            pupil.fsmEver6 = disadvantaged
            pupil.fsmEligible = fsm
            pupil.ethnicityMajor = ethnicity
            pupil.ethnicityMinor = ethnicity.isEmpty ? "" : minor
            pupil.senProvision = sen
            pupil.firstLanguage = language
            pupils.append(pupil)
        }

        /// A result; `scaled` sets the scaled score (KS2 thresholds 100 / 110 unless given), `points` the points.
        mutating func result(_ upn: String, _ measure: AssessmentMeasure, school: String = schoolA, year: String = "202324",
                             scaled: Double? = nil, points: Double? = nil, expected: Bool? = nil, higher: Bool? = nil,
                             inCohort: Bool = true) {
            var result = NormalisedResult()
            result.upn = upn
            result.schoolURN = school
            result.schoolLAEstab = "801" + school.suffix(4)
            result.schoolName = "School \(school)"
            result.la = la
            result.timePeriod = year
            result.measure = measure
            result.kind = scaled != nil ? .scaledScore : points != nil ? .score : .teacherAssessment
            result.scaledScore = scaled
            result.points = points
            result.inCohort = inCohort
            result.meetsExpected = expected ?? (scaled.map { $0 >= 100 } ?? false)
            result.meetsHigher = higher ?? (scaled.map { $0 >= 110 } ?? false)
            results.append((result, GapsCore.SourceLocation(file: "results.csv", line: results.count + 2)))
        }

        /// A KS1 teacher assessment (2016 on): expected EXS or GDS, higher (greater depth) GDS.
        mutating func ks1(_ upn: String, _ measure: AssessmentMeasure, _ ta: String) {
            result(upn, measure, year: "201819", expected: ta == "EXS" || ta == "GDS", higher: ta == "GDS")
        }

        /// A GCSE grade: expected (standard pass) 4 or more, higher (strong pass) 5 or more.
        mutating func grade(_ upn: String, _ measure: AssessmentMeasure, _ points: Double) {
            result(upn, measure, school: secondary, points: points, expected: points >= 4, higher: points >= 5)
        }

        func table(_ suppression: Suppression = Suppression()) throws -> BreakdownTable {
            let labels = try CharacteristicLabels.shipped()
            let cohorts = try BreakdownCohorts.build(pupils: pupils, results: results, labels: labels,
                                                     localAuthorities: try LocalAuthorityLookup.shipped())
            return BreakdownTable(cohorts: cohorts, labels: labels, suppression: suppression)
        }
    }

    static func place(_ urn: String?) -> PublishedPlace { urn.map { .school(urn: $0) } ?? .localAuthority(oldCode: la) }

    static func cell(_ table: BreakdownTable, _ keyStage: KeyStage, _ measure: String, _ topic: String, _ group: String,
                     urn: String? = schoolA, year: String = "202324") -> BreakdownCell? {
        let found = table.cells.filter {
            $0.place == place(urn) && $0.timePeriod == year && $0.measure.keyStage == keyStage && $0.measure.name == measure
                && $0.group.topic == topic && $0.group.label == group
        }
        #expect(found.count == 1, "expected one cell for \(keyStage.rawValue) \(measure) \(topic) \(group), found \(found.count)")
        return found.first
    }

    /// pupil_count, expected count and %, higher count and %, average, p10, p25, p50, p75, p90 as published.
    static func fields(_ table: BreakdownTable, _ keyStage: KeyStage, _ measure: String, _ topic: String, _ group: String,
                       urn: String? = schoolA, year: String = "202324") -> [String] {
        cell(table, keyStage, measure, topic, group, urn: urn, year: year)?
            .indicatorFields(minimumPupilsForPercentiles: table.minimumPupilsForPercentiles) ?? []
    }

    static func gap(_ rows: [BreakdownGapRow], _ measure: String, _ indicator: BreakdownIndicator, _ group: String,
                    comparator: String, urn: String? = schoolA, keyStage: KeyStage = .ks2) -> BreakdownGapRow? {
        let found = rows.filter {
            $0.place == place(urn) && $0.measure.keyStage == keyStage && $0.measure.name == measure && $0.indicator == indicator
                && $0.group.label == group && $0.comparator == comparator
        }
        #expect(found.count == 1, "expected one gap row for \(measure) \(group) \(comparator), found \(found.count)")
        return found.first
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    // MARK: - Gaps in percentages and means

    /// School A, KS2 reading 2023/24: 70 disadvantaged pupils of whom 56 reach the expected standard (score 104,
    /// the rest 94) and 80 others of whom 48 do (108, the rest 98): Newcombe (1998), Statistics in Medicine 17,
    /// 873-890, example (e): 56/70 - 48/80 = 0.8 - 0.6 = 0.2000, method 10 interval 0.0524 to 0.3339. School B: 10
    /// pupils, not disadvantaged, all at 105 (expected).
    static func newcombeCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<150 {
            let upn = String(format: "A%03d", i)
            let disadvantaged = i < 70
            cohort.pupil(upn, sex: i % 2 == 0 ? "Boys" : "Girls", disadvantaged: disadvantaged)
            let score: Double = disadvantaged ? (i < 56 ? 104 : 94) : (i - 70 < 48 ? 108 : 98)
            cohort.result(upn, .ks2Reading, scaled: score)
        }
        for i in 0..<10 {
            cohort.pupil(String(format: "B%03d", i))
            cohort.result(String(format: "B%03d", i), .ks2Reading, school: schoolB, scaled: 105)
        }
        return cohort
    }

    @Test func percentageGapWithinSchoolIsNewcombesTextbookCase() throws {
        let table = try Self.newcombeCohort().table()
        let rows = BreakdownGapTable.rows(from: table)
        let row = try #require(Self.gap(rows, "Reading", .expectedStandard, "Disadvantaged", comparator: "Within school"))
        #expect(row.group.topic == "Disadvantage status" && row.comparisonGroup == "Other pupils")
        #expect([row.groupCount, row.comparisonCount] == ["70", "80"])
        #expect(abs(Self.number(row.groupValue) - 80) < 1e-9 && abs(Self.number(row.comparisonValue) - 60) < 1e-9)
        #expect(abs(Self.number(row.gap) - 20) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) - 5.24) < 0.005)
        #expect(abs(Self.number(row.gapUpperCI) - 33.39) < 0.005)
        #expect(row.significant == "Yes" && row.effectSize == "z" && row.ciMethod == "Newcombe hybrid score (95%)")

        // The complement's view: 48/80 - 56/70 = -0.2, and Newcombe's interval is antisymmetric: -33.39 to -5.24.
        let mirror = try #require(Self.gap(rows, "Reading", .expectedStandard, "Not known to be disadvantaged", comparator: "Within school"))
        #expect(abs(Self.number(mirror.gap) + 20) < 1e-9)
        #expect(abs(Self.number(mirror.gapLowerCI) + 33.39) < 0.005 && abs(Self.number(mirror.gapUpperCI) + 5.24) < 0.005)

        // Against the LA's other pupils: school A's 56/70 against the LA's 80 + 10 others, 48 + 10 = 58 reaching:
        // 80 - 100 x 58/90 = 80 - 64.444... = 15.555... points.
        let la = try #require(Self.gap(rows, "Reading", .expectedStandard, "Disadvantaged", comparator: "Local authority other pupils"))
        #expect([la.groupCount, la.comparisonCount] == ["70", "90"])
        #expect(abs(Self.number(la.comparisonValue) - 5800.0 / 90) < 1e-9)
        #expect(abs(Self.number(la.gap) - (80 - 5800.0 / 90)) < 1e-9)
        // The LA's own rows compare within the LA: 56/70 against 58/90 again.
        let laRow = try #require(Self.gap(rows, "Reading", .expectedStandard, "Disadvantaged", comparator: "Within local authority", urn: nil))
        #expect(abs(Self.number(laRow.gap) - Self.number(la.gap)) < 1e-9)
        // The Total has no gap, and school rows have no "Within local authority" comparator.
        #expect(!rows.contains { $0.group.isTotal })
        #expect(!rows.contains { $0.place == Self.place(Self.schoolA) && $0.comparator == "Within local authority" })
    }

    /// KS4, secondary school, Attainment 8: six girls 40, 50, 60, 40, 50, 60 (mean 50; deviations -10, 0, 10, -10,
    /// 0, 10; sum of squares 400; variance 400/5 = 80) and six boys 30, 40, 50, 30, 40, 50 (mean 40, variance 80).
    /// Welch: SE^2 = 80/6 + 80/6 = 26.667, SE = 5.16398; df = 26.667^2 / (2 (80/6)^2 / 5) = 711.11 / 71.111 = 10;
    /// t(0.975, 10) = 2.228139; half-width 2.228139 x 5.16398 = 11.5061: gap 10, interval -1.5061 to 21.5061, not
    /// significant. Hedges' g: pooled variance (5 x 80 + 5 x 80) / 10 = 80, d = 10 / 8.94427 = 1.118034, J = 1 -
    /// 3 / (4 x 12 - 9) = 0.923077, g = 1.032031.
    @Test func meanGapIsWelchWithHedgesG() throws {
        var cohort = Cohort()
        for (i, score) in [40.0, 50, 60, 40, 50, 60, 30, 40, 50, 30, 40, 50].enumerated() {
            let upn = String(format: "K%03d", i)
            cohort.pupil(upn, sex: i < 6 ? "Girls" : "Boys")
            cohort.result(upn, .ks4Attainment8, school: Self.secondary, points: score)
        }
        let rows = BreakdownGapTable.rows(from: try cohort.table())
        let row = try #require(Self.gap(rows, "Attainment 8", .averageScore, "Girls", comparator: "Within school",
                                        urn: Self.secondary, keyStage: .ks4))
        #expect([row.groupCount, row.groupValue, row.comparisonCount, row.comparisonValue] == ["6", "50", "6", "40"])
        #expect(abs(Self.number(row.gap) - 10) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) + 1.5061) < 1e-3 && abs(Self.number(row.gapUpperCI) - 21.5061) < 1e-3)
        #expect(row.significant == "No" && row.ciMethod == "Welch t (95%)")
        #expect(abs(Self.number(row.effectSize) - 1.032031) < 1e-5)
        // Attainment 8 has no thresholds: no expected or higher standard gap rows.
        #expect(!rows.contains { $0.measure.name == "Attainment 8" && $0.indicator != .averageScore })
    }

    /// Against national figures (KS2): school A's disadvantaged pupils (56/70 = 80%) against national Not known to
    /// be disadvantaged pupils (750 of 1000, 75%): gap 5 points, with Newcombe's interval since the file gives the
    /// counts. Wilson for 56/70, z = 1.959964, z^2 = 3.841459: centre (112 + 3.841459) / (2 x 73.841459) =
    /// 0.784393; half-width z sqrt(z^2 + 4 x 56 x 14 / 70) / (2 x 73.841459) = 1.959964 x 6.974343 / 147.682918 =
    /// 0.092560; limits 0.691833 to 0.876953. Wilson for 750/1000: centre 1503.841459 / 2007.682918 = 0.749043;
    /// half-width 1.959964 x sqrt(3.841459 + 750) / 2007.682918 = 1.959964 x 27.456173 / 2007.682918 = 0.026804;
    /// limits 0.722240 to 0.775847. Newcombe: lower 0.05 - sqrt((0.8 - 0.691833)^2 + (0.775847 - 0.75)^2) =
    /// 0.05 - sqrt(0.011700 + 0.000668) = -0.061212; upper 0.05 + sqrt((0.876953 - 0.8)^2 + (0.75 - 0.722240)^2) =
    /// 0.05 + sqrt(0.005922 + 0.000771) = 0.131807: -6.1212 to 13.1807 points.
    /// A national file with the percentage only (75, no counts) takes the national figure as fixed: the local
    /// Wilson interval shifted by 0.75, 100 (0.691833 - 0.75) = -5.8167 to 100 (0.876953 - 0.75) = 12.6953.
    /// An ethnic group is compared with national Total minus the group: White (the whole school, 150 pupils,
    /// 104 reaching) against (1000 - 600 = 400 pupils, 750 - 500 = 250 reaching, 62.5%).
    @Test func nationalOtherPupilsUseTheSiblingGroupOrTotalMinusTheGroup() throws {
        func figure(_ pupils: Int, _ expected: Int) -> NationalFigure {
            NationalFigure(pupilCount: pupils, expectedStandardCount: expected, higherStandardCount: 0, averageScore: 103)
        }
        let national = NationalFigures(path: "national.csv", figures: [
            NationalFigureKey(timePeriod: "202324", subject: .reading, disadvantageStatus: "Not known to be disadvantaged"): figure(1000, 750),
            NationalFigureKey(timePeriod: "202324", subject: .reading): figure(1000, 750),
            NationalFigureKey(timePeriod: "202324", subject: .reading, ethnicityMajor: "White"): figure(600, 500),
        ])
        let table = try Self.newcombeCohort().table()
        let rows = BreakdownGapTable.rows(from: table, national: national)
        let row = try #require(Self.gap(rows, "Reading", .expectedStandard, "Disadvantaged", comparator: "National other pupils"))
        #expect(row.comparisonGroup == "Not known to be disadvantaged" && row.comparisonCount == "1000")
        #expect(abs(Self.number(row.comparisonValue) - 75) < 1e-9 && abs(Self.number(row.gap) - 5) < 1e-9)
        #expect(abs(Self.number(row.gapLowerCI) + 6.1212) < 1e-3 && abs(Self.number(row.gapUpperCI) - 13.1807) < 1e-3)
        #expect(row.ciMethod == NationalIntervalMethod.newcombe && row.significant == "No")

        let percentOnly = NationalFigures(path: "national.csv", figures: [
            NationalFigureKey(timePeriod: "202324", subject: .reading, disadvantageStatus: "Not known to be disadvantaged"):
                NationalFigure(pupilCount: 1000, expectedStandardPercent: 75, averageScore: 103),
        ])
        let fixed = try #require(Self.gap(BreakdownGapTable.rows(from: table, national: percentOnly), "Reading", .expectedStandard,
                                          "Disadvantaged", comparator: "National other pupils"))
        #expect(abs(Self.number(fixed.gap) - 5) < 1e-9)
        #expect(abs(Self.number(fixed.gapLowerCI) + 5.8167) < 1e-3 && abs(Self.number(fixed.gapUpperCI) - 12.6953) < 1e-3)
        #expect(fixed.ciMethod == NationalIntervalMethod.wilsonShifted)

        // Boys, Disadvantaged against national Boys, Not known to be disadvantaged: not in the file, so `x`.
        let intersection = try #require(Self.gap(rows, "Reading", .expectedStandard, "Boys, Disadvantaged", comparator: "National other pupils"))
        #expect(intersection.comparisonGroup == "Boys, Not known to be disadvantaged")
        #expect([intersection.comparisonValue, intersection.gap] == ["x", "x"])

        let white = try #require(Self.gap(rows, "Reading", .expectedStandard, "White", comparator: "National other pupils"))
        #expect(white.comparisonGroup == "Other pupils" && white.comparisonCount == "400")
        #expect(abs(Self.number(white.comparisonValue) - 62.5) < 1e-9)
        #expect(abs(Self.number(white.gap) - (100 * 104.0 / 150 - 62.5)) < 1e-9)
        // Total minus a group gives an average too: (1000 x 103 - 600 x 103) / 400 = 103; no SDs, so one-sample t.
        let whiteAverage = try #require(Self.gap(rows, "Reading", .averageScore, "White", comparator: "National other pupils"))
        #expect(whiteAverage.comparisonCount == "400" && whiteAverage.comparisonValue == "103")
        #expect(whiteAverage.ciMethod == NationalIntervalMethod.oneSampleT)
        // Groups the national file cannot hold (FSM, SEN, minor ethnic groups, language) and KS1/KS4 get no national row.
        #expect(!rows.contains { $0.comparator == "National other pupils" && ["FSM status", "SEN provision", "Ethnicity minor", "First language"].contains($0.group.topic) })
    }

    // MARK: - Distributions

    /// Percentiles are Hyndman and Fan's type 7: h = (n - 1)p, Q = x[floor h] + (h - floor h)(x[floor h + 1] -
    /// x[floor h]), 0-based. Eleven boys with Progress 8 scores 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31 / 10 (so
    /// 0.2 ... 3.1): p10 h = 1 -> 0.3; p25 h = 2.5 -> 0.5 + 0.5 x 0.2 = 0.6; p50 h = 5 -> 1.3; p75 h = 7.5 -> 1.9 +
    /// 0.5 x 0.4 = 2.1; p90 h = 9 -> 2.9; mean 16.0 / 11 = 1.454545. Nine girls with a score: fewer than 10, so
    /// their percentiles are `c` while their mean is shown.
    @Test func percentilesFollowTypeSevenAndNeedTenPupils() throws {
        var cohort = Cohort()
        for (i, score) in [2.0, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31].enumerated() {
            cohort.pupil("B\(i)", sex: "Boys")
            cohort.result("B\(i)", .ks4Progress8, school: Self.secondary, points: score / 10)
        }
        for i in 0..<9 {
            cohort.pupil("G\(i)", sex: "Girls")
            cohort.result("G\(i)", .ks4Progress8, school: Self.secondary, points: 1)
        }
        let table = try cohort.table()
        let boys = Self.fields(table, .ks4, "Progress 8", "Sex", "Boys", urn: Self.secondary)
        #expect(boys.count == 11)
        #expect(Array(boys.prefix(5)) == ["11", "z", "z", "z", "z"])
        let expected = [16.0 / 11, 0.3, 0.6, 1.3, 2.1, 2.9]
        for (text, value) in zip(boys.dropFirst(5), expected) { #expect(abs(Self.number(text) - value) < 1e-9, "\(boys)") }
        let girls = Self.fields(table, .ks4, "Progress 8", "Sex", "Girls", urn: Self.secondary)
        #expect(girls == ["9", "z", "z", "z", "z", "1", "c", "c", "c", "c", "c"])
    }

    // MARK: - Measures

    /// KS1 2018/19, six pupils (reading / writing / maths):
    /// p1 EXS EXS GDS; p2 GDS EXS EXS; p3 WTS WTS EXS; p4 EXS WTS EXS; p5 GDS GDS GDS; p6 EXS EXS PKF.
    /// Reading expected 5 (all but p3), greater depth 2 (p2, p5). Writing expected 4 (p1, p2, p5, p6), greater depth
    /// 1 (p5). Maths expected 5 (all but p6), greater depth 2 (p1, p5). RWM expected: all three expected, p1, p2,
    /// p5 = 3; all three at greater depth: p5 = 1. No KS1 test scores: reading average `x`; writing `z`.
    @Test func keyStageOneMeasures() throws {
        var cohort = Cohort()
        let assessments = [["EXS", "EXS", "GDS"], ["GDS", "EXS", "EXS"], ["WTS", "WTS", "EXS"], ["EXS", "WTS", "EXS"],
                           ["GDS", "GDS", "GDS"], ["EXS", "EXS", "PKF"]]
        for (i, tas) in assessments.enumerated() {
            cohort.pupil("P\(i + 1)")
            for (measure, ta) in zip([AssessmentMeasure.ks1Reading, .ks1Writing, .ks1Maths], tas) { cohort.ks1("P\(i + 1)", measure, ta) }
        }
        let table = try cohort.table(Self.noSuppression)
        func check(_ measure: String, _ expected: Int, _ higher: Int, average: String) {
            let f = Self.fields(table, .ks1, measure, "Total", "Total", year: "201819")
            #expect(f.prefix(6) == ["6", "\(expected)", PublishedNumber.text(100 * Double(expected) / 6), "\(higher)",
                                    PublishedNumber.text(100 * Double(higher) / 6), average], "\(measure): \(f)")
        }
        check("Reading", 5, 2, average: "x")
        check("Writing", 4, 1, average: "z")
        check("Maths", 5, 2, average: "x")
        check("Reading, writing and maths", 3, 1, average: "z")
        #expect(!table.cells.contains { $0.measure.keyStage == .ks2 })
    }

    /// KS4, six pupils (English / maths grade points): 3/4, 4/4, 5/5, 6/3, 4/6, 2/5. English 4+: 4 (p2-p5), 5+: 2
    /// (p3, p4), average (3 + 4 + 5 + 6 + 4 + 2) / 6 = 4. Maths 4+: 5 (all but p4), 5+: 3 (p3, p5, p6). English
    /// and maths 4+ (both): p2, p3, p5 = 3; 5+ (both): p3 = 1. Attainment 8 30, 45, 60, 52, 41, 38: mean 266 / 6 =
    /// 44.333; Progress 8 -1.5, 0.5, 1.0, -0.5, 0.0, 2.5: mean 2.0 / 6 = 0.333. A8 and P8 have no thresholds (`z`).
    @Test func keyStageFourMeasures() throws {
        var cohort = Cohort()
        let english: [Double] = [3, 4, 5, 6, 4, 2], maths: [Double] = [4, 4, 5, 3, 6, 5]
        let attainment8: [Double] = [30, 45, 60, 52, 41, 38], progress8 = [-1.5, 0.5, 1.0, -0.5, 0.0, 2.5]
        for i in 0..<6 {
            let upn = "S\(i)"
            cohort.pupil(upn)
            cohort.grade(upn, .ks4EnglishGrade, english[i])
            cohort.grade(upn, .ks4MathsGrade, maths[i])
            cohort.result(upn, .ks4Attainment8, school: Self.secondary, points: attainment8[i])
            cohort.result(upn, .ks4Progress8, school: Self.secondary, points: progress8[i])
        }
        let table = try cohort.table(Self.noSuppression)
        func head(_ measure: String) -> [String] { Array(Self.fields(table, .ks4, measure, "Total", "Total", urn: Self.secondary).prefix(6)) }
        func pct(_ n: Int) -> String { PublishedNumber.text(100 * Double(n) / 6) }
        #expect(head("English") == ["6", "4", pct(4), "2", pct(2), "4"])
        #expect(head("Maths") == ["6", "5", pct(5), "3", pct(3), PublishedNumber.text(27.0 / 6)])
        #expect(head("English and maths") == ["6", "3", pct(3), "1", pct(1), "z"])
        let a8 = head("Attainment 8"), p8 = head("Progress 8")
        #expect(a8.prefix(5) == ["6", "z", "z", "z", "z"] && abs(Self.number(a8[5]) - 266.0 / 6) < 1e-9)
        #expect(p8.prefix(5) == ["6", "z", "z", "z", "z"] && abs(Self.number(p8[5]) - 2.0 / 6) < 1e-9)
    }

    // MARK: - Groups and conservation

    /// 24 pupils at school A, KS2 reading 2023/24, i = 0..23: Boys i < 12, Girls 12..22, sex Unknown i = 23;
    /// disadvantaged when i is even; Asian / Asian British (Indian) when i mod 4 = 3, blank ethnicity for i = 5,
    /// White (English / ...) otherwise; FSM eligible i < 4; SEN support i mod 5 = 0 (0, 5, 10, 15, 20), EHC plan
    /// i = 7, blank i = 8 (Unknown), none otherwise; first language Other than English i mod 6 = 1, Unclassified
    /// i = 2. Score 90 + i: expected i >= 10 (14 pupils), higher i >= 20 (4).
    static func mixedCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<24 {
            let upn = String(format: "M%03d", i)
            let asian = i % 4 == 3
            cohort.pupil(upn, sex: i < 12 ? "Boys" : i < 23 ? "Girls" : "Unknown", disadvantaged: i % 2 == 0,
                         ethnicity: i == 5 ? "" : asian ? "Asian / Asian British" : "White",
                         minor: asian ? "Indian" : "English / Welsh / Scottish / Northern Irish / British", fsm: i < 4,
                         sen: i % 5 == 0 ? "SEN support" : i == 7 ? "EHC plan" : i == 8 ? "" : "No SEN",
                         language: i % 6 == 1 ? "Other than English" : i == 2 ? "Unclassified" : "English")
            cohort.result(upn, .ks2Reading, scaled: 90 + Double(i))
        }
        return cohort
    }

    @Test func intersectionsCountThePupilsOfEveryCharacteristic() throws {
        let table = try Self.mixedCohort().table(Self.noSuppression)
        func pupils(_ topic: String, _ group: String) -> Int? { Self.cell(table, .ks2, "Reading", topic, group)?.pupilCount }
        // Boys (0-11): disadvantaged 0, 2, 4, 6, 8, 10 = 6, all White (an even i is never 3 mod 4, and i = 5 is odd).
        #expect(pupils("Sex and disadvantage status", "Boys, Disadvantaged") == 6)
        #expect(pupils("Sex, disadvantage status and ethnicity major", "Boys, Disadvantaged, White") == 6)
        // Boys not known to be disadvantaged (1, 3, 5, 7, 9, 11): Asian 3, 7, 11; Unknown 5; White 1, 9.
        #expect(pupils("Sex, disadvantage status and ethnicity major", "Boys, Not known to be disadvantaged, Asian / Asian British") == 3)
        #expect(pupils("Sex, disadvantage status and ethnicity major", "Boys, Not known to be disadvantaged, Unknown") == 1)
        #expect(pupils("Sex, disadvantage status and ethnicity major", "Boys, Not known to be disadvantaged, White") == 2)
        // Girls (12-22): disadvantaged 12, 14, ..., 22 = 6; not 13, 15, 17, 19, 21 = 5. Unknown sex: 23 only.
        #expect(pupils("Sex and disadvantage status", "Girls, Not known to be disadvantaged") == 5)
        #expect(pupils("Sex and disadvantage status", "Unknown, Not known to be disadvantaged") == 1)
        // White and disadvantaged: every even i = 12; Asian and not disadvantaged: 3, 7, 11, 15, 19, 23 = 6.
        #expect(pupils("Ethnicity major and disadvantage status", "White, Disadvantaged") == 12)
        #expect(pupils("Ethnicity major and disadvantage status", "Asian / Asian British, Not known to be disadvantaged") == 6)
        // One-way groups with their EES labels.
        #expect(pupils("FSM status", "FSM eligible") == 4)
        #expect(pupils("Ethnicity minor", "Indian") == 6)
        #expect(pupils("Ethnicity minor", "English / Welsh / Scottish / Northern Irish / British") == 17)
        #expect(pupils("SEN provision", "SEN support / SEN without an EHC plan") == 5)
        #expect(pupils("SEN provision", "Education, health and care plan") == 1)
        #expect(pupils("SEN provision", "Unknown") == 1)
        #expect(pupils("First language", "Known or believed to be other than English") == 4)
        #expect(pupils("First language", "Unknown") == 1)
        // Expected standard of an intersection: Boys, Disadvantaged with i >= 10: only i = 10.
        #expect(Self.cell(table, .ks2, "Reading", "Sex and disadvantage status", "Boys, Disadvantaged")?.expectedStandardCount == 1)
    }

    /// Conservation: in every place, year and measure, the groups of each topic add up to the Total, for pupils and
    /// for both standards; every place has the same groups (the complete matrix).
    @Test func everyBreakdownAddsUpToTheTotal() throws {
        var cohort = Self.mixedCohort()
        cohort.pupil("X001", sex: "Girls", disadvantaged: true)
        cohort.result("X001", .ks2Reading, school: Self.schoolB, scaled: 111)
        cohort.result("M000", .ks2Writing, expected: true)
        let table = try cohort.table(Self.noSuppression)
        let tables = Dictionary(grouping: table.cells) { "\($0.place) \($0.timePeriod) \($0.measure.keyStage) \($0.measure.name)" }
        #expect(tables.count == 3 * 5)
        let groupsPerTable = Set(tables.values.map { $0.map(\.group) })
        #expect(groupsPerTable.count == 1)
        for (name, cells) in tables {
            let total = try #require(cells.first { $0.group.isTotal })
            for (topic, groups) in Dictionary(grouping: cells.filter { !$0.group.isTotal }, by: \.group.topic) {
                #expect(groups.map(\.pupilCount).reduce(0, +) == total.pupilCount, "\(name) \(topic)")
                #expect(groups.map(\.expectedStandardCount).reduce(0, +) == total.expectedStandardCount, "\(name) \(topic)")
                #expect(groups.map(\.higherStandardCount).reduce(0, +) == total.higherStandardCount, "\(name) \(topic)")
            }
        }
        // The LA counts both schools: 24 + 1 reading pupils.
        #expect(Self.cell(table, .ks2, "Reading", "Total", "Total", urn: nil)?.pupilCount == 25)
        // A pupil with only a writing result is in the RWM cohort (missing subjects count as not met).
        #expect(Self.cell(table, .ks2, "Reading, writing and maths", "Total", "Total")?.pupilCount == 24)
    }

    // MARK: - Suppression

    /// School A, 40 pupils, KS2 reading: Boys i < 20 all at 105; Girls i = 20, 21 at 105, the other 18 at 95
    /// (Girls' average (2 x 105 + 18 x 95) / 20 = 96); disadvantaged when i is even; FSM eligible i = 0 and 20. FSM
    /// eligible is a group of 2 (below 6): every figure `c`, and then Not known to be FSM eligible (38) must be `c`
    /// too, or Total - 38 gives the 2 back. Girls reach the expected standard 2 times (below 3): `c`, and Boys' 20
    /// or the Total's 22 must go too; likewise Girls, Disadvantaged (1) and Girls, Not known to be disadvantaged (1).
    static func suppressionCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<40 {
            let upn = String(format: "S%03d", i)
            cohort.pupil(upn, sex: i < 20 ? "Boys" : "Girls", disadvantaged: i % 2 == 0, fsm: i == 0 || i == 20)
            cohort.result(upn, .ks2Reading, scaled: i < 22 ? 105 : 95)
        }
        return cohort
    }

    @Test func smallGroupsAndNumeratorsAreWithheldAndCannotBeRecovered() throws {
        let table = try Self.suppressionCohort().table(Suppression(acrossPlaces: true))
        let fsm = Self.fields(table, .ks2, "Reading", "FSM status", "FSM eligible")
        #expect(fsm == Array(repeating: "c", count: 11))
        #expect(Self.fields(table, .ks2, "Reading", "FSM status", "Not known to be FSM eligible").first == "c")
        let girls = Self.fields(table, .ks2, "Reading", "Sex", "Girls")
        #expect(girls.prefix(3) == ["20", "c", "c"])
        // The average and percentiles of a group of 20 with a score are shown.
        #expect(girls[5] == "96" && girls[6] == "95")

        // The attack: along every published line (a topic's groups and its Total; an intersection's groups and the
        // one-way group they refine), a count is recoverable when exactly one of the line's counts is withheld.
        var published: [String: [String]] = [:]
        for place in [Self.schoolA, nil] as [String?] {
            for cell in table.cells where cell.place == Self.place(place) && cell.measure.name == "Reading" {
                published["\(place ?? "LA")|\(cell.group.topic)|\(cell.group.label)"] =
                    cell.indicatorFields(minimumPupilsForPercentiles: table.minimumPupilsForPercentiles)
            }
        }
        var lines: [(margin: String, children: [String])] = []
        let topics = Dictionary(grouping: table.topics.groups.filter { !$0.isTotal && $0.topic != "Ethnicity minor" }, by: \.topic)
        for (topic, groups) in topics where !topic.contains(" and ") && !topic.contains(",") {
            lines.append(("Total|Total", groups.map { "\(topic)|\($0.label)" }))
        }
        for sex in ["Boys", "Girls"] {
            lines.append(("Sex|\(sex)", ["Disadvantaged", "Not known to be disadvantaged"].map { "Sex and disadvantage status|\(sex), \($0)" }))
        }
        for status in ["Disadvantaged", "Not known to be disadvantaged"] {
            lines.append(("Disadvantage status|\(status)", ["Boys", "Girls"].map { "Sex and disadvantage status|\($0), \(status)" }))
        }
        var withheld = 0
        for place in [Self.schoolA, "LA"] {
            for (column, name) in [(0, "pupil_count"), (1, "expected_standard_count"), (3, "higher_standard_count")] {
                for line in lines {
                    let values = ([line.margin] + line.children).map { published["\(place)|\($0)"]?[column] }
                    #expect(!values.contains(nil), "\(line)")
                    let unknown = values.count { $0 == "c" }
                    withheld += unknown
                    #expect(unknown != 1, "\(place) \(name): \(line.margin) = \(line.children) gives a withheld count away: \(values)")
                }
            }
        }
        #expect(withheld > 0)
        #expect(table.suppressionSummary.secondary.cells > 0 && table.suppressionSummary.unprotected == 0)

        // Gaps of a withheld group are `c`; so is a within-school comparison whose other pupils are a withheld group.
        let rows = BreakdownGapTable.rows(from: table)
        let fsmGap = try #require(Self.gap(rows, "Reading", .expectedStandard, "FSM eligible", comparator: "Within school"))
        #expect([fsmGap.groupCount, fsmGap.groupValue, fsmGap.gap, fsmGap.gapLowerCI, fsmGap.significant] == ["c", "c", "c", "c", "c"])
        let girlsGap = try #require(Self.gap(rows, "Reading", .expectedStandard, "Girls", comparator: "Within school"))
        #expect(girlsGap.groupCount == "20" && girlsGap.gap == "c")
    }

    /// The other pupils of a gap are held to the thresholds too. School A: 20 White pupils, 2 Asian and 2 Black
    /// (each `c`; together 4, which the Total minus White gives, but 4 is not 2 x 1, so neither is recoverable).
    /// White against the school's other pupils compares with a group of 4 (below 6): their count, value and the
    /// gap are `c`, while White's own count is shown.
    @Test func aSmallComplementIsWithheldInTheGap() throws {
        var cohort = Cohort()
        for i in 0..<24 {
            let upn = String(format: "W%03d", i)
            cohort.pupil(upn, ethnicity: i < 20 ? "White" : i < 22 ? "Asian / Asian British" : "Black / African / Caribbean / Black British",
                         minor: i < 20 ? "Irish" : i < 22 ? "Indian" : "African")
            cohort.result(upn, .ks2Reading, scaled: 100 + Double(i % 5))
        }
        let table = try cohort.table()
        #expect(Self.fields(table, .ks2, "Reading", "Ethnicity major", "White").first == "20")
        #expect(Self.fields(table, .ks2, "Reading", "Ethnicity major", "Asian / Asian British").first == "c")
        let rows = BreakdownGapTable.rows(from: table)
        for indicator in [BreakdownIndicator.expectedStandard, .averageScore] {
            let white = try #require(Self.gap(rows, "Reading", indicator, "White", comparator: "Within school"))
            #expect([white.groupCount, white.comparisonCount, white.comparisonValue, white.gap, white.gapLowerCI] == ["20", "c", "c", "c", "c"],
                    "\(indicator)")
        }
    }

    // MARK: - The stage

    /// The whole stage on a cohort with KS1, KS2 and KS4 results and a national file: both files and their meta
    /// are written, pass the screener, and the KS2 rows are `attainment.csv`'s.
    @Test func stageWritesBothFilesAndTheyPassTheScreener() throws {
        var cohort = Self.mixedCohort()
        for i in 0..<6 {
            cohort.ks1(String(format: "M%03d", i), .ks1Reading, i < 4 ? "EXS" : "WTS")
            cohort.grade(String(format: "M%03d", 10 + i), .ks4EnglishGrade, Double(3 + i))
            cohort.result(String(format: "M%03d", 10 + i), .ks4Attainment8, school: Self.secondary, points: 40 + Double(i))
        }
        var fixture = AggregateStageTests.Fixture()
        fixture.pupils = cohort.pupils
        fixture.results = cohort.results.map { $0.record }
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let nationalURL = directory.appendingPathComponent("national.csv")
        try AggregateNationalTests.nationalCSV(standardDeviation: true).write(to: nationalURL, atomically: true, encoding: .utf8)
        var options = AggregateOptions()
        options.nationalFile = nationalURL.path
        let published = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: published.path,
                               options: options)

        for (name, layout) in [("attainment-by-characteristic", AggregateStage.attainmentByCharacteristicLayout),
                               ("gaps-by-characteristic", AggregateStage.gapsByCharacteristicLayout)] {
            let data = published.appendingPathComponent("\(name).csv")
            let meta = published.appendingPathComponent("\(name).meta.csv")
            let problems = try EESScreener.check(dataURL: data, metaURL: meta)
            #expect(problems.allSatisfy { $0.severity == .advisory && $0.rule == .total }, "\(problems)")
            let table = try AggregateStageTests.readTable(data)
            #expect(table.header == layout.header)
            #expect(!table.rows.isEmpty)
            let permissions = try FileManager.default.attributesOfItem(atPath: data.path)[.posixPermissions] as? Int
            #expect(permissions == 0o644)
        }
        let rows = try AggregateStageTests.readTable(published.appendingPathComponent("attainment-by-characteristic.csv")).rows
        #expect(Set(rows.map { $0["key_stage"]! }) == ["Key stage 1", "Key stage 2", "Key stage 4"])
        #expect(rows.contains { $0["key_stage"] == "Key stage 4" && $0["school_urn"] == Self.secondary && $0["measure"] == "Attainment 8" })
        // Indicator cells are never blank (EES symbols instead).
        let indicators = Array(AggregateStage.attainmentByCharacteristicLayout.header.suffix(11))
        #expect(rows.allSatisfy { row in indicators.allSatisfy { !(row[$0] ?? "").isEmpty } })
        // KS2 rows are attainment.csv's, counts and withheld counts alike (AttainmentBreakdownAgreementTests); the
        // average too, shown, for school A's Total.
        let compared = try AttainmentBreakdownAgreementTests.expectAttainmentAgreesWithBreakdowns(in: published)
        let attainment = try AggregateStageTests.readTable(published.appendingPathComponent("attainment.csv")).rows
        #expect(compared == attainment.count)
        let ours = rows.first { $0["key_stage"] == "Key stage 2" && $0["measure"] == "Reading" && $0["breakdown"] == "Total" && $0["school_urn"] == Self.schoolA }
        let theirs = attainment.first { $0["subject"] == "Reading" && $0["sex"] == "Total" && $0["disadvantage_status"] == "Total"
            && $0["ethnicity_major"] == "Total" && $0["school_urn"] == Self.schoolA }
        for column in ["pupil_count", "average_score"] {
            #expect(ours?[column] == theirs?[column] && ours?[column] != "c", "\(column)")
        }
        // National rows (KS2 only) appear with the national file.
        let gaps = try AggregateStageTests.readTable(published.appendingPathComponent("gaps-by-characteristic.csv")).rows
        #expect(gaps.contains { $0["comparator"] == "National other pupils" && $0["breakdown"] == "Disadvantaged" })
        #expect(!gaps.contains { $0["comparator"] == "National other pupils" && $0["key_stage"] != "Key stage 2" })
        let manifest = try String(contentsOf: published.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("attainment-by-characteristic.csv") && manifest.contains("breakdowns suppression"))
    }

    @Test func shippedLabelsAreTheEESHarmonisedOnes() throws {
        let labels = try CharacteristicLabels.shipped()
        #expect(labels.label("sen_provision", "EHC plan") == "Education, health and care plan")
        #expect(labels.label("first_language", "Unclassified") == "Unknown")
        #expect(labels.label("fsm_eligible", "1") == "FSM eligible")
        #expect(labels.label("sen_provision", "") == "Unknown")
        // A value the file does not list is published as it is, never dropped.
        #expect(labels.label("sen_provision", "Something new") == "Something new")
    }
}
