import Foundation
import Testing
@testable import GapsCore

@Suite struct RenderFormattingTests {
    @Test func roundsHalvesUpAsTheDfEDoes() {
        // Whole numbers: 66.666... is past the half, so 67; 12.5 and 0.5 are exact halves and go up (banker's
        // rounding would give 12 and 0); a negative half goes away from zero, as round_five_up does.
        #expect(DisplayFormat.number(66.66666666666667, places: 0) == "67")
        #expect(DisplayFormat.number(12.5, places: 0) == "13")
        #expect(DisplayFormat.number(0.5, places: 0) == "1")
        #expect(DisplayFormat.number(-12.5, places: 0) == "-13")
        #expect(DisplayFormat.number(33.3333, places: 0) == "33")
        #expect(DisplayFormat.number(99.5, places: 0) == "100")
        // 2.675 is stored as 2.67499999999999982..., which plain rounding takes down to 2.67; DfE's rule gives 2.68.
        #expect(DisplayFormat.number(2.675, places: 2) == "2.68")
        // One decimal: 104.25 -> 104.3 (half up), 104.24 -> 104.2.
        #expect(DisplayFormat.number(104.25, places: 1) == "104.3")
        #expect(DisplayFormat.number(104.24, places: 1) == "104.2")
    }

    @Test func signsGapsAndNeverShowsMinusZero() {
        #expect(DisplayFormat.number(5, places: 0, signed: true) == "+5")
        #expect(DisplayFormat.number(-10, places: 0, signed: true) == "-10")
        // -0.4 rounds to zero: shown as 0, neither "-0" nor "+0".
        #expect(DisplayFormat.number(-0.4, places: 0, signed: true) == "0")
        #expect(DisplayFormat.value(.symbol(.suppressed), places: 0) == "c")
    }

    @Test func showsTimePeriodsAsAcademicYears() {
        #expect(DisplayFormat.timePeriod("202324") == "2023/24")
        #expect(DisplayFormat.timePeriod("199900") == "1999/00")
        #expect(DisplayFormat.timePeriod("2024") == "2024")
        #expect(DisplayFormat.timePeriod("202325") == nil)
        #expect(DisplayFormat.timePeriod("2023/24") == nil)
    }

    @Test func readsPublishedSymbolsAndRejectsOtherText() {
        #expect(PublishedValue(text: "c") == .symbol(.suppressed))
        #expect(PublishedValue(text: "z") == .symbol(.notApplicable))
        #expect(PublishedValue(text: "-3.5") == .number(-3.5))
        #expect(PublishedValue(text: "") == nil)
        #expect(PublishedValue(text: "n/a") == nil)
    }

    @Test func escapesTheFiveHTMLSpecialCharacters() {
        #expect(HTMLEscaping.escape(#"<script>alert(1)</script> & "Co" 'x'"#)
            == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot; &#39;x&#39;")
        #expect(HTMLEscaping.escape("St Mary’s") == "St Mary’s")
    }

    @Test func scaleFitsIntervalsOnRoundTicksIncludingZero() {
        // Values -20 ... 10: steps 5 and 10 both give the domain -20 ... 10 (6 and 3 intervals); the larger step
        // wins, so the ticks are -20, -10, 0, 10.
        let scale = GapChartScale.fitting([-20, -10, 0, 0, 5, 10], plotWidth: 300)
        #expect(scale == GapChartScale(lower: -20, upper: 10, step: 10, plotWidth: 300))
        #expect(scale.ticks == [-20, -10, 0, 10])
        // x(v) = (v + 20) / 30 * 300 = 10 (v + 20).
        #expect(scale.x(-20) == 0)
        #expect(scale.x(-10) == 100)
        #expect(scale.x(0) == 200)
        #expect(scale.x(5) == 250)
        #expect(scale.x(10) == 300)
        // -56 ... 53: step 10 needs 12 intervals (too many); step 20 gives -60 ... 60 (6 intervals); step 50 gives
        // the wider -100 ... 100. So -60 ... 60.
        let wide = GapChartScale.fitting([-56, 53], plotWidth: 300)
        #expect(wide.lower == -60 && wide.upper == 60 && wide.step == 20)
        // All-positive intervals still show zero: 2 ... 7 with zero: step 1 gives 0 ... 7 (7 intervals), tighter
        // than step 2's 0 ... 8.
        let positive = GapChartScale.fitting([2, 4.5, 7], plotWidth: 300)
        #expect(positive.lower == 0 && positive.upper == 7 && positive.step == 1)
        // Small score gaps -0.3 ... 0.4: step 0.1 fits exactly (7 intervals); tick labels need one decimal.
        let small = GapChartScale.fitting([-0.3, 0.4], plotWidth: 300)
        #expect(abs(small.lower - -0.3) < 1e-12 && abs(small.upper - 0.4) < 1e-12 && abs(small.step - 0.1) < 1e-12)
        #expect(small.tickPlaces == 1)
        #expect(small.ticks.map { DisplayFormat.number($0, places: small.tickPlaces) }
            == ["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3", "0.4"])
    }
}
