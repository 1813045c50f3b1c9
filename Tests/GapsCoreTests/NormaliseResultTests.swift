import Foundation
import Testing
@testable import GapsCore

@Suite struct NormaliseResultTests {
    let interpreter: ResultInterpreter

    init() throws { interpreter = ResultInterpreter(scales: try NormaliseReferenceData.load().scales) }

    private func read(_ value: String, _ measure: AssessmentMeasure, year: Int = 2024) throws -> ResultReading {
        try interpreter.read(value, measure: measure, year: year).get()
    }

    private func problem(_ value: String, _ measure: AssessmentMeasure, year: Int = 2024) -> ResultProblem? {
        if case let .failure(problem) = interpreter.read(value, measure: measure, year: year) { return problem }
        return nil
    }

    @Test func scaledScoreThresholdsAt99_100_109_110() throws {
        // Expected standard from 100, high score from 110 (domain reference section 4).
        let cases: [(String, Bool, Bool)] = [("99", false, false), ("100", true, false), ("109", true, false), ("110", true, true)]
        for (value, expected, higher) in cases {
            let reading = try read(value, .ks2Reading)
            #expect(reading.kind == .scaledScore)
            #expect(reading.scaledScore == Double(value))
            #expect(reading.meetsExpected == expected, "\(value)")
            #expect(reading.meetsHigher == higher, "\(value)")
            #expect(reading.inCohort)
        }
        #expect(try read("104", .ks2Maths).reason == "scaled score 104: expected standard met")
        #expect(try read("80", .ks2GPS).reason == "scaled score 80: below the expected standard")
        #expect(try read("120", .ks2GPS).reason == "scaled score 120: expected standard and high score met")
    }

    @Test func numbersOutside80To120AreRejected() {
        for value in ["79", "121", "0", "-5", "104000"] {
            let rejected = problem(value, .ks2Reading)
            #expect(rejected?.field == "result", "\(value)")
        }
        #expect(problem("150", .ks2Maths)?.reason.contains("80-120") == true)
    }

    @Test func absentStaysInTheDenominatorButLeftIsOutOfTheCohort() throws {
        let absent = try read("A", .ks2Reading)
        #expect(absent.kind == .outcomeCode)
        #expect(absent.inCohort)
        #expect(!absent.meetsExpected && !absent.meetsHigher)
        #expect(absent.scaledScore == nil)
        #expect(absent.reason == "A absent: in the denominator, not meeting the standard")

        let left = try read("L", .ks2Reading)
        #expect(left.kind == .outcomeCode)
        #expect(!left.inCohort)
        #expect(!left.meetsExpected)
        #expect(left.reason == "L left: not in this cohort")

        for code in ["B", "M", "T", "H", "Q", "D", "NS"] { #expect(try read(code, .ks2Maths).inCohort, "\(code)") }
        for code in ["F", "P", "J"] { #expect(try !read(code, .ks2Maths).inCohort, "\(code)") }
        #expect(problem("Z", .ks2Maths)?.field == "result")
    }

    @Test func writingTeacherAssessment() throws {
        let gds = try read("GDS", .ks2Writing)
        #expect(gds.kind == .teacherAssessment)
        #expect(gds.meetsExpected && gds.meetsHigher)
        let exs = try read("exs", .ks2Writing)
        #expect(exs.meetsExpected && !exs.meetsHigher)
        for code in ["WTS", "PK1", "PK6", "EM", "A", "BLW"] {
            let reading = try read(code, .ks2Writing)
            #expect(reading.inCohort && !reading.meetsExpected && !reading.meetsHigher, "\(code)")
        }
        for code in ["L", "F", "P", "J"] { #expect(try !read(code, .ks2Writing).inCohort, "\(code)") }
        #expect(problem("XYZ", .ks2Writing)?.field == "result")
        // A number is not a writing TA code.
        #expect(problem("104", .ks2Writing) != nil)
    }

    @Test func ks1TeacherAssessmentPoints() throws {
        // PKF 4, WTS 6, EXS 8, GDS 10; expected EXS or GDS; higher GDS.
        let expectations: [(String, Double, Bool, Bool)] = [
            ("PKF", 4, false, false), ("WTS", 6, false, false), ("EXS", 8, true, false), ("GDS", 10, true, true),
        ]
        for (code, points, expected, higher) in expectations {
            let reading = try read(code, .ks1Reading, year: 2019)
            #expect(reading.kind == .teacherAssessment)
            #expect(reading.points == points, "\(code)")
            #expect(reading.meetsExpected == expected && reading.meetsHigher == higher, "\(code)")
        }
        let absent = try read("A", .ks1Maths, year: 2019)
        #expect(absent.inCohort && absent.points == nil && !absent.meetsExpected)
    }

    @Test func ks1LevelPoints() throws {
        // W=3, 1=9, 2C=13, 2B=15, 2A=17, 3=21, 4=27; expected 2B+, higher 3+.
        let expectations: [(String, Double, Bool, Bool)] = [
            ("W", 3, false, false), ("1", 9, false, false), ("2C", 13, false, false), ("2B", 15, true, false),
            ("2A", 17, true, false), ("3", 21, true, true), ("4", 27, true, true),
        ]
        for (level, points, expected, higher) in expectations {
            let reading = try read(level, .ks1Writing, year: 2015)
            #expect(reading.kind == .level)
            #expect(reading.points == points, "\(level)")
            #expect(reading.meetsExpected == expected && reading.meetsHigher == higher, "\(level)")
        }
        #expect(try read("2B", .ks1Reading, year: 2015).reason == "level 2B (15 points): expected standard met")
        // Sub-levels of level 3 count as the whole level, 6 x 3 + 3 = 21.
        #expect(try read("3A", .ks1Reading, year: 2015).points == 21)
    }

    @Test func pScalesAreRecognisedButHaveNoPoints() throws {
        for code in ["P1i", "P2ii", "P4", "P8"] {
            let reading = try read(code, .ks1Reading, year: 2015)
            #expect(reading.kind == .level)
            #expect(reading.points == nil, "\(code)")
            #expect(reading.inCohort && !reading.meetsExpected)
            #expect(reading.reason.contains("not confirmed"))
        }
    }

    @Test func ks2LevelsBefore2016() throws {
        // Up to 2015 KS2 reported levels: expected 4+, higher 5+; a "4" is then a level, not a scaled score.
        let four = try read("4", .ks2Reading, year: 2015)
        #expect(four.kind == .level && four.points == 27 && four.meetsExpected && !four.meetsHigher)
        let five = try read("5", .ks2Maths, year: 2015)
        #expect(five.meetsExpected && five.meetsHigher)
        #expect(try !read("3", .ks2Maths, year: 2015).meetsExpected)
        // In 2016 the same "4" is a number outside the scaled-score range.
        #expect(problem("4", .ks2Reading, year: 2016) != nil)
    }

    @Test func timePeriods() {
        #expect(AcademicYear.timePeriod(fromResultYear: "2019") == "201819")
        #expect(AcademicYear.timePeriod(fromResultYear: "2024") == "202324")
        #expect(AcademicYear.timePeriod(fromResultYear: "2000") == "199900")
        #expect(AcademicYear.timePeriod(fromResultYear: "2023/24") == "202324")
        #expect(AcademicYear.timePeriod(fromResultYear: "2023/2024") == "202324")
        #expect(AcademicYear.timePeriod(fromResultYear: "202324") == "202324")
        #expect(AcademicYear.timePeriod(fromResultYear: "2023/25") == nil)
        #expect(AcademicYear.timePeriod(fromResultYear: "24") == nil)
        #expect(AcademicYear.timePeriod(fromResultYear: "") == nil)
    }
}
