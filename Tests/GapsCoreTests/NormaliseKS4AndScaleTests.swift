import Foundation
import Testing
@testable import GapsCore

/// KS4 scores and grades, KS1 test scaled scores and the years without statutory assessment, against the domain
/// reference section 4 (GCSE 9-1: points = grade, U = 0; legacy A* 8.5, A 7, B 5.5, C 4, D 3, E 2, F 1.5, G 1;
/// KS1 tests 85-115, expected 100+; no statutory KS1 or KS2 assessment in 2020 and 2021).
@Suite struct NormaliseKS4AndScaleTests {
    let interpreter: ResultInterpreter

    init() throws { interpreter = ResultInterpreter(scales: try NormaliseReferenceData.load().scales) }

    private func read(_ value: String, _ measure: AssessmentMeasure, year: Int = 2024, qualifier: String = "") throws -> ResultReading {
        try interpreter.read(value, measure: measure, year: year, qualifier: qualifier).get()
    }

    private func problem(_ value: String, _ measure: AssessmentMeasure, year: Int = 2024, qualifier: String = "") -> ResultProblem? {
        if case let .failure(problem) = interpreter.read(value, measure: measure, year: year, qualifier: qualifier) { return problem }
        return nil
    }

    @Test func gcseGradesScoreTheirNumberAndLegacyLettersTheir2017Points() throws {
        let expected: [(String, Double)] = [
            ("9", 9), ("8", 8), ("7", 7), ("6", 6), ("5", 5), ("4", 4), ("3", 3), ("2", 2), ("1", 1), ("U", 0),
            ("A*", 8.5), ("A", 7), ("B", 5.5), ("C", 4), ("D", 3), ("E", 2), ("F", 1.5), ("G", 1),
        ]
        for (grade, points) in expected {
            for measure in [AssessmentMeasure.ks4EnglishGrade, .ks4MathsGrade] {
                let reading = try read(grade, measure)
                #expect(reading.kind == .grade, "\(grade)")
                #expect(reading.points == points, "\(grade)")
                #expect(reading.scaledScore == nil)
                #expect(reading.inCohort)
                // Standard pass from 4 points, strong pass from 5.
                #expect(reading.meetsExpected == (points >= 4), "\(grade)")
                #expect(reading.meetsHigher == (points >= 5), "\(grade)")
            }
        }
        #expect(try read("a*", .ks4EnglishGrade).points == 8.5)
        #expect(try read("5", .ks4MathsGrade).reason == "GCSE grade 5 (5 points): strong pass (grade 5 or above)")
        #expect(try read("C", .ks4MathsGrade).reason == "legacy GCSE grade C (4 points): standard pass (grade 4 or above)")
        #expect(try read("3", .ks4MathsGrade).reason == "GCSE grade 3 (3 points): below a standard pass")
    }

    @Test func anAveragedPointScoreIsTakenAsPoints() throws {
        // "Point score in English EBacc subject area" of 4.5: a standard pass, not a strong one.
        let half = try read("4.5", .ks4EnglishGrade)
        #expect(half.kind == .grade && half.points == 4.5 && half.meetsExpected && !half.meetsHigher)
        #expect(half.reason == "point score 4.5: standard pass (grade 4 or above)")
        #expect(try read("3.75", .ks4EnglishGrade).meetsExpected == false)
        #expect(try read("0", .ks4MathsGrade).points == 0)
        for value in ["9.5", "-1", "10", "45"] {
            #expect(problem(value, .ks4EnglishGrade)?.field == "result", "\(value)")
        }
        #expect(problem("H", .ks4MathsGrade)?.reason.contains("not 9-1, U or a legacy letter grade") == true)
        #expect(problem("4-4", .ks4MathsGrade) != nil)
    }

    @Test func attainment8IsAScoreFrom0To90() throws {
        let reading = try read("47.5", .ks4Attainment8)
        #expect(reading.kind == .score)
        #expect(reading.points == 47.5 && reading.scaledScore == nil)
        #expect(reading.inCohort && !reading.meetsExpected && !reading.meetsHigher)
        #expect(try read("0", .ks4Attainment8).points == 0)
        #expect(try read("90", .ks4Attainment8).points == 90)
        #expect(problem("90.5", .ks4Attainment8)?.reason.contains("0 to 90") == true)
        #expect(problem("-1", .ks4Attainment8) != nil)
        #expect(problem("A", .ks4Attainment8)?.reason.contains("not a number") == true)
    }

    @Test func progress8IsAScoreWithinPlusOrMinus10() throws {
        let negative = try read("-0.34", .ks4Progress8)
        #expect(negative.kind == .score && negative.points == -0.34)
        #expect(try read("10", .ks4Progress8).points == 10)
        #expect(try read("-10", .ks4Progress8).points == -10)
        #expect(try read("+1.2", .ks4Progress8).points == 1.2)
        for value in ["10.01", "-12", "34"] {
            #expect(problem(value, .ks4Progress8)?.reason.contains("-10 to 10") == true, "\(value)")
        }
    }

    @Test func ks1ScaledScoresAreReadWhenTheQualifierIsSS() throws {
        // 85-115, expected from 100; the KS1 tests have no higher standard.
        let cases: [(String, Bool)] = [("85", false), ("99", false), ("100", true), ("115", true)]
        for (value, expected) in cases {
            let reading = try read(value, .ks1Reading, year: 2019, qualifier: "SS")
            #expect(reading.kind == .scaledScore, "\(value)")
            #expect(reading.scaledScore == Double(value))
            #expect(reading.points == nil)
            #expect(reading.meetsExpected == expected, "\(value)")
            #expect(!reading.meetsHigher)
        }
        #expect(try read("104", .ks1Maths, year: 2019, qualifier: "ss").meetsExpected)
        for value in ["84", "116"] {
            #expect(problem(value, .ks1Reading, year: 2019, qualifier: "SS")?.reason.contains("85-115") == true, "\(value)")
        }
        // Without SS a number is a level (or nothing); an outcome code with SS is still read from the TA table.
        #expect(problem("104", .ks1Reading, year: 2019) != nil)
        #expect(try read("A", .ks1Reading, year: 2019, qualifier: "SS").kind == .teacherAssessment)
        #expect(try read("EXS", .ks1Reading, year: 2019, qualifier: "NC").points == 8)
    }

    @Test func ks1AndKS2ResultsDated2020Or2021AreRejected() throws {
        for year in [2020, 2021] {
            for measure in [AssessmentMeasure.ks1Reading, .ks1Maths, .ks2Reading, .ks2Writing, .ks2GPS] {
                let rejected = problem("EXS", measure, year: year)
                #expect(rejected?.field == "year", "\(measure) \(year)")
                #expect(rejected?.reason.contains("no statutory") == true, "\(measure) \(year)")
            }
        }
        // The years either side, and KS4 (which was awarded by teachers those years), are read.
        #expect(try read("EXS", .ks1Reading, year: 2019).meetsExpected)
        #expect(try read("104", .ks2Reading, year: 2022).meetsExpected)
        #expect(try read("6", .ks4MathsGrade, year: 2021).meetsHigher)
    }
}
