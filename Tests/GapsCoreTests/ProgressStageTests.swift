import Foundation
import Testing
@testable import GapsCore

/// `progress.csv`, `entitlement.csv` and the restricted pupil list, written by the aggregate stage from a hand-built
/// normalised directory. Expected values are worked out by hand below.
///
/// LA 801 (Bristol), school A (URN 100001), KS2 2022/23, KS1 teacher assessment 2018/19:
///
/// | pupil | sex   | disadv. | KS1 R W M     | APS (band)   | KS2 reading | writing | maths |
/// |-------|-------|---------|---------------|--------------|-------------|---------|-------|
/// | S01   | Boys  | yes     | WTS WTS WTS   | 6 (Low)      | 95          | WTS     | 96    |
/// | S02   | Boys  | yes     | WTS WTS WTS   | 6 (Low)      | 101         | EXS     | 99    |
/// | S03   | Boys  | no      | EXS EXS EXS   | 8 (Middle)   | 98          | EXS     | 104   |
/// | S04   | Boys  | no      | EXS EXS EXS   | 8 (Middle)   | 102         | EXS     | 100   |
/// | S05   | Boys  | no      | EXS EXS EXS   | 8 (Middle)   | 104         | GDS     | 108   |
/// | S06   | Girls | no      | EXS EXS EXS   | 8 (Middle)   | 108         | EXS     | 110   |
/// | S07   | Girls | no      | GDS GDS GDS   | 10 (High)    | 112         | GDS     | 115   |
/// | S08   | Girls | yes     | EXS EXS EXS   | 8 (Middle)   | 96          | WTS     | 99    |
/// | S09   | Girls | no      | EXS EXS A     | none (incomplete) | 103    | EXS     | 101   |
/// | S10   | Girls | no      | (none)        | none (no KS1) | 100        | EXS     | 100   |
///
/// Reading progress (comparison = the LA's pupils, minimum 5 per group, widened one 0.5 step at a time):
/// - group 8 (S03 S04 S05 S06 S08): mean (98 + 102 + 104 + 108 + 96) / 5 = 508 / 5 = 101.6; scores -3.6, 0.4,
///   2.4, 6.4, -5.6 (sum 0).
/// - group 6 (S01 S02): 2 pupils, widened to 4-8 (takes in group 8): (95 + 101 + 508) / 7 = 704 / 7; S01 scores
///   95 - 704/7 = -5.571, S02 101 - 704/7 = 0.429 (together -36/7).
/// - group 10 (S07): widened to 8-12: (508 + 112) / 6 = 620 / 6; S07 scores 112 - 620/6 = 26/3.
/// - school mean over the 8 scored pupils: (-36/7 + 0 + 26/3) / 8 = (74/21) / 8 = 74/168 = 0.44048.
/// - low progress (< -5): S01, S08. Stuck below (WTS -> below 100): S01. Fell behind (EXS -> below 100): S03, S08.
///   Not progressing: S01, S03, S08 = 3 of 8 judged = 37.5%.
/// Maths: group 8 mean (104 + 100 + 108 + 110 + 99) / 5 = 104.2; S08 scores 99 - 104.2 = -5.2 (low); group 6
/// widened: (96 + 99 + 521) / 7 = 716 / 7 = 102.29; S01 96 - 102.29 = -6.29 (low), S02 -3.29. Stuck below: S01,
/// S02 (96, 99). Fell behind: S08. Not progressing: S01, S02, S08 = 3 of 8.
/// Writing: stuck below S01 (WTS -> WTS), fell behind S08 (EXS -> WTS); no writing progress score (z).
///
/// Entitlement, school A 2022/23 (10 pupils at the end of KS2):
/// - (a) judged: S01-S09 (S09 has reading and writing judgements; S10 no KS1) = 9; entitled S01, S02 = 2.
/// - (b) judged: S01-S08 = 8; entitled S01, S02, S03, S08 = 4 (50%).
/// - (c) judged: none.
/// - Any: judged 9, entitled 4 -> 44.44%.
///
/// Secondary school G (URN 200001) in the same LA, KS4 2023/24: K1-K3 with KS2 2018/19 reading 100 and maths 104
/// and English grades 2, 5, 5 (K1 element -2: entitled (c)); K4 with Progress 8 -1.5 only (entitled (c)).
@Suite struct ProgressStageTests {
    static func fixture() -> ProgressFixture {
        var f = ProgressFixture()
        let rows: [(String, String, Bool, [String], Double, String, Double)] = [
            ("S01", "Boys", true, ["WTS", "WTS", "WTS"], 95, "WTS", 96),
            ("S02", "Boys", true, ["WTS", "WTS", "WTS"], 101, "EXS", 99),
            ("S03", "Boys", false, ["EXS", "EXS", "EXS"], 98, "EXS", 104),
            ("S04", "Boys", false, ["EXS", "EXS", "EXS"], 102, "EXS", 100),
            ("S05", "Boys", false, ["EXS", "EXS", "EXS"], 104, "GDS", 108),
            ("S06", "Girls", false, ["EXS", "EXS", "EXS"], 108, "EXS", 110),
            ("S07", "Girls", false, ["GDS", "GDS", "GDS"], 112, "GDS", 115),
            ("S08", "Girls", true, ["EXS", "EXS", "EXS"], 96, "WTS", 99),
            ("S09", "Girls", false, ["EXS", "EXS", "A"], 103, "EXS", 101),
            ("S10", "Girls", false, [], 100, "EXS", 100),
        ]
        for (upn, sex, disadvantaged, ks1, reading, writing, maths) in rows {
            // S01's forename is formula-like: it must reach the pupil list neutralised.
            f.pupil(upn, sex, disadvantaged: disadvantaged, surname: "Surname\(upn)", forename: upn == "S01" ? "=HYPERLINK(\"x\")" : "Pupil\(upn)")
            if !ks1.isEmpty { f.ks1TA(upn, ks1[0], ks1[1], ks1[2]) }
            f.ks2Score(upn, .ks2Reading, reading)
            f.ks2Writing(upn, writing)
            f.ks2Score(upn, .ks2Maths, maths)
        }
        let ks4 = ProgressAnalysisTests.ks4Fixture()
        f.pupils += ks4.pupils
        f.results += ks4.results
        return f
    }

    struct Output {
        var directory: URL
        var aggregate: URL
        var progress: [[String: String]]
        var progressHeader: [String]
        var entitlement: [[String: String]]
        var entitlementHeader: [String]
    }

    static func run(_ fixture: ProgressFixture = fixture(), suppression: Suppression = Suppression()) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-progress-\(UUID().uuidString)")
        let input = directory.appendingPathComponent("normalised")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try TableFile.write(fixture.pupils, to: input.appendingPathComponent(NormalisedPupil.fileName), restricted: true)
        try TableFile.write(fixture.results, to: input.appendingPathComponent(NormalisedResult.fileName), restricted: true)
        try Manifest(stage: "normalise").write(to: input.appendingPathComponent(Manifest.fileName))
        let out = directory.appendingPathComponent("aggregate")
        try AggregateStage.run(inputDirectory: input.path, outputDirectory: out.path, options: AggregateOptions(suppression: suppression))
        let progress = try AggregateStageTests.readTable(out.appendingPathComponent(ProgressOutputs.progressFileName))
        let entitlement = try AggregateStageTests.readTable(out.appendingPathComponent(ProgressOutputs.entitlementFileName))
        return Output(directory: directory, aggregate: out, progress: progress.rows, progressHeader: progress.header,
                      entitlement: entitlement.rows, entitlementHeader: entitlement.header)
    }

    static func progressRow(_ output: Output, urn: String? = "100001", year: String = "202223", subject: String,
                            band: String = "Total", disadvantage: String = "Total", sex: String = "Total") -> [String: String] {
        let matches = output.progress.filter {
            $0["school_urn"] == (urn ?? "") && $0["time_period"] == year && $0["subject"] == subject
                && $0["prior_attainment_band"] == band && $0["disadvantage_status"] == disadvantage && $0["sex"] == sex
        }
        #expect(matches.count == 1, "one progress row for \(urn ?? "LA") \(year) \(subject) \(band) \(disadvantage) \(sex)")
        return matches.first ?? [:]
    }

    static func entitlementRow(_ output: Output, urn: String? = "100001", year: String = "202223", entitlement: String,
                               sex: String = "Total", disadvantage: String = "Total") -> [String: String] {
        let matches = output.entitlement.filter {
            $0["school_urn"] == (urn ?? "") && $0["time_period"] == year && $0["entitlement"] == entitlement
                && $0["sex"] == sex && $0["disadvantage_status"] == disadvantage
        }
        #expect(matches.count == 1, "one entitlement row for \(urn ?? "LA") \(year) \(entitlement) \(sex) \(disadvantage)")
        return matches.first ?? [:]
    }

    static func values(_ row: [String: String], _ columns: [String]) -> [String] {
        columns.map { row[$0] ?? "<missing>" }
    }

    // MARK: - progress.csv

    @Test func progressHasTheEESColumnsAndCompleteMatrix() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        #expect(output.progressHeader == AggregateStage.geographyColumns + [
            "subject", "prior_attainment_band", "disadvantage_status", "sex", "pupil_count", "with_prior_count",
            "scored_count", "average_progress_score", "average_levels_progress", "expected_progress_count",
            "expected_progress_percent", "stuck_count", "stuck_percent", "stuck_below_count", "stuck_below_percent",
            "fell_behind_count", "fell_behind_percent", "low_progress_count", "low_progress_percent",
            "not_progressing_count", "not_progressing_percent",
        ])
        // KS2 years: 2018/19 (K1-K3's KS2) and 2022/23. Places: LA 801, school A, school G (KS2 2018/19 results).
        // 2 years x 3 places x 3 subjects x 5 bands x 3 disadvantage x 3 sex = 810 rows.
        #expect(output.progress.count == 810)
    }

    @Test func readingProgressWorkedByHand() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let row = Self.progressRow(output, subject: "Reading")
        #expect(Self.values(row, ["pupil_count", "with_prior_count", "scored_count"]) == ["10", "8", "8"])
        #expect(abs((Double(row["average_progress_score"] ?? "") ?? .nan) - 74.0 / 168.0) < 1e-9)
        // Levels-era indicators do not apply in 2022/23.
        #expect(Self.values(row, ["average_levels_progress", "expected_progress_count", "stuck_count", "stuck_percent"]) == ["z", "z", "z", "z"])
        // Stuck below 1 and fell behind 2, low progress 2: counts of 1-2 are withheld with their percentages.
        #expect(Self.values(row, ["stuck_below_count", "stuck_below_percent", "fell_behind_count", "low_progress_count"]) == ["c", "c", "c", "c"])
        #expect(Self.values(row, ["not_progressing_count", "not_progressing_percent"]) == ["3", "37.5"])
    }

    @Test func mathsAndWritingWorkedByHand() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let maths = Self.progressRow(output, subject: "Maths")
        // Maths progress: group 8 sum 0; S01 96 - 716/7, S02 99 - 716/7, S07 115 - (521 + 115)/6 = 9:
        // (96 + 99 - 1432/7 + 9) / 8 = (204 - 204.571) / 8 = (-4/7) / 8 = -1/14.
        #expect(abs((Double(maths["average_progress_score"] ?? "") ?? .nan) - -1.0 / 14.0) < 1e-9)
        #expect(Self.values(maths, ["stuck_below_count", "fell_behind_count", "low_progress_count", "not_progressing_count", "not_progressing_percent"])
            == ["c", "c", "c", "3", "37.5"])
        let writing = Self.progressRow(output, subject: "Writing")
        #expect(Self.values(writing, ["scored_count", "average_progress_score", "low_progress_count", "low_progress_percent"]) == ["z", "z", "z", "z"])
        #expect(Self.values(writing, ["with_prior_count", "not_progressing_count", "not_progressing_percent"]) == ["8", "c", "c"])
    }

    @Test func bandsAndSmallGroupsAreSuppressed() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // No prior attainment: S09, S10: 2 pupils -> the whole row is withheld, not-applicable cells stay z.
        let none = Self.progressRow(output, subject: "Reading", band: "No prior attainment")
        #expect(Self.values(none, ["pupil_count", "with_prior_count", "average_progress_score", "not_progressing_count", "stuck_count"])
            == ["c", "c", "c", "c", "z"])
        // Middle: S03 S04 S05 S06 S08 = 5 pupils, under 6 -> withheld.
        #expect(Self.progressRow(output, subject: "Reading", band: "Middle")["pupil_count"] == "c")
        // With suppression off (thresholds of 1), the figures show: Middle reading mean 0 (group 8 sums to 0).
        let open = try Self.run(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: open.directory) }
        let middle = Self.progressRow(open, subject: "Reading", band: "Middle")
        #expect(Self.values(middle, ["pupil_count", "with_prior_count", "fell_behind_count", "fell_behind_percent"]) == ["5", "5", "2", "40"])
        #expect(abs(Double(middle["average_progress_score"] ?? "") ?? .nan) < 1e-9)
        let none2 = Self.progressRow(open, subject: "Reading", band: "No prior attainment")
        #expect(Self.values(none2, ["pupil_count", "with_prior_count", "scored_count", "average_progress_score", "not_progressing_percent"])
            == ["2", "0", "0", "x", "x"], "no prior attainment: counted, never scored as zero")
        // Low band, disadvantaged boys: S01, S02; reading stuck below S01 only -> 1 of 2 = 50%.
        let low = Self.progressRow(open, subject: "Reading", band: "Low", disadvantage: "Disadvantaged", sex: "Boys")
        #expect(Self.values(low, ["pupil_count", "stuck_below_count", "stuck_below_percent", "low_progress_count"]) == ["2", "1", "50", "1"])
    }

    @Test func laRowsCountEveryPupilOfTheLA() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        // LA 801, 2022/23: only school A's pupils -> the same figures as the school.
        let la = Self.progressRow(output, urn: nil, subject: "Reading")
        #expect(Self.values(la, ["geographic_level", "old_la_code", "new_la_code", "pupil_count", "with_prior_count", "not_progressing_count"])
            == ["Local authority", "801", "E06000023", "10", "8", "3"])
    }

    // MARK: - entitlement.csv

    @Test func entitlementWorkedByHand() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        #expect(output.entitlementHeader == AggregateStage.geographyColumns + [
            "entitlement", "sex", "disadvantage_status", "pupil_count", "judged_count", "entitled_count", "entitled_percent",
        ])
        let columns = ["pupil_count", "judged_count", "entitled_count", "entitled_percent"]
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.ks1BelowExpected.rawValue), columns) == ["10", "9", "c", "c"])
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS1ToKS2.rawValue), columns) == ["10", "8", "4", "50"])
        // No KS4 pupil at a primary school: nobody judged, 0 entitled, and no percentage of nobody (x).
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS2ToKS4.rawValue), columns) == ["10", "0", "0", "x"])
        // Boys at school A: S01-S05, 5 pupils: the whole row is withheld.
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS1ToKS2.rawValue, sex: "Boys"), columns)
            == ["c", "c", "c", "c"])
        // Not known to be disadvantaged: S03-S07, S09, S10 = 7 pupils. (b) judged S03-S07 = 5, entitled S03 = 1:
        // 5 judged is under 6, so the count and percentage out of it are withheld. (a) judged S03-S07 and S09 = 6,
        // none below expected: 0 and 0% would be published. But Disadvantaged is 10 - 7 = 3 pupils, a row withheld
        // whole, which 10 (Total) - 7 would give back: secondary suppression withholds this row's pupil count, and
        // so the whole row, too (before it, this test expected ["7", "5", "c", "c"] and ["7", "6", "0", "0"]).
        let notDisadvantaged = "Not known to be disadvantaged"
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS1ToKS2.rawValue, disadvantage: notDisadvantaged), columns)
            == ["c", "c", "c", "c"])
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.ks1BelowExpected.rawValue, disadvantage: notDisadvantaged), columns)
            == ["c", "c", "c", "c"])
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.ks1BelowExpected.rawValue, disadvantage: "Disadvantaged"), columns)
            == ["c", "c", "c", "c"])
    }

    @Test func entitlementAnyAndKS4() throws {
        let output = try Self.run(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let columns = ["pupil_count", "judged_count", "entitled_count", "entitled_percent"]
        let any = Self.entitlementRow(output, entitlement: Entitlement.any)
        #expect(Self.values(any, ["pupil_count", "judged_count", "entitled_count"]) == ["10", "9", "4"])
        #expect(abs((Double(any["entitled_percent"] ?? "") ?? .nan) - 400.0 / 9.0) < 1e-9)
        #expect(Self.values(Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS2ToKS4.rawValue), columns) == ["10", "0", "0", "x"])
        // School G, 2023/24: K1-K5 at the end of KS4; all judged for (c); K1 (English -2) and K4 (P8 -1.5) entitled.
        let ks4 = Self.entitlementRow(output, urn: "200001", year: "202324", entitlement: Entitlement.notProgressingKS2ToKS4.rawValue)
        #expect(Self.values(ks4, columns) == ["5", "5", "2", "40"])
        #expect(ks4["school_name"] == "Gamma High")
        #expect(ks4["la_name"] == "Bristol, City of")
        // Disadvantaged pupils at school A: S01, S02, S08; (b) entitled all three.
        let disadvantaged = Self.entitlementRow(output, entitlement: Entitlement.notProgressingKS1ToKS2.rawValue, disadvantage: "Disadvantaged")
        #expect(Self.values(disadvantaged, columns) == ["3", "3", "3", "100"])
    }

    // MARK: - The restricted pupil list

    @Test func pupilListIsRestrictedAndComplete() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let listURL = output.aggregate.appendingPathComponent(ProgressOutputs.pupilListPath)
        let attributes = try FileManager.default.attributesOfItem(atPath: listURL.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: listURL.deletingLastPathComponent().path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)

        let list = try AggregateStageTests.readTable(listURL)
        #expect(list.header == ProgressOutputs.pupilListColumns)
        // School A: S01 (a) x3 + (b) x3, S02 (a) x3 + (b) maths, S03 (b) reading, S08 (b) x3 = 14 rows.
        // School G: K1 (c) English, K4 (c) Overall = 2 rows. Ordered by year, then school, then surname.
        let schoolA = list.rows.filter { $0["school_urn"] == "100001" }
        #expect(schoolA.count == 14)
        #expect(Set(schoolA.map { $0["upn"] ?? "" }) == ["S01", "S02", "S03", "S08"])
        let s03 = try #require(schoolA.first { $0["upn"] == "S03" })
        #expect(s03["entitlement"] == Entitlement.notProgressingKS1ToKS2.rawValue)
        #expect(s03["subject"] == "Reading")
        #expect(s03["evidence"] == "fell behind: at the expected standard at KS1, below it at KS2")
        #expect(s03["prior_result"] == "KS1 EXS (2018/19)")
        #expect(s03["later_result"] == "KS2 scaled score 98 (2022/23)")
        #expect(s03["progress_score"] == "-3.6")
        #expect(s03["surname"] == "SurnameS03")
        #expect(s03["school_name"] == "Alpha Primary")
        let s01 = try #require(schoolA.first { $0["upn"] == "S01" })
        #expect(s01["forename"] == "'=HYPERLINK(\"x\")", "formulas are neutralised")
        let ks4 = list.rows.filter { $0["school_urn"] == "200001" }
        #expect(ks4.map { $0["upn"] ?? "" } == ["K1", "K4"])
        #expect(ks4.map { $0["subject"] ?? "" } == ["English", "Overall"])
        #expect(list.rows.map { $0["time_period"] ?? "" } == list.rows.map { $0["time_period"] ?? "" }.sorted())

        let manifest = try Manifest.read(from: output.aggregate.appendingPathComponent(Manifest.fileName))
        let entry = try #require(manifest.outputs.first { $0.file == ProgressOutputs.pupilListPath })
        #expect(entry.restricted)
        #expect(entry.rows == 16)
        for name in ["progress.csv", "progress.meta.csv", "entitlement.csv", "entitlement.meta.csv"] {
            #expect(manifest.outputs.first { $0.file == name }?.restricted == false, "\(name) in the manifest, published")
        }
        #expect(manifest.inputs.flatMap(\.notes).contains { $0.hasPrefix("progress: 13 KS2 pupil-years, 8 with KS1 prior attainment") })
    }

    @Test func noPupilDataInPublishedFiles() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let published = try FileManager.default.contentsOfDirectory(at: output.aggregate, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "csv" }
        #expect(published.count >= 8, "attainment, gaps, progress, entitlement and their meta files")
        let fixture = Self.fixture()
        for url in published {
            let text = try String(contentsOf: url, encoding: .utf8)
            for pupil in fixture.pupils {
                // UPNs here are short ("S01"), so look for them as whole cells, and for the distinctive names.
                #expect(!text.split(whereSeparator: { $0 == "," || $0 == "\n" }).contains(Substring(pupil.upn)), "\(pupil.upn) in \(url.lastPathComponent)")
                #expect(!text.contains(pupil.surname), "\(pupil.surname) in \(url.lastPathComponent)")
            }
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        }
    }

    @Test func publishedFilesPassTheScreener() throws {
        let output = try Self.run()
        defer { try? FileManager.default.removeItem(at: output.directory) }
        for name in ["progress", "entitlement"] {
            let problems = try EESScreener.check(dataURL: output.aggregate.appendingPathComponent("\(name).csv"),
                                                 metaURL: output.aggregate.appendingPathComponent("\(name).meta.csv"))
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(name): \(problems)")
        }
    }

    @Test func levelsEraYearsPublishLevelsOfProgress() throws {
        // Five levels-era pupils at school A, KS2 2013/14 (see ProgressAnalysisTests.levelsFixture): reading
        // progress 6, 2, 10, 14, 12 points: mean 44 / 5 = 8.8; stuck L2 (1); two levels L4, L5 (2 of 5 = 40%).
        let output = try Self.run(ProgressAnalysisTests.levelsFixture(), suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1))
        defer { try? FileManager.default.removeItem(at: output.directory) }
        let row = Self.progressRow(output, year: "201314", subject: "Reading")
        #expect(Self.values(row, ["pupil_count", "with_prior_count", "scored_count", "average_levels_progress", "average_progress_score"])
            == ["5", "5", "5", "8.8", "z"])
        #expect(Self.values(row, ["stuck_count", "stuck_percent", "expected_progress_count", "expected_progress_percent"]) == ["1", "20", "2", "40"])
        // Not progressing: L1 (fell behind), L2 (stuck, fell behind), L3 (stuck below) = 3 of 5.
        #expect(Self.values(row, ["not_progressing_count", "not_progressing_percent", "low_progress_count"]) == ["3", "60", "z"])
    }
}
