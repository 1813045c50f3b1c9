import Foundation

/// The configurable thresholds behind progress scores, "stuck" pupils and the entitlement flags, read from
/// `Resources/progress/progress-rules.csv` (its README names the source of every value and marks ours).
///
/// They are data, not constants, because most are design choices of this project (domain reference section 7)
/// that an LA may want to tune, and because the DfE's own rules changed from year to year.
public struct ProgressRules: Sendable, Equatable {
    /// KS1 results up to this summer are National Curriculum levels; later ones 2016+ teacher assessment.
    public var ks1LevelsLastYear = 2015
    /// KS2 results up to this summer are levels (levels of progress); later ones scaled scores (progress scores).
    public var ks2LevelsLastYear = 2015
    /// Summers without statutory KS1 assessment (2020 and 2021).
    public var yearsWithoutKS1Assessment: Set<Int> = [2020, 2021]
    /// Weights of KS1 reading, writing and maths points in the KS1 average point score.
    public var apsWeightReading = 0.25
    public var apsWeightWriting = 0.25
    public var apsWeightMaths = 0.5
    /// Prior-attainment bands on the levels scale: Low below `middleFrom`, High from `highFrom`.
    public var levelsBandMiddleFrom = 12.0
    public var levelsBandHighFrom = 18.0
    /// The same on the 2016+ teacher-assessment scale (PKF 4, WTS 6, EXS 8, GDS 10).
    public var teacherAssessmentBandMiddleFrom = 7.0
    public var teacherAssessmentBandHighFrom = 9.0
    /// KS1 prior-attainment groups for progress scores: the KS1 APS rounded to a multiple of this.
    public var ks1PriorGroupWidth = 0.5
    /// A group with fewer comparison pupils than this is widened until it has enough.
    public var priorGroupMinimumPupils = 5
    /// Levels era: expected progress (two levels) and the "stuck" line (one level), in points.
    public var levelsExpectedProgressPoints = 12.0
    public var levelsStuckBelowPoints = 6.0
    /// 2016+: a KS1 to KS2 progress score below this is not progressing.
    public var lowProgressBelow = -5.0
    /// KS2 prior-attainment groups for KS4: the mean KS2 reading and maths scaled score rounded to this.
    public var ks2PriorGroupWidth = 0.5
    /// KS2 prior-attainment bands of KS4 pupils (`ks4-progress.csv`): on the mean KS2 reading and maths scaled score
    /// (2016 on) Low below `ks2BandMiddleFrom` (the expected standard), High from `ks2BandHighFrom`; on the mean of
    /// their level points (to 2015) likewise from level 4 (27) and level 5 (33).
    public var ks2BandMiddleFrom = 100.0
    public var ks2BandHighFrom = 110.0
    public var ks2LevelsBandMiddleFrom = 27.0
    public var ks2LevelsBandHighFrom = 33.0
    /// KS2 to KS4: English or maths element progress (in grades) below this is not progressing.
    public var ks4ElementProgressBelow = -1.0
    /// KS2 to KS4 without element progress: a Progress 8 score below this is not progressing.
    public var ks4Progress8Below = -1.0
    /// Result codes that say nothing about attainment (absent, disapplied, ...), upper case.
    public var noJudgementCodes: Set<String> = ["A", "D", "H", "M", "Q", "T"]

    /// The defaults, identical to the shipped file.
    public init() {}

    public static let fileName = "progress/progress-rules.csv"

    /// The rules shipped in `Resources/progress/progress-rules.csv`.
    public static func shipped() throws -> ProgressRules {
        try ProgressRules(contentsOf: ResourceFiles.url(fileName))
    }

    /// Reads a `rule,value` table. Every rule must be present exactly once; an unknown rule is an error (a typo
    /// must not silently leave a default in force).
    public init(contentsOf url: URL) throws {
        var values: [String: (value: String, location: SourceLocation)] = [:]
        try TableFile.forEachRow(in: url, requiring: ["rule", "value"]) { row in
            let rule = row["rule"].trimmingCharacters(in: .whitespaces)
            guard Self.ruleNames.contains(rule) else {
                throw GapsError.invalidConfiguration(row.location, message:
                    "unknown rule '\(rule)'; known rules: \(Self.ruleNames.sorted().joined(separator: ", "))")
            }
            guard values[rule] == nil else {
                throw GapsError.invalidConfiguration(row.location, message: "rule '\(rule)' is given twice")
            }
            values[rule] = (row["value"].trimmingCharacters(in: .whitespaces), row.location)
        }
        if let missing = Self.ruleNames.sorted().first(where: { values[$0] == nil }) {
            throw GapsError.invalidConfiguration(SourceLocation(file: url.path), message: "rule '\(missing)' is missing")
        }
        func number(_ rule: String) throws -> Double {
            let (text, location) = values[rule]!
            guard let value = Double(text), value.isFinite else {
                throw GapsError.invalidConfiguration(location, message: "rule '\(rule)': expected a number, found '\(text)'")
            }
            return value
        }
        func whole(_ rule: String, minimum: Int) throws -> Int {
            let (text, location) = values[rule]!
            guard let value = Int(text), value >= minimum else {
                throw GapsError.invalidConfiguration(location, message: "rule '\(rule)': expected a whole number of at least \(minimum), found '\(text)'")
            }
            return value
        }
        func positive(_ rule: String) throws -> Double {
            let value = try number(rule)
            guard value > 0 else {
                throw GapsError.invalidConfiguration(values[rule]!.location, message: "rule '\(rule)': must be above 0")
            }
            return value
        }
        func list(_ rule: String) -> [String] {
            values[rule]!.value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        ks1LevelsLastYear = try whole("ks1_levels_last_year", minimum: 0)
        ks2LevelsLastYear = try whole("ks2_levels_last_year", minimum: 0)
        var years: Set<Int> = []
        for text in list("years_without_ks1_assessment") {
            guard let year = Int(text) else {
                throw GapsError.invalidConfiguration(values["years_without_ks1_assessment"]!.location, message:
                    "rule 'years_without_ks1_assessment': expected years separated by ';', found '\(text)'")
            }
            years.insert(year)
        }
        yearsWithoutKS1Assessment = years
        apsWeightReading = try number("ks1_aps_weight_reading")
        apsWeightWriting = try number("ks1_aps_weight_writing")
        apsWeightMaths = try number("ks1_aps_weight_maths")
        let weights = apsWeightReading + apsWeightWriting + apsWeightMaths
        guard abs(weights - 1) < 1e-9, [apsWeightReading, apsWeightWriting, apsWeightMaths].allSatisfy({ $0 >= 0 }) else {
            throw GapsError.invalidConfiguration(values["ks1_aps_weight_maths"]!.location, message:
                "the KS1 APS weights must be 0 or more and add up to 1 (they add up to \(formatNumber(weights)))")
        }
        levelsBandMiddleFrom = try number("levels_band_middle_from")
        levelsBandHighFrom = try number("levels_band_high_from")
        teacherAssessmentBandMiddleFrom = try number("ta_band_middle_from")
        teacherAssessmentBandHighFrom = try number("ta_band_high_from")
        for (middle, high) in [("levels_band_middle_from", "levels_band_high_from"), ("ta_band_middle_from", "ta_band_high_from")] {
            if try number(middle) > number(high) {
                throw GapsError.invalidConfiguration(values[high]!.location, message: "rule '\(high)' must not be below '\(middle)'")
            }
        }
        ks1PriorGroupWidth = try positive("ks1_prior_group_width")
        priorGroupMinimumPupils = try whole("prior_group_minimum_pupils", minimum: 1)
        levelsExpectedProgressPoints = try number("levels_expected_progress_points")
        levelsStuckBelowPoints = try number("levels_stuck_below_points")
        lowProgressBelow = try number("ks1_ks2_low_progress_below")
        ks2PriorGroupWidth = try positive("ks2_prior_group_width")
        ks2BandMiddleFrom = try number("ks2_band_middle_from")
        ks2BandHighFrom = try number("ks2_band_high_from")
        ks2LevelsBandMiddleFrom = try number("ks2_levels_band_middle_from")
        ks2LevelsBandHighFrom = try number("ks2_levels_band_high_from")
        for (middle, high) in [("ks2_band_middle_from", "ks2_band_high_from"), ("ks2_levels_band_middle_from", "ks2_levels_band_high_from")] {
            if try number(middle) > number(high) {
                throw GapsError.invalidConfiguration(values[high]!.location, message: "rule '\(high)' must not be below '\(middle)'")
            }
        }
        ks4ElementProgressBelow = try number("ks4_element_progress_below")
        ks4Progress8Below = try number("ks4_progress8_below")
        noJudgementCodes = Set(list("no_judgement_codes").map { $0.uppercased() })
    }

    static let ruleNames: Set<String> = [
        "ks1_levels_last_year", "ks2_levels_last_year", "years_without_ks1_assessment", "ks1_aps_weight_reading",
        "ks1_aps_weight_writing", "ks1_aps_weight_maths", "levels_band_middle_from", "levels_band_high_from",
        "ta_band_middle_from", "ta_band_high_from", "ks1_prior_group_width", "prior_group_minimum_pupils",
        "levels_expected_progress_points", "levels_stuck_below_points", "ks1_ks2_low_progress_below",
        "ks2_prior_group_width", "ks2_band_middle_from", "ks2_band_high_from", "ks2_levels_band_middle_from",
        "ks2_levels_band_high_from", "ks4_element_progress_below", "ks4_progress8_below", "no_judgement_codes",
    ]

    /// Whether a result is evidence about attainment: in the cohort and not a code such as absent or disapplied.
    public func isJudgement(_ result: NormalisedResult) -> Bool {
        result.inCohort && !noJudgementCodes.contains(result.result.trimmingCharacters(in: .whitespacesAndNewlines).uppercased())
    }

    /// Whether KS2 results of the summer of `year` are levels (true) or scaled scores and 2016+ TA.
    public func isKS2LevelsEra(_ year: Int) -> Bool { year <= ks2LevelsLastYear }

    /// Whether KS1 results of the summer of `year` are levels.
    public func isKS1LevelsEra(_ year: Int) -> Bool { year <= ks1LevelsLastYear }

    /// `value` rounded to the nearest multiple of `width`, halves upward (ours: values are point scores, never
    /// negative).
    static func group(_ value: Double, width: Double) -> Double {
        (value / width + 0.5 + 1e-9).rounded(.down) * width
    }
}
