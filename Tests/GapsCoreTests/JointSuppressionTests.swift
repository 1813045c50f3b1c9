import Foundation
import Testing
@testable import GapsCore

/// `attainment-by-characteristic.csv` and `histograms-by-characteristic.csv` read together (issue 5): a group's
/// bands add up to its pupil count and, where the bands split cleanly at the thresholds, the bands at or above a
/// standard add up to the count reaching it. So a group's empty bands give away some of its counts (nobody below
/// the expected standard: the expected count is the pupil count), and suppression of the breakdown file must not
/// rely on withholding those (`CountIdentities`). The reader here solves the whole linear system of both files
/// exactly (`LinearDisclosureAudit.determined`), not one line at a time.
@Suite struct JointSuppressionTests {
    typealias Cohort = AggregateBreakdownTests.Cohort
    static let schoolA = AggregateBreakdownTests.schoolA

    /// The withheld cells (as `HistogramByGroupTests.readerSystem` names them: kind/year/filters/band/school) whose
    /// value a reader of both files can solve for exactly from the published cells and every line, with their
    /// values. Zeros below a published zero margin are known to the reader and not counted.
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

    static func key(_ kind: String, _ cell: BreakdownCell, band: String = "Total") -> String {
        let school: String
        if case let .school(urn) = cell.place { school = urn } else { school = "Total" }
        return ([kind, cell.timePeriod] + cell.group.filterValues + [band, school]).joined(separator: "/")
    }

    /// What a reader must never learn, written from the definitions (not the suppression code), as
    /// `HistogramByGroupTests.readerSystem` names cells: a count withheld for its own sake (a group of 1 to 5 pupils,
    /// every count and band; a count or band of 1 or 2), and any other count the breakdown file withholds unless the
    /// group's empty bands give it away anyway: 0, or equal to a count its row publishes.
    static func secrets(_ histograms: CharacteristicHistogramTable, _ breakdowns: BreakdownTable, measure: String,
                        suppression: Suppression = Suppression()) -> Set<String> {
        var sizes: [String: Int] = [:]
        func group(_ cell: CharacteristicHistogramCell) -> String { "\(cell.place)|\(cell.timePeriod)|\(cell.group)" }
        let cells = histograms.cells.filter { $0.measure.keyStage == .ks2 && $0.measure.name == measure }
        for cell in cells where cell.isTotalBand { sizes[group(cell)] = cell.pupilCount }
        var secret: Set<String> = []
        for cell in cells where !cell.isTotalBand
            && (suppression.withholdsDenominator(sizes[group(cell)]!) || suppression.withholdsNumerator(cell.pupilCount)) {
            let school: String
            if case let .school(urn) = cell.place { school = urn } else { school = "Total" }
            secret.insert((["bands", cell.timePeriod] + cell.group.filterValues + [cell.band, school]).joined(separator: "/"))
        }
        for cell in breakdowns.cells where cell.measure.keyStage == .ks2 && cell.measure.name == measure {
            let counts: [(String, MarginCount, Int)] = [("bands", .pupils, cell.pupilCount), ("expected", .expectedStandard, cell.expectedStandardCount),
                                                        ("higher", .higherStandard, cell.higherStandardCount)]
            let publishedValues = counts.filter { !$0.1.isWithheld(in: cell.withheld) }.map(\.2)
            for (kind, count, value) in counts {
                let ownSake = suppression.withholdsDenominator(cell.pupilCount) || (count != .pupils && suppression.withholdsNumerator(value))
                let givenAway = value == 0 || publishedValues.contains(value)
                if ownSake || (count.isWithheld(in: cell.withheld) && !givenAway) { secret.insert(key(kind, cell)) }
            }
        }
        return secret
    }

    /// The secrets (`secrets`) that the exact reader of both files recovers, as "key = value".
    static func secretsRecovered(_ histograms: CharacteristicHistogramTable, _ breakdowns: BreakdownTable,
                                 measure: String = "Reading") -> [String] {
        let secret = secrets(histograms, breakdowns, measure: measure)
        return linearlyRecovered(histograms.cells, breakdowns, measure: measure).filter { secret.contains($0.key) }
            .map { "\($0.key) = \($0.value)" }.sorted()
    }

    /// The engine on one line of expected counts, by hand: Total 9 = Boys 7 + Girls 2, the Girls' 2 withheld
    /// (primary). Without identities the smallest published child, the Boys' 7, is withheld beside it. But the
    /// Boys are 7 pupils who all reached the standard: their empty bands below it give the 7 back (7 pupils - 0),
    /// and then 9 - 7 gives the Girls' 2. With the identity the Boys' 7 is known, and the margin is withheld.
    @Test func aCountTheBandsGiveAwayIsNeverAComplement() {
        let values = [[15, 7, 8], [9, 7, 2], [0, 0, 0]]
        let hidden = [[false, false, false], [false, false, true], [false, false, false]]
        var without = SecondarySuppression(lines: [[0, 1, 2]], values: values, hidden: hidden)
        #expect(without.protect() == 0)
        #expect(without.hidden[1] == [false, true, true])

        let boys = CountIdentities.fromEmptyBands(pupils: 7, expected: 7, higher: 0, hasHigherStandard: true)
        #expect(boys == CountIdentities(zero: [.higherStandard], equal: [[.pupils, .expectedStandard]]))
        var with = SecondarySuppression(lines: [[0, 1, 2]], values: values, hidden: hidden, identities: [.none, boys, .none])
        #expect(with.protect() == 0)
        #expect(with.hidden[1] == [true, false, true])
        #expect(with.hidden[0] == [false, false, false])
    }

    /// A count withheld with its row but given away is known, so it protects nothing. Pupils: Total 10 = Boys 3
    /// (withheld, primary) + Girls 7; expected: 3 = Boys 3 (withheld) + Girls 0. The Girls' row is withheld to
    /// protect the Boys' 3 pupils, its expected count of 0 with it. Without identities that 0 looks unknown, so the
    /// expected line has two unknowns. But the Girls' empty bands at or above the standard show the 0, and then
    /// 3 - 0 gives the Boys' expected 3: with the identity, the Total's expected count is withheld too.
    @Test func aZeroTheBandsGiveAwayDoesNotProtectItsLine() {
        let values = [[10, 3, 7], [3, 3, 0], [0, 0, 0]]
        let hidden = [[false, true, false], [false, true, false], [false, true, false]]
        var without = SecondarySuppression(lines: [[0, 1, 2]], values: values, hidden: hidden)
        #expect(without.protect() == 0)
        #expect(without.hidden[0] == [false, true, true] && without.hidden[1] == [false, true, true])

        let girls = CountIdentities.fromEmptyBands(pupils: 7, expected: 0, higher: 0, hasHigherStandard: true)
        var with = SecondarySuppression(lines: [[0, 1, 2]], values: values, hidden: hidden, identities: [.none, .none, girls])
        #expect(with.protect() == 0)
        #expect(with.hidden[0] == [false, true, true] && with.hidden[1] == [true, true, true])
    }

    /// Identities that involve a count withheld for its own sake are dropped: a group of 7 with 2 at the higher
    /// standard and 2 at the expected one (higher = expected, both 2, both withheld by the thresholds) keeps both
    /// secret, though its empty bands between the standards say they are equal.
    @Test func identitiesNeverMakeAPrimarySecretKnown() {
        let identities = CountIdentities.fromEmptyBands(pupils: 7, expected: 2, higher: 2, hasHigherStandard: true)
        #expect(identities == CountIdentities(equal: [[.expectedStandard, .higherStandard]]))
        let engine = SecondarySuppression(lines: [], values: [[7], [2], [2]], hidden: [[false], [true], [true]], identities: [identities])
        #expect(!engine.isKnown(MarginCount.expectedStandard.rawValue, 0) && !engine.isKnown(MarginCount.higherStandard.rawValue, 0))
    }

    /// KS2 reading at school A, everyone White British, not disadvantaged. Boys: 7 pupils all at 102 (band
    /// 100-104), so 7 reach the expected standard, none the higher. Girls: 2 at 101 and 6 at 92 (band 90-94), so 2
    /// reach the expected standard: a numerator of 2, withheld (primary). Total 15, 9 at the expected standard.
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

    @Test func aGroupAllAboveTheStandardKeepsItsExpectedCountAndTheTotalsIsWithheld() throws {
        let breakdowns = try Self.allAboveCohort().table(Suppression())
        let boys = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Boys"))
        #expect(boys.countIdentities == CountIdentities(zero: [.higherStandard], equal: [[.pupils, .expectedStandard]]))
        // Total 9 = Boys 7 + Girls c: the Boys' 7 would protect nothing (their bands give it back), so the Total's
        // 9 is withheld, at the school and (its only school) the LA.
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Sex", "Boys")[1] == "7")
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Sex", "Girls")[1] == "c")
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Total", "Total")[1] == "c")
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Total", "Total", urn: nil)[1] == "c")

        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        #expect(Self.secretsRecovered(histograms, breakdowns) == [])
        let girls = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Girls"))
        #expect(Self.linearlyRecovered(histograms.cells, breakdowns)[Self.key("expected", girls)] == nil)
        // The Boys' bands show their 7 in 100-104: nothing to hide there.
        #expect(HistogramByGroupTests.bins(histograms, .ks2, "Reading", "Sex", "Boys")["100-104"] == "7")
    }

    /// KS2 reading at school A. Boys: 3 pupils at 106 (a group of 3: every figure withheld). Girls: 7 pupils at 96,
    /// none at the expected standard. Total 10, 3 at the expected standard. Total 10 = Boys(c) + Girls would give
    /// the Boys' 3 back, so the Girls' row is withheld (secondary), its expected count of 0 with it; but their
    /// empty bands at or above 100 show that 0, so the Total's expected count is withheld too.
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

    @Test func aGroupAllBelowTheStandardDoesNotProtectTheOthersExpectedCount() throws {
        let breakdowns = try Self.allBelowCohort().table(Suppression())
        let girls = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Girls"))
        #expect(girls.pupilCount == 7 && girls.expectedStandardCount == 0 && MarginCount.pupils.isWithheld(in: girls.withheld))
        #expect(girls.countsGivenAway == [.expectedStandard, .higherStandard])
        #expect(AggregateBreakdownTests.fields(breakdowns, .ks2, "Reading", "Total", "Total")[1] == "c")

        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        #expect(Self.secretsRecovered(histograms, breakdowns) == [])
        let boys = try #require(AggregateBreakdownTests.cell(breakdowns, .ks2, "Reading", "Sex", "Boys"))
        let recovered = Self.linearlyRecovered(histograms.cells, breakdowns)
        #expect(recovered[Self.key("expected", boys)] == nil && recovered[Self.key("bands", boys)] == nil)
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
        let breakdowns = try cohort.table(Suppression())
        #expect(breakdowns.cells.filter { $0.measure.keyStage == .ks2 && $0.measure.name == "Reading" }.allSatisfy { $0.withheld.isEmpty })
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        #expect(histograms.secondaryWithheldCount == 0)
        let withheld = histograms.cells.filter(\.withheld)
        #expect(!withheld.isEmpty && withheld.allSatisfy { $0.band == "80-84" && $0.pupilCount == 2 })
    }

    /// The 30-pupil, two-school cohort of `HistogramByGroupTests` (withheld bands and counts at both schools and the
    /// LA): the exact reader of both files recovers nothing secret beyond what the breakdown file and the empty
    /// bands alone give. That is one band: school B's only pupil below 100 is at 82, so wherever a group of school
    /// B holds that pupil its 80-84 band (1, withheld) is its pupil count minus its expected count, both published,
    /// all its other bands below 100 being empty (docs/outputs-breakdowns.md, "Not covered").
    @Test func theTwoSchoolCohortGivesNothingSecretToAnExactReader() throws {
        let breakdowns = try HistogramByGroupTests.suppressionCohort().table(Suppression())
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        let baseline = HistogramByGroupTests.attack(histograms.cells, breakdowns, measure: "Reading", baseline: true)
        let beyond = Set(Self.secretsRecovered(histograms, breakdowns)).subtracting(baseline)
        #expect(beyond.isEmpty, "\(beyond.sorted())")
        #expect(baseline.contains("bands/202324/Total/Total/Total/Total/Total/Total/Total/80-84/\(AggregateBreakdownTests.schoolB) = 1"))
    }

    /// The demo (10 primary schools, 3 years of KS2): the line-by-line reader of both files
    /// (`HistogramByGroupTests.attack`), in reading and maths, recovers no count of the breakdown file withheld for
    /// its own sake, and no such band beyond what the breakdown file and the empty bands alone give (a group's
    /// pupils below a standard all in one band, say). Before suppression knew what the empty bands give away, it
    /// recovered some.
    @Test func theDemoGivesNothingSecretToALineReader() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-joint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var ingested: [String] = []
        let demo = EndToEndTests.demo
        for input in try EndToEndTests.files(in: demo.appendingPathComponent("ctf"), ending: ".xml")
            + EndToEndTests.files(in: demo.appendingPathComponent("npd"), ending: ".csv") {
            let out = work.appendingPathComponent("ingest/\(input.deletingPathExtension().lastPathComponent)").path
            try IngestStage.run(input: input.path, outputDirectory: out)
            ingested.append(out)
        }
        let normalised = work.appendingPathComponent("normalise")
        try NormaliseStage.run(inputDirectories: ingested, outputDirectory: normalised.path, options: NormaliseOptions(),
                               reference: try NormaliseReferenceData.load())
        let pupils = try TableFile.read(NormalisedPupil.self, from: normalised.appendingPathComponent(NormalisedPupil.fileName))
        var results: [(record: NormalisedResult, location: GapsCore.SourceLocation)] = []
        try TableFile.forEachRow(in: normalised.appendingPathComponent(NormalisedResult.fileName), requiring: NormalisedResult.columns) { row in
            results.append((try NormalisedResult(row: row), row.location))
        }
        let labels = try CharacteristicLabels.shipped()
        let cohorts = try BreakdownCohorts.build(pupils: pupils, results: results, labels: labels, localAuthorities: try LocalAuthorityLookup.shipped())
        let breakdowns = BreakdownTable(cohorts: cohorts, labels: labels, suppression: Suppression())
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        for measure in ["Reading", "Maths"] {
            let secret = Self.secrets(histograms, breakdowns, measure: measure)
            let baseline = HistogramByGroupTests.attack(histograms.cells, breakdowns, measure: measure, baseline: true)
            let recovered = HistogramByGroupTests.attack(histograms.cells, breakdowns, measure: measure)
            let leaks = recovered.filter { secret.contains(String($0.split(separator: " = ")[0])) }
            #expect(secret.count > 1000, "the demo withholds small groups")
            // No count of the breakdown file at all, not even one the published empty bands imply: before its
            // suppression knew that a band empty in a group is empty in the groups it contains (at its place and its
            // LA), this reader worked out 14 reading counts, among them the pupil counts of four sex and
            // disadvantage groups of 2 to 5 pupils at one school in 2023/24.
            let counts = leaks.filter(Self.isBreakdownCount)
            #expect(counts.isEmpty, "\(measure): \(counts.count): \(counts.sorted().prefix(5))")
            let bandLeaks = leaks.subtracting(counts).subtracting(baseline)
            // Nor a band by chaining lines: before a count that no complement could protect was treated as known
            // (`UnprotectableCounts`), two bands of one pupil in 2018/19 were (reading: Asian / Asian British at
            // one school, 100-104; maths: at the LA, first language other than English, No scaled score).
            #expect(bandLeaks.isEmpty, "\(measure): \(bandLeaks.sorted())")
        }
    }

    /// Whether a recovered "kind/year/filters/band/school = value" is a count of `attainment-by-characteristic.csv`:
    /// an expected or higher count, or a group's Total band (its pupil count).
    static func isBreakdownCount(_ recovered: String) -> Bool {
        let parts = recovered.split(separator: " = ")[0].split(separator: "/", omittingEmptySubsequences: false)
        return parts[0] != "bands" || parts[parts.count - 2] == "Total"
    }

    /// `LinearDisclosureAudit.determined`: x + y = a and x = b fix both; x + y = a and y + z = c fix none.
    @Test func determinedUnknownsByHand() {
        #expect(LinearDisclosureAudit.determined([[1, 1], [1, 0]]) == [true, true])
        #expect(LinearDisclosureAudit.determined([[1, 1, 0], [0, 1, 1]]) == [false, false, false])
        // x - y = a, y = b, z + w = c: x and y fixed, z and w not.
        #expect(LinearDisclosureAudit.determined([[1, -1, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]]) == [true, true, false, false])
    }
}
