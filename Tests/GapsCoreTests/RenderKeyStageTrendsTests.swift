import Foundation
import Testing
@testable import GapsCore

/// The KS1 and KS4 rows of `trends.csv` drawn by the trends section code that draws KS2 (a primary pack's KS1 trends,
/// a secondary pack's KS4 trends by subject, the LA overview's KS1 and KS4 trends), and the LA's KS4 disadvantage gap
/// index in the overview. Figures are chosen by hand; the expected text is worked from them in comments.
@Suite struct RenderKeyStageTrendsTests {
    static let trendColumns = ["key_stage"] + RenderFixture.trendColumns

    /// A `trends.csv` row; `values` are pupils, expected count, expected %, gap, lower, upper, rolling years, rolling
    /// pupils, rolling count, rolling %, rolling gap, rolling lower, rolling upper.
    static func trend(
        _ urn: String?, name: String = "", period: String, keyStage: String, subject: String, group: String,
        _ values: [String]
    ) -> [String] {
        RenderFixture.geography(urn, name: name, period: period, laName: RenderFixture.laName)
            + [keyStage, subject, group] + values
    }

    static let noRolling = ["x", "x", "x", "x", "z", "z", "z"]

    /// KS1 at `urn` (nil: the LA), 2022/23 and 2023/24.
    /// Reading, writing and maths: disadvantaged 4 of 10 (40%) then 5 of 10 (50%); others 13 of 20 (65%) then 14 of
    /// 20 (70%); gap 40 - 65 = -25 (-41 to -6), then 50 - 70 = -20 (-36 to -3): narrowed by 25 - 20 = 5 points.
    /// Reading: the 2022/23 gap -10 (-30 to 10); the 2023/24 disadvantaged figures and gap withheld (`c`).
    static func keyStage1Rows(_ urn: String?, name: String = "") -> [[String]] {
        let ks1 = "Key stage 1", rwm = "Reading, writing and maths"
        func row(_ period: String, _ subject: String, _ group: String, _ values: [String]) -> [String] {
            trend(urn, name: name, period: period, keyStage: ks1, subject: subject, group: group, values)
        }
        let z = ["z", "z", "z"]
        return [
            row("202223", rwm, "Total", ["30", "17", "56.666666666666664"] + z + ["x"] + noRolling.dropFirst()),
            row("202223", rwm, "Disadvantaged", ["10", "4", "40", "-25", "-41", "-6"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("202223", rwm, "Not known to be disadvantaged", ["20", "13", "65"] + z + ["x"] + noRolling.dropFirst()),
            row("202324", rwm, "Total", ["30", "19", "63.333333333333336"] + z + ["x"] + noRolling.dropFirst()),
            row("202324", rwm, "Disadvantaged", ["10", "5", "50", "-20", "-36", "-3"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("202324", rwm, "Not known to be disadvantaged", ["20", "14", "70"] + z + ["x"] + noRolling.dropFirst()),
            row("202223", "Reading", "Disadvantaged", ["10", "6", "60", "-10", "-30", "10"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("202223", "Reading", "Not known to be disadvantaged", ["20", "14", "70"] + z + ["x"] + noRolling.dropFirst()),
            row("202324", "Reading", "Disadvantaged", ["c", "c", "c", "c", "c", "c"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("202324", "Reading", "Not known to be disadvantaged", ["20", "15", "75"] + z + ["x"] + noRolling.dropFirst()),
        ]
    }

    /// KS4 at school 191001, 2023/24 only (a single year). English and maths: all 40 of 100 (40%), disadvantaged 6 of
    /// 30 (20%), others 34 of 70 (48.57%, shown 49); gap 20 - 48.57 = -28.57, shown -29 (-45.1 to -8.2, shown -45 to
    /// -8). Maths: the disadvantaged figures and gap withheld (`c`).
    static func keyStage4SchoolRows(name: String) -> [[String]] {
        func row(_ subject: String, _ group: String, _ values: [String]) -> [String] {
            trend("191001", name: name, period: "202324", keyStage: "Key stage 4", subject: subject, group: group, values)
        }
        let z = ["z", "z", "z"]
        return [
            row("English and maths", "Total", ["100", "40", "40"] + z + ["x"] + noRolling.dropFirst()),
            row("English and maths", "Disadvantaged", ["30", "6", "20", "-28.571428571428573", "-45.1", "-8.2"]
                + noRolling.prefix(4) + ["x", "x", "x"]),
            row("English and maths", "Not known to be disadvantaged", ["70", "34", "48.57142857142857"] + z + ["x"]
                + noRolling.dropFirst()),
            row("Maths", "Disadvantaged", ["30", "c", "c", "c", "c", "c"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("Maths", "Not known to be disadvantaged", ["70", "40", "57.142857142857146"] + z + ["x"] + noRolling.dropFirst()),
        ]
    }

    /// KS4 for the LA, 2022/23 and 2023/24. English and maths: disadvantaged 27 of 90 (30%) then 36 of 90 (40%);
    /// others 126 of 210 (60%) then 55.4%; gap 30 - 60 = -30 (-40 to -20), then 40 - 55.4 = -15.4, shown -15 (-27 to
    /// -4): narrowed by 30 - 15 = 15 points. The 2023/24 rolling gap -22.2 (-30 to -14.6), shown -22 (-30 to -15);
    /// disadvantaged rolling 35%, others 57.2% (shown 57).
    static let authorityKeyStage4Rows: [[String]] = {
        func row(_ period: String, _ group: String, _ values: [String]) -> [String] {
            trend(nil, period: period, keyStage: "Key stage 4", subject: "English and maths", group: group, values)
        }
        let z = ["z", "z", "z"]
        let years = "2018/19, 2022/23, 2023/24"
        return [
            row("202223", "Total", ["300", "153", "51"] + z + ["x"] + noRolling.dropFirst()),
            row("202223", "Disadvantaged", ["90", "27", "30", "-30", "-40", "-20"] + noRolling.prefix(4) + ["x", "x", "x"]),
            row("202223", "Not known to be disadvantaged", ["210", "126", "60"] + z + ["x"] + noRolling.dropFirst()),
            row("202324", "Total", ["300", "152", "50.666666666666664"] + z + [years, "900", "c", "c", "z", "z", "z"]),
            row("202324", "Disadvantaged", ["90", "36", "40", "-15.4", "-27", "-4", years, "270", "94", "35", "-22.2",
                                            "-30", "-14.6"]),
            row("202324", "Not known to be disadvantaged", ["210", "116", "55.4"] + z + [years, "630", "360", "57.2",
                                                                                        "z", "z", "z"]),
        ]
    }()

    static let gapIndexColumns = [
        "ranked_on", "comparator", "pupil_count", "disadvantaged_count", "excluded_pupil_count", "gap_index",
    ]

    /// The LA's KS4 index: 2023/24 290 pupils ranked, 88 disadvantaged, 10 not ranked, 3.456 (shown 3.46); 2022/23
    /// withheld (`c` throughout). A KS2 LA row (7.77), which the KS2 section shows, and the school's own KS4 index 4.449
    /// (shown 4.45; its excluded count 2 is withheld).
    func writeGapIndex(_ fixture: RenderFixture, schoolName: String) throws {
        let ks4 = "Mean of KS4 English and maths grades", ks2 = "Mean of KS2 reading and maths scaled scores"
        let la = { (period: String) in RenderFixture.geography(nil, name: "", period: period, laName: RenderFixture.laName) }
        try fixture.writeTable("gap-index.csv", columns: Self.gapIndexColumns, rows: [
            la("202324") + [ks2, "Within local authority", "120", "40", "0", "7.77"],
            la("202223") + [ks4, "Within local authority", "c", "c", "c", "c"],
            la("202324") + [ks4, "Within local authority", "290", "88", "10", "3.456"],
            RenderFixture.geography("191001", name: schoolName, period: "202324", laName: RenderFixture.laName)
                + [ks4, "Within school", "95", "28", "c", "4.449"],
        ])
    }

    func section(_ page: String, _ id: String) throws -> String {
        try #require(renderSlice(page, from: "<section id=\"\(id)\"", to: "</section>"))
    }

    @Test func primaryPackShowsKeyStageOneTrendsBesideKeyStageTwo() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.writeTrends(schools: [(urn: "100001", name: "Alpha Primary")])
        // The KS2 rows as the current aggregate stage writes them (with `key_stage`), then KS1's.
        let ks2 = try CSVReader(path: fixture.aggregate.appendingPathComponent("trends.csv").path).readAll().dropFirst()
            .map { record in
                var fields = record.fields
                fields.insert("Key stage 2", at: RenderFixture.geographyColumns.count)
                return fields
            }
        try fixture.writeTable(
            "trends.csv", columns: Self.trendColumns,
            rows: ks2 + Self.keyStage1Rows("100001", name: "Alpha Primary") + Self.keyStage1Rows(nil))
        try fixture.render()

        let pack = try fixture.page("schools/100001.html")
        let ks1 = try section(pack, "ks1-trends")
        #expect(ks1.contains("<h2>Key stage 1: trends</h2>") || ks1.contains(">Key stage 1: trends<"))
        #expect(ks1.contains("Reading, writing and maths: percentage reaching the expected standard by year, Alpha Primary"))
        #expect(ks1.contains("2022/23") && ks1.contains("2023/24"))
        // The rates table, most recent first: 2023/24 disadvantaged 10 pupils 50%, others 20 pupils 70%.
        #expect(ks1.contains("<th scope=\"row\">2023/24</th><td class=\"num\">10</td><td class=\"num\">50</td><td class=\"num\">20</td><td class=\"num\">70</td>"))
        #expect(ks1.contains("<td class=\"num\">-25</td><td class=\"num\">-41 to -6</td>"))
        #expect(ks1.contains(
            "Reading, writing and maths: in 2023/24 disadvantaged pupils were 20 percentage points below other pupils "
                + "within the school. The gap narrowed by 5 percentage points since 2022/23."))
        // Reading's 2023/24 gap is withheld: its symbol, never a figure worked from 75% and the other columns.
        #expect(ks1.contains("The 2023/24 disadvantage gap in reading is not published (c)"))
        #expect(ks1.contains("<td class=\"num symbol\">c</td>"))
        #expect(!ks1.contains("Reading: in 2023/24"))
        // The KS2 section still shows KS2 (-18 in 2023/24) and none of KS1's figures.
        let ks2Section = try section(pack, "trends")
        #expect(ks2Section.contains("disadvantaged pupils were 18 percentage points below other pupils within the school"))
        #expect(!ks2Section.contains("20 percentage points below"))
        // KS1 comes after KS2.
        #expect(try #require(pack.range(of: "<section id=\"trends\"")).lowerBound
            < #require(pack.range(of: "<section id=\"ks1-trends\"")).lowerBound)

        let overview = try fixture.page("index.html")
        let laKS1 = try section(overview, "la-ks1-trends")
        #expect(laKS1.contains("Exampleshire: key stage 1 trends"))
        #expect(laKS1.contains(
            "Reading, writing and maths: in 2023/24 disadvantaged pupils were 20 percentage points below other pupils "
                + "across the local authority."))
        // No KS4 rows and no gap-index file: neither KS4 section.
        #expect(!overview.contains("id=\"la-ks4-trends\"") && !overview.contains("id=\"la-ks4-gap-index\""))
    }

    @Test func secondaryPackShowsKeyStageFourTrendsBySubjectInASingleYear() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        let name = RenderFixture.maliciousName
        try fixture.writeStandardSecondary(name: name)
        try fixture.writeTable("trends.csv", columns: Self.trendColumns, rows: Self.keyStage4SchoolRows(name: name))
        try writeGapIndex(fixture, schoolName: name)
        try fixture.render()

        let pack = try fixture.page("schools/191001.html")
        let ks4 = try section(pack, "ks4-subject-trends")
        #expect(ks4.contains(">Key stage 4: trends by subject<"))
        // A single year: drawn as the KS2 section draws one (the chart's one point and its table), worded "over 2023/24".
        #expect(ks4.contains("How the share of pupils achieving grade 4 or above, and the gap between disadvantaged and "
            + "other pupils, moved over 2023/24."))
        #expect(ks4.contains(">English and maths: achieving grade 4 or above<"))
        #expect(ks4.contains("<svg"))
        // Disadvantaged 30 pupils 20%, others 70 pupils 49%, all 100 pupils 40%; the gap -29 (-45 to -8).
        #expect(ks4.contains("<th scope=\"row\">2023/24</th><td class=\"num\">30</td><td class=\"num\">20</td><td class=\"num\">70</td><td class=\"num\">49</td><td class=\"num\">100</td><td class=\"num\">40</td>"))
        #expect(ks4.contains("<td class=\"num\">-29</td><td class=\"num\">-45 to -8</td>"))
        #expect(ks4.contains(
            "English and maths: in 2023/24 disadvantaged pupils were 29 percentage points below other pupils within the "
                + "school."))
        #expect(ks4.contains("The 2023/24 disadvantage gap in maths is not published (c)"))
        #expect(ks4.contains("<td class=\"num symbol\">c</td>"))
        // The hostile school name is escaped in the titles, captions and SVG, and never appears raw on the page.
        #expect(ks4.contains("Disadvantage gap in achieving grade 4 or above by year and subject, "
            + RenderFixture.escapedMaliciousName))
        #expect(!pack.contains(RenderFixture.maliciousName))
        // The school's own KS4 index keeps the school's wording (4.449 shown 4.45).
        #expect(pack.contains("Disadvantage gap index within the school: 4.45, ranking the 95 pupils"))
        #expect(!pack.contains("across the local authority, 2023/24"))
    }

    @Test func overviewShowsTheAuthoritysKeyStageFourTrendsAndGapIndex() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.writeStandardSecondary(keyStage2: true)
        try fixture.writeTable(
            "trends.csv", columns: Self.trendColumns,
            rows: Self.keyStage4SchoolRows(name: RenderFixture.northgate) + Self.authorityKeyStage4Rows)
        try writeGapIndex(fixture, schoolName: RenderFixture.northgate)
        try fixture.render()

        let overview = try fixture.page("index.html")
        let trends = try section(overview, "la-ks4-trends")
        #expect(trends.contains(">Exampleshire: key stage 4 trends<"))
        #expect(trends.contains(
            "English and maths: in 2023/24 disadvantaged pupils were 15 percentage points below other pupils across the "
                + "local authority. The gap narrowed by 15 percentage points since 2022/23. Pooled over 2018/19, 2022/23, "
                + "2023/24, the gap was -22 percentage points (95% confidence interval -30 to -15)."))
        #expect(trends.contains("<th scope=\"row\">2022/23</th><td class=\"num\">90</td><td class=\"num\">30</td><td class=\"num\">210</td><td class=\"num\">60</td>"))
        // The pooled all-pupils count is withheld (c) in the file; the rolling columns show what is published.
        #expect(trends.contains("<td class=\"num\">35</td><td class=\"num\">57</td>"))
        // The school's row is not the LA's.
        #expect(!trends.contains("29 percentage points"))
        #expect(!overview.contains("id=\"la-ks1-trends\""))

        let index = try section(overview, "la-ks4-gap-index")
        #expect(index.contains(">Exampleshire: key stage 4 disadvantage gap index<"))
        #expect(index.contains(
            "Disadvantage gap index across the local authority, 2023/24: 3.46, ranking the 290 key stage 4 pupils with "
                + "both an English and a maths grade on their mean grade (88 of them disadvantaged)."))
        #expect(index.contains("It ranks the local authority&#39;s pupils together")
            || index.contains("It ranks the local authority&#x27;s pupils together")
            || index.contains("It ranks the local authority's pupils together"))
        #expect(index.contains("Pupils in the English or maths cohort without both grades are not ranked: 10."))
        #expect(index.contains("<th scope=\"row\">2023/24</th><td class=\"num\">290</td><td class=\"num\">88</td><td class=\"num\">10</td><td class=\"num\">3.46</td>"))
        // 2022/23 is withheld: four symbols, no figure.
        #expect(index.contains("<th scope=\"row\">2022/23</th>" + String(repeating: "<td class=\"num symbol\">c</td>", count: 4)))
        // Neither the KS2 index nor the school's own is the LA's.
        #expect(!index.contains("7.77") && !index.contains("4.45"))
    }

    @Test func authorityGapIndexSaysWhenTheLatestIsWithheld() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let la = RenderFixture.geography(nil, name: "", period: "202324", laName: RenderFixture.laName)
        try fixture.writeTable("gap-index.csv", columns: Self.gapIndexColumns, rows: [
            la + ["Mean of KS4 English and maths grades", "Within local authority", "40", "c", "0", "c"],
        ])
        try fixture.render()

        let index = try section(try fixture.page("index.html"), "la-ks4-gap-index")
        #expect(index.contains(
            "The 2023/24 disadvantage gap index across the local authority is not published (c): a group is too small"))
        #expect(!index.contains("ranking the"))
        #expect(index.contains("<th scope=\"row\">2023/24</th><td class=\"num\">40</td><td class=\"num symbol\">c</td><td class=\"num\">0</td><td class=\"num symbol\">c</td>"))
    }
}
