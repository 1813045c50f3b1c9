import Foundation

extension Suppression {
    /// Secondary suppression of one published count column **(ours)**, for tables whose counts primary suppression
    /// has already marked (`c` in the row) with thresholds of their own.
    ///
    /// A withheld count could otherwise be worked out as its line's margin minus the published siblings (or as the
    /// sum of the children), so the same engine as `applyPrimaryAndSecondary` protects the column on its lines
    /// (`SecondarySuppression`), with the column as the engine's only count and no thresholds applied again: the
    /// caller's primary marks are taken as they are. Zeros implied by published zeros are not protected.
    ///
    /// - Parameters:
    ///   - counts: each cell's value of the count.
    ///   - tableKeys: cells with the same key form one additive table.
    ///   - filterValues: each cell's filter values, `Total` for a margin, in one order within a table.
    ///   - alreadyWithheld: cells whose count is withheld already.
    ///   - neverWithhold: cells that must not be chosen as complements (empty: any may be).
    ///   - extraLines: further lines, as positions in `counts` (the margin first, all of one table), for sums the
    ///     filters cannot express (a histogram's bands at or above a threshold add up to a published count).
    /// - Returns: for each cell, whether its count is withheld (never fewer than `alreadyWithheld`); and how many
    ///   counts withheld beforehand a line gives back with nothing left on it to withhold
    ///   (`SecondarySuppression.protect`), for the summary.
    func withheldCounts<Key: Hashable>(_ counts: [Int], tableKeys: [Key], filterValues: [[String]], alreadyWithheld: [Bool],
                                       neverWithhold: [Bool] = [], extraLines: [[Int]] = []) -> (withheld: [Bool], unprotected: Int) {
        var tables: [Key: [Int]] = [:]
        var tableOrder: [Key] = []
        for (position, key) in tableKeys.enumerated() {
            if tables[key] == nil { tableOrder.append(key) }
            tables[key, default: []].append(position)
        }
        var extraByTable: [Key: [[Int]]] = [:]
        for line in extraLines where !line.isEmpty { extraByTable[tableKeys[line[0]], default: []].append(line) }
        var result = alreadyWithheld
        var unprotected = 0
        for key in tableOrder {
            let members = tables[key]!
            let hidden = members.map { alreadyWithheld[$0] }
            let zeros = members.map { _ in 0 }
            var local: [Int: Int] = [:]
            for (position, member) in members.enumerated() { local[member] = position }
            let extra = (extraByTable[key] ?? []).map { line in line.compactMap { local[$0] } }
            // The column is the engine's pupil count; its two numerators are zeros withheld everywhere, so that
            // they add no lines to protect and no zeros to rely on (the pupil count's protection never looks at
            // them), and withholding a pupil count withholds no published zero, which would make the engine
            // recompute its known zeros.
            let everywhere = members.map { _ in true }
            var protection = SecondarySuppression(
                lines: MarginedTableLines.lines(filterValues: members.map { filterValues[$0] }, margin: PublishedFilter.total) + extra,
                values: [members.map { counts[$0] }, zeros, zeros], hidden: [hidden, everywhere, everywhere])
            if !neverWithhold.isEmpty { protection.fixed = members.map { neverWithhold[$0] } }
            unprotected += protection.protect()
            for (local, position) in members.enumerated() where protection.hidden[MarginCount.pupils.rawValue][local] {
                result[position] = true
            }
        }
        return (result, unprotected)
    }
}

/// One published count column of a table whose rows hold several counts (progress, entitlement), with its
/// percentage and the count that is its denominator, for `PublishedCountProtection`.
struct ProtectedCountColumn {
    /// The count's index in the row's fields.
    var count: Int
    /// Its percentage's index, if one is published.
    var percent: Int?
    /// The index in the protection's `columns` of the count that is this one's denominator; nil for the row's own
    /// pupil count (column 0) or a count published without a percentage.
    var denominator: Int?
}

/// Secondary suppression of every count of tables whose rows hold several counts out of different denominators
/// (`progress.csv`, `entitlement.csv`) **(ours)**. Primary suppression (`CountPublisher`) leaves `c` in the rows;
/// this withholds further counts so that none can be worked out from a margin and its siblings.
///
/// Column 0 is the row's pupil count: it is protected first, and a row whose pupil count is withheld is `c`
/// throughout (except `z`), as in primary suppression. Then each other count in order, on the same lines
/// (`Suppression.withheldCounts`); a withheld count withholds its percentage (percentage x denominator / 100 gives
/// it back), and a withheld denominator withholds the percentages over it (a published count over its percentage
/// gives the denominator back). Each pass only adds `c`, and a count's lines involve that count alone, so a later
/// column's pass cannot expose an earlier one: one pass per column is stable. A `z` count (not applicable) is
/// never withheld and counts as 0.
enum PublishedCountProtection {
    /// - Parameters:
    ///   - rows: each row's fields, `c` where primary suppression withheld.
    ///   - counts: each row's values of `columns`, in the same order.
    ///   - firstIndicator: the index of the first indicator field (the row's fields before it are its filters).
    static func protect<Key: Hashable>(_ rows: inout [[String]], counts: [[Int]], columns: [ProtectedCountColumn], firstIndicator: Int,
                                       tableKeys: [Key], filterValues: [[String]], suppression: Suppression) {
        let suppressed = EESSymbol.suppressed
        for (columnIndex, column) in columns.enumerated() {
            let applicable = rows.map { $0[column.count] != EESSymbol.notApplicable }
            let withheld = suppression.withheldCounts(
                rows.indices.map { applicable[$0] ? counts[$0][columnIndex] : 0 }, tableKeys: tableKeys, filterValues: filterValues,
                alreadyWithheld: rows.map { $0[column.count] == suppressed }).withheld
            for row in rows.indices where withheld[row] && applicable[row] {
                if columnIndex == 0 {
                    for field in firstIndicator..<rows[row].count where rows[row][field] != EESSymbol.notApplicable {
                        rows[row][field] = suppressed
                    }
                } else {
                    rows[row][column.count] = suppressed
                    if let percent = column.percent, rows[row][percent] != EESSymbol.notApplicable { rows[row][percent] = suppressed }
                }
            }
        }
        for column in columns {
            guard let percent = column.percent, let denominator = column.denominator else { continue }
            for row in rows.indices where rows[row][columns[denominator].count] == suppressed && rows[row][percent] != EESSymbol.notApplicable {
                rows[row][percent] = suppressed
            }
        }
    }
}
