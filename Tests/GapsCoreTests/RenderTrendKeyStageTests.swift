import Foundation
import Testing
@testable import GapsCore

/// The render stage's trend charts show key stage 2 from a `trends.csv` that also holds key stages 1 and 4: the same
/// pages as from a KS2-only file without the `key_stage` column (the layout before it was added).
@Suite struct RenderTrendKeyStageTests {
    /// `RenderFixture.writeTrends`' rows with a `key_stage` column (`Key stage 2`), and KS1 rows for the same subject
    /// names (reading, writing and maths: a gap of -60 every year) and KS4 English and maths rows, which must not
    /// reach the KS2 charts.
    func addKeyStages(to fixture: RenderFixture) throws {
        let url = fixture.aggregate.appendingPathComponent("trends.csv")
        let records = try CSVReader(path: url.path).readAll()
        let header = records[0].fields
        let subject = try #require(header.firstIndex(of: "subject"))
        var rows: [[String]] = []
        for record in records.dropFirst() {
            var ks2 = record.fields
            ks2.insert("Key stage 2", at: subject)
            rows.append(ks2)
            for (keyStage, name) in [("Key stage 1", "Reading, writing and maths"), ("Key stage 4", "English and maths")] {
                var other = record.fields
                other[subject] = name
                if other[subject + 1] == "Disadvantaged" {
                    // gap, its interval and the rolling gap: nothing like the KS2 figures.
                    for offset in [5, 6, 7, 12, 13, 14] { other[subject + offset] = "-60" }
                }
                other.insert(keyStage, at: subject)
                rows.append(other)
            }
        }
        var columns = Array(header.dropFirst(RenderFixture.geographyColumns.count))
        columns.insert("key_stage", at: subject - RenderFixture.geographyColumns.count)
        try fixture.writeTable("trends.csv", columns: columns, rows: rows)
    }

    func sections(_ fixture: RenderFixture) throws -> [String] {
        let pack = try fixture.page("schools/100001.html")
        let governors = try fixture.page("schools/100001-governors.html")
        let index = try fixture.page("index.html")
        return [
            try #require(renderSlice(pack, from: "<section id=\"trends\"", to: "</section>")),
            try #require(renderSlice(governors, from: "<section id=\"trend\"", to: "</section>")),
            try #require(renderSlice(index, from: "<section id=\"la-trends\"", to: "</section>")),
        ]
    }

    @Test func keyStageTwoTrendsAreUnchangedBesideOtherKeyStages() throws {
        let before = try RenderFixture()
        defer { before.remove() }
        try before.writeStandard()
        try before.writeTrends(schools: [(urn: "100001", name: "Alpha Primary")])
        try before.render()

        let after = try RenderFixture()
        defer { after.remove() }
        try after.writeStandard()
        try after.writeTrends(schools: [(urn: "100001", name: "Alpha Primary")])
        try addKeyStages(to: after)
        try after.render()

        let shown = try sections(after)
        #expect(try sections(before) == shown)
        // writeTrends' RWM gap in 2023/24 is -18; the KS1 rows' -60 appears nowhere.
        #expect(shown[0].contains("disadvantaged pupils were 18 percentage points below other pupils within the school"))
        #expect(shown.allSatisfy { !$0.contains("60 percentage points") && !$0.contains("English and maths") })
    }
}
