import Foundation

/// The key stage 4 rows of `gap-index.csv`: the DfE's KS4 disadvantage gap index ranks pupils on the mean of their
/// English and maths grades (domain.md section 6; the DfE's own series: 4.07 in 2010/11 ... 3.92 in 2023/24).
///
/// **Who is ranked (ours, following the DfE's KS4 index)**: pupils of the place and year with both an English and a
/// maths grade, as points (9-1, U 0, legacy letters at their 2017 on points: `scales/gcse-grades.csv`). English is
/// the KS4 `English` measure every other KS4 output uses (`BreakdownMeasure`, the `ks4_english` result): the
/// performance-tables pupil file's point score in the English EBacc subject area, which already counts the better of
/// English language and English literature, as the DfE does where a pupil took both. A pupil in the English or the
/// maths cohort (`BreakdownCohorts`: a result that year, in the cohort) without both grades is counted in
/// `excluded_pupil_count`. Places, years, the within-place ranking, the disadvantaged flag and the suppression are
/// those of the KS2 rows and of the other KS4 outputs: a pupil counts at the school on most of their KS4 results.
extension GapIndexTable {
    /// The `ranked_on` filter value of the KS4 rows.
    public static let ks4RankedOn = "Mean of KS4 English and maths grades"

    /// The KS4 English and maths measures of `attainment-by-characteristic.csv`, whose cohorts are ranked.
    static let ks4Measures: (english: BreakdownMeasure, maths: BreakdownMeasure) = {
        func measure(_ component: AssessmentMeasure) -> BreakdownMeasure {
            guard let found = BreakdownMeasure.all.first(where: { $0.keyStage == .ks4 && $0.components == [component] }) else {
                preconditionFailure("BreakdownMeasure.all has no KS4 measure of \(component.rawValue) alone")
            }
            return found
        }
        return (measure(.ks4EnglishGrade), measure(.ks4MathsGrade))
    }()

    /// One row per KS4 year and place of the cohorts (each LA, then its schools), suppressed as the KS2 rows are.
    static func ks4Rows(cohorts: BreakdownCohorts, suppression: Suppression) -> [GapIndexRow] {
        var rows: [GapIndexRow] = []
        for timePeriod in cohorts.timePeriods[.ks4] ?? [] {
            for place in cohorts.places[.ks4] ?? [] {
                var row = ks4Row(
                    place: place, timePeriod: timePeriod,
                    english: cohorts.members(ks4Measures.english, at: place, timePeriod: timePeriod),
                    maths: cohorts.members(ks4Measures.maths, at: place, timePeriod: timePeriod),
                    pupils: cohorts.pupils)
                row.withhold(by: suppression)
                rows.append(row)
            }
        }
        return rows
    }

    /// Pairs each pupil's English and maths grade points and computes the index over those with both.
    static func ks4Row(place: PublishedPlace, timePeriod: String, english: [BreakdownMember], maths: [BreakdownMember],
                       pupils: [BreakdownPupil]) -> GapIndexRow {
        let disadvantaged = GapBreakdown.disadvantage.group
        return row(
            place: place, timePeriod: timePeriod, rankedOn: ks4RankedOn,
            first: english.map { ($0.pupil, $0.score, pupils[$0.pupil][.disadvantage] == disadvantaged) },
            second: maths.map { ($0.pupil, $0.score) })
    }
}
