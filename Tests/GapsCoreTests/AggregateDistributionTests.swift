import Foundation
import Testing
@testable import GapsCore

/// `distributions.csv` and `gap-index.csv` over a hand-built school, and the stage contract of the four files
/// this feature adds. Every expected value is worked out by hand from the definitions (Hyndman-Fan type 7
/// percentiles, sample standard deviation, DfE gap index) in the comments.
///
/// School G (URN 100003, LA 801), 2023/24, twelve pupils, all White:
///
/// | pupil | sex   | disadv. | reading    | maths       | mean R+M |
/// |-------|-------|---------|------------|-------------|----------|
/// | G01   | Boys  | yes     | 82         | 90          | 86       |
/// | G02   | Boys  | yes     | 88         | 100         | 94       |
/// | G03   | Boys  | yes     | 93         | 95          | 94       |
/// | G04   | Boys  | no      | 97         | 91          | 94       |
/// | G05   | Boys  | no      | 100        | 104         | 102      |
/// | G06   | Boys  | no      | 103        | B (below)   | -        |
/// | G07   | Girls | yes     | 106        | 98          | 102      |
/// | G08   | Girls | yes     | A (absent) | 99          | -        |
/// | G09   | Girls | no      | 108        | 110         | 109      |
/// | G10   | Girls | no      | 111        | 107         | 109      |
/// | G11   | Girls | no      | 114        | 116         | 115      |
/// | G12   | Girls | no      | 120        | 118         | 119      |
@Suite struct AggregateDistributionTests {
    static let school = (urn: "100003", laEstab: "8012003", name: "Gamma Primary")

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        let rows: [(String, String, Bool, Double?, Double?)] = [
            ("G01", "Boys", true, 82, 90), ("G02", "Boys", true, 88, 100), ("G03", "Boys", true, 93, 95),
            ("G04", "Boys", false, 97, 91), ("G05", "Boys", false, 100, 104), ("G06", "Boys", false, 103, nil),
            ("G07", "Girls", true, 106, 98), ("G08", "Girls", true, nil, 99), ("G09", "Girls", false, 108, 110),
            ("G10", "Girls", false, 111, 107), ("G11", "Girls", false, 114, 116), ("G12", "Girls", false, 120, 118),
        ]
        for (upn, sex, disadvantaged, reading, maths) in rows {
            f.pupil(upn, sex, disadvantaged: disadvantaged, ethnicity: "White")
            f.result(upn, .ks2Reading, school: school, score: reading, code: reading == nil ? "A" : nil)
            f.result(upn, .ks2Maths, school: school, score: maths, code: maths == nil ? "B" : nil)
        }
        return f
    }

    /// Runs the stage on a fixture; returns the temporary directory (to remove) and the output directory.
    static func run(_ fixture: AggregateStageTests.Fixture, options: AggregateOptions = .placesApart) throws -> (directory: URL, out: URL) {
        let directory = try AggregateStageTests.writeNormalised(fixture)
        let out = directory.appendingPathComponent("published")
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path,
                               options: options)
        return (directory, out)
    }

    /// The one row matching every given column.
    static func row(_ rows: [[String: String]], _ match: [String: String]) -> [String: String]? {
        let found = rows.filter { row in match.allSatisfy { row[$0.key] == $0.value } }
        #expect(found.count == 1, "expected one row for \(match), found \(found.count)")
        return found.first
    }

    static let distributionIndicators = ["pupil_count", "p10", "p25", "p50", "p75", "p90", "mean", "standard_deviation"]

    static func distribution(_ rows: [[String: String]], subject: String, sex: String = "Total", disadvantage: String = "Total") -> [String] {
        let found = row(rows, ["school_urn": school.urn, "subject": subject, "sex": sex, "disadvantage_status": disadvantage,
                               "ethnicity_major": "Total"])
        return distributionIndicators.map { found?[$0] ?? "<missing>" }
    }

    static func number(_ text: String) -> Double { Double(text) ?? .nan }

    // MARK: - distributions.csv

    @Test func percentilesAreType7OverPupilsWithAScore() throws {
        let run = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("distributions.csv")).rows
        // Reading: G08 is absent, so 11 scores: 82, 88, 93, 97, 100, 103, 106, 108, 111, 114, 120 (x0 ... x10).
        // Type 7: h = (n - 1)p = 10p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
        //   p10: h = 1   -> x1 = 88
        //   p25: h = 2.5 -> 93 + 0.5 x (97 - 93) = 95
        //   p50: h = 5   -> x5 = 103
        //   p75: h = 7.5 -> 108 + 0.5 x (111 - 108) = 109.5
        //   p90: h = 9   -> x9 = 114
        // Mean 1122 / 11 = 102. Deviations -20, -14, -9, -5, -2, 1, 4, 6, 9, 12, 18; squares sum 400 + 196 + 81 +
        // 25 + 4 + 1 + 16 + 36 + 81 + 144 + 324 = 1308; variance 1308 / 10 = 130.8; SD sqrt(130.8) = 11.436783.
        let reading = Self.distribution(rows, subject: "Reading")
        #expect(Array(reading.prefix(7)) == ["11", "88", "95", "103", "109.5", "114", "102"])
        #expect(abs(Self.number(reading[7]) - 11.436783) < 1e-6)
    }

    @Test func percentilesNeedTenPupilsAndEverythingNeedsSix() throws {
        let run = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("distributions.csv")).rows
        // Boys' reading: 82, 88, 93, 97, 100, 103 = 6 scores, at the minimum denominator but under 10: on its own
        // its count, mean and SD would be shown, percentiles withheld. Mean 563 / 6 = 93.8333; squared deviations
        // 140.03 + 34.03 + 0.69 + 10.03 + 38.03 + 84.03 = 306.8333; variance / 5 = 61.3667; SD 7.833688.
        let alone = DistributionCell(place: .school(urn: Self.school.urn), timePeriod: "202324", subject: .reading, sex: "Boys",
                                     disadvantageStatus: "Total", ethnicityMajor: "Total", sortedScores: [82, 88, 93, 97, 100, 103],
                                     percentilesWithheld: true)
        #expect(alone.indicatorFields[0] == "6" && alone.indicatorFields[1...5].allSatisfy { $0 == "c" })
        #expect(abs(Self.number(alone.indicatorFields[6]) - 93.833333) < 1e-6 && abs(Self.number(alone.indicatorFields[7]) - 7.833688) < 1e-6)
        // But the girls' 5 are withheld, and the Total's 11 - 6 would give their count away (and 11 x 102 -
        // 6 x 93.8333 their sum, so their mean): the boys are withheld too (secondary), here and in attainment.csv.
        #expect(Self.distribution(rows, subject: "Reading", sex: "Boys") == Array(repeating: "c", count: 8))
        let attainment = try AggregateStageTests.readTable(run.out.appendingPathComponent("attainment.csv")).rows
        let boysAttainment = Self.row(attainment, ["school_urn": Self.school.urn, "subject": "Reading", "sex": "Boys",
                                                   "disadvantage_status": "Total", "ethnicity_major": "Total"])
        #expect(boysAttainment?["pupil_count"] == "6" && boysAttainment?["average_score"] == "c")
        // Girls' reading: G07, G09-G12 have scores (G08 absent) = 5 < 6: every figure withheld.
        #expect(Self.distribution(rows, subject: "Reading", sex: "Girls") == Array(repeating: "c", count: 8))
        // GPS: nobody sat it: a count of 0 and nothing to compute.
        #expect(Self.distribution(rows, subject: "Grammar, punctuation and spelling") == ["0"] + Array(repeating: "x", count: 7))
    }

    @Test func percentileThresholdIsConfigurableButNeverBelowTheDenominator() throws {
        var options = AggregateOptions.placesApart
        options.distributions.minimumPupilsForPercentiles = 1
        let run = try Self.run(Self.fixture(), options: options)
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("distributions.csv")).rows
        // The threshold of 1 is raised to the minimum denominator (6): the five girls stay withheld.
        #expect(Self.distribution(rows, subject: "Reading", sex: "Girls")[0] == "c")
        // A group of 6 with the threshold at 1 shows percentiles: n = 6, h = 5p over 82, 88, 93, 97, 100, 103:
        //   p10: h = 0.5 -> 82 + 0.5 x 6 = 85;  p25: h = 1.25 -> 88 + 0.25 x 5 = 89.25;  p50: h = 2.5 -> 93 + 0.5 x 4 = 95
        //   p75: h = 3.75 -> 97 + 0.75 x 3 = 99.25;  p90: h = 4.5 -> 100 + 0.5 x 3 = 101.5
        // (in this school the boys' row is withheld by secondary suppression, see the test above, so a cell is used).
        let boys = DistributionCell(place: .school(urn: Self.school.urn), timePeriod: "202324", subject: .reading, sex: "Boys",
                                    disadvantageStatus: "Total", ethnicityMajor: "Total", sortedScores: [82, 88, 93, 97, 100, 103])
        #expect(Array(boys.indicatorFields[0...5]) == ["6", "85", "89.25", "95", "99.25", "101.5"])
        // Raised above the group: the Total's 11 scores show their mean (102) but not their percentiles.
        var strict = AggregateOptions.placesApart
        strict.distributions.minimumPupilsForPercentiles = 12
        let strictRun = try Self.run(Self.fixture(), options: strict)
        defer { try? FileManager.default.removeItem(at: strictRun.directory) }
        let strictRows = try AggregateStageTests.readTable(strictRun.out.appendingPathComponent("distributions.csv")).rows
        let total = Self.distribution(strictRows, subject: "Reading")
        #expect(Array(total.prefix(7)) == ["11", "c", "c", "c", "c", "c", "102"] && abs(Self.number(total[7]) - 11.436783) < 1e-6)
    }

    @Test func completesTheMatrixWithTheAttainmentFilters() throws {
        let run = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("distributions.csv")).rows
        // Places: LA 801 and school G = 2; one year; subjects with a scaled score: 3; sex 3 x disadvantage 3 x
        // ethnicity (Total, White) 2 = 18 groups: 2 x 3 x 18 = 108 rows.
        #expect(rows.count == 108)
        #expect(Set(rows.map { $0["subject"]! }) == ["Reading", "Maths", "Grammar, punctuation and spelling"])
        #expect(Set(rows.map { $0["ethnicity_major"]! }) == ["Total", "White"])
        // The LA holds the same pupils: its reading median is school G's, 103.
        #expect(Self.row(rows, ["geographic_level": "Local authority", "subject": "Reading", "sex": "Total",
                                "disadvantage_status": "Total", "ethnicity_major": "Total"])?["p50"] == "103")
    }

    // MARK: - gap-index.csv

    @Test func gapIndexRanksTheMeanOfReadingAndMathsWithTiesSharingTheirRank() throws {
        let run = try Self.run(Self.fixture(), options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let table = try AggregateStageTests.readTable(run.out.appendingPathComponent("gap-index.csv"))
        #expect(table.header.suffix(6) == ["ranked_on", "comparator", "pupil_count", "disadvantaged_count", "excluded_pupil_count", "gap_index"])
        // Ranked: the 10 pupils with both scores (G06 has maths B, G08 reading A: 2 excluded). Means in order:
        // 86 (G01) rank 1; 94 (G02, G03, G04) ranks 2-4 -> 3 each; 102 (G05, G07) ranks 5-6 -> 5.5 each;
        // 109 (G09, G10) ranks 7-8 -> 7.5 each; 115 (G11) 9; 119 (G12) 10. Rank sum 55 = 10 x 11 / 2.
        // Disadvantaged G01, G02, G03, G07: ranks 1 + 3 + 3 + 5.5 = 12.5, mean 3.125, r = 3.125 / 10 = 0.3125.
        // Others G04, G05, G09, G10, G11, G12: 3 + 5.5 + 7.5 + 7.5 + 9 + 10 = 42.5, mean 7.083333, r = 0.7083333.
        // Index = 20 x (0.7083333 - 0.3125) = 20 x 19/48 = 7.9166667.
        let school = try #require(Self.row(table.rows, ["school_urn": Self.school.urn]))
        #expect(school["ranked_on"] == "Mean of KS2 reading and maths scaled scores" && school["comparator"] == "Within school")
        #expect(school["pupil_count"] == "10" && school["disadvantaged_count"] == "4" && school["excluded_pupil_count"] == "2")
        #expect(abs(Self.number(school["gap_index"]!) - 380.0 / 48.0) < 1e-9)
        let la = try #require(Self.row(table.rows, ["geographic_level": "Local authority"]))
        #expect(la["comparator"] == "Within local authority" && la["gap_index"] == school["gap_index"])
    }

    @Test func gapIndexIsWithheldWhenEitherGroupIsSmall() throws {
        let run = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        let rows = try AggregateStageTests.readTable(run.out.appendingPathComponent("gap-index.csv")).rows
        // Default thresholds: 4 disadvantaged pupils ranked (< 6) withholds their count and the index; 10 ranked
        // is shown; 2 excluded (< 3) is withheld.
        let school = try #require(Self.row(rows, ["school_urn": Self.school.urn]))
        #expect([school["pupil_count"], school["disadvantaged_count"], school["excluded_pupil_count"], school["gap_index"]]
            == ["10", "c", "c", "c"])
    }

    @Test func gapIndexRowUnits() {
        func member(_ upn: String, _ score: Double?, disadvantaged: Bool) -> CohortMember {
            CohortMember(sex: "Boys", disadvantageStatus: disadvantaged ? "Disadvantaged" : "Not known to be disadvantaged",
                         ethnicityMajor: "White", meetsExpected: false, meetsHigher: false, scaledScore: score, upn: upn)
        }
        // Every disadvantaged pupil below every other: (D + O) / 2N = 1/2 of a rank apart, x 20 = 10 exactly.
        // A pupil with reading only (X3) is excluded; one with maths only (X4) is too.
        let reading = [member("X1", 90, disadvantaged: true), member("X2", 110, disadvantaged: false), member("X3", 100, disadvantaged: false)]
        let maths = [member("X1", 92, disadvantaged: true), member("X2", 108, disadvantaged: false), member("X4", 100, disadvantaged: true)]
        let row = GapIndexTable.row(place: .school(urn: "1"), timePeriod: "202324", reading: reading, maths: maths)
        #expect(row.rankedCount == 2 && row.disadvantagedCount == 1 && row.excludedCount == 2)
        #expect(row.index == 10)
        // Only one group ranked: no index (x).
        let alone = GapIndexTable.row(place: .school(urn: "1"), timePeriod: "202324", reading: [reading[1]], maths: [maths[1]])
        #expect(alone.index == nil && alone.indicatorFields == ["1", "0", "0", "x"])
    }

    // MARK: - Stage contract for the four files

    @Test func newFilesPassTheScreenerAndAreCountedInTheManifest() throws {
        let run = try Self.run(Self.fixture())
        defer { try? FileManager.default.removeItem(at: run.directory) }
        for name in ["distributions", "histograms", "gap-index", "trends"] {
            let data = run.out.appendingPathComponent("\(name).csv")
            let meta = run.out.appendingPathComponent("\(name).meta.csv")
            let problems = try EESScreener.check(dataURL: data, metaURL: meta)
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(name): \(problems)")
            #expect(problems.allSatisfy { $0.rule == .total }, "\(name): \(problems)")
            let header = try AggregateStageTests.readTable(data).header
            let metaNames = try AggregateStageTests.readTable(meta).rows.map { $0["col_name"]! }
            #expect(metaNames == Array(header.dropFirst(11)))
            for file in [data, meta] {
                let permissions = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
                #expect(permissions == 0o644, "\(file.lastPathComponent) is published, not restricted")
            }
        }
        let manifest = try Manifest.read(from: run.out.appendingPathComponent("manifest.json"))
        let files = manifest.outputs.map(\.file)
        for name in ["distributions.csv", "distributions.meta.csv", "histograms.csv", "histograms.meta.csv",
                     "gap-index.csv", "gap-index.meta.csv", "trends.csv", "trends.meta.csv"] {
            #expect(files.contains(name), "manifest lists \(name)")
        }
        // Rows as counted by hand: distributions 108 (above); gap index 2 places x 1 year = 2; histograms 2 places
        // x 3 subjects x 3 sexes x 3 statuses x 10 bands = 540; trends 2 places x 5 subjects x 3 statuses = 30.
        let rows = Dictionary(uniqueKeysWithValues: manifest.outputs.map { ($0.file, $0.rows) })
        #expect(rows["distributions.csv"] == 108 && rows["gap-index.csv"] == 2 && rows["histograms.csv"] == 540 && rows["trends.csv"] == 30)
        #expect(manifest.outputs.filter { !$0.file.hasPrefix("restricted/") }.allSatisfy { !$0.restricted })
        // The two pupils without both scores are counted for the record.
        let notes = manifest.inputs.flatMap(\.notes)
        #expect(notes.contains("gap index: 2 pupil-years in a reading or maths cohort without both scaled scores were not ranked"))
    }

    @Test func aFormulaInASchoolNameIsNeutralised() throws {
        var fixture = Self.fixture()
        for index in fixture.results.indices { fixture.results[index].schoolName = "=HYPERLINK(\"x\")" }
        let run = try Self.run(fixture)
        defer { try? FileManager.default.removeItem(at: run.directory) }
        // Every CSV the stage writes, published or restricted: the name is there, neutralised, in every file with rows
        // that names schools.
        let files = try #require(FileManager.default.enumerator(at: run.out, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "csv" && !$0.lastPathComponent.hasSuffix(".meta.csv") }
        #expect(files.count >= 15)
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            let name = url.lastPathComponent
            #expect(!text.contains(",=HYPERLINK") && !text.contains(",\"=HYPERLINK") && !text.hasPrefix("=HYPERLINK"),
                    "\(name) neutralises formulas")
            let lines = text.split(separator: "\n")
            if lines.count > 1, lines[0].contains("school_name") {
                #expect(text.contains("'=HYPERLINK"), "\(name) names the school, neutralised")
            }
        }
    }
}
