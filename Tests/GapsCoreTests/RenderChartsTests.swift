import Foundation
import Testing
@testable import GapsCore

/// Attribute `name` of the elements of `svg` with class `className`, as numbers.
private func numbers(_ name: String, of className: String, in svg: String) -> [Double] {
    svgElements(withClass: className, in: svg).compactMap { $0[name].flatMap(Double.init) }
}

private func renderWithAnalysis() throws -> RenderFixture {
    let fixture = try RenderFixture()
    try fixture.writeStandard()
    try fixture.writeAnalysis(schools: RenderFixture.standardSchools)
    try fixture.render()
    return fixture
}

@Suite struct RenderChartsTests {
    // MARK: Line chart geometry

    @Test func linePointsLandAtTheirYearAndValueAndSuppressedYearsBreakTheLine() {
        // Default layout: plot 420 wide with 24 inset, 200 high. Years 2021, 2022, 2023 sit at 24, 24 + 372/2 = 210
        // and 396. On 0-100 a value v is at y = 200 - 2v: 50 -> 100, 80 -> 40, 20 -> 160, 40 -> 120, 60 -> 80.
        let categories = [
            LineChartCategory(label: "2021/22", position: 2021), LineChartCategory(label: "2022/23", position: 2022),
            LineChartCategory(label: "2023/24", position: 2023),
        ]
        let layout = LineChartLayout.standard
        let scale = GapChartScale(lower: 0, upper: 100, step: 20, plotWidth: layout.plotHeight)
        #expect(LineChart.xPositions(categories, layout: layout) == [24, 210, 396])
        #expect(LineChart.y(50, scale: scale, layout: layout) == 100)
        let svg = LineChart.svg(
            id: "t", title: "Trend chart", description: "desc", valueAxisTitle: "%", categories: categories,
            series: [
                LineChartSeries(label: "A", colour: "#0072B2", marker: .circle, values: [50, nil, 80]),
                LineChartSeries(label: "B", colour: "#D55E00", marker: .square, values: [20, 40, 60]),
            ],
            scale: scale, layout: layout)
        // Series A: its middle year is suppressed, so two markers and no segment at all.
        #expect(numbers("cx", of: "point", in: svg) == [24, 396])
        #expect(numbers("cy", of: "point", in: svg) == [100, 40])
        // Series B: squares 8 wide centred on their points, joined by two segments.
        #expect(numbers("x", of: "point", in: svg) == [20, 206, 392])
        #expect(numbers("y", of: "point", in: svg) == [156, 116, 76])
        let segments = svgElements(withClass: "segment", in: svg)
        #expect(segments.count == 2)
        #expect(segments.map { [$0["x1"], $0["y1"], $0["x2"], $0["y2"]] } == [
            ["24", "160", "210", "120"], ["210", "120", "396", "80"],
        ])
        #expect(svg.contains("role=\"img\"") && svg.contains("<title id=\"t-title\">Trend chart</title>")
            && svg.contains("<desc id=\"t-desc\">desc</desc>"))
        // The legend names both series, with a marker that is not counted as a data point.
        #expect(svg.contains(">A</text>") && svg.contains(">B</text>"))
        #expect(svgElements(withClass: "legend-marker", in: svg).count == 2)
    }

    @Test func yearsWithoutAssessmentBetweenThemAreNotJoined() {
        // 2018/19 and 2021/22 both published: three years apart (no KS2 in 2019/20 and 2020/21), so no segment.
        let categories = [LineChartCategory(label: "2018/19", position: 2018), LineChartCategory(label: "2021/22", position: 2021)]
        let layout = LineChartLayout.standard
        let svg = LineChart.svg(
            id: "t", title: "Trend chart", description: "d", valueAxisTitle: "%", categories: categories,
            series: [LineChartSeries(label: "A", colour: "#0072B2", marker: .circle, values: [50, 60])],
            scale: GapChartScale(lower: 0, upper: 100, step: 20, plotWidth: layout.plotHeight), layout: layout)
        #expect(svgElements(withClass: "segment", in: svg).isEmpty)
        #expect(svgElements(withClass: "point", in: svg).count == 2)
    }

    @Test func aNegativeScaleDrawsItsZeroLine() {
        let layout = LineChartLayout.standard
        // -40 to 20 over 200: zero is 2/3 of the way down from 20, at y = 200 - (40/60) * 200 = 66.67.
        let scale = GapChartScale(lower: -40, upper: 20, step: 20, plotWidth: layout.plotHeight)
        let svg = LineChart.svg(
            id: "g", title: "Gap chart", description: "d", valueAxisTitle: "Gap",
            categories: [LineChartCategory(label: "2023/24", position: 2023)],
            series: [LineChartSeries(label: "A", colour: "#0072B2", marker: .circle, values: [-10])], scale: scale,
            layout: layout)
        #expect(svgElements(withClass: "zero", in: svg).first?["y1"] == "66.67")
        // One year sits in the middle of the plot: x = 210; -10 is at 200 - (30/60) * 200 = 100.
        #expect(numbers("cx", of: "point", in: svg) == [210])
        #expect(numbers("cy", of: "point", in: svg) == [100])
    }

    // MARK: Box plot geometry

    @Test func boxEdgesSitAtTheQuartilesAndWhiskersAtTheTenthAndNinetiethPercentiles() {
        // 80 to 120 over 400: x = (v - 80) x 10. p10 90 -> 100, p25 95 -> 150, median 100 -> 200, p75 105 -> 250,
        // p90 112 -> 320. First row centre: subject heading 20 + row 24 / 2 = 32; box half-height 0.3 x 24 = 7.2.
        let layout = GapChartLayout(plotWidth: 400)
        let svg = BoxPlotChart.svg(
            id: "b", title: "Scores chart", description: "d", axisTitle: "Scaled score",
            groups: [BoxPlotGroup(heading: "Reading", rows: [
                BoxPlotRow(label: "Others", colour: "#0072B2",
                           summary: BoxPlotSummary(p10: 90, p25: 95, median: 100, p75: 105, p90: 112), symbol: nil,
                           valueText: "median 100"),
                BoxPlotRow(label: "Disadvantaged", colour: "#D55E00", summary: nil, symbol: "c", valueText: "c (suppressed)"),
            ])],
            scale: BoxPlotChart.scaledScoreScale(plotWidth: 400), reference: 100, layout: layout)
        let box = svgElements(withClass: "box", in: svg).first
        #expect(svgElements(withClass: "box", in: svg).count == 1)
        #expect(box?["x"] == "150" && box?["width"] == "100")
        #expect(box?["y"] == "24.8" && box?["height"] == "14.4")
        #expect(svgElements(withClass: "median", in: svg).first?["x1"] == "200")
        let whisker = svgElements(withClass: "whisker", in: svg).first
        #expect(whisker?["x1"] == "100" && whisker?["x2"] == "320" && whisker?["y1"] == "32")
        #expect(numbers("x1", of: "cap", in: svg) == [100, 320])
        #expect(svgElements(withClass: "reference", in: svg).first?["x1"] == "200")
        // The suppressed group keeps its labelled row with its symbol and no number.
        #expect(svg.contains("<text class=\"withheld\" x=\"6\" y=\"60\" font-style=\"italic\">c</text>"))
        #expect(svg.contains(">Disadvantaged</text>") && svg.contains(">c (suppressed)</text>"))
    }

    // MARK: Sentences

    @Test func trendSentenceComparesTheFirstAndLatestPublishedYears() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let builder = try PageBuilder(
            tables: try AggregateTables.load(from: fixture.aggregate), layout: .standard,
            phrases: try SentencePhrases.load(), bands: try OverviewBands.load())
        func record(_ period: String, _ gap: PublishedValue) -> TrendRecord {
            TrendRecord(
                timePeriod: period, place: .school(urn: "100001"), subject: "Reading, writing and maths",
                disadvantage: "Disadvantaged", pupilCount: .number(10), expectedCount: .number(4),
                expectedPercent: .number(40), gap: gap, gapLower: .number(-40), gapUpper: .number(-1), rollingYears: "x",
                rollingPupilCount: .symbol(.notAvailable), rollingExpectedPercent: .symbol(.notAvailable),
                rollingGap: .symbol(.notAvailable), rollingGapLower: .symbol(.notAvailable),
                rollingGapUpper: .symbol(.notAvailable))
        }
        // -22.4 rounds to -22 and -17.5 to -18 (half up in size): narrowed by 4, compared with the first year with
        // a gap (2018/19), not the suppressed 2021/22.
        let sentence = builder.trendSentence(
            subject: "Reading, writing and maths",
            gaps: [record("201819", .number(-22.4)), record("202122", .symbol(.suppressed)), record("202324", .number(-17.5))],
            comparator: "Within school")
        #expect(sentence == "Reading, writing and maths: in 2023/24 disadvantaged pupils were 18 percentage points "
            + "below other pupils within the school. The gap narrowed by 4 percentage points since 2018/19.")
        // A suppressed latest year gives its reason and no figure.
        let withheld = builder.trendSentence(
            subject: "Maths", gaps: [record("202223", .number(-10)), record("202324", .symbol(.suppressed))],
            comparator: "Within school")
        #expect(withheld == "Maths: the 2023/24 gap is not published (c): a group is too small to report without risk of identifying pupils.")
    }

    @Test func lowAttainingSentenceCombinesOnlyPublishedFigures() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.writeLowAttaining(schools: RenderFixture.standardSchools)
        var tables = try AggregateTables.load(from: fixture.aggregate)
        tables.analysis = try AnalysisTables.load(from: fixture.aggregate)
        let builder = try PageBuilder(
            tables: tables, layout: .standard, phrases: try SentencePhrases.load(), bands: try OverviewBands.load())
        let quintiles = try #require(tables.analysis.lowAttaining?.records.filter { $0.geography.schoolURN.isEmpty })
        // Quintiles 4 and 5 are c, so the upper three cannot be summed; the total less quintiles 1 and 2 can:
        // 23 - 10 - 8 = 5, and 5 / 23 = 21.7% -> 22%.
        #expect(builder.lowAttainingSentence(quintiles, authority: "Exampleshire", subject: "reading, writing and maths")
            == "5 of Exampleshire's 23 low-attaining disadvantaged pupils (22%) are in schools that are not "
            + "low-attaining overall (quintiles 3 to 5 of the LA's schools by attainment).")
        // With quintile 2 withheld as well, nothing may be combined.
        let hidden = quintiles.map { record -> LowAttainingRecord in
            var copy = record
            if copy.quintile == "Quintile 2" { copy.count = .symbol(.suppressed) }
            return copy
        }
        let sentence = builder.lowAttainingSentence(hidden, authority: "Exampleshire", subject: "reading, writing and maths")
        #expect(sentence.hasPrefix("Exampleshire has 23 low-attaining disadvantaged pupils"))
        #expect(sentence.contains("cannot be given"))
    }

    @Test func dataQualityNotesExplainEachCountAndWordSmallOnesAsFewerThanThree() throws {
        let fixture = try renderWithAnalysis()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/100001.html")
        // 6 of 50 = 12%.
        #expect(pack.contains("<li>12% of pupils (6) have no recorded ethnicity (not obtained, refused or an "
            + "unrecognised code), so gaps by ethnicity are less certain.</li>"))
        #expect(pack.contains("<li>Fewer than 3 pupil rows have a UPN that fails its check letter and were rejected, "
            + "so those pupils are in no figure.</li>"))
        // 4 rows for one reason and a withheld count for another: "more than 4".
        #expect(pack.contains("<li>More than 4 rows were rejected (reasons in the table)"))
        // Zero counts get no note; the LA, with nothing wrong, gets the reassuring one.
        #expect(!pack.contains("temporary UPN (ending in a letter), so"))
        let index = try fixture.page("index.html")
        #expect(index.contains("<li>No data-quality problems were found"))
        // The overview lists each school's counts; a reason withheld as c makes the rejected total c, not a sum.
        #expect(index.contains(
            "<tr><th scope=\"row\"><a href=\"schools/100001.html\">Alpha Primary</a></th><td class=\"num\">50</td><td class=\"num\">6</td><td class=\"num symbol\">c</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num symbol\">c</td></tr>"))
        // The pack lists only the reasons with rejects.
        #expect(pack.contains("Rows rejected: result: unknown measure") && !pack.contains("Rows rejected: result: unreadable year"))
    }

    // MARK: Pages

    @Test func evidencePackHasTrendsDistributionsAndDataQualityWithChartsAndTables() throws {
        let fixture = try renderWithAnalysis()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/100001.html")
        for id in ["trends", "distributions", "data-quality"] {
            #expect(pack.contains("<section id=\"\(id)\" class=\"document-section\""), "\(id)")
            #expect(pack.contains("<li><a href=\"#\(id)\">"), "contents link to \(id)")
        }
        #expect(pack.contains("<li>Reading, writing and maths: in 2023/24 disadvantaged pupils were 18 percentage points "
            + "below other pupils within the school. The gap narrowed by 4 percentage points since 2022/23.</li>"))
        // The subject whose latest gap is withheld gets its reason and no figure.
        #expect(pack.contains("<li>The 2023/24 disadvantage gap in maths is not published (c): a group is too small"))

        // The gap chart: RWM has two years joined by one segment; maths only its 2022/23 point (2023/24 is c).
        let trends = try #require(renderSlice(pack, from: "<section id=\"trends\"", to: "</section>"))
        let gapChart = try #require(renderSlice(trends, from: "<svg", to: "</svg>", after: "Disadvantage gap by subject</h3>"))
        #expect(svgElements(withClass: "segment", in: gapChart).count == 1)
        #expect(svgElements(withClass: "point", in: gapChart).count == 3)
        #expect(gapChart.contains("3 points drawn; 1 not drawn because suppressed"))
        // Its table: the suppressed maths year shows c in the gap and interval columns, never a number.
        #expect(trends.contains(
            "<tr><th scope=\"row\">2023/24</th><td class=\"num\">10</td><td class=\"num symbol\">x</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td>"))
        // No rolling gap is published for the school, so the table has no rolling columns (they would all be x).
        #expect(trends.contains("<tr class=\"rowgroup\"><th scope=\"rowgroup\" colspan=\"5\">Maths</th></tr>"))
        #expect(!trends.contains("Three-year rolling gap"))

        // Distributions: three boxes (others, boys, girls); the disadvantaged row shows c, in chart and table.
        let distributions = try #require(renderSlice(pack, from: "<section id=\"distributions\"", to: "</section>"))
        let byDisadvantage = try #require(renderSlice(distributions, from: "<svg", to: "</svg>"))
        #expect(svgElements(withClass: "box", in: byDisadvantage).count == 1)
        #expect(byDisadvantage.contains(">c</text>") && byDisadvantage.contains(">c (suppressed)</text>"))
        #expect(svgElements(withClass: "box", in: distributions).count == 3)
        #expect(distributions.contains(
            "<tr><th scope=\"row\">Disadvantaged pupils</th><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td>"))
        // Medians in words where both are published (boys 99, girls 103); none for disadvantage (one side is c).
        #expect(distributions.contains("<li>Reading: the median scaled score of boys was 99, against 103 for girls.</li>"))
        #expect(!distributions.contains("median scaled score of disadvantaged"))
        // The ethnicity row was set aside, not drawn: no "Asian" anywhere in the section.
        #expect(!distributions.contains("Asian"))
        // The page's key explains c.
        #expect(pack.contains("<li>c: fewer than 6 pupils"))
        // Every chart here is inside a figure, which the print stylesheet keeps whole.
        #expect(pack.contains("tr, figure, svg, .findings li { break-inside: avoid; page-break-inside: avoid; }"))
    }

    @Test func overviewShowsWhereLowAttainingPupilsAreAndWhichSchoolsBuckTheTrend() throws {
        let fixture = try renderWithAnalysis()
        defer { fixture.remove() }
        let index = try fixture.page("index.html")
        for id in ["la-low-attaining", "la-bucking", "la-trends", "la-distributions", "la-data-quality"] {
            #expect(index.contains("<section id=\"\(id)\" class=\"document-section\""), "\(id)")
        }
        #expect(index.contains("<li>5 of Exampleshire&#39;s 23 low-attaining disadvantaged pupils (22%) are in schools"))
        #expect(index.contains(
            "<tr><th scope=\"row\">Quintile 4</th><td class=\"num\">1</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td></tr>"))
        #expect(index.contains(
            "<tr><th scope=\"row\"><a href=\"schools/100001.html\">Alpha Primary</a></th><td>Quintile 1 (lowest attaining schools)</td>"))

        // Bucking the trend: Alpha ranks first at -5 (-15 to 5), raw -2 (-32 to 28); the hostile-named school is
        // suppressed, so not drawn, listed by name (escaped) and shown as c.
        let bucking = try #require(renderSlice(index, from: "<section id=\"la-bucking\"", to: "</section>"))
        let svg = try #require(renderSlice(bucking, from: "<svg", to: "</svg>"))
        #expect(svgElements(withClass: "estimate", in: svg).count == 1)
        #expect(svg.contains(">1. Alpha Primary</text>") && svg.contains(">-5 (-15 to 5)</text>"))
        #expect(bucking.contains(
            "<td class=\"num\">1</td><td class=\"num\">12</td><td class=\"num\">18</td><td class=\"num\">-5</td><td class=\"num\">-15 to 5</td><td class=\"num\">-2</td><td class=\"num\">-32 to 28</td><td class=\"num\">0.15</td>"))
        #expect(bucking.contains("Not drawn in the chart: \(RenderFixture.escapedMaliciousName): suppressed (c)."))
        #expect(bucking.contains("<li>Disadvantaged pupils against other pupils: across 2 schools the LA&#39;s mean gap in "
            + "reading, writing and maths was -12 percentage points. Alpha Primary ranks first, at -5 after shrinking toward that mean.</li>"))

        // The LA's trends add the rolling gap where the table has it.
        #expect(index.contains("Pooled over 2021/22, 2022/23, 2023/24, the gap was -20 percentage points "
            + "(95% confidence interval -30 to -10).</li>"))
        let laTrends = try #require(renderSlice(index, from: "<section id=\"la-trends\"", to: "</section>"))
        #expect(laTrends.contains("Reading, writing and maths, three-year rolling</text>"))
        #expect(laTrends.contains("<th scope=\"col\" class=\"num\">Three-year rolling gap</th>"))
    }

    @Test func manifestRecordsTheNewInputsAndTheirRows() throws {
        let fixture = try renderWithAnalysis()
        defer { fixture.remove() }
        let manifest = try Manifest.read(from: fixture.output.appendingPathComponent("manifest.json"))
        #expect(manifest.inputs.map { URL(fileURLWithPath: $0.path).lastPathComponent } == [
            "attainment.csv", "gaps.csv", "trends.csv", "distributions.csv", "low-attaining-disadvantaged.csv",
            "bucking-the-trend.csv", "data-quality-summary.csv",
        ])
        // Distributions: 6 rows per place x 3 places; the ethnicity row of each is set aside.
        let distributions = try #require(manifest.inputs[3].counts["distributions"])
        #expect(distributions.read == 18 && distributions.written == 15 && distributions.isBalanced)
    }

    @Test func newSectionsAreAccessible() throws {
        let fixture = try renderWithAnalysis()
        defer { fixture.remove() }
        for file in ["index.html", "schools/100001.html", "schools/100002.html"] {
            let html = try fixture.page(file)
            let tags = htmlTags(html)
            for (index, tag) in tags.enumerated() {
                if tag.name == "table" { #expect(tags[index + 1].name == "caption", "\(file)") }
                if tag.name == "th" {
                    #expect(tag.text.contains("scope=\"col\"") || tag.text.contains("scope=\"row\"")
                        || tag.text.contains("scope=\"rowgroup\""), "\(file): <\(tag.text)>")
                }
                if tag.name == "svg" {
                    #expect(tag.text.contains(" role=\"img\"") && tag.text.contains(" aria-label=\""), "\(file)")
                    #expect(tags[index + 1].name == "title" && tags[index + 3].name == "desc", "\(file)")
                }
            }
            let ids = html.components(separatedBy: " id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(Set(ids).count == ids.count, "\(file): duplicate ids")
            let levels = tags.compactMap { tag -> Int? in
                guard tag.name.count == 2, tag.name.first == "h", let level = Int(tag.name.suffix(1)) else { return nil }
                return level
            }
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "\(file): h\(previous) followed by h\(next)")
            }
        }
    }

    // MARK: Publishing data-quality counts

    @Test func aggregatePublishesDataQualityCountsWithSmallCountsWithheld() throws {
        func row(_ level: String, _ urn: String, _ category: String, _ count: Int, detail: String = "") -> DataQualitySummaryRow {
            DataQualitySummaryRow(
                geographicLevel: level, la: "888", schoolURN: urn, schoolLAEstab: urn.isEmpty ? "" : "8882001",
                schoolName: urn.isEmpty ? "" : "School \(urn)", category: category, detail: detail, count: count)
        }
        let rows = [
            row("Local authority", "", "pupils", 44), row("Local authority", "", "unknown_ethnicity", 3),
            // A school of 4 pupils: every count withheld, even a zero, since any of them could be a pupil's.
            row("School", "1", "pupils", 4), row("School", "1", "unknown_ethnicity", 0),
            // 40 pupils: 2 withheld (below 3), 0 and 7 shown.
            row("School", "2", "pupils", 40), row("School", "2", "unknown_ethnicity", 2), row("School", "2", "invalid_upn", 0),
            row("School", "2", "rejected", 7, detail: "result: unknown measure"),
        ]
        let published = PublishedDataQuality.rows(rows, suppression: Suppression(), lookup: try LocalAuthorityLookup.shipped())
        // Secondary suppression: school 1's 4 pupils would be the LA's 44 minus school 2's 40, so school 2's pupil
        // count is withheld too. Unknown ethnicity already has both schools withheld (0 by size, 2 below 3): the LA's
        // 3 gives neither away.
        #expect(published.map(\.last) == ["44", "3", "c", "c", "c", "c", "0", "7"])
        // The LA's GSS code and name come from the shipped lookup: 888 is Lancashire, E10000017.
        #expect(published[0].prefix(4) == ["Local authority", "888", "E10000017", "Lancashire"])
        #expect(published[7][7...] == ["rejected", "result: unknown measure", "7"])
    }
}
