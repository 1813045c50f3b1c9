import Foundation

/// What `attainment-by-characteristic.csv` withholds of the pupils that `gap-index.csv` ranks, so that the gap index
/// never gives back a pupil count that file withholds (issue 5, disclosure; docs/outputs.md, `gap-index.csv`).
///
/// **Why**: the gap index's own thresholds (`GapIndexRow.withhold(by:)`) mirror primary suppression only. A row
/// ranks the pupils of two cohorts that the breakdown file also counts (KS2 Reading and Maths; KS4 English and
/// Maths), so when `excluded_pupil_count` is 0 the ranked pupils are exactly each cohort: `pupil_count` is the Total
/// group's pupil count, `disadvantaged_count` the `Disadvantaged` group's and their difference the `Not known to be
/// disadvantaged` group's; with pupils excluded, `pupil_count + excluded_pupil_count` is the union of the two cohorts,
/// which is a cohort's Total whenever the other cohort is within it. Secondary suppression in the breakdown file can
/// withhold any of those counts although the group is large (a line elsewhere would give back a small one), and the
/// gap index would then publish it.
///
/// **Rule (ours)**: for a place, year and key stage, if the breakdown file withholds the pupil count of a
/// `Disadvantage status` group in either ranked subject, `disadvantaged_count` and `gap_index` are withheld (as for a
/// small group); if it withholds the Total group's pupil count in either subject, the whole row is (as for fewer than
/// 6 pupils ranked). The gap index thus withholds at least what the breakdown file withholds for the same pupils,
/// and, across places, at least the same places: the breakdown file's complements on its LA-and-schools lines are
/// withheld here too, so an LA's row minus its other schools' rows gives no more than there.
///
/// **`excluded_pupil_count` needs nothing more**: when the row is not withheld, both subjects' Total pupil counts are
/// published in the breakdown file. The excluded count is the union of the two cohorts minus the pupils ranked: like
/// `pupil_count` it counts both groups together and splits no one by disadvantage, so with `disadvantaged_count`
/// withheld neither of them, nor any sum of the two, gives back a group's count; and it can equal a Total only of a
/// subject whose Total is published. When a Total is withheld the whole row is, excluded count included.
public struct GapIndexBreakdownWithholding: Sendable, Equatable {
    /// What the breakdown file withholds at one place and year of one key stage ranked.
    public struct Withheld: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The Total group's pupil count in either ranked subject: the gap index row is withheld.
        public static let total = Withheld(rawValue: 1 << 0)
        /// The pupil count of `Disadvantaged` or of `Not known to be disadvantaged` in either ranked subject:
        /// `disadvantaged_count` and `gap_index` are withheld.
        public static let disadvantageGroup = Withheld(rawValue: 1 << 1)
    }

    struct Key: Hashable {
        var rankedOn: String
        var place: PublishedPlace
        var timePeriod: String
    }

    private var withheld: [Key: Withheld] = [:]

    /// The breakdown measures whose cohorts each `ranked_on` value ranks: KS2 Reading and Maths, KS4 English and
    /// Maths (`GapIndexTable.ks4Measures`).
    static let rankedMeasures: [BreakdownMeasure: String] = {
        var measures: [BreakdownMeasure: String] = [:]
        for measure in BreakdownMeasure.all where measure.ks2Subject == .reading || measure.ks2Subject == .maths {
            measures[measure] = GapIndexTable.rankedOn
        }
        measures[GapIndexTable.ks4Measures.english] = GapIndexTable.ks4RankedOn
        measures[GapIndexTable.ks4Measures.maths] = GapIndexTable.ks4RankedOn
        return measures
    }()

    /// Nothing withheld.
    public init() {}

    /// Reads what the table of `attainment-by-characteristic.csv` withholds, after primary and secondary suppression.
    public init(breakdowns: BreakdownTable) {
        for cell in breakdowns.cells where MarginCount.pupils.isWithheld(in: cell.withheld) {
            guard let rankedOn = Self.rankedMeasures[cell.measure] else { continue }
            let part: Withheld
            if cell.group.isTotal {
                part = .total
            } else if Self.isDisadvantageStatusGroup(cell.group) {
                part = .disadvantageGroup
            } else {
                continue
            }
            withheld[Key(rankedOn: rankedOn, place: cell.place, timePeriod: cell.timePeriod), default: []].insert(part)
        }
    }

    /// A group of the one-way `Disadvantage status` topic: it fixes the disadvantage status and nothing else.
    static func isDisadvantageStatusGroup(_ group: BreakdownGroup) -> Bool {
        BreakdownDimension.allCases.allSatisfy { dimension in
            (group.value(dimension) == PublishedFilter.total) != (dimension == .disadvantage)
        }
    }

    /// What the breakdown file withholds of the pupils of the gap index row of this key stage (its `ranked_on`
    /// value), place and year.
    public func withheld(rankedOn: String, place: PublishedPlace, timePeriod: String) -> Withheld {
        withheld[Key(rankedOn: rankedOn, place: place, timePeriod: timePeriod)] ?? []
    }

    /// Withholds in each row what the breakdown file withholds of its pupils, on top of the row's own rules.
    ///
    /// - Returns: the number of figures (`pupil_count`, `disadvantaged_count`, `excluded_pupil_count`, `gap_index`)
    ///   withheld for this reason alone: published under the gap index's own rules, `c` now.
    func apply(to rows: inout [GapIndexRow]) -> Int {
        var newlyWithheld = 0
        for position in rows.indices {
            let before = rows[position].indicatorFields
            let parts = withheld(rankedOn: rows[position].rankedOn, place: rows[position].place,
                                 timePeriod: rows[position].timePeriod)
            if parts.contains(.total) { rows[position].withheld = true }
            if parts.contains(.disadvantageGroup) { rows[position].groupWithheld = true }
            let after = rows[position].indicatorFields
            newlyWithheld += zip(before, after).count { $0 != EESSymbol.suppressed && $1 == EESSymbol.suppressed }
        }
        return newlyWithheld
    }
}
