import Foundation
import Testing
@testable import GapsCore

/// The key stage 2 disadvantage gap index of `gap-index.csv` in a primary school's pack and the LA overview, beside
/// the LA's key stage 4 index: each page takes its own place's rows of its own key stage. Figures are chosen by hand.
@Suite struct RenderGapIndexTests {
    static let ks2 = "Mean of KS2 reading and maths scaled scores", ks4 = "Mean of KS4 English and maths grades"

    /// Alpha Primary (100001), KS2 within the school: 2022/23 58 pupils ranked, 20 disadvantaged, not ranked
    /// withheld (`c`), index 2.346 (shown 2.35); 2023/24 60, 21, 0 not ranked, 3.104 (3.10). The LA, KS2:
    /// 2023/24 600, 180, 5, 2.718 (2.72); KS4: 2023/24 290, 88, 10, 3.456 (3.46). A row ranked on another
    /// measure is set aside.
    func writeGapIndex(_ fixture: RenderFixture) throws {
        func at(_ urn: String?, _ period: String) -> [String] {
            RenderFixture.geography(urn, name: urn == nil ? "" : "Alpha Primary", period: period, laName: RenderFixture.laName)
        }
        try fixture.writeTable("gap-index.csv", columns: RenderKeyStageTrendsTests.gapIndexColumns, rows: [
            at("100001", "202223") + [Self.ks2, "Within school", "58", "20", "c", "2.346"],
            at("100001", "202324") + [Self.ks2, "Within school", "60", "21", "0", "3.104"],
            at(nil, "202324") + [Self.ks2, "Within local authority", "600", "180", "5", "2.718"],
            at(nil, "202324") + [Self.ks4, "Within local authority", "290", "88", "10", "3.456"],
            at(nil, "202324") + ["Mean of KS1 points", "Within local authority", "600", "180", "5", "9.99"],
        ])
    }

    func section(_ page: String, _ id: String) throws -> String {
        try #require(renderSlice(page, from: "<section id=\"\(id)\"", to: "</section>"))
    }

    @Test func primaryPackAndOverviewShowTheKeyStageTwoIndex() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        try writeGapIndex(fixture)
        try fixture.render()

        let pack = try section(try fixture.page("schools/100001.html"), "gap-index")
        #expect(pack.contains(">Disadvantage gap index<"))
        #expect(pack.contains("ranked together on the mean of their reading and maths scaled scores, in 2022/23 and 2023/24"))
        #expect(pack.contains(
            "Disadvantage gap index within the school, 2023/24: 3.10, ranking the 60 pupils with both a reading and a maths "
                + "scaled score on their mean score (21 of them disadvantaged)."))
        // No pupil was left out in 2023/24: no sentence about them.
        #expect(!pack.contains("are not ranked:"))
        #expect(pack.contains("<th scope=\"row\">2023/24</th><td class=\"num\">60</td><td class=\"num\">21</td><td class=\"num\">0</td><td class=\"num\">3.10</td>"))
        #expect(pack.contains("<th scope=\"row\">2022/23</th><td class=\"num\">58</td><td class=\"num\">20</td><td class=\"num symbol\">c</td><td class=\"num\">2.35</td>"))
        #expect(!pack.contains("2.72") && !pack.contains("3.46"))

        let overview = try fixture.page("index.html")
        let ks2 = try section(overview, "la-ks2-gap-index")
        #expect(ks2.contains(">Exampleshire: key stage 2 disadvantage gap index<"))
        #expect(ks2.contains(
            "Disadvantage gap index across the local authority, 2023/24: 2.72, ranking the 600 key stage 2 pupils with both "
                + "a reading and a maths scaled score on their mean score (180 of them disadvantaged)."))
        #expect(ks2.contains("Pupils in the reading or maths cohort without both scaled scores are not ranked: 5."))
        #expect(!ks2.contains("3.46") && !ks2.contains("3.10") && !ks2.contains("9.99"))
        let ks4 = try section(overview, "la-ks4-gap-index")
        #expect(ks4.contains("3.46") && !ks4.contains("2.72"))
    }

    /// A withheld latest year is said so, with the year, and no figure of the row.
    @Test func aWithheldKeyStageTwoIndexIsSaidSo() throws {
        let fixture = try RenderFixture()
        defer { fixture.remove() }
        try fixture.writeStandard()
        let school = RenderFixture.geography("100001", name: "Alpha Primary", period: "202324", laName: RenderFixture.laName)
        try fixture.writeTable("gap-index.csv", columns: RenderKeyStageTrendsTests.gapIndexColumns, rows: [
            school + [Self.ks2, "Within school", "30", "c", "0", "c"],
        ])
        try fixture.render()

        let pack = try section(try fixture.page("schools/100001.html"), "gap-index")
        #expect(pack.contains("The 2023/24 disadvantage gap index within the school is not published (c)"))
        #expect(!pack.contains("ranking the"))
        #expect(!(try fixture.page("index.html")).contains("id=\"la-ks2-gap-index\""))
    }
}
