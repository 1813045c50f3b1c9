import Foundation
import Testing
@testable import GapsCore

/// Joint suppression of `histograms-by-characteristic.csv` with `attainment-by-characteristic.csv` (issue 5): a
/// reader of both files, who knows that each group's bands add up to its pupil count and that the bands at or above
/// a standard add up to the count reaching it, can solve for no count either file withholds. The reader here solves
/// the whole linear system exactly (`LinearDisclosureAudit.determined`), not one line at a time.
@Suite struct JointSuppressionTests {
    typealias Cohort = AggregateBreakdownTests.Cohort
    static let schoolA = AggregateBreakdownTests.schoolA

    /// The withheld cells (as `readerSystem` names them: kind/year/filters/band/school) whose value a reader of both
    /// files can solve for exactly from the published cells and every line, with their values. Zeros below a
    /// published zero (every count is at least 0: nobody at the school reached the higher standard, so no girl
    /// did) are known to the reader and not counted: suppression does not protect them, by design.
    static func linearlyRecovered(_ histograms: [CharacteristicHistogramCell], _ breakdowns: BreakdownTable,
                                  measure: String = "Reading") -> [String: Int] {
        var (cells, lines) = HistogramByGroupTests.readerSystem(histograms, breakdowns, measure: measure)
        var changed = true
        while changed {
            changed = false
            for line in lines where cells[line[0]].known && cells[line[0]].value == 0 {
                for child in line.dropFirst() where !cells[child].known {
                    cells[child].known = true
                    changed = true
                }
            }
        }
        let unknown = cells.indices.filter { !cells[$0].known }
        var column: [Int: Int] = [:]
        for (position, cell) in unknown.enumerated() { column[cell] = position }
        // Each line says margin - children = 0; the published cells move to the known side.
        var equations: [[Double]] = []
        for line in lines where line.contains(where: { column[$0] != nil }) {
            var row = Array(repeating: 0.0, count: unknown.count)
            for (place, cell) in line.enumerated() {
                if let position = column[cell] { row[position] += place == 0 ? 1 : -1 }
            }
            equations.append(row)
        }
        guard !equations.isEmpty else { return [:] }
        let fixed = LinearDisclosureAudit.determined(equations)
        var recovered: [String: Int] = [:]
        for (position, cell) in unknown.enumerated() where fixed[position] {
            recovered[cells[cell].filters.joined(separator: "/")] = cells[cell].value
        }
        return recovered
    }

    /// Whether a reader cell is a count of `attainment-by-characteristic.csv`: its expected or higher count, or a
    /// group's Total band (its pupil count).
    static func isBreakdownCount(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return parts[0] != "bands" || parts[parts.count - 2] == "Total"
    }

    /// The histogram as primary suppression alone leaves it (as before joint suppression, where no band beside a
    /// group's only non-empty band is withheld): a group of 1-5 withholds every band, a band of 1 or 2 is withheld,
    /// and a Total band is withheld where `breakdowns` withholds the group's pupil count.
    static func primaryOnly(_ cells: [CharacteristicHistogramCell], _ breakdowns: BreakdownTable,
                            _ suppression: Suppression = Suppression()) -> [CharacteristicHistogramCell] {
        func name(_ place: PublishedPlace, _ year: String, _ measure: BreakdownMeasure, _ group: BreakdownGroup) -> String {
            "\(place)|\(year)|\(measure.keyStage)|\(measure.name)|\(group)"
        }
        let sizes = Dictionary(grouping: cells.filter(\.isTotalBand)) { name($0.place, $0.timePeriod, $0.measure, $0.group) }
        let pupilsWithheld = Set(breakdowns.cells.filter { MarginCount.pupils.isWithheld(in: $0.withheld) }
            .map { name($0.place, $0.timePeriod, $0.measure, $0.group) })
        return cells.map { cell in
            var cell = cell
            let key = name(cell.place, cell.timePeriod, cell.measure, cell.group)
            let size = sizes[key]!.first!.pupilCount
            cell.withheld = suppression.withholdsDenominator(size) || suppression.withholdsNumerator(cell.pupilCount)
                || (cell.isTotalBand && pupilsWithheld.contains(key))
            return cell
        }
    }

    static func key(_ kind: String, _ cell: BreakdownCell, band: String = "Total", urn: String = schoolA) -> String {
        ([kind, cell.timePeriod] + cell.group.filterValues + [band, urn]).joined(separator: "/")
    }

    /// KS2 reading at school A, everyone White British, not disadvantaged. Boys: 7 pupils all at 102 (band
    /// 100-104), so 7 reach the expected standard, none the higher. Girls: 2 at 101 and 6 at 92 (band 90-94), so 2
    /// reach the expected standard: a numerator of 2, withheld (primary). Total 15, 9 at the expected standard.
    /// Then Total 9 = Boys + Girls(c) would give the Girls' 2 back, so the Boys' 7 is withheld (secondary).
    static func allAboveCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<7 {
            cohort.pupil("B\(i)", sex: "Boys")
            cohort.result("B\(i)", .ks2Reading, scaled: 102)
        }
        for i in 0..<8 {
            cohort.pupil("G\(i)", sex: "Girls")
            cohort.result("G\(i)", .ks2Reading, scaled: i < 2 ? 101 : 92)
        }
        return cohort
    }

    @Test func aGroupAllInOneBandAboveTheStandardNoLongerGivesBackItsWithheldExpectedCount() throws {
        var breakdowns = try Self.allAboveCohort().table(Suppression())
        let boys = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Boys"))
        #expect(boys.pupilCount == 7 && boys.expectedStandardCount == 7)
        // Withheld by secondary suppression: the group (7) and its count (7) pass the primary thresholds.
        #expect(MarginCount.expectedStandard.isWithheld(in: boys.withheld) && !MarginCount.pupils.isWithheld(in: boys.withheld))

        // The risk: with the bands as primary suppression leaves them (all 7 Boys in 100-104, every other band 0),
        // the expected count is the sum of the bands at or above 100: 7.
        let open = try CharacteristicHistogramTable(breakdowns: try Self.allAboveCohort().table(AggregateBreakdownTests.noSuppression),
                                                    resultsFile: "results.csv")
        let before = Self.linearlyRecovered(Self.primaryOnly(open.cells, breakdowns), breakdowns)
        #expect(before[Self.key("expected", boys)] == 7)

        let histograms = try CharacteristicHistogramTable.suppressedJointly(with: &breakdowns, resultsFile: "results.csv")
        let after = Self.linearlyRecovered(histograms.cells, breakdowns)
        #expect(after[Self.key("expected", boys)] == nil)
        // No count the breakdown file withholds can be solved for, at the school or the LA.
        #expect(after.keys.filter { $0.hasPrefix("expected/") || $0.hasPrefix("higher/") }.isEmpty, "\(after)")
        // Bands were enough: the breakdown file withholds nothing more, and still shows the Boys' pupil count.
        #expect(breakdowns.withheldForHistograms == SuppressionCounts())
        let boysBands = HistogramByGroupTests.bins(histograms, .ks2, "Reading", "Sex", "Boys")
        #expect(boysBands["100-104"] == "c" && boysBands["Total"] == "7")
        // ... with an empty band below 100 withheld beside it: 90-94, where the school's other pupils are (by hand:
        // Boys 100-104 + Boys 90-94 = 7, and 100-104 = expected count, both unknown).
        #expect(boysBands["90-94"] == "c")
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Sex", "Boys")[0] == "7")
    }

    /// KS2 reading at school A. Boys: 3 pupils at 106 (a group of 3: every figure withheld). Girls: 7 pupils at 96,
    /// none at the expected standard. Total 10: Total 10 = Boys(c) + Girls would give the Boys' 3 back, so the
    /// Girls' whole row is withheld too (secondary), its expected count of 0 with it.
    static func allBelowCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<3 {
            cohort.pupil("B\(i)", sex: "Boys")
            cohort.result("B\(i)", .ks2Reading, scaled: 106)
        }
        for i in 0..<7 {
            cohort.pupil("G\(i)", sex: "Girls")
            cohort.result("G\(i)", .ks2Reading, scaled: 96)
        }
        return cohort
    }

    @Test func aGroupAllBelowTheStandardNoLongerGivesBackItsWithheldCounts() throws {
        var breakdowns = try Self.allBelowCohort().table(Suppression())
        let girls = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Girls"))
        #expect(girls.pupilCount == 7 && girls.expectedStandardCount == 0)
        #expect(MarginCount.pupils.isWithheld(in: girls.withheld))

        // The risk: the Girls' bands (7 in 95-99, 0 elsewhere) give back their pupil count (7, the sum) and their
        // expected count (0, the sum of the empty bands at or above 100).
        let open = try CharacteristicHistogramTable(breakdowns: try Self.allBelowCohort().table(AggregateBreakdownTests.noSuppression),
                                                    resultsFile: "results.csv")
        let before = Self.linearlyRecovered(Self.primaryOnly(open.cells, breakdowns), breakdowns)
        #expect(before[Self.key("expected", girls)] == 0)
        #expect(before[Self.key("bands", girls)] == 7)

        let histograms = try CharacteristicHistogramTable.suppressedJointly(with: &breakdowns, resultsFile: "results.csv")
        let after = Self.linearlyRecovered(histograms.cells, breakdowns)
        #expect(after[Self.key("expected", girls)] == nil && after[Self.key("bands", girls)] == nil)
        #expect(after.keys.filter { $0.hasPrefix("expected/") || $0.hasPrefix("higher/") }.isEmpty, "\(after)")
        #expect(after.keys.filter { Self.isBreakdownCount($0) }.isEmpty, "\(after)")
        #expect(breakdowns.withheldForHistograms == SuppressionCounts())
        // The empty band withheld is 105-109, where the school's pupils at or above 100 are (the Boys' 3).
        #expect(HistogramByGroupTests.bins(histograms, .ks2, "Reading", "Sex", "Girls")["105-109"] == "c")
    }

    /// No risk, nothing more withheld. Boys: 2 at 82 and 8 at 102; Girls: 10 at 103. Nothing is withheld in the
    /// breakdown file (groups of 10 and 20, counts 8, 10 and 18). The Boys' 80-84 band of 2 is withheld (primary),
    /// and so is the Total group's (2); both are the pupils below the expected standard, 10 - 8 and 20 - 18, which
    /// the breakdown file shows, so nothing is withheld beside them.
    @Test func nothingIsWithheldBeyondPrimaryWhereNoCountIsAtRisk() throws {
        var cohort = Cohort()
        for i in 0..<10 {
            cohort.pupil("B\(i)", sex: "Boys")
            cohort.result("B\(i)", .ks2Reading, scaled: i < 2 ? 82 : 102)
            cohort.pupil("G\(i)", sex: "Girls")
            cohort.result("G\(i)", .ks2Reading, scaled: 103)
        }
        var breakdowns = try cohort.table(Suppression())
        #expect(breakdowns.cells.filter { $0.measure.keyStage == .ks2 && $0.measure.name == "Reading" }.allSatisfy { $0.withheld.isEmpty })
        let histograms = try CharacteristicHistogramTable.suppressedJointly(with: &breakdowns, resultsFile: "results.csv")
        #expect(histograms.secondaryWithheldCount == 0)
        #expect(breakdowns.withheldForHistograms == SuppressionCounts())
        #expect(breakdowns.cells.allSatisfy { $0.withheld.isEmpty || $0.measure.name != "Reading" || $0.measure.keyStage != .ks2 })
        let withheld = histograms.cells.filter(\.withheld)
        #expect(!withheld.isEmpty && withheld.allSatisfy { $0.band == "80-84" && $0.pupilCount == 2 })
    }

    /// The engine takes a last-resort cell (a count another file shows) only when no other cell of the line will do.
    @Test func lastResortCellsAreChosenOnlyWhenNothingElseWill() {
        // One line: 10 = 7 + 3, the 3 withheld. The 7 is a last resort, the margin is not: the margin goes.
        var first = SecondarySuppression(lines: [[0, 1, 2]], values: [[10, 7, 3], [0, 0, 0], [0, 0, 0]],
                                         hidden: [[false, false, true], [true, true, true], [true, true, true]])
        first.lastResort = [false, true, false]
        #expect(first.protect() == 0)
        #expect(first.hidden[0] == [true, false, true])
        // With the margin fixed (shown elsewhere as it is), the last resort is taken.
        var second = SecondarySuppression(lines: [[0, 1, 2]], values: [[10, 7, 3], [0, 0, 0], [0, 0, 0]],
                                          hidden: [[false, false, true], [true, true, true], [true, true, true]])
        second.fixed = [true, false, false]
        second.lastResort = [false, true, false]
        #expect(second.protect() == 0)
        #expect(second.hidden[0] == [false, true, true])
    }

    /// `LinearDisclosureAudit.determined`: x + y = a and x = b fix both; x + y = a and y + z = c fix none.
    @Test func determinedUnknownsByHand() {
        #expect(LinearDisclosureAudit.determined([[1, 1], [1, 0]]) == [true, true])
        #expect(LinearDisclosureAudit.determined([[1, 1, 0], [0, 1, 1]]) == [false, false, false])
        // x - y = a, y = b, z + w = c: x and y fixed, z and w not.
        #expect(LinearDisclosureAudit.determined([[1, -1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]]) == [true, true, false, false])
    }
}
