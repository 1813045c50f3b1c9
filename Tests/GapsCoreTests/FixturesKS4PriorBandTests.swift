import Foundation
import Testing
@testable import GapsCore

/// The KS2 prior-attainment band filter of `ks4-progress.csv` (issue 5): low / middle / high = below / at / above the
/// expected standard at KS2 on the mean KS2 reading and maths scaled score (`KS4PriorBand`).
///
/// Secondary school Gamma High (URN 200001), KS4 2023/24; KS2 in 2018/19 at Alpha Primary.
///
/// | pupil | KS2 reading, maths | mean  | band   | P8   |
/// |-------|--------------------|-------|--------|------|
/// | L1    | 95, 98             | 96.5  | Low    | -0.6 |
/// | L2    | 92, B (no score)   | 92    | Low    | -1.2 |
/// | L3    | 99, 100            | 99.5  | Low    |  0.3 |
/// | M1    | 100, 100           | 100   | Middle |  0.2 |
/// | M2    | 104, 108           | 106   | Middle | -0.4 |
/// | M3    | 110, 109           | 109.5 | Middle |  0.8 |
/// | H1    | 110, 110           | 110   | High   |  0.5 |
/// | H2    | 118, 112           | 115   | High   |  1.1 |
/// | N1    | none in the data   |       | No prior attainment | 0.1 |
@Suite struct FixturesKS4PriorBandTests {
    static let pupils: [(upn: String, sex: String, reading: Double?, maths: Double?, p8: Double)] = [
        ("L1", "Boys", 95, 98, -0.6), ("L2", "Girls", 92, nil, -1.2), ("L3", "Boys", 99, 100, 0.3),
        ("M1", "Girls", 100, 100, 0.2), ("M2", "Boys", 104, 108, -0.4), ("M3", "Girls", 110, 109, 0.8),
        ("H1", "Boys", 110, 110, 0.5), ("H2", "Girls", 118, 112, 1.1), ("N1", "Boys", nil, nil, 0.1),
    ]

    static func run(_ suppression: Suppression) throws -> [[String: String]] {
        var fixture = ProgressFixture()
        for pupil in pupils {
            fixture.pupil(pupil.upn, pupil.sex)
            if let reading = pupil.reading { fixture.ks2Score(pupil.upn, .ks2Reading, year: "201819", reading) }
            if let maths = pupil.maths {
                fixture.ks2Score(pupil.upn, .ks2Maths, year: "201819", maths)
            } else if pupil.reading != nil {
                fixture.ks2Code(pupil.upn, .ks2Maths, year: "201819", "B")
            }
        }
        fixture.school = (urn: "200001", laEstab: "8014001", name: "Gamma High")
        for pupil in pupils {
            fixture.ks4Score(pupil.upn, .ks4Attainment8, 40)
            fixture.ks4Score(pupil.upn, .ks4Progress8, pupil.p8)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-ks4-band-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("normalised")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try TableFile.write(fixture.pupils, to: input.appendingPathComponent(NormalisedPupil.fileName), restricted: true)
        try TableFile.write(fixture.results, to: input.appendingPathComponent(NormalisedResult.fileName), restricted: true)
        try Manifest(stage: "normalise").write(to: input.appendingPathComponent(Manifest.fileName))
        let out = directory.appendingPathComponent("aggregate")
        try AggregateStage.run(inputDirectory: input.path, outputDirectory: out.path, options: AggregateOptions(suppression: suppression))
        return try AggregateStageTests.readTable(out.appendingPathComponent(KS4ProgressTable.fileName)).rows
    }

    static func row(_ rows: [[String: String]], band: String, measure: String = "Progress 8", sex: String = "Total") -> [String: String]? {
        let matches = rows.filter {
            $0["school_urn"] == "200001" && $0["measure"] == measure && $0["prior_attainment_band"] == band
                && $0["disadvantage_status"] == "Total" && $0["sex"] == sex
        }
        #expect(matches.count == 1, "one row for \(band) \(measure) \(sex)")
        return matches.first
    }

    @Test func progress8MeansPerBandByHand() throws {
        let rows = try Self.run(Suppression(minimumDenominator: 1, minimumNumerator: 1))
        func average(_ band: String) -> Double? { Self.row(rows, band: band)?["average_score"].flatMap(Double.init) }
        // Low: (-0.6 - 1.2 + 0.3) / 3 = -1.5 / 3 = -0.5. Middle: (0.2 - 0.4 + 0.8) / 3 = 0.2 (109.5 is still below
        // 110). High: (0.5 + 1.1) / 2 = 0.8 (110 is high). No prior attainment: 0.1. Total: (-1.5 + 0.6 + 1.6 + 0.1) / 9
        // = 0.8 / 9 = 0.0888...
        #expect(abs(try #require(average("Low")) - (-0.5)) < 1e-9)
        #expect(abs(try #require(average("Middle")) - 0.2) < 1e-9)
        #expect(abs(try #require(average("High")) - 0.8) < 1e-9)
        #expect(abs(try #require(average("No prior attainment")) - 0.1) < 1e-9)
        #expect(abs(try #require(average("Total")) - 0.8 / 9) < 1e-9)
        #expect(Self.row(rows, band: "Low")?["pupil_count"] == "3" && Self.row(rows, band: "High")?["pupil_count"] == "2")
        // Below -1 in Progress 8: L2 only, in the Low band.
        #expect(Self.row(rows, band: "Low")?["below_threshold_count"] == "1")
        #expect(Self.row(rows, band: "Middle")?["below_threshold_count"] == "0")
        // Girls in the Middle band: M1 and M3, (0.2 + 0.8) / 2 = 0.5.
        #expect(abs((Self.row(rows, band: "Middle", sex: "Girls")?["average_score"].flatMap(Double.init) ?? .nan) - 0.5) < 1e-9)
        // The complete matrix: every measure x band x disadvantage status x sex for the school and for the LA.
        let bands = ["Total", "Low", "Middle", "High", "No prior attainment"]
        #expect(rows.filter { $0["school_urn"] == "200001" }.count == KS4ProgressMeasure.allCases.count * bands.count * 3 * 3)
        #expect(Set(rows.compactMap { $0["prior_attainment_band"] }) == Set(bands))
    }

    @Test func noBandCountCanBeWorkedOutFromTheTotal() throws {
        // Default suppression: every band has 1-3 pupils, so its row is withheld; a line whose Total is published
        // must then withhold none or at least two of its bands (Total minus the others gives a lone one away).
        let rows = try Self.run(Suppression())
        let school = rows.filter { $0["school_urn"] == "200001" }
        #expect(Self.row(school, band: "Total")?["pupil_count"] == "9")
        #expect(Self.row(school, band: "Low")?["pupil_count"] == "c")
        struct Line: Hashable { var measure: String; var status: String; var sex: String }
        let lines = Dictionary(grouping: school) { Line(measure: $0["measure"]!, status: $0["disadvantage_status"]!, sex: $0["sex"]!) }
        for (line, members) in lines {
            guard members.first(where: { $0["prior_attainment_band"] == "Total" })?["pupil_count"] != "c" else { continue }
            for column in ["pupil_count", "scored_count"] {
                let withheld = members.filter { $0["prior_attainment_band"] != "Total" && $0[column] == "c" }.count
                #expect(withheld != 1, "\(line) \(column): one band withheld beside a published Total")
            }
        }
    }

    @Test func bandFromNominalScoresAndLevels() throws {
        let rules = try ProgressRules.shipped()
        func result(_ measure: AssessmentMeasure, _ year: String, scaled: Double? = nil, points: Double? = nil,
                    kind: NormalisedResult.Kind = .scaledScore) -> NormalisedResult {
            var result = NormalisedResult()
            result.measure = measure
            result.timePeriod = year
            result.kind = kind
            result.scaledScore = scaled
            result.points = points
            return result
        }
        // A pre-key-stage maths result at its nominal 73 with reading 104: mean 88.5, Low.
        #expect(KS4PriorBand.band(ks2Results: [result(.ks2Reading, "201819", scaled: 104),
                                               result(.ks2Maths, "201819", points: 73, kind: .outcomeCode)],
                                  ks4Year: 2024, rules: rules) == .low)
        // Levels era (KS2 2015, KS4 2020): levels 4 and 5 = 27 and 33 points, mean 30: Middle; 5 and 5: High.
        #expect(KS4PriorBand.band(ks2Results: [result(.ks2Reading, "201415", points: 27, kind: .level),
                                               result(.ks2Maths, "201415", points: 33, kind: .level)],
                                  ks4Year: 2020, rules: rules) == .middle)
        #expect(KS4PriorBand.band(ks2Results: [result(.ks2Reading, "201415", points: 33, kind: .level),
                                               result(.ks2Maths, "201415", points: 33, kind: .level)],
                                  ks4Year: 2020, rules: rules) == .high)
        // KS2 results after the KS4 year, or none: no prior attainment, never Low.
        #expect(KS4PriorBand.band(ks2Results: [result(.ks2Reading, "202324", scaled: 90)], ks4Year: 2024, rules: rules) == .none)
        #expect(KS4PriorBand.band(ks2Results: [], ks4Year: 2024, rules: rules) == .none)
    }
}
