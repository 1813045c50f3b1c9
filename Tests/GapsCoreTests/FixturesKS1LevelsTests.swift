import Foundation
import Testing
@testable import GapsCore

/// The demo's KS1 levels extract (`npd/ks1-2015.csv`, issue 5): the KS4 pupils' 2014/15 KS1 teacher assessment levels,
/// so that their 2018/19 KS1 -> KS2 progress runs on levels-era prior attainment end to end.
@Suite(.serialized) struct FixturesKS1LevelsTests {
    static let demo = FixturesKS2PriorExtractTests.demo

    /// Level points by the domain reference (section 4): W 3, 1 9, 2C 13, 2B 15, 2A 17, 3 21, 4 27.
    static let points: [String: Double] = ["W": 3, "1": 9, "2C": 13, "2B": 15, "2A": 17, "3": 21, "4": 27]

    @Test func theKS1ExtractHoldsTheKS2PupilsOf2019AtTheSameSchool() throws {
        let ks1 = try FixturesKS2PriorExtractTests.table("npd/ks1-2015.csv")
        let ks2 = try FixturesKS2PriorExtractTests.table("npd/ks2-2019.csv")
        #expect(ks1.count == 250)
        #expect(Set(ks1.keys) == Set(ks2.keys), "the same pupils, by UPN")
        var absent = 0
        for (upn, row) in ks1 {
            let later = try #require(ks2[upn])
            #expect(row["ACADYR"] == "2014/2015")
            #expect(row["LAESTAB"] == later["LAESTAB"] && row["URN"] == later["URN"], "\(upn): KS1 at the school of its KS2")
            for column in ["SURNAME", "DOB", "SEX", "FSM6", "SENPROV", "ETHNICITYMINOR"] {
                #expect(row[column] == later[column], "\(upn) \(column)")
            }
            let levels = ["READING", "WRITING", "MATHS"].map { row[$0] ?? "" }
            for level in levels { #expect(Self.points[level] != nil || level == "A", "\(upn): \(level)") }
            #expect(["W", "1", "2", "3", "4"].contains(row["SCIENCE"] ?? ""), "science in whole levels")
            let subjectPoints = levels.compactMap { Self.points[$0] }
            if subjectPoints.count == 3 {
                // The NPD's KS1 APS: the mean of the three subjects' points, e.g. 2A, 2C, 2B: (17 + 13 + 15) / 3 = 15.
                let aps = try #require(Double(row["APS"] ?? ""))
                #expect(abs(aps - subjectPoints.reduce(0, +) / 3) < 0.005, "\(upn)")
            } else {
                absent += 1
                #expect(row["APS"] == "", "no APS without a level in every subject")
            }
        }
        #expect(absent >= 1 && absent <= 5, "absence used sparingly: \(absent)")
    }

    @Test func ingestDetectsTheBuiltInLevelsProfile() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("ks1")
        try IngestStage.run(input: Self.demo.appendingPathComponent("npd/ks1-2015.csv").path, outputDirectory: out.path, assessmentMap: nil)
        let manifest = try Manifest.read(from: out.appendingPathComponent(Manifest.fileName))
        let notes = manifest.inputs.flatMap(\.notes).joined(separator: " ")
        #expect(manifest.inputs.first?.counts["results"]?.rejected == 0)
        #expect(notes.contains("profile: npd-ks1-levels detected"))
    }

    /// The cut points' claim: over a population like the default primary schools (drawn in proportion to their size,
    /// 11,360 pupils), the shares at or above each level are near the national KS1 results of 2015 (SFR 32/2015:
    /// level 2 or above reading 90%, writing 88%, maths 93%; 2B or above 82%, 72%, 82%; level 3 or above 32%, 18%,
    /// 26%). A standard error is under half a point at this size; 3 points leaves room for the ten schools' own
    /// effects, which the calibration drew afresh.
    @Test func levelCutsGiveNationalLikeSharesOverTheModelPopulation() throws {
        let la = try SyntheticLA()
        let cohort = CohortCalendar(ks2Year: 2019)
        #expect(cohort.ks1LevelsYear == 2015 && cohort.ks1Year == nil)
        let factory = try PupilFactory(la: la, years: [2019], largestCohort: 90 * 40)
        var counts: [String: [String: Int]] = [:]
        var total = 0
        for school in la.schools {
            var random = FixtureRandom(seed: 99, stream: [99, UInt64(school.index)])
            for ordinal in 0..<(school.cohortSize * 40) {
                let pupil = factory.makePupil(school: school, cohort: cohort, yearIndex: 0, ordinal: ordinal, random: &random)
                let levels = try #require(pupil.ks1Levels)
                total += 1
                for (subject, level) in [("Reading", levels.reading), ("Writing", levels.writing), ("Maths", levels.maths)] {
                    for threshold in ["2C", "2B", "3"] where (Self.points[level] ?? 0) >= Self.points[threshold]! {
                        counts[subject, default: [:]][threshold, default: 0] += 1
                    }
                }
            }
        }
        #expect(total == 284 * 40)
        let national: [String: [String: Double]] = [
            "Reading": ["2C": 90, "2B": 82, "3": 32], "Writing": ["2C": 88, "2B": 72, "3": 18], "Maths": ["2C": 93, "2B": 82, "3": 26],
        ]
        for (subject, shares) in national {
            for (level, expected) in shares {
                let share = 100 * Double(counts[subject]?[level] ?? 0) / Double(total)
                #expect(abs(share - expected) <= 3, "\(subject) \(level)+: \(share)% against \(expected)% nationally")
            }
        }
    }

    /// The pipeline over the demo's extracts: every 2018/19 KS2 pupil is matched to KS1, and `progress.csv` gives their
    /// KS1 -> KS2 progress on levels-era prior attainment. Expected counts are worked out here from the raw files by the
    /// definitions (docs/outputs-progress.md), not taken from the program.
    @Test func progressFor2018_19RunsOnKS1Levels() throws {
        let work = try EndToEndTests.runPipeline(ctf: false, extract: true)
        defer { try? FileManager.default.removeItem(at: work) }

        let matching = try AggregateStageTests.readTable(work.appendingPathComponent("normalise/key-stage-matching.csv")).rows
        let matched = try #require(matching.first {
            $0["time_period"] == "201819" && $0["geographic_level"] == "Local authority" && $0["key_stage"] == "KS2"
        })
        #expect(matched["pupils"] == "250" && matched["prior_matched"] == "250" && matched["prior_unmatched"] == "0")

        // From the raw files: KS1 judged in all three (no A), KS2 reading judged (not A, D, H, M, Q, T; nobody left).
        let ks1 = try FixturesKS2PriorExtractTests.table("npd/ks1-2015.csv")
        let ks2 = try FixturesKS2PriorExtractTests.table("npd/ks2-2019.csv")
        var judged = 0, scored = 0, stuckBelow = 0, fellBehind = 0
        var bands: [String: Int] = [:]
        for (upn, later) in ks2 {
            let prior = try #require(ks1[upn])
            let subjectPoints = ["READING", "WRITING", "MATHS"].compactMap { Self.points[prior[$0] ?? ""] }
            guard subjectPoints.count == 3 else {
                bands["No prior attainment", default: 0] += 1
                continue
            }
            // APS = ((reading + writing) / 2 + maths) / 2; Low < 12, Middle 12 to < 18, High >= 18 (levels scale).
            let aps = ((subjectPoints[0] + subjectPoints[1]) / 2 + subjectPoints[2]) / 2
            bands[aps < 12 ? "Low" : aps < 18 ? "Middle" : "High", default: 0] += 1
            let outcome = later["READOUTCOME"] ?? ""
            guard !["A", "D", "H", "M", "Q", "T", "L"].contains(outcome) else { continue }
            judged += 1
            if Double(later["READSCORE"] ?? "") != nil { scored += 1 }
            let expectedAtKS1 = subjectPoints[0] >= 15  // 2B or above
            let expectedAtKS2 = outcome == "AS"  // a scaled score of 100 or more
            if !expectedAtKS1 && !expectedAtKS2 { stuckBelow += 1 }
            if expectedAtKS1 && !expectedAtKS2 { fellBehind += 1 }
        }
        #expect(bands["No prior attainment"] == 1, "the one pupil absent at KS1 (README)")

        // Without suppression, so that the one pupil without prior attainment (and the band secondary suppression would
        // withhold with it) can be compared.
        let open = work.appendingPathComponent("aggregate-open")
        try AggregateStage.run(inputDirectory: work.appendingPathComponent("normalise").path, outputDirectory: open.path,
                               options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        let progress = try AggregateStageTests.readTable(open.appendingPathComponent("progress.csv")).rows
            .filter { $0["time_period"] == "201819" && $0["geographic_level"] == "Local authority" && $0["subject"] == "Reading"
                && $0["disadvantage_status"] == "Total" && $0["sex"] == "Total" }
        let all = try #require(progress.first { $0["prior_attainment_band"] == "Total" })
        #expect(all["pupil_count"] == "250")
        #expect(all["with_prior_count"] == String(judged))
        #expect(all["scored_count"] == String(scored))
        #expect(all["stuck_below_count"] == String(stuckBelow) && all["fell_behind_count"] == String(fellBehind))
        // KS2 2019 is scaled scores: a progress score, not levels progress.
        #expect(Double(all["average_progress_score"] ?? "") != nil && all["average_levels_progress"] == "z")
        for band in ["Low", "Middle", "High", "No prior attainment"] {
            let row = try #require(progress.first { $0["prior_attainment_band"] == band })
            #expect(row["pupil_count"] == String(bands[band] ?? 0), "\(band)")
        }

        // The summary pack of an extract-only school prints 2023/24 (no KS1: 2020) and the latest year with progress.
        let pack = try String(contentsOf: work.appendingPathComponent("report/schools/190009.html"), encoding: .utf8)
        #expect(pack.contains("id=\"progress-202324\"") && pack.contains("id=\"progress-201819\""))
        #expect(pack.contains("Reading: progress from KS1 to KS2, 2018/19"))
    }
}
