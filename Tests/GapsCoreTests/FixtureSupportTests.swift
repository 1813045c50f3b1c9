import Testing
@testable import GapsCore

@Suite struct FixtureSupportTests {
    @Test func splitMixMatchesTheReferenceOutput() {
        // SplitMix64 seeded with 0: the first output of the reference C implementation (Vigna, splitmix64.c).
        var mixer = SplitMix64(seed: 0)
        #expect(mixer.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func sameSeedAndStreamRepeatAndStreamsDiffer() {
        var first = FixtureRandom(seed: 42, stream: [3, 2024, 1])
        var again = FixtureRandom(seed: 42, stream: [3, 2024, 1])
        var otherSchool = FixtureRandom(seed: 42, stream: [3, 2024, 2])
        let a = (0..<8).map { _ in first.next() }
        #expect(a == (0..<8).map { _ in again.next() })
        #expect(a != (0..<8).map { _ in otherSchool.next() })
    }

    @Test func drawsStayInRangeAndNormalsHaveUnitSpread() {
        var random = FixtureRandom(seed: 7)
        for _ in 0..<10_000 {
            let u = random.uniform()
            #expect(u >= 0 && u < 1)
            #expect((3...5).contains(random.integer(in: 3...5)))
        }
        // Mean and SD of 100 000 standard normal draws: the standard error of the mean is 1/sqrt(100000) = 0.003,
        // so |mean| < 0.02 and |SD - 1| < 0.02 hold unless Box-Muller is wrong.
        let draws = (0..<100_000).map { _ in random.normal() }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        #expect(abs(mean) < 0.02)
        #expect(abs(variance.squareRoot() - 1) < 0.02)
    }

    @Test func dayNumbersRoundTripAndDatesFormatForExtracts() {
        // 1970-01-01 to 2000-01-01: 30 * 365 + 7 leap days (1972, 1976, ..., 1996) = 10 957 days; then January (31)
        // and February 2000 (29, a leap year as divisible by 400): 2000-03-01 is day 11 017.
        #expect(CivilDate(dayNumber: 11_017) == CivilDate(year: 2000, month: 3, day: 1))
        #expect(CivilDate(dayNumber: 11_016) == CivilDate(year: 2000, month: 2, day: 29))
        for day in stride(from: -800, through: 30_000, by: 7) {
            #expect(CivilDate(dayNumber: day).dayNumber == day)
        }
        #expect(CivilDate(year: 2012, month: 9, day: 1)!.dayMonthYear == "01/09/2012")
        #expect(CivilDate(year: 2013, month: 8, day: 31)!.adding(days: 1).description == "2013-09-01")
    }

    @Test func cohortDatesAreTheRealOnes() {
        // From the calendar: January 2024 began on a Monday, so its Thursdays are 4, 11, 18; July 2024 began on a
        // Monday, so its first Tuesday on or after the 4th is the 9th (KS2 results day 2024); 4 July 2023 was a
        // Tuesday (results day 2023). Year 6 of 2023/24 was born 1 Sep 2012 to 31 Aug 2013 and started Reception
        // in September 2017; its Year 2 summer was 2020, when there was no KS1 assessment.
        let cohort2024 = CohortCalendar(ks2Year: 2024)
        #expect(cohort2024.census.description == "2024-01-18")
        #expect(cohort2024.ever6Start.description == "2018-01-18")
        #expect(cohort2024.ks2ResultDate.description == "2024-07-09")
        #expect(CivilDate(dayNumber: cohort2024.birthDays.lowerBound).description == "2012-09-01")
        #expect(CivilDate(dayNumber: cohort2024.birthDays.upperBound).description == "2013-08-31")
        #expect(cohort2024.receptionStart.description == "2017-09-01")
        #expect(cohort2024.ks1Year == nil)
        #expect(cohort2024.academicYearSlash == "2023/2024")
        let cohort2023 = CohortCalendar(ks2Year: 2023)
        #expect(cohort2023.ks2ResultDate.description == "2023-07-04")
        #expect(cohort2023.ks1Year == 2019)
    }
}
