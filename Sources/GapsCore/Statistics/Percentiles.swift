/// Percentiles of a score distribution (quartile bands, medians for charts).
public enum Percentiles {
    /// Percentile of a sorted sample by linear interpolation between order statistics (Hyndman-Fan type 7, as R's
    /// and numpy's default); p in 0...1. nil for an empty sample.
    ///
    /// Hyndman, R. J. and Fan, Y. (1996) "Sample quantiles in statistical packages", The American Statistician
    /// 50, 361-365, definition 7: h = (n - 1)p, Q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])
    /// with 0-based x. Chosen so figures match what an analyst gets from R or numpy on the same data.
    /// The caller sorts (ascending) once and asks for several percentiles; p outside 0...1 is a programming error.
    public static func value(sorted: [Double], p: Double) -> Double? {
        precondition(p >= 0 && p <= 1, "percentile p must lie in 0...1, got \(p)")
        guard !sorted.isEmpty else { return nil }
        let position = Double(sorted.count - 1) * p
        let below = Int(position.rounded(.down))
        let fraction = position - Double(below)
        guard below + 1 < sorted.count, fraction > 0 else { return sorted[below] }
        return sorted[below] + fraction * (sorted[below + 1] - sorted[below])
    }
}
