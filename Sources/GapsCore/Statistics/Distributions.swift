import Foundation

/// Normal and Student t distribution functions, written out so the core library needs nothing beyond Foundation.
public enum Distributions {
    /// Inverse of the standard normal CDF.
    ///
    /// Wichura, M. J. (1988) "Algorithm AS 241: The percentage points of the normal distribution", Applied
    /// Statistics 37(3), 477-484 (PPND16): three rational approximations (central region, intermediate tail,
    /// far tail), relative accuracy about 1e-16, far better than the 1e-9 the intervals need.
    /// Returns -infinity for p = 0, +infinity for p = 1 and NaN outside 0...1.
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }

        let q = p - 0.5
        if abs(q) <= 0.425 {
            // Central region, 0.075 <= p <= 0.925.
            let r = 0.180625 - q * q
            let numerator = ((((((((2509.0809287301226727 * r + 33430.575583588128105) * r
                + 67265.770927008700853) * r + 45921.953931549871457) * r
                + 13731.693765509461125) * r + 1971.5909503065514427) * r
                + 133.14166789178437745) * r + 3.387132872796366608))
            let denominator = ((((((((5226.495278852854561 * r + 28729.085735721942674) * r
                + 39307.89580009271061) * r + 21213.794301586595867) * r
                + 5394.1960214247511077) * r + 687.1870074920579083) * r
                + 42.313330701600911252) * r + 1.0))
            return q * numerator / denominator
        }

        // Tails: work with the smaller tail area so precision is not lost near 1.
        var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
        let magnitude: Double
        if r <= 5 {
            r -= 1.6
            let numerator = ((((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r
                + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                + 4.6303378461565452959) * r + 1.42343711074968357734))
            let denominator = ((((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r
                + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                + 2.05319162663775882187) * r + 1.0))
            magnitude = numerator / denominator
        } else {
            r -= 5
            let numerator = ((((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r
                + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                + 0.29656057182850489123) * r + 1.7848265399172913358) * r
                + 5.4637849111641143699) * r + 6.6579046435011037772))
            let denominator = ((((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r
                + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
                + 0.59983220655588793769) * r + 1.0))
            magnitude = numerator / denominator
        }
        return q < 0 ? -magnitude : magnitude
    }

    /// Student t cumulative distribution function, P(T <= t), for any positive (also non-integer) degrees of freedom.
    ///
    /// Uses the identity P(|T| > t) = I_x(df/2, 1/2) with x = df / (df + t^2), where I is the regularised
    /// incomplete beta function, evaluated by its continued fraction (modified Lentz; Press et al., Numerical
    /// Recipes, section 6.4). Returns NaN for df <= 0 or NaN inputs; df = infinity gives the normal CDF.
    public static func studentTCDF(_ t: Double, degreesOfFreedom: Double) -> Double {
        guard !t.isNaN, !degreesOfFreedom.isNaN, degreesOfFreedom > 0 else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = studentTUpperTail(abs(t), degreesOfFreedom: degreesOfFreedom)
        return t >= 0 ? 1 - tail : tail
    }

    /// Quantile (inverse CDF) of Student's t, for any positive degrees of freedom including the non-integer ones
    /// Welch-Satterthwaite produces.
    ///
    /// Inverts the upper-tail probability directly (so quantiles near p = 1 keep their precision) by Newton steps
    /// on the t density, safeguarded by bisection inside a bracket that always contains the root, so it cannot
    /// diverge for small df (df = 1 has tails heavy enough to throw plain Newton out of range).
    /// Returns -infinity / +infinity for p = 0 / 1, NaN for p outside 0...1 or df <= 0.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom: Double) -> Double {
        guard p >= 0, p <= 1, !degreesOfFreedom.isNaN, degreesOfFreedom > 0 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if degreesOfFreedom > normalApproximationDegreesOfFreedom { return normalQuantile(p) }

        // By symmetry solve for the upper tail area `target` = P(T > t) with t > 0.
        let target = p > 0.5 ? 1 - p : p
        let sign: Double = p > 0.5 ? 1 : -1
        let df = degreesOfFreedom

        // Bracket: tail(0) = 0.5 > target; double the upper end until its tail falls below target.
        var low = 0.0
        var high = 1.0
        while studentTUpperTail(high, degreesOfFreedom: df) > target {
            low = high
            high *= 2
            if high > 1e300 { return sign * .infinity }
        }

        // Start from the normal quantile (exact as df grows), pulled into the bracket if needed.
        var t = -normalQuantile(target)
        if !(t > low && t < high) { t = (low + high) / 2 }
        for _ in 0..<200 {
            let difference = studentTUpperTail(t, degreesOfFreedom: df) - target
            if difference == 0 { return sign * t }
            // The tail falls as t rises, so a positive difference means the root lies above t.
            if difference > 0 { low = t } else { high = t }
            let density = studentTDensity(t, degreesOfFreedom: df)
            var next = t + difference / density   // Newton: d(tail)/dt = -density
            if !(next > low && next < high) || !next.isFinite { next = (low + high) / 2 }
            if abs(next - t) <= 1e-15 * max(1, abs(t)) || high - low <= 1e-15 * max(1, high) {
                return sign * next
            }
            t = next
        }
        return sign * t
    }

    // MARK: - Internals

    /// Above this many degrees of freedom the t distribution is taken as normal: quantiles differ by about
    /// (z^3 + z) / (4 df), around 1e-8 relative at most, and the continued fraction would need ever more terms.
    static let normalApproximationDegreesOfFreedom = 1e8

    /// P(T > t) for t >= 0: half the two-sided tail, 0.5 * I_{df/(df+t^2)}(df/2, 1/2).
    static func studentTUpperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
        if df > normalApproximationDegreesOfFreedom { return 0.5 * erfc(t / 2.0.squareRoot()) }
        let x = df / (df + t * t)
        return 0.5 * regularisedIncompleteBeta(x, a: df / 2, b: 0.5)
    }

    /// Density of Student's t: Gamma((df+1)/2) / (sqrt(df pi) Gamma(df/2)) * (1 + t^2/df)^(-(df+1)/2).
    static func studentTDensity(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let logDensity = logGammaDifference(df / 2, plus: 0.5) - 0.5 * log(df * Double.pi)
            - (df + 1) / 2 * log1p(t * t / df)
        return exp(logDensity)
    }

    /// The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1.
    ///
    /// Numerical Recipes (Press et al., 3rd ed., section 6.4): the continued fraction converges quickly for
    /// x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 - I_{1-x}(b,a).
    static func regularisedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        // log of x^a (1-x)^b / (a B(a,b)) without the 1/a, which each branch applies with its own parameter.
        let logFront = logGammaDifference(max(a, b), plus: min(a, b)) - lgamma(min(a, b))
            + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * incompleteBetaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * incompleteBetaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// log Gamma(a + b) - log Gamma(a) for a >= b > 0, without the cancellation of subtracting two huge lgamma
    /// values when a is large (df in the thousands and up): there Stirling's series gives the difference as
    /// (a - 1/2) log1p(b/a) + b log(a + b) - b + 1/(12(a+b)) - 1/(12a) - 1/(360(a+b)^3) + 1/(360a^3).
    static func logGammaDifference(_ a: Double, plus b: Double) -> Double {
        guard a >= 1000 else { return lgamma(a + b) - lgamma(a) }
        let sum = a + b
        return (a - 0.5) * log1p(b / a) + b * log(sum) - b
            + (1 / sum - 1 / a) / 12 - (1 / (sum * sum * sum) - 1 / (a * a * a)) / 360
    }

    /// The continued fraction for the incomplete beta function by the modified Lentz method.
    private static func incompleteBetaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let sumAB = a + b
        let aPlusOne = a + 1
        let aMinusOne = a - 1
        var c = 1.0
        var d = 1 - sumAB * x / aPlusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...100_000 {
            let m = Double(m)
            let twoM = 2 * m
            // Even step.
            var coefficient = m * (b - m) * x / ((aMinusOne + twoM) * (a + twoM))
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            coefficient = -(a + m) * (sumAB + m) * x / ((a + twoM) * (aPlusOne + twoM))
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let change = d * c
            result *= change
            if abs(change - 1) < epsilon { break }
        }
        return result
    }
}
