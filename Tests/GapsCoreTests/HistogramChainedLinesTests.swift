import Foundation
import Testing
@testable import GapsCore

/// Secondary suppression must not rely on a withheld count that a line gives away with nothing left on it to withhold
/// (`SecondarySuppression.revealed`): a reader works that count out first, and then the count it seemed to
/// protect on another line. In `histograms-by-characteristic.csv` such lines are common, since a group's Total band
/// and its threshold counts are the breakdown file's to show or withhold, never complements here; the demo gave two
/// bands of one pupil away by such chains (`JointSuppressionTests.theDemoGivesNothingSecretToALineReader`).
@Suite struct HistogramChainedLinesTests {
    /// Six cells of one count (`Suppression.withheldCounts`, as the histogram table calls it), on two lines:
    /// - line 1: P = x + F, with P = 5 and F = 4 shown and fixed (say a group's Total band and a threshold count),
    ///   x = 1 withheld (a band of one pupil);
    /// - line 2: Q = x + y + w, with Q = 10 shown and fixed, y = 2 withheld (a band of two pupils), w = 7 shown.
    ///
    /// By hand: line 1 gives x away, 5 - 4 = 1, and has nothing that may be withheld (P and F are fixed), so x is
    /// known whatever is done. Line 2 then has one unknown, y = 10 - 1 - 7 = 2: a reader chains the two lines. So
    /// w, the only cell that may still be withheld there, must be: then y + w = 9 leaves y open.
    /// Before the fix the engine left line 1 as it was but still counted x as unknown on line 2, which looked
    /// protected (two unknowns, x and y): w was shown and y recovered.
    static let counts = [5, 1, 4, 10, 2, 7]
    static let lines = [[0, 1, 2], [3, 1, 4, 5]]
    static let primary = [false, true, false, false, true, false]
    static let fixed = [true, false, true, true, false, false]

    /// A reader who solves any line with one unknown, again and again (as `HistogramByGroupTests.attack`): the
    /// positions it works out.
    static func recovered(withheld: [Bool]) -> Set<Int> {
        var known = withheld.map { !$0 }
        var found: Set<Int> = []
        var progress = true
        while progress {
            progress = false
            for line in lines {
                let unknown = line.filter { !known[$0] }
                if unknown.count == 1 {
                    known[unknown[0]] = true
                    found.insert(unknown[0])
                    progress = true
                }
            }
        }
        return found
    }

    @Test func aCountNoComplementCanProtectIsNotReliedOnElsewhere() {
        let (withheld, unprotected) = Suppression().withheldCounts(
            Self.counts, tableKeys: Self.counts.map { _ in 0 }, filterValues: Self.counts.indices.map { ["cell \($0)"] },
            alreadyWithheld: Self.primary, neverWithhold: Self.fixed, extraLines: Self.lines)
        // w (position 5) is withheld beside y; nothing else is. x, withheld beforehand, is reported unprotected.
        #expect(withheld == [false, true, false, false, true, true])
        #expect(unprotected == 1)
        // The reader gets x (line 1 cannot protect it) and nothing more: not y's 2.
        #expect(Self.recovered(withheld: withheld) == [1])
        // With w shown (the engine's old answer), the reader chains line 1 into line 2 and gets y.
        #expect(Self.recovered(withheld: Self.primary) == [1, 4])
    }

    /// The engine by itself: line 1 is the one line it cannot protect (it says so in `protect()`'s count), x is
    /// what it gives away, and line 2 is protected by w.
    @Test func theEngineCountsWhatALineGivesAwayAsKnown() {
        let zeros = Self.counts.map { _ in 0 }, everywhere = Self.counts.map { _ in true }
        var engine = SecondarySuppression(lines: Self.lines, values: [Self.counts, zeros, zeros],
                                          hidden: [Self.primary, everywhere, everywhere])
        engine.fixed = Self.fixed
        #expect(engine.protect() == 1)
        let pupils = MarginCount.pupils.rawValue
        #expect(engine.revealed[pupils] == [false, true, false, false, false, false])
        #expect(engine.isKnown(pupils, 1) && !engine.isKnown(pupils, 4) && !engine.isKnown(pupils, 5))
        #expect(engine.exposure(of: Self.lines[1], count: pupils) == nil)
    }

    /// KS2 reading at school A (the LA's only school), 26 pupils, nobody at the higher standard:
    /// - 8 disadvantaged pupils, first language English: 7 at 105, 1 at 82;
    /// - 10 other pupils, first language English: 7 at 105, 3 absent (no scaled score);
    /// - 8 other pupils, first language other than English: 4 at 105, 2 at 92, 1 at 97, 1 absent.
    /// Bands below 100 (the rest are all 100-104 or 105-109): Total 80-84 1, 90-94 2, 95-99 1, No scaled score 4;
    /// English 80-84 1, No scaled score 3; other than English 90-94 2, 95-99 1, No scaled score 1 (withheld, a
    /// band of one pupil); disadvantaged 80-84 1. Expected standard: Total 18, disadvantaged 7, English 14.
    ///
    /// By hand, the chain a reader of both files follows where the Total's No scaled score (4) is shown: the
    /// disadvantaged have 8 - 7 = 1 pupil below 100 and every band of theirs below 100 but 80-84 shows 0, so their
    /// 80-84 is 1; the Total's 80-84 is that 1 plus the others' 0; English 80-84 is that 1 minus the 0 of the other
    /// language; English No scaled score is 18 - 14 - 1 = 3 (its other bands below 100 show 0), had it been withheld;
    /// and then other than English, No scaled score, is 4 - 3 = 1: the pupil's band. Each line looked protected to
    /// suppression, which counted the 80-84 bands as unknown: but no line could protect them (the disadvantaged
    /// band is known anyway, the zeros beside it stay known, the Total bands and threshold counts are the breakdown
    /// file's), so they are known, and English 18 - 14 = 80-84 + No scaled score gives English's 3 away whatever
    /// is withheld. So English's 3 is shown (withholding it would protect nothing: suppression passes over a
    /// complement that a line with nothing left to withhold gives back), and the Total's No scaled score (4 = 3 +
    /// 1) is withheld to protect the 1.
    static func chainCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<8 {
            cohort.pupil("D\(i)", disadvantaged: true)
            cohort.result("D\(i)", .ks2Reading, scaled: i == 0 ? 82 : 105)
        }
        let others: [(String, Double?)] = Array(repeating: ("English", 105), count: 7) + Array(repeating: ("English", nil), count: 3)
            + Array(repeating: ("Other than English", 105), count: 4) + [("Other than English", 92), ("Other than English", 92),
                                                                          ("Other than English", 97), ("Other than English", nil)]
        for (i, (language, score)) in others.enumerated() {
            cohort.pupil("P\(i)", language: language)
            if let score { cohort.result("P\(i)", .ks2Reading, scaled: score) } else {
                cohort.result("P\(i)", .ks2Reading)
                HistogramByGroupTests.setCode(&cohort, "A")
            }
        }
        return cohort
    }

    typealias Cohort = AggregateBreakdownTests.Cohort

    @Test func aCohortWhoseChainOfLinesNoLongerGivesABandAway() throws {
        let breakdowns = try Self.chainCohort().table(Suppression())
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        func bins(_ topic: String, _ group: String) -> [String: String] {
            HistogramByGroupTests.bins(histograms, .ks2, "Reading", topic, group)
        }
        // The counts as worked out above, and the breakdown file shows every count (groups of 8 to 26).
        #expect(bins("Total", "Total")["No scaled score"] != nil)
        #expect(breakdowns.cells.filter { $0.measure.keyStage == .ks2 && $0.measure.name == "Reading" }.allSatisfy { $0.withheld.isEmpty })
        let english = "Known or believed to be English", other = "Known or believed to be other than English"
        #expect(bins("First language", other)["No scaled score"] == "c")
        #expect(bins("First language", english)["No scaled score"] == "3")
        #expect(bins("Disadvantage status", "Disadvantaged")["80-84"] == "c")
        // The fix: the Total's No scaled score is withheld too (it was shown, 4).
        #expect(bins("Total", "Total")["No scaled score"] == "c")
        // The line-by-line reader of both files learns no secret beyond what the breakdown file and the empty bands
        // alone give (before the fix: other than English, No scaled score, 1, at the school and the LA).
        let secret = JointSuppressionTests.secrets(histograms, breakdowns, measure: "Reading")
        let baseline = HistogramByGroupTests.attack(histograms.cells, breakdowns, measure: "Reading", baseline: true)
        let recovered = HistogramByGroupTests.attack(histograms.cells, breakdowns, measure: "Reading").subtracting(baseline)
        let leaks = recovered.filter { secret.contains(String($0.split(separator: " = ")[0])) }
        #expect(leaks.isEmpty, "\(leaks.sorted())")
        // English's 3 is given away whatever this file withholds (its 80-84 being known): the breakdown file and
        // the empty bands alone give it, as worked out above.
        #expect(baseline.contains("bands/202324/Total/Total/Total/Total/Total/Total/\(english)/No scaled score/\(Self.schoolA) = 3"))
    }

    static let schoolA = AggregateBreakdownTests.schoolA
}
