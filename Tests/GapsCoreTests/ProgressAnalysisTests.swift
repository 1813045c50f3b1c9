import Foundation
import Testing
@testable import GapsCore

/// Builds hand-made normalised pupils and results for the progress tests.
struct ProgressFixture {
    var pupils: [NormalisedPupil] = []
    var results: [NormalisedResult] = []
    var school = (urn: "100001", laEstab: "8012001", name: "Alpha Primary")

    static let levelPoints: [String: Double] = ["W": 3, "1": 9, "2C": 13, "2B": 15, "2A": 17, "3": 21, "4": 27, "5": 33]
    static let ks1TAPoints: [String: Double] = ["PKF": 4, "WTS": 6, "EXS": 8, "GDS": 10]

    mutating func pupil(_ upn: String, _ sex: String = "Boys", disadvantaged: Bool = false, surname: String = "Smith", forename: String = "Sam") {
        var pupil = NormalisedPupil()
        pupil.upn = upn
        pupil.sex = sex
        pupil.disadvantaged = disadvantaged
        pupil.surname = surname
        pupil.forename = forename
        pupil.ethnicityMajor = "White"
        pupils.append(pupil)
    }

    mutating func add(_ upn: String, _ measure: AssessmentMeasure, _ year: String, _ configure: (inout NormalisedResult) -> Void) {
        var result = NormalisedResult()
        result.upn = upn
        result.schoolURN = school.urn
        result.schoolLAEstab = school.laEstab
        result.schoolName = school.name
        result.la = "801"
        result.timePeriod = year
        result.measure = measure
        configure(&result)
        results.append(result)
    }

    /// KS1 teacher assessment (2016+) in reading, writing and maths; "A" is absent (no points, no judgement).
    mutating func ks1TA(_ upn: String, year: String = "201819", _ reading: String, _ writing: String, _ maths: String) {
        for (measure, code) in [(AssessmentMeasure.ks1Reading, reading), (.ks1Writing, writing), (.ks1Maths, maths)] {
            add(upn, measure, year) {
                $0.kind = .teacherAssessment
                $0.result = code
                $0.points = Self.ks1TAPoints[code]
                $0.meetsExpected = code == "EXS" || code == "GDS"
                $0.meetsHigher = code == "GDS"
            }
        }
    }

    /// KS1 levels in reading, writing and maths; expected = 2B+ (15 points).
    mutating func ks1Levels(_ upn: String, year: String, _ reading: String, _ writing: String, _ maths: String) {
        for (measure, level) in [(AssessmentMeasure.ks1Reading, reading), (.ks1Writing, writing), (.ks1Maths, maths)] {
            add(upn, measure, year) {
                $0.kind = .level
                $0.result = level
                $0.points = Self.levelPoints[level]
                $0.meetsExpected = (Self.levelPoints[level] ?? 0) >= 15
            }
        }
    }

    /// A KS2 level (to 2015); expected = level 4+ (27 points).
    mutating func ks2Level(_ upn: String, _ measure: AssessmentMeasure, year: String, _ level: String) {
        add(upn, measure, year) {
            $0.kind = .level
            $0.result = level
            $0.points = Self.levelPoints[level]
            $0.meetsExpected = (Self.levelPoints[level] ?? 0) >= 27
        }
    }

    mutating func ks2Score(_ upn: String, _ measure: AssessmentMeasure, year: String = "202223", _ score: Double) {
        add(upn, measure, year) {
            $0.kind = .scaledScore
            $0.result = formatNumber(score)
            $0.scaledScore = score
            $0.meetsExpected = score >= 100
            $0.meetsHigher = score >= 110
        }
    }

    mutating func ks2Writing(_ upn: String, year: String = "202223", _ code: String) {
        add(upn, .ks2Writing, year) {
            $0.kind = .teacherAssessment
            $0.result = code
            $0.meetsExpected = code == "EXS" || code == "GDS"
            $0.meetsHigher = code == "GDS"
        }
    }

    mutating func ks2Code(_ upn: String, _ measure: AssessmentMeasure, year: String = "202223", _ code: String) {
        add(upn, measure, year) {
            $0.kind = .outcomeCode
            $0.result = code
            $0.inCohort = !["L", "F", "P", "J"].contains(code)
        }
    }

    mutating func ks4Grade(_ upn: String, _ measure: AssessmentMeasure, year: String = "202324", _ grade: Double) {
        add(upn, measure, year) {
            $0.kind = .grade
            $0.result = formatNumber(grade)
            $0.points = grade
            $0.meetsExpected = grade >= 4
        }
    }

    mutating func ks4Score(_ upn: String, _ measure: AssessmentMeasure, year: String = "202324", _ value: Double) {
        add(upn, measure, year) {
            $0.kind = .score
            $0.result = formatNumber(value)
            $0.points = value
        }
    }
}

/// Progress, "stuck" and entitlement rules on hand-built pupils. Every expected value is worked out by hand from
/// the definitions (domain reference section 7, `progress-rules.csv`), with the working in comments.
@Suite struct ProgressAnalysisTests {
    static func analyse(_ fixture: ProgressFixture, minimumPupils: Int = 5) -> ProgressAnalysis {
        var rules = ProgressRules()
        rules.priorGroupMinimumPupils = minimumPupils
        return ProgressAnalysis(pupils: fixture.pupils, results: fixture.results, rules: rules)
    }

    static func ks2(_ analysis: ProgressAnalysis, _ upn: String) -> KS2PupilProgress? {
        analysis.ks2Pupils.first { $0.pupil.upn == upn }
    }

    // MARK: - Levels era

    /// KS2 in summer 2014 (201314), KS1 in 2010 (200910), reading only at KS2.
    ///
    /// | pupil | KS1 R/W/M | KS2 reading | points progress      | stuck (< 6) | 2 levels (>= 12) | KS1 exp / KS2 exp |
    /// |-------|-----------|-------------|----------------------|-------------|------------------|-------------------|
    /// | L1    | 2B (15)   | 3 (21)      | 21 - 15 = 6          | no          | no               | yes / no: fell behind |
    /// | L2    | 2B (15)   | 2A (17)     | 17 - 15 = 2          | yes         | no               | yes / no: fell behind |
    /// | L3    | W (3)     | 2C (13)     | 13 - 3 = 10          | no          | no               | no / no: stuck below  |
    /// | L4    | 2C (13)   | 4 (27)      | 27 - 13 = 14         | no          | yes              | no / yes              |
    /// | L5    | 3 (21)    | 5 (33)      | 33 - 21 = 12         | no          | yes              | yes / yes             |
    ///
    /// APS (all three subjects the same level) = the level's points: L1 15 middle, L3 3 low, L4 13 middle, L5 21 high.
    static func levelsFixture() -> ProgressFixture {
        var f = ProgressFixture()
        for (upn, ks1, ks2) in [("L1", "2B", "3"), ("L2", "2B", "2A"), ("L3", "W", "2C"), ("L4", "2C", "4"), ("L5", "3", "5")] {
            f.pupil(upn)
            f.ks1Levels(upn, year: "200910", ks1, ks1, ks1)
            f.ks2Level(upn, .ks2Reading, year: "201314", ks2)
        }
        return f
    }

    @Test func levelsEraStuckIsLessThanOneLevel() throws {
        let analysis = Self.analyse(Self.levelsFixture())
        func reading(_ upn: String) -> SubjectProgress? { Self.ks2(analysis, upn)?.subjects[.reading] }
        #expect(reading("L1")?.levelsProgress == 6)
        #expect(reading("L1")?.stuck == false, "exactly one level (6 points) is not stuck")
        #expect(reading("L1")?.fellBehind == true, "2B at KS1 is expected, level 3 at KS2 is not")
        #expect(reading("L2")?.levelsProgress == 2)
        #expect(reading("L2")?.stuck == true)
        #expect(reading("L3")?.levelsProgress == 10)
        #expect(reading("L3")?.stuck == false)
        #expect(reading("L3")?.stuckBelow == true)
        #expect(reading("L4")?.madeExpectedProgress == true)
        #expect(reading("L4")?.notProgressing == false)
        #expect(reading("L5")?.levelsProgress == 12)
        #expect(reading("L5")?.madeExpectedProgress == true, "two levels exactly is expected progress")
        #expect(reading("L5")?.notProgressing == false)
        #expect(reading("L1")?.progressScore == nil, "no value-added score in the levels era")
        #expect(Self.ks2(analysis, "L1")?.isLevelsEra == true)
    }

    @Test func levelsEraBandsUseTheLevelsThresholds() {
        let analysis = Self.analyse(Self.levelsFixture())
        #expect(Self.ks2(analysis, "L1")?.prior.averagePointScore == 15)
        #expect(Self.ks2(analysis, "L1")?.prior.band == .middle)
        #expect(Self.ks2(analysis, "L3")?.prior.band == .low)
        #expect(Self.ks2(analysis, "L4")?.prior.band == .middle, "13 is in 12 to < 18")
        #expect(Self.ks2(analysis, "L5")?.prior.band == .high, "21 >= 18")
        #expect(Self.ks2(analysis, "L1")?.prior.scale == .levels)
    }

    @Test func apsWeightsEnglishAndMathsEqually() {
        // Reading 2B (15), writing 2C (13), maths 3 (21): ((15 + 13) / 2 + 21) / 2 = (14 + 21) / 2 = 17.5 -> middle.
        // An unweighted mean would be 49 / 3 = 16.33.
        var f = ProgressFixture()
        f.pupil("W1")
        f.ks1Levels("W1", year: "201415", "2B", "2C", "3")
        f.ks2Score("W1", .ks2Reading, year: "201819", 100)
        let prior = Self.ks2(Self.analyse(f), "W1")?.prior
        #expect(prior?.averagePointScore == 17.5)
        #expect(prior?.group == 17.5)
        #expect(prior?.band == .middle)
    }

    // MARK: - 2016+ progress scores

    /// KS2 2022/23, KS1 2018/19 teacher assessment.
    ///
    /// | pupil | KS1 R/W/M     | APS (group)                    | KS2 reading | KS2 writing | KS2 maths |
    /// |-------|---------------|--------------------------------|-------------|-------------|-----------|
    /// | P1-P4 | EXS EXS EXS   | ((8 + 8) / 2 + 8) / 2 = 8      | 98 102 104 108 | EXS      | 100 each  |
    /// | P5    | WTS WTS WTS   | 6                              | 90          | WTS         | 100       |
    /// | P6    | GDS EXS EXS   | ((10 + 8) / 2 + 8) / 2 = 8.5   | 95          | EXS         | 100       |
    ///
    /// With a minimum of 4 comparison pupils per group:
    /// - group 8 has P1-P4: mean reading (98 + 102 + 104 + 108) / 4 = 103 -> scores -5, -1, +1, +5.
    /// - group 6 has P5 alone: widened to 5.5-6.5, 5-7, 4.5-7.5 (nobody else), then 4-8 takes in group 8:
    ///   mean (90 + 98 + 102 + 104 + 108) / 5 = 502 / 5 = 100.4 -> P5 scores 90 - 100.4 = -10.4.
    /// - group 8.5 has P6 alone: widened to 8-9 takes in group 8: (95 + 412) / 5 = 101.4 -> P6 scores -6.4.
    /// Maths: every score 100, so every progress score is 0.
    static func scoresFixture() -> ProgressFixture {
        var f = ProgressFixture()
        for (index, score) in [98.0, 102, 104, 108].enumerated() {
            let upn = "P\(index + 1)"
            f.pupil(upn)
            f.ks1TA(upn, "EXS", "EXS", "EXS")
            f.ks2Score(upn, .ks2Reading, score)
            f.ks2Writing(upn, "EXS")
            f.ks2Score(upn, .ks2Maths, 100)
        }
        f.pupil("P5")
        f.ks1TA("P5", "WTS", "WTS", "WTS")
        f.ks2Score("P5", .ks2Reading, 90)
        f.ks2Writing("P5", "WTS")
        f.ks2Score("P5", .ks2Maths, 100)
        f.pupil("P6")
        f.ks1TA("P6", "GDS", "EXS", "EXS")
        f.ks2Score("P6", .ks2Reading, 95)
        f.ks2Writing("P6", "EXS")
        f.ks2Score("P6", .ks2Maths, 100)
        return f
    }

    @Test func progressScoreIsScoreMinusTheGroupMean() throws {
        let analysis = Self.analyse(Self.scoresFixture(), minimumPupils: 4)
        let scores = ["P1", "P2", "P3", "P4"].map { Self.ks2(analysis, $0)?.subjects[.reading]?.progressScore }
        #expect(scores == [-5, -1, 1, 5])
        // -5 is not below -5: the threshold is strict.
        #expect(Self.ks2(analysis, "P1")?.subjects[.reading]?.lowProgress == false)
        #expect(Self.ks2(analysis, "P1")?.subjects[.reading]?.fellBehind == true, "EXS at KS1, 98 at KS2")
        #expect(Self.ks2(analysis, "P4")?.subjects[.maths]?.progressScore == 0)
    }

    @Test func smallGroupsAreWidenedUntilTheyHaveEnoughPupils() throws {
        let analysis = Self.analyse(Self.scoresFixture(), minimumPupils: 4)
        let p5 = try #require(Self.ks2(analysis, "P5")?.subjects[.reading]?.progressScore)
        #expect(abs(p5 - -10.4) < 1e-9)
        #expect(Self.ks2(analysis, "P5")?.subjects[.reading]?.lowProgress == true)
        #expect(Self.ks2(analysis, "P5")?.subjects[.reading]?.stuckBelow == true, "WTS at KS1, 90 at KS2")
        let p6 = try #require(Self.ks2(analysis, "P6")?.subjects[.reading]?.progressScore)
        #expect(abs(p6 - -6.4) < 1e-9)
        #expect(Self.ks2(analysis, "P6")?.prior.band == .middle, "APS 8.5 is in 7 to < 9")
        #expect(Self.ks2(analysis, "P5")?.prior.band == .low, "APS 6 is below 7")
    }

    @Test func aGroupOfOneWithoutWideningScoresZero() {
        // Minimum 1: P5 is compared with itself only: 90 - 90 = 0. This is why groups are widened by default.
        let analysis = Self.analyse(Self.scoresFixture(), minimumPupils: 1)
        #expect(Self.ks2(analysis, "P5")?.subjects[.reading]?.progressScore == 0)
    }

    @Test func writingHasNoProgressScoreButCanBeStuckBelow() {
        let analysis = Self.analyse(Self.scoresFixture(), minimumPupils: 4)
        let writing = Self.ks2(analysis, "P5")?.subjects[.writing]
        #expect(writing?.progressScore == nil)
        #expect(writing?.stuckBelow == true, "WTS at KS1 and WTS at KS2")
        #expect(writing?.notProgressing == true)
        #expect(Self.ks2(analysis, "P1")?.subjects[.writing]?.notProgressing == false, "EXS -> EXS")
    }

    @Test func aPublishedComparisonReplacesTheLocalOne() {
        // National estimate for group 8 in reading 2022/23: 100 -> P1 (98) scores -2, P4 (108) scores +8.
        let estimates = PublishedEstimates(estimates: [
            PublishedEstimates.Key(timePeriod: "202223", measure: .ks2Reading, priorGroup: 8): 100,
        ])
        let f = Self.scoresFixture()
        let analysis = ProgressAnalysis(pupils: f.pupils, results: f.results, rules: ProgressRules(),
                                        options: ProgressOptions(ks2Comparison: estimates))
        #expect(Self.ks2(analysis, "P1")?.subjects[.reading]?.progressScore == -2)
        #expect(Self.ks2(analysis, "P4")?.subjects[.reading]?.progressScore == 8)
        #expect(Self.ks2(analysis, "P5")?.subjects[.reading]?.progressScore == nil, "no estimate for group 6")
        #expect(analysis.comparesLocally == false)
    }

    // MARK: - No prior attainment

    @Test func noPriorAttainmentIsUnknownNeverZero() {
        var f = ProgressFixture()
        // N1: KS2 in 2023/24: KS1 would have been summer 2020, when there was none.
        f.pupil("N1")
        f.ks2Score("N1", .ks2Reading, year: "202324", 100)
        // N2: KS2 in 2022/23 with no KS1 result at all.
        f.pupil("N2")
        f.ks2Score("N2", .ks2Reading, 100)
        // N3: KS1 maths absent: incomplete.
        f.pupil("N3")
        f.ks1TA("N3", "WTS", "EXS", "A")
        f.ks2Score("N3", .ks2Reading, 95)
        // N4: KS1 results dated after the KS2 year are not prior attainment.
        f.pupil("N4")
        f.ks1TA("N4", year: "202324", "EXS", "EXS", "EXS")
        f.ks2Score("N4", .ks2Reading, 100)
        let analysis = Self.analyse(f)
        #expect(Self.ks2(analysis, "N1")?.prior.band == PriorAttainmentBand.none)
        #expect(Self.ks2(analysis, "N1")?.prior.missingReason == KS1Prior.reasonNoAssessment)
        #expect(Self.ks2(analysis, "N2")?.prior.missingReason == KS1Prior.reasonNoResult)
        #expect(Self.ks2(analysis, "N3")?.prior.missingReason == KS1Prior.reasonIncomplete)
        #expect(Self.ks2(analysis, "N4")?.prior.missingReason == KS1Prior.reasonNoResult)
        for upn in ["N1", "N2", "N3", "N4"] {
            let reading = Self.ks2(analysis, upn)?.subjects[.reading]
            #expect(reading?.isJudged == false, "\(upn) is excluded from progress")
            #expect(reading?.progressScore == nil)
            #expect(reading?.notProgressing == false)
            #expect(Self.ks2(analysis, upn)?.prior.averagePointScore == nil)
        }
    }

    @Test func resultsBelowThePointScaleMakeALowBandWithoutAScore() {
        // PK2 has no confirmed points: judged, below expected, so Low, but no APS and so no progress score.
        var f = ProgressFixture()
        f.pupil("B1")
        f.ks1TA("B1", "PK2", "PK2", "WTS")
        f.ks2Score("B1", .ks2Reading, 85)
        let pupil = Self.ks2(Self.analyse(f), "B1")
        #expect(pupil?.prior.band == .low)
        #expect(pupil?.prior.averagePointScore == nil)
        #expect(pupil?.subjects[.reading]?.isJudged == true)
        #expect(pupil?.subjects[.reading]?.stuckBelow == true)
        #expect(pupil?.subjects[.reading]?.progressScore == nil)
    }

    @Test func absentAtKS2IsNotEvidence() {
        // WTS at KS1 and absent at KS2: in the reading cohort, but not judged, so not "stuck below".
        var f = ProgressFixture()
        f.pupil("A1")
        f.ks1TA("A1", "WTS", "WTS", "WTS")
        f.ks2Code("A1", .ks2Reading, "A")
        let reading = Self.ks2(Self.analyse(f), "A1")?.subjects[.reading]
        #expect(reading != nil)
        #expect(reading?.isJudged == false)
        #expect(reading?.stuckBelow == false)
    }

    // MARK: - KS2 -> KS4

    /// KS4 2023/24, KS2 2018/19 (reading 100, maths 104: average 102, group 102) for K1-K3.
    ///
    /// | pupil | English | maths | English progress              | maths progress              |
    /// |-------|---------|-------|-------------------------------|-----------------------------|
    /// | K1    | 2       | 6     | 2 - (2 + 5 + 5) / 3 = 2 - 4 = -2 (below -1) | 6 - (6 + 4 + 5) / 3 = 6 - 5 = +1 |
    /// | K2    | 5       | 4     | +1                            | 4 - 5 = -1 (not below -1)   |
    /// | K3    | 5       | 5     | +1                            | 0                           |
    ///
    /// K4 and K5 have no KS2 data: Progress 8 stands in: K4 -1.5 (below -1), K5 -0.5.
    static func ks4Fixture() -> ProgressFixture {
        var f = ProgressFixture()
        f.school = (urn: "200001", laEstab: "8014001", name: "Gamma High")
        for (upn, english, maths) in [("K1", 2.0, 6.0), ("K2", 5, 4), ("K3", 5, 5)] {
            f.pupil(upn)
            f.ks2Score(upn, .ks2Reading, year: "201819", 100)
            f.ks2Score(upn, .ks2Maths, year: "201819", 104)
            f.ks4Grade(upn, .ks4EnglishGrade, english)
            f.ks4Grade(upn, .ks4MathsGrade, maths)
        }
        f.pupil("K4")
        f.ks4Score("K4", .ks4Progress8, -1.5)
        f.ks4Grade("K4", .ks4EnglishGrade, 3)
        f.pupil("K5")
        f.ks4Score("K5", .ks4Progress8, -0.5)
        return f
    }

    @Test func ks4ElementProgressAgainstTheKS2Group() throws {
        let analysis = Self.analyse(Self.ks4Fixture())
        func pupil(_ upn: String) -> KS4PupilProgress? { analysis.ks4Pupils.first { $0.pupil.upn == upn } }
        let k1 = try #require(pupil("K1"))
        #expect(k1.prior?.average == 102)
        #expect(k1.elements.map(\.score) == [-2, 1])
        #expect(k1.notProgressing)
        let k2 = try #require(pupil("K2"))
        #expect(k2.elements.map(\.score) == [1, -1])
        #expect(!k2.notProgressing, "-1 is not below -1")
        #expect(pupil("K4")?.usesProgress8 == true)
        #expect(pupil("K4")?.notProgressing == true)
        #expect(pupil("K5")?.isJudged == true)
        #expect(pupil("K5")?.notProgressing == false)
    }

    // MARK: - Entitlement

    @Test func entitlementFlagsCarryTheirEvidence() throws {
        var f = Self.scoresFixture()
        // P7: WTS reading at KS1 but maths absent: (a) for reading, no prior attainment so (b) not judged.
        f.pupil("P7")
        f.ks1TA("P7", "WTS", "EXS", "A")
        f.ks2Score("P7", .ks2Reading, 101)
        for upn in ["K1", "K4"] {
            let k = Self.ks4Fixture()
            f.pupils += k.pupils.filter { $0.upn == upn }
            f.results += k.results.filter { $0.upn == upn }
        }
        let records = EntitlementRecord.records(from: Self.analyse(f, minimumPupils: 4))
        func record(_ upn: String) throws -> EntitlementRecord { try #require(records.first { $0.pupil.upn == upn }) }

        // P5: WTS in all three at KS1 -> (a) x 3; reading stuck below and progress -10.4, writing stuck below
        // (WTS -> WTS); maths 100 meets the standard and scores 0 -> (b) reading and writing.
        let p5 = try record("P5")
        #expect(p5.entitled == [.ks1BelowExpected, .notProgressingKS1ToKS2])
        #expect(p5.evidence.filter { $0.entitlement == .ks1BelowExpected }.map(\.subject) == ["Reading", "Writing", "Maths"])
        let p5Reading = try #require(p5.evidence.first { $0.entitlement == .notProgressingKS1ToKS2 && $0.subject == "Reading" })
        #expect(p5Reading.evidence.contains("stuck below"))
        #expect(p5Reading.evidence.contains("progress score -10.4 below -5"))
        #expect(p5Reading.priorResult == "KS1 WTS (2018/19)")
        #expect(p5Reading.laterResult == "KS2 scaled score 90 (2022/23)")
        #expect(abs((p5Reading.progressScore ?? 0) - -10.4) < 1e-9)
        #expect(p5.evidence.filter { $0.entitlement == .notProgressingKS1ToKS2 }.map(\.subject) == ["Reading", "Writing"])

        // P4: EXS -> 108: nothing.
        let p4 = try record("P4")
        #expect(p4.entitled.isEmpty)
        #expect(p4.judged == [.ks1BelowExpected, .notProgressingKS1ToKS2])

        let p7 = try record("P7")
        #expect(p7.entitled == [.ks1BelowExpected])
        #expect(p7.evidence.map(\.subject) == ["Reading"])
        #expect(!p7.judged.contains(.notProgressingKS1ToKS2))

        // (c): K1 English element -2; K4 Progress 8 -1.5 with no KS2 data. K1's group has only K1 (K2, K3 not
        // added), so K1's English scores 0 here: compare with the ks4Fixture test for the worked group.
        let k4 = try record("K4")
        #expect(k4.keyStage == "KS4")
        #expect(k4.entitled == [.notProgressingKS2ToKS4])
        #expect(k4.evidence.first?.subject == "Overall")
        #expect(k4.evidence.first?.progressScore == -1.5)
        #expect(k4.evidence.first?.priorResult == "no KS2 scaled scores in the data")
        let k1 = try #require(records.first { $0.pupil.upn == "K1" && $0.keyStage == "KS4" })
        #expect(k1.judged == [.notProgressingKS2ToKS4])
        #expect(k1.entitled.isEmpty)
    }

    @Test func ks4EntitlementNamesTheElement() throws {
        let records = EntitlementRecord.records(from: Self.analyse(Self.ks4Fixture()))
        let k1 = try #require(records.first { $0.pupil.upn == "K1" && $0.keyStage == "KS4" })
        #expect(k1.evidence.count == 1)
        #expect(k1.evidence.first?.subject == "English")
        #expect(k1.evidence.first?.progressScore == -2)
        #expect(k1.evidence.first?.priorResult == "KS2 reading 100, maths 104 (average 102, 2018/19)")
        #expect(k1.evidence.first?.laterResult == "KS4 grade 2 (2023/24)")
        // K1, K2, K3 also have KS2 results, in 2018/19: they are KS4 cohort pupils (latest stage) and KS2 pupils
        // of 2018/19 (for (a) and (b), not judged without KS1).
        #expect(records.filter { $0.pupil.upn == "K1" }.map(\.keyStage).sorted() == ["KS2", "KS4"])
    }

    @Test func ks1OnlyPupilsAreJudgedForEntitlementA() throws {
        // Y1 has KS1 2022/23 and nothing later: a KS1 cohort pupil; PKF in maths -> (a) maths.
        var f = ProgressFixture()
        f.pupil("Y1")
        f.ks1TA("Y1", year: "202223", "EXS", "EXS", "PKF")
        // Y2 has KS1 2018/19 and KS2 2022/23: a KS2 pupil only.
        f.pupil("Y2")
        f.ks1TA("Y2", "EXS", "EXS", "EXS")
        f.ks2Score("Y2", .ks2Reading, 104)
        let analysis = Self.analyse(f)
        #expect(analysis.ks1Pupils.map(\.pupil.upn) == ["Y1"])
        let records = EntitlementRecord.records(from: analysis)
        let y1 = try #require(records.first { $0.pupil.upn == "Y1" })
        #expect(y1.keyStage == "KS1")
        #expect(y1.timePeriod == "202223")
        #expect(y1.evidence.map(\.subject) == ["Maths"])
        #expect(y1.evidence.first?.priorResult == "KS1 PKF (2022/23)")
    }
}
