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

    /// Which unknowns a system of linear equations fixes: `equations[i]` holds the coefficients of equation i over
    /// the unknowns (the known terms do not matter). Unknown j is fixed exactly when the unit vector e_j is a
    /// combination of the equations, that is when the reduced row echelon form has a row that is e_j. One
    /// elimination answers for every unknown at once (`isDerivable` asks for one); for auditing a pattern of
    /// withheld cells, with the published cells moved to the known side.
    static func determined(_ equations: [[Double]]) -> [Bool] {
        var rows = equations
        guard let width = rows.first?.count, width > 0 else { return [] }
        var pivotColumns: [Int] = []
        var rank = 0
        for column in 0..<width where rank < rows.count {
            guard let pivot = (rank..<rows.count).max(by: { abs(rows[$0][column]) < abs(rows[$1][column]) }),
                  abs(rows[pivot][column]) > 1e-9 else { continue }
            rows.swapAt(rank, pivot)
            let scale = rows[rank][column]
            for position in column..<width { rows[rank][position] /= scale }
            for other in rows.indices where other != rank && abs(rows[other][column]) > 1e-9 {
                let factor = rows[other][column]
                for position in column..<width { rows[other][position] -= factor * rows[rank][position] }
            }
            pivotColumns.append(column)
            rank += 1
        }
        var fixed = Array(repeating: false, count: width)
        for (row, column) in pivotColumns.enumerated()
        where rows[row].indices.allSatisfy({ $0 == column || abs(rows[row][$0]) <= 1e-9 }) {
            fixed[column] = true
        }
        return fixed
    }

    /// True when `target` is a linear combination of `published` (so its value follows from theirs).
    static func isDerivable(_ target: [Double], from published: [[Double]]) -> Bool {
        if target.allSatisfy({ $0 == 0 }) { return true }
        return rank(published + [target]) == rank(published)
    }
}
