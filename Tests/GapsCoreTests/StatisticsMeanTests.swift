import Testing
@testable import GapsCore

/// Sample summaries, Welch intervals and Hedges' g, worked by hand.
@Suite struct StatisticsMeanTests {
    func close(_ actual: Double, _ expected: Double, within tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance
    }

    // a = [100, 102, 104, 106, 108]: mean 104, deviations -4 -2 0 2 4, squares sum 40, variance 40/4 = 10.
    // b = [95, 100, 105]: mean 100, deviations -5 0 5, squares sum 50, variance 50/2 = 25.
    let a = SampleSummary(values: [100, 102, 104, 106, 108])
    let b = SampleSummary(values: [95, 100, 105])

    @Test func summariesOfTheWorkedSamples() {
        #expect(a == SampleSummary(count: 5, mean: 104, variance: 10))
        #expect(b == SampleSummary(count: 3, mean: 100, variance: 25))
        #expect(b.standardDeviation == 5)
    }

    @Test func summaryIsStableFarFromZero() {
        // 1e9 + [4, 7, 13, 16]: mean 1e9 + 10, deviations -6 -3 3 6, squares 36 + 9 + 9 + 36 = 90, variance 30.
        // The one-pass sum-of-squares formula loses this entirely (squares near 1e18 carry no units digit).
        let summary = SampleSummary(values: [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])
        #expect(summary.mean == 1e9 + 10)
        #expect(close(summary.variance, 30, within: 1e-6))
    }

    @Test func summaryOfTooFewValues() {
        #expect(SampleSummary(values: [7]) == SampleSummary(count: 1, mean: 7, variance: 0))
        #expect(SampleSummary(values: []).count == 0)
        #expect(SampleSummary(values: []).variance == 0)
    }

    @Test func welchOnTheWorkedSamples() {
        // difference = 104 - 100 = 4
        // SE^2 = 10/5 + 25/3 = 2 + 8.333333 = 10.333333; SE = 3.214550
        // df = SE^4 / ((10/5)^2/4 + (25/3)^2/2) = 106.777778 / (1 + 34.722222) = 106.777778 / 35.722222 = 2.989114
        // t(0.975, 2.989114): just above the df = 3 table value 3.1824 (fewer df, wider), below df = 2's 4.3027;
        // an independent implementation (scipy.stats.t.ppf(0.975, 2.989114)) gives 3.189013.
        // half-width = 3.189013 * 3.214550 = 10.251243 -> CI (-6.251243, 14.251243)
        let result = MeanStatistics.welchDifference(a, b)
        #expect(result?.difference == 4)
        #expect(close(result?.degreesOfFreedom ?? .nan, 2.989114, within: 5e-7))
        #expect(close(result?.interval.lower ?? .nan, -6.251243, within: 5e-6))
        #expect(close(result?.interval.upper ?? .nan, 14.251243, within: 5e-6))
    }

    @Test func welchWithEqualGroupsHasTabulatedDegreesOfFreedom() {
        // c = [1, 2, 3] (mean 2, variance 1), d = [4, 5, 6] (mean 5, variance 1).
        // SE^2 = 1/3 + 1/3 = 2/3; df = (2/3)^2 / ((1/3)^2/2 + (1/3)^2/2) = (4/9) / (1/9) = 4 exactly.
        // t(0.975, 4) = 2.7764 (table); SE = 0.816497; half-width = 2.776445 * 0.816497 = 2.266958
        // difference = -3 -> CI (-5.266958, -0.733042)
        let c = SampleSummary(values: [1, 2, 3])
        let d = SampleSummary(values: [4, 5, 6])
        let result = MeanStatistics.welchDifference(c, d)
        #expect(result?.difference == -3)
        #expect(close(result?.degreesOfFreedom ?? .nan, 4, within: 1e-12))
        #expect(close(result?.interval.lower ?? .nan, -5.2670, within: 0.00005))
        #expect(close(result?.interval.upper ?? .nan, -0.7330, within: 0.00005))
    }

    @Test func welchWithOneConstantGroupUsesTheOthersDegreesOfFreedom() {
        // vb = 0: df = (va/na)^2 / ((va/na)^2/(na-1)) = na - 1 = 4; SE = sqrt(10/5) = 1.414214.
        // half-width = 2.776445 * 1.414214 = 3.926474; difference 104 - 100 = 4 -> (0.073526, 7.926474)
        let constant = SampleSummary(values: [100, 100, 100])
        let result = MeanStatistics.welchDifference(a, constant)
        #expect(close(result?.degreesOfFreedom ?? .nan, 4, within: 1e-12))
        #expect(close(result?.interval.lower ?? .nan, 0.0735, within: 0.00005))
        #expect(close(result?.interval.upper ?? .nan, 7.9265, within: 0.00005))
    }

    @Test func welchUndefinedCases() {
        #expect(MeanStatistics.welchDifference(a, SampleSummary(values: [100])) == nil)
        let flat = SampleSummary(values: [3, 3, 3])
        #expect(MeanStatistics.welchDifference(flat, flat) == nil)
    }

    @Test func hedgesGOnTheWorkedSamples() {
        // pooled variance = (4 * 10 + 2 * 25) / (5 + 3 - 2) = 90 / 6 = 15; pooled SD = sqrt 15 = 3.872983
        // d = 4 / 3.872983 = 1.032796; J = 1 - 3 / (4 * 8 - 9) = 1 - 3/23 = 20/23 = 0.869565
        // g = 1.032796 * 0.869565 = 0.898083
        let g = MeanStatistics.hedgesG(a, b)
        #expect(close(g ?? .nan, 0.898083, within: 5e-7))
        // Swapping the groups flips the sign.
        #expect(close(MeanStatistics.hedgesG(b, a) ?? .nan, -0.898083, within: 5e-7))
    }

    @Test func hedgesGUndefinedCases() {
        let flat = SampleSummary(values: [3, 3, 3])
        #expect(MeanStatistics.hedgesG(flat, flat) == nil)
        #expect(MeanStatistics.hedgesG(a, SampleSummary(values: [])) == nil)
        #expect(MeanStatistics.hedgesG(SampleSummary(values: [1]), SampleSummary(values: [2])) == nil)
    }
}
