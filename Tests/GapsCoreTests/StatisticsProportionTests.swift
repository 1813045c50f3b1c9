import Testing
@testable import GapsCore

/// Wilson and Newcombe intervals. z = 1.959964 (95%), z^2 = 3.841459 throughout.
@Suite struct StatisticsProportionTests {
    /// Published-table precision: 4 decimal places.
    func close(_ actual: Double, _ expected: Double, within tolerance: Double = 0.00005) -> Bool {
        abs(actual - expected) <= tolerance
    }

    @Test func wilson81of263() {
        // Newcombe (1998, single proportion) example 81/263. Wilson: (2x + z^2 +/- z sqrt(z^2 + 4x(n-x)/n)) / (2(n + z^2))
        // centre = (162 + 3.841459) / (2 * 266.841459) = 165.841459 / 533.682918 = 0.310749
        // 4 * 81 * 182 / 263 = 224.212928; + 3.841459 = 228.054387; sqrt = 15.101470; * z = 29.598338
        // half = 29.598338 / 533.682918 = 0.055460 -> (0.255289, 0.366210) -> 0.2553, 0.3662
        let interval = ProportionStatistics.wilsonInterval(successes: 81, total: 263)
        #expect(close(interval.lower, 0.2553))
        #expect(close(interval.upper, 0.3662))
    }

    @Test func wilson15of148() {
        // centre = (30 + 3.841459) / (2 * 151.841459) = 33.841459 / 303.682918 = 0.111437
        // 4 * 15 * 133 / 148 = 53.918919; + 3.841459 = 57.760378; sqrt = 7.600025; * z = 14.895775
        // half = 14.895775 / 303.682918 = 0.049050 -> (0.062386, 0.160487) -> 0.0624, 0.1605
        let interval = ProportionStatistics.wilsonInterval(successes: 15, total: 148)
        #expect(close(interval.lower, 0.0624))
        #expect(close(interval.upper, 0.1605))
    }

    @Test func wilsonZeroSuccessesHasLowerLimitExactlyZero() {
        // x = 0: centre = z^2 / (2(n + z^2)), half = z * sqrt(z^2) / (2(n + z^2)) = z^2 / (2(n + z^2)) -> lower 0.
        // upper = 2 * 3.841459 / (2 * 13.841459) = 0.277533
        let interval = ProportionStatistics.wilsonInterval(successes: 0, total: 10)
        #expect(interval.lower == 0)
        #expect(close(interval.upper, 0.2775))
    }

    @Test func wilsonAllSuccessesHasUpperLimitExactlyOne() {
        // Mirror image of 0/10: (1 - 0.277533, 1).
        let interval = ProportionStatistics.wilsonInterval(successes: 10, total: 10)
        #expect(interval.upper == 1)
        #expect(close(interval.lower, 0.7225))
    }

    @Test func wilson99PercentIsWider() {
        // 99%: z = 2.575829, z^2 = 6.634897. 81/263: centre = (162 + 6.634897) / (2 * 269.634897) = 0.312709
        // 224.212928 + 6.634897 = 230.847825; sqrt = 15.193677; * z = 39.136313; / 539.269794 = 0.072573
        // -> (0.240137, 0.385283)
        let interval = ProportionStatistics.wilsonInterval(successes: 81, total: 263, confidence: 0.99)
        #expect(close(interval.lower, 0.2401))
        #expect(close(interval.upper, 0.3853))
    }

    // Newcombe (1998) "Interval estimation for the difference between independent proportions", method 10:
    // lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2), upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2),
    // with (l, u) the Wilson limits worked as above.

    @Test func newcombe56of70Versus48of80() {
        // 56/70: p1 = 0.8, Wilson (0.691834, 0.876953); 48/80: p2 = 0.6, Wilson (0.490455, 0.700382).
        // lower = 0.2 - sqrt(0.108166^2 + 0.100382^2) = 0.2 - sqrt(0.011700 + 0.010077) = 0.2 - 0.147569 = 0.052431
        // upper = 0.2 + sqrt(0.076953^2 + 0.109545^2) = 0.2 + sqrt(0.005922 + 0.012000) = 0.2 + 0.133873 = 0.333873
        let result = ProportionStatistics.newcombeDifference(successes1: 56, total1: 70, successes2: 48, total2: 80)
        #expect(result != nil)
        #expect(close(result?.difference ?? .nan, 0.2000))
        #expect(close(result?.interval.lower ?? .nan, 0.0524))
        #expect(close(result?.interval.upper ?? .nan, 0.3339))
    }

    @Test func newcombe9of10Versus3of10() {
        // 9/10: Wilson (0.595850, 0.982124); 3/10: Wilson (0.107791, 0.603222). d = 0.6.
        // lower = 0.6 - sqrt(0.304150^2 + 0.303222^2) = 0.6 - sqrt(0.092507 + 0.091944) = 0.6 - 0.429477 = 0.170523
        // upper = 0.6 + sqrt(0.082124^2 + 0.192209^2) = 0.6 + sqrt(0.006744 + 0.036944) = 0.6 + 0.209018 = 0.809018
        let result = ProportionStatistics.newcombeDifference(successes1: 9, total1: 10, successes2: 3, total2: 10)
        #expect(close(result?.difference ?? .nan, 0.6000))
        #expect(close(result?.interval.lower ?? .nan, 0.1705))
        #expect(close(result?.interval.upper ?? .nan, 0.8090))
    }

    @Test func newcombe6of7Versus2of7() {
        // 6/7: p1 = 0.857143, Wilson (0.486872, 0.974320); 2/7: p2 = 0.285714, Wilson (0.082219, 0.641066).
        // d = 0.571429
        // lower = 0.571429 - sqrt(0.370271^2 + 0.355352^2) = 0.571429 - sqrt(0.137101 + 0.126275) = 0.571429 - 0.513201 = 0.058228
        // upper = 0.571429 + sqrt(0.117177^2 + 0.203495^2) = 0.571429 + sqrt(0.013730 + 0.041410) = 0.571429 + 0.234819 = 0.806248
        let result = ProportionStatistics.newcombeDifference(successes1: 6, total1: 7, successes2: 2, total2: 7)
        #expect(close(result?.difference ?? .nan, 0.5714))
        #expect(close(result?.interval.lower ?? .nan, 0.0582))
        #expect(close(result?.interval.upper ?? .nan, 0.8062))
    }

    @Test func newcombe5of56Versus0of29() {
        // 5/56: p1 = 0.089286, Wilson (0.038742, 0.192560); 0/29: p2 = 0, Wilson (0, 0.116970).
        // lower = 0.089286 - sqrt(0.050544^2 + 0.116970^2) = 0.089286 - sqrt(0.002555 + 0.013682) = 0.089286 - 0.127423 = -0.038137
        // upper = 0.089286 + sqrt(0.103274^2 + 0^2) = 0.192560 (the upper Wilson limit of 5/56 itself)
        let result = ProportionStatistics.newcombeDifference(successes1: 5, total1: 56, successes2: 0, total2: 29)
        #expect(close(result?.difference ?? .nan, 0.0893))
        #expect(close(result?.interval.lower ?? .nan, -0.0381))
        #expect(close(result?.interval.upper ?? .nan, 0.1926))
    }

    @Test func newcombeBothZeroIsSymmetric() {
        // 0/10 vs 0/10: both Wilson (0, 0.277533); lower = 0 - sqrt(0 + 0.277533^2), upper = 0 + sqrt(0.277533^2 + 0).
        let result = ProportionStatistics.newcombeDifference(successes1: 0, total1: 10, successes2: 0, total2: 10)
        #expect(result?.difference == 0)
        #expect(close(result?.interval.lower ?? .nan, -0.2775))
        #expect(close(result?.interval.upper ?? .nan, 0.2775))
    }

    @Test func newcombeAllVersusNoneStopsAtOne() {
        // 10/10: Wilson (0.722467, 1); 0/10: Wilson (0, 0.277533). d = 1.
        // lower = 1 - sqrt(0.277533^2 + 0.277533^2) = 1 - 0.392491 = 0.607509; upper = 1 + sqrt(0 + 0) = 1.
        let result = ProportionStatistics.newcombeDifference(successes1: 10, total1: 10, successes2: 0, total2: 10)
        #expect(close(result?.interval.lower ?? .nan, 0.6075))
        #expect(result?.interval.upper == 1)
    }

    @Test func newcombeReversedGroupsMirrorTheInterval() {
        // p2 - p1 has interval (-upper, -lower) of p1 - p2: the formula swaps the two square roots.
        let forward = ProportionStatistics.newcombeDifference(successes1: 56, total1: 70, successes2: 48, total2: 80)
        let reverse = ProportionStatistics.newcombeDifference(successes1: 48, total1: 80, successes2: 56, total2: 70)
        #expect(close(reverse?.interval.lower ?? .nan, -(forward?.interval.upper ?? .nan), within: 1e-12))
        #expect(close(reverse?.interval.upper ?? .nan, -(forward?.interval.lower ?? .nan), within: 1e-12))
    }

    @Test func newcombeEmptyGroupIsNil() {
        #expect(ProportionStatistics.newcombeDifference(successes1: 0, total1: 0, successes2: 3, total2: 10) == nil)
        #expect(ProportionStatistics.newcombeDifference(successes1: 3, total1: 10, successes2: 0, total2: 0) == nil)
    }
}
