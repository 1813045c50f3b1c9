import Foundation
import Testing
@testable import GapsCore

/// Comparisons with national figures (`gaps-aggregate --national`): reading the comparator file, and the
/// "National other pupils" / "National same group" rows of gaps.csv. Expected values are worked by hand below.
///
/// The cohort (LA 801), 2023/24, reading only:
/// - School C, URN 100003: 263 disadvantaged pupils, the first 81 scoring 104 (expected standard), the other 182
///   scoring 96; 100 other pupils all scoring 108. Sexes alternate Boys / Girls.
/// - School D, URN 100004: 4 disadvantaged pupils scoring 100, 10 others scoring 105.
///
/// The national file: 2023/24 reading. Not known to be disadvantaged: 400000 pupils, 100000 expected (25%),
/// 40000 higher, average 105 (SD 6 when the SD column is given). Disadvantaged: 200000, 90000 expected, average
/// `z`. Boys: 300000, 150000 expected. No Girls row.
@Suite struct AggregateNationalTests {
    static let schoolC = (urn: "100003", laEstab: "8012003", name: "Gamma Primary")
    static let schoolD = (urn: "100004", laEstab: "8012004", name: "Delta Primary")

    static func fixture() -> AggregateStageTests.Fixture {
        var f = AggregateStageTests.Fixture()
        for i in 0..<363 {
            let upn = String(format: "C%03d", i)
            f.pupil(upn, i.isMultiple(of: 2) ? "Boys" : "Girls", disadvantaged: i < 263, ethnicity: "White")
            f.result(upn, .ks2Reading, school: schoolC, score: i < 81 ? 104 : (i < 263 ? 96 : 108))
        }
        for i in 0..<14 {
            let upn = String(format: "D%03d", i)
            f.pupil(upn, "Girls", disadvantaged: i < 4, ethnicity: "White")
            f.result(upn, .ks2Reading, school: schoolD, score: i < 4 ? 100 : 105)
        }
        return f
    }

    static let header = "time_period,time_identifier,geographic_level,country_code,country_name,subject,sex,disadvantage_status,ethnicity_major,pupil_count,expected_standard_count,expected_standard_percent,higher_standard_count,higher_standard_percent,average_score"

    /// The national file described above, with or without the optional SD column.
    static func nationalCSV(standardDeviation: Bool) -> String {
        let sd = standardDeviation
        return [
            header + (sd ? ",average_score_sd" : ""),
            "202324,Academic year,National,E92000001,England,Reading,Total,Not known to be disadvantaged,Total,400000,100000,25,40000,10,105" + (sd ? ",6" : ""),
            "202324,Academic year,National,E92000001,England,Reading,Total,Disadvantaged,Total,200000,90000,45,10000,5,z" + (sd ? ",z" : ""),
            "202324,Academic year,National,E92000001,England,Reading,Boys,Total,Total,300000,150000,50,30000,10,104" + (sd ? "," : ""),
        ].joined(separator: "\n") + "\n"
    }

    struct Output {
        var directory: URL
        var gaps: [[String: String]]
    }

    static func aggregate(standardDeviation: Bool = false, suppression: Suppression = .placesApart) throws -> Output {
        let directory = try AggregateStageTests.writeNormalised(fixture())
        let nationalURL = directory.appendingPathComponent("national.csv")
        try nationalCSV(standardDeviation: standardDeviation).write(to: nationalURL, atomically: true, encoding: .utf8)
        var options = AggregateOptions(suppression: suppression)
        options.nationalFile = nationalURL.path
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path,
                               outputDirectory: directory.appendingPathComponent("published").path, options: options)
        let gaps = try AggregateStageTests.readTable(directory.appendingPathComponent("published/gaps.csv")).rows
        return Output(directory: directory, gaps: gaps)
    }

    static func row(_ output: Output, urn: String, indicator: String, comparator: String, group: String) -> [String: String]? {
        let matches = output.gaps.filter {
            $0["school_urn"] == urn && $0["subject"] == "Reading" && $0["indicator"] == indicator
                && $0["comparator"] == comparator && $0["group"] == group
        }
        #expect(matches.count == 1, "\(urn) \(indicator) \(comparator) \(group)")
        return matches.first
    }

    static func number(_ text: String?) -> Double { text.flatMap(Double.init) ?? .nan }

    // MARK: - Gaps against national figures

    @Test func percentageAgainstNationalCountsIsNewcombesInterval() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School C disadvantaged: 81/263 = 0.3079848 (30.79848%). National others: 100000/400000 = 25%.
        // Wilson 95% (z = 1.959964, z^2 = 3.841459): centre = (162 + 3.841459) / (2 (263 + 3.841459))
        //   = 165.841459 / 533.682918 = 0.3107490; half-width = z sqrt(z^2 + 4 x 81 x 182 / 263) / 533.682918
        //   = 1.959964 x sqrt(3.841459 + 224.212928) / 533.682918 = 1.959964 x 15.101470 / 533.682918 = 0.0554605.
        //   Limits 0.2552885 to 0.3662095 (Newcombe 1998's worked example: 0.2553 to 0.3662).
        // National Wilson: centre 200003.841459 / 800007.682918 = 0.2500024; half-width
        //   1.959964 x sqrt(3.841459 + 300000) / 800007.682918 = 1.959964 x 547.726065 / 800007.682918 = 0.0013419;
        //   limits 0.2486605 to 0.2513443.
        // Newcombe: gap 5.79848 points; lower 0.0579848 - sqrt(0.0526963^2 + 0.0013443^2) = 0.0579848 - 0.0527135
        //   = 0.0052713; upper 0.0579848 + sqrt(0.0582247^2 + 0.0013395^2) = 0.0579848 + 0.0582401 = 0.1162249.
        let row = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Expected standard",
                                        comparator: "National other pupils", group: "Disadvantaged"))
        #expect(row["breakdown"] == "Disadvantage" && row["comparison_group"] == "Not known to be disadvantaged")
        #expect(row["group_count"] == "263" && abs(Self.number(row["group_value"]) - 30.79848) < 0.00001)
        #expect(row["comparison_count"] == "400000" && row["comparison_value"] == "25")
        #expect(abs(Self.number(row["gap"]) - 5.79848) < 0.00001)
        #expect(abs(Self.number(row["gap_lower_ci"]) - 0.52713) < 0.00002)
        #expect(abs(Self.number(row["gap_upper_ci"]) - 11.62249) < 0.00002)
        #expect(row["significant"] == "Yes" && row["effect_size"] == "z")
        #expect(row["ci_method"] == "Newcombe hybrid score, national counts (95%)")
        // Same group: 81/263 against national disadvantaged 90000/200000 = 45%: gap -14.20152. National Wilson:
        // centre 180003.841459 / 400007.682918 = 0.4500010, half-width 1.959964 x sqrt(3.841459 + 4 x 90000 x
        // 110000 / 200000) / 400007.682918 = 1.959964 x 444.976226 / 400007.682918 = 0.0021803: limits 0.4478207
        // to 0.4521813. Lower -0.1420152 - sqrt(0.0526963^2 + 0.0021813^2) = -0.1420152 - 0.0527414 = -0.1947566;
        // upper -0.1420152 + sqrt(0.0582247^2 + 0.0021793^2) = -0.1420152 + 0.0582655 = -0.0837497.
        let same = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Expected standard",
                                         comparator: "National same group", group: "Disadvantaged"))
        #expect(same["comparison_group"] == "Disadvantaged" && same["comparison_value"] == "45")
        #expect(abs(Self.number(same["gap_lower_ci"]) - -19.47566) < 0.00002)
        #expect(abs(Self.number(same["gap_upper_ci"]) - -8.37497) < 0.00002)
    }

    @Test func averageAgainstNationalMeanIsAOneSampleTInterval() throws {
        let output = try Self.aggregate(standardDeviation: false)
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School C disadvantaged scores: 81 x 104 + 182 x 96 = 25896, mean 25896 / 263 = 98.463878.
        // Deviations 5.536122 (81 pupils) and -2.463878 (182): sum of squares 81 x 30.648648 + 182 x 6.070696
        //   = 2482.5405 + 1104.8667 = 3587.4072; variance / 262 = 13.692394; SE = sqrt(13.692394 / 263) = 0.2281717.
        // t(0.975, 262) = 1.969060 (tables); half-width 0.449284.
        // Gap 98.463878 - 105 = -6.536122, interval -6.985406 to -6.086838. No national SD: no effect size (x).
        let row = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Average scaled score",
                                        comparator: "National other pupils", group: "Disadvantaged"))
        #expect(row["group_count"] == "263" && abs(Self.number(row["group_value"]) - 98.463878) < 0.000001)
        #expect(row["comparison_value"] == "105")
        #expect(abs(Self.number(row["gap"]) - -6.536122) < 0.000001)
        #expect(abs(Self.number(row["gap_lower_ci"]) - -6.985406) < 0.00001)
        #expect(abs(Self.number(row["gap_upper_ci"]) - -6.086838) < 0.00001)
        #expect(row["significant"] == "Yes" && row["effect_size"] == "x")
        #expect(row["ci_method"] == "One-sample t, national mean fixed (95%)")
    }

    @Test func withANationalSDTheAverageUsesWelchAndHedgesG() throws {
        let output = try Self.aggregate(standardDeviation: true)
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // National side: n = 400000, SD 6 -> variance / n = 36 / 400000 = 0.00009.
        // SE^2 = 13.692394 / 263 + 0.00009 = 0.0520623 + 0.00009 = 0.0521523, SE = 0.2283688.
        // df = 0.0521523^2 / (0.0520623^2 / 262 + 0.00009^2 / 399999) = 262.91; t(0.975, 262.91) = 1.969028;
        // interval -6.536122 -/+ 0.449664 = -6.985786 to -6.086458.
        // Hedges' g: pooled variance (262 x 13.692394 + 399999 x 36) / 400261 = 35.985339, SD 5.998778;
        // d = -6.536122 / 5.998778 = -1.089576; J = 1 - 3 / (4 x 400263 - 9) = 0.99999813; g = -1.089574.
        let row = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Average scaled score",
                                        comparator: "National other pupils", group: "Disadvantaged"))
        #expect(abs(Self.number(row["gap_lower_ci"]) - -6.985786) < 0.00001)
        #expect(abs(Self.number(row["gap_upper_ci"]) - -6.086458) < 0.00001)
        #expect(abs(Self.number(row["effect_size"]) - -1.089574) < 0.00001)
        #expect(row["ci_method"] == "Welch t, national SD from the comparator file (95%)")
    }

    @Test func boysAreComparedWithNationalBoys() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School C boys: even i. Expected: even i < 81 (41 pupils: 0, 2, ..., 80) and every even i >= 263
        // (264, ..., 362: 50 pupils) = 91 of 182. National boys 150000 / 300000 = 50%. Gap 0.
        let row = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Expected standard",
                                        comparator: "National same group", group: "Boys"))
        #expect(row["breakdown"] == "Sex" && row["comparison_group"] == "Boys")
        #expect(row["group_count"] == "182" && row["group_value"] == "50" && row["comparison_value"] == "50")
        #expect(Self.number(row["gap"]) == 0 && row["significant"] == "No")
        // Girls have no national row: the national side is not available, and so is the gap.
        let girls = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Expected standard",
                                          comparator: "National same group", group: "Girls"))
        #expect(girls["group_count"] == "181" && girls["comparison_count"] == "x" && girls["comparison_value"] == "x")
        #expect(girls["gap"] == "x" && girls["gap_lower_ci"] == "x" && girls["significant"] == "x")
        // The disadvantaged national average is `z` in the file: no comparison.
        let average = try #require(Self.row(output, urn: Self.schoolC.urn, indicator: "Average scaled score",
                                            comparator: "National same group", group: "Disadvantaged"))
        #expect(average["comparison_value"] == "x" && average["gap"] == "x")
    }

    @Test func aSmallLocalGroupIsWithheldButTheNationalValueIsShown() throws {
        let output = try Self.aggregate()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // School D: 4 disadvantaged pupils (1-5): local count and everything computed from it withheld.
        let row = try #require(Self.row(output, urn: Self.schoolD.urn, indicator: "Expected standard",
                                        comparator: "National other pupils", group: "Disadvantaged"))
        #expect(row["group_count"] == "c" && row["group_value"] == "c")
        #expect(row["comparison_count"] == "400000" && row["comparison_value"] == "25")
        #expect([row["gap"], row["gap_lower_ci"], row["gap_upper_ci"], row["significant"]].allSatisfy { $0 == "c" })
        #expect(row["effect_size"] == "z")
    }

    @Test func everyPublishedFilePassesTheScreenerWithNationalRows() throws {
        let output = try Self.aggregate(standardDeviation: true)
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let published = output.directory.appendingPathComponent("published")
        for name in ["attainment", "gaps", "low-attaining-disadvantaged", "bucking-the-trend"] {
            let problems = try EESScreener.check(dataURL: published.appendingPathComponent("\(name).csv"),
                                                 metaURL: published.appendingPathComponent("\(name).meta.csv"))
            #expect(problems.filter { $0.rule != .total }.isEmpty, "\(name): \(problems)")
        }
        // Within-place rows and national rows side by side; the comparator filter names each.
        #expect(Set(output.gaps.map { $0["comparator"]! })
            == ["Within school", "Within local authority", "National other pupils", "National same group"])
        let manifest = try Manifest.read(from: published.appendingPathComponent("manifest.json"))
        let national = try #require(manifest.inputs.first { $0.path.hasSuffix("national.csv") })
        #expect(national.sha256.count == 64 && national.counts["national figures"]?.read == 3)
    }

    @Test func withoutANationalFileThereAreNoNationalRows() throws {
        let directory = try AggregateStageTests.writeNormalised(Self.fixture())
        defer { try? FileManager.default.removeItem(at: directory) }
        try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path,
                               outputDirectory: directory.appendingPathComponent("published").path)
        let gaps = try AggregateStageTests.readTable(directory.appendingPathComponent("published/gaps.csv")).rows
        #expect(!gaps.isEmpty && gaps.allSatisfy { !$0["comparator"]!.hasPrefix("National") })
    }

    // MARK: - Reading the comparator file

    /// Writes `lines` to a file and reads it as a comparator; returns the error's text.
    static func readError(_ lines: [String]) throws -> (message: String, path: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("national-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try NationalFigures.read(from: url)
        } catch let error as GapsError {
            return (error.description, url.path)
        }
        Issue.record("expected \(lines) to be rejected")
        return ("", url.path)
    }

    static let good = "202324,Academic year,National,E92000001,England,Reading,Total,Total,Total,600000,440000,73,170000,28,105"

    @Test func aMissingColumnNamesTheFileLineAndColumn() throws {
        let header = Self.header.replacingOccurrences(of: ",average_score", with: "")
        let (message, path) = try Self.readError([header, String(Self.good.dropLast(4))])
        #expect(message == "\(path):1: missing required field 'average_score'")
    }

    @Test func aNonNumericValueNamesTheFileLineAndColumn() throws {
        let bad = Self.good.replacingOccurrences(of: "440000", with: "44O000")
        let (message, path) = try Self.readError([Self.header, Self.good.replacingOccurrences(of: "Reading", with: "Maths"), bad])
        #expect(message.hasPrefix("\(path):3: "))
        #expect(message.contains("column 'expected_standard_count'") && message.contains("'44O000'"))
    }

    @Test func aRowAtAnotherLevelNamesTheFileLineAndColumn() throws {
        let bad = Self.good.replacingOccurrences(of: "National", with: "Local authority")
        let (message, path) = try Self.readError([Self.header, bad])
        #expect(message.hasPrefix("\(path):2: "))
        #expect(message.contains("column 'geographic_level'") && message.contains("'Local authority'"))
    }

    @Test func otherBadValuesAreCaught() throws {
        let cases: [(String, String)] = [
            (Self.good.replacingOccurrences(of: ",73,", with: ",173,"), "expected_standard_percent"),
            (Self.good.replacingOccurrences(of: "440000", with: "700000"), "expected_standard_count"),  // > pupils
            (Self.good.replacingOccurrences(of: ",105", with: ",15"), "average_score"),  // not a KS2 score
            (Self.good.replacingOccurrences(of: "202324", with: "202325"), "time_period"),
            (Self.good.replacingOccurrences(of: ",Total,Total,Total,", with: ",Total,FSM,Total,"), "disadvantage_status"),
            (Self.good.replacingOccurrences(of: "Reading", with: "Science"), "subject"),
            (Self.good.replacingOccurrences(of: "E92000001", with: "W92000004"), "country_code"),
            (Self.good.replacingOccurrences(of: "600000", with: ""), "pupil_count"),  // blank: use a symbol
        ]
        for (line, column) in cases {
            let (message, path) = try Self.readError([Self.header, line])
            #expect(message.hasPrefix("\(path):2: ") && message.contains("column '\(column)'"), "\(message)")
        }
        let (duplicate, path) = try Self.readError([Self.header, Self.good, Self.good])
        #expect(duplicate.hasPrefix("\(path):3: ") && duplicate.contains("line 2"))
        #expect(try Self.readError([Self.header]).message.contains("no national rows"))
    }

    @Test func symbolsAndTheOptionalSDAreRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("national-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try [
            "\u{FEFF}" + Self.header + ",average_score_sd",
            Self.good + ",6.5",
            "202324,Academic year,National,E92000001,England,Writing,Total,Total,Total,600000,430000,72,c,c,z,z",
        ].joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        let national = try NationalFigures.read(from: url)
        let reading = try #require(national.figure(NationalFigureKey(timePeriod: "202324", subject: .reading)))
        #expect(reading.pupilCount == 600000 && reading.averageScore == 105 && reading.averageScoreSD == 6.5)
        // The proportion comes from the counts (440000 / 600000), not the rounded 73%.
        #expect(reading.proportion(for: .expectedStandard) == 440000.0 / 600000.0)
        let writing = try #require(national.figure(NationalFigureKey(timePeriod: "202324", subject: .writing)))
        #expect(writing.higherStandardCount == nil && writing.averageScore == nil && writing.averageScoreSD == nil)
        #expect(writing.proportion(for: .higherStandard) == nil)
        #expect(national.timePeriods == ["202324"])
    }

    @Test func theStageStopsOnABadNationalFileAndWritesNothing() throws {
        let directory = try AggregateStageTests.writeNormalised(Self.fixture())
        defer { try? FileManager.default.removeItem(at: directory) }
        let nationalURL = directory.appendingPathComponent("national.csv")
        try (Self.header + "\n" + Self.good.replacingOccurrences(of: "National", with: "Regional") + "\n")
            .write(to: nationalURL, atomically: true, encoding: .utf8)
        var options = AggregateOptions.placesApart
        options.nationalFile = nationalURL.path
        let out = directory.appendingPathComponent("published")
        #expect(throws: GapsError.self) {
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path, options: options)
        }
        #expect(!FileManager.default.fileExists(atPath: out.path) && !FileManager.default.fileExists(atPath: out.path + ".partial"))
        options.nationalFile = directory.appendingPathComponent("absent.csv").path
        #expect(throws: GapsError.io(path: options.nationalFile!, message: "national comparator file not found")) {
            try AggregateStage.run(inputDirectory: directory.appendingPathComponent("normalised").path, outputDirectory: out.path, options: options)
        }
    }

    @Test func theShippedExampleFileReads() throws {
        let url = EndToEndTests.repository.appendingPathComponent("fixtures/national/ks2-national-example.csv")
        let national = try NationalFigures.read(from: url)
        #expect(national.timePeriods == ["202223", "202324"])
        // Two years x five subjects x (3 sexes x 3 disadvantage statuses), ethnicity Total only.
        #expect(national.figures.count == 90)
        let rwm = try #require(national.figure(NationalFigureKey(timePeriod: "202324", subject: .readingWritingMaths)))
        #expect(rwm.averageScore == nil && rwm.pupilCount != nil)
    }
}
