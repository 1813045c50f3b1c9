import Foundation

/// Chooses, per pupil, the academic year whose January census judges free school meals (and so FSM Ever 6 and
/// disadvantage), from the years of the pupil's results.
///
/// The DfE judges a cohort's disadvantage at the spring census of the key stage's final year: year 6 for KS2, year 11
/// for KS4 ("eligible for FSM at any point in the last six years", counted back from the year 11 census). A pupil
/// table has one row per pupil, so the census is that of the pupil's **latest cohort key stage**: KS4 when the pupil
/// has a KS4 result, else KS2, else KS1, each at the summer year of its latest result in that stage; a pupil with none
/// of these uses its latest result of any stage (EYF, KS3). So a KS4 pupil whose KS2 results are in the same run as
/// prior attainment is judged at its year 11 census, not at the KS2 one. `--census-date` overrides all of this.
struct CensusYearChoice {
    /// Key stages that end in a published cohort, most advanced first.
    static let cohortStages = ["KS4", "KS2", "KS1"]

    private var latestByStage: [String: [String: Int]] = [:]
    private var latestAny: [String: Int] = [:]

    /// Notes one result of `upn` in the academic year ending in the summer of `summer`. The stage is the result's
    /// own (`KeyStage/Stage`, an extract profile's stage), or failing that the prefix of its measure (`ks4_...`).
    mutating func note(upn: String, stage: String, measure: String, summer: Int) {
        latestAny[upn] = max(latestAny[upn] ?? summer, summer)
        guard let cohortStage = Self.cohortStage(stage: stage, measure: measure) else { return }
        latestByStage[upn, default: [:]][cohortStage] = max(latestByStage[upn]?[cohortStage] ?? summer, summer)
    }

    /// The summer year whose January census applies to `upn`, or nil when it has no dated result.
    func summerYear(for upn: String) -> Int? {
        for stage in Self.cohortStages {
            if let year = latestByStage[upn]?[stage] { return year }
        }
        return latestAny[upn]
    }

    /// The cohort key stage a result belongs to, or nil (EYF, KS3, unknown).
    static func cohortStage(stage: String, measure: String) -> String? {
        let written = normaliseCode(stage)
        if cohortStages.contains(written) { return written }
        let prefix = normaliseCode(String(measure.trimmingCharacters(in: .whitespaces).prefix { $0 != "_" }))
        return cohortStages.contains(prefix) ? prefix : nil
    }
}
