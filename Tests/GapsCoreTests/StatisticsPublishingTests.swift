import Testing
@testable import GapsCore

/// DfE rounding, percentiles, the disadvantage gap index and Progress 8 intervals.
@Suite struct StatisticsPublishingTests {
    func close(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance
    }

    @Test func stageNumbersAreNeverWrittenInExponentForm() {
        // The mean of 0.1, 0.2 and -0.3 is 1.8503717077085943e-17 in binary floating point, not 0.
        let noise = [0.1, 0.2, -0.3].reduce(0, +) / 3
        #expect(String(noise).contains("e"))
        #expect(formatNumber(noise) == "0")
        #expect(formatNumber(-noise) == "0")
        #expect(formatNumber(0.00005) == "0.00005")
        #expect(formatNumber(-0.000012345) == "-0.000012345")
        #expect(formatNumber(103.25) == "103.25")
        #expect(formatNumber(-2) == "-2")
    }

    @Test func roundHalfUpRoundsHalvesAwayFromZero() {
        // Banker's rounding would give 2 and -2.
        #expect(DfERounding.roundHalfUp(2.5, places: 0) == 3)
        #expect(DfERounding.roundHalfUp(-2.5, places: 0) == -3)
        #expect(DfERounding.roundHalfUp(0.5, places: 0) == 1)
        #expect(DfERounding.roundHalfUp(2.4, places: 0) == 2)
        #expect(DfERounding.roundHalfUp(0.125, places: 2) == 0.13)   // 0.125 is exact in binary: a true half
    }

    @Test func roundHalfUpSurvivesBinaryRepresentation() {
        // 0.285 is stored as 0.28499999999999998; * 100 = 28.499999999999996; + 0.5 + 1.5e-8 -> 29 -> 0.29.
        #expect(DfERounding.roundHalfUp(0.285, places: 2) == 0.29)
        #expect(DfERounding.roundHalfUp(-0.285, places: 2) == -0.29)
        // 1.005 is stored as 1.00499999999999989; * 100 = 100.49999999999999 -> 101 -> 1.01.
        #expect(DfERounding.roundHalfUp(1.005, places: 2) == 1.01)
        // 2.675 is stored below 2.675 (2.67499999999999982): still 2.68.
        #expect(DfERounding.roundHalfUp(2.675, places: 2) == 2.68)
    }

    @Test func roundHalfUpToTensAndHundreds() {
        // dfeR's own examples: 2485.85 to -1 places -> 2490, to -2 -> 2500, to 1 -> 2485.9.
        #expect(DfERounding.roundHalfUp(2485.85, places: -1) == 2490)
        #expect(DfERounding.roundHalfUp(2485.85, places: -2) == 2500)
        #expect(DfERounding.roundHalfUp(2485.85, places: 1) == 2485.9)
    }

    @Test func percentilesType7() {
        // [1, 2, 3, 4]: h = (n - 1)p = 3p.
        // p = 0.25: h = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75; p = 0.5: h = 1.5 -> 2.5; p = 0.9: h = 2.7 -> 3 + 0.7 = 3.7
        let sorted: [Double] = [1, 2, 3, 4]
        #expect(Percentiles.value(sorted: sorted, p: 0.25) == 1.75)
        #expect(Percentiles.value(sorted: sorted, p: 0.5) == 2.5)
        #expect(close(Percentiles.value(sorted: sorted, p: 0.9) ?? .nan, 3.7, within: 1e-12))
        #expect(Percentiles.value(sorted: sorted, p: 0) == 1)
        #expect(Percentiles.value(sorted: sorted, p: 1) == 4)
        #expect(Percentiles.value(sorted: [42], p: 0.3) == 42)
        #expect(Percentiles.value(sorted: [], p: 0.5) == nil)
    }

    @Test func gapIndexIsTenWhenEveryDisadvantagedPupilIsBelow() {
        // Scores 1, 2, 3, 4; the two lowest disadvantaged. N = 4, r = rank/N = 0.25, 0.5 | 0.75, 1.0.
        // mean r disadvantaged 0.375, others 0.875 -> 20 * (0.875 - 0.375) = 10.
        let index = DisadvantageGapIndex.index(scores: [
            (score: 3, disadvantaged: false), (score: 1, disadvantaged: true),
            (score: 4, disadvantaged: false), (score: 2, disadvantaged: true),
        ])
        #expect(index == 10)
    }

    @Test func gapIndexIsTenForUnequalGroupsToo() {
        // Scores 1...5, only the lowest disadvantaged: r = 0.2 | 0.4, 0.6, 0.8, 1.0 (mean 0.7).
        // 20 * (0.7 - 0.2) = 10: the maximum does not need equal groups.
        let index = DisadvantageGapIndex.index(scores: [
            (score: 1, disadvantaged: true), (score: 2, disadvantaged: false), (score: 3, disadvantaged: false),
            (score: 4, disadvantaged: false), (score: 5, disadvantaged: false),
        ])
        #expect(close(index ?? .nan, 10, within: 1e-12))
    }

    @Test func gapIndexSharesTiedRanks() {
        // Disadvantaged 1, 2; others 2, 3. Sorted 1(d) 2(d) 2(o) 3(o): the two 2s share ranks 2 and 3 -> 2.5.
        // r = 0.25, 0.625 | 0.625, 1.0; means 0.4375 and 0.8125 -> 20 * 0.375 = 7.5.
        let index = DisadvantageGapIndex.index(scores: [
            (score: 1, disadvantaged: true), (score: 2, disadvantaged: true),
            (score: 2, disadvantaged: false), (score: 3, disadvantaged: false),
        ])
        #expect(close(index ?? .nan, 7.5, within: 1e-12))
    }

    @Test func gapIndexIsZeroForIdenticalDistributions() {
        // Disadvantaged 1, 2; others 1, 2. The 1s share ranks 1, 2 -> 1.5; the 2s share 3, 4 -> 3.5.
        // r = 0.375, 0.875 in both groups: mean 0.625 each -> 0.
        let index = DisadvantageGapIndex.index(scores: [
            (score: 1, disadvantaged: true), (score: 2, disadvantaged: true),
            (score: 1, disadvantaged: false), (score: 2, disadvantaged: false),
        ])
        #expect(index == 0)
    }

    @Test func gapIndexIsNegativeWhenDisadvantagedRankHigher() {
        // Mirror of the first case: disadvantaged at r = 0.75, 1.0 -> 20 * (0.375 - 0.875) = -10.
        let index = DisadvantageGapIndex.index(scores: [
            (score: 1, disadvantaged: false), (score: 2, disadvantaged: false),
            (score: 3, disadvantaged: true), (score: 4, disadvantaged: true),
        ])
        #expect(index == -10)
    }

    @Test func gapIndexNeedsBothGroups() {
        #expect(DisadvantageGapIndex.index(scores: [(score: 1, disadvantaged: true)]) == nil)
        #expect(DisadvantageGapIndex.index(scores: [(score: 1, disadvantaged: false)]) == nil)
        #expect(DisadvantageGapIndex.index(scores: []) == nil)
    }

    @Test func progressEightIntervalUsesDfEs196() {
        // 0.25 +/- 1.96 * 1.2 / sqrt(100) = 0.25 +/- 1.96 * 0.12 = 0.25 +/- 0.2352 -> (0.0148, 0.4852).
        let interval = ProgressEightStatistics.interval(score: 0.25, pupils: 100, nationalStandardDeviation: 1.2)
        #expect(close(interval.lower, 0.0148, within: 1e-12))
        #expect(close(interval.upper, 0.4852, within: 1e-12))
    }

    @Test func progressEightIntervalAtOtherLevels() {
        // 99%: z = 2.5758293; 2.5758293 * 0.12 = 0.3090995 -> (-0.0590995, 0.5590995).
        let interval = ProgressEightStatistics.interval(
            score: 0.25, pupils: 100, nationalStandardDeviation: 1.2, confidence: 0.99)
        #expect(close(interval.lower, -0.0590995, within: 1e-7))
        #expect(close(interval.upper, 0.5590995, within: 1e-7))
    }
}
