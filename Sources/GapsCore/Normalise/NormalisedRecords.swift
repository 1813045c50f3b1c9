import Foundation

/// One pupil after merging every source and applying the national code sets. Pupil-level: restricted.
///
/// Characteristics use the EES harmonised labels so that aggregate can publish them unchanged.
public struct NormalisedPupil: TableRecord, Sendable, Equatable {
    public var upn = ""
    public var surname = ""
    public var forename = ""
    /// "Boys", "Girls" or "Unknown".
    public var sex = ""
    /// The 18 main codes (WBRI, ...) or "" when unclassified.
    public var ethnicityMain = ""
    /// EES major-group label: "White", "Mixed / Multiple ethnic groups", "Asian / Asian British",
    /// "Black / African / Caribbean / Black British", "Other ethnic group", "Unknown" (and "Chinese" when the
    /// Chinese-as-its-own-group switch is on).
    public var ethnicityMajor = ""
    /// EES minor-group label ("Indian", "Any other White background", ...) or "Unknown".
    public var ethnicityMinor = ""
    public var fsmEligible = false
    public var fsmEver6 = false
    public var lookedAfter = false
    /// Left local-authority care in England or Wales through adoption, a special guardianship order, a residence
    /// order or a child arrangements order (school census "post looked after arrangements"; see
    /// `PostLookedAfterCodeSet`).
    public var previouslyLookedAfter = false
    /// FSM Ever 6, or looked after, or previously looked after (left care by adoption / SGO / RO / CAO).
    public var disadvantaged = false
    /// "No SEN", "SEN support", "EHC plan" or "Unknown".
    public var senProvision = ""
    /// Primary SEN need type code (SLD, ASD, ...) as recorded, or "".
    public var senPrimaryNeed = ""
    /// "English", "Other than English" or "Unclassified".
    public var firstLanguage = ""
    /// Files this pupil was found in, `;`-separated, in precedence order.
    public var sources = ""

    public init() {}

    /// EES label for the disadvantage filter.
    public var disadvantageStatus: String { disadvantaged ? "Disadvantaged" : "Not known to be disadvantaged" }

    public static let columns = [
        "upn", "surname", "forename", "sex", "ethnicity_main", "ethnicity_major", "ethnicity_minor", "fsm_eligible",
        "fsm_ever6", "looked_after", "disadvantaged", "sen_provision", "sen_primary_need", "first_language", "sources",
        "previously_looked_after",
    ]

    public var fieldValues: [String] {
        [upn, surname, forename, sex, ethnicityMain, ethnicityMajor, ethnicityMinor, flag(fsmEligible),
         flag(fsmEver6), flag(lookedAfter), flag(disadvantaged), senProvision, senPrimaryNeed, firstLanguage, sources,
         flag(previouslyLookedAfter)]
    }

    public init(row: TableRow) throws {
        upn = row["upn"]
        surname = row["surname"]
        forename = row["forename"]
        sex = row["sex"]
        ethnicityMain = row["ethnicity_main"]
        ethnicityMajor = row["ethnicity_major"]
        ethnicityMinor = row["ethnicity_minor"]
        fsmEligible = row["fsm_eligible"] == "1"
        fsmEver6 = row["fsm_ever6"] == "1"
        lookedAfter = row["looked_after"] == "1"
        disadvantaged = row["disadvantaged"] == "1"
        senProvision = row["sen_provision"]
        senPrimaryNeed = row["sen_primary_need"]
        firstLanguage = row["first_language"]
        sources = row["sources"]
        previouslyLookedAfter = row["previously_looked_after"] == "1"
    }

    public static let fileName = "pupils.csv"
}

/// One pupil's result in one measure and academic year, with what it means for the headline measures.
/// Pupil-level: restricted.
public struct NormalisedResult: TableRecord, Sendable, Equatable {
    /// How a raw result was read.
    public enum Kind: String, Sendable {
        case scaledScore = "scaled_score"
        case teacherAssessment = "teacher_assessment"
        case level
        case outcomeCode = "outcome_code"
        /// A GCSE grade (9-1, or a legacy letter grade converted to points).
        case grade
        /// A derived numeric figure such as Attainment 8 or Progress 8.
        case score
    }

    public var upn = ""
    /// The school the pupil was at for this result.
    public var schoolURN = ""
    public var schoolLAEstab = ""
    public var schoolName = ""
    /// Three-digit DfE LA number (old_la_code).
    public var la = ""
    /// EES time period: academic year 2023/24 -> "202324".
    public var timePeriod = ""
    public var measure = AssessmentMeasure.ks2Reading
    /// The result as the source gave it.
    public var result = ""
    public var kind = Kind.scaledScore
    /// The scaled score when the result is one.
    public var scaledScore: Double?
    /// Points on the scale the result belongs to (KS1 TA, NC level points), for prior attainment.
    public var points: Double?
    /// False for codes meaning "not in this cohort" (left, future, past, just arrived).
    public var inCohort = true
    public var meetsExpected = false
    public var meetsHigher = false
    /// Why the result counts as it does (e.g. "A absent: in the denominator, not meeting the standard").
    public var reason = ""
    public var sourceFile = ""
    public var sourceLine = 0

    public init() {}

    public static let columns = [
        "upn", "school_urn", "school_laestab", "school_name", "la", "time_period", "measure", "result", "kind",
        "scaled_score", "points", "in_cohort", "meets_expected", "meets_higher", "reason", "source_file",
        "source_line",
    ]

    public var fieldValues: [String] {
        [upn, schoolURN, schoolLAEstab, schoolName, la, timePeriod, measure.rawValue, result, kind.rawValue,
         scaledScore.map(formatNumber) ?? "", points.map(formatNumber) ?? "", flag(inCohort), flag(meetsExpected),
         flag(meetsHigher), reason, sourceFile, String(sourceLine)]
    }

    public init(row: TableRow) throws {
        upn = row["upn"]
        schoolURN = row["school_urn"]
        schoolLAEstab = row["school_laestab"]
        schoolName = row["school_name"]
        la = row["la"]
        timePeriod = row["time_period"]
        guard let measure = AssessmentMeasure(rawValue: row["measure"]) else {
            throw GapsError.malformedInput(row.location, message: "column 'measure': unknown measure '\(row["measure"])'")
        }
        self.measure = measure
        result = row["result"]
        guard let kind = Kind(rawValue: row["kind"]) else {
            throw GapsError.malformedInput(row.location, message: "column 'kind': unknown result kind '\(row["kind"])'")
        }
        self.kind = kind
        scaledScore = try row.optionalDouble("scaled_score")
        points = try row.optionalDouble("points")
        inCohort = row["in_cohort"] == "1"
        meetsExpected = row["meets_expected"] == "1"
        meetsHigher = row["meets_higher"] == "1"
        reason = row["reason"]
        sourceFile = row["source_file"]
        sourceLine = (try? row.int("source_line")) ?? 0
    }

    public static let fileName = "results.csv"
}

/// Booleans in stage tables are 1 / 0.
func flag(_ value: Bool) -> String { value ? "1" : "0" }

/// Numbers in stage tables keep full precision and drop a needless ".0". They are never written in exponent form
/// ("-4.7e-15", a mean of scores that cancel, left over from floating-point rounding), which spreadsheets and EES
/// read badly: such values are written in fixed notation to 12 decimal places, trailing zeros dropped.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    let shortest = String(value)
    guard shortest.contains("e") else { return shortest }
    var fixed = String(format: "%.12f", value)
    while fixed.hasSuffix("0") { fixed.removeLast() }
    if fixed.hasSuffix(".") { fixed.removeLast() }
    return fixed == "-0" ? "0" : fixed
}
