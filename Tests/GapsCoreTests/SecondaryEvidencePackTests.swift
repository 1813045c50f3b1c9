import Foundation
import Testing
@testable import GapsCore

/// The key stage 4 evidence pack, governors' summary and overview table, rendered from the hand-built rows of
/// `RenderFixture.writeStandardSecondary` (figures in its doc comment; working in each test).
@Suite struct SecondaryEvidencePackTests {
    private func rendered(name: String = RenderFixture.northgate) throws -> RenderFixture {
        let fixture = try RenderFixture()
        try fixture.writeStandardSecondary(name: name)
        try fixture.render()
        return fixture
    }

    @Test func aSecondarySchoolGetsAPackAndAGovernorsSummary() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let governors = try fixture.page("schools/191001-governors.html")
        #expect(pack.contains("<h1>Northgate High</h1>"))
        #expect(governors.contains("<h1>Northgate High: summary for governors</h1>"))
        for id in ["ks4-findings", "ks4-attainment", "ks4-gaps", "ks4-progress", "ks4-distributions", "ks4-about"] {
            #expect(pack.contains("<section id=\"\(id)\""), "\(id)")
        }
        // One year only: no trends section; the KS2 row of the by-characteristic file is not shown.
        #expect(!pack.contains("<section id=\"ks4-trends\""))
        #expect(!pack.contains(">Reading<"))
        let manifest = try String(contentsOf: fixture.output.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"schools/191001.html\"") && manifest.contains("\"schools/191001-governors.html\""))
        #expect(manifest.contains("ks4-progress.csv"))
    }

    @Test func headlineTableShowsTheKS4FiguresRoundedAsTheDfEDoes() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let table = try #require(renderSlice(pack, from: "<caption>Key stage 4 attainment, 2023/24", to: "</table>"))
        // Columns: pupils, E&M 4+ %, E&M 5+ %, Attainment 8, English 4+ % (English has a disadvantaged row only).
        // All pupils: 100, 40%, 25%, A8 45.25 -> 45.3 (one decimal, half up).
        #expect(table.contains("<tr><th scope=\"row\">All pupils</th><td class=\"num\">100</td><td class=\"num\">40</td><td class=\"num\">25</td>"))
        #expect(table.contains("<td class=\"num\">45.3</td>"))
        // Disadvantaged: 30 pupils, 20%, grade 5+ withheld: the symbol, never a number.
        #expect(table.contains("<tr><th scope=\"row\">Disadvantaged</th><td class=\"num\">30</td><td class=\"num\">20</td><td class=\"num symbol\">c</td>"))
        // Other pupils 48.571...% -> 49; A8 49.428... -> 49.4.
        #expect(table.contains("<td class=\"num\">49</td>") && table.contains("<td class=\"num\">49.4</td>"))
        // The LA rows for comparison: 300 pupils, 50%, A8 47.0.
        #expect(table.contains("Exampleshire: All pupils</th><td class=\"num\">300</td><td class=\"num\">50</td>"))
        #expect(table.contains("<td class=\"num\">47.0</td>"))
        #expect(table.contains("<th scope=\"col\" class=\"num\">English and maths grade 4+: %</th>"))
    }

    @Test func findingsStateTheGapsInWordsWithEveryComparator() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let findings = try #require(renderSlice(pack, from: "<section id=\"ks4-findings\"", to: "</section>"))
        // -28.57 -> 29 points below; 20% against 48.57% -> 49%; interval -45.1 to -8.2 -> "45 below to 8 below";
        // half-width 18.45 is under 20, so no "wide" clause.
        #expect(findings.contains(
            "<li>Disadvantaged pupils&#39; rate of achieving grade 4 or above in English and maths was 29 percentage points "
                + "below that of other pupils within the school (20% against 49%). The 95% confidence interval runs from 45 "
                + "below to 8 below, so it excludes zero: a gap this size is unlikely to be chance alone.</li>"))
        // Grade 5+ withheld: said so, with the symbol and no figure.
        #expect(findings.contains(
            "<li>The gap in the rate of achieving grade 5 or above in English and maths between disadvantaged pupils and "
                + "other pupils within the school is not published (c): a group is too small to report without risk of "
                + "identifying pupils.</li>"))
        // Attainment 8: -13.93 -> 13.9 points; 35.5 against 49.43 -> 49.4; half-width 6.6 under 10 points.
        #expect(findings.contains(
            "<li>Disadvantaged pupils&#39; average score in Attainment 8 was 13.9 points below that of other pupils within "
                + "the school (35.5 against 49.4). The 95% confidence interval runs from 20.5 below to 7.3 below, so it "
                + "excludes zero: a gap this size is unlikely to be chance alone.</li>"))
        // Boys against every pupil who is not a boy: -8, interval -26.4 to 11.2 -> "26 below to 11 above".
        #expect(findings.contains(
            "<li>Boys&#39; rate of achieving grade 4 or above in English and maths was 8 percentage points below that of "
                + "other pupils within the school (36% against 44%). The 95% confidence interval runs from 26 below to 11 "
                + "above, so it includes zero: the gap could be chance.</li>"))
        // The LA's and the national comparison, each named: -35.2 -> 35; -32.3 -> 32 against 52.3% -> 52%.
        #expect(findings.contains("<h3>Disadvantaged pupils compared with other pupils in the local authority</h3>"))
        #expect(findings.contains("was 35 percentage points below that of other pupils in the local authority (20% against 55%)"))
        #expect(findings.contains("<h3>Disadvantaged pupils compared with national other pupils</h3>"))
        #expect(findings.contains("was 32 percentage points below that of national other pupils (20% against 52%)"))
        // Progress 8 in hundredths: -0.3 -> -0.30, interval -0.586 to -0.014 -> -0.59 to -0.01.
        #expect(findings.contains(
            "<li>Progress 8: all pupils&#39; average score was -0.30 (95% confidence interval -0.59 to -0.01), "
                + "significantly below the national average: these pupils made less progress from KS2 than pupils "
                + "nationally with similar KS2 results.</li>"))
        // Disadvantaged pupils' gap: -0.7 -> 0.70 below; -0.8 against -0.1; interval -1.15 to -0.25 excludes zero.
        #expect(findings.contains(
            "<li>Disadvantaged pupils&#39; average Progress 8 score was 0.70 below that of other pupils within the school "
                + "(-0.80 against -0.10). The 95% confidence interval of the gap runs from -1.15 to -0.25, so it excludes "
                + "zero: a gap this size is unlikely to be chance alone.</li>"))
    }

    @Test func gapChartsHaveWhiskersTextAlternativesAndTables() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let gaps = try #require(renderSlice(pack, from: "<section id=\"ks4-gaps\"", to: "</section>"))
        // One set per indicator and comparator: grade 4+ within the school has two drawable gaps (disadvantaged,
        // boys); grade 5+ has only the withheld one, so no chart and a "not drawn" note.
        #expect(gaps.contains("<h4 id=\"gaps-202324-1\">Grade 4 or above, within the school</h4>"))
        #expect(gaps.contains("Chart of 2 gaps in percentage points with 95% confidence intervals"))
        #expect(gaps.contains("<li>English and maths, Disadvantaged \u{2212} others: suppressed (c)</li>"))
        #expect(gaps.contains("Attainment 8, within the school</h4>"))
        #expect(gaps.contains("Grade 4 or above, against the local authority&#39;s other pupils</h4>"))
        #expect(gaps.contains("Grade 4 or above, against national other pupils</h4>"))
        // Whiskers: a line per drawn gap; the table gives the same numbers: -28.57 -> -29, interval -45 to -8.
        let chart = try #require(renderSlice(gaps, from: "<svg", to: "</svg>"))
        #expect(chart.contains("role=\"img\"") && chart.contains("<title") && chart.contains("<desc"))
        #expect(svgElements(withClass: "whisker", in: chart).count == 2)
        #expect(gaps.contains("<td class=\"num\">-29</td><td class=\"num\">-45 to -8</td><td>Yes</td>"))
        // Attainment 8 in points with one decimal: -13.9, -20.5 to -7.3.
        #expect(gaps.contains("<td class=\"num\">-13.9</td><td class=\"num\">-20.5 to -7.3</td><td>Yes</td>"))
        // The girls' row is the boys' mirror image and is not repeated.
        #expect(!gaps.contains("Girls vs Other pupils"))
        // Progress 8 is not in these charts (tenths would round it): it has its own section.
        #expect(!gaps.contains("Progress 8"))
    }

    @Test func progress8SectionUsesTheDfEIntervalInHundredths() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"ks4-progress\"", to: "</section>"))
        // All pupils: -0.30 (-0.59 to -0.01), significantly below; 30 of 95 not progressing, 31.58% -> 32.
        #expect(section.contains(
            "<th scope=\"row\">All pupils</th><td class=\"num\">100</td><td class=\"num\">95</td><td class=\"num\">-0.30</td>"
                + "<td class=\"num\">-0.59 to -0.01</td><td>Significantly below average</td><td class=\"num\">30</td>"
                + "<td class=\"num\">32</td>"))
        // Other pupils: -0.10 (-0.435 -> -0.44 to 0.235 -> 0.24), not significant: an open point.
        #expect(section.contains("<td class=\"num\">-0.10</td><td class=\"num\">-0.44 to 0.24</td><td>Not significantly different from average</td>"))
        // The boys' English element is withheld: c in the table, listed as not drawn, never a number.
        #expect(section.contains("English element, Boys: suppressed (c)"))
        #expect(section.contains("<th scope=\"row\">Boys</th><td class=\"num\">50</td><td class=\"num\">4</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td>"))
        // The chart draws Progress 8 for all pupils and both disadvantage groups: three whiskers.
        let chart = try #require(renderSlice(section, from: "<svg", to: "</svg>"))
        #expect(svgElements(withClass: "whisker", in: chart).count == 3)
        // The gap table in hundredths: -0.70, -1.15 to -0.25, effect size -0.60.
        #expect(section.contains("<td class=\"num\">-0.70</td><td class=\"num\">-1.15 to -0.25</td><td>Yes</td><td class=\"num\">-0.60</td>"))
    }

    @Test func distributionsDrawAttainment8AndGradesOnTheirOwnAxes() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let pack = try fixture.page("schools/191001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"ks4-distributions\"", to: "</section>"))
        // Attainment 8 axis 0 to 90 (ticks 0, 10, ... 90); grades 0 to 9 with the dashed line at grade 4.
        #expect(section.contains("on a fixed scale from 0 to 90."))
        #expect(section.contains("on a fixed scale from 0 to 9 with a dashed line at 4."))
        // Medians: disadvantaged 36 against 50 for other pupils.
        #expect(section.contains("<li>Attainment 8: the median score of disadvantaged pupils was 36, against 50 for other pupils.</li>"))
        // Girls' percentiles are withheld: c in the table and in the chart, and no median sentence by sex.
        #expect(section.contains("<th scope=\"row\">Girls</th><td class=\"num\">50</td><td class=\"num symbol\">c</td>"))
        #expect(!section.contains("median score of boys"))
    }

    @Test func governorsSummaryHasFiguresChartAndFewSentences() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        let governors = try fixture.page("schools/191001-governors.html")
        // School and LA: all pupils 100 pupils, A8 45.3 against 47.0, E&M 4+ 40% against 50%, Progress 8 -0.30.
        #expect(governors.contains(
            "<tr><th scope=\"row\">All pupils</th><td class=\"num\">100</td><td class=\"num\">45.3</td><td class=\"num\">47.0</td>"
                + "<td class=\"num\">40</td><td class=\"num\">50</td><td class=\"num\">-0.30</td></tr>"))
        #expect(governors.contains("<section id=\"ks4-chart\""))
        #expect(governors.contains("Key stage 4, 2023/24"))
        // Within the school and national: at most six gap sentences, then two Progress 8 sentences.
        let findings = try #require(renderSlice(governors, from: "<section id=\"ks4-findings\"", to: "</section>"))
        #expect(findings.components(separatedBy: "<li>").count - 1 <= PageBuilder.governorsKS4Sentences + 2)
        #expect(findings.contains("national other pupils"))
        #expect(!findings.contains("in the local authority"))
        #expect(findings.contains("<li>Progress 8: all pupils&#39; average score was -0.30"))
    }

    @Test func overviewListsSecondarySchoolsInEveryOrder() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandardSecondary()
        // A second school whose disadvantaged pupils are withheld: its disadvantaged share must be c, never
        // worked out from the other counts (5 of 45 would be 11%).
        let other = "Southgate Academy"
        var attainment = [
            RenderFixture.ks4Attainment("191002", name: other, measure: "Attainment 8", ["45", "z", "z", "z", "z", "38.2", "c", "c", "c", "c", "c"]),
            RenderFixture.ks4Attainment("191002", name: other, measure: "Attainment 8", topic: "Disadvantage status",
                                        group: "Disadvantaged", ["c", "z", "z", "z", "z", "c", "c", "c", "c", "c", "c"]),
        ]
        attainment += try readRows(fixture, "attainment-by-characteristic.csv")
        try fixture.writeTable("attainment-by-characteristic.csv", columns: RenderFixture.ks4AttainmentColumns, rows: attainment)
        try fixture.render()
        let index = try fixture.page("index.html")
        let section = try #require(renderSlice(index, from: "<section id=\"secondary-schools\"", to: "</main>"))
        for id in ["ks4-by-name", "ks4-by-attainment8", "ks4-by-progress8", "ks4-by-gap", "ks4-by-size"] {
            #expect(section.contains("<section class=\"view\" id=\"\(id)\""), "\(id)")
            #expect(section.contains("<a href=\"#\(id)\">"), "\(id)")
        }
        // Northgate: 100 pupils, A8 45.3, E&M 40%, P8 -0.30 significantly below, 30% disadvantaged, gap -13.9.
        #expect(section.contains(
            "<a href=\"schools/191001.html\">Northgate High</a></th><td><a href=\"schools/191001-governors.html\">Summary"))
        #expect(section.contains(
            "<td>191001</td><td class=\"num\">100</td><td class=\"num\">45.3</td><td class=\"num\">40</td>"
                + "<td class=\"num\">-0.30</td><td class=\"num\">30</td>"
                + "<td class=\"num\">-13.9</td><td class=\"num\">-20.5 to -7.3</td>"))
        #expect(section.contains("<td>191002</td><td class=\"num\">45</td><td class=\"num\">38.2</td>"))
        let southgate = try #require(renderSlice(section, from: "<td>191002</td>", to: "</tr>"))
        #expect(southgate.contains("<td class=\"num symbol\">c</td>"))
        #expect(!southgate.contains(">11<"))
        // Lowest Attainment 8 first: Southgate (38.2) before Northgate (45.3); by name the other way round.
        let byA8 = try #require(renderSlice(section, from: "id=\"ks4-by-attainment8\"", to: "</section>"))
        #expect(try #require(byA8.range(of: "191002")).lowerBound < (try #require(byA8.range(of: "191001"))).lowerBound)
        let byName = try #require(renderSlice(section, from: "id=\"ks4-by-name\"", to: "</section>"))
        #expect(try #require(byName.range(of: "191001")).lowerBound < (try #require(byName.range(of: "191002"))).lowerBound)
        #expect(index.contains("<li><a href=\"#secondary-schools\">"))
    }

    @Test func anAllThroughSchoolGetsBothPartsInOnePack() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        // Northgate's KS4 rows under Alpha Primary's URN: an all-through school.
        try fixture.writeStandardSecondary(name: "Alpha Primary", keyStage2: true)
        for file in ["attainment-by-characteristic.csv", "gaps-by-characteristic.csv", "ks4-progress.csv"] {
            let url = fixture.aggregate.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: ",191001,9991001,", with: ",100001,9990001,")
            try Data(text.utf8).write(to: url)
        }
        let summary = try fixture.render()
        #expect(summary.schoolPages == 2)
        let pack = try fixture.page("schools/100001.html")
        #expect(pack.contains("<section id=\"gaps\"") && pack.contains("<section id=\"ks4-attainment\""))
        #expect(pack.contains("<section id=\"findings\"") && pack.contains("<section id=\"ks4-findings\""))
        let governors = try fixture.page("schools/100001-governors.html")
        #expect(governors.contains("<section id=\"ks4-figures\"") && governors.contains("<section id=\"chart\""))
        // The compact KS4 part: figures without the rows by sex, one sentence per group (disadvantaged pupils,
        // boys: English and maths at grade 4 within the school) and Progress 8 of all pupils; no second chart.
        #expect(!governors.contains("<section id=\"ks4-chart\""))
        let part = try #require(renderSlice(governors, from: "<section id=\"ks4-figures\"", to: "<section id=\"about\""))
        #expect(!part.contains("<th scope=\"row\">Boys</th>"))
        #expect(part.components(separatedBy: "<li>").count - 1 == 3)
        #expect(part.contains("<li>Boys&#39; rate of achieving grade 4 or above in English and maths was 8 percentage points"))
        #expect(part.contains("<li>Progress 8: all pupils&#39; average score was -0.30"))
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("schools/191001.html").path))
    }

    @Test func suppressedKS4FiguresNeverAppearAsNumbers() throws {
        // Every KS4 figure of school 191003 withheld except its pupil count: no page may show a number where the
        // file has c, and the pages say why.
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.write(attainment: [], gaps: [])
        let name = "Tiny School"
        let c5 = ["c", "c", "c", "c", "c"]
        try fixture.writeSecondary(
            attainment: [
                RenderFixture.ks4Attainment("191003", name: name, measure: "English and maths", ["8", "c", "c", "c", "c", "z", "z", "z", "z", "z", "z"]),
                RenderFixture.ks4Attainment("191003", name: name, measure: "Attainment 8", ["8", "z", "z", "z", "z", "c"] + c5),
                RenderFixture.ks4Attainment("191003", name: name, measure: "Attainment 8", topic: "Disadvantage status",
                                            group: "Disadvantaged", ["c", "z", "z", "z", "z", "c"] + c5),
            ],
            gaps: [
                RenderFixture.ks4Gap("191003", name: name, measure: "English and maths",
                                     ["c", "c", "c", "c", "c", "c", "c", "c", "z", "Newcombe hybrid score (95%)"]),
            ],
            progress: [RenderFixture.ks4Progress("191003", name: name, ["8", "c", "c", "c", "c", "1.4", "c", "c", "c"])])
        try fixture.render()
        for file in ["schools/191003.html", "schools/191003-governors.html", "index.html"] {
            let html = try fixture.page(file)
            // The only numbers in data cells are the pupil count 8 (and none other from the KS4 files).
            let cells = html.components(separatedBy: "<td class=\"num\">").dropFirst().map { $0.prefix { $0 != "<" } }
            #expect(cells.allSatisfy { $0 == "8" }, "\(file): \(cells)")
            #expect(html.contains("<td class=\"num symbol\">c</td>"), "\(file)")
            #expect(html.contains("c: fewer than 6 pupils"), "\(file)")
        }
        let pack = try fixture.page("schools/191003.html")
        #expect(pack.contains("Progress 8: the average score of all pupils is not published (c)"))
        #expect(pack.contains("between disadvantaged pupils and other pupils within the school is not published (c)"))
    }

    @Test func aSchoolNameWithMarkupIsEscapedOnEveryKS4Page() throws {
        let fixture = try rendered(name: RenderFixture.maliciousName)
        defer { fixture.remove() }
        for file in ["schools/191001.html", "schools/191001-governors.html", "index.html"] {
            let html = try fixture.page(file)
            #expect(!html.contains("<script>"), "\(file)")
            #expect(html.contains(RenderFixture.escapedMaliciousName), "\(file)")
        }
        let pack = try fixture.page("schools/191001.html")
        #expect(pack.contains("<h1>\(RenderFixture.escapedMaliciousName)</h1>"))
        // In chart titles (SVG) and table captions too.
        #expect(pack.contains("Progress 8 and its English and maths elements by group, 2023/24: \(RenderFixture.escapedMaliciousName)</title>"))
    }

    @Test func trendsAppearWithMoreThanOneYear() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandardSecondary()
        // 2022/23: A8 disadvantaged 30, others 50, all 44; gap within the school -20.0 (-28 to -12). 2023/24's gap is
        // -13.93, which rounds to -13.9: narrowed by 20.0 - 13.9 = 6.1 points.
        var attainment = try readRows(fixture, "attainment-by-characteristic.csv")
        attainment += [
            RenderFixture.ks4Attainment("191001", name: RenderFixture.northgate, period: "202223", measure: "Attainment 8",
                                        ["90", "z", "z", "z", "z", "44", "c", "c", "c", "c", "c"]),
            RenderFixture.ks4Attainment("191001", name: RenderFixture.northgate, period: "202223", measure: "Attainment 8",
                                        topic: "Disadvantage status", group: "Disadvantaged",
                                        ["30", "z", "z", "z", "z", "30", "c", "c", "c", "c", "c"]),
            RenderFixture.ks4Attainment("191001", name: RenderFixture.northgate, period: "202223", measure: "Attainment 8",
                                        topic: "Disadvantage status", group: "Not known to be disadvantaged",
                                        ["60", "z", "z", "z", "z", "50", "c", "c", "c", "c", "c"]),
        ]
        try fixture.writeTable("attainment-by-characteristic.csv", columns: RenderFixture.ks4AttainmentColumns, rows: attainment)
        var gaps = try readRows(fixture, "gaps-by-characteristic.csv")
        gaps.append(RenderFixture.ks4Gap(
            "191001", name: RenderFixture.northgate, period: "202223", measure: "Attainment 8", indicator: "Average score",
            ["30", "30", "60", "50", "-20", "-28", "-12", "Yes", "-1", "Welch t (95%)"]))
        try fixture.writeTable("gaps-by-characteristic.csv", columns: RenderFixture.ks4GapColumns, rows: gaps)
        try fixture.render()
        let pack = try fixture.page("schools/191001.html")
        let trends = try #require(renderSlice(pack, from: "<section id=\"ks4-trends\"", to: "</section>"))
        #expect(trends.contains("<li>Attainment 8: average score: The gap narrowed by 6.1 points since 2022/23.</li>"))
        #expect(trends.contains("<tr><th scope=\"row\">2022/23</th><td class=\"num\">30.0</td><td class=\"num\">50.0</td><td class=\"num\">44.0</td><td class=\"num\">-20.0</td><td class=\"num\">-28.0 to -12.0</td></tr>"))
        // The 2023/24 Attainment 8 sentence in the findings says the same.
        #expect(pack.contains("excludes zero: a gap this size is unlikely to be chance alone. The gap narrowed by 6.1 points since 2022/23.</li>"))
    }

    @Test func ks4PagesKeepHeadingOrderCaptionsScopesAndChartNames() throws {
        let fixture = try rendered()
        defer { fixture.remove() }
        for file in ["schools/191001.html", "schools/191001-governors.html", "index.html"] {
            let tags = htmlTags(try fixture.page(file))
            let levels = tags.compactMap { tag -> Int? in
                tag.name.count == 2 && tag.name.first == "h" ? Int(tag.name.suffix(1)) : nil
            }
            #expect(levels.filter { $0 == 1 }.count == 1, "\(file)")
            for (previous, next) in zip(levels, levels.dropFirst()) { #expect(next <= previous + 1, "\(file): h\(previous) then h\(next)") }
            for (index, tag) in tags.enumerated() {
                if tag.name == "table" { #expect(tags[index + 1].name == "caption", "\(file): a table without a caption") }
                if tag.name == "th" { #expect(tag.text.contains("scope=\""), "\(file): <\(tag.text)>") }
                if tag.name == "svg" {
                    #expect(tag.text.contains("role=\"img\"") && tags[index + 1].name == "title" && tag.text.contains("aria-describedby"), "\(file)")
                }
            }
        }
    }

    /// The data rows of a table the fixture wrote, without the geography's header.
    private func readRows(_ fixture: RenderFixture, _ name: String) throws -> [[String]] {
        var rows: [[String]] = []
        try TableFile.forEachRow(in: fixture.aggregate.appendingPathComponent(name)) { rows.append($0.fields) }
        return rows
    }
}
