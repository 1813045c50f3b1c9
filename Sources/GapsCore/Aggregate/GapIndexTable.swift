import Foundation

/// One row of `gap-index.csv`: the DfE disadvantage gap index of one place's KS2 pupils in one year.
public struct GapIndexRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    /// Pupils ranked: both a reading and a maths scaled score.
    public var rankedCount: Int
    /// Disadvantaged pupils among those ranked.
    public var disadvantagedCount: Int
    /// Pupils in the reading or maths cohort without both scaled scores, so not ranked.
    public var excludedCount: Int
    /// nil when either group is empty.
    public var index: Double?
    /// Fewer than min-denominator pupils ranked: every figure is `c`.
    public var withheld = false
    /// One of the two groups has 1 to min-denominator - 1 pupils: its size and the index are `c`.
    public var groupWithheld = false
    /// The excluded count is 1 to min-numerator - 1.
    public var excludedWithheld = false

    public var otherCount: Int { rankedCount - disadvantagedCount }

    /// Indicator values in `gap-index.csv` column order: pupil_count, disadvantaged_count, excluded_pupil_count,
    /// gap_index.
    var indicatorFields: [String] {
        let hidden = EESSymbol.suppressed
        if withheld { return [hidden, hidden, hidden, hidden] }
        return [
            PublishedNumber.text(rankedCount),
            groupWithheld ? hidden : PublishedNumber.text(disadvantagedCount),
            excludedWithheld ? hidden : PublishedNumber.text(excludedCount),
            groupWithheld ? hidden : index.map(PublishedNumber.text) ?? EESSymbol.notAvailable,
        ]
    }
}

/// The disadvantage gap index (DfE, SFR 40/2014; domain.md section 6; `DisadvantageGapIndex.index`) for KS2, per
/// place and year: every place and year of the cohorts, so the matrix is complete.
///
/// **Ranking (ours, following the DfE's KS2 index)**: pupils are ranked on the mean of their KS2 reading and
/// maths scaled scores, so only pupils with both a numeric reading and a numeric maths score are ranked. Pupils
/// in either cohort without both (absent, working below the test, a result missing) are left out and counted in
/// `excluded_pupil_count`. Pupils are ranked **within the place**: a school's index compares its disadvantaged
/// pupils with its other pupils, the LA's index ranks every pupil of the LA. The DfE's published index ranks
/// pupils nationally (3.13 for KS2 in 2023/24), so ours is a within-place measure, not a national one.
/// 0 means no gap, 10 every disadvantaged pupil below every other pupil; negative, the disadvantaged rank higher.
///
/// Suppression **(ours)**: fewer than min-denominator pupils ranked withholds the row; either group with 1 to
/// min-denominator - 1 pupils withholds the disadvantaged count (the other group's size is the difference) and
/// the index; an excluded count of 1 to min-numerator - 1 is withheld. A group of none gives no index (`x`).
public struct GapIndexTable: Sendable {
    public static let rankedOn = "Mean of KS2 reading and maths scaled scores"

    public private(set) var rows: [GapIndexRow] = []

    public init(cohorts: KS2Cohorts, suppression: Suppression) {
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                let reading = cohorts.members(at: place, timePeriod: timePeriod, subject: .reading)
                let maths = cohorts.members(at: place, timePeriod: timePeriod, subject: .maths)
                var row = Self.row(place: place, timePeriod: timePeriod, reading: reading, maths: maths)
                row.withheld = suppression.withholdsDenominator(row.rankedCount)
                row.groupWithheld = suppression.withholdsDenominator(row.disadvantagedCount)
                    || suppression.withholdsDenominator(row.otherCount)
                row.excludedWithheld = suppression.withholdsNumerator(row.excludedCount)
                rows.append(row)
            }
        }
    }

    /// Pairs each pupil's reading and maths results and computes the index over those with both scores.
    static func row(place: PublishedPlace, timePeriod: String, reading: [CohortMember], maths: [CohortMember]) -> GapIndexRow {
        var mathsByPupil: [String: CohortMember] = [:]
        for member in maths { mathsByPupil[member.upn] = member }
        var ranked: [(score: Double, disadvantaged: Bool)] = []
        var cohort = Set(maths.map(\.upn))
        for member in reading {
            cohort.insert(member.upn)
            if let readingScore = member.scaledScore, let mathsScore = mathsByPupil[member.upn]?.scaledScore {
                ranked.append(((readingScore + mathsScore) / 2, member.disadvantageStatus == GapBreakdown.disadvantage.group))
            }
        }
        return GapIndexRow(
            place: place, timePeriod: timePeriod, rankedCount: ranked.count,
            disadvantagedCount: ranked.count(where: \.disadvantaged), excludedCount: cohort.count - ranked.count,
            index: DisadvantageGapIndex.index(scores: ranked))
    }
}
