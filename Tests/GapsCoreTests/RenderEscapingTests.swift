import Foundation
import Testing
@testable import GapsCore

/// Text an attacker (or an unlucky MIS export) could put in a school name, an LA name or a group label.
private let hostileStrings = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://x\")",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
]

/// The only elements our pages use; anything else in an output would have come from data.
private let allowedTags: Set<String> = [
    "!doctype", "html", "head", "meta", "title", "style", "body", "header", "nav", "main", "section", "footer", "div",
    "h1", "h2", "h3", "h4", "p", "ul", "li", "a", "span", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "svg", "desc", "g", "text", "line", "circle", "rect",
]

@Suite struct RenderEscapingTests {
    @Test func hostileNamesAndLabelsRenderAsTextInEveryDocument() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        let laName = hostileStrings[1] + hostileStrings[0]
        let rwm = "Reading, writing and maths"
        var attainment: [[String]] = []
        var gaps: [[String]] = []
        for (offset, name) in hostileStrings.enumerated() {
            let urn = "30000\(offset + 1)"
            attainment.append(RenderFixture.attainment(urn, name: name, laName: laName, subject: rwm, ["30", "20", "66.7", "3", "10", "z"]))
            // Group labels from data: an ethnicity group, and the two groups of a gap.
            attainment.append(RenderFixture.attainment(
                urn, name: name, laName: laName, subject: rwm, ethnicity: hostileStrings[(offset + 1) % 6], ["10", "5", "50", "c", "c", "z"]))
            attainment.append(RenderFixture.attainment(
                urn, name: name, laName: laName, subject: hostileStrings[5], ["30", "20", "66.7", "3", "10", "101"]))
            gaps.append(RenderFixture.gap(
                urn, name: name, laName: laName, subject: rwm, breakdown: "Disadvantage",
                ["10", "50", "20", "60", "-10", "-20", "0", "No", "-0.2"]))
            gaps.append(RenderFixture.gap(
                urn, name: name, laName: laName, subject: rwm, breakdown: hostileStrings[2],
                group: hostileStrings[0], comparisonGroup: hostileStrings[1],
                ["12", "40", "18", "55", "-15", "-40", "10", "No", "-0.3"]))
        }
        attainment.append(RenderFixture.attainment(nil, laName: laName, subject: rwm, ["180", "120", "66.7", "18", "10", "z"]))
        try fixture.write(attainment: attainment, gaps: gaps)
        // Progress, entitlement, the restricted pupil list and the provision file carry the same payloads: in
        // school names, a subject, pupils' names, evidence and interventions.
        var progress: [[String]] = [], entitlement: [[String]] = [], list: [[String]] = [], provision: [[String]] = []
        for (offset, name) in hostileStrings.enumerated() {
            let urn = "30000\(offset + 1)", upn = UPN.make(la: 999, estab: 3000, year: 13, serial: offset + 1)
            let payload = hostileStrings[(offset + 2) % 6]
            progress.append(RenderFixture.progress(urn, name: name, subject: payload, ["20", "18", "-1.5", "3", "1", "1", "5", "27.8"]))
            entitlement.append(RenderFixture.entitlement(urn, name: name, entitlement: payload, ["20", "20", "8", "40"]))
            list.append(RenderFixture.listRow(
                urn: urn, name: name, upn: upn, forename: payload, surname: hostileStrings[(offset + 3) % 6],
                entitlement: .ks1BelowExpected, subject: payload, evidence: payload, prior: payload, later: payload,
                sex: "Boys", disadvantage: payload))
            provision.append([upn, hostileStrings[(offset + 4) % 6]])
        }
        try fixture.writePupilTables(progress: progress, entitlement: entitlement, list: list)
        // The trends, distributions, data-quality and LA-wide tables name the same schools and LA.
        let schools = hostileStrings.enumerated().map { (urn: "30000\($0.offset + 1)", name: $0.element) }
        try fixture.writeAnalysis(schools: schools, laName: laName)
        // Key stage 4 figures for every school (all-through), and a school with KS4 pupils only (300007), written with
        // the KS2 characteristic rows (a payload as a group label) into the same two files.
        let characteristic = fixture.characteristicRows(schools: schools, laName: laName, groupLabel: hostileStrings[0])
        try fixture.writeHostileSecondary(schools: schools, payloads: hostileStrings, laName: laName,
                                          extraAttainment: characteristic.attainment, extraGaps: characteristic.gaps)
        try fixture.render(provision: try fixture.writeProvision(provision))

        let files = try #require(FileManager.default.subpaths(atPath: fixture.output.path)).filter { $0.hasSuffix(".html") }
        #expect(files.count == 1 + 3 * hostileStrings.count + 2)
        for file in files {
            let html = try fixture.page(file)
            for tag in htmlTags(html) {
                let name = tag.name.hasPrefix("/") ? String(tag.name.dropFirst()) : tag.name
                #expect(allowedTags.contains(name), "\(file): unexpected element <\(tag.text)>")
                // Attribute names only (our values are all double-quoted, and escaped values hold no quote): no
                // event handler such as onerror can have been created by data.
                let names = tag.text.replacingOccurrences(of: #""[^"]*""#, with: "", options: .regularExpression)
                #expect(names.range(of: #"\bon[a-z]+\s*="#, options: [.regularExpression, .caseInsensitive]) == nil,
                        "\(file): <\(tag.text)>")
            }
            for hostile in hostileStrings where hostile.contains(where: { "<>\"".contains($0) }) {
                #expect(!html.contains(hostile), "\(file) holds \(hostile) unescaped")
            }
            // The spreadsheet-safety apostrophe is never shown: names read as the school has them.
            #expect(!html.contains("&#39;+cmd") && !html.contains("&#39;-2+3") && !html.contains("&#39;@SUM"), "\(file)")
        }
        // Each name appears, escaped, as its pack's heading; the LA name in the overview's.
        for (offset, name) in hostileStrings.enumerated() {
            let pack = try fixture.page("schools/30000\(offset + 1).html")
            #expect(pack.contains("<h1>\(HTMLEscaping.escape(name))</h1>"))
            let governors = try fixture.page("schools/30000\(offset + 1)-governors.html")
            #expect(governors.contains("<h1>\(HTMLEscaping.escape(name)): summary for governors</h1>"))
            // In the printed header, the name is a CSS string with every special character as a hex escape.
            #expect(pack.contains("@top-left { content: \(CSSEscaping.quotedString(name + ": evidence pack")); }"))
        }
        // The restricted list shows the pupil's name and intervention as text, and its heading the school's.
        for (offset, name) in hostileStrings.enumerated() {
            let plan = try fixture.page("restricted/30000\(offset + 1)-progress-plan.html")
            #expect(plan.contains("<h1>\(HTMLEscaping.escape(name)): pupil progress-plan list</h1>"))
            let surname = hostileStrings[(offset + 3) % 6], forename = hostileStrings[(offset + 2) % 6]
            #expect(plan.contains(">\(HTMLEscaping.escape(surname)), \(HTMLEscaping.escape(forename))</h3>"))
            #expect(plan.contains("<li>Intervention: \(HTMLEscaping.escape(hostileStrings[(offset + 4) % 6]))</li>"))
        }
        let index = try fixture.page("index.html")
        #expect(index.contains("<h1>Attainment gaps: \(HTMLEscaping.escape(laName))</h1>"))
        // Through the new sections: every pack has its trends, distributions and data quality; the overview names
        // the schools in the bucking-the-trend chart (SVG text) and table, and in the low-attaining table.
        for offset in hostileStrings.indices {
            let pack = try fixture.page("schools/30000\(offset + 1).html")
            for id in ["trends", "distributions", "data-quality", "characteristics", "ks4-attainment", "ks4-gaps", "ks4-progress"] {
                #expect(pack.contains("<section id=\"\(id)\""), "\(id)")
            }
        }
        let secondaryPack = try fixture.page("schools/300007.html")
        #expect(secondaryPack.contains("<h1>\(HTMLEscaping.escape(hostileStrings[0] + " KS4"))</h1>"))
        #expect(index.contains(">\(HTMLEscaping.escape(hostileStrings[0] + " KS4"))</a></th>"))
        #expect(index.contains(">1. \(HTMLEscaping.escape(hostileStrings[0]))</text>"))
        #expect(index.contains("<a href=\"schools/300002.html\">\(HTMLEscaping.escape(hostileStrings[1]))</a></th><td>Quintile 1"))
        #expect(index.contains("<li>\(HTMLEscaping.escape(hostileStrings[0])) ranks first") || index.contains(
            "reading, writing and maths was -12 percentage points. \(HTMLEscaping.escape(hostileStrings[0])) ranks first"))
        // Group labels reach the chart (escaped inside SVG text) and the sentences.
        let pack = try fixture.page("schools/300004.html")
        #expect(pack.contains(
            ">\(HTMLEscaping.escape(hostileStrings[0])) \u{2212} \(HTMLEscaping.escape(hostileStrings[1]))</text>"))
        #expect(pack.contains("<li>\(HTMLEscaping.escape(hostileStrings[0]))&#39;s rate of reaching"))
        #expect(pack.contains("<caption>@SUM(A1), 2023/24: +cmd</caption>"))
        // A group label of the characteristic tables, as a row heading and in the sentence naming its gap.
        #expect(pack.contains("<th scope=\"row\">\(HTMLEscaping.escape(hostileStrings[0]))</th>"))
        #expect(pack.contains("is for pupils recorded as \(HTMLEscaping.escape(hostileStrings[0])): their rate"))
    }

    @Test func publishedCSVNeutralisesFormulasButKeepsNegativeNumbers() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neutralise-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        let cells = ["=HYPERLINK(\"http://x\")", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "\r\n=1+1", "-3.5", "-12", "3", "Oak", ""]
        let writer = try CSVWriter(url: url, header: cells.indices.map { "c\($0)" }, restricted: false, neutraliseFormulas: true)
        try writer.write(cells)
        try writer.close()
        var read: [String] = []
        try TableFile.forEachRow(in: url) { row in read = row.fields }
        #expect(read == [
            "'=HYPERLINK(\"http://x\")", "'+cmd", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "'\r\n=1+1", "-3.5", "-12", "3", "Oak", "",
        ])
        // The rule itself: a trigger character first, unless the whole cell is a plain number.
        #expect(SpreadsheetSafety.neutralise("-3.5") == "-3.5")
        #expect(SpreadsheetSafety.neutralise("-12") == "-12")
        #expect(SpreadsheetSafety.neutralise("-inf") == "'-inf")
        #expect(SpreadsheetSafety.neutralise("-nan") == "'-nan")
        #expect(SpreadsheetSafety.neutralise("@") == "'@")
    }
}
