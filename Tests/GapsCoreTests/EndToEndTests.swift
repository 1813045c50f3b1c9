import Foundation
import Testing
@testable import GapsCore

/// The four stages in process over the committed synthetic LA (`fixtures/demo`), as `make demo` chains them.
/// Published figures are checked against counts taken straight from the raw NPD-style extract, not from the
/// pipeline's own intermediate tables.
@Suite(.serialized) struct EndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let demo = repository.appendingPathComponent("fixtures/demo")

    /// Runs the pipeline once into a temporary folder; the returned folder holds ingest/, normalise/, aggregate/, report/.
    static func runPipeline(ctf: Bool = true, extract: Bool = true) throws -> URL {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-e2e-\(UUID().uuidString)")
        var inputs: [URL] = []
        if ctf { inputs += try files(in: demo.appendingPathComponent("ctf"), ending: ".xml") }
        if extract { inputs += try files(in: demo.appendingPathComponent("npd"), ending: ".csv") }
        var ingested: [String] = []
        for input in inputs {
            let out = work.appendingPathComponent("ingest/\(input.deletingPathExtension().lastPathComponent)").path
            try IngestStage.run(input: input.path, outputDirectory: out)
            ingested.append(out)
        }
        try NormaliseStage.run(inputDirectories: ingested, outputDirectory: work.appendingPathComponent("normalise").path,
                               options: NormaliseOptions(), reference: try NormaliseReferenceData.load())
        try AggregateStage.run(inputDirectory: work.appendingPathComponent("normalise").path,
                               outputDirectory: work.appendingPathComponent("aggregate").path)
        try RenderStage.run(aggregateDirectory: work.appendingPathComponent("aggregate").path,
                            outputDirectory: work.appendingPathComponent("report").path)
        return work
    }

    static func files(in folder: URL, ending suffix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasSuffix(suffix) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func manifest(_ folder: URL) throws -> Manifest {
        try Manifest.read(from: folder.appendingPathComponent(Manifest.fileName))
    }

    @Test func everyStageConservesRows() throws {
        let work = try Self.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let ingestFolders = try FileManager.default.contentsOfDirectory(
            at: work.appendingPathComponent("ingest"), includingPropertiesForKeys: nil)
        #expect(ingestFolders.count == 20)  // 16 CTF files, the KS2 extract, the KS4 pupil file and its pupils' KS2 and KS1 extracts
        var ingestedPupils = 0
        for folder in ingestFolders {
            let manifest = try Self.manifest(folder)
            for (kind, counts) in manifest.inputs.flatMap(\.counts) {
                #expect(counts.isBalanced, "\(folder.lastPathComponent) \(kind): \(counts)")
            }
            ingestedPupils += manifest.inputs.first?.counts["pupils"]?.written ?? 0
        }
        let normalise = try Self.manifest(work.appendingPathComponent("normalise"))
        for (kind, counts) in normalise.counts {
            #expect(counts.isBalanced, "normalise \(kind): \(counts)")
        }
        // Normalise reads exactly what ingest wrote.
        #expect(normalise.counts["pupils"]?.read == ingestedPupils)
        for (kind, counts) in try Self.manifest(work.appendingPathComponent("aggregate")).counts {
            #expect(counts.isBalanced, "aggregate \(kind): \(counts)")
        }
        // KS4: every row of the raw KS4 file is a pupil at the end of KS4 in the LA's Progress 8 row, and every row
        // with a Progress 8 score is scored; the two schools add up to the LA (counted from the raw file).
        let raw = try CSVReader(path: Self.demo.appendingPathComponent("npd/KS4pu24.csv").path).readAll()
        let p8Column = try #require(raw[0].fields.firstIndex(of: "Pupil's adjusted progress 8 score"))
        let open = work.appendingPathComponent("aggregate-open")
        try AggregateStage.run(inputDirectory: work.appendingPathComponent("normalise").path, outputDirectory: open.path,
                               options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        let ks4 = try AggregateStageTests.readTable(open.appendingPathComponent("ks4-progress.csv")).rows
            .filter { $0["measure"] == "Progress 8" && $0["sex"] == "Total" && $0["disadvantage_status"] == "Total"
                && $0["prior_attainment_band"] == "Total" }
        let la = try #require(ks4.first { $0["geographic_level"] == "Local authority" })
        #expect(la["pupil_count"] == String(raw.count - 1))
        #expect(la["scored_count"] == String(raw.dropFirst().count { !$0.fields[p8Column].isEmpty }))
        let schools = ks4.filter { $0["geographic_level"] == "School" }
        #expect(schools.count == 2 && schools.map { Int($0["pupil_count"]!)! }.reduce(0, +) == raw.count - 1)
    }

    @Test func aPupilInACTFAndTheExtractIsOnePupil() throws {
        let work = try Self.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let extractUPNs = Set(try CSVReader(path: Self.demo.appendingPathComponent("npd/ks2-2024.csv").path)
            .readAll().dropFirst().map { $0.fields[0] })
        let pupils = try TableFile.read(NormalisedPupil.self, from: work.appendingPathComponent("normalise/pupils.csv"))
        let upns = pupils.map(\.upn)
        #expect(Set(upns).count == upns.count, "one row per pupil")
        let inBoth = pupils.filter { $0.sources.contains(".xml") && $0.sources.contains("ks2-2024.csv") }
        #expect(!inBoth.isEmpty)
        #expect(Set(inBoth.map(\.upn)).isSubset(of: extractUPNs))
    }

    /// LA-wide 2023/24 reading from the published table against a count of the raw extract (which covers every
    /// school that year): cohort = rows whose reading is a scaled score or an outcome code other than the
    /// not-in-cohort codes L, F, P, J; expected = scaled score of 100 or more.
    @Test func publishedLAReadingMatchesTheRawExtract() throws {
        let work = try Self.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let records = try CSVReader(path: Self.demo.appendingPathComponent("npd/ks2-2024.csv").path).readAll()
        let header = records[0].fields
        let score = header.firstIndex(of: "READSCORE")!, outcome = header.firstIndex(of: "READOUTCOME")!
        var cohort = 0, expected = 0
        for record in records.dropFirst() {
            if let value = Double(record.fields[score]) {
                cohort += 1
                if value >= 100 { expected += 1 }
            } else if !["L", "F", "P", "J", ""].contains(record.fields[outcome]) {
                cohort += 1
            }
        }
        var published: [String: String]?
        try TableFile.forEachRow(in: work.appendingPathComponent("aggregate/attainment.csv")) { row in
            if row["time_period"] == "202324", row["geographic_level"] == "Local authority", row["subject"] == "Reading",
               row["sex"] == "Total", row["disadvantage_status"] == "Total", row["ethnicity_major"] == "Total" {
                published = ["pupils": row["pupil_count"], "expected": row["expected_standard_count"]]
            }
        }
        #expect(published == ["pupils": String(cohort), "expected": String(expected)])
    }

    @Test func theCTFsAndTheExtractGiveTheSamePupilsForTheSameCohort() throws {
        let fromCTF = try Self.runPipeline(ctf: true, extract: false)
        let fromExtract = try Self.runPipeline(ctf: false, extract: true)
        defer {
            try? FileManager.default.removeItem(at: fromCTF)
            try? FileManager.default.removeItem(at: fromExtract)
        }
        func characteristics(_ work: URL) throws -> [String: [String]] {
            let pupils = try TableFile.read(NormalisedPupil.self, from: work.appendingPathComponent("normalise/pupils.csv"))
            return Dictionary(uniqueKeysWithValues: pupils.map { pupil in
                (pupil.upn, [pupil.sex, pupil.ethnicityMain, pupil.ethnicityMajor, pupil.ethnicityMinor, String(pupil.fsmEligible),
                             String(pupil.fsmEver6), String(pupil.lookedAfter), String(pupil.disadvantaged),
                             pupil.senProvision, pupil.firstLanguage])
            })
        }
        let ctf = try characteristics(fromCTF)
        let extract = try characteristics(fromExtract)
        let shared = Set(ctf.keys).intersection(extract.keys)
        #expect(shared.count > 100)
        for upn in shared.sorted() {
            #expect(ctf[upn] == extract[upn], "pupil \(upn)")
        }
        // Every pupil has a minor group: the demo's codes are all classified or Unknown, never blank.
        #expect(ctf.values.allSatisfy { !$0[3].isEmpty })

        // The 2023/24 results of the shared pupils, read the same way from either source.
        func results(_ work: URL) throws -> [String: [String: [String]]] {
            var byPupil: [String: [String: [String]]] = [:]
            for result in try TableFile.read(NormalisedResult.self, from: work.appendingPathComponent("normalise/results.csv"))
            where result.timePeriod == "202324" && shared.contains(result.upn) {
                byPupil[result.upn, default: [:]][result.measure.rawValue] = [
                    result.kind.rawValue, result.scaledScore.map(formatNumber) ?? "", String(result.inCohort),
                    String(result.meetsExpected), String(result.meetsHigher),
                ]
            }
            return byPupil
        }
        let ctfResults = try results(fromCTF)
        let extractResults = try results(fromExtract)
        #expect(Set(ctfResults.keys) == shared)
        for upn in shared.sorted() {
            #expect(ctfResults[upn] == extractResults[upn], "results of pupil \(upn)")
        }
        #expect(ctfResults.values.map(\.count).reduce(0, +) >= 4 * 100)
    }

    @Test func publishedFilesPassTheScreenerAndTheReportLinksEverySchool() throws {
        let work = try Self.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        for name in ["attainment", "gaps"] {
            let problems = try EESScreener.check(
                dataURL: work.appendingPathComponent("aggregate/\(name).csv"),
                metaURL: work.appendingPathComponent("aggregate/\(name).meta.csv"))
            #expect(problems.filter { $0.severity == .error }.isEmpty, "\(name): \(problems)")
        }
        try GapIndexBreakdownConsistencyTests.expectGapIndexWithholdsWhatBreakdownsWithhold(in: work.appendingPathComponent("aggregate"))
        let attainmentRows = try AggregateStageTests.readTable(work.appendingPathComponent("aggregate/attainment.csv")).rows.count
        #expect(try AttainmentBreakdownAgreementTests.expectAttainmentAgreesWithBreakdowns(in: work.appendingPathComponent("aggregate")) == attainmentRows)
        let index = try String(contentsOf: work.appendingPathComponent("report/index.html"), encoding: .utf8)
        let schoolPages = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("report/schools").path)
        // Each school has its evidence pack and its governors' summary: the ten primaries and the two secondaries.
        #expect(schoolPages.filter { !$0.hasSuffix("-governors.html") }.count == 12)
        #expect(schoolPages.filter { $0.hasSuffix("-governors.html") }.count == 12)
        for page in schoolPages { #expect(index.contains("schools/\(page)")) }
    }
}
