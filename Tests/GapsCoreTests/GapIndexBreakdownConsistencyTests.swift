import Foundation
import Testing
@testable import GapsCore

/// `gap-index.csv` withholds at least what `attainment-by-characteristic.csv` withholds of the same pupils
/// (`GapIndexBreakdownWithholding`). Each test first shows the leak without the lookup, as an attacker's recovery of
/// a count the breakdown file withholds by secondary suppression, then that the lookup closes it. Every expected
/// value is worked out by hand in the comments.
@Suite struct GapIndexBreakdownConsistencyTests {
    typealias Cohort = AggregateBreakdownTests.Cohort
    static let la = AggregateBreakdownTests.la
    static let schoolA = AggregateBreakdownTests.schoolA
    static let schoolB = AggregateBreakdownTests.schoolB
    static let secondary = AggregateBreakdownTests.secondary
    static let year = "202324"
    static let c = EESSymbol.suppressed

    /// Which key stage's two cohorts a test cohort fills.
    enum Stage { case ks2, ks4 }

    /// One school (A at KS2, the secondary at KS4), LA 801, 2023/24, 21 pupils, all White British, no SEN, English,
    /// not FSM eligible, each with both scores (KS2 reading and maths; KS4 English and maths), so none is excluded:
    ///
    /// | group                              | pupils | KS2 scores | KS4 grades |
    /// |------------------------------------|--------|------------|------------|
    /// | Boys, Disadvantaged (D01-D10)      | 10     | 95         | 3          |
    /// | Boys, Not known (N01-N03)          | 3      | 105        | 6          |
    /// | Girls, Not known (N04-N11)         | 8      | 105        | 6          |
    /// | Girls, Disadvantaged               | 0      |            |            |
    ///
    /// Breakdown file, pupil counts of each ranked subject (default thresholds 6 and 3, across places):
    /// - primary: `Boys, Not known to be disadvantaged` (3) and its three-way group `Boys, Not known to be
    ///   disadvantaged, White` (3) are 1-5 pupils: `c`. Nothing else is 1-5 (Disadvantaged 10, Not known 11, Boys
    ///   13, Girls 8, Total 21; the other groups 21 or 0).
    /// - secondary (smallest non-zero published child first, then the margin): `Not known = Boys, Not known +
    ///   Girls, Not known` withholds `Girls, Not known` (8); `Boys = Boys, Disadvantaged + Boys, Not known` withholds
    ///   `Boys, Disadvantaged` (10); then `Disadvantaged = Boys, Disadvantaged + Girls, Disadvantaged` has one unknown
    ///   and its other child is a published 0, so its margin goes: **Disadvantaged (10) is withheld by secondary
    ///   suppression**; `Total = Disadvantaged + Not known` then withholds Not known (11). `Girls = Girls,
    ///   Disadvantaged (0) + Girls, Not known` withholds Girls (8) and `Total = Boys + Girls` Boys (13). Every line
    ///   through the Total (21) keeps two unknowns, so the Total is published. The LA's row is the school's (one
    ///   school): each `LA = school` line withholds the same groups there.
    ///
    /// Gap index, school and LA alike: 21 ranked, 10 disadvantaged, 11 others, 0 excluded: under its own rules
    /// (6 ranked, groups of 6, excluded 3) nothing is withheld. Every disadvantaged pupil (mean 95 or grade 3) is below
    /// every other (105 or 6): ranks 1-10, mean 5.5, and 11-21, mean 16; index = 20 x (16 - 5.5) / 21 = 10.
    static func groupCohort(_ stage: Stage) -> Cohort {
        var cohort = Cohort()
        let pupils: [(upn: String, sex: String, disadvantaged: Bool)] =
            (1...10).map { (String(format: "D%02d", $0), "Boys", true) }
            + (1...3).map { (String(format: "N%02d", $0), "Boys", false) }
            + (4...11).map { (String(format: "N%02d", $0), "Girls", false) }
        for pupil in pupils {
            cohort.pupil(pupil.upn, sex: pupil.sex, disadvantaged: pupil.disadvantaged)
            switch stage {
            case .ks2:
                let score: Double = pupil.disadvantaged ? 95 : 105
                cohort.result(pupil.upn, .ks2Reading, scaled: score)
                cohort.result(pupil.upn, .ks2Maths, scaled: score)
            case .ks4:
                let grade: Double = pupil.disadvantaged ? 3 : 6
                cohort.grade(pupil.upn, .ks4EnglishGrade, grade)
                cohort.grade(pupil.upn, .ks4MathsGrade, grade)
            }
        }
        return cohort
    }

    /// LA 801, 2023/24, KS2, every pupil a White British boy, not disadvantaged:
    /// - school A: 3 pupils (A1-A3), reading and maths 105;
    /// - school B: 12 pupils: B01-B09 reading and maths 105; B10-B12 reading 105 and a maths result without a scaled
    ///   score (absent: in the maths cohort, not ranked).
    ///
    /// Breakdown file, Reading and Maths alike: A's Total (3) and every non-zero group of A (3) are 1-5: `c`
    /// (primary). The LA's Total (15) = A (`c`) + B (12): one unknown, so B's Total is withheld (secondary, the
    /// smallest non-zero child), and then every non-zero group of B with it (each LA group = A's `c` + B's). The
    /// LA's figures are published (every LA line keeps two unknowns below a published margin).
    ///
    /// Gap index: A 3 ranked (fewer than 6: all `c` by its own rules). B: 9 ranked, 0 disadvantaged, 3 excluded:
    /// under its own rules pupil_count 9, disadvantaged_count 0, excluded 3 (not 1-2) published and the index `x`
    /// (no disadvantaged pupil), and 9 + 3 = 12 gives back B's withheld Total. LA: 12 ranked (A's 3 + B's 9), 3
    /// excluded, 0 disadvantaged: published, the LA's Total 15 = 12 + 3 being published in the breakdown file too.
    static func totalCohort() -> Cohort {
        var cohort = Cohort()
        for i in 1...3 {
            cohort.pupil("A\(i)")
            cohort.result("A\(i)", .ks2Reading, school: schoolA, scaled: 105)
            cohort.result("A\(i)", .ks2Maths, school: schoolA, scaled: 105)
        }
        for i in 1...12 {
            let upn = String(format: "B%02d", i)
            cohort.pupil(upn)
            cohort.result(upn, .ks2Reading, school: schoolB, scaled: 105)
            cohort.result(upn, .ks2Maths, school: schoolB, scaled: i <= 9 ? 105 : nil)
        }
        return cohort
    }

    static func ks2Cohorts(_ cohort: Cohort) throws -> KS2Cohorts {
        try KS2Cohorts.build(pupils: cohort.pupils, results: cohort.results, localAuthorities: try LocalAuthorityLookup.shipped())
    }

    /// The gap index rows of a cohort, with or without what its breakdown table withholds.
    static func gapIndex(_ cohort: Cohort, _ stage: Stage, table: BreakdownTable,
                         alsoWithheld: GapIndexBreakdownWithholding?) throws -> GapIndexTable {
        switch stage {
        case .ks2: GapIndexTable(cohorts: try ks2Cohorts(cohort), suppression: Suppression(), alsoWithheld: alsoWithheld)
        case .ks4: GapIndexTable(cohorts: KS2Cohorts(), ks4: table.cohorts, suppression: Suppression(), alsoWithheld: alsoWithheld)
        }
    }

    static func place(_ urn: String?) -> PublishedPlace { AggregateBreakdownTests.place(urn) }

    static func row(_ table: GapIndexTable, _ urn: String?) throws -> GapIndexRow {
        try #require(table.rows.first { $0.place == place(urn) && $0.timePeriod == year })
    }

    /// The breakdown file's published pupil_count of a group.
    static func pupils(_ table: BreakdownTable, _ keyStage: KeyStage, _ measure: String, _ topic: String, _ group: String,
                       urn: String?) -> String? {
        AggregateBreakdownTests.fields(table, keyStage, measure, topic, group, urn: urn).first
    }

    // MARK: - A disadvantage group withheld by secondary suppression

    @Test(arguments: [Stage.ks2, Stage.ks4])
    func aDisadvantagedCountWithheldBySecondarySuppressionIsWithheldInTheGapIndex(stage: Stage) throws {
        let cohort = Self.groupCohort(stage)
        let table = try cohort.table()
        let keyStage: KeyStage = stage == .ks2 ? .ks2 : .ks4
        let measures = stage == .ks2 ? ["Reading", "Maths"] : ["English", "Maths"]
        let school = stage == .ks2 ? Self.schoolA : Self.secondary
        let disadvantage = "Disadvantage status"
        // The breakdown file as worked out above: Disadvantaged (10, not 1-5: secondary) and Not known (11) `c`,
        // the Total 21 published, at the school and the LA, in both ranked subjects.
        for measure in measures {
            for urn in [school, nil] as [String?] {
                #expect(Self.pupils(table, keyStage, measure, disadvantage, "Disadvantaged", urn: urn) == Self.c)
                #expect(Self.pupils(table, keyStage, measure, disadvantage, "Not known to be disadvantaged", urn: urn) == Self.c)
                #expect(Self.pupils(table, keyStage, measure, "Total", "Total", urn: urn) == "21")
            }
        }
        #expect(table.suppressionSummary.secondary.pupilCounts > 0)

        // The leak: without the lookup the gap index publishes 10 disadvantaged of 21 ranked, none excluded, so the
        // attacker reads the withheld Disadvantaged count (10) and Not known (21 - 10 = 11) straight off it.
        let open = try Self.gapIndex(cohort, stage, table: table, alsoWithheld: nil)
        for urn in [school, nil] as [String?] {
            let row = try Self.row(open, urn)
            #expect(row.indicatorFields.prefix(3) == ["21", "10", "0"])
            // None excluded: the ranked pupils are each subject's cohort, so these are the breakdown file's counts.
            let recoveredDisadvantaged = Int(row.indicatorFields[1])!
            #expect(recoveredDisadvantaged == 10 && Int(row.indicatorFields[0])! - recoveredDisadvantaged == 11)
            #expect(abs((row.index ?? .nan) - 10) < 1e-9)
        }
        #expect(open.withheldAsBreakdownsCount == 0)

        // With it: disadvantaged_count and gap_index `c` at the school and the LA (2 figures x 2 rows = 4); the
        // pupils ranked and excluded stay published (both subjects' Totals are published in the breakdown file).
        let withheld = GapIndexBreakdownWithholding(breakdowns: table)
        let rankedOn = stage == .ks2 ? GapIndexTable.rankedOn : GapIndexTable.ks4RankedOn
        #expect(withheld.withheld(rankedOn: rankedOn, place: Self.place(school), timePeriod: Self.year) == .disadvantageGroup)
        let closed = try Self.gapIndex(cohort, stage, table: table, alsoWithheld: withheld)
        for urn in [school, nil] as [String?] {
            #expect(try Self.row(closed, urn).indicatorFields == ["21", Self.c, "0", Self.c])
        }
        #expect(closed.withheldAsBreakdownsCount == 4)
    }

    // MARK: - A Total withheld by secondary suppression across places

    @Test func aTotalWithheldAcrossPlacesWithholdsTheWholeRow() throws {
        let cohort = Self.totalCohort()
        let table = try cohort.table()
        // The breakdown file as worked out above: A's and B's Totals `c` (A's primary, B's secondary), the LA's 15.
        for measure in ["Reading", "Maths"] {
            #expect(Self.pupils(table, .ks2, measure, "Total", "Total", urn: Self.schoolA) == Self.c)
            #expect(Self.pupils(table, .ks2, measure, "Total", "Total", urn: Self.schoolB) == Self.c)
            #expect(Self.pupils(table, .ks2, measure, "Total", "Total", urn: nil) == "15")
        }

        // The leak: B's row publishes 9 ranked and 3 excluded; the reading and maths cohorts are the same 12 pupils,
        // so their union is each cohort and 9 + 3 = 12 is B's withheld Reading Total (and Maths Total).
        let open = try Self.gapIndex(cohort, .ks2, table: table, alsoWithheld: nil)
        let leaking = try Self.row(open, Self.schoolB)
        #expect(leaking.indicatorFields == ["9", "0", "3", EESSymbol.notAvailable])
        #expect(Int(leaking.indicatorFields[0])! + Int(leaking.indicatorFields[2])! == 12)
        #expect(try Self.row(open, Self.schoolA).indicatorFields == [Self.c, Self.c, Self.c, Self.c])

        // With the lookup B's whole row is `c`: 4 figures more (the `x` index included); A's was already `c`; the
        // LA's row (12 ranked, 0 disadvantaged, 3 excluded, `x`) is unchanged, as the LA's Totals are published.
        let closed = try Self.gapIndex(cohort, .ks2, table: table, alsoWithheld: GapIndexBreakdownWithholding(breakdowns: table))
        #expect(try Self.row(closed, Self.schoolB).indicatorFields == [Self.c, Self.c, Self.c, Self.c])
        #expect(try Self.row(closed, Self.schoolA).indicatorFields == [Self.c, Self.c, Self.c, Self.c])
        #expect(try Self.row(closed, nil).indicatorFields == ["12", "0", "3", EESSymbol.notAvailable])
        #expect(closed.withheldAsBreakdownsCount == 4)
    }

    // MARK: - Which groups count; nothing withheld changes nothing

    @Test func onlyTheTotalAndTheTwoDisadvantageStatusGroupsOfTheRankedSubjectsCount() throws {
        let table = try Self.groupCohort(.ks2).table()
        let statusGroups = table.topics.groups.filter(GapIndexBreakdownWithholding.isDisadvantageStatusGroup).map(\.label)
        // `Boys, Disadvantaged` and `White, Disadvantaged` fix more than the disadvantage status: not these.
        #expect(statusGroups == ["Disadvantaged", "Not known to be disadvantaged"])
        #expect(Set(GapIndexBreakdownWithholding.rankedMeasures.map { "\($0.key.keyStage.rawValue) \($0.key.name) \($0.value)" }) == [
            "Key stage 2 Reading \(GapIndexTable.rankedOn)", "Key stage 2 Maths \(GapIndexTable.rankedOn)",
            "Key stage 4 English \(GapIndexTable.ks4RankedOn)", "Key stage 4 Maths \(GapIndexTable.ks4RankedOn)",
        ])
        // With nothing withheld in the breakdown file (thresholds of 1) the lookup is empty and the rows are those
        // without it.
        let cohort = Self.groupCohort(.ks2)
        let open = try cohort.table(Suppression(minimumDenominator: 1, minimumNumerator: 1))
        #expect(GapIndexBreakdownWithholding(breakdowns: open) == GapIndexBreakdownWithholding())
        let ks2 = try Self.ks2Cohorts(cohort)
        #expect(GapIndexTable(cohorts: ks2, suppression: Suppression(), alsoWithheld: GapIndexBreakdownWithholding()).rows
            == GapIndexTable(cohorts: ks2, suppression: Suppression()).rows)
    }

    // MARK: - Through the stage

    @Test func theStageWithholdsAsTheBreakdownFileAndCountsItInTheManifest() throws {
        let cohort = Self.groupCohort(.ks2)
        var fixture = AggregateStageTests.Fixture()
        fixture.pupils = cohort.pupils
        fixture.results = cohort.results.map { $0.record }
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let published = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: published.path,
                               options: AggregateOptions())
        // School A and the LA: 21 ranked, disadvantaged and index `c`, 0 excluded (worked out on `groupCohort`).
        let rows = try AggregateStageTests.readTable(published.appendingPathComponent("gap-index.csv")).rows
        #expect(rows.count == 2)
        for row in rows {
            #expect([row["pupil_count"], row["disadvantaged_count"], row["excluded_pupil_count"], row["gap_index"]]
                == ["21", Self.c, "0", Self.c])
        }
        try Self.expectGapIndexWithholdsWhatBreakdownsWithhold(in: published)
        let notes = try Manifest.read(from: published.appendingPathComponent("manifest.json")).inputs.flatMap(\.notes)
        #expect(notes.contains("gap index: 4 more figures withheld as attainment-by-characteristic.csv withholds the same pupils' counts"))
    }

    /// The attacker over a published folder (the demo's, from `EndToEndTests`; a hand-made one above): for every
    /// `gap-index.csv` row, where `attainment-by-characteristic.csv` withholds a ranked subject's Total pupil count at
    /// the same place and year every figure is `c`, and where it withholds a disadvantage status group's,
    /// `disadvantaged_count` and `gap_index` are. Where nothing is excluded and the disadvantaged count is published,
    /// the gap index's counts are the breakdown file's (the same pupils: what makes the rule necessary).
    static func expectGapIndexWithholdsWhatBreakdownsWithhold(in folder: URL) throws {
        let gapIndex = try AggregateStageTests.readTable(folder.appendingPathComponent("gap-index.csv")).rows
        let breakdowns = try AggregateStageTests.readTable(folder.appendingPathComponent("attainment-by-characteristic.csv")).rows
        func key(_ row: [String: String], _ keyStage: String, _ measure: String, _ group: String) -> String {
            [row["old_la_code"]!, row["school_urn"]!, row["time_period"]!, keyStage, measure, group].joined(separator: "|")
        }
        var pupilCounts: [String: String] = [:]
        for row in breakdowns where row["breakdown_topic"] == "Total" || row["breakdown_topic"] == "Disadvantage status" {
            pupilCounts[key(row, row["key_stage"]!, row["measure"]!, row["breakdown"]!)] = row["pupil_count"]!
        }
        var checked = 0
        for row in gapIndex {
            let ks2 = row["ranked_on"] == GapIndexTable.rankedOn
            let keyStage = ks2 ? "Key stage 2" : "Key stage 4"
            let subjects = ks2 ? ["Reading", "Maths"] : ["English", "Maths"]
            func counts(_ group: String) -> [String] { subjects.compactMap { pupilCounts[key(row, keyStage, $0, group)] } }
            let totals = counts("Total")
            let disadvantaged = counts("Disadvantaged"), others = counts("Not known to be disadvantaged")
            #expect(totals.count == 2, "\(row)")
            let figures = ["pupil_count", "disadvantaged_count", "excluded_pupil_count", "gap_index"].map { row[$0]! }
            let place = "\(row["school_urn"]!) \(row["time_period"]!) \(row["ranked_on"]!)"
            if totals.contains(c) {
                #expect(figures.allSatisfy { $0 == c }, "\(place): a Total is withheld in the breakdown file: \(figures)")
            } else if (disadvantaged + others).contains(c) {
                #expect(figures[1] == c && figures[3] == c, "\(place): a disadvantage group is withheld: \(figures)")
            }
            if figures[2] == "0" && figures[1] != c {
                #expect(Set(totals) == [figures[0]] && Set(disadvantaged) == [figures[1]], "\(place): \(figures) \(totals) \(disadvantaged)")
            }
            checked += 1
        }
        #expect(checked == gapIndex.count && checked > 0)
    }
}
