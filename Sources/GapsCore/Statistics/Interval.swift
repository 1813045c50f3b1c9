/// A two-sided confidence interval.
///
/// Every gap the pipeline publishes carries one, because small cohorts swing wildly and the interval, not the
/// point estimate, is what tells a reader whether a gap is real (domain.md section 6).
public struct Interval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}

extension Interval {
    /// The two-sided standard normal critical value for a confidence level, e.g. 1.959964 for 0.95.
    ///
    /// Shared by every normal-theory interval here so the mapping from confidence to z is written once.
    static func normalCriticalValue(confidence: Double) -> Double {
        precondition(confidence > 0 && confidence < 1, "confidence must be strictly between 0 and 1, got \(confidence)")
        return Distributions.normalQuantile((1 + confidence) / 2)
    }
}
