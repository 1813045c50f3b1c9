import Foundation

extension AttainmentTable {
    /// Withholds every average scaled score whose pupils with a score could be worked out, or whose group's sum
    /// could (`Suppression.withheldAverages`): the counts behind averages are published in `distributions.csv` and
    /// `gaps.csv`, so a small group's average would otherwise follow from its Total's and its siblings'. Lines as for
    /// the pupil counts (sex, disadvantage, ethnicity, and the LA with its schools across places), per subject.
    static func withholdAverages(_ cells: inout [AttainmentCell], suppression: Suppression) {
        let scored = cells.indices.filter { cells[$0].scores != nil }
        let withheld = suppression.withheldAverages(
            counts: scored.map { cells[$0].scores?.count ?? 0 }, tableKeys: scored.map { cells[$0].tableKey },
            filterValues: scored.map { cells[$0].filterValues },
            alreadyWithheld: scored.map { cells[$0].withheld.contains(.averageScore) })
        for (position, isWithheld) in zip(scored, withheld) where isWithheld {
            cells[position].withheld.insert(.averageScore)
        }
    }
}
