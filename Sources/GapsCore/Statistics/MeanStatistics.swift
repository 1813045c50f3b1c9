/// Count, mean and sample variance (n-1 denominator) of a sample.
///
/// Aggregation keeps groups as summaries, so national comparator figures read from an Explore Education
/// Statistics file (which publishes counts, means and SDs, not pupils) go through the same code as local groups.
public struct SampleSummary: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample variance with the n - 1 denominator; 0 when count < 2.
    public var variance: Double

    public init(count: Int, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    /// Summarises values by the corrected two-pass algorithm (Chan, Golub and LeVeque 1983, "Algorithms for
    /// computing the sample variance", The American Statistician 37, 242-247): mean first, then squared
    /// deviations, minus the rounding error of the mean, so scaled scores near 100 with small spread lose no
    /// digits as the naive sum-of-squares formula would. Variance is 0 when count < 2; mean is 0 for no values.
    public init(values: [Double]) {
        let count = values.count
        guard count > 0 else {
            self.init(count: 0, mean: 0, variance: 0)
            return
        }
        let n = Double(count)
        let mean = values.reduce(0, +) / n
        guard count > 1 else {
            self.init(count: count, mean: mean, variance: 0)
            return
        }
        var sumOfSquares = 0.0
        var sumOfDeviations = 0.0
        for value in values {
            let deviation = value - mean
            sumOfSquares += deviation * deviation
            sumOfDeviations += deviation
        }
        let variance = max(0, (sumOfSquares - sumOfDeviations * sumOfDeviations / n) / (n - 1))
        self.init(count: count, mean: mean, variance: variance)
    }

    public var standardDeviation: Double { variance.squareRoot() }
}

/// Gaps in mean scores between two groups.
public enum MeanStatistics {
    /// Difference a.mean - b.mean with a Welch t interval (Welch-Satterthwaite df). nil when either count < 2 or
    /// both variances are 0.
    ///
    /// Welch, B. L. (1947) Biometrika 34, 28-35; Satterthwaite, F. E. (1946) Biometrics Bulletin 2, 110-114.
    /// SE^2 = va/na + vb/nb, df = SE^4 / ((va/na)^2/(na-1) + (vb/nb)^2/(nb-1)), interval
    /// difference +/- t(1 - alpha/2, df) * SE. Welch rather than the pooled t because a school's disadvantaged
    /// group and the national non-disadvantaged group differ greatly in size and spread (domain.md section 6).
    public static func welchDifference(
        _ a: SampleSummary, _ b: SampleSummary, confidence: Double = 0.95
    ) -> (difference: Double, interval: Interval, degreesOfFreedom: Double)? {
        guard a.count >= 2, b.count >= 2, a.variance > 0 || b.variance > 0 else { return nil }
        precondition(confidence > 0 && confidence < 1, "confidence must be strictly between 0 and 1, got \(confidence)")
        let termA = a.variance / Double(a.count)
        let termB = b.variance / Double(b.count)
        let standardErrorSquared = termA + termB
        let degreesOfFreedom = standardErrorSquared * standardErrorSquared
            / (termA * termA / Double(a.count - 1) + termB * termB / Double(b.count - 1))
        let t = Distributions.studentTQuantile((1 + confidence) / 2, degreesOfFreedom: degreesOfFreedom)
        let halfWidth = t * standardErrorSquared.squareRoot()
        let difference = a.mean - b.mean
        return (difference, Interval(lower: difference - halfWidth, upper: difference + halfWidth), degreesOfFreedom)
    }

    /// Hedges' g of a versus b: (mean a - mean b) / pooled SD, times the small-sample correction
    /// J = 1 - 3/(4(na+nb)-9). nil when not defined.
    ///
    /// Hedges, L. V. (1981) J. Educational Statistics 6, 107-128; Hedges and Olkin (1985) "Statistical Methods
    /// for Meta-Analysis", eq. 5.10 approximation of J. Pooled SD = sqrt(((na-1)va + (nb-1)vb) / (na+nb-2)).
    /// Undefined (nil) when a group is empty, na + nb < 3 (no pooled degrees of freedom) or the pooled SD is 0.
    public static func hedgesG(_ a: SampleSummary, _ b: SampleSummary) -> Double? {
        guard a.count >= 1, b.count >= 1, a.count + b.count >= 3 else { return nil }
        let total = Double(a.count + b.count)
        let pooledVariance = (Double(a.count - 1) * a.variance + Double(b.count - 1) * b.variance) / (total - 2)
        guard pooledVariance > 0, pooledVariance.isFinite else { return nil }
        let correction = 1 - 3 / (4 * total - 9)
        return (a.mean - b.mean) / pooledVariance.squareRoot() * correction
    }
}

extension MeanStatistics {
    /// Difference sample.mean - reference for a mean against a value known without error (a national mean), with
    /// a one-sample t interval: difference +/- t(1 - alpha/2, n - 1) * s / sqrt(n). nil when count < 2 or the
    /// sample has no spread (variance 0).
    ///
    /// Student (1908); the reference is fixed, so only the local mean's standard error counts.
    public static func oneSampleDifference(
        _ sample: SampleSummary, from reference: Double, confidence: Double = 0.95
    ) -> (difference: Double, interval: Interval, degreesOfFreedom: Double)? {
        guard sample.count >= 2, sample.variance > 0 else { return nil }
        precondition(confidence > 0 && confidence < 1, "confidence must be strictly between 0 and 1, got \(confidence)")
        let degreesOfFreedom = Double(sample.count - 1)
        let t = Distributions.studentTQuantile((1 + confidence) / 2, degreesOfFreedom: degreesOfFreedom)
        let halfWidth = t * (sample.variance / Double(sample.count)).squareRoot()
        let difference = sample.mean - reference
        return (difference, Interval(lower: difference - halfWidth, upper: difference + halfWidth), degreesOfFreedom)
    }
}
