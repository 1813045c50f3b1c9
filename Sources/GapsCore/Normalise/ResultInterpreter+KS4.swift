import Foundation

/// KS4 pupil results as the performance-tables pupil file gives them (domain reference sections 4 and 5).
///
/// - Attainment 8 and Progress 8 are scores: `points` is the value; no standard is met or missed by a score alone.
///   A value outside the range in `scales/ks4-scores.csv` (A8 0-90, P8 -10 to +10) is rejected, never clipped.
/// - English and maths are GCSE grades: 9-1 score their number, U 0, legacy letters their 2017+ points
///   (A* 8.5, A 7, B 5.5, C 4, D 3, E 2, F 1.5, G 1) from `scales/gcse-grades.csv`; a number in 0-9 that is not a
///   grade (4.5, an averaged EBacc-area point score) is taken as points. Standard pass (expected) from 4 points,
///   strong pass (higher) from 5 (`scales/gcse-grade-points.csv`).
extension ResultInterpreter {
    func readKS4Score(_ value: String, measure: AssessmentMeasure) -> Result<ResultReading, ResultProblem> {
        guard let range = scales.ks4Scores.ranges[measure] else {
            return .failure(ResultProblem(field: "measure", reason: "\(measure.rawValue) has no range in scales/ks4-scores.csv"))
        }
        guard let score = Double(value), score.isFinite else {
            return .failure(ResultProblem(field: "result", reason: "\(measure.rawValue) '\(value)' is not a number (\(range.meaning))"))
        }
        guard score >= range.minimum, score <= range.maximum else {
            return .failure(ResultProblem(
                field: "result",
                reason: "\(measure.rawValue) \(value) is outside the plausible \(range.meaning) range \(formatNumber(range.minimum)) to \(formatNumber(range.maximum))"))
        }
        return .success(ResultReading(kind: .score, scaledScore: nil, points: score, inCohort: true, meetsExpected: false,
                                      meetsHigher: false, reason: "\(range.meaning) \(formatNumber(score))"))
    }

    func readGCSEGrade(_ value: String, measure: AssessmentMeasure) -> Result<ResultReading, ResultProblem> {
        let rule = scales.gcseGradePoints
        let points: Double
        let described: String
        if let grade = scales.gcseGrades[value], let gradePoints = grade.points {
            points = gradePoints
            described = "\(grade.meaning) (\(formatNumber(gradePoints)) points)"
        } else if let number = Double(value), number.isFinite {
            guard number >= rule.minimum, number <= rule.maximum else {
                return .failure(ResultProblem(
                    field: "result",
                    reason: "\(measure.rawValue) \(value) is not a GCSE grade nor a point score \(formatNumber(rule.minimum))-\(formatNumber(rule.maximum))"))
            }
            points = number
            described = "point score \(formatNumber(number))"
        } else {
            return .failure(ResultProblem(field: "result", reason: "unknown \(measure.rawValue) grade '\(value)': not 9-1, U or a legacy letter grade A*-G"))
        }
        let meetsExpected = points >= rule.expectedFrom
        let meetsHigher = points >= rule.higherFrom
        let verdict = meetsHigher ? "strong pass (grade \(formatNumber(rule.higherFrom)) or above)"
            : meetsExpected ? "standard pass (grade \(formatNumber(rule.expectedFrom)) or above)"
            : "below a standard pass"
        return .success(ResultReading(kind: .grade, scaledScore: nil, points: points, inCohort: true,
                                      meetsExpected: meetsExpected, meetsHigher: meetsHigher, reason: "\(described): \(verdict)"))
    }
}
