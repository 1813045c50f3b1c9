/// Empirical Bayes shrinkage of school estimates toward their LA's mean (domain reference section 6: small
/// cohorts swing wildly, so rank schools on shrunk estimates and show the interval).
///
/// The normal-normal model of a random-effects meta-analysis: school i's raw estimate y_i has sampling variance
/// v_i (treated as known), and the schools' true values are spread around a mean mu with between-school
/// variance tau^2.
public enum EmpiricalBayes {
    /// The between-school spread of a set of school estimates.
    public struct BetweenSchoolEstimate: Sendable, Equatable {
        /// Schools in the estimate.
        public var count: Int
        /// DerSimonian-Laird tau^2 (0 when the schools vary no more than sampling error explains).
        public var tau2: Double
        /// Cochran's Q about the fixed-effect mean.
        public var q: Double
        /// The random-effects mean: sum w*_i y_i / sum w*_i with w*_i = 1 / (v_i + tau^2). The "LA mean" schools
        /// are shrunk toward.
        public var mean: Double
    }

    /// DerSimonian and Laird's method-of-moments estimate of tau^2 (DerSimonian, R. and Laird, N. (1986)
    /// "Meta-analysis in clinical trials", Controlled Clinical Trials 7, 177-188):
    ///     w_i = 1 / v_i,  y_w = sum w_i y_i / sum w_i,  Q = sum w_i (y_i - y_w)^2,
    ///     tau^2 = max(0, (Q - (k - 1)) / (sum w_i - sum w_i^2 / sum w_i)).
    /// nil when there are fewer than two schools or a variance is not positive and finite (no weight).
    public static func derSimonianLaird(_ estimates: [(value: Double, variance: Double)]) -> BetweenSchoolEstimate? {
        guard estimates.count >= 2, estimates.allSatisfy({ $0.variance > 0 && $0.variance.isFinite && $0.value.isFinite })
        else { return nil }
        let weights = estimates.map { 1 / $0.variance }
        let sumW = weights.reduce(0, +)
        let fixedMean = zip(weights, estimates).map { $0 * $1.value }.reduce(0, +) / sumW
        let q = zip(weights, estimates).map { $0 * ($1.value - fixedMean) * ($1.value - fixedMean) }.reduce(0, +)
        let scale = sumW - weights.map { $0 * $0 }.reduce(0, +) / sumW
        let tau2 = max(0, (q - Double(estimates.count - 1)) / scale)
        let randomWeights = estimates.map { 1 / ($0.variance + tau2) }
        let mean = zip(randomWeights, estimates).map { $0 * $1.value }.reduce(0, +) / randomWeights.reduce(0, +)
        return BetweenSchoolEstimate(count: estimates.count, tau2: tau2, q: q, mean: mean)
    }

    /// One school's shrunk estimate.
    public struct Shrunk: Sendable, Equatable {
        /// B = tau^2 / (tau^2 + v): 0 shrinks all the way to the mean, 1 keeps the raw estimate.
        public var factor: Double
        /// mean + B (raw - mean).
        public var value: Double
        /// value +/- z sqrt(B v): the posterior interval given mu and tau^2. It leaves out the uncertainty in the
        /// estimated mu and tau^2, so it is somewhat too narrow, most for schools shrunk hardest.
        public var interval: Interval
    }

    /// Shrinks a raw estimate with sampling variance `variance` toward `mean` given `tau2`.
    public static func shrink(value: Double, variance: Double, toward mean: Double, tau2: Double,
                              confidence: Double = 0.95) -> Shrunk {
        let factor = tau2 / (tau2 + variance)
        let shrunk = mean + factor * (value - mean)
        let halfWidth = Interval.normalCriticalValue(confidence: confidence) * (factor * variance).squareRoot()
        return Shrunk(factor: factor, value: shrunk, interval: Interval(lower: shrunk - halfWidth, upper: shrunk + halfWidth))
    }

    /// The sampling variance implied by a 95% (or other) interval: ((upper - lower) / (2 z))^2.
    public static func variance(from interval: Interval, confidence: Double = 0.95) -> Double {
        let standardError = (interval.upper - interval.lower) / (2 * Interval.normalCriticalValue(confidence: confidence))
        return standardError * standardError
    }
}
