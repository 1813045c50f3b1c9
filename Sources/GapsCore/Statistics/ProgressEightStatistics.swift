/// Confidence intervals for Progress 8 scores as the DfE publishes them.
public enum ProgressEightStatistics {
    /// P8 confidence interval: p8 +/- z * nationalSD / sqrt(n) (domain.md section 6). z from the confidence level (1.96 for 95%).
    ///
    /// DfE "Secondary accountability measures" technical guidance: the interval treats the national pupil-level
    /// standard deviation of P8 as known. At 95% the DfE uses z = 1.96 exactly, so that value is used to
    /// reproduce published school intervals; other levels use the exact normal quantile. A score is significantly
    /// above or below average when the whole interval is above or below 0. pupils > 0.
    public static func interval(
        score: Double, pupils: Int, nationalStandardDeviation: Double, confidence: Double = 0.95
    ) -> Interval {
        precondition(pupils > 0, "Progress 8 interval needs at least one pupil, got \(pupils)")
        let z = confidence == 0.95 ? 1.96 : Interval.normalCriticalValue(confidence: confidence)
        let halfWidth = z * nationalStandardDeviation / Double(pupils).squareRoot()
        return Interval(lower: score - halfWidth, upper: score + halfWidth)
    }
}
