import Foundation

/// Points range and thresholds for KS4 English and maths grades (`scales/gcse-grade-points.csv`: minimum, maximum,
/// expected_from, higher_from): points 0-9, a standard pass from grade 4, a strong pass from grade 5.
///
/// A grade is read through `scales/gcse-grades.csv` (9-1, U = 0, legacy letters at their 2017+ points); a number in
/// the range is taken as points directly, because the performance-tables pupil file gives an averaged "point score
/// in the English EBacc subject area" that may be a half point (4.5).
public struct GCSEGradeRule: Sendable, Equatable {
    public var minimum: Double
    public var maximum: Double
    /// Standard pass ("grade 4 or above").
    public var expectedFrom: Double
    /// Strong pass ("grade 5 or above").
    public var higherFrom: Double

    static func load(overrides: URL?) throws -> GCSEGradeRule {
        let rows = try ReferenceTables.singleRow("scales/gcse-grade-points.csv", overrides: overrides,
                                                 required: ["minimum", "maximum", "expected_from", "higher_from"])
        return GCSEGradeRule(minimum: try ReferenceTables.number(rows, "minimum"), maximum: try ReferenceTables.number(rows, "maximum"),
                             expectedFrom: try ReferenceTables.number(rows, "expected_from"),
                             higherFrom: try ReferenceTables.number(rows, "higher_from"))
    }
}

/// The plausible range of each KS4 pupil score (`scales/ks4-scores.csv`: measure, meaning, minimum, maximum).
/// Attainment 8 is 0-90 (ten slots, English and maths double-weighted, at most 9 points each); Progress 8 outside
/// -10 to +10 is not a plausible pupil score and is rejected rather than published.
public struct KS4ScoreRanges: Sendable, Equatable {
    public struct Range: Sendable, Equatable {
        public var meaning: String
        public var minimum: Double
        public var maximum: Double
    }

    public let ranges: [AssessmentMeasure: Range]

    static func load(overrides: URL?) throws -> KS4ScoreRanges {
        var ranges: [AssessmentMeasure: Range] = [:]
        for (_, row) in try ReferenceTables.keyedRows("scales/ks4-scores.csv", overrides: overrides, key: "measure",
                                                       required: ["meaning", "minimum", "maximum"]) {
            let name = row["measure"].trimmingCharacters(in: .whitespaces)
            guard let measure = AssessmentMeasure(rawValue: name), measure.endOfKeyStage == .ks4 else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'measure': '\(name)' is not a KS4 measure")
            }
            let range = Range(meaning: row["meaning"], minimum: try ReferenceTables.number(row, "minimum"),
                              maximum: try ReferenceTables.number(row, "maximum"))
            guard range.minimum <= range.maximum else {
                throw GapsError.invalidConfiguration(row.location, message: "minimum is above maximum")
            }
            ranges[measure] = range
        }
        return KS4ScoreRanges(ranges: ranges)
    }
}

/// Key stages and summers in which no statutory assessment took place (`scales/no-assessment-years.csv`: stage,
/// year, reason). KS1 and KS2 were cancelled in 2020 and 2021 (COVID-19): a result claiming one of those years is
/// rejected, and a pupil whose KS1 fell in one of them has no prior attainment (unknown, never zero).
public struct NoAssessmentYears: Sendable, Equatable {
    /// Reason by stage and year.
    public let reasons: [EndOfKeyStage: [Int: String]]

    public init(reasons: [EndOfKeyStage: [Int: String]]) { self.reasons = reasons }

    /// Why `stage` had no assessment in the summer of `year`, or `nil` when it had one.
    public func reason(stage: EndOfKeyStage, year: Int) -> String? { reasons[stage]?[year] }

    static func load(overrides: URL?) throws -> NoAssessmentYears {
        let url = try ReferenceTables.url("scales/no-assessment-years.csv", overrides: overrides)
        var reasons: [EndOfKeyStage: [Int: String]] = [:]
        try TableFile.forEachRow(in: url, requiring: ["stage", "year", "reason"]) { row in
            guard let stage = EndOfKeyStage(rawValue: normaliseCode(row["stage"])) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'stage': expected KS1, KS2 or KS4, found '\(row["stage"])'")
            }
            guard let year = Int(row["year"].trimmingCharacters(in: .whitespaces)) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'year': expected a year, found '\(row["year"])'")
            }
            reasons[stage, default: [:]][year] = row["reason"]
        }
        return NoAssessmentYears(reasons: reasons)
    }
}

/// The end of key stage at which a measure is assessed (named so, not `KeyStage`, because the CTF's own KeyStage
/// element also covers EYF and KS3).
public enum EndOfKeyStage: String, Sendable, CaseIterable, Comparable {
    case ks1 = "KS1"
    case ks2 = "KS2"
    case ks4 = "KS4"

    /// National Curriculum year at the end of the key stage: Y2, Y6, Y11 (domain reference section 3).
    public var endYearGroup: Int {
        switch self {
        case .ks1: return 2
        case .ks2: return 6
        case .ks4: return 11
        }
    }

    public static func < (a: EndOfKeyStage, b: EndOfKeyStage) -> Bool { a.endYearGroup < b.endYearGroup }
}

extension AssessmentMeasure {
    /// The key stage of the measure, from its name (`ks2_reading` -> KS2).
    public var endOfKeyStage: EndOfKeyStage {
        switch self {
        case .ks1Reading, .ks1Writing, .ks1Maths, .ks1Science: return .ks1
        case .ks2Reading, .ks2Writing, .ks2Maths, .ks2GPS: return .ks2
        case .ks4Attainment8, .ks4Progress8, .ks4EnglishGrade, .ks4MathsGrade, .ks4Progress8English, .ks4Progress8Maths,
             .ks4Progress8EBacc, .ks4Progress8Open: return .ks4
        }
    }
}
