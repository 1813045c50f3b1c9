import Foundation

/// One row of `gap-index.csv`: the DfE disadvantage gap index of one place's KS2 or KS4 pupils in one year.
public struct GapIndexRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    /// Pupils ranked: both scores (KS2 reading and maths scaled scores, or KS4 English and maths grades).
    public var rankedCount: Int
    /// Disadvantaged pupils among those ranked.
    public var disadvantagedCount: Int
    /// Pupils in either of the two cohorts without both scores, so not ranked.
    public var excludedCount: Int
    /// nil when either group is empty.
    public var index: Double?
    /// Fewer than min-denominator pupils ranked: every figure is `c`.
    public var withheld = false
    /// One of the two groups has 1 to min-denominator - 1 pupils: its size and the index are `c`.
    public var groupWithheld = false
    /// The excluded count is 1 to min-numerator - 1.
    public var excludedWithheld = false
    /// The `ranked_on` filter value: which key stage's scores the pupils are ranked on.
    public var rankedOn = GapIndexTable.rankedOn

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

    /// The suppression of the type's doc comment (`GapIndexTable`), the same for KS2 and KS4 rows.
    mutating func withhold(by suppression: Suppression) {
        withheld = suppression.withholdsDenominator(rankedCount)
        groupWithheld = suppression.withholdsDenominator(disadvantagedCount) || suppression.withholdsDenominator(otherCount)
        excludedWithheld = suppression.withholdsNumerator(excludedCount)
    }
}

/// The disadvantage gap index (DfE, SFR 40/2014; domain.md section 6; `DisadvantageGapIndex.index`) for KS2, per
/// place and year: every place and year of the cohorts, so the matrix is complete; then the KS4 rows
/// (`GapIndexTable+KS4.swift`), ranked on the mean of the English and maths grades, by the same rules.
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
/// the index; an excluded count of 1 to min-numerator - 1 is withheld. A group of none gives no index (`x`). With
/// `alsoWithheld`, whatever `attainment-by-characteristic.csv` withholds of the same pupils is withheld too
/// (`GapIndexBreakdownWithholding`).
public struct GapIndexTable: Sendable {
    public static let rankedOn = "Mean of KS2 reading and maths scaled scores"

    public private(set) var rows: [GapIndexRow] = []
    /// Figures withheld only because `attainment-by-characteristic.csv` withholds the same pupils' counts
    /// (`GapIndexBreakdownWithholding`).
    public private(set) var withheldAsBreakdownsCount = 0

    /// - Parameters:
    ///   - ks4: the KS1, KS2 and KS4 cohorts of the breakdowns; its KS4 rows follow every KS2 row (none when nil).
    ///   - alsoWithheld: what `attainment-by-characteristic.csv` withholds of the ranked pupils, withheld here too
    ///     (`GapIndexBreakdownWithholding`); nil, the gap index's own rules only.
    public init(cohorts: KS2Cohorts, ks4: BreakdownCohorts? = nil, suppression: Suppression,
                alsoWithheld: GapIndexBreakdownWithholding? = nil) {
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                let reading = cohorts.members(at: place, timePeriod: timePeriod, subject: .reading)
                let maths = cohorts.members(at: place, timePeriod: timePeriod, subject: .maths)
                var row = Self.row(place: place, timePeriod: timePeriod, reading: reading, maths: maths)
                row.withhold(by: suppression)
                rows.append(row)
            }
        }
        if let ks4 { rows += Self.ks4Rows(cohorts: ks4, suppression: suppression) }
        if let alsoWithheld { withheldAsBreakdownsCount = alsoWithheld.apply(to: &rows) }
    }

    /// Pairs each pupil's reading and maths results and computes the index over those with both scores.
    static func row(place: PublishedPlace, timePeriod: String, reading: [CohortMember], maths: [CohortMember]) -> GapIndexRow {
        row(place: place, timePeriod: timePeriod, rankedOn: rankedOn,
            first: reading.map { ($0.upn, $0.scaledScore, $0.disadvantageStatus == GapBreakdown.disadvantage.group) },
            second: maths.map { ($0.upn, $0.scaledScore) })
    }

    /// Pairs each pupil's two results (reading and maths, English and maths) and computes the index over those with
    /// both scores, ranked on their mean; a pupil in either cohort without both is counted as excluded. The
    /// disadvantage status is the first result's pupil's (both are the same pupil's).
    static func row<Pupil: Hashable>(
        place: PublishedPlace, timePeriod: String, rankedOn: String,
        first: [(pupil: Pupil, score: Double?, disadvantaged: Bool)], second: [(pupil: Pupil, score: Double?)]
    ) -> GapIndexRow {
        var secondByPupil: [Pupil: Double?] = [:]
        for member in second { secondByPupil[member.pupil] = member.score }
        var ranked: [(score: Double, disadvantaged: Bool)] = []
        var cohort = Set(second.map(\.pupil))
        for member in first {
            cohort.insert(member.pupil)
            if let firstScore = member.score, let secondScore = secondByPupil[member.pupil] ?? nil {
                ranked.append(((firstScore + secondScore) / 2, member.disadvantaged))
            }
        }
        var row = GapIndexRow(
            place: place, timePeriod: timePeriod, rankedCount: ranked.count,
            disadvantagedCount: ranked.count(where: \.disadvantaged), excludedCount: cohort.count - ranked.count,
            index: DisadvantageGapIndex.index(scores: ranked))
        row.rankedOn = rankedOn
        return row
    }
}
