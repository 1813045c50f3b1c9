import Foundation
import Testing
@testable import GapsCore

/// Evidence packs and governors' summaries: the aggregate run's thresholds for receiving-support counts, attainment
/// by pupil characteristic, the governors' trend, and the summary and full packs.
@Suite struct RenderPacksTests {
    /// School 100001: 8 pupils entitled under (a), 7 of them in the provision file. With the default thresholds
    /// (6 pupils, 3 meeting) 7 of 8 is shown (88%); with 10 and 5, 8 entitled pupils are fewer than 10, so c.
    private func renderSupport(parameters: (Int, Int)?) throws -> (pack: String, summary: RenderSummary) {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let entitlement = Entitlement.ks1BelowExpected.rawValue
        let list = (1...8).map { serial in
            RenderFixture.listRow(
                upn: UPN.make(la: 999, estab: 1000, year: 13, serial: serial), forename: "F\(serial)", surname: "S",
                entitlement: .ks1BelowExpected, sex: "Boys", disadvantage: "Disadvantaged")
        }
        try fixture.writePupilTables(
            progress: [], entitlement: [RenderFixture.entitlement("100001", entitlement: entitlement, ["30", "30", "8", "26.66666666666667"])],
            list: list)
        let provision = try fixture.writeProvision((1...7).map { [UPN.make(la: 999, estab: 1000, year: 13, serial: $0), "Reading group"] })
        if let (denominator, numerator) = parameters {
            try fixture.writeReportParameters(minimumDenominator: denominator, minimumNumerator: numerator)
        }
        let summary = try fixture.render(provision: provision)
        return (try fixture.page("schools/100001.html"), summary)
    }

    @Test func receivingSupportUsesTheAggregateRunsThresholds() throws {
        let defaults = try renderSupport(parameters: nil)
        let section = try #require(renderSlice(defaults.pack, from: "<section id=\"entitlement\"", to: "</section>"))
        // 7 of 8 = 87.5%, rounded half up to 88.
        #expect(section.contains("<td class=\"num\">8</td><td class=\"num\">27</td><td class=\"num\">7</td><td class=\"num\">88</td>"))
        #expect(section.contains("7 of them are receiving support"))
        // Without report-parameters.json the defaults are used and the command is told so.
        #expect(defaults.summary.notes == [ReportParameters.missingNote])

        let strict = try renderSupport(parameters: (10, 5))
        let strictSection = try #require(renderSlice(strict.pack, from: "<section id=\"entitlement\"", to: "</section>"))
        #expect(strictSection.contains(
            "<td class=\"num\">8</td><td class=\"num\">27</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td>"))
        #expect(!strictSection.contains("<td class=\"num\">7</td>"))
        #expect(!strictSection.contains("7 of them"))
        #expect(strictSection.contains("the number receiving support is not published (c)"))
        #expect(strict.summary.notes.isEmpty)
        // "About these figures" states the run's thresholds.
        #expect(strict.pack.contains("Figures for groups of fewer than 10 pupils, or with 1 to 4 pupils meeting a standard, are suppressed"))
        #expect(defaults.pack.contains("Figures for groups of fewer than 6 pupils, or with 1 or 2 pupils meeting a standard, are suppressed"))
        // So does the key to the symbol c on the page.
        #expect(strict.pack.contains("<li>c: fewer than 10 pupils, or with 1 to 4 pupils meeting a standard, or withheld"))
        #expect(defaults.pack.contains("<li>c: fewer than 6 pupils, or with 1 or 2 pupils meeting a standard, or withheld"))
    }

    @Test func supportCountsFollowTheGivenThresholds() throws {
        // 12 entitled, 4 receiving: shown by default (12 >= 6, 4 >= 3); with 10/5, 4 is below 5 meeting: c.
        let columns = Dictionary(uniqueKeysWithValues: ProgressOutputs.pupilListColumns.enumerated().map { ($1, $0) })
        let rows = try (1...12).map { i in
            try SupportListRecord(row: TableRow(
                fields: RenderFixture.listRow(
                    urn: "1", upn: "U\(i)", forename: "F", surname: "S", entitlement: .ks1BelowExpected, sex: "Girls",
                    disadvantage: "Disadvantaged"),
                columnIndex: columns, location: SourceLocation(file: "list.csv", line: i + 1)))
        }
        let key = SupportCounts.Key(urn: "1", period: "202324", entitlement: Entitlement.ks1BelowExpected.rawValue, group: "Total")
        let provision: Set<String> = ["U1", "U2", "U3", "U4"]
        let loose = SupportCounts(list: rows, provisionUPNs: provision)
        let strict = SupportCounts(
            list: rows, provisionUPNs: provision,
            thresholds: ReportParameters(minimumDenominator: 10, minimumNumerator: 5, suppressAcrossPlaces: true))
        func published(_ counts: SupportCounts) -> PublishedValue {
            counts.published(key, entitledCount: .number(12), pairedGroup: nil, pairedEntitledCount: nil, totalEntitledCount: nil).count
        }
        #expect(published(loose) == .number(4))
        #expect(published(strict) == .symbol(.suppressed))
    }

    @Test func aggregateRecordsItsThresholdsForRender() throws {
        let output = try AggregateStageTests.aggregate(suppression: Suppression(minimumDenominator: 10, minimumNumerator: 5))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let published = output.directory.appendingPathComponent("published")
        let parameters = try #require(try ReportParameters.read(fromAggregateDirectory: published))
        #expect(parameters == ReportParameters(minimumDenominator: 10, minimumNumerator: 5, suppressAcrossPlaces: true))
        let manifest = try Manifest.read(from: published.appendingPathComponent(Manifest.fileName))
        #expect(manifest.outputs.contains(ManifestOutput(file: ReportParameters.fileName, rows: 1, restricted: false)))
        // A file with a threshold below 1 is refused, naming the file.
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("parameters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bad) }
        try Data(#"{"minimumDenominator": 0, "minimumNumerator": 3, "suppressAcrossPlaces": true}"#.utf8)
            .write(to: bad.appendingPathComponent(ReportParameters.fileName))
        #expect(throws: GapsError.self) { try ReportParameters.read(fromAggregateDirectory: bad) }
    }

    @Test func characteristicTablesShowHeadlineMeasuresGapsAndOneSentenceEach() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.writeCharacteristics()
        try fixture.render()
        let pack = try fixture.page("schools/100001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"characteristics\"", to: "</section>"))
        // The RWM gap is named, not the reading score gap that is larger as a number (a later measure): -12.4
        // rounds to 12 points below; 60% against 72.4% -> 72%; the interval -30.1 to -2.4 -> -30 to -2.
        #expect(section.contains(
            "<li>By ethnic group, the largest gap unlikely to be chance is for White pupils: their rate of reaching the "
                + "expected standard in reading, writing and maths was 12 percentage points below that of other pupils "
                + "in the local authority (60% against 72%; 95% confidence interval -30 to -2).</li>"))
        #expect(section.contains("<li>By first language, no published gap is large enough to rule out chance"))
        #expect(section.contains(
            "<li>By special educational needs provision, the gaps are not published (c): a group is too small"))
        // One table for ethnicity (White's row: pupils, %, LA gap, interval, significance, national gap ...) and one
        // for first language; SEN, every figure withheld, has none; the group with no pupils is left out.
        #expect(section.contains(
            "<th scope=\"row\">White</th><td class=\"num\">20</td><td class=\"num\">60</td><td class=\"num\">-12</td>"
                + "<td class=\"num\">-30 to -2</td><td>Yes</td><td class=\"num\">-5</td><td class=\"num\">-20 to 10</td><td>No</td>"))
        // Reading average: 104.2, gap +3.4 (1.2 to 5.6), one decimal place.
        #expect(section.contains(
            "<th scope=\"row\">White</th><td class=\"num\">20</td><td class=\"num\">104.2</td><td class=\"num\">+3.4</td>"
                + "<td class=\"num\">1.2 to 5.6</td><td>Yes</td>"))
        #expect(section.contains("Ethnicity (major group): headline measures and gaps, key stage 2, 2023/24, Alpha Primary"))
        #expect(section.contains("First language: headline measures and gaps"))
        #expect(!section.contains("Special educational needs (SEN) provision: headline measures"))
        #expect(!section.contains("Black / African"))
        // Suppressed figures are the symbol, never a number: the Asian row is c throughout against the LA, and x
        // against national figures (the file has no national row for it).
        let asian = try #require(renderSlice(section, from: "<th scope=\"row\">Asian / Asian British</th>", to: "</tr>"))
        let cells = asian.components(separatedBy: "<td").dropFirst()
        #expect(cells.count == 8)
        #expect(cells.prefix(5).allSatisfy { $0.contains(">c</td>") })
        #expect(cells.suffix(3).allSatisfy { $0.contains(">x</td>") })
        #expect(pack.contains("c: fewer than 6 pupils"))
        // The overview has the LA-wide section only when the LA has rows: here it has none.
        #expect(!(try fixture.page("index.html")).contains("id=\"la-characteristics\""))
    }

    @Test func characteristicSentencesShareWordingAndFillPatternsOnce() throws {
        // A value that itself holds a placeholder is never filled again.
        #expect(PageBuilder.filling("By {a}, {b} and {c}.", with: ["a": "{b}", "b": "x"]) == "By {b}, x and {c}.")
        let builder = try PageBuilder(
            tables: AggregateTables(
                attainment: [], gaps: [], attainmentURL: URL(fileURLWithPath: "/a"), gapsURL: URL(fileURLWithPath: "/g"),
                generated: nil, attainmentSetAside: [:], gapsSetAside: [:]),
            layout: .standard, phrases: try SentencePhrases.load(), bands: try OverviewBands.load())
        let sentences = builder.characteristicSentences([
            ("SEN provision", .nonePublished(.suppressed)), ("First language", .noSignificantGap),
            ("FSM status", .nonePublished(.suppressed)), ("Ethnicity major", .largest("Named.")),
        ])
        #expect(sentences == [
            "Named.",
            "By special educational needs provision and free school meals eligibility, the gaps are not published (c): "
                + "a group is too small to report without risk of identifying pupils.",
            "By first language, no published gap is large enough to rule out chance: every interval includes zero, often "
                + "because the groups are small.",
        ])
    }

    @Test func governorsSummaryShowsTheGapOverTheYears() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.writeTrends(schools: [(urn: "100001", name: "Alpha Primary")])
        try fixture.render()
        let governors = try fixture.page("schools/100001-governors.html")
        let section = try #require(renderSlice(governors, from: "<section id=\"trend\"", to: "</section>"))
        // writeTrends: RWM gap -22 in 2022/23, -18 in 2023/24: narrowed by 4.
        #expect(section.contains("<li>Reading, writing and maths: in 2023/24 disadvantaged pupils were 18 percentage "
            + "points below other pupils within the school. The gap narrowed by 4 percentage points since 2022/23.</li>"))
        #expect(section.contains("<svg class=\"line-chart\""))
        #expect(section.contains("role=\"img\"") && section.contains("<title") && section.contains("<desc"))
        #expect(section.contains("<caption>The disadvantage gap in reading, writing and maths by year, most recent first</caption>"))
        #expect(section.contains("<th scope=\"row\">2023/24</th><td class=\"num\">10</td><td class=\"num\">20</td>"
            + "<td class=\"num\">-18</td><td class=\"num\">-35 to -1</td>"))
        // Without trends, no trend section.
        let bare = try RenderFixture()
        defer { bare.remove() }
        try bare.writeStandard()
        try bare.render()
        #expect(!(try bare.page("schools/100001-governors.html")).contains("<section id=\"trend\""))
    }

    @Test func summaryPackLeadsWithHeadlinesAndFullPackHasEveryYear() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        let rwm = "Reading, writing and maths"
        try fixture.write(
            attainment: [
                RenderFixture.attainment("100001", name: "Alpha", subject: rwm, ["30", "20", "66.7", "6", "20", "z"]),
                RenderFixture.attainment("100001", name: "Alpha", period: "202223", subject: rwm, ["28", "18", "64.3", "5", "17.9", "z"]),
            ],
            gaps: [
                RenderFixture.gap("100001", name: "Alpha", subject: rwm, breakdown: "Disadvantage",
                                  ["10", "50", "20", "60", "-10", "-20", "0", "No", "-0.2"]),
                RenderFixture.gap("100001", name: "Alpha", subject: "Maths", indicator: "Average scaled score", breakdown: "Sex",
                                  ["15", "104", "15", "102", "2", "-1", "5", "No", "0.2"]),
                RenderFixture.gap("100001", name: "Alpha", period: "202223", subject: rwm, breakdown: "Disadvantage",
                                  ["9", "44", "19", "58", "-14", "-30", "2", "No", "-0.3"]),
            ])
        try RenderStage.run(aggregateDirectory: fixture.aggregate.path, outputDirectory: fixture.output.path)
        let summary = try fixture.page("schools/100001.html")
        // Headline gaps of the latest year in the body; its attainment tables in the appendix, last; no 2022/23
        // tables (the trends section carries earlier years); the average-score gaps only in the full pack.
        let gaps = try #require(renderSlice(summary, from: "<section id=\"gaps\"", to: "</section>"))
        #expect(gaps.contains("Expected standard gaps within the school, 2023/24"))
        #expect(!gaps.contains("Average scaled score"))
        let appendix = try #require(renderSlice(summary, from: "<section id=\"appendix\"", to: "</section>"))
        #expect(appendix.contains("<caption>Reading, writing and maths, 2023/24: Alpha</caption>"))
        #expect(summary.range(of: "id=\"appendix\"")!.lowerBound > summary.range(of: "id=\"about\"")!.lowerBound)
        #expect(summary.contains("<li><a href=\"#appendix\">Appendix: detailed tables, 2023/24</a></li>"))
        #expect(!summary.contains("2022/23: Alpha"))
        #expect(!summary.contains("Average scaled score gaps"))

        try RenderStage.run(aggregateDirectory: fixture.aggregate.path, outputDirectory: fixture.output.path, detail: .full)
        let full = try fixture.page("schools/100001.html")
        #expect(full.contains("<caption>Reading, writing and maths, 2022/23: Alpha</caption>"))
        #expect(full.contains("Average scaled score gaps within the school, 2023/24"))
        #expect(!full.contains("id=\"appendix\""))
    }

    @Test func summaryFindingsKeepTheHeadlineAndSignificantSubjects() throws {
        func record(_ subject: String, lower: String, upper: String) throws -> GapRecord {
            let fields = RenderFixture.gap("100001", name: "A", subject: subject, breakdown: "Disadvantage",
                                           ["10", "50", "20", "60", "-10", lower, upper, "No", "-0.2"])
            let columns = Dictionary(uniqueKeysWithValues: RenderFixture.gapColumns.enumerated().map { ($1, $0) })
            return try GapRecord(row: TableRow(fields: fields, columnIndex: columns, location: SourceLocation(file: "gaps.csv", line: 2)))
        }
        let kept = PageBuilder.summarySentences([
            try record("Reading, writing and maths", lower: "-20", upper: "0"),  // the headline, kept though not significant
            try record("Reading", lower: "-20", upper: "1"),  // includes zero: dropped
            try record("Maths", lower: "-20", upper: "-1"),  // excludes zero: kept
            try record("Writing", lower: "c", upper: "c"),  // withheld: dropped
        ])
        #expect(kept.map(\.subject) == ["Reading, writing and maths", "Maths"])
    }
}

@Suite struct RenderPacksDataQualityWordingTests {
    @Test func dataQualityWordingComesFromItsDataFileInOrder() throws {
        let categories = try DataQualityNotesFile.load()
        #expect(categories.map(\.category) == [
            "unknown_ethnicity", "invalid_upn", "temporary_upn", "unmatched_prior", "prior_not_assessed", "source_conflicts",
        ])
        let ethnicity = try #require(categories.first)
        #expect(ethnicity.countsPupils && ethnicity.consequence == "so gaps by ethnicity are less certain")
        #expect(categories[1].noun == "pupil rows" && !categories[1].countsPupils)
        #expect(DataQualityCategory.all.map(\.category) == categories.map(\.category))

        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("dq-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: bad) }
        try Data("category,label,what,consequence,counts_pupils,noun\nx,X,has x,so y,maybe,pupils\n".utf8).write(to: bad)
        #expect(throws: GapsError.self) { try DataQualityNotesFile.load(from: bad) }
    }
}
