import Foundation
import Testing
@testable import GapsCore

/// Alpha Primary (100001), 2023/24: hand-made progress and entitlement rows, and a restricted list of 14 entitled
/// pupils, D1-D8 disadvantaged and N1-N6 not known to be disadvantaged.
///   (a) KS1 below expected: D1-D7, N1-N5 (12; boys D1-D5, N1-N4 = 9; girls D6, D7, N5 = 3)
///   (b) not progressing KS1 to KS2: D3-D8, N4-N6 (9)
///   any: all 14 (boys D1-D5, N1-N4 = 9; girls D6-D8, N5, N6 = 5)
struct PupilScenario {
    static let disadvantaged = (1...8).map { UPN.make(la: 999, estab: 1001, year: 13, serial: $0) }
    static let others = (1...6).map { UPN.make(la: 999, estab: 1001, year: 13, serial: 100 + $0) }
    static func d(_ n: Int) -> String { disadvantaged[n - 1] }
    static func n(_ k: Int) -> String { others[k - 1] }
    static let surnamePrefix = "Surname"
    static let hostileForename = "<script>alert('pupil')</script>"

    static func listRows() -> [[String]] {
        var rows: [[String]] = []
        func add(_ upn: String, _ label: String, _ entitlement: Entitlement, boy: Bool, disadvantaged: Bool) {
            rows.append(RenderFixture.listRow(
                upn: upn, forename: label == "D1" ? hostileForename : "Forename\(label)", surname: "\(surnamePrefix)\(label)",
                entitlement: entitlement, sex: boy ? "Boys" : "Girls",
                disadvantage: disadvantaged ? "Disadvantaged" : "Not known to be disadvantaged"))
        }
        for i in 1...8 {
            let boy = i <= 5
            if i <= 7 { add(d(i), "D\(i)", .ks1BelowExpected, boy: boy, disadvantaged: true) }
            if i >= 3 { add(d(i), "D\(i)", .notProgressingKS1ToKS2, boy: boy, disadvantaged: true) }
        }
        for k in 1...6 {
            let boy = k <= 4
            if k <= 5 { add(n(k), "N\(k)", .ks1BelowExpected, boy: boy, disadvantaged: false) }
            if k >= 4 { add(n(k), "N\(k)", .notProgressingKS1ToKS2, boy: boy, disadvantaged: false) }
        }
        return rows
    }

    static let a = Entitlement.ks1BelowExpected.rawValue
    static let b = Entitlement.notProgressingKS1ToKS2.rawValue
    static let c = Entitlement.notProgressingKS2ToKS4.rawValue
    static let disadvantagedLabel = "Disadvantaged"
    static let othersLabel = "Not known to be disadvantaged"

    static func entitlementRows() -> [[String]] {
        typealias F = RenderFixture
        return [
            F.entitlement("100001", entitlement: a, ["30", "30", "12", "40"]),
            F.entitlement("100001", entitlement: a, disadvantage: disadvantagedLabel, ["10", "10", "7", "70"]),
            F.entitlement("100001", entitlement: a, disadvantage: othersLabel, ["20", "20", "5", "25"]),
            F.entitlement("100001", entitlement: a, sex: "Boys", ["15", "15", "9", "60"]),
            F.entitlement("100001", entitlement: a, sex: "Girls", ["15", "15", "3", "20"]),
            F.entitlement("100001", entitlement: b, ["30", "28", "9", "32.142857142857146"]),
            F.entitlement("100001", entitlement: b, disadvantage: disadvantagedLabel, ["10", "9", "6", "66.66666666666667"]),
            F.entitlement("100001", entitlement: b, disadvantage: othersLabel, ["20", "19", "3", "15.789473684210526"]),
            F.entitlement("100001", entitlement: b, sex: "Boys", ["c", "c", "c", "c"]),
            F.entitlement("100001", entitlement: b, sex: "Girls", ["15", "14", "5", "35.714285714285715"]),
            // Nobody at a primary school is judged on (c): the pack leaves it out.
            F.entitlement("100001", entitlement: c, ["30", "0", "0", "x"]),
            F.entitlement("100001", entitlement: "Any", ["30", "30", "14", "46.666666666666664"]),
            F.entitlement("100001", entitlement: "Any", disadvantage: disadvantagedLabel, ["10", "10", "8", "80"]),
            F.entitlement("100001", entitlement: "Any", disadvantage: othersLabel, ["20", "20", "6", "30"]),
            F.entitlement("100001", entitlement: "Any", sex: "Boys", ["15", "15", "9", "60"]),
            F.entitlement("100001", entitlement: "Any", sex: "Girls", ["15", "15", "5", "33.333333333333336"]),
            // An intersection: read, counted, never shown.
            F.entitlement("100001", entitlement: "Any", disadvantage: disadvantagedLabel, sex: "Boys", ["c", "c", "c", "c"]),
            F.entitlement(nil, entitlement: a, ["120", "120", "40", "33.333333333333336"]),
        ]
    }

    static func progressRows() -> [[String]] {
        typealias F = RenderFixture
        return [
            // Reading: 7 of 28 not progressing (25%); disadvantaged 4 of 9 (44.4% -> 44), others 3 of 19
            // (15.8% -> 16); average progress scores -2.34 -> -2.3 and 0.61 -> +0.6.
            F.progress("100001", subject: "Reading", ["30", "28", "-0.4", "3", "2", "2", "7", "25"]),
            F.progress("100001", subject: "Reading", disadvantage: disadvantagedLabel,
                       ["10", "9", "-2.34", "2", "1", "1", "4", "44.44444444444444"]),
            F.progress("100001", subject: "Reading", disadvantage: othersLabel,
                       ["20", "19", "0.61", "1", "1", "1", "3", "15.789473684210526"]),
            F.progress("100001", subject: "Reading", sex: "Boys", ["c", "c", "c", "c", "c", "c", "c", "c"]),
            F.progress("100001", subject: "Reading", sex: "Girls", ["25", "23", "0.1", "2", "1", "1", "4", "17.391304347826086"]),
            F.progress("100001", subject: "Reading", band: "Low", ["8", "8", "-1.5", "3", "0", "1", "4", "50"]),
            F.progress("100001", subject: "Reading", band: "No prior attainment", ["2", "0", "x", "0", "0", "0", "0", "x"]),
            F.progress("100001", subject: "Reading", disadvantage: disadvantagedLabel, sex: "Boys",
                       ["c", "c", "c", "c", "c", "c", "c", "c"]),
            // Maths: the disadvantaged count not progressing is suppressed (1 or 2 pupils).
            F.progress("100001", subject: "Maths", ["30", "28", "0.2", "1", "1", "1", "3", "10.714285714285714"]),
            F.progress("100001", subject: "Maths", disadvantage: disadvantagedLabel,
                       ["10", "9", "-1.1", "c", "c", "c", "c", "c"]),
            F.progress("100001", subject: "Maths", disadvantage: othersLabel,
                       ["20", "19", "0.8", "c", "c", "c", "c", "c"]),
            F.progress(nil, subject: "Reading", ["120", "110", "0", "10", "8", "9", "27", "24.545454545454547"]),
        ]
    }

    /// D1, D2, D3, N1, N2, N4 and D8 receive support; then four bad rows, one pupil not on the list and a repeat.
    static let outsider = UPN.make(la: 999, estab: 1001, year: 13, serial: 500)
    static let hostileIntervention = "<b>Maths</b> & \"boost\""
    static func provisionRows() -> [[String]] {
        let wrongCheck = "A" + d(1).dropFirst()  // the body of D1 under another check letter
        return [
            [d(1), "Reading catch-up"],                       // line 2
            [d(2), hostileIntervention],                      // line 3
            [d(3), "Phonics 1:1"],                            // line 4
            [n(1), "Reading catch-up"],                       // line 5
            [n(2), "Speech and language"],                    // line 6
            [n(4), "Maths booster"],                          // line 7
            [d(8), "Writing group"],                          // line 8
            ["X123", "Reading"],                              // line 9: wrong length
            [wrongCheck == d(1) ? "B" + d(1).dropFirst() : wrongCheck, "Maths"],  // line 10: wrong check letter
            [d(1), ""],                                       // line 11: no intervention
            ["", "Maths"],                                    // line 12: no UPN
            [outsider, "Reading catch-up"],                   // line 13: not on the list
            [d(1), "Reading catch-up"],                       // line 14: repeat of line 2
        ]
    }

    static func write(_ fixture: RenderFixture, list: Bool = true) throws {
        try fixture.writeStandard()
        try fixture.writePupilTables(progress: progressRows(), entitlement: entitlementRows(), list: list ? listRows() : nil)
    }
}

@Suite struct RenderProgressTests {
    @Test func progressSectionStatesTheTablesNumbersInWords() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        try fixture.render(provision: nil)
        let pack = try fixture.page("schools/100001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"progress\"", to: "</section>"))

        #expect(section.contains("<h2 id=\"progress-heading\">Progress from key stage 1 to key stage 2</h2>"))
        // 7 / 28 = 25%; 4 / 9 = 44.4% -> 44; 3 / 19 = 15.8% -> 16; -2.34 -> -2.3; 0.61 -> +0.6.
        #expect(section.contains(
            "<li>Reading: of the 28 pupils with KS1 results, 7 (25%) were not progressing. Of the 9 disadvantaged "
                + "pupils with KS1 results, 4 (44%) were not progressing, against 3 of the 19 other pupils (16%). "
                + "Disadvantaged pupils&#39; average progress score in reading was -2.3, against +0.6 for other pupils.</li>"))
        // Maths: 3 / 28 = 10.7% -> 11; the group figures are suppressed, so no group number is stated.
        let maths = try #require(renderSlice(section, from: "<li>Maths:", to: "</li>"))
        #expect(maths.contains("of the 28 pupils with KS1 results, 3 (11%) were not progressing."))
        #expect(maths.contains("The comparison of disadvantaged pupils with other pupils is not published (c)"))
        #expect(!maths.contains(" 9 ") && !maths.contains(" 19 "), "no group count stated beside a suppressed figure")

        // The table: caption, column and row scopes, row groups, the suppressed boys' row as c in every cell.
        let table = try #require(renderSlice(section, from: "<caption>Reading: progress from KS1 to KS2, 2023/24: Alpha Primary</caption>", to: "</table>"))
        #expect(table.contains("<th scope=\"col\" class=\"num\">Average progress score</th>"))
        #expect(table.contains("<th scope=\"rowgroup\" colspan=\"9\">By disadvantage</th>"))
        #expect(table.contains(
            "<tr><th scope=\"row\">Disadvantaged</th><td class=\"num\">10</td><td class=\"num\">9</td><td class=\"num\">-2.3</td>"
                + "<td class=\"num\">2</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">4</td><td class=\"num\">44</td></tr>"))
        #expect(table.contains(
            "<tr><th scope=\"row\">Boys</th>" + String(repeating: "<td class=\"num symbol\">c</td>", count: 8) + "</tr>"))
        #expect(table.contains("<th scope=\"row\">KS1 prior attainment: Low</th>"))
        // The intersection row (disadvantaged boys) is not shown: one Disadvantaged row only.
        #expect(table.components(separatedBy: "<th scope=\"row\">Disadvantaged</th>").count == 2)
        // The page's key explains c.
        #expect(pack.contains("<li>c: fewer than 6 pupils"))
    }

    @Test func entitlementSectionCountsPupilsAndThoseReceivingSupport() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        try fixture.render(provision: try fixture.writeProvision(PupilScenario.provisionRows()))
        let pack = try fixture.page("schools/100001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"entitlement\"", to: "</section>"))

        // (a): 12 of 30 (40%); receiving support D1, D2, D3, N1, N2, N4 = 6 of the 12.
        #expect(section.contains(
            "<li>(a) KS1 below expected in reading, writing or maths: 12 of the 30 pupils judged (40%) were below the "
                + "expected standard at KS1 in reading, writing or maths; 6 of them are receiving support. "
                + "Disadvantaged pupils: 7 of 10 (70%), against 5 of 20 other pupils (25%).</li>"))
        // (b): receiving D3, D8, N4 = 3 of 9.
        #expect(section.contains("9 of the 28 pupils judged (32%) were not progressing from KS1 to KS2 in English or maths; 3 of them are receiving support."))
        // Any: 7 of 14.
        #expect(section.contains("14 of the 30 pupils judged (47%) were entitled on any of (a), (b) or (c); 7 of them are receiving support."))
        // (c): nobody judged, so not shown.
        #expect(!section.contains("(c) Not progressing KS2 to KS4"))

        let table = try #require(renderSlice(section, from: "<caption>Pupils entitled to extra support, 2023/24: Alpha Primary</caption>", to: "</table>"))
        #expect(table.contains("<th scope=\"col\" class=\"num\">Receiving support: % of entitled</th>"))
        #expect(table.contains("<th scope=\"rowgroup\" colspan=\"7\">(a) KS1 below expected in reading, writing or maths</th>"))
        let aRows = try #require(renderSlice(table, from: "(a) KS1 below expected", to: "</tbody>"))
        // (a) all pupils: 6 of 12 = 50%.
        #expect(aRows.contains("<tr><th scope=\"row\">All pupils</th><td class=\"num\">30</td><td class=\"num\">30</td><td class=\"num\">12</td><td class=\"num\">40</td><td class=\"num\">6</td><td class=\"num\">50</td></tr>"))
        // (a) others: N1, N2, N4 = 3 of 5 entitled: out of fewer than 6, so c. Disadvantaged D1-D3 = 3 of 7 would
        // show, but all pupils (6) minus it would give the others' 3: c as well.
        #expect(aRows.contains("<tr><th scope=\"row\">Not known to be disadvantaged</th><td class=\"num\">20</td><td class=\"num\">20</td><td class=\"num\">5</td><td class=\"num\">25</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td></tr>"))
        #expect(aRows.contains("<tr><th scope=\"row\">Disadvantaged</th><td class=\"num\">10</td><td class=\"num\">10</td><td class=\"num\">7</td><td class=\"num\">70</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td></tr>"))
        let anyRows = try #require(renderSlice(table, from: "Any of (a), (b) or (c)", to: "</tbody>"))
        // Any: disadvantaged D1, D2, D3, D8 = 4 of 8 (50%); others N1, N2, N4 = 3 of 6 (50%).
        #expect(anyRows.contains("<tr><th scope=\"row\">Disadvantaged</th><td class=\"num\">10</td><td class=\"num\">10</td><td class=\"num\">8</td><td class=\"num\">80</td><td class=\"num\">4</td><td class=\"num\">50</td></tr>"))
        #expect(anyRows.contains("<tr><th scope=\"row\">Not known to be disadvantaged</th><td class=\"num\">20</td><td class=\"num\">20</td><td class=\"num\">6</td><td class=\"num\">30</td><td class=\"num\">3</td><td class=\"num\">50</td></tr>"))
        // Any: girls D8 only = 1: c; boys 6 of 9 would give it away with all pupils 7: c too.
        #expect(anyRows.contains("<tr><th scope=\"row\">Girls</th><td class=\"num\">15</td><td class=\"num\">15</td><td class=\"num\">5</td><td class=\"num\">33</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td></tr>"))
        #expect(anyRows.contains("<tr><th scope=\"row\">Boys</th><td class=\"num\">15</td><td class=\"num\">15</td><td class=\"num\">9</td><td class=\"num\">60</td><td class=\"num symbol\">c</td><td class=\"num symbol\">c</td></tr>"))
        // (b) boys published as c: every cell c, receiving support too.
        let bRows = try #require(renderSlice(table, from: "(b) Not progressing KS1 to KS2", to: "</tbody>"))
        #expect(bRows.contains("<tr><th scope=\"row\">Boys</th>" + String(repeating: "<td class=\"num symbol\">c</td>", count: 6) + "</tr>"))

        // Said, never linked.
        #expect(section.contains("A restricted list of these pupils"))
        #expect(!pack.contains("restricted/"))
        #expect(!pack.contains("progress-plan"))
    }

    @Test func withoutAProvisionFileThePackSaysSoAndHasNoSupportColumns() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try PupilScenario.write(fixture)
        try fixture.render(provision: nil)
        let pack = try fixture.page("schools/100001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"entitlement\"", to: "</section>"))
        #expect(section.contains("No provision file was given to this report"))
        #expect(!section.contains("Receiving support"))
        #expect(!section.contains("receiving support;") && !section.contains("of them are receiving"))
        #expect(section.contains("12 of the 30 pupils judged (40%) were below the expected standard at KS1 in reading, writing or maths."))
    }

    @Test func aYearWithoutKS1ResultsSaysSoWithoutATableOfZeros() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        // 2023/24's KS1 would have been 2020: 19 pupils, none with KS1 results.
        try fixture.writePupilTables(
            progress: [
                RenderFixture.progress("100001", subject: "Reading", ["19", "0", "x", "0", "0", "0", "0", "x"]),
                RenderFixture.progress("100001", subject: "Reading", disadvantage: "Disadvantaged", ["c", "c", "c", "c", "c", "c", "c", "c"]),
                RenderFixture.progress("100001", subject: "Reading", disadvantage: "Not known to be disadvantaged", ["16", "0", "x", "0", "0", "0", "0", "x"]),
            ],
            entitlement: [], list: nil)
        try fixture.render(provision: nil)
        let pack = try fixture.page("schools/100001.html")
        let section = try #require(renderSlice(pack, from: "<section id=\"progress\"", to: "</section>"))
        #expect(section.contains("<li>Reading: none of the 19 pupils had KS1 results in reading, writing and maths"))
        #expect(!section.contains("<table"))
        #expect(!section.contains("not available (x)"))
    }

    @Test func supportCountsSuppressSmallNumbersAndTheirComplement() throws {
        // Hand-built: 10 entitled pupils, 7 disadvantaged, 3 others; provision lists 2 disadvantaged, 1 other.
        let columns = Dictionary(uniqueKeysWithValues: ProgressOutputs.pupilListColumns.enumerated().map { ($1, $0) })
        let rows = try (1...10).map { i in
            try SupportListRecord(row: TableRow(
                fields: RenderFixture.listRow(
                    urn: "1", upn: "U\(i)", forename: "F", surname: "S", entitlement: .ks1BelowExpected, sex: "Boys",
                    disadvantage: i <= 7 ? "Disadvantaged" : "Not known to be disadvantaged"),
                columnIndex: columns, location: SourceLocation(file: "list.csv", line: i + 1)))
        }
        let counts = SupportCounts(list: rows, provisionUPNs: ["U1", "U2", "U3", "U4", "U8"])
        let key = SupportCounts.Key(urn: "1", period: "202324", entitlement: Entitlement.ks1BelowExpected.rawValue, group: "Total")
        #expect(counts.entitledCount(key) == 10)
        #expect(counts.receivingCount(key) == 5)
        // All pupils: 5 of 10 = 50%.
        let all = counts.published(key, entitledCount: .number(10), pairedGroup: nil, pairedEntitledCount: nil, totalEntitledCount: nil)
        #expect(all.count == .number(5) && all.percent == .number(50))
        // Others: 1 receiving, so c; disadvantaged 4 of 7 alone would show, but 5 - 4 gives the others' 1: c.
        var disadvantaged = key
        disadvantaged.group = "Disadvantaged"
        let shown = counts.published(
            disadvantaged, entitledCount: .number(7), pairedGroup: "Not known to be disadvantaged",
            pairedEntitledCount: .number(3), totalEntitledCount: .number(10))
        #expect(shown.count == .symbol(.suppressed) && shown.percent == .symbol(.suppressed))
        // Any entitled count that is itself suppressed passes its symbol on; the "Any" key counts each pupil once.
        var any = key
        any.entitlement = "Any"
        #expect(counts.entitledCount(any) == 10)
        #expect(counts.published(any, entitledCount: .symbol(.suppressed), pairedGroup: nil, pairedEntitledCount: nil,
                                 totalEntitledCount: nil).count == .symbol(.suppressed))
        // A pupil list without the group columns (an older aggregate output): by group not available, never 0.
        let ungrouped = rows.map { row -> SupportListRecord in
            var copy = row
            copy.disadvantage = ""
            copy.sex = ""
            return copy
        }
        let withoutGroups = SupportCounts(list: ungrouped, provisionUPNs: ["U1", "U2", "U3", "U4", "U8"])
        #expect(withoutGroups.published(key, entitledCount: .number(10), pairedGroup: nil, pairedEntitledCount: nil,
                                        totalEntitledCount: nil).count == .number(5))
        #expect(withoutGroups.published(
            disadvantaged, entitledCount: .number(7), pairedGroup: nil, pairedEntitledCount: nil,
            totalEntitledCount: nil).count == .symbol(.notAvailable))
        // No provision file: not available, never zero.
        let none = SupportCounts(list: rows, provisionUPNs: nil)
        #expect(none.published(key, entitledCount: .number(10), pairedGroup: nil, pairedEntitledCount: nil,
                               totalEntitledCount: nil).count == .symbol(.notAvailable))
    }

    @Test func aNumberInExponentFormReadsDespiteItsSpreadsheetApostrophe() throws {
        // The aggregate stage wrote an LA average of -4.7e-15 (zero but for rounding), which spreadsheet safety
        // prefixed with an apostrophe because it is not a plain number.
        let written = SpreadsheetSafety.neutralise("-4.736951571734001e-15")
        #expect(written == "'-4.736951571734001e-15")
        let fields = RenderFixture.progress(nil, subject: "Reading", ["120", "110", written, "10", "8", "9", "27", "24.5"])
        let columns = Dictionary(uniqueKeysWithValues: RenderFixture.progressColumns.enumerated().map { ($1, $0) })
        let record = try PublishedProgressRecord(
            row: TableRow(fields: fields, columnIndex: columns, location: SourceLocation(file: "progress.csv", line: 2)))
        #expect(record.averageProgress == .number(-4.736951571734001e-15))
        #expect(DisplayFormat.value(record.averageProgress, places: 1, signed: true) == "0.0")
        // Text that merely starts with an apostrophe is still not a number.
        var bad = fields
        bad[RenderFixture.progressColumns.firstIndex(of: "average_progress_score")!] = "'12"
        #expect(throws: GapsError.self) {
            try PublishedProgressRecord(row: TableRow(fields: bad, columnIndex: columns, location: SourceLocation(file: "progress.csv", line: 3)))
        }
    }

    @Test func anAggregateOutputWithoutProgressFilesStillRenders() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let summary = try fixture.render()
        #expect(summary.restrictedPages == 0)
        let pack = try fixture.page("schools/100001.html")
        #expect(pack.contains("No progress figures were published for this school"))
        #expect(!FileManager.default.fileExists(atPath: fixture.output.appendingPathComponent("restricted").path))
    }
}
