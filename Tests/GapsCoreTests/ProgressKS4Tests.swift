import Foundation
import Testing
@testable import GapsCore

/// KS2 -> KS4 Progress 8 in `ks4-progress.csv`: averages, the DfE's interval, "not progressing" counts,
/// suppression (tried by recovery) and entitlement (c) from the DfE's own element scores.
///
/// Secondary school Gamma High (URN 200001, LA 801), KS4 2023/24 (SD file: P8 1.41628, English 1.614052).
///
/// | pupil | sex   | disadv. | P8   | English element |
/// |-------|-------|---------|------|-----------------|
/// | B1    | Boys  | no      |  0.5 |  0.4 |
/// | B2    | Boys  | no      | -0.2 | -1.2 |
/// | B3    | Boys  | no      |  1.1 |  1.0 |
/// | B4    | Boys  | no      | -1.4 | -1.5 |
/// | G1    | Girls | no      |  0.3 |  0.2 |
/// | G2    | Girls | no      |  0.0 | -1.1 |
/// | G3    | Girls | no      | -0.6 | -0.3 |
/// | G4    | Girls | no      |  0.9 |  0.8 |
/// | D1    | Boys  | yes     | -1.2 | -2.0 |
/// | D2    | Girls | yes     | -0.8 | -0.5 |
/// | D3    | Girls | yes     | -1.6 | -1.3 |
/// | N1    | Boys  | no      | (Attainment 8 only: no KS2 prior attainment) |
///
/// Every pupil has an English grade (4), so the English element counts as evidence for entitlement (c).
@Suite struct ProgressKS4Tests {
    static let rows: [(upn: String, sex: String, disadvantaged: Bool, p8: Double?, english: Double?)] = [
        ("B1", "Boys", false, 0.5, 0.4), ("B2", "Boys", false, -0.2, -1.2), ("B3", "Boys", false, 1.1, 1.0),
        ("B4", "Boys", false, -1.4, -1.5), ("G1", "Girls", false, 0.3, 0.2), ("G2", "Girls", false, 0.0, -1.1),
        ("G3", "Girls", false, -0.6, -0.3), ("G4", "Girls", false, 0.9, 0.8), ("D1", "Boys", true, -1.2, -2.0),
        ("D2", "Girls", true, -0.8, -0.5), ("D3", "Girls", true, -1.6, -1.3), ("N1", "Boys", false, nil, nil),
    ]

    static func fixture() -> ProgressFixture {
        var f = ProgressFixture()
        // One KS2 pupil at a primary school (Alpha Primary, 100001), as every real run has a KS2 cohort.
        f.pupil("P1", "Girls")
        f.ks2Score("P1", .ks2Reading, 100)
        f.ks2Writing("P1", "EXS")
        f.ks2Score("P1", .ks2Maths, 100)
        f.school = (urn: "200001", laEstab: "8014001", name: "Gamma High")
        for row in rows {
            f.pupil(row.upn, row.sex, disadvantaged: row.disadvantaged, surname: "Surname\(row.upn)", forename: "Pupil\(row.upn)")
            f.ks4Score(row.upn, .ks4Attainment8, 40)
            f.ks4Grade(row.upn, .ks4EnglishGrade, 4)
            if let p8 = row.p8 { f.ks4Score(row.upn, .ks4Progress8, p8) }
            if let english = row.english { f.ks4Score(row.upn, .ks4Progress8English, english) }
        }
        return f
    }

    static func run(_ suppression: Suppression = Suppression()) throws -> (ks4: [[String: String]], entitlement: [[String: String]], directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-ks4-\(UUID().uuidString)")
        let input = directory.appendingPathComponent("normalised")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let fixture = fixture()
        try TableFile.write(fixture.pupils, to: input.appendingPathComponent(NormalisedPupil.fileName), restricted: true)
        try TableFile.write(fixture.results, to: input.appendingPathComponent(NormalisedResult.fileName), restricted: true)
        try Manifest(stage: "normalise").write(to: input.appendingPathComponent(Manifest.fileName))
        let out = directory.appendingPathComponent("aggregate")
        try AggregateStage.run(inputDirectory: input.path, outputDirectory: out.path, options: AggregateOptions(suppression: suppression))
        let ks4 = try AggregateStageTests.readTable(out.appendingPathComponent(KS4ProgressTable.fileName))
        let entitlement = try AggregateStageTests.readTable(out.appendingPathComponent(ProgressOutputs.entitlementFileName))
        return (ks4.rows, entitlement.rows, directory)
    }

    static func row(_ rows: [[String: String]], urn: String = "200001", measure: String = "Progress 8",
                    disadvantage: String = "Total", sex: String = "Total") -> [String: String] {
        let matches = rows.filter {
            $0["school_urn"] == urn && $0["time_period"] == "202324" && $0["measure"] == measure
                && $0["disadvantage_status"] == disadvantage && $0["sex"] == sex && $0["prior_attainment_band"] == "Total"
        }
        #expect(matches.count == 1, "one row for \(urn) \(measure) \(disadvantage) \(sex)")
        return matches.first ?? [:]
    }

    static func number(_ row: [String: String], _ column: String) -> Double? { row[column].flatMap(Double.init) }

    @Test func averageWithTheDfEIntervalByHand() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Progress 8, all 11 scored pupils: sum 0.5 - 0.2 + 1.1 - 1.4 + 0.3 + 0 - 0.6 + 0.9 - 1.2 - 0.8 - 1.6 = -3.0,
        // mean -3/11 = -0.272727. Half width 1.96 x 1.41628 / sqrt(11) = 2.775909 / 3.316625 = 0.836971:
        // interval -1.109698 to 0.564244, which holds 0: not significant. Below -1: B4, D1, D3 = 3 of 11 = 27.27%.
        let total = Self.row(output.ks4)
        #expect(total["pupil_count"] == "12")   // N1 counts as a pupil at the end of KS4, without a score
        #expect(total["scored_count"] == "11")
        #expect(abs(Self.number(total, "average_score")! - (-0.272727)) < 1e-5)
        #expect(abs(Self.number(total, "average_score_lower_ci")! - (-1.109698)) < 1e-5)
        #expect(abs(Self.number(total, "average_score_upper_ci")! - 0.564244) < 1e-5)
        #expect(total["national_standard_deviation"] == "1.41628")
        #expect(total["significance"] == "Not significantly different from average")
        #expect(total["below_threshold_count"] == "3")
        #expect(abs(Self.number(total, "below_threshold_percent")! - 300.0 / 11) < 1e-9)

        // English element: sum 0.4 - 1.2 + 1.0 - 1.5 + 0.2 - 1.1 - 0.3 + 0.8 - 2.0 - 0.5 - 1.3 = -5.5, mean -0.5.
        // Half width 1.96 x 1.614052 / sqrt(11) = 3.163542 / 3.316625 = 0.953843: -1.453843 to 0.453843.
        // Below -1: B2, B4, G2, D1, D3 = 5 of 11.
        let english = Self.row(output.ks4, measure: "English element")
        #expect(abs(Self.number(english, "average_score")! - (-0.5)) < 1e-9)
        #expect(abs(Self.number(english, "average_score_lower_ci")! - (-1.453843)) < 1e-5)
        #expect(abs(Self.number(english, "average_score_upper_ci")! - 0.453843) < 1e-5)
        #expect(english["below_threshold_count"] == "5")
        // No pupil has an EBacc element: no scores (x), and no "not progressing" rule for EBacc (z).
        let ebacc = Self.row(output.ks4, measure: "EBacc element")
        #expect(Array([ebacc["scored_count"], ebacc["average_score"], ebacc["below_threshold_count"]]) == ["0", "x", "z"])
    }

    @Test func groupsWithoutSuppressionAddUp() throws {
        let output = try Self.run(Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Boys: B1-B4, D1 scored (sum 0.5 - 0.2 + 1.1 - 1.4 - 1.2 = -1.2, mean -0.24), N1 not: 6 pupils, 5 scored.
        // Girls: G1-G4, D2, D3 (sum 0.3 + 0 - 0.6 + 0.9 - 0.8 - 1.6 = -1.8, mean -0.3): 6 and 6.
        let boys = Self.row(output.ks4, sex: "Boys")
        let girls = Self.row(output.ks4, sex: "Girls")
        #expect(Array([boys["pupil_count"], boys["scored_count"]]) == ["6", "5"])
        #expect(abs(Self.number(boys, "average_score")! - (-0.24)) < 1e-9)
        #expect(abs(Self.number(girls, "average_score")! - (-0.3)) < 1e-9)
        // Conservation: every pupil is in one sex and one disadvantage group, for every measure.
        for measure in KS4ProgressMeasure.allCases.map(\.rawValue) {
            for column in ["pupil_count", "scored_count"] {
                let total = Int(Self.row(output.ks4, measure: measure)[column]!)!
                let bySex = ["Boys", "Girls"].map { Int(Self.row(output.ks4, measure: measure, sex: $0)[column]!)! }
                let byStatus = ["Disadvantaged", "Not known to be disadvantaged"].map {
                    Int(Self.row(output.ks4, measure: measure, disadvantage: $0)[column]!)!
                }
                #expect(bySex.reduce(0, +) == total && byStatus.reduce(0, +) == total, "\(measure) \(column)")
            }
        }
        // The LA's rows are the school's: it is the LA's only KS4 school.
        let la = output.ks4.filter { $0["geographic_level"] == "Local authority" && $0["measure"] == "Progress 8"
            && $0["sex"] == "Total" && $0["disadvantage_status"] == "Total" && $0["prior_attainment_band"] == "Total" }
        #expect(la.count == 1 && la.first?["average_score"] == Self.row(output.ks4)["average_score"])
    }

    @Test func smallGroupsAreWithheldAndCannotBeRecovered() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // Boys: 5 with a score (1-5): the average, its interval and the scored count are withheld (primary). Girls
        // (6 scored) would give Boys' count away as 11 - 6 and Boys' sum as -3.0 - 6 x Girls' mean, so Girls' scored
        // count and average are withheld too (secondary). Disadvantaged: 3 pupils, the whole row; Not known to be
        // disadvantaged (9) would give it away as 12 - 9, so that row goes too.
        let boys = Self.row(output.ks4, sex: "Boys")
        let girls = Self.row(output.ks4, sex: "Girls")
        #expect(boys["pupil_count"] == "6" && girls["pupil_count"] == "6")
        for row in [boys, girls] {
            #expect(Array([row["scored_count"], row["average_score"], row["average_score_lower_ci"], row["significance"]])
                == ["c", "c", "c", "c"])
            #expect(row["national_standard_deviation"] == "1.41628")
        }
        #expect(Self.row(output.ks4, disadvantage: "Disadvantaged")["pupil_count"] == "c")
        #expect(Self.row(output.ks4, disadvantage: "Not known to be disadvantaged")["pupil_count"] == "c")

        // Attempted recovery, every line of every measure and place: a withheld count, or a withheld average, must
        // not follow from the line's Total and its published siblings.
        let groups: [(filter: String, children: [String])] = [
            ("sex", ["Boys", "Girls"]), ("disadvantage_status", ["Disadvantaged", "Not known to be disadvantaged"]),
        ]
        var linesChecked = 0
        for place in Set(output.ks4.map { $0["school_urn"] ?? "" }) {
            for measure in KS4ProgressMeasure.allCases.map(\.rawValue) {
                let rows = output.ks4.filter { $0["school_urn"] == place && $0["measure"] == measure && $0["prior_attainment_band"] == "Total" }
                for (filter, children) in groups {
                    let other = filter == "sex" ? "disadvantage_status" : "sex"
                    for fixed in Set(rows.map { $0[other]! }) {
                        func cell(_ value: String) -> [String: String]? {
                            rows.first { $0[filter] == value && $0[other] == fixed }
                        }
                        guard let total = cell("Total") else { continue }
                        let parts = children.compactMap(cell)
                        for column in ["pupil_count", "scored_count", "below_threshold_count"] where total[column] != "c" {
                            let hidden = parts.filter { $0[column] == "c" }.count
                            #expect(hidden != 1, "\(place) \(measure) \(filter) \(fixed): \(column) recoverable")
                        }
                        // An average: total mean x n minus the published siblings' sums gives the last sum, and with
                        // its count its mean. Recoverable when exactly one child hides it and every count is shown.
                        let hiddenAverages = parts.filter { $0["average_score"] == "c" }
                        if total["average_score"] != "c", hiddenAverages.count == 1 {
                            #expect(hiddenAverages[0]["scored_count"] == "c"
                                && parts.contains { $0["scored_count"] == "c" && $0 != hiddenAverages[0] },
                                "\(place) \(measure) \(filter) \(fixed): an average is recoverable")
                        }
                        linesChecked += 1
                    }
                }
            }
        }
        #expect(linesChecked > 20)
    }

    @Test func entitlementCUsesTheDfEElement() throws {
        let output = try Self.run(Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // English element below -1: B2 -1.2, B4 -1.5, G2 -1.1, D1 -2.0, D3 -1.3 = 5 of the 11 judged; N1 has no
        // element and no Progress 8, so is not judged.
        let rows = output.entitlement.filter {
            $0["school_urn"] == "200001" && $0["time_period"] == "202324" && $0["entitlement"] == "Not progressing KS2 to KS4"
                && $0["sex"] == "Total" && $0["disadvantage_status"] == "Total"
        }
        #expect(rows.count == 1)
        #expect(Array([rows.first?["pupil_count"], rows.first?["judged_count"], rows.first?["entitled_count"]]) == ["12", "11", "5"])
        let list = try AggregateStageTests.readTable(output.directory.appendingPathComponent("aggregate/restricted/pupils-needing-support.csv"))
        let b2 = try #require(list.rows.first { $0["upn"] == "B2" })
        #expect(b2["evidence"] == "english element Progress 8 (DfE, national estimates) -1.2 below -1")
        #expect(b2["prior_result"] == "KS2 prior attainment as used by the DfE for the KS4 file")
    }

    @Test func intervalNeedsTheYearsSD() throws {
        // A year the SD file lacks: the average is published, the interval and significance are not available.
        let cell = KS4ProgressTable.Cell(
            place: .school(urn: "1"), timePeriod: "201819", measure: .progress8, disadvantageStatus: "Total", sex: "Total",
            tableKey: .init(la: "801", timePeriod: "201819", measure: .progress8, place: nil), filterValues: ["Total", "Total"],
            pupilCount: 6, scores: [1, 0, 0, 0, 0, -1], belowThresholdCount: 0)
        #expect(KS4ProgressTable.indicators(cell, deviation: nil, threshold: -1) == ["6", "6", "0", "x", "x", "x", "x", "0", "0"])
        // The same with an SD of 2: half width 1.96 x 2 / sqrt(6) = 3.92 / 2.449490 = 1.600333.
        let fields = KS4ProgressTable.indicators(cell, deviation: 2, threshold: -1)
        #expect(abs(Double(fields[3])! + 1.600333) < 1e-6 && abs(Double(fields[4])! - 1.600333) < 1e-6)
    }

    @Test func progressAveragesAreProtectedOnTheirLines() {
        // progress.csv, one school, Reading 2022/23, band and disadvantage at Total: Total 10 scored (mean 1),
        // Boys 4 (mean withheld: 1-5), Girls 6. Published, 10 x 1 - 6 x Girls' mean is the boys' sum and 10 - 6 their
        // count: so Girls' scored count and average are withheld too; Total stays.
        let columns = ProgressTable.layout.columns.map(\.name)
        func row(_ sex: String, scored: Int, average: String) -> (place: PublishedPlace, fields: [String], scoredCount: Int?) {
            var fields = ["Reading", "Total", "Total", sex] + Array(repeating: "0", count: columns.count - 4)
            fields[columns.firstIndex(of: "pupil_count")!] = "12"
            fields[columns.firstIndex(of: "scored_count")!] = String(scored)
            fields[columns.firstIndex(of: "average_progress_score")!] = average
            fields[columns.firstIndex(of: "average_levels_progress")!] = "z"
            return (.school(urn: "100001"), fields, scored)
        }
        var cohorts = KS2Cohorts()
        cohorts.schools["100001"] = PublishedSchool(urn: "100001", laEstab: "8012001", name: "Alpha Primary", la: "801")
        let result = ProgressTable.withholdAverages([row("Total", scored: 10, average: "1"), row("Boys", scored: 4, average: "c"),
                                                     row("Girls", scored: 6, average: "0.5")], cohorts: cohorts, suppression: Suppression())
        let scored = columns.firstIndex(of: "scored_count")!, average = columns.firstIndex(of: "average_progress_score")!
        let levels = columns.firstIndex(of: "average_levels_progress")!
        #expect(result.map { [$0.fields[scored], $0.fields[average], $0.fields[levels]] }
            == [["10", "1", "z"], ["c", "c", "z"], ["c", "c", "z"]])
    }

    @Test func standardDeviationFileIsCheckedRowByRow() throws {
        let shipped = try ProgressEightDeviations.shipped()
        #expect(shipped.deviation(.progress8, timePeriod: "202324") == 1.41628)
        #expect(shipped.deviation(.open, timePeriod: "202324") == 1.616699)
        #expect(shipped.deviation(.progress8, timePeriod: "202223") == nil)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-p8sd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for bad in ["time_period,measure,standard_deviation\n202324,attainment8,1\n",
                    "time_period,measure,standard_deviation\n202324,progress8,1\n202324,progress8,1.2\n",
                    "time_period,measure,standard_deviation\n202324,progress8,0\n",
                    "time_period,measure,standard_deviation\n2023/24,progress8,1\n"] {
            let url = directory.appendingPathComponent("sd.csv")
            try bad.write(to: url, atomically: true, encoding: .utf8)
            #expect(throws: GapsError.self) { try ProgressEightDeviations(contentsOf: url) }
        }
    }
}
