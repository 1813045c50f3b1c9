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
            Reads <input>: a Common Transfer File (CTF) from a school MIS, or a National Pupil Database style \
            CSV extract (KS2 2016+). The kind is chosen by content: XML when the first character is '<', \
            otherwise CSV.

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

    func run() throws {
        do {
            let manifest = try IngestStage.run(input: input, outputDirectory: out, assessmentMap: assessmentMap)
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

