import Foundation
import Testing
@testable import GapsCore

/// A band empty in a group is empty in every group it contains, so the published empty bands of bigger groups can
/// show a count of a group too small to show its own bands (docs/outputs-breakdowns.md, "With the histograms").
/// Secondary suppression of `attainment-by-characteristic.csv` must not rely on such a count.
struct ImpliedZeroSuppressionTests {
    /// KS2 reading at one school, everyone White British:
    /// - boys, disadvantaged: 4 at 116; boys, not disadvantaged: 6 at 95;
    /// - girls, disadvantaged: 3 at 95; girls, not disadvantaged: 5 (3 at 112, 2 at 95).
    ///
    /// By hand: Girls 8 pupils, 3 at the expected and the higher standard (bands 95-99: 5, 110-114: 3, the rest
    /// 0). Disadvantaged 7 pupils, 4 at both standards (95-99: 3, 115-120: 4, the rest 0). Both show their bands
    /// (6 or more pupils), and no band anywhere holds 1 or 2 pupils. The girls, disadvantaged (3 pupils) show
    /// nothing, but their 110-114 band is empty as the Disadvantaged one is, and their 100-104, 105-109 and
    /// 115-120 bands as the Girls' are: so nobody of them reaches either standard, though neither bigger group's
    /// counts are 0. Without knowing that, the Girls' 3 minus that 0 gives the girls, not disadvantaged, 3 (a group
    /// of 5, withheld whole), and the Disadvantaged 4 minus 0 the boys, disadvantaged, 4 (a group of 4).
    static func cohort() -> AggregateBreakdownTests.Cohort {
        var cohort = AggregateBreakdownTests.Cohort()
        func add(_ id: String, sex: String, disadvantaged: Bool, scores: [Double]) {
            for (i, score) in scores.enumerated() {
                cohort.pupil("\(id)\(i)", sex: sex, disadvantaged: disadvantaged)
                cohort.result("\(id)\(i)", .ks2Reading, scaled: score)
            }
        }
        add("BD", sex: "Boys", disadvantaged: true, scores: [116, 116, 116, 116])
        add("BN", sex: "Boys", disadvantaged: false, scores: Array(repeating: 95, count: 6))
        add("GD", sex: "Girls", disadvantaged: true, scores: [95, 95, 95])
        add("GN", sex: "Girls", disadvantaged: false, scores: [112, 112, 112, 95, 95])
        return cohort
    }

    @Test func aZeroTheBandsOfTwoBiggerGroupsShowIsKnownAndProtectsNothing() throws {
        let breakdowns = try Self.cohort().table(Suppression())
        let reading = { (topic: String, group: String) in
            try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", topic, group))
        }
        let girls = try reading("Sex", "Girls"), disadvantaged = try reading("Disadvantage status", "Disadvantaged")
        let counts: [Int] = [girls.expectedStandardCount, girls.higherStandardCount, disadvantaged.expectedStandardCount,
                             disadvantaged.higherStandardCount]
        #expect(counts == [3, 3, 4, 4])
        let small = try reading("Sex and disadvantage status", "Girls, Disadvantaged")
        #expect(small.pupilCount == 3 && small.withheld.contains(.wholeCell))
        #expect(small.countIdentities.zero == [.expectedStandard, .higherStandard])

        // The reader of both files who solves every line exactly learns those zeros (and the empty bands of small
        // groups), and no other count withheld for its own sake.
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        let recovered = JointSuppressionTests.secretsRecovered(histograms, breakdowns)
        #expect(recovered.filter { !$0.hasSuffix(" = 0") } == [], "\(recovered)")
        #expect(recovered.contains(JointSuppressionTests.key("higher", small) + " = 0"))
        // So the counts of 3 beside the zeros are withheld.
        for count in [MarginCount.expectedStandard, .higherStandard] {
            #expect(count.isWithheld(in: girls.withheld) && count.isWithheld(in: disadvantaged.withheld))
        }
    }

    /// With `--intersections two` the three-way groups are in `attainment.csv` only, so their own bands are published
    /// nowhere; but those of the groups containing them are. The girls, disadvantaged, White row (the same 3
    /// pupils) has nobody at either standard by the Disadvantaged and the Girls' bands, as above.
    @Test func anAttainmentRowTheBreakdownFileDoesNotShowTakesTheZeroFromGroupsContainingIt() throws {
        let cohort = Self.cohort()
        let labels = try CharacteristicLabels.shipped(), lookup = try LocalAuthorityLookup.shipped()
        let breakdowns = BreakdownTable(
            cohorts: try BreakdownCohorts.build(pupils: cohort.pupils, results: cohort.results, labels: labels, localAuthorities: lookup),
            labels: labels, suppression: Suppression(), intersections: .two)
        let table = AttainmentTable(cohorts: try KS2Cohorts.build(pupils: cohort.pupils, results: cohort.results, localAuthorities: lookup),
                                    suppression: Suppression(), breakdowns: breakdowns)
        let row = try #require(table.cells.first {
            $0.place == .school(urn: AggregateBreakdownTests.schoolA) && $0.subject == .reading && $0.sex == "Girls"
                && $0.disadvantageStatus == "Disadvantaged" && $0.ethnicityMajor == "White"
        })
        #expect(row.pupilCount == 3 && row.withheld.contains(.wholeCell))
        #expect(breakdowns.marks(of: row) == nil)
        #expect(row.countIdentities.zero == [.expectedStandard, .higherStandard])
    }

    /// The engine: a zero another file gives away stays known in a row withheld whole for its own sake. Pupils:
    /// M 8 = X 3 + Y 5, both rows withheld whole (primary); expected and higher: M 3 = X 0 + Y 3. The bands show
    /// X's zeros, so M's 3 minus 0 would give Y's 3: M's expected and higher counts are withheld. M's pupil count
    /// stays (8 = two withheld counts). Were X's zeros dropped with its secrets, nothing more would be withheld.
    @Test func aZeroGivenAwayInARowWithheldWholeDoesNotProtectItsLine() {
        let values = [[8, 3, 5], [3, 0, 3], [3, 0, 3]]
        let hidden = Array(repeating: [false, true, true], count: 3)
        let x = CountIdentities(zero: [.expectedStandard, .higherStandard])
        var engine = SecondarySuppression(lines: [[0, 1, 2]], values: values, hidden: hidden, identities: [.none, x, .none],
                                          secrets: hidden)
        #expect(engine.protect() == 0)
        #expect(engine.hidden == [[false, true, true], [true, true, true], [true, true, true]])
    }
}
