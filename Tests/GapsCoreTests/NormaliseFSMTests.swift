import Foundation
import Testing
@testable import GapsCore

@Suite struct NormaliseFSMTests {
    private func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test func januaryCensusIsTheThirdThursday() {
        // 1 January 2024 was a Monday: Thursdays 4, 11, 18 -> 18 January (the 2024 spring census).
        #expect(CivilDate.januaryCensus(of: 2024) == date("2024-01-18"))
        // 1 January 2019 was a Tuesday: Thursdays 3, 10, 17.
        #expect(CivilDate.januaryCensus(of: 2019) == date("2019-01-17"))
        // 1 January 2015 was a Thursday: 1, 8, 15.
        #expect(CivilDate.januaryCensus(of: 2015) == date("2015-01-15"))
        // 1 January 2023 was a Sunday: Thursdays 5, 12, 19.
        #expect(CivilDate.januaryCensus(of: 2023) == date("2023-01-19"))
    }

    @Test func datesParseStrictly() {
        #expect(CivilDate(iso: "2020-04-29T12:03:31") == date("2020-04-29"))
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2024-02-29") != nil)
        #expect(CivilDate(iso: "29/02/2024") == nil)
        #expect(CivilDate(iso: "2024-1-5") == nil)
        #expect(date("2024-02-29").addingYears(-6) == date("2018-02-28"))
    }

    @Test func ever6FromPeriods() {
        let census = date("2024-01-18")
        // Ended five years before the census: inside the six-year window.
        let fiveYearsBefore = FSMPeriod(start: date("2017-09-01"), end: date("2019-01-18"))
        #expect(FSMStatus.isEver6(on: census, periods: [fiveYearsBefore]))
        #expect(!FSMStatus.isEligible(on: census, periods: [fiveYearsBefore]))
        // Ended seven years before: outside.
        let sevenYearsBefore = FSMPeriod(start: date("2015-09-01"), end: date("2017-01-18"))
        #expect(!FSMStatus.isEver6(on: census, periods: [sevenYearsBefore]))
        #expect(!FSMStatus.isEligible(on: census, periods: [sevenYearsBefore]))
        // Ended exactly six years before: the window starts after that day (documented choice).
        let exactlySix = FSMPeriod(start: date("2016-09-01"), end: date("2018-01-18"))
        #expect(!FSMStatus.isEver6(on: census, periods: [exactlySix]))
        #expect(FSMStatus.isEver6(on: census, periods: [FSMPeriod(start: date("2016-09-01"), end: date("2018-01-19"))]))
        // Covering the census: eligible, and therefore Ever 6.
        let covering = FSMPeriod(start: date("2023-09-01"), end: nil)
        #expect(FSMStatus.isEligible(on: census, periods: [covering]))
        #expect(FSMStatus.isEver6(on: census, periods: [covering]))
        // Starting the day after the census: neither.
        let after = FSMPeriod(start: date("2024-01-19"), end: nil)
        #expect(!FSMStatus.isEligible(on: census, periods: [after]) && !FSMStatus.isEver6(on: census, periods: [after]))
        // A period ending on the census day still covers it.
        #expect(FSMStatus.isEligible(on: census, periods: [FSMPeriod(start: date("2023-01-01"), end: census)]))
    }

    @Test func periodListsParseAndReportBadPieces() {
        let parsed = FSMPeriod.parseList("2019-09-01/2020-07-31;2021-01-10/;nonsense;2022-05-01/2021-01-01")
        #expect(parsed.periods == [
            FSMPeriod(start: date("2019-09-01"), end: date("2020-07-31")),
            FSMPeriod(start: date("2021-01-10"), end: nil),
        ])
        #expect(parsed.problems.count == 2)
        #expect(parsed.problems[1].contains("ends before it starts"))
    }

    @Test func sourceFlags() {
        for yes in ["1", "Y", "T", "true", "TRUE", "yes"] { #expect(SourceFlag.value(yes) == true, "\(yes)") }
        for no in ["0", "N", "F", "false"] { #expect(SourceFlag.value(no) == false, "\(no)") }
        #expect(SourceFlag.value("") == nil)
        #expect(SourceFlag.value("2") == nil)
    }
}
