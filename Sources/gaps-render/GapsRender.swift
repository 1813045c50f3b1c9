import ArgumentParser
import Foundation
import GapsCore

@main
struct GapsRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps-render",
        abstract: "Render the aggregate stage's tables as self-contained HTML pages.",
        discussion: """
            Reads attainment.csv, gaps.csv and manifest.json from <aggregate-directory>, the output of gaps-aggregate, \
            and, when present there, trends.csv, distributions.csv, low-attaining-disadvantaged.csv, \
            bucking-the-trend.csv, data-quality-summary.csv, attainment-by-characteristic.csv and \
            gaps-by-characteristic.csv (each adds its section: trends and distributions as charts, data-quality \
            notes, attainment by pupil characteristic, and on the overview where the low-attaining disadvantaged \
            pupils are and the schools that buck the trend), and report-parameters.json (the aggregate run's \
            suppression thresholds; without it the defaults are used, with a note on stderr).
            Writes into --out: index.html (the local authority overview: every school in several pre-rendered \
            orders and filters, the authority's own findings, tables and gaps), schools/<urn>.html (each school's \
            self-evaluation evidence pack: plain-English findings, headline tables, gaps with 95% confidence \
            intervals as charts and tables), schools/<urn>-governors.html (a summary for governors that prints on \
            two A4 pages) and manifest.json, last. Pages need no network and no JavaScript, and print on A4 with \
            the school and date in the page header. \
            When the aggregate output has progress.csv and entitlement.csv, each evidence pack has progress and \
            entitlement sections; when it has restricted/pupils-needing-support.csv, each school on it gets \
            restricted/<urn>-progress-plan.html, a RESTRICTED list of pupils by name with the evidence (owner-only \
            permissions; never linked from a public page). With --provision, the packs count the entitled pupils \
            receiving support and the lists show each pupil's intervention; rows that cannot be used go to \
            restricted/provision-rejects.csv. \
            The output directory appears whole or not at all. Nothing is written to standard output; the path of \
            index.html is reported on standard error.
            """)

    @Argument(help: "The aggregate stage's output directory.")
    var aggregateDirectory: String

    @Option(name: .long, help: "Directory to write the pages into (replaced as a whole).")
    var out: String

    @Option(name: .long, help: ArgumentHelp(
        "Optional provision CSV (columns UPN, intervention): pupils receiving support. Pupil-level: only counts "
            + "reach public pages.", valueName: "file"))
    var provision: String?

    @Option(name: .long, help: ArgumentHelp(
        "How much of each evidence pack to print in full: summary (headline sections, the latest year's detailed "
            + "tables in an appendix; 16 to 21 A4 pages for the demo) or full (every year of every section).",
        valueName: "summary|full"))
    var detail: PackDetail = .summary

    func run() throws {
        do {
            let summary = try RenderStage.run(
                aggregateDirectory: aggregateDirectory, outputDirectory: out, provisionFile: provision, detail: detail)
            printDiagnostic("gaps-render: wrote \(summary.schoolPages) school pages; overview at \(summary.indexURL.path)")
            if summary.restrictedPages > 0 {
                printDiagnostic("gaps-render: wrote \(summary.restrictedPages) RESTRICTED progress-plan pages in restricted/")
            }
            for note in summary.notes { printDiagnostic("gaps-render: note: \(note)") }
            if summary.provisionRejected > 0 {
                printDiagnostic(
                    "gaps-render: \(summary.provisionRejected) provision rows could not be used: see restricted/provision-rejects.csv")
            }
        } catch let error as GapsError {
            printDiagnostic("gaps-render: error: \(error.description)")
            throw ExitCode.failure
        }
    }
}

/// Diagnostics go to standard error; standard output stays free for data.
private func printDiagnostic(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

extension PackDetail: ExpressibleByArgument {}
