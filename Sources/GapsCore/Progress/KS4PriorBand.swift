import Foundation

/// A KS4 pupil's KS2 prior-attainment band, the DfE's "low / middle / high prior attainment" of the KS4 performance
/// tables: below the expected standard at KS2, at it, above it.
///
/// From the pupil's KS2 reading and maths results of the latest KS2 year before the KS4 year, in the run's own data:
/// 2016 on, the mean of the two scaled scores, a result without one counting at its nominal score (`points`: BLW 70
/// or 71, PKF 73, PKE 76, PKG 79, N 79, as the DfE uses for prior attainment) **(ours**: the DfE's own treatment of
/// pupils without a scaled score is described in its methodology but not as a table we ship); Low below 100, Middle
/// 100 to under 110, High from 110 (`ks2_band_middle_from`, `ks2_band_high_from`). Levels era (KS2 to 2015): the
/// mean of the reading and maths level points, Low below level 4 (27), Middle at level 4, High from level 5 (33).
/// With only one of the two subjects, that subject alone **(ours)**. Without either (no KS2 result in the data,
/// absent, or KS2 not assessed) the band is "No prior attainment": never guessed, never Low.
public enum KS4PriorBand {
    public static func band(ks2Results: [NormalisedResult], ks4Year: Int, rules: ProgressRules) -> PriorAttainmentBand {
        let earlier = ks2Results.filter { (AcademicYear.summerYear(of: $0.timePeriod) ?? .max) < ks4Year }
        guard let latest = earlier.map(\.timePeriod).max(), let ks2Year = AcademicYear.summerYear(of: latest) else { return .none }
        let levelsEra = rules.isKS2LevelsEra(ks2Year)
        let values = [AssessmentMeasure.ks2Reading, .ks2Maths].compactMap { measure -> Double? in
            guard let result = earlier.first(where: { $0.timePeriod == latest && $0.measure == measure }), result.inCohort else {
                return nil
            }
            return levelsEra ? (result.kind == .level ? result.points : nil) : result.scaledScore ?? result.points
        }
        guard !values.isEmpty else { return .none }
        let mean = values.reduce(0, +) / Double(values.count)
        let (middleFrom, highFrom) = levelsEra ? (rules.ks2LevelsBandMiddleFrom, rules.ks2LevelsBandHighFrom)
            : (rules.ks2BandMiddleFrom, rules.ks2BandHighFrom)
        return mean >= highFrom ? .high : mean >= middleFrom ? .middle : .low
    }
}
