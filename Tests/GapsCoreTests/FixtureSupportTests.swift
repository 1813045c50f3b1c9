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

    @Test func civilDatesRoundTripAndFormat() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        // 1970-01-01 to 2000-01-01: 30 * 365 + 7 leap days (1972, 1976, ..., 1996) = 10 957 days; then January (31)
        // and February 2000 (29, a leap year as divisible by 400): 2000-03-01 is day 11 017.
        #expect(CivilDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
        let date = CivilDate(year: 2012, month: 9, day: 1)
        #expect(date.components == (2012, 9, 1))
        #expect(date.iso == "2012-09-01")
        #expect(date.dayMonthYear == "01/09/2012")
        #expect(CivilDate(year: 2020, month: 2, day: 29).adding(years: -1).iso == "2019-02-28")
    }

    @Test func springCensusIsTheThirdThursdayOfJanuary() {
        // From the calendar: January 2024 began on a Monday (Thursdays 4, 11, 18); January 2023 on a Sunday
        // (Thursdays 5, 12, 19). The DfE spring census dates were 18 January 2024 and 19 January 2023.
        #expect(CivilDate.springCensus(year: 2024).iso == "2024-01-18")
        #expect(CivilDate.springCensus(year: 2023).iso == "2023-01-19")
        #expect(CivilDate(year: 2024, month: 1, day: 18).weekday == 3)
    }

    @Test func fsmRuleReadsPeriodsAgainstTheCensus() {
        let census = CivilDate(year: 2024, month: 1, day: 18)
        typealias Period = SyntheticPupil.FSMPeriod
        let open = Period(start: CivilDate(year: 2023, month: 3, day: 1), end: nil)
        let endedInWindow = Period(start: CivilDate(year: 2019, month: 1, day: 1), end: CivilDate(year: 2020, month: 1, day: 1))
        let endedBeforeWindow = Period(start: CivilDate(year: 2017, month: 9, day: 1), end: CivilDate(year: 2017, month: 12, day: 1))
        let startsAfterCensus = Period(start: CivilDate(year: 2024, month: 3, day: 1), end: nil)
        #expect(FSMRule.isEligible([open], census: census) && FSMRule.isEver6([open], census: census))
        #expect(!FSMRule.isEligible([endedInWindow], census: census) && FSMRule.isEver6([endedInWindow], census: census))
        #expect(!FSMRule.isEver6([endedBeforeWindow], census: census))
        #expect(!FSMRule.isEver6([startsAfterCensus], census: census))
    }
}
