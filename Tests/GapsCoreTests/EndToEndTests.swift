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
        #expect(ingestFolders.count == 17)
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
        let index = try String(contentsOf: work.appendingPathComponent("report/index.html"), encoding: .utf8)
        let schoolPages = try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("report/schools").path)
        // Each school has its evidence pack and its governors' summary.
        #expect(schoolPages.filter { !$0.hasSuffix("-governors.html") }.count == 10)
        #expect(schoolPages.filter { $0.hasSuffix("-governors.html") }.count == 10)
        for page in schoolPages { #expect(index.contains("schools/\(page)")) }
    }
}
