import Foundation
import Testing
@testable import GapsCore

/// Four schools chosen so that every order and every band of the overview differs (figures worked out below).
private func writeFourSchools(_ fixture: RenderFixture) throws {
    typealias F = RenderFixture
    let rwm = "Reading, writing and maths"
    // (urn, name, pupils, RWM %, disadvantaged pupils, gap row values)
    let schools: [(String, String, String, String, String, [String])] = [
        ("200001", "Ash Primary", "25", "80", "c", ["c", "c", "c", "c", "c", "c", "c", "c", "c"]),
        ("200002", "Birch Primary", "62", "55", "31", ["31", "45", "31", "65", "-20", "-43", "4", "No", "-0.4"]),
        ("200003", "Cedar Primary", "45", "70", "9", ["9", "66.7", "36", "71.7", "-5", "-38", "22", "No", "-0.1"]),
        ("200004", "Damson Primary", "30", "55", "6", ["6", "57", "24", "54", "3", "-35", "38", "No", "0.06"]),
    ]
    var attainment: [[String]] = []
    var gaps: [[String]] = []
    for (urn, name, pupils, percent, disadvantaged, gap) in schools {
        attainment.append(F.attainment(urn, name: name, subject: rwm, [pupils, "10", percent, "3", "10", "z"]))
        attainment.append(F.attainment(
            urn, name: name, subject: rwm, disadvantage: "Disadvantaged",
            [disadvantaged, "c", "c", "c", "c", "z"]))
        gaps.append(F.gap(urn, name: name, subject: rwm, breakdown: "Disadvantage", gap))
    }
    try fixture.write(attainment: attainment, gaps: gaps)
}

/// The URNs of the school rows of the view with anchor `id`, in page order.
private func urns(inView id: String, of page: String) throws -> [String] {
    let view = try #require(renderSlice(page, from: "<section class=\"view\" id=\"\(id)\"", to: "</section>"))
    return view.components(separatedBy: "<th scope=\"row\"><a href=\"schools/").dropFirst().map { String($0.prefix(6)) }
}

@Suite struct RenderDocumentsTests {
    @Test func overviewPreRendersEveryOrderAndBand() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try writeFourSchools(fixture)
        try fixture.render()
        let index = try fixture.page("index.html")

        // By name; by RWM lowest first (Birch and Damson tie at 55 and stay in name order); by gap, most negative
        // first, the suppressed one (Ash) last; by size, largest first.
        #expect(try urns(inView: "by-name", of: index) == ["200001", "200002", "200003", "200004"])
        #expect(try urns(inView: "by-rwm", of: index) == ["200002", "200004", "200003", "200001"])
        #expect(try urns(inView: "by-gap", of: index) == ["200002", "200003", "200004", "200001"])
        #expect(try urns(inView: "by-size", of: index) == ["200002", "200003", "200004", "200001"])
        // Size bands: under 30 (Ash, 25), 30 to 59 (Cedar 45, Damson 30), 60 or more (Birch 62).
        #expect(try urns(inView: "size-small", of: index) == ["200001"])
        #expect(try urns(inView: "size-medium", of: index) == ["200003", "200004"])
        #expect(try urns(inView: "size-large", of: index) == ["200002"])
        // Disadvantaged share: Birch 31/62 = 50% (high), Cedar 9/45 = 20% and Damson 6/30 = 20% (middle: 20% is
        // the lower bound of "20% to under 40%"); Ash's count is suppressed, so it is in the unpublished band.
        #expect(try urns(inView: "disadvantage-low", of: index) == [])
        #expect(try urns(inView: "disadvantage-middle", of: index) == ["200003", "200004"])
        #expect(try urns(inView: "disadvantage-high", of: index) == ["200002"])
        #expect(try urns(inView: "disadvantage-not-published", of: index) == ["200001"])
        #expect(index.contains(##"<a href="#disadvantage-middle">20% to under 40% disadvantaged (2)</a>"##))
        // No size is unpublished, so that band has no link and no table.
        #expect(!index.contains("size-not-published"))
        // The default view comes first in its container: the stylesheet shows it when no anchor is targeted.
        #expect(index.contains("<div class=\"views\">\n<section class=\"view\" id=\"by-name\""))
        // Each row links to the pack and the governors' summary; Birch's disadvantaged share shows as 50.
        #expect(index.contains(
            #"<tr><th scope="row"><a href="schools/200002.html">Birch Primary</a></th><td><a href="schools/200002-governors.html">Summary<span class="visually-hidden"> for Birch Primary</span></a></td><td>200002</td><td class="num">62</td><td class="num">55</td><td class="num">50</td><td class="num">-20</td><td class="num">-43 to 4</td></tr>"#))
        #expect(index.contains(#"<td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td></tr>"#))
    }

    @Test func evidencePackHasItsSectionsFindingsAndLabelledChart() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        // The full pack (`--detail full`): every year and section in the body, as this test describes.
        try RenderStage.run(
            aggregateDirectory: fixture.aggregate.path, outputDirectory: fixture.output.path,
            chartLayout: GapChartLayout(plotWidth: 300), detail: .full)
        let alpha = try fixture.page("schools/100001.html")

        let sectionIDs = alpha.components(separatedBy: "<section id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(sectionIDs == ["findings", "attainment", "gaps", "progress", "entitlement", "about"])
        #expect(alpha.contains(#"<h2 id="findings-heading">Key findings, 2023/24</h2>"#))
        // RWM disadvantage gap -10 [-20, 0]: 50% against 60%, the interval reaches zero.
        #expect(alpha.contains(
            "<li>Disadvantaged pupils&#39; rate of reaching the expected standard in reading, writing and maths was 10 "
                + "percentage points below that of other pupils within the school (50% against 60%). The 95% confidence "
                + "interval runs from 20 below to 0, so it includes zero: the gap could be chance.</li>"))
        #expect(alpha.contains("<h3>Disadvantaged pupils compared with other pupils within the school</h3>"))
        #expect(alpha.contains("<h3>Boys compared with girls within the school</h3>"))
        // The suppressed Writing gap is a sentence without figures.
        #expect(alpha.contains(
            "<li>The gap in the rate of reaching the expected standard in writing between boys and girls within the "
                + "school is not published (c): a group is too small to report without risk of identifying pupils.</li>"))
        // Chart rows say which groups are compared, the chart heading names the comparator.
        let svg = try #require(renderSlice(alpha, from: "<svg", to: "</svg>"))
        #expect(svg.contains(">Disadvantaged \u{2212} others</text>"))
        #expect(svg.contains(">Boys \u{2212} girls</text>"))
        #expect(!svg.contains(">Sex<") && !svg.contains(">Disadvantage<"))
        #expect(alpha.contains("<h4 id=\"gaps-202324-1\">Expected standard, within the school</h4>"))
        #expect(alpha.contains("<li>Writing, Boys \u{2212} girls: suppressed (c)</li>"))
        // Links: back to the overview and across to the governors' summary.
        #expect(alpha.contains(#"<a href="../index.html">Back to Exampleshire overview</a>"#))
        #expect(alpha.contains(#"<a href="100001-governors.html">Governors&#39; summary (two pages)</a>"#))
        // The printed running header: school and date as escaped CSS strings.
        #expect(alpha.contains("@top-left { content: \(CSSEscaping.quotedString("Alpha Primary: evidence pack")); }"))
        #expect(alpha.contains("@top-right { content: \(CSSEscaping.quotedString("Figures of 2024-09-30")); }"))
    }

    @Test func packSaysHowAGapChangedSinceTheYearBefore() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        let rwm = "Reading, writing and maths"
        try fixture.write(
            attainment: [RenderFixture.attainment("100001", name: "Alpha", subject: rwm, ["30", "20", "66.7", "3", "10", "z"])],
            gaps: [
                RenderFixture.gap("100001", name: "Alpha", subject: rwm, breakdown: "Disadvantage",
                                  ["10", "50", "20", "68", "-18", "-40", "4", "No", "-0.4"]),
                RenderFixture.gap("100001", name: "Alpha", period: "202223", subject: rwm, breakdown: "Disadvantage",
                                  ["10", "45", "20", "67", "-22", "-45", "1", "No", "-0.5"]),
            ])
        // The full pack (`--detail full`): every year and section in the body, as this test describes.
        try RenderStage.run(
            aggregateDirectory: fixture.aggregate.path, outputDirectory: fixture.output.path,
            chartLayout: GapChartLayout(plotWidth: 300), detail: .full)
        let alpha = try fixture.page("schools/100001.html")
        // 22 then 18: narrowed by 4. Both years have their own tables under their own anchors.
        #expect(alpha.contains("The gap narrowed by 4 percentage points since 2022/23.</li>"))
        #expect(alpha.contains(#"<h3 id="gaps-202223">2022/23</h3>"#))
        #expect(alpha.contains(#"<h3 id="attainment-202324">2023/24</h3>"#))
    }

    @Test func governorsSummaryIsShortByConstruction() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let page = try fixture.page("schools/100001-governors.html")

        #expect(page.contains("<h1>Alpha Primary: summary for governors</h1>"))
        #expect(page.contains(#"<a href="100001.html">Full evidence pack</a>"#))
        // Headline figures: Alpha 30 pupils, 67% (66.67 half up) against the LA's 67%; disadvantaged c against the
        // LA's 50%; other pupils 25 at 72% (the LA has no such row: x).
        #expect(page.contains(
            #"<tr><th scope="row">All pupils</th><td class="num">30</td><td class="num">67</td><td class="num">67</td></tr>"#))
        #expect(page.contains(
            #"<tr><th scope="row">Disadvantaged pupils</th><td class="num symbol">c</td><td class="num symbol">c</td><td class="num">50</td></tr>"#))
        #expect(page.contains(
            #"<tr><th scope="row">Other pupils</th><td class="num">25</td><td class="num">72</td><td class="num symbol">x</td></tr>"#))
        // One chart, no contents list, and a bounded number of rows and sentences (the two-page heuristic; the
        // browser test prints it and counts the pages).
        #expect(page.components(separatedBy: "<svg").count == 2)
        #expect(!page.contains("nav class=\"contents\""))
        #expect(page.components(separatedBy: "<tr").count - 1 <= 25)
        #expect(page.components(separatedBy: "<li>").count - 1 <= 20)
        #expect(page.contains(#"<th scope="col" class="num">Gap (percentage points)</th>"#))
    }

    @Test func governorsKeepReadingWritingMathsAndAtMostTwoOtherSignificantSubjects() throws {
        let significant = ["20", "40", "40", "70", "-30", "-50", "-5", "Yes", "-0.6"]
        let notSignificant = ["20", "60", "40", "70", "-10", "-30", "10", "No", "-0.2"]
        let records = try [
            makeGapRecord(subject: "Reading, writing and maths", notSignificant),
            makeGapRecord(subject: "Reading", significant),
            makeGapRecord(subject: "Writing", notSignificant),
            makeGapRecord(subject: "Maths", significant),
            makeGapRecord(subject: "Grammar, punctuation and spelling", significant),
        ]
        #expect(PageBuilder.governorsSentences(records).map(\.subject)
            == ["Reading, writing and maths", "Reading", "Maths"])
    }

    @Test func governorsSentenceBudgetDropsFromTheLongestGroupAndKeepsEachFirstSentence() {
        func groups(_ counts: [Int]) -> [FindingGroupView] {
            counts.enumerated().map { index, count in
                FindingGroupView(findingsHeading: "g\(index)", sentences: (0..<count).map { "s\(index).\($0)" })
            }
        }
        // 12 sentences to 8: the longest group loses its last sentence, ties going to the later group, until each
        // has 2 (4 x 2 = 8).
        #expect(PageBuilder.trimmed(groups([3, 3, 3, 3]), to: 8).map(\.sentences.count) == [2, 2, 2, 2])
        // A group's first sentence (reading, writing and maths) stays even when the budget is smaller.
        #expect(PageBuilder.trimmed(groups([3, 1, 1]), to: 2).map(\.sentences) == [["s0.0"], ["s1.0"], ["s2.0"]])
        #expect(PageBuilder.trimmed(groups([3, 1]), to: 3).map(\.sentences) == [["s0.0", "s0.1"], ["s1.0"]])
    }

    @Test func aNationalComparatorGetsItsOwnSentencesAndChart() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        let rwm = "Reading, writing and maths"
        try fixture.write(
            attainment: [RenderFixture.attainment("100001", name: "Alpha", subject: rwm, ["30", "20", "66.7", "3", "10", "z"])],
            gaps: [
                RenderFixture.gap("100001", name: "Alpha", subject: rwm, breakdown: "Disadvantage",
                                  ["10", "50", "20", "60", "-10", "-40", "20", "No", "-0.2"]),
                RenderFixture.gap("100001", name: "Alpha", subject: rwm, breakdown: "Disadvantage",
                                  comparator: "National other pupils",
                                  ["10", "50", "500000", "68", "-18", "-46", "12", "No", "-0.4"]),
            ])
        try fixture.render()
        let alpha = try fixture.page("schools/100001.html")
        #expect(alpha.contains("<h3>Disadvantaged pupils compared with national other pupils</h3>"))
        #expect(alpha.contains("was 18 percentage points below that of national other pupils (50% against 68%)."))
        #expect(alpha.contains(">Expected standard, against national other pupils</h4>"))
        // Within the school first, then national, in sentences and in charts.
        let within = try #require(alpha.range(of: "compared with other pupils within the school</h3>"))
        let national = try #require(alpha.range(of: "compared with national other pupils</h3>"))
        #expect(within.lowerBound < national.lowerBound)
        // The governors' chart stays within the school; the sentences take both.
        let governors = try fixture.page("schools/100001-governors.html")
        #expect(governors.contains("<h3>Disadvantaged pupils compared with national other pupils</h3>"))
        #expect(governors.components(separatedBy: "<svg").count == 2)
        #expect(!governors.contains("against national other pupils, 2023/24"))
    }

    @Test func cssStringsEscapeEverythingButLettersAndDigits() {
        // & is U+0026, space U+0020, < U+003C, / U+002F, > U+003E, " U+0022, é U+00E9: six hex digits each. The
        // space is escaped because CSS would take a space after an escape as the escape's end and drop it.
        #expect(CSSEscaping.quotedString("A&B </style>") == #""A\000026B\000020\00003C\00002Fstyle\00003E""#)
        #expect(CSSEscaping.quotedString("\"é") == #""\000022\0000E9""#)
        // A digit after an escape stays a digit: an escape takes at most six hex digits.
        #expect(CSSEscaping.quotedString("Year 6") == #""Year\0000206""#)
    }

    @Test func publishedTextLosesOnlyTheApostropheNeutralisingAdded() {
        #expect(PublishedText.restore("'+Plus Academy") == "+Plus Academy")
        #expect(PublishedText.restore("'=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")")
        // An apostrophe the writer would not have added stays: "'-3" (neutralising "-3" leaves it alone), "'Tis".
        #expect(PublishedText.restore("'-3") == "'-3")
        #expect(PublishedText.restore("'Tis Primary") == "'Tis Primary")
        #expect(PublishedText.restore("Oak") == "Oak")
    }
}
