import Foundation

/// One code of a results scale (a TA outcome, a test outcome code, a P scale) and what it counts as.
public struct ScaleCode: Sendable, Equatable {
    public var code: String
    /// Short words for the reason column ("absent", "working at the expected standard").
    public var meaning: String
    /// Points on the scale, or `nil` where none exist or their value is not confirmed.
    public var points: Double?
    /// False for codes meaning "not in this cohort" (left, future, past, just arrived).
    public var inCohort: Bool
    public var meetsExpected: Bool
    public var meetsHigher: Bool

    public init(code: String, meaning: String, points: Double? = nil, inCohort: Bool = true, meetsExpected: Bool = false,
                meetsHigher: Bool = false) {
        self.code = code
        self.meaning = meaning
        self.points = points
        self.inCohort = inCohort
        self.meetsExpected = meetsExpected
        self.meetsHigher = meetsHigher
    }
}

/// A table of codes read from a scales file: code, meaning, and optionally points, in_cohort, meets_expected,
/// meets_higher (a column the file lacks means: no points / in the cohort / not meeting).
public struct ScaleTable: Sendable {
    public let codes: [String: ScaleCode]

    public init(_ codes: [ScaleCode]) {
        self.codes = Dictionary(codes.map { (normaliseCode($0.code), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The entry for `value` (trimmed, case-insensitive), if listed.
    public subscript(_ value: String) -> ScaleCode? { codes[normaliseCode(value)] }

    static func load(_ relativePath: String, overrides: URL?) throws -> ScaleTable {
        var codes: [ScaleCode] = []
        for (code, row) in try ReferenceTables.keyedRows(relativePath, overrides: overrides, key: "code", required: ["meaning"]) {
            func flag(_ column: String, default value: Bool) throws -> Bool {
                row.columnIndex[column] == nil ? value : try ReferenceTables.flag(row, column)
            }
            codes.append(ScaleCode(code: code, meaning: row["meaning"], points: try ReferenceTables.optionalNumber(row, "points"),
                                   inCohort: try flag("in_cohort", default: true),
                                   meetsExpected: try flag("meets_expected", default: false),
                                   meetsHigher: try flag("meets_higher", default: false)))
        }
        return ScaleTable(codes)
    }

    /// A scale whose every code must have points (NC levels, GCSE grades).
    static func loadRequiringPoints(_ relativePath: String, overrides: URL?) throws -> ScaleTable {
        let table = try load(relativePath, overrides: overrides)
        for (code, entry) in table.codes where entry.points == nil {
            throw GapsError.invalidConfiguration(SourceLocation(file: relativePath), message: "code '\(code)' has no points")
        }
        return table
    }
}

/// National Curriculum levels (to 2015) with their points and, per key stage, the levels that meet the expected
/// and higher standards (`scales/nc-levels.csv`, `scales/nc-level-thresholds.csv`).
public struct NCLevelScale: Sendable {
    /// Where the expected and higher standards start at one key stage, and the last year levels were reported.
    public struct Thresholds: Sendable, Equatable {
        public var expectedFromPoints: Double
        public var higherFromPoints: Double
        public var expectedFrom: String
        public var higherFrom: String
        /// The last summer in which this key stage reported levels (2015); later results use the new scales.
        public var lastYear: Int
    }

    public let levels: ScaleTable
    /// By stage name (KS1, KS2).
    public let thresholds: [String: Thresholds]

    /// The level entry for `value` with its standards at `stage` decided from its points.
    public func level(_ value: String, stage: String) -> ScaleCode? {
        guard var entry = levels[value], let points = entry.points, let threshold = thresholds[stage] else { return nil }
        entry.meetsExpected = points >= threshold.expectedFromPoints
        entry.meetsHigher = points >= threshold.higherFromPoints
        return entry
    }

    static func load(overrides: URL?) throws -> NCLevelScale {
        let levels = try ScaleTable.loadRequiringPoints("scales/nc-levels.csv", overrides: overrides)
        var thresholds: [String: Thresholds] = [:]
        for (stage, row) in try ReferenceTables.keyedRows("scales/nc-level-thresholds.csv", overrides: overrides, key: "stage",
                                                           required: ["expected_from", "higher_from", "last_year"]) {
            func points(_ column: String) throws -> Double {
                guard let points = levels[row[column]]?.points else {
                    throw GapsError.invalidConfiguration(row.location, message: "column '\(column)': '\(row[column])' is not a level with points in scales/nc-levels.csv")
                }
                return points
            }
            guard let lastYear = Int(row["last_year"]) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'last_year': expected a year, found '\(row["last_year"])'")
            }
            thresholds[stage] = Thresholds(expectedFromPoints: try points("expected_from"), higherFromPoints: try points("higher_from"),
                                           expectedFrom: row["expected_from"], higherFrom: row["higher_from"], lastYear: lastYear)
        }
        return NCLevelScale(levels: levels, thresholds: thresholds)
    }
}

/// Test scaled scores (2016 onwards): range and thresholds. KS2 tests (`scales/ks2-scaled-score.csv`): 80-120,
/// expected 100, high score 110; optional KS1 tests (`scales/ks1-scaled-score.csv`): 85-115, expected 100, no
/// higher standard (an empty `higher_from`).
public struct ScaledScoreRule: Sendable, Equatable {
    public var firstYear: Int
    public var minimum: Double
    public var maximum: Double
    public var expectedFrom: Double
    /// `nil` when the test has no higher standard (KS1: greater depth is a teacher assessment only).
    public var higherFrom: Double?

    static func load(_ relativePath: String, overrides: URL?) throws -> ScaledScoreRule {
        let url = try ReferenceTables.url(relativePath, overrides: overrides)
        var rule: ScaledScoreRule?
        try TableFile.forEachRow(in: url, requiring: ["first_year", "minimum", "maximum", "expected_from", "higher_from"]) { row in
            guard rule == nil else {
                throw GapsError.invalidConfiguration(row.location, message: "expected one row, found more")
            }
            guard let firstYear = Int(row["first_year"]) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'first_year': expected a year, found '\(row["first_year"])'")
            }
            rule = ScaledScoreRule(firstYear: firstYear, minimum: try ReferenceTables.number(row, "minimum"),
                                   maximum: try ReferenceTables.number(row, "maximum"),
                                   expectedFrom: try ReferenceTables.number(row, "expected_from"),
                                   higherFrom: try ReferenceTables.optionalNumber(row, "higher_from"))
        }
        guard let rule else {
            throw GapsError.invalidConfiguration(SourceLocation(file: url.path), message: "no row")
        }
        return rule
    }
}

/// All the scales results are read against.
public struct ResultScales: Sendable {
    /// KS1 teacher assessment 2016+ (`scales/ks1-ta-2016.csv`): PKF 4, WTS 6, EXS 8, GDS 10, plus A, D, Q, ...
    public var ks1TeacherAssessment: ScaleTable
    /// KS1 science teacher assessment 2016+ (`scales/ks1-science-ta.csv`): EXS met, HNM not met; one standard only.
    public var ks1ScienceTA: ScaleTable
    public var ncLevels: NCLevelScale
    /// P scales (`scales/p-scales.csv`): recognised, but their points are not confirmed and ship empty.
    public var pScales: ScaleTable
    /// KS2 test outcome codes (`scales/ks2-outcome-codes.csv`): A, B, L, ... with in_cohort.
    public var ks2OutcomeCodes: ScaleTable
    /// KS2 writing teacher assessment (`scales/ks2-writing-ta.csv`).
    public var ks2WritingTA: ScaleTable
    public var ks2ScaledScore: ScaledScoreRule
    /// Optional KS1 tests 2016+ (`scales/ks1-scaled-score.csv`), read when the result's qualifier is SS.
    public var ks1ScaledScore: ScaledScoreRule
    /// GCSE grades 9-1, U and legacy letters with their 2017+ points (`scales/gcse-grades.csv`).
    public var gcseGrades: ScaleTable
    /// Point range and standard / strong pass thresholds for KS4 English and maths (`scales/gcse-grade-points.csv`).
    public var gcseGradePoints: GCSEGradeRule
    /// Plausible ranges of Attainment 8 and Progress 8 (`scales/ks4-scores.csv`).
    public var ks4Scores: KS4ScoreRanges
    /// Key stages and years with no statutory assessment (`scales/no-assessment-years.csv`): 2020 and 2021.
    public var noAssessmentYears: NoAssessmentYears
    /// Nominal scores for KS2 tests without a scaled score (`scales/ks2-nominal-scores.csv`): BLW, PKF, PKE, PKG, N.
    public var ks2NominalScores: KS2NominalScores

    static func load(overrides: URL?) throws -> ResultScales {
        ResultScales(ks1TeacherAssessment: try .load("scales/ks1-ta-2016.csv", overrides: overrides),
                     ks1ScienceTA: try .load("scales/ks1-science-ta.csv", overrides: overrides),
                     ncLevels: try .load(overrides: overrides),
                     pScales: try .load("scales/p-scales.csv", overrides: overrides),
                     ks2OutcomeCodes: try .load("scales/ks2-outcome-codes.csv", overrides: overrides),
                     ks2WritingTA: try .load("scales/ks2-writing-ta.csv", overrides: overrides),
                     ks2ScaledScore: try .load("scales/ks2-scaled-score.csv", overrides: overrides),
                     ks1ScaledScore: try .load("scales/ks1-scaled-score.csv", overrides: overrides),
                     gcseGrades: try .loadRequiringPoints("scales/gcse-grades.csv", overrides: overrides),
                     gcseGradePoints: try .load(overrides: overrides),
                     ks4Scores: try .load(overrides: overrides),
                     noAssessmentYears: try .load(overrides: overrides),
                     ks2NominalScores: try .load(overrides: overrides))
    }
}
