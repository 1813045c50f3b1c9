import Foundation
import Testing
@testable import GapsCore

/// Builds a small aggregate output (attainment.csv, gaps.csv, manifest.json) in a temporary directory.
private struct AggregateFixture {
    static let maliciousName = #"<script>alert(1)</script> & "Co""#
    static let escapedMaliciousName = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"

    let directory: URL
    var aggregate: URL { directory.appendingPathComponent("aggregate") }
    var output: URL { directory.appendingPathComponent("render") }

    static let attainmentColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "sex",
        "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
    ]
    static let gapColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "indicator",
        "breakdown", "comparator", "group", "comparison_group", "group_count", "group_value", "comparison_count",
        "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci", "significant", "effect_size", "ci_method",
    ]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("aggregate"), withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private static func place(_ urn: String?, name: String = "") -> [String: String] {
        var fields = [
            "time_period": "202324", "time_identifier": "Academic year", "country_code": "E92000001",
            "country_name": "England", "old_la_code": "999", "new_la_code": "E06000999", "la_name": "Exampleshire",
        ]
        if let urn {
            fields["geographic_level"] = "School"
            fields["school_urn"] = urn
            fields["school_laestab"] = "999" + urn.suffix(4)
            fields["school_name"] = name
        } else {
            fields["geographic_level"] = "Local authority"
        }
        return fields
    }

    /// An attainment row; `values` are pupils, expected n, expected %, higher n, higher %, average score.
    static func attainment(
        _ urn: String?, name: String = "", subject: String, sex: String = "Total", disadvantage: String = "Total",
        ethnicity: String = "Total", _ values: [String]
    ) -> [String] {
        var fields = place(urn, name: name)
        fields["subject"] = subject
        fields["sex"] = sex
        fields["disadvantage_status"] = disadvantage
        fields["ethnicity_major"] = ethnicity
        for (column, value) in zip(attainmentColumns.suffix(6), values) { fields[column] = value }
        return attainmentColumns.map { fields[$0] ?? "" }
    }

    /// A gap row; `values` are group n, group value, comparison n, comparison value, gap, lower, upper,
    /// significant, effect size.
    static func gap(
        _ urn: String?, name: String = "", subject: String, indicator: String = "Expected standard",
        breakdown: String, comparator: String = "Within school", _ values: [String]
    ) -> [String] {
        var fields = place(urn, name: name)
        fields["subject"] = subject
        fields["indicator"] = indicator
        fields["breakdown"] = breakdown
        fields["comparator"] = comparator
        fields["group"] = breakdown == "Sex" ? "Boys" : "Disadvantaged"
        fields["comparison_group"] = breakdown == "Sex" ? "Girls" : "Not known to be disadvantaged"
        let valueColumns = ["group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci",
                            "gap_upper_ci", "significant", "effect_size"]
        for (column, value) in zip(valueColumns, values) { fields[column] = value }
        fields["ci_method"] = "Newcombe hybrid score"
        return gapColumns.map { fields[$0] ?? "" }
    }

    func write(attainment: [[String]], gaps: [[String]], generated: String? = "2024-09-30") throws {
        let attainmentWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("attainment.csv"), header: Self.attainmentColumns, restricted: false,
            neutraliseFormulas: true)
        for row in attainment { try attainmentWriter.write(row) }
        try attainmentWriter.close()
        let gapsWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("gaps.csv"), header: Self.gapColumns, restricted: false,
            neutraliseFormulas: true)
        for row in gaps { try gapsWriter.write(row) }
        try gapsWriter.close()
        let date = generated.map { ", \"generated\": \"\($0)\"" } ?? ""
        let manifest = #"{"stage": "aggregate", "toolVersion": "0.1.0", "inputs": [], "outputs": [], "counts": {}"#
            + date + "}"
        try Data(manifest.utf8).write(to: aggregate.appendingPathComponent("manifest.json"))
    }

    /// Two schools (one with a hostile name) and the LA, 2023/24. School 100001 has suppressed cells and one
    /// suppressed gap; its drawable gaps are -10 [-20, 0] and +5 [0, 10].
    func writeStandard() throws {
        let alpha = "Alpha Primary"
        let hostile = Self.maliciousName
        try write(
            attainment: [
                Self.attainment(nil, subject: "Reading, writing and maths", ["120", "80", "66.66666666666667", "12", "10", "z"]),
                Self.attainment(nil, subject: "Reading, writing and maths", disadvantage: "Disadvantaged", ["40", "20", "50", "3", "7.5", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", ["30", "20", "66.66666666666667", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", disadvantage: "Disadvantaged", ["c", "c", "c", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", disadvantage: "Not known to be disadvantaged", ["25", "18", "72", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading", ["30", "24", "80", "9", "30", "104.25"]),
                // An intersection: counted, set aside, never shown in a headline table.
                Self.attainment("100001", name: alpha, subject: "Reading", sex: "Boys", disadvantage: "Disadvantaged", ["c", "c", "c", "c", "c", "c"]),
                Self.attainment("100002", name: hostile, subject: "Reading, writing and maths", ["40", "30", "75", "8", "20", "z"]),
            ],
            gaps: [
                Self.gap("100001", name: alpha, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         ["10", "50", "20", "60", "-10", "-20", "0", "No", "-0.2"]),
                Self.gap("100001", name: alpha, subject: "Reading", breakdown: "Sex",
                         ["15", "82.5", "15", "77.5", "5", "0", "10", "No", "0.12"]),
                Self.gap("100001", name: alpha, subject: "Writing", breakdown: "Sex",
                         ["c", "c", "c", "c", "c", "c", "c", "c", "c"]),
                Self.gap("100002", name: hostile, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         ["12", "50", "28", "85.71428571428571", "-35.71428571428571", "-60.1", "-8.4", "Yes", "-0.8"]),
                Self.gap(nil, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         comparator: "Within local authority",
                         ["40", "50", "80", "75", "-25", "-42.5", "-6.25", "Yes", "-0.5"]),
            ])
    }

    func page(_ relativePath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(relativePath), encoding: .utf8)
    }

    @discardableResult
    func render(layout: GapChartLayout = GapChartLayout(plotWidth: 300)) throws -> RenderSummary {
        try RenderStage.run(aggregateDirectory: aggregate.path, outputDirectory: output.path, chartLayout: layout)
    }
}

/// The text between the first `start` at or after `from` and the next `end`, inclusive.
private func slice(_ text: String, from start: String, to end: String, after anchor: String? = nil) -> String? {
    var searchStart = text.startIndex
    if let anchor, let anchorRange = text.range(of: anchor) { searchStart = anchorRange.upperBound }
    guard let lower = text.range(of: start, range: searchStart..<text.endIndex),
          let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
    else { return nil }
    return String(text[lower.lowerBound..<upper.upperBound])
}

/// Every `name="value"` attribute of every element with `class="<className>"` in `svg`, in document order.
private func elements(withClass className: String, in svg: String) -> [[String: String]] {
    var found: [[String: String]] = []
    var rest = Substring(svg)
    while let marker = rest.range(of: "class=\"\(className)\"") {
        let elementStart = rest[..<marker.lowerBound].lastIndex(of: "<") ?? marker.lowerBound
        let elementEnd = rest[marker.upperBound...].firstIndex(of: ">") ?? rest.endIndex
        let element = String(rest[elementStart..<elementEnd])
        var attributes: [String: String] = [:]
        for part in element.split(separator: " ") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2 { attributes[String(pieces[0])] = pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"/")) }
        }
        found.append(attributes)
        rest = rest[elementEnd...]
    }
    return found
}

@Suite struct RenderPagesTests {
    @Test func writesAPagePerSchoolAndTheIndexLinksToEach() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let summary = try fixture.render()

        #expect(summary.schoolPages == 2)
        #expect(summary.indexURL == fixture.output.appendingPathComponent("index.html").standardizedFileURL)
        let index = try fixture.page("index.html")
        #expect(index.contains(#"<a href="schools/100001.html">Alpha Primary</a>"#))
        #expect(index.contains(#"<a href="schools/100002.html">\#(AggregateFixture.escapedMaliciousName)</a>"#))
        #expect(index.contains("<h1>Attainment gaps: Exampleshire</h1>"))
        #expect(index.contains(#"<h2 id="year-202324">2023/24</h2>"#))
        // Alpha's overview row: 30 pupils, 66.67% -> 67, gap -10 with interval -20 to 0.
        #expect(index.contains(
            #"<tr><th scope="row"><a href="schools/100001.html">Alpha Primary</a></th><td>100001</td><td class="num">30</td><td class="num">67</td><td class="num">-10</td><td class="num">-20 to 0</td></tr>"#))
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
        let reading = try #require(slice(alpha, from: "<caption>Reading, 2023/24", to: "</table>"))
        #expect(!reading.contains("Boys"))
        #expect(!reading.contains("Disadvantaged"))
        // The all-pupils row has no row-group heading (and nothing borrowed from the page, such as its name).
        #expect(!reading.contains("rowgroup"))
        #expect(reading.components(separatedBy: "Alpha Primary").count == 2, "the name only in the caption")
    }

    @Test func suppressedValuesShowAsCWithTheFootnoteAndNoNumber() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let alpha = try fixture.page("schools/100001.html")
        let footnote = "c: fewer than 6 pupils, or 1 or 2 meeting the standard, or withheld so that such a figure cannot be worked out from the others; suppressed to protect confidentiality"

        // Disadvantaged pupils at Alpha: every value suppressed, so every cell is c (RWM has no score: z).
        #expect(alpha.contains(
            #"<tr><th scope="row">Disadvantaged</th><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">z</td></tr>"#))
        // Higher standard suppressed next to numbers that are shown.
        #expect(alpha.contains(
            #"<tr><th scope="row">All pupils</th><td class="num">30</td><td class="num">20</td><td class="num">67</td><td class="num symbol">c</td><td class="num symbol">c</td><td class="num symbol">z</td></tr>"#))
        #expect(alpha.contains(footnote))
        // The suppressed Writing gap: its table row holds no digit at all, and it is listed as not drawn.
        let writingRow = try #require(slice(alpha, from: #"<tr><th scope="row">Writing</th>"#, to: "</tr>"))
        #expect(writingRow.contains(#"<td class="num symbol">c</td>"#))
        let digitsInWritingRow = writingRow.filter(\.isNumber)
        #expect(digitsInWritingRow.isEmpty)
        #expect(alpha.contains("<li>Writing, sex: suppressed (c)</li>"))
        let svg = try #require(slice(alpha, from: "<svg", to: "</svg>"))
        #expect(!svg.contains("Writing"))

        // The hostile-name school has no suppressed value, so its key explains z but not c.
        let hostile = try fixture.page("schools/100002.html")
        #expect(!hostile.contains(footnote))
        #expect(hostile.contains("z: not applicable"))
    }

    @Test func escapesAHostileSchoolNameInTablesAndInTheChart() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let page = try fixture.page("schools/100002.html")
        let index = try fixture.page("index.html")
        for html in [page, index] {
            #expect(!html.contains("<script"))
            #expect(!html.contains(AggregateFixture.maliciousName))
        }
        #expect(page.contains("<h1>\(AggregateFixture.escapedMaliciousName)</h1>"))
        #expect(page.contains("<title>\(AggregateFixture.escapedMaliciousName): attainment gaps</title>"))
        let svg = try #require(slice(page, from: "<svg", to: "</svg>"))
        #expect(svg.contains(#"role="img""#))
        #expect(svg.contains(
            "<title id=\"chart-202324-2-title\">Expected standard gaps, within school, 2023/24: \(AggregateFixture.escapedMaliciousName)</title>"))
        #expect(svg.contains(#"aria-label="Expected standard gaps, within school, 2023/24: \#(AggregateFixture.escapedMaliciousName)""#))
    }

    @Test func chartDrawsOneWhiskerPerGapAtHandComputedPositions() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render(layout: GapChartLayout(plotWidth: 300))
        let alpha = try fixture.page("schools/100001.html")
        let svg = try #require(slice(alpha, from: "<svg", to: "</svg>"))

        // Gaps -10 [-20, 0] (RWM, disadvantage) and +5 [0, 10] (Reading, sex); Writing is suppressed.
        // Axis -20 ... 10 over 300 px: x(v) = (v + 20) / 30 * 300, so x(-20) = 0, x(-10) = 100, x(0) = 200,
        // x(5) = 250, x(10) = 300. Reading comes before RWM in subject order.
        let whiskers = elements(withClass: "whisker", in: svg)
        #expect(whiskers.count == 2)
        #expect(whiskers.map { [$0["x1"], $0["x2"]] } == [["200", "300"], ["0", "200"]])
        let estimates = elements(withClass: "estimate", in: svg)
        #expect(estimates.map { $0["cx"] } == ["250", "100"])
        // Neither gap is significant: open (white) points.
        #expect(estimates.allSatisfy { $0["fill"] == "#ffffff" })
        // Zero line at x(0) = 200, ticks at -20, -10, 0, 10.
        #expect(elements(withClass: "zero", in: svg).map { $0["x1"] } == ["200"])
        #expect(elements(withClass: "tick", in: svg).map { $0["x1"] } == ["0", "100", "200", "300"])
        #expect(svg.contains(">Gap in percentage points (group minus comparison)</text>"))
        #expect(svg.contains(">+5 (0 to 10)</text>"))
        // Colour-blind-safe colours: disadvantage and sex get Okabe-Ito blue and vermillion.
        #expect(svg.contains(##"stroke="#0072B2""##) && svg.contains(##"stroke="#D55E00""##))

        // The significant gap at the other school is drawn filled.
        let hostile = try fixture.page("schools/100002.html")
        let hostileSVG = try #require(slice(hostile, from: "<svg", to: "</svg>"))
        #expect(elements(withClass: "estimate", in: hostileSVG).map { $0["fill"] } == ["#0072B2"])
    }

    @Test func outputHasNoWebAddressesNoScriptsAndAManifestWrittenLast() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()

        let files = try #require(FileManager.default.subpaths(atPath: fixture.output.path)).sorted()
        #expect(files == ["index.html", "manifest.json", "schools", "schools/100001.html", "schools/100002.html"])
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
        #expect(manifest.outputs.map(\.file) == ["index.html", "schools/100002.html", "schools/100001.html"])
        #expect(manifest.outputs.allSatisfy { !$0.restricted })
    }

    @Test func rerenderingTheSameDataGivesIdenticalPages() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try fixture.render()
        let first = try ["index.html", "schools/100001.html", "schools/100002.html"].map { try fixture.page($0) }
        try fixture.render()
        let second = try ["index.html", "schools/100001.html", "schools/100002.html"].map { try fixture.page($0) }
        #expect(first == second)
    }

    @Test func footerSaysWhenTheAggregateRecordedNoDate() throws {
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.write(
            attainment: [AggregateFixture.attainment("100003", name: "Beta", subject: "Reading", ["10", "8", "80", "3", "30", "103"])],
            gaps: [], generated: nil)
        try fixture.render()
        let page = try fixture.page("schools/100003.html")
        #expect(page.contains("(the aggregate stage recorded no generation date)"))
        #expect(page.contains("<p>No gaps for this year.</p>"))
    }

    @Test func missingInputsAreReportedAsAnUnfinishedStage() throws {
        let fixture = try AggregateFixture()
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
        let fixture = try AggregateFixture()
        defer { fixture.remove() }
        try fixture.write(
            attainment: [AggregateFixture.attainment("../1", name: "Beta", subject: "Reading", ["10", "8", "80", "3", "30", "103"])],
            gaps: [])
        #expect(throws: GapsError.self) { try fixture.render() }
        #expect(!FileManager.default.fileExists(atPath: fixture.output.path))
    }
}
