import Foundation

/// Whether a withheld figure can be worked back out from published figures that are sums of the same counts.
///
/// A published table of counts is a set of linear equations: each figure is a sum of underlying counts (a
/// three-year rolling count is the sum of three yearly counts; a Total is Disadvantaged plus the rest). A withheld
/// figure is recoverable exactly when its own sum is a linear combination of the published ones, that is when
/// adding it to the published set does not raise the rank. This is the check statistical offices run on
/// overlapping or nested tables (Hundepool et al., "Statistical Disclosure Control", Wiley 2012, section 4.3.3:
/// a suppression pattern is safe only if no suppressed cell is determined by the published ones).
///
/// Vectors are short (two counts per year of data), so plain Gaussian elimination is enough; the entries are
/// small whole numbers and a tolerance of 1e-9 separates real pivots from rounding.
enum LinearDisclosureAudit {
    /// Rank of a set of vectors of equal length.
    static func rank(_ vectors: [[Double]]) -> Int {
        var rows = vectors
        guard let width = rows.first?.count, width > 0 else { return 0 }
        var rank = 0
        for column in 0..<width where rank < rows.count {
            guard let pivot = (rank..<rows.count).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[pivot][column]) > 1e-9 else { continue }
            rows.swapAt(rank, pivot)
            for other in (rank + 1)..<rows.count where abs(rows[other][column]) > 1e-9 {
                let factor = rows[other][column] / rows[rank][column]
                for position in column..<width { rows[other][position] -= factor * rows[rank][position] }
            }
            rank += 1
        }
        return rank
    }

    /// True when `target` is a linear combination of `published` (so its value follows from theirs).
    static func isDerivable(_ target: [Double], from published: [[Double]]) -> Bool {
        if target.allSatisfy({ $0 == 0 }) { return true }
        return rank(published + [target]) == rank(published)
    }
}
