import Foundation
import Testing
@testable import GapsCore

@Suite struct RenderPagesTests {
    @Test func writesAPagePerSchoolAndTheIndexLinksToEach() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let summary = try fixture.render()

        #expect(summary.schoolPages == 2)
        #expect(summary.indexURL == fixture.output.appendingPathComponent("index.html").standardizedFileURL)
        let index = try fixture.page("index.html")
        #expect(index.contains(#"<a href="schools/100001.html">Alpha Primary</a>"#))
        #expect(index.contains(#"<a href="schools/100002.html">\#(RenderFixture.escapedMaliciousName)</a>"#))
        #expect(index.contains("<h1>Attainment gaps: Exampleshire</h1>"))
        #expect(index.contains(#"<h2 id="schools-heading">Schools, 2023/24</h2>"#))
        // Alpha's overview row: 30 pupils, 66.67% -> 67, disadvantaged count suppressed (c), gap -10 with
        // interval -20 to 0.
        #expect(index.contains(
            #"<tr><th scope="row"><a href="schools/100001.html">Alpha Primary</a></th><td><a href="schools/100001-governors.html">Summary<span class="visually-hidden"> for Alpha Primary</span></a></td><td>100001</td><td class="num">30</td><td class="num">67</td><td class="num symbol">c</td><td class="num">-10</td><td class="num">-20 to 0</td></tr>"#))
        // The LA-wide table: all pupils 120, 80 expected, 66.67% -> 67, 12 higher, 10%, no average (z).
        #expect(index.contains(
            #"<tr><th scope="row">All pupils</th><td class="num">120</td><td class="num">80</td><td class="num">67</td><td class="num">12</td><td class="num">10</td><td class="num symbol">z</td></tr>"#))
        // The LA's own gap, -25 [-42.5, -6.25]: whole percentage points, halves up: -43 and -6.
        #expect(index.contains(#"<td class="num">-25</td><td class="num">-43 to -6</td>"#))

        for urn in ["100001", "100002"] {
            let page = try fixture.page("schools/\(urn).html")
            #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en-GB\">"))
            #expect(page.contains(#"<a href="../index.html">"#))
            #expect(page.components(separatedBy: "<h1>").count == 2, "exactly one h1")
        }
        let alpha = try fixture.page("schools/100001.html")
        #expect(alpha.contains("<h1>Alpha Primary</h1>"))
        // Reading average 104.25 shows to one decimal, half up: 104.3.
        #expect(alpha.contains(#"<td class="num">80</td><td class="num">9</td><td class="num">30</td><td class="num">104.3</td></tr>"#))
        #expect(alpha.contains("<caption>Reading, 2023/24: Alpha Primary</caption>"))
        // The intersection (disadvantaged boys) is not a headline row: Reading has only the all-pupils row.
        let reading = try #require(renderSlice(alpha, from: "<caption>Reading, 2023/24", to: "</table>"))
        #expect(!reading.contains("Boys"))
        #expect(!reading.contains("Disadvantaged"))
        // The all-pupils row has no row-group heading (and nothing borrowed from the page, such as its name).
        #expect(!reading.contains("rowgroup"))
        #expect(reading.components(separatedBy: "Alpha Primary").count == 2, "the name only in the caption")
    }

    @Test func suppressedValuesShowAsCWithTheFootnoteAndNoNumber() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let alpha = try fixture.page("schools/100001.html")
        let footnote = "c: fewer than 6 pupils, or with 1 or 2 pupils meeting a standard, or withheld so that such a figure cannot be worked out from the others; suppressed to protect confidentiality"

        // Disadvantaged pupils at Alpha: every value suppressed, so every cell is c (RWM has no score: z).
        #expect(alpha.contains(
            #"<tr><th scope="row">Disadvantaged</th><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">z</td></tr>"#))
        // Higher standard suppressed next to numbers that are shown.
        #expect(alpha.contains(
            #"<tr><th scope="row">All pupils</th><td class="num">30</td><td class="num">20</td><td class="num">67</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">z</td></tr>"#))
        #expect(alpha.contains(footnote))
        // The suppressed Writing gap: its table row holds no digit at all, and it is listed as not drawn.
        let writingRow = try #require(renderSlice(alpha, from: #"<tr><th scope="row">Writing</th>"#, to: "</tr>"))
        #expect(writingRow.contains(#"<td class="num symbol">c</td>"#))
        let digitsInWritingRow = writingRow.filter(\.isNumber)
        #expect(digitsInWritingRow.isEmpty)
        #expect(alpha.contains("<li>Writing, Boys \u{2212} girls: suppressed (c)</li>"))
        let svg = try #require(renderSlice(alpha, from: "<svg", to: "</svg>"))
        #expect(!svg.contains("Writing"))

        // The hostile-name school has no suppressed value, so its key explains z but not c.
        let hostile = try fixture.page("schools/100002.html")
        #expect(!hostile.contains(footnote))
        #expect(hostile.contains("z: not applicable"))
    }

    @Test func escapesAHostileSchoolNameInTablesAndInTheChart() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let page = try fixture.page("schools/100002.html")
        let index = try fixture.page("index.html")
        for html in [page, index] {
            #expect(!html.contains("<script"))
            #expect(!html.contains(RenderFixture.maliciousName))
        }
        #expect(page.contains("<h1>\(RenderFixture.escapedMaliciousName)</h1>"))
        #expect(page.contains("<title>\(RenderFixture.escapedMaliciousName): self-evaluation evidence pack</title>"))
        let svg = try #require(renderSlice(page, from: "<svg", to: "</svg>"))
        #expect(svg.contains(#"role="img""#))
        #expect(svg.contains(
            "<title id=\"chart-202324-2-title\">Expected standard gaps within the school, 2023/24: \(RenderFixture.escapedMaliciousName)</title>"))
        #expect(svg.contains(#"aria-label="Expected standard gaps within the school, 2023/24: \#(RenderFixture.escapedMaliciousName)""#))
    }

    @Test func chartDrawsOneWhiskerPerGapAtHandComputedPositions() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render(layout: GapChartLayout(plotWidth: 300))
        let alpha = try fixture.page("schools/100001.html")
        let svg = try #require(renderSlice(alpha, from: "<svg", to: "</svg>"))

        // Gaps -10 [-20, 0] (RWM, disadvantage) and +5 [0, 10] (Reading, sex); Writing is suppressed.
        // Axis -20 ... 10 over 300 px: x(v) = (v + 20) / 30 * 300, so x(-20) = 0, x(-10) = 100, x(0) = 200,
        // x(5) = 250, x(10) = 300. Reading comes before RWM in subject order.
        let whiskers = svgElements(withClass: "whisker", in: svg)
        #expect(whiskers.count == 2)
        #expect(whiskers.map { [$0["x1"], $0["x2"]] } == [["200", "300"], ["0", "200"]])
        let estimates = svgElements(withClass: "estimate", in: svg)
        #expect(estimates.map { $0["cx"] } == ["250", "100"])
        // Neither gap is significant: open (white) points.
        #expect(estimates.allSatisfy { $0["fill"] == "#ffffff" })
        // Zero line at x(0) = 200, ticks at -20, -10, 0, 10.
        #expect(svgElements(withClass: "zero", in: svg).map { $0["x1"] } == ["200"])
        #expect(svgElements(withClass: "tick", in: svg).map { $0["x1"] } == ["0", "100", "200", "300"])
        #expect(svg.contains(">Gap in percentage points (group minus comparison)</text>"))
        #expect(svg.contains(">+5 (0 to 10)</text>"))
        // Colour-blind-safe colours: disadvantage and sex get Okabe-Ito blue and vermillion.
        #expect(svg.contains(##"stroke="#0072B2""##) && svg.contains(##"stroke="#D55E00""##))

        // The significant gap at the other school is drawn filled.
        let hostile = try fixture.page("schools/100002.html")
        let hostileSVG = try #require(renderSlice(hostile, from: "<svg", to: "</svg>"))
        #expect(svgElements(withClass: "estimate", in: hostileSVG).map { $0["fill"] } == ["#0072B2"])
    }

    @Test func outputHasNoWebAddressesNoScriptsAndAManifestWrittenLast() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()

        let files = try #require(FileManager.default.subpaths(atPath: fixture.output.path)).sorted()
        #expect(files == [
            "index.html", "manifest.json", "schools", "schools/100001-governors.html", "schools/100001.html",
            "schools/100002-governors.html", "schools/100002.html",
        ])
        for file in files where file.hasSuffix(".html") {
            let html = try fixture.page(file).lowercased()
            #expect(!html.contains("http://"), "\(file)")
            #expect(!html.contains("https://"), "\(file)")
            #expect(!html.contains("<script"), "\(file)")
            #expect(html.contains("<style>"), "\(file)")
            #expect(html.contains("@media print"), "\(file)")
            #expect(html.contains("aggregate stage output generated on 2024-09-30"), "\(file)")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path + ".partial"))

        let manifest = try Manifest.read(from: fixture.output.appendingPathComponent("manifest.json"))
        #expect(manifest.stage == "render")
        let attainmentPath = fixture.aggregate.appendingPathComponent("attainment.csv").path
        let gapsPath = fixture.aggregate.appendingPathComponent("gaps.csv").path
        #expect(manifest.inputs.map(\.sha256) == [try sha256Hex(ofFile: attainmentPath), try sha256Hex(ofFile: gapsPath)])
        #expect(manifest.inputs.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["attainment.csv", "gaps.csv"])
        // 8 attainment rows read: 7 shown, the disadvantaged-boys intersection set aside. All 5 gaps shown.
        let attainmentCounts = try #require(manifest.inputs[0].counts["attainment"])
        #expect(attainmentCounts == RowCounts(read: 8, written: 7, setAside: ["intersection of groups, not a headline row": 1]))
        #expect(attainmentCounts.isBalanced)
        #expect(manifest.inputs[1].counts["gaps"] == RowCounts(read: 5, written: 5))
        // Schools in name order: "<script>..." sorts before "Alpha Primary".
        #expect(manifest.outputs.map(\.file) == [
            "index.html", "schools/100002.html", "schools/100002-governors.html", "schools/100001.html",
            "schools/100001-governors.html",
        ])
        #expect(manifest.outputs.allSatisfy { !$0.restricted })
    }

    @Test func rerenderingTheSameDataGivesIdenticalPages() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let first = try ["index.html", "schools/100001.html", "schools/100001-governors.html", "schools/100002.html"].map { try fixture.page($0) }
        try fixture.render()
        let second = try ["index.html", "schools/100001.html", "schools/100001-governors.html", "schools/100002.html"].map { try fixture.page($0) }
        #expect(first == second)
    }

    @Test func footerSaysWhenTheAggregateRecordedNoDate() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.write(
            attainment: [RenderFixture.attainment("100003", name: "Beta", subject: "Reading", ["10", "8", "80", "3", "30", "103"])],
            gaps: [], generated: nil)
        try fixture.render()
        let page = try fixture.page("schools/100003.html")
        #expect(page.contains("(the aggregate stage recorded no generation date)"))
        #expect(page.contains("<p>No gaps for this year.</p>"))
    }

    @Test func missingInputsAreReportedAsAnUnfinishedStage() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try FileManager.default.removeItem(at: fixture.aggregate.appendingPathComponent("gaps.csv"))
        #expect(throws: GapsError.missingStageOutput(path: fixture.aggregate.path, expected: "gaps.csv")) {
            try fixture.render()
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
        try FileManager.default.removeItem(at: fixture.aggregate.appendingPathComponent("manifest.json"))
        #expect(throws: GapsError.missingStageOutput(path: fixture.aggregate.path, expected: "manifest.json")) {
            try fixture.render()
        }
    }

    @Test func rejectsAURNThatIsNotDigits() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.write(
            attainment: [RenderFixture.attainment("../1", name: "Beta", subject: "Reading", ["10", "8", "80", "3", "30", "103"])],
            gaps: [])
        #expect(throws: GapsError.self) { try fixture.render() }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }
}
