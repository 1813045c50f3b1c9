import Foundation

/// Rounding as the Department for Education publishes figures.
public enum DfERounding {
    /// DfE's round_five_up: halves round away from zero (2.5 -> 3, -2.5 -> -3), robust to binary representation
    /// (e.g. 0.285 to 2 places -> 0.29; use a small epsilon or decimal arithmetic).
    ///
    /// Follows `round_five_up()` in the DfE's R package dfeR: z = |x| * 10^places, add 0.5 plus
    /// sqrt(machine epsilon) (about 1.5e-8), truncate, divide by 10^places, restore the sign. The epsilon is what
    /// makes 0.285 (stored as 0.28499999999999998) and 1.005 (1.00499999999999989) round up as a person expects,
    /// and following the DfE's own function keeps our rounded figures identical to theirs. Negative `places`
    /// round to tens, hundreds and so on. Rounding is for display only: files keep full precision (domain.md
    /// section 6). Non-finite values are returned unchanged.
    public static func roundHalfUp(_ value: Double, places: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10.0, Double(places))
        let scaled = abs(value) * scale
        let rounded = (scaled + 0.5 + Double.ulpOfOne.squareRoot()).rounded(.towardZero)
        let magnitude = rounded / scale
        return value < 0 ? -magnitude : magnitude
    }
}
