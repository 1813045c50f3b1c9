import Foundation
import Testing
@testable import GapsCore

/// `histograms.csv`: counts by scaled-score band, with primary and secondary suppression worked out by hand.
///
/// School H (URN 100004, LA 801), 2023/24, maths only, 55 pupils:
///
/// | group                           | pupils | maths score       | band              |
/// |---------------------------------|--------|-------------------|-------------------|
/// | Boys, not known to be disadv.   | 20     | 104               | 100-104           |
/// | Girls, not known to be disadv.  | 20     | 108               | 105-109           |
/// | Boys, disadvantaged             | 6 + 1  | 96 (6), 112 (1)   | 95-99, 110-114    |
/// | Girls, disadvantaged            | 8      | 96                | 95-99             |
@Suite struct AggregateDistributionHistogramTests {
    static let school = (urn: "100004", laEstab: "8012004", name: "Hotel Primary")

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        var serial = 0
        func add(_ count: Int, _ sex: String, disadvantaged: Bool, score: Double) {
            for _ in 0..<count {
                serial += 1
                let upn = String(format: "H%03d", serial)
                f.pupil(upn, sex, disadvantaged: disadvantaged, ethnicity: "White")
                f.result(upn, .ks2Maths, school: school, score: score)
            }
        }
        add(20, "Boys", disadvantaged: false, score: 104)
        add(20, "Girls", disadvantaged: false, score: 108)
        add(6, "Boys", disadvantaged: true, score: 96)
        add(1, "Boys", disadvantaged: true, score: 112)
        add(8, "Girls", disadvantaged: true, score: 96)
        return f
    }

    static let bands = ["80-84", "85-89", "90-94", "95-99", "100-104", "105-109", "110-114", "115-120", "No scaled score", "Total"]

    /// The counts of one group (school H's maths unless told), in band order.
    static func line(_ rows: [[String: String]], sex: String, disadvantage: String, urn: String = school.urn,
                     subject: String = "Maths") -> [String] {
        bands.map { band in
            AggregateDistributionTests.row(rows, ["school_urn": urn, "subject": subject, "sex": sex,
                                                  "disadvantage_status": disadvantage, "score_band": band])?["pupil_count"] ?? "<missing>"
        }
    }

    @Test func bandsCoverTheScaleAndTheCohortWithoutAScore() {
        #expect(ScoreBands.labels == Self.bands)
        #expect(ScoreBands.label(for: 80) == "80-84" && ScoreBands.label(for: 84.5) == "80-84")
        #expect(ScoreBands.label(for: 99) == "95-99" && ScoreBands.label(for: 100) == "100-104")
        #expect(ScoreBands.label(for: 110) == "110-114" && ScoreBands.label(for: 120) == "115-120")
        #expect(ScoreBands.label(for: nil) == "No scaled score")
        #expect(ScoreBands.label(for: 79) == nil && ScoreBands.label(for: 121) == nil)
    }

    @Test func secondarySuppressionLeavesNoLoneWithheldCell() throws {
        let run = try AggregateDistributionTests.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("histograms.csv")).rows
        // Primary: the only counts of 1 or 2 are the one disadvantaged boy at 112, in the cells (Boys, Disadv.,
        // 110-114), (Boys, Total, 110-114), (Total, Disadv., 110-114) and (Total, Total, 110-114).
        // Secondary, line by line in the order the table visits them (band lines first):
        //   (Total, Total) band line: lone c at 110-114; smallest shown non-zero: 95-99 = 14 -> c.
        //   (Total, Disadv.) line: lone c at 110-114; only other non-zero: 95-99 = 14 -> c.
        //   (Boys, Total) line: lone c at 110-114; 95-99 = 6 < 100-104 = 20 -> 95-99 c.
        //   (Boys, Disadv.) line: lone c at 110-114; 95-99 = 6 -> c.
        //   The disadvantage and sex lines at 95-99 and 110-114 now each hold two c (the Total-sex or
        //   Total-status cell and the boys' or disadvantaged one) and the girls' 8s can stay. A second pass finds
        //   every band line with two c: done.
        // histograms-by-characteristic.csv (HistogramByGroupTests) withholds what this file does and no more here.
        // There the bands at or above 100 add up to attainment-by-characteristic.csv's expected count, but that file
        // withholds the Total's 41 (= the disadvantaged pupils' withheld 1 + the other pupils' 40): the other pupils'
        // 40 could not protect the 1, since their empty bands below 100 give it back (40 pupils, all at 100 or
        // above; JointSuppressionTests). So the bands at or above 100 are x = the lone 112 plus 40, with x unknown.
        #expect(Self.line(rows, sex: "Total", disadvantage: "Total") == ["0", "0", "0", "c", "20", "20", "c", "0", "0", "55"])
        #expect(Self.line(rows, sex: "Total", disadvantage: "Disadvantaged") == ["0", "0", "0", "c", "0", "0", "c", "0", "0", "15"])
        #expect(Self.line(rows, sex: "Boys", disadvantage: "Total") == ["0", "0", "0", "c", "20", "0", "c", "0", "0", "27"])
        #expect(Self.line(rows, sex: "Boys", disadvantage: "Disadvantaged") == ["0", "0", "0", "c", "0", "0", "c", "0", "0", "7"])
        #expect(Self.line(rows, sex: "Girls", disadvantage: "Disadvantaged") == ["0", "0", "0", "8", "0", "0", "0", "0", "0", "8"])
        #expect(Self.line(rows, sex: "Girls", disadvantage: "Total") == ["0", "0", "0", "8", "0", "20", "0", "0", "0", "28"])
        #expect(Self.line(rows, sex: "Total", disadvantage: "Not known to be disadvantaged") == ["0", "0", "0", "0", "20", "20", "0", "0", "0", "40"])

        // The guarantee, checked independently over every line of every block: no line that adds up has exactly
        // one c (bands to Total; Disadvantaged + Not known to Total; Boys + Girls to Total).
        var byKey: [String: String] = [:]
        for row in rows {
            byKey[[row["school_urn"]!, row["subject"]!, row["sex"]!, row["disadvantage_status"]!, row["score_band"]!].joined(separator: "|")] = row["pupil_count"]!
        }
        let sexes = ["Total", "Boys", "Girls"]
        let statuses = ["Total", "Disadvantaged", "Not known to be disadvantaged"]
        for urn in ["", Self.school.urn] {
            for subject in ["Reading", "Maths", "Grammar, punctuation and spelling"] {
                func cell(_ sex: String, _ status: String, _ band: String) -> String { byKey[[urn, subject, sex, status, band].joined(separator: "|")]! }
                var lines: [[String]] = []
                for sex in sexes { for status in statuses { lines.append(Self.bands.map { cell(sex, status, $0) }) } }
                for band in Self.bands {
                    for sex in sexes { lines.append(statuses.map { cell(sex, $0, band) }) }
                    for status in statuses { lines.append(sexes.map { cell($0, status, band) }) }
                }
                let lone = lines.filter { line in line.count { $0 == "c" } == 1 }
                #expect(lone == [], "\(urn) \(subject) \(lone)")
            }
        }
        // The LA holds the same pupils, so it is suppressed alike; counted in the manifest: 4 primary + 4
        // secondary cells for the school and as many for the LA.
        #expect(Self.line(rows, sex: "Boys", disadvantage: "Disadvantaged", urn: "") == Self.line(rows, sex: "Boys", disadvantage: "Disadvantaged"))
        let manifest = try Manifest.read(from: run.out.appendingPathComponent("manifest.json"))
        #expect(manifest.inputs.flatMap(\.notes).contains("histograms: 8 cells withheld by primary and 8 by secondary suppression"))
    }

    @Test func aSmallGroupIsWithheldInEveryBandAndOutcomeCodesHaveTheirOwnBand() throws {
        let run = try AggregateDistributionTests.run(AggregateDistributionTests.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("histograms.csv")).rows
        let urn = AggregateDistributionTests.school.urn
        // School G reading (AggregateDistributionTests): 12 pupils, G08 absent. Bands: 82 | 88 | 93 | 97 | 100, 103 |
        // 106, 108 | 111, 114 | 120 | absent -> 1, 1, 1, 1, 2, 2, 2, 1, 1: every count 1 or 2, so all withheld;
        // the Total (12, attainment.csv's pupil count) stays.
        #expect(Self.line(rows, sex: "Total", disadvantage: "Total", urn: urn, subject: "Reading") == ["c", "c", "c", "c", "c", "c", "c", "c", "c", "12"])
        // Disadvantaged: G01, G02, G03, G07, G08 = 5 < 6: every band withheld, zeros and Total included.
        #expect(Self.line(rows, sex: "Total", disadvantage: "Disadvantaged", urn: urn, subject: "Reading").allSatisfy { $0 == "c" })
        // With no thresholds the counts show, "No scaled score" holding the absent pupil (G08).
        let open = try AggregateDistributionTests.run(AggregateDistributionTests.fixture(),
                                                      options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        defer { try? FileManager.default.removeItem(at: open.directory) }
        let openRows = try AggregateStageTests.readTable(open.out.appendingPathComponent("histograms.csv")).rows
        #expect(Self.line(openRows, sex: "Total", disadvantage: "Total", urn: urn, subject: "Reading") == ["1", "1", "1", "1", "2", "2", "2", "1", "1", "12"])
        // Disadvantaged: 82, 88, 93, 106 and G08 absent.
        #expect(Self.line(openRows, sex: "Total", disadvantage: "Disadvantaged", urn: urn, subject: "Reading") == ["1", "1", "1", "0", "0", "1", "0", "0", "1", "5"])
    }

    @Test func complementarySuppressionOnOneLine() {
        func cell(_ band: String, _ count: Int, withheld: Bool = false) -> HistogramCell {
            HistogramCell(place: .school(urn: "1"), timePeriod: "202324", subject: .maths, sex: "Total",
                          disadvantageStatus: "Total", scoreBand: band, pupilCount: count, withheld: withheld)
        }
        // Bands 2 (c), 0, 5, 4, 9 and Total 20: the lone c is joined by the smallest non-zero shown count, 4
        // (not the zero, which protects nothing, nor the Total).
        var block = [cell("a", 2, withheld: true), cell("b", 0), cell("c", 5), cell("d", 4), cell("e", 9), cell("Total", 20)]
        #expect(HistogramTable.complementarySuppression(&block, lines: [Array(0..<6)]) == 1)
        #expect(block.map(\.withheld) == [true, false, false, true, false, false])
        // A tie goes to the first in publication order.
        var tie = [cell("a", 1, withheld: true), cell("b", 6), cell("c", 6), cell("Total", 13)]
        _ = HistogramTable.complementarySuppression(&tie, lines: [Array(0..<4)])
        #expect(tie.map(\.withheld) == [true, true, false, false])
        // Two c already: nothing to add.
        var two = [cell("a", 1, withheld: true), cell("b", 2, withheld: true), cell("c", 6), cell("Total", 9)]
        #expect(HistogramTable.complementarySuppression(&two, lines: [Array(0..<4)]) == 0)
    }

    @Test func aScoreOutsideTheScaleIsAnError() throws {
        var fixture = Self.fixture()
        fixture.results[0].scaledScore = 130
        let directory = try AggregateStageTests.writeNormalised(fixture)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out")
        do {
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path)
            Issue.record("expected a score of 130 to stop the stage")
        } catch let error as GapsError {
            #expect(error.description.contains("results.csv") && error.description.contains("130"))
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
