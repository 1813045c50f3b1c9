import Foundation
import Testing
@testable import GapsCore

/// `histograms-by-characteristic.csv`: pupils per score band or outcome for every group of the breakdown files, its
/// suppression, and the `--intersections` option. Expected counts are counted by hand in the comments.
@Suite struct HistogramByGroupTests {
    typealias Cohort = AggregateBreakdownTests.Cohort
    static let schoolA = AggregateBreakdownTests.schoolA
    static let noSuppression = AggregateBreakdownTests.noSuppression

    /// The published counts of one group and measure at a place, by band label.
    static func bins(_ table: CharacteristicHistogramTable, _ keyStage: KeyStage, _ measure: String, _ topic: String, _ group: String,
                     urn: String? = schoolA, year: String = "202324") -> [String: String] {
        var bins: [String: String] = [:]
        for cell in table.cells where cell.measure.keyStage == keyStage && cell.measure.name == measure && cell.group.topic == topic
            && cell.group.label == group && cell.place == AggregateBreakdownTests.place(urn) && cell.timePeriod == year {
            bins[cell.band] = cell.indicatorFields[0]
        }
        return bins
    }

    /// A result with the code the source gave (the `result` column), e.g. a teacher assessment.
    static func setCode(_ cohort: inout Cohort, _ code: String) {
        cohort.results[cohort.results.count - 1].record.result = code
    }

    /// KS2 reading at school A. Boys: 82, 99, 100, 104, 120 and one absent (outcome code, no score); Girls: 95, 105,
    /// 110, 115, 118. By hand, with the bands 80-84, 85-89, ..., 115-120:
    /// Boys 80-84: 1 (82); 95-99: 1 (99); 100-104: 2 (100, 104); 115-120: 1 (120); No scaled score: 1; Total 6.
    /// Girls 95-99: 1; 105-109: 1; 110-114: 1; 115-120: 2 (115, 118); Total 5.
    /// Total: 80-84 1, 95-99 2, 100-104 2, 105-109 1, 110-114 1, 115-120 3, No scaled score 1, Total 11.
    /// KS1 reading (2018/19): EXS, EXS, WTS, GDS (points 8, 8, 6, 10) and one A (absent, no points): bands in order
    /// of points, then codes without points: WTS 1, EXS 2, GDS 1, A 1.
    /// KS4 English grades 3, 4 and 8.5 (a legacy A*): Grade 3, Grade 4 and Grade 8 one each. Attainment 8 45.5 and
    /// 90: "40 to under 50" and "80 to 90" (the third pupil has no Attainment 8 result, so is not in its cohort).
    static func handCohort() -> Cohort {
        var cohort = Cohort()
        let boys: [Double?] = [82, 99, 100, 104, 120, nil], girls: [Double] = [95, 105, 110, 115, 118]
        for (i, score) in boys.enumerated() {
            cohort.pupil("B\(i)", sex: "Boys")
            if let score { cohort.result("B\(i)", .ks2Reading, scaled: score) } else {
                cohort.result("B\(i)", .ks2Reading)
                setCode(&cohort, "A")
            }
        }
        for (i, score) in girls.enumerated() {
            cohort.pupil("G\(i)", sex: "Girls")
            cohort.result("G\(i)", .ks2Reading, scaled: score)
        }
        for (i, (code, points)) in [("EXS", 8.0), ("EXS", 8), ("WTS", 6), ("GDS", 10), ("A", nil)].enumerated() {
            cohort.pupil("K\(i)", sex: "Girls")
            cohort.result("K\(i)", .ks1Reading, year: "201819", points: points, expected: code == "EXS" || code == "GDS", higher: code == "GDS")
            setCode(&cohort, code)
        }
        for (i, grade) in [3.0, 4, 8.5].enumerated() {
            cohort.pupil("F\(i)", sex: "Boys")
            cohort.grade("F\(i)", .ks4EnglishGrade, grade)
        }
        cohort.result("F0", .ks4Attainment8, school: AggregateBreakdownTests.secondary, points: 45.5)
        cohort.result("F1", .ks4Attainment8, school: AggregateBreakdownTests.secondary, points: 90)
        return cohort
    }

    @Test func binsOfAHandBuiltCohortAreHandCounted() throws {
        let table = try CharacteristicHistogramTable(breakdowns: try Self.handCohort().table(Self.noSuppression), resultsFile: "results.csv")
        func nonZero(_ bins: [String: String]) -> [String: String] { bins.filter { $0.value != "0" } }
        #expect(nonZero(Self.bins(table, .ks2, "Reading", "Sex", "Boys"))
            == ["80-84": "1", "95-99": "1", "100-104": "2", "115-120": "1", "No scaled score": "1", "Total": "6"])
        #expect(nonZero(Self.bins(table, .ks2, "Reading", "Sex", "Girls"))
            == ["95-99": "1", "105-109": "1", "110-114": "1", "115-120": "2", "Total": "5"])
        #expect(nonZero(Self.bins(table, .ks2, "Reading", "Total", "Total"))
            == ["80-84": "1", "95-99": "2", "100-104": "2", "105-109": "1", "110-114": "1", "115-120": "3", "No scaled score": "1", "Total": "11"])
        // The complete matrix: every band, zeros included, for every group (here Boys, Disadvantaged: the same pupils).
        #expect(Self.bins(table, .ks2, "Reading", "Sex and disadvantage status", "Boys, Not known to be disadvantaged").count == 8 + 2)
        let ks2Reading = try #require(BreakdownMeasure.all.first { $0.keyStage == .ks2 && $0.name == "Reading" })
        #expect(table.bands[ks2Reading] == ScoreBands.labels)

        let ks1 = Self.bins(table, .ks1, "Reading", "Total", "Total", year: "201819")
        #expect(ks1 == ["WTS": "1", "EXS": "2", "GDS": "1", "A": "1", "Total": "5"])
        let ks1Measure = try #require(BreakdownMeasure.all.first { $0.keyStage == .ks1 && $0.name == "Reading" })
        #expect(table.bands[ks1Measure] == ["WTS", "EXS", "GDS", "A", "Total"])

        let secondary = AggregateBreakdownTests.secondary
        #expect(nonZero(Self.bins(table, .ks4, "English", "Total", "Total", urn: secondary))
            == ["Grade 3": "1", "Grade 4": "1", "Grade 8": "1", "Total": "3"])
        #expect(nonZero(Self.bins(table, .ks4, "Attainment 8", "Total", "Total", urn: secondary))
            == ["40 to under 50": "1", "80 to 90": "1", "Total": "2"])
        let a8 = try #require(BreakdownMeasure.all.first { $0.keyStage == .ks4 && $0.name == "Attainment 8" })
        #expect(table.bands[a8] == ["0 to under 10", "10 to under 20", "20 to under 30", "30 to under 40", "40 to under 50",
                                    "50 to under 60", "60 to under 70", "70 to under 80", "80 to 90", "No Attainment 8 score", "Total"])
        // Progress 8 and the combined measures have no histogram.
        #expect(!table.cells.contains { $0.measure.name == "Progress 8" || $0.measure.isCombined })
    }

    @Test func aScoreOutsideEveryBandStopsWithTheResultsFile() throws {
        var cohort = Cohort()
        cohort.pupil("X0")
        cohort.grade("X0", .ks4EnglishGrade, 9.5)
        #expect(throws: GapsError.self) {
            try CharacteristicHistogramTable(breakdowns: try cohort.table(Self.noSuppression), resultsFile: "results.csv")
        }
    }

    /// Where a group's bands are all shown, they add up to its Total band, which is the group's pupil count in
    /// `attainment-by-characteristic.csv`; and each topic's groups add up to the Total, band by band (no suppression).
    @Test func binsAddUpToTheGroupsCount() throws {
        let breakdowns = try AggregateBreakdownTests.mixedCohort().table()
        let table = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        let byGroup = Dictionary(grouping: table.cells) { "\($0.place)|\($0.timePeriod)|\($0.measure.name)|\($0.group.topic)|\($0.group.label)" }
        var checked = 0
        for (name, cells) in byGroup {
            let total = try #require(cells.first { $0.isTotalBand })
            let published = breakdowns.cells.first {
                $0.place == total.place && $0.timePeriod == total.timePeriod && $0.measure == total.measure && $0.group == total.group
            }
            #expect(total.pupilCount == published?.pupilCount, "\(name)")
            let bands = cells.filter { !$0.isTotalBand }
            #expect(bands.map(\.pupilCount).reduce(0, +) == total.pupilCount, "\(name)")
            if !total.withheld && !bands.contains(where: \.withheld) { checked += 1 }
        }
        #expect(checked > 0)

        let open = try CharacteristicHistogramTable(breakdowns: try AggregateBreakdownTests.mixedCohort().table(Self.noSuppression),
                                                    resultsFile: "results.csv")
        let byBand = Dictionary(grouping: open.cells) { "\($0.place)|\($0.timePeriod)|\($0.measure.name)|\($0.band)" }
        for (name, cells) in byBand {
            let total = try #require(cells.first { $0.group.isTotal }).pupilCount
            for (topic, groups) in Dictionary(grouping: cells.filter { !$0.group.isTotal }, by: \.group.topic) {
                #expect(groups.map(\.pupilCount).reduce(0, +) == total, "\(name) \(topic)")
            }
        }
    }

    // MARK: - Suppression

    /// School A, KS2 reading, 30 pupils: Boys i < 15, Girls the rest; disadvantaged when i % 3 == 0. Scores: i = 0
    /// and 1 (disadvantaged Boy, other Boy) at 82, two pupils in the 80-84 band, withheld (2 < 3); i = 15 (a
    /// disadvantaged Girl) at 117, alone in 115-120 among the Girls; the others spread over 95-114 by i % 4.
    static func suppressionCohort() -> Cohort {
        var cohort = Cohort()
        for i in 0..<30 {
            let upn = String(format: "H%03d", i)
            cohort.pupil(upn, sex: i < 15 ? "Boys" : "Girls", disadvantaged: i % 3 == 0)
            let score: Double = i < 2 ? 82 : i == 15 ? 117 : [96, 101, 106, 111][i % 4]
            cohort.result(upn, .ks2Reading, school: i % 2 == 0 ? schoolA : AggregateBreakdownTests.schoolB, scaled: score)
        }
        return cohort
    }

    /// A reader of `histograms-by-characteristic.csv` and `attainment-by-characteristic.csv` (written here from the
    /// definitions, not from the suppression code): every line is a margin and the cells it sums, where each group
    /// fixes some characteristics (`BreakdownGroup.filterValues`), the band and the school are two more filters, and
    /// the bands at or above 100 (110) add up to the published expected (higher) count. One unknown on a line is
    /// worked out; so is every unknown of a line whose known margin minus known cells is 0. Returns the withheld
    /// counts it recovers (not counting zeros that published zeros already give). With `baseline`, the reader sees
    /// only the breakdown file and which bands are empty (every zero, none of the other band counts): what the
    /// histogram cannot help giving away once it publishes its zeros.
    static func attack(_ histograms: [CharacteristicHistogramCell], _ breakdowns: BreakdownTable, measure: String,
                       baseline: Bool = false) -> Set<String> {
        var (cells, lines) = readerSystem(histograms, breakdowns, measure: measure, baseline: baseline)
        var recovered: Set<String> = []
        var progress = true
        while progress {
            progress = false
            for line in lines {
                let unknown = line.filter { !cells[$0].known }
                guard !unknown.isEmpty else { continue }
                let margin = line[0]
                let knownSum = line.dropFirst().filter { cells[$0].known }.reduce(0) { $0 + cells[$1].value }
                if unknown.count == 1 || (cells[margin].known && cells[margin].value - knownSum == 0) {
                    for cell in unknown {
                        cells[cell].known = true
                        if cells[cell].value > 0 { recovered.insert(cells[cell].filters.joined(separator: "/") + " = \(cells[cell].value)") }
                    }
                    progress = true
                }
            }
        }
        return recovered
    }

    /// One cell as the reader of both files sees it: its filters (`bands`, `expected` or `higher`, the year, the
    /// group's filter values, the band or `Total`, the school or `Total`), its true value and whether it is known.
    struct ReaderCell { var filters: [String]; var value: Int; var known: Bool }

    /// The cells and lines of `attack` (see there): what a reader of both files knows and the sums that tie the
    /// cells together, each line a margin first and the cells it sums.
    static func readerSystem(_ histograms: [CharacteristicHistogramCell], _ breakdowns: BreakdownTable, measure: String,
                             baseline: Bool = false) -> (cells: [ReaderCell], lines: [[Int]]) {
        typealias Cell = ReaderCell
        var cells: [Cell] = []
        for cell in histograms where cell.measure.name == measure && cell.measure.keyStage == .ks2 {
            let school: String
            if case let .school(urn) = cell.place { school = urn } else { school = "Total" }
            cells.append(Cell(filters: ["bands", cell.timePeriod] + cell.group.filterValues + [cell.band, school], value: cell.pupilCount,
                              known: baseline ? cell.pupilCount == 0 && !cell.isTotalBand : !cell.withheld))
        }
        var position: [[String]: Int] = [:]
        for (index, cell) in cells.enumerated() { position[cell.filters] = index }
        // The breakdown file's counts: a Total band the histogram withholds may be shown there.
        var thresholdCells: [(expected: Int, higher: Int)] = []
        for cell in breakdowns.cells where cell.measure.name == measure && cell.measure.keyStage == .ks2 {
            let school: String
            if case let .school(urn) = cell.place { school = urn } else { school = "Total" }
            let base = [cell.timePeriod] + cell.group.filterValues
            if let total = position[["bands"] + base + ["Total", school]], !MarginCount.pupils.isWithheld(in: cell.withheld) {
                cells[total].known = true
            }
            cells.append(Cell(filters: ["expected"] + base + ["Total", school], value: cell.expectedStandardCount,
                              known: !MarginCount.expectedStandard.isWithheld(in: cell.withheld)))
            cells.append(Cell(filters: ["higher"] + base + ["Total", school], value: cell.higherStandardCount,
                              known: !MarginCount.higherStandard.isWithheld(in: cell.withheld)))
            thresholdCells.append((cells.count - 2, cells.count - 1))
        }
        for (index, cell) in cells.enumerated() { position[cell.filters] = index }
        var lines: [[Int]] = []
        for filter in 2..<(cells.first?.filters.count ?? 0) {
            var children: [Int: [Int]] = [:]
            for (index, cell) in cells.enumerated() where cell.filters[filter] != "Total" {
                var margin = cell.filters
                margin[filter] = "Total"
                if let total = position[margin] { children[total, default: []].append(index) }
            }
            lines += children.map { [$0.key] + $0.value }
        }
        for (expected, higher) in thresholdCells {
            var filters = cells[expected].filters
            filters[0] = "bands"
            func band(_ label: String) -> Int {
                filters[filters.count - 2] = label
                return position[filters]!
            }
            let above100 = ["100-104", "105-109", "110-114", "115-120"].map(band), above110 = ["110-114", "115-120"].map(band)
            let below = ["80-84", "85-89", "90-94", "95-99", "No scaled score"].map(band)
            lines.append([expected] + above100)
            lines.append([higher] + above110)
            lines.append([band("Total"), expected] + below)
            lines.append([expected, higher] + above100.filter { !above110.contains($0) })
        }
        return (cells, lines)
    }

    @Test func noWithheldBandCountCanBeRecoveredButWithoutSecondarySuppressionItCould() throws {
        let breakdowns = try Self.suppressionCohort().table(Suppression())
        let histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, resultsFile: "results.csv")
        #expect(histograms.primaryWithheldCount > 0 && histograms.secondaryWithheldCount > 0)
        // The two pupils at 82 are withheld in the Total group's 80-84 band at school A and the LA.
        #expect(Self.bins(histograms, .ks2, "Reading", "Total", "Total", urn: nil)["80-84"] == "c")
        // What the reader works out is no more than the breakdown file and the empty bands give (all pupils of a
        // group below the expected standard in one band, say): secondary suppression adds no way in.
        let baseline = Self.attack(histograms.cells, breakdowns, measure: "Reading", baseline: true)
        let recovered = Self.attack(histograms.cells, breakdowns, measure: "Reading")
        #expect(recovered.isSubset(of: baseline), "\(recovered.subtracting(baseline).sorted())")

        // The same reader against primary suppression alone recovers some of the counts.
        let bands = Dictionary(grouping: histograms.cells.indices) { "\(histograms.cells[$0].place)|\(histograms.cells[$0].group)" }
        var open = histograms.cells
        for (_, positions) in bands {
            let size = open[positions.first { open[$0].isTotalBand }!].pupilCount
            for position in positions {
                open[position].withheld = Suppression().withholdsDenominator(size) || Suppression().withholdsNumerator(open[position].pupilCount)
            }
        }
        let openBreakdowns = try Self.suppressionCohort().table(Suppression(minimumDenominator: 1, minimumNumerator: 1))
        let fromPrimaryOnly = Self.attack(open, openBreakdowns, measure: "Reading")
        #expect(!fromPrimaryOnly.isSubset(of: Self.attack(open, openBreakdowns, measure: "Reading", baseline: true)))
        // School A's one pupil at 82 among all its pupils: the Total band minus the others.
        #expect(fromPrimaryOnly.contains("bands/202324/Total/Total/Total/Total/Total/Total/Total/80-84/\(Self.schoolA) = 1"))
    }

    /// The stage writes the file and its meta, they pass the screener, and `histograms.csv` withholds every cell that
    /// the new file withholds for the same group and band.
    @Test func stageWritesTheFileThatPassesTheScreenerAndHistogramsCSVAgrees() throws {
        let cohort = Self.suppressionCohort()
        var fixture = AggregateStageTests.Fixture()
        fixture.pupils = cohort.pupils
        fixture.results = cohort.results.map { $0.record }
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let published = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: published.path)
        let data = published.appendingPathComponent(AggregateStage.histogramsByCharacteristicFileName)
        let problems = try EESScreener.check(dataURL: data, metaURL: EESTableLayout.metaURL(for: data))
        #expect(problems.allSatisfy { $0.severity == .advisory && $0.rule == .total }, "\(problems)")
        let rows = try AggregateStageTests.readTable(data)
        #expect(rows.header == AggregateStage.histogramsByCharacteristicLayout.header)
        #expect(rows.rows.contains { $0["pupil_count"] == "c" })

        let old = try AggregateStageTests.readTable(published.appendingPathComponent(AggregateStage.histogramsFileName)).rows
        var compared = 0
        for row in old {
            let topic: String, group: String
            switch (row["sex"]!, row["disadvantage_status"]!) {
            case ("Total", "Total"): (topic, group) = ("Total", "Total")
            case (let sex, "Total"): (topic, group) = ("Sex", sex)
            case ("Total", let status): (topic, group) = ("Disadvantage status", status)
            case let (sex, status): (topic, group) = ("Sex and disadvantage status", "\(sex), \(status)")
            }
            guard let twin = rows.rows.first(where: {
                $0["measure"] == row["subject"] && $0["breakdown_topic"] == topic && $0["breakdown"] == group
                    && $0["result_band"] == row["score_band"] && $0["school_urn"] == row["school_urn"] && $0["time_period"] == row["time_period"]
            }) else { continue }
            compared += 1
            if twin["pupil_count"] == "c" { #expect(row["pupil_count"] == "c", "\(row)") }
            else if row["pupil_count"] != "c" { #expect(row["pupil_count"] == twin["pupil_count"], "\(row)") }
        }
        #expect(compared > 100)
        let manifest = try String(contentsOf: published.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains(AggregateStage.histogramsByCharacteristicFileName) && manifest.contains("histograms by characteristic"))
    }

    // MARK: - Size

    /// `--intersections two` leaves out the three-way groups and nothing else; every topic still adds up to the Total.
    @Test func twoWayIntersectionsLeaveOutTheThreeWayGroupsOnly() throws {
        let cohort = AggregateBreakdownTests.mixedCohort()
        let labels = try CharacteristicLabels.shipped()
        let cohorts = try BreakdownCohorts.build(pupils: cohort.pupils, results: cohort.results, labels: labels,
                                                 localAuthorities: try LocalAuthorityLookup.shipped())
        let three = BreakdownTable(cohorts: cohorts, labels: labels, suppression: Self.noSuppression)
        let two = BreakdownTable(cohorts: cohorts, labels: labels, suppression: Self.noSuppression, intersections: .two)
        let threeWay = "Sex, disadvantage status and ethnicity major"
        #expect(three.topics.groups.contains { $0.topic == threeWay })
        #expect(!two.topics.groups.contains { $0.topic == threeWay })
        #expect(two.topics.groups == three.topics.groups.filter { $0.topic != threeWay })
        for table in [two, three] {
            let tables = Dictionary(grouping: table.cells) { "\($0.place)|\($0.timePeriod)|\($0.measure.name)" }
            for (name, cells) in tables {
                let total = try #require(cells.first { $0.group.isTotal }).pupilCount
                for (topic, groups) in Dictionary(grouping: cells.filter { !$0.group.isTotal && $0.group.topic != "Ethnicity minor" }, by: \.group.topic) {
                    #expect(groups.map(\.pupilCount).reduce(0, +) == total, "\(name) \(topic)")
                }
            }
        }
    }

    @Test func screenerWhitespaceTrimIsFoundations() {
        for text in ["", " ", "\t", "abc", "  a b  ", "\ta\t", "\u{00A0}x\u{3000}", " \u{2003}y ", "z\n", "\u{00A0}"] {
            #expect(text.trimmingScreenerWhitespace == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }
}
