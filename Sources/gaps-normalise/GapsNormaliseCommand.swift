import ArgumentParser
import Foundation
import GapsCore

/// gaps-normalise: merges gaps-ingest outputs into one pupil table and one results table with national code sets.
@main
struct GapsNormalise: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps-normalise",
        abstract: "Merge ingested pupils and results by UPN and apply the national code sets and point scales.",
        discussion: """
            Reads one or more directories written by gaps-ingest (pupils.csv, results.csv, manifest.json each). \
            Writes into --out: pupils.csv (one row per pupil), results.csv (one row per pupil, measure and year), \
            rejects.csv (rows this stage could not use, with the reason) and data-quality.csv (unknown codes and \
            conflicting sources, temporary UPNs; those rows were still used), all pupil-level and created 0600; \
            key-stage-matching.csv (per school and LA: KS2 pupils with a KS1 result, KS4 pupils with a KS2 result) \
            and data-quality-summary.csv (per school and LA counts), which hold no pupil data; then manifest.json \
            last. The output directory appears whole or not at all.

            A pupil found in several sources is one pupil, and a pupil row's FormerUPN joins rows filed under the \
            old UPN to it. Sources are trusted in this order: CTFs, newest first, then extracts by file name; per \
            field the first value a code set recognises wins. FSM periods are the union of every CTF's; looked \
            after is yes if any source says so. KS1 and KS2 results dated 2020 or 2021 (no statutory assessment) \
            are rejected.
            """)

    @Argument(help: "Directories written by gaps-ingest.")
    var inputs: [String]

    @Option(name: .long, help: "Directory to write (replaced as a whole).")
    var out: String

    @Option(name: .customLong("census-date"),
            help: "Census date (YYYY-MM-DD) for FSM eligibility and FSM Ever 6. Default: the January census (third Thursday of January) of each pupil's latest KS2 year.")
    var censusDate: String?

    @Flag(name: .customLong("chinese-as-own-group"),
          help: "Publish Chinese as its own ethnicity major group (publications to 2018/19) instead of under Asian / Asian British.")
    var chineseAsOwnGroup = false

    @Option(name: .customLong("reference-data"),
            help: "Directory with codes/ and scales/ files that replace the shipped ones of the same name.")
    var referenceData: String?

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one gaps-ingest output directory") }
        if let censusDate, CivilDate(iso: censusDate) == nil || censusDate.count != 10 {
            throw ValidationError("--census-date: expected a date YYYY-MM-DD, found '\(censusDate)'")
        }
    }

    func run() throws {
        do {
            let options = NormaliseOptions(censusDate: censusDate.flatMap(CivilDate.init(iso:)), chineseAsOwnGroup: chineseAsOwnGroup)
            let reference = try NormaliseReferenceData.load(overrides: referenceData.map { URL(fileURLWithPath: $0) })
            let manifest = try NormaliseStage.run(inputDirectories: inputs, outputDirectory: out, options: options, reference: reference)
            FileHandle.standardError.write(Data((NormaliseStage.summary(manifest, outputDirectory: out) + "\n").utf8))
        } catch let error as GapsError {
            FileHandle.standardError.write(Data("gaps-normalise: error: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
