/// Intervals for percentages ("% reaching the expected standard") and gaps between them.
///
/// Score-based intervals are used rather than the textbook Wald p +/- z sqrt(p(1-p)/n) because school groups are
/// small and often at 0% or 100%, where the Wald interval collapses to zero width or leaves 0...1.
public enum ProportionStatistics {
    /// Wilson score interval for successes/total (Newcombe 1998 method 3, no continuity correction). total > 0.
    ///
    /// Wilson, E. B. (1927) JASA 22, 209-212; Newcombe, R. G. (1998) "Two-sided confidence intervals for the
    /// single proportion: comparison of seven methods", Statistics in Medicine 17, 857-872, method 3:
    ///     (2np + z^2 +/- z sqrt(z^2 + 4np(1-p))) / (2(n + z^2)).
    /// At 0 successes the lower limit is exactly 0, and at `total` successes the upper limit is exactly 1
    /// (the formula gives these in exact arithmetic; they are set directly so rounding cannot leave 1e-17).
    public static func wilsonInterval(successes: Int, total: Int, confidence: Double = 0.95) -> Interval {
        precondition(total > 0, "Wilson interval needs a positive total, got \(total)")
        precondition(successes >= 0 && successes <= total, "successes \(successes) must lie in 0...\(total)")
        let z = Interval.normalCriticalValue(confidence: confidence)
        let n = Double(total)
        let x = Double(successes)
        let zSquared = z * z
        let centre = (2 * x + zSquared) / (2 * (n + zSquared))
        // np(1-p) = x(n-x)/n, kept in counts to avoid forming p first.
        let halfWidth = z * (zSquared + 4 * x * (n - x) / n).squareRoot() / (2 * (n + zSquared))
        let lower = successes == 0 ? 0 : max(0, centre - halfWidth)
        let upper = successes == total ? 1 : min(1, centre + halfWidth)
        return Interval(lower: lower, upper: upper)
    }

    /// Difference p1 - p2 with Newcombe's hybrid score interval (Newcombe 1998, method 10). nil if a total is 0.
    ///
    /// Newcombe, R. G. (1998) "Interval estimation for the difference between independent proportions:
    /// comparison of eleven methods", Statistics in Medicine 17, 873-890, method 10. With Wilson limits
    /// (l1, u1) for p1 and (l2, u2) for p2 and d = p1 - p2:
    ///     lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2),   upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2).
    /// This is the method domain.md section 6 names for gaps in percentages: good coverage at small n and
    /// never outside -1...1.
    public static func newcombeDifference(
        successes1: Int, total1: Int, successes2: Int, total2: Int, confidence: Double = 0.95
    ) -> (difference: Double, interval: Interval)? {
        guard total1 > 0, total2 > 0 else { return nil }
        let p1 = Double(successes1) / Double(total1)
        let p2 = Double(successes2) / Double(total2)
        let first = wilsonInterval(successes: successes1, total: total1, confidence: confidence)
        let second = wilsonInterval(successes: successes2, total: total2, confidence: confidence)
        let difference = p1 - p2
        let below = ((p1 - first.lower) * (p1 - first.lower) + (second.upper - p2) * (second.upper - p2)).squareRoot()
        let above = ((first.upper - p1) * (first.upper - p1) + (p2 - second.lower) * (p2 - second.lower)).squareRoot()
        return (difference, Interval(lower: max(-1, difference - below), upper: min(1, difference + above)))
    }
}

extension ProportionStatistics {
    /// Difference p - reference for a proportion against a value known without error (a national figure), with
    /// the Wilson score interval of p shifted by the reference: (l - reference, u - reference). nil if total is 0.
    ///
    /// The Wilson interval (Newcombe 1998, method 3) rather than Wald for the reasons given on the type; the
    /// reference is fixed, so it contributes no width. Worked check: 81/263 has Wilson limits 0.2553 to 0.3662
    /// (the textbook example); against a fixed 0.25 the difference is 0.0580, interval 0.0053 to 0.1162.
    public static func differenceFromFixed(
        successes: Int, total: Int, reference: Double, confidence: Double = 0.95
    ) -> (difference: Double, interval: Interval)? {
        guard total > 0 else { return nil }
        let wilson = wilsonInterval(successes: successes, total: total, confidence: confidence)
        let p = Double(successes) / Double(total)
        return (p - reference, Interval(lower: wilson.lower - reference, upper: wilson.upper - reference))
    }
}
