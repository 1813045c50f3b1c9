import Foundation

/// KS1 science teacher assessment (domain reference sections 4 and 5).
///
/// From 2016 science is judged against one standard only: EXS (working at the expected standard) or HNM (has not
/// met it), plus A, D, Q and L as for the other KS1 teacher assessments (`scales/ks1-science-ta.csv`). There is no
/// greater depth in science, so a science result never meets the higher standard and has no points. Up to 2015
/// science was reported as National Curriculum levels (W, 1, 2, 3, 4: whole levels, no sub-levels), read on the
/// shared levels scale against the KS1 thresholds (2B, so an unsplit level 2, and above meets the expected
/// standard); the higher flag is cleared there too **(ours)**, so that the measure means the same in every year.
extension ResultInterpreter {
    func readKS1Science(_ value: String, year: Int) -> Result<ResultReading, ResultProblem> {
        var reading: ResultReading
        if let code = scales.ks1ScienceTA[value] {
            reading = ResultReading(kind: .teacherAssessment, scaledScore: nil, points: nil, inCohort: code.inCohort,
                                    meetsExpected: code.inCohort && code.meetsExpected, meetsHigher: false,
                                    reason: "\(value) \(code.meaning): \(Self.scienceVerdict(code))")
        } else if let level = scales.ncLevels.level(value, stage: "KS1") {
            let points = level.points.map { " (\(formatNumber($0)) points)" } ?? ""
            reading = ResultReading(kind: .level, scaledScore: nil, points: level.points, inCohort: true,
                                    meetsExpected: level.meetsExpected, meetsHigher: false,
                                    reason: "level \(value)\(points): \(level.meetsExpected ? "expected standard met" : "in the denominator, not meeting the standard")")
        } else if let pScale = scales.pScales[value] {
            reading = ResultReading(kind: .level, scaledScore: nil, points: pScale.points, inCohort: true, meetsExpected: false,
                                    meetsHigher: false, reason: "\(value) \(pScale.meaning): in the denominator, not meeting the standard")
        } else {
            return .failure(ResultProblem(field: "result", reason: "unknown KS1 science result '\(value)': not EXS, HNM, another teacher-assessment code, a level or a P scale"))
        }
        reading.meetsHigher = false
        return .success(reading)
    }

    private static func scienceVerdict(_ code: ScaleCode) -> String {
        if !code.inCohort { return "not in this cohort" }
        return code.meetsExpected ? "expected standard met (science has no higher standard)" : "in the denominator, not meeting the standard"
    }
}
