import Foundation

/// One group's count of pupils behind an average (pupils with a score), as a cell of an additive table, for
/// `Suppression.withheldAverages`. Only `pupilCount` is a count here; the two standards are not used.
struct AverageDenominatorCell<Key: Hashable>: MarginedCell {
    var tableKey: Key
    var filterValues: [String]
    var pupilCount: Int
    var withheld: WithheldParts = []

    var expectedStandardCount: Int { 0 }
    var higherStandardCount: Int { 0 }
    var scoredCount: Int? { nil }
}

extension Suppression {
    /// Which averages to withhold so that none of a small group can be recovered **(ours)**.
    ///
    /// An average over 1 to min-denominator - 1 pupils is withheld (primary). But a margin's average times its
    /// count, minus its published siblings' averages times theirs, is the withheld group's sum; with the group's
    /// count (published, or itself the margin's count minus the siblings') its average follows. So the counts
    /// behind averages are protected on their lines exactly as pupil counts are (`applyPrimaryAndSecondary`), and
    /// every average whose count is withheld is withheld too: a withheld group's sum then has at least two unknown
    /// counts beside it.
    ///
    /// - Parameters:
    ///   - counts: each cell's pupils with a score (the average's denominator).
    ///   - tableKeys: cells with the same key form one additive table.
    ///   - filterValues: each cell's filter values, `Total` for a margin, in one order within a table.
    ///   - alreadyWithheld: cells whose average is withheld anyway (their whole row, for instance).
    /// - Returns: for each cell, whether its average and its count behind it are withheld.
    func withheldAverages<Key: Hashable>(counts: [Int], tableKeys: [Key], filterValues: [[String]], alreadyWithheld: [Bool]) -> [Bool] {
        var cells = counts.indices.map { index in
            AverageDenominatorCell(tableKey: tableKeys[index], filterValues: filterValues[index], pupilCount: counts[index],
                                   withheld: alreadyWithheld[index] ? MarginCount.pupils.withheldParts : [])
        }
        applyPrimaryAndSecondary(to: &cells)
        return cells.map { $0.withheld.contains(.wholeCell) }
    }
}
