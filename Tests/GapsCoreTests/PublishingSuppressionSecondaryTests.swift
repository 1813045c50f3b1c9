import Foundation
import Testing
@testable import GapsCore

/// Secondary suppression on hand-built tables. Default thresholds throughout: pupil counts 1-5 and numerators 1-2
/// withheld (primary); zeros shown.
///
/// Notation in the comments: a row is sex / disadvantage / ethnicity, with T for Total, B Boys, G Girls, D
/// Disadvantaged, N Not known to be disadvantaged; "c" marks a withheld count. A *line* is a Total and its
/// children along one filter, the other two fixed. Expected sets are worked out by hand from the rules in
/// `Suppression`'s documentation: pupil-count lines first, then expected, then higher; within each, lines along sex,
/// then disadvantage, then ethnicity; repeated until nothing changes. Every case is also attacked with
/// `SuppressionAttacker`, which must work out nothing beyond what published zeros imply, while on the same table
/// with primary suppression alone it does work the withheld count out.
@Suite struct PublishingSuppressionSecondaryTests {
    /// `count` pupils alike, `expected` of them at the expected standard and `higher` (of those) at the higher.
    struct Group {
        var count: Int
        var sex = "Boys"
        var disadvantaged = false
        var ethnicity = "White"
        var expected = 0
        var higher = 0
        /// The school's URN; nil for pupils whose results name no school (counted for the LA only).
        var school: String? = nil
    }

    static let place = PublishedPlace.localAuthority(oldCode: "801")

    /// The attainment table of LA 801 in 2023/24 whose writing cohort is `groups` (every other subject empty).
    static func table(_ groups: [Group], suppression: Suppression = Suppression()) -> (table: AttainmentTable, cohorts: KS2Cohorts) {
        var cohorts = KS2Cohorts()
        cohorts.timePeriods = ["202324"]
        cohorts.localAuthorities = ["801"]
        cohorts.ethnicities = Set(groups.map(\.ethnicity)).sorted()
        for group in groups {
            var places = [place]
            if let urn = group.school {
                cohorts.schools[urn] = PublishedSchool(urn: urn, laEstab: "801\(urn.suffix(4))", name: "School \(urn)", la: "801")
                places.append(.school(urn: urn))
            }
            for index in 0..<group.count {
                let member = CohortMember(
                    sex: group.sex,
                    disadvantageStatus: group.disadvantaged ? "Disadvantaged" : "Not known to be disadvantaged",
                    ethnicityMajor: group.ethnicity, meetsExpected: index < group.expected,
                    meetsHigher: index < group.higher, scaledScore: nil)
                for place in places {
                    cohorts.members[CohortKey(place: place, timePeriod: "202324", subject: .writing), default: []].append(member)
                }
            }
        }
        return (AttainmentTable(cohorts: cohorts, suppression: suppression), cohorts)
    }

    /// Writing cells of every place (`in: nil`) or of one.
    static func writingCells(_ table: AttainmentTable, in place: PublishedPlace? = place) -> [AttainmentCell] {
        table.cells.filter { $0.subject == .writing && (place == nil || $0.place == place) }
    }

    static let sexCode = ["Total": "T", "Boys": "B", "Girls": "G"]
    static let disadvantageCode = ["Total": "T", "Disadvantaged": "D", "Not known to be disadvantaged": "N"]

    static func code(_ cell: AttainmentCell) -> String {
        "\(sexCode[cell.sex]!)/\(disadvantageCode[cell.disadvantageStatus]!)/\(cell.ethnicityMajor == "Total" ? "T" : cell.ethnicityMajor)"
    }

    /// Every combination of the given sexes, statuses and ethnicities, as codes.
    static func rows(_ sexes: [String], _ statuses: [String], _ ethnicities: [String]) -> Set<String> {
        Set(sexes.flatMap { sex in statuses.flatMap { status in ethnicities.map { "\(sex)/\(status)/\($0)" } } })
    }

    /// Writing rows of one place whose pupil count is withheld (the whole row).
    static func wholeRows(_ table: AttainmentTable, in place: PublishedPlace = place) -> Set<String> {
        Set(writingCells(table, in: place).filter { $0.withheld.contains(.wholeCell) }.map(code))
    }

    /// Writing rows whose count for `part` is withheld while their pupil count is shown.
    static func numeratorRows(_ table: AttainmentTable, _ part: WithheldParts) -> Set<String> {
        Set(writingCells(table).filter { !$0.withheld.contains(.wholeCell) && $0.withheld.contains(part) }.map(code))
    }

    /// The attacker finds nothing in the published table, and finds `exposed` (rows and columns) when the same table
    /// is published with primary suppression alone.
    static func expectProtected(_ table: AttainmentTable, exposedBefore exposed: [(row: String, column: String, value: Int)],
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let cells = writingCells(table, in: nil)
        let rows = SuppressionAttacker.rows(of: cells)
        let leaks = SuppressionAttacker(rows: rows).disclosures()
        #expect(leaks.isEmpty, "recovered: \(leaks)", sourceLocation: sourceLocation)
        let before = SuppressionAttacker(rows: SuppressionAttacker.primaryOnly(rows)).disclosures()
        let codes = Dictionary(uniqueKeysWithValues: zip(rows, cells).map { row, cell in
            (row.filters, cell.place == place ? code(cell) : "\(SuppressionAttacker.school(of: cell)):\(code(cell))")
        })
        let found = Set(before.map { "\(codes[$0.filters]!) \($0.column) \($0.value)" })
        for item in exposed {
            #expect(found.contains("\(item.row) \(item.column) \(item.value)"),
                    "primary suppression alone should give away \(item.row) \(item.column); it gave \(found.sorted())",
                    sourceLocation: sourceLocation)
        }
    }

    // MARK: - One filter at a time

    @Test func disadvantageTotalMinusSiblingNoLongerGivesTheWithheldCount() throws {
        // The problem seen in the demo. 19 boys, all White: 3 disadvantaged (1 expected), 16 not (10 expected, 3
        // higher). Pupil counts: T/T/* and B/T/* 19, T/D/* and B/D/* 3, T/N/* and B/N/* 16, girls 0.
        // Primary: the four D rows (3 pupils) are withheld whole.
        // Secondary, pupil lines along sex: */D/e is [c, c, 0]: two unknown, fine. Along disadvantage: s/*/e for
        // s in {T, B}, e in {T, White} is [19, c, 16]: one unknown (19 - 16 = 3), so the smallest non-zero published
        // child, 16, is withheld: T/N/T, T/N/White, B/N/T, B/N/White. Girls' lines are all 0. Along ethnicity,
        // s/d/* is [x, x] with both withheld or both shown. Expected lines s/*/e: [11, c(1), c(10)]; higher
        // [3, c(0), c(3)]: two unknown each, not all 0 or all 1: fine. Nothing else.
        let (table, cohorts) = Self.table([
            Group(count: 3, disadvantaged: true, expected: 1),
            Group(count: 16, expected: 10, higher: 3),
        ])
        let primary = Self.rows(["T", "B"], ["D"], ["T", "White"])
        let secondary = Self.rows(["T", "B"], ["N"], ["T", "White"])
        #expect(Self.wholeRows(table) == primary.union(secondary))
        #expect(Self.numeratorRows(table, .expectedStandard).isEmpty && Self.numeratorRows(table, .higherStandard).isEmpty)
        // The Totals stay: All pupils 19.
        let total = try #require(Self.writingCells(table).first { Self.code($0) == "T/T/T" })
        #expect(Array(total.indicatorFields.prefix(5)) == ["19", "11", formatNumber(1100.0 / 19), "3", formatNumber(300.0 / 19)])
        // Summary: 4 rows x 3 counts each way.
        #expect(table.suppressionSummary.primary == SuppressionCounts(rows: 4, pupilCounts: 4, expectedStandardCounts: 4, higherStandardCounts: 4))
        #expect(table.suppressionSummary.secondary == SuppressionCounts(rows: 4, pupilCounts: 4, expectedStandardCounts: 4, higherStandardCounts: 4))
        #expect(table.suppressionSummary.unprotected == 0)
        Self.expectProtected(table, exposedBefore: [("T/D/T", "pupil_count", 3), ("B/D/White", "pupil_count", 3)])
        // The disadvantage gap uses the final marks: its comparison side was withheld by secondary suppression.
        let gap = try #require(GapTable.rows(from: table, cohorts: cohorts).first {
            $0.subject == .writing && $0.breakdown == .disadvantage && $0.indicator == .expectedStandard })
        #expect(gap.comparisonCount == "c" && gap.gap == "c")
    }

    @Test func sexTotalMinusSibling() {
        // 20 pupils, none disadvantaged, all White: 4 boys (3 expected), 16 girls (12 expected); nobody higher.
        // Primary: B/T/*, B/N/* (4 pupils). Pupil lines along sex, */d/e for d in {T, N}: [20, c, 16] -> withhold
        // the girls' 16: G/T/T, G/T/White, G/N/T, G/N/White. D rows are 0. Along disadvantage, s/*/e for s in
        // {B, G}: [c, 0, c], two unknown. Expected lines along sex: [15, c(3), c(12)], fine. Higher: all 0, known
        // from the published T/T/T 0.
        let (table, _) = Self.table([
            Group(count: 4, sex: "Boys", expected: 3),
            Group(count: 16, sex: "Girls", expected: 12),
        ])
        #expect(Self.wholeRows(table) == Self.rows(["B", "G"], ["T", "N"], ["T", "White"]))
        #expect(table.suppressionSummary.secondary.rows == 4)
        Self.expectProtected(table, exposedBefore: [("B/T/T", "pupil_count", 4)])
    }

    @Test func ethnicityTotalMinusSiblingsWithholdsTheSmallestSibling() {
        // 30 girls, none disadvantaged: White 19 (10 expected), Asian 4, Mixed 7 (5 expected); nobody higher.
        // Primary: s/d/Asian for s in {T, G}, d in {T, N}. Ethnicity lines s/d/*: [30, Asian c, Mixed 7, White 19]
        // -> one unknown: withhold the smallest non-zero published sibling, Mixed 7 (not White 19, not the
        // Total). Lines along sex and disadvantage for Asian and Mixed: [c, 0, c]. Expected ethnicity lines:
        // [15, c(0), c(5), 10]: two unknown, fine.
        let (table, _) = Self.table([
            Group(count: 19, sex: "Girls", ethnicity: "White", expected: 10),
            Group(count: 4, sex: "Girls", ethnicity: "Asian"),
            Group(count: 7, sex: "Girls", ethnicity: "Mixed", expected: 5),
        ])
        #expect(Self.wholeRows(table) == Self.rows(["T", "G"], ["T", "N"], ["Asian", "Mixed"]))
        #expect(table.suppressionSummary.primary.rows == 4 && table.suppressionSummary.secondary.rows == 4)
        Self.expectProtected(table, exposedBefore: [("T/T/Asian", "pupil_count", 4)])
    }

    @Test func aWithheldNumeratorIsNotTotalMinusSiblingNumerators() {
        // 20 boys, all White: 8 disadvantaged (2 expected, 0 higher), 12 not (9 expected, 4 higher); T 20/11/4.
        // No pupil count is small. Primary: the expected count 2 of s/D/e (s in {T, B}). Expected lines along
        // disadvantage, s/*/e: [11, c(2), 9] -> withhold N's 9 (its row is not pinned: higher 4 is not its 12
        // pupils). Along sex */D/e: [c, c, 0], fine. Pupil counts and higher counts are all shown.
        let (table, _) = Self.table([
            Group(count: 8, disadvantaged: true, expected: 2),
            Group(count: 12, expected: 9, higher: 4),
        ])
        #expect(Self.wholeRows(table).isEmpty)
        #expect(Self.numeratorRows(table, .expectedStandard) == Self.rows(["T", "B"], ["D", "N"], ["T", "White"]))
        #expect(Self.numeratorRows(table, .higherStandard).isEmpty)
        #expect(table.suppressionSummary.primary == SuppressionCounts(rows: 4, expectedStandardCounts: 4))
        #expect(table.suppressionSummary.secondary == SuppressionCounts(rows: 4, expectedStandardCounts: 4))
        // The percentage goes with its count.
        let notDisadvantaged = Self.writingCells(table).first { Self.code($0) == "T/N/T" }
        #expect(notDisadvantaged.map { Array($0.indicatorFields.prefix(5)) } == ["12", "c", "c", "4", formatNumber(400.0 / 12)])
        Self.expectProtected(table, exposedBefore: [("T/D/T", "expected_standard_count", 2)])
    }

    // MARK: - Interaction between filters

    @Test func twoFiltersNeedACycleOfFourWithheldCells() {
        // Sex x disadvantage, all White, nobody at a standard:
        //         D    N    T
        //   B     3   10   13
        //   G     8    9   17
        //   T    11   19   30
        // Primary: B/D (3). Sex lines first: */D/e = [11, c, 8] -> withhold G/D (8). Disadvantage lines: B/*/e =
        // [13, c, 10] -> withhold B/N (10); G/*/e = [17, c(8), 9] -> now one unknown: withhold G/N (9). Then
        // */N/e = [19, c, c]: fine. All four inner cells are withheld (each for T and White), the margins shown: a
        // single secondary cell per line would not do.
        let (table, _) = Self.table([
            Group(count: 3, sex: "Boys", disadvantaged: true),
            Group(count: 10, sex: "Boys", disadvantaged: false),
            Group(count: 8, sex: "Girls", disadvantaged: true),
            Group(count: 9, sex: "Girls", disadvantaged: false),
        ])
        #expect(Self.wholeRows(table) == Self.rows(["B", "G"], ["D", "N"], ["T", "White"]))
        #expect(table.suppressionSummary.primary.rows == 2 && table.suppressionSummary.secondary.rows == 6)
        Self.expectProtected(table, exposedBefore: [("B/D/T", "pupil_count", 3)])
    }

    // MARK: - Across places

    @Test func acrossPlacesAnLARowMinusItsOtherSchoolsDoesNotGiveASchoolAway() {
        // With `acrossPlaces`. LA 801 with two schools, all pupils boys, not disadvantaged, White: school 100001 has 10 (7 expected),
        // school 100002 has 3 (1 expected), the LA 13 (8 expected). Within each place the filters are degenerate
        // (every non-zero row is T or B, T or N, T or White: 8 rows, all the same number). Primary: 100002's 8 rows
        // (3 pupils). The within-place lines are then fine ([c, c, 0] and the like), but each school line
        // [LA 13; 100001 10, 100002 c] gives 13 - 10 = 3: the smallest non-zero sibling, 100001's 10, is withheld
        // in all 8. The LA's rows stay. Expected school lines [8; c, c] and higher (all 0) need nothing.
        let (table, _) = Self.table([
            Group(count: 10, expected: 7, school: "100001"),
            Group(count: 3, expected: 1, school: "100002"),
        ], suppression: Suppression(acrossPlaces: true))
        let nonZero = Self.rows(["T", "B"], ["T", "N"], ["T", "White"])
        #expect(Self.wholeRows(table, in: .school(urn: "100002")) == nonZero)
        #expect(Self.wholeRows(table, in: .school(urn: "100001")) == nonZero)
        #expect(Self.wholeRows(table).isEmpty)
        #expect(table.suppressionSummary.primary.rows == 8 && table.suppressionSummary.secondary.rows == 8)
        Self.expectProtected(table, exposedBefore: [("100002:T/T/T", "pupil_count", 3)])
    }

    @Test(arguments: [false, true]) func anLAWithOneSchoolIsSuppressedLikeTheSchool(acrossPlaces: Bool) {
        // One school holding every pupil: the LA's rows equal the school's (each school line is [LA; school]).
        // 19 boys, White: 3 disadvantaged, 16 not (as in the first case). Both places get the same pattern, whether
        // or not they are protected together: D and N rows withheld, Totals shown.
        let (table, _) = Self.table([
            Group(count: 3, disadvantaged: true, expected: 1, school: "100001"),
            Group(count: 16, expected: 10, higher: 3, school: "100001"),
        ], suppression: Suppression(acrossPlaces: acrossPlaces))
        let withheld = Self.rows(["T", "B"], ["D", "N"], ["T", "White"])
        #expect(Self.wholeRows(table) == withheld)
        #expect(Self.wholeRows(table, in: .school(urn: "100001")) == withheld)
        Self.expectProtected(table, exposedBefore: [("T/D/T", "pupil_count", 3)])
    }

    @Test func withoutAcrossPlacesTheLAMinusTheOtherSchoolIsLeft() {
        // The two-school LA of the test above with acrossPlaces off (the library default until it was flipped, and
        // `gaps-aggregate --no-suppress-across-places`): within each place nothing is given away, but LA 13 - school
        // 100001's 10 = school 100002's withheld 3. This is the documented limit of turning it off.
        let (table, _) = Self.table([
            Group(count: 10, expected: 7, school: "100001"),
            Group(count: 3, expected: 1, school: "100002"),
        ], suppression: Suppression(acrossPlaces: false))
        #expect(Self.wholeRows(table, in: .school(urn: "100001")).isEmpty)
        let cells = Self.writingCells(table, in: nil)
        for place in [Self.place, .school(urn: "100001"), .school(urn: "100002")] {
            let rows = SuppressionAttacker.rows(of: cells.filter { $0.place == place })
            #expect(SuppressionAttacker(rows: rows).disclosures().isEmpty)
        }
        let together = SuppressionAttacker(rows: SuppressionAttacker.rows(of: cells)).disclosures()
        #expect(together.contains(SuppressionAttacker.Recovery(
            filters: ["Total", "Total", "Total", "100002"], column: "pupil_count", value: 3)))
    }

    // MARK: - Beyond the standard rule

    @Test func withheldOnesThatTheResidualGivesAwayAreProtected() {
        // 23 girls, none disadvantaged: White 20, and one pupil each of Asian, Black and Mixed. Primary: the 1s.
        // Ethnicity lines s/d/*: [23, c, c, c, 20]: three unknown, so the standard rule is satisfied; but 23 - 20 =
        // 3 over three withheld counts, each at least 1 (zeros are shown), makes each 1. So White 20 is withheld
        // too (s in {T, G}, d in {T, N}).
        let (table, _) = Self.table([
            Group(count: 20, sex: "Girls", ethnicity: "White"),
            Group(count: 1, sex: "Girls", ethnicity: "Asian"),
            Group(count: 1, sex: "Girls", ethnicity: "Black"),
            Group(count: 1, sex: "Girls", ethnicity: "Mixed"),
        ])
        #expect(Self.wholeRows(table) == Self.rows(["T", "G"], ["T", "N"], ["Asian", "Black", "Mixed", "White"]))
        #expect(table.suppressionSummary.primary.rows == 12 && table.suppressionSummary.secondary.rows == 4)
        Self.expectProtected(table, exposedBefore: [("T/T/Asian", "pupil_count", 1), ("G/N/Mixed", "pupil_count", 1)])
    }

    @Test func withheldZerosThatTheResidualGivesAwayAreProtected() {
        // 25 girls, none disadvantaged: White 20 (15 expected, 5 higher), Asian 3 and Black 2 (none at either).
        // Primary: the Asian and Black rows, whole. Pupil lines s/d/*: [25, c(3), c(2), 20]: fine. Expected
        // lines: [15, c(0), c(0), 15]: 15 - 15 = 0 says none of the Asian or Black pupils reached the standard, so
        // White's expected 15 is withheld (its row is not pinned: 5 higher of 20). Higher lines likewise:
        // [5, c(0), c(0), 5] -> withhold White's 5. White's pupil count stays.
        let (table, _) = Self.table([
            Group(count: 20, sex: "Girls", ethnicity: "White", expected: 15, higher: 5),
            Group(count: 3, sex: "Girls", ethnicity: "Asian"),
            Group(count: 2, sex: "Girls", ethnicity: "Black"),
        ])
        #expect(Self.wholeRows(table) == Self.rows(["T", "G"], ["T", "N"], ["Asian", "Black"]))
        let white = Self.rows(["T", "G"], ["T", "N"], ["White"])
        #expect(Self.numeratorRows(table, .expectedStandard) == white)
        #expect(Self.numeratorRows(table, .higherStandard) == white)
        #expect(table.suppressionSummary.secondary == SuppressionCounts(rows: 4, expectedStandardCounts: 4, higherStandardCounts: 4))
        Self.expectProtected(table, exposedBefore: [("T/T/Asian", "expected_standard_count", 0)])
    }

    // MARK: - The choice of complement, on a table with one filter

    /// A one-filter table: `name` is the filter value, "Total" the margin.
    struct LineCell: MarginedCell {
        var name: String
        var pupilCount: Int
        var expectedStandardCount = 0
        var higherStandardCount = 0
        var scoredCount: Int? = nil
        var withheld: WithheldParts = []
        var tableKey: Int { 0 }
        var filterValues: [String] { [name] }
    }

    static func line(_ counts: [(String, Int)]) -> [LineCell] {
        counts.map { LineCell(name: $0.0, pupilCount: $0.1) }
    }

    @Test func exactlyOneMoreCellIsWithheldAndItIsTheSmallestNonZeroSibling() {
        // [Total 30; A 3, B 12, C 15]: A is withheld (primary); 30 - 12 - 15 = 3 would give it away, so one more:
        // the smallest non-zero sibling, B 12. C and the Total stay; nothing else is needed ([30; c, c, 15]
        // leaves A + B = 15 with no way to split it).
        var cells = Self.line([("Total", 30), ("A", 3), ("B", 12), ("C", 15)])
        let summary = Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld.isEmpty) == [true, false, false, true])
        #expect(cells[2].withheld == MarginCount.pupils.withheldParts)
        #expect(summary.primary == SuppressionCounts(rows: 1, pupilCounts: 1, expectedStandardCounts: 1, higherStandardCounts: 1))
        #expect(summary.secondary == SuppressionCounts(rows: 1, pupilCounts: 1, expectedStandardCounts: 1, higherStandardCounts: 1))
        #expect(summary.description.contains("3 more in 1 rows"))
    }

    @Test func twoWithheldSiblingsNeedNothingMore() {
        // [Total 30; A 3, B 4, C 23]: A + B = 7 is all a reader learns; neither is given away.
        var cells = Self.line([("Total", 30), ("A", 3), ("B", 4), ("C", 23)])
        let summary = Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld.isEmpty) == [true, false, false, true])
        #expect(summary.secondary == SuppressionCounts())
    }

    @Test func aZeroIsNeverTheComplementWhileANonZeroIsLeft() {
        // [Total 10; A 3, B 0, C 7]: withholding B's 0 would leave A = 10 - 7 = 3; C is withheld instead.
        var cells = Self.line([("Total", 10), ("A", 3), ("B", 0), ("C", 7)])
        Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld.isEmpty) == [true, false, true, false])
    }

    @Test func theMarginIsWithheldWhenNoSiblingCanBe() {
        // [Total 9; A 3, B 0] (a Total above its children, as a sex Total with unknown-sex pupils is): treated as
        // exact, A would be 9 - 0; no sibling is non-zero, so the Total is withheld.
        var cells = Self.line([("Total", 9), ("A", 3), ("B", 0)])
        let summary = Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld.isEmpty) == [false, false, true])
        #expect(summary.unprotected == 0)
    }

    @Test func anExpectedCountItsOwnRowGivesBackIsNotTheComplement() {
        // Expected counts [Total 30; A c(2), B 6, C 22]; higher [10; 0, 6, 4]; pupils [40; 10, 6, 24].
        // The smallest sibling, B 6, would not protect A: B's 6 pupils are all at the higher standard, so all at
        // the expected standard, and withholding B's expected count leaves it 6. C's 22 is withheld instead.
        var cells = [
            LineCell(name: "Total", pupilCount: 40, expectedStandardCount: 30, higherStandardCount: 10),
            LineCell(name: "A", pupilCount: 10, expectedStandardCount: 2, higherStandardCount: 0),
            LineCell(name: "B", pupilCount: 6, expectedStandardCount: 6, higherStandardCount: 6),
            LineCell(name: "C", pupilCount: 24, expectedStandardCount: 22, higherStandardCount: 4),
        ]
        Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld) == [[], .expectedStandard, [], .expectedStandard])
    }

    @Test func separateTablesAreProtectedSeparately() {
        // Two tables with the same filter values: table 1 [20; A 3, B 17] needs B withheld, table 2 [20; A 8,
        // B 12] needs nothing. Summing across tables would be wrong (and would miss table 1's exposure).
        struct KeyedCell: MarginedCell {
            var table: Int
            var name: String
            var pupilCount: Int
            var expectedStandardCount = 0
            var higherStandardCount = 0
            var scoredCount: Int? = nil
            var withheld: WithheldParts = []
            var tableKey: Int { table }
            var filterValues: [String] { [name] }
        }
        var cells = [
            KeyedCell(table: 1, name: "Total", pupilCount: 20), KeyedCell(table: 2, name: "Total", pupilCount: 20),
            KeyedCell(table: 1, name: "A", pupilCount: 3), KeyedCell(table: 2, name: "A", pupilCount: 8),
            KeyedCell(table: 1, name: "B", pupilCount: 17), KeyedCell(table: 2, name: "B", pupilCount: 12),
        ]
        Suppression().applyPrimaryAndSecondary(to: &cells)
        #expect(cells.map(\.withheld.isEmpty) == [true, true, false, true, false, true])
    }
}
