import Foundation

/// What one raw result counts as in the headline measures.
public struct ResultReading: Sendable, Equatable {
    public var kind: NormalisedResult.Kind
    public var scaledScore: Double?
    public var points: Double?
    public var inCohort: Bool
    public var meetsExpected: Bool
    public var meetsHigher: Bool
    /// Short human text, e.g. "scaled score 104: expected standard met".
    public var reason: String
}

/// Why a raw result cannot be read: the field at fault and words a data manager can act on.
public struct ResultProblem: Error, Sendable, Equatable {
    public var field: String
    public var reason: String
}

/// Reads raw results (`104`, `EXS`, `2B`, `A`, `P4`) against the shipped scales.
///
/// Rules (domain reference sections 4 and 5):
/// - KS2 reading, maths, GPS from 2016: a number in the scaled-score range is a scaled score, meeting the expected
///   standard from 100 and the high score from 110; a number outside the range is rejected; otherwise an outcome
///   code (A absent, B below the test, ...) counts in the denominator, not meeting, except the codes meaning
///   "not in this cohort" (L, F, P, J). Up to 2015: National Curriculum levels, expected 4+, higher 5+.
/// - KS2 writing: teacher assessment, GDS expected and higher, EXS expected, other codes not meeting; leaving
///   codes out of the cohort. Up to 2015 levels as for the tests. P scales are recognised.
/// - KS1: 2016+ teacher assessment with points (PKF 4, WTS 6, EXS 8, GDS 10), expected EXS/GDS, higher GDS;
///   levels (W, 1, 2C, 2B, 2A, 3, 4) with points, expected 2B+, higher 3+; P scales recognised with no points.
///   A number with qualifier SS is an optional KS1 test scaled score (85-115, expected from 100, no higher standard).
/// - KS4 (`ResultInterpreter+KS4.swift`): Attainment 8 and Progress 8 as scores, English and maths as GCSE grades.
/// - No KS1 or KS2 result can be dated 2020 or 2021 (`scales/no-assessment-years.csv`): those are rejected.
/// A code in no table is rejected: never guessed.
public struct ResultInterpreter: Sendable {
    public let scales: ResultScales

    public init(scales: ResultScales) { self.scales = scales }

    /// The qualifier that marks a test scaled score (CTF `ResultQualifier`, an extract profile's `scoreQualifier`).
    public static let scaledScoreQualifier = "SS"

    /// Reads `value` as a result in `measure` for the summer of `year`; `qualifier` is the source's result qualifier
    /// (SS for a scaled score), which only decides how a KS1 number is read.
    public func read(_ value: String, measure: AssessmentMeasure, year: Int, qualifier: String = "") -> Result<ResultReading, ResultProblem> {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            return .failure(ResultProblem(field: "result", reason: "no result value for \(measure.rawValue)"))
        }
        if let reason = scales.noAssessmentYears.reason(stage: measure.endOfKeyStage, year: year) {
            return .failure(ResultProblem(field: "year", reason: "\(measure.rawValue) result dated \(year): \(reason), so it cannot be a statutory result"))
        }
        switch measure {
        case .ks1Reading, .ks1Writing, .ks1Maths:
            if normaliseCode(qualifier) == Self.scaledScoreQualifier, year >= scales.ks1ScaledScore.firstYear,
               let score = Double(trimmed), score.isFinite {
                return scaledScoreReading(score, value: trimmed, rule: scales.ks1ScaledScore, measure: measure)
            }
            return readKS1(trimmed)
        case .ks1Science:
            return readKS1Science(trimmed, year: year)
        case .ks2Writing:
            return readKS2Writing(trimmed, year: year)
        case .ks2Reading, .ks2Maths, .ks2GPS:
            return readKS2Test(trimmed, measure: measure, year: year)
        case .ks4Attainment8, .ks4Progress8, .ks4Progress8English, .ks4Progress8Maths, .ks4Progress8EBacc, .ks4Progress8Open:
            return readKS4Score(trimmed, measure: measure)
        case .ks4EnglishGrade, .ks4MathsGrade:
            return readGCSEGrade(trimmed, measure: measure)
        }
    }

    private func readKS1(_ value: String) -> Result<ResultReading, ResultProblem> {
        if let code = scales.ks1TeacherAssessment[value] {
            return .success(reading(code, as: .teacherAssessment, value: value))
        }
        if let level = scales.ncLevels.level(value, stage: "KS1") {
            return .success(levelReading(level, value: value))
        }
        if let pScale = scales.pScales[value] {
            return .success(pScaleReading(pScale, value: value))
        }
        return .failure(ResultProblem(field: "result", reason: "unknown KS1 result '\(value)': not a teacher-assessment code, level or P scale"))
    }

    private func readKS2Writing(_ value: String, year: Int) -> Result<ResultReading, ResultProblem> {
        if let code = scales.ks2WritingTA[value] {
            return .success(reading(code, as: .teacherAssessment, value: value))
        }
        if isLevelsEra(stage: "KS2", year: year), let level = scales.ncLevels.level(value, stage: "KS2") {
            return .success(levelReading(level, value: value))
        }
        if let pScale = scales.pScales[value] {
            return .success(pScaleReading(pScale, value: value))
        }
        return .failure(ResultProblem(field: "result", reason: "unknown KS2 writing teacher-assessment code '\(value)'"))
    }

    private func readKS2Test(_ value: String, measure: AssessmentMeasure, year: Int) -> Result<ResultReading, ResultProblem> {
        let rule = scales.ks2ScaledScore
        if isLevelsEra(stage: "KS2", year: year) {
            if let level = scales.ncLevels.level(value, stage: "KS2") {
                return .success(levelReading(level, value: value))
            }
        } else if let score = Double(value), score.isFinite {
            return scaledScoreReading(score, value: value, rule: rule, measure: measure)
        }
        if let code = scales.ks2OutcomeCodes[value] {
            return .success(withNominalScore(reading(code, as: .outcomeCode, value: value), value: value, year: year))
        }
        // A pre-key-stage teacher assessment where the test result belongs: the pupil worked below the test.
        if !isLevelsEra(stage: "KS2", year: year), let nominal = scales.ks2NominalScores.entry(for: value, year: year) {
            let code = ScaleCode(code: nominal.code, meaning: nominal.meaning)
            return .success(withNominalScore(reading(code, as: .outcomeCode, value: value), value: value, year: year))
        }
        let expected = isLevelsEra(stage: "KS2", year: year) ? "a level" : "a scaled score"
        return .failure(ResultProblem(field: "result", reason: "unknown KS2 result '\(value)': not \(expected) nor an outcome code"))
    }

    /// A test scaled score against its rule; a number outside the range is rejected.
    private func scaledScoreReading(_ score: Double, value: String, rule: ScaledScoreRule,
                                    measure: AssessmentMeasure) -> Result<ResultReading, ResultProblem> {
        guard score >= rule.minimum, score <= rule.maximum else {
            return .failure(ResultProblem(
                field: "result",
                reason: "\(measure.rawValue) \(value) is not a scaled score (\(formatNumber(rule.minimum))-\(formatNumber(rule.maximum))) nor an outcome code"))
        }
        let meetsExpected = score >= rule.expectedFrom
        let meetsHigher = rule.higherFrom.map { score >= $0 } ?? false
        let verdict = meetsHigher ? "expected standard and high score met"
            : meetsExpected ? "expected standard met" : "below the expected standard"
        return .success(ResultReading(kind: .scaledScore, scaledScore: score, points: nil, inCohort: true,
                                      meetsExpected: meetsExpected, meetsHigher: meetsHigher,
                                      reason: "scaled score \(formatNumber(score)): \(verdict)"))
    }

    /// A 2016+ KS2 test result without a scaled score, with the DfE's nominal score for prior attainment as its points
    /// when the code has one (`KS2NominalScores`); the reading is otherwise unchanged.
    private func withNominalScore(_ reading: ResultReading, value: String, year: Int) -> ResultReading {
        guard reading.inCohort, !isLevelsEra(stage: "KS2", year: year),
              let nominal = scales.ks2NominalScores.entry(for: value, year: year) else { return reading }
        var withPoints = reading
        withPoints.points = nominal.points
        withPoints.reason += "; nominal score \(formatNumber(nominal.points)) for prior attainment"
        return withPoints
    }

    /// True when `stage` still reported National Curriculum levels in the summer of `year`.
    private func isLevelsEra(stage: String, year: Int) -> Bool {
        guard let lastYear = scales.ncLevels.thresholds[stage]?.lastYear else { return false }
        return year <= lastYear
    }

    private func reading(_ code: ScaleCode, as kind: NormalisedResult.Kind, value: String) -> ResultReading {
        ResultReading(kind: kind, scaledScore: nil, points: code.points, inCohort: code.inCohort,
                      meetsExpected: code.inCohort && code.meetsExpected, meetsHigher: code.inCohort && code.meetsHigher,
                      reason: "\(value) \(code.meaning): \(Self.verdict(code))")
    }

    private func levelReading(_ level: ScaleCode, value: String) -> ResultReading {
        let points = level.points.map { " (\(formatNumber($0)) points)" } ?? ""
        return ResultReading(kind: .level, scaledScore: nil, points: level.points, inCohort: true,
                             meetsExpected: level.meetsExpected, meetsHigher: level.meetsHigher,
                             reason: "level \(value)\(points): \(Self.verdict(level))")
    }

    private func pScaleReading(_ pScale: ScaleCode, value: String) -> ResultReading {
        let pointsNote = pScale.points == nil ? "; P-scale points not confirmed, none given" : ""
        return ResultReading(kind: .level, scaledScore: nil, points: pScale.points, inCohort: true, meetsExpected: false,
                             meetsHigher: false, reason: "\(value) \(pScale.meaning): \(Self.verdict(pScale))\(pointsNote)")
    }

    private static func verdict(_ code: ScaleCode) -> String {
        if !code.inCohort { return "not in this cohort" }
        if code.meetsHigher { return "expected and higher standard met" }
        if code.meetsExpected { return "expected standard met" }
        return "in the denominator, not meeting the standard"
    }
}

/// EES time periods for academic years.
public enum AcademicYear {
    /// The EES time period for a result dated by the calendar year of its summer: 2024 -> "202324".
    /// Also accepts an academic year already written as 2023/24, 2023-24, 2023/2024 or 202324.
    public static func timePeriod(fromResultYear text: String) -> String? {
        summerYear(of: text).map { String(format: "%04d%02d", $0 - 1, $0 % 100) }
    }

    /// The calendar year of the summer that ends the academic year `text` names, or `nil` if it names none.
    public static func summerYear(of text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let digits = trimmed.filter { $0.isASCII && $0.isNumber }
        if trimmed.count == 4, digits.count == 4, let year = Int(digits) { return year }
        // Two-part forms: the second part must follow the first.
        let parts: (String, String)
        if trimmed.count == 6, digits.count == 6 {
            parts = (String(digits.prefix(4)), String(digits.suffix(2)))
        } else {
            let pieces = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" }).map(String.init)
            guard pieces.count == 2, pieces[0].count == 4, [2, 4].contains(pieces[1].count),
                  pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
            parts = (pieces[0], pieces[1])
        }
        guard let start = Int(parts.0), let end = Int(parts.1) else { return nil }
        let summer = start + 1
        let matches = parts.1.count == 2 ? end == summer % 100 : end == summer
        return matches ? summer : nil
    }
}
