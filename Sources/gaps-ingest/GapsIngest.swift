import ArgumentParser
import Foundation
import GapsCore

/// `gaps-ingest`: the first stage of the pipeline. A thin command over `IngestStage`.
@main
struct GapsIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps-ingest",
        abstract: "Read one CTF XML file or one pupil-level CSV extract into the pipeline's tables.",
        discussion: """
            Reads <input>: a Common Transfer File (CTF) from a school MIS, or a pupil-level CSV extract. The \
            kind is chosen by content: XML when the first character is '<', otherwise CSV.

            A CSV extract is read through a profile that maps its columns to ours. Shipped profiles: NPD KS1 \
            (levels and 2016+), NPD KS2 (levels and 2016+), the KS4 performance-tables pupil file and a census \
            characteristics file. Your own profiles (JSON, same format) are read from --profiles, by default \
            pipelines/profiles under the current directory when it exists; see pipelines/profiles/README.md. \
            The profile is the one named with --profile, or else the one whose required columns the header has \
            (the one recognising the most columns if several do); the choice is printed on stderr and recorded \
            in the manifest. A file without an academic-year column takes its year from --academic-year, or \
            from its name when the profile has a rule for it (KS4pu22 -> 2021/22).

            Writes into the --out directory (replaced as a whole only when the run succeeds):
              pupils.csv     one row per pupil, values as the source states them
              results.csv    one row per assessment result, with the measure it feeds
              rejects.csv    rows that could not be used: file, line, field, value and reason
              manifest.json  the input's SHA-256 and the row counts (read = written + rejected + set aside)
            The three CSV files hold pupil-level data and are created readable by their owner only (0600).
            Addresses, phone numbers, e-mails and contacts in a CTF are never read.

            Which measure a result feeds comes from an assessment map (stage, subject, method, component -> \
            measure). The shipped defaults are documented in the project's Resources/ingest/README.md; copy the \
            file, edit it and pass it with --assessment-map to use other codes.
            """)

    @Argument(help: "The input file: a CTF (.xml) or a CSV extract.")
    var input: String

    @Option(name: .long, help: "The output directory (created or replaced).")
    var out: String

    @Option(name: .customLong("assessment-map"), help: "A CSV with columns stage,subject,method,component,measure to use instead of the shipped map.")
    var assessmentMap: String?

    @Option(name: .long, help: "CSV extracts: the profile to use (e.g. npd-ks2) instead of detecting it from the header.")
    var profile: String?

    @Option(name: .long, help: "CSV extracts: a folder of your own profiles (*.json), read as well as the shipped ones. Default: pipelines/profiles if it exists.")
    var profiles: String?

    @Option(name: .customLong("academic-year"), help: "CSV extracts: the academic year (e.g. 2021/22) of rows that do not state one.")
    var academicYear: String?

    func run() throws {
        do {
            let options = ExtractIngestOptions(
                profile: profile, profilesFolder: profiles ?? ExtractProfileCatalogue.defaultUserFolder(),
                academicYear: academicYear)
            let manifest = try IngestStage.run(input: input, outputDirectory: out, assessmentMap: assessmentMap,
                                               extractOptions: options)
            for line in IngestStage.decisionLines(of: manifest) { printToStandardError(line) }
            printToStandardError(IngestStage.summary(of: manifest))
        } catch let error as GapsError {
            printToStandardError("gaps-ingest: error: \(error.description)")
            throw ExitCode.failure
        }
    }

    private func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

