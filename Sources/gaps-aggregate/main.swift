import ArgumentParser
import Foundation
import GapsCore

/// Thin command over `AggregateStage`: all logic lives in GapsCore.
struct GapsAggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps-aggregate",
        abstract: "Publish KS2 attainment and gap tables in Explore Education Statistics (EES) format.",
        discussion: """
            Reads the directory written by gaps-normalise (pupils.csv, results.csv, manifest.json).

            Writes to --out, atomically: attainment.csv (pupils reaching the expected and higher standards and \
            the average scaled score, per school and LA, year, subject and every combination of sex, \
            disadvantage and ethnicity, with Totals); gaps.csv (within-school and within-LA gaps, disadvantaged \
            against not and boys against girls, with 95% confidence intervals and effect sizes; with --national, \
            also each group against national figures, and ks4-progress.csv takes Progress 8 SDs from them); low-attaining-disadvantaged.csv (where the LA's \
            disadvantaged pupils below the expected standard are, by school and by quintile of school attainment); \
            bucking-the-trend.csv (each school's boys' and disadvantage gaps in reading, writing and maths, raw and \
            shrunk toward the LA mean); distributions.csv (percentiles, mean and SD of scaled scores by group); \
            histograms.csv (pupils per scaled-score band); gap-index.csv (the DfE disadvantage gap index, KS2 and KS4); \
            attainment-by-characteristic.csv and gaps-by-characteristic.csv (KS1, KS2 and KS4 measures, and each \
            group's gaps, for every pupil group and intersection; --intersections two leaves out the three-way \
            groups); histograms-by-characteristic.csv (pupils per score band or outcome, KS1, KS2 and KS4, for \
            the same groups); \
            trends.csv (KS1, KS2 and KS4 expected standard by disadvantage, each year and a three-year rolling \
            figure); progress.csv (KS1 to KS2 progress, stuck and \
            not-progressing pupils); entitlement.csv (pupils entitled to extra support, by entitlement); a .meta.csv \
            for each; data-quality-summary.csv (gaps-normalise's per school and LA data-quality counts, counts of 1 \
            or 2 withheld, for the report; only when the normalise directory has one); \
            restricted/pupils-needing-support.csv (the pupil list, owner-only permissions: never publish \
            it); report-parameters.json (the suppression thresholds, which gaps-render uses for its own counts); \
            and manifest.json, last.

            Small groups are suppressed ("c"), with secondary suppression so that no withheld figure can be worked \
            out from totals, siblings or the LA row. Every published file must pass the built-in EES screener, or \
            nothing is written. A one-line summary goes to stderr.
            """)

    @Argument(help: "Directory written by gaps-normalise.")
    var normalisedDirectory: String

    @Option(name: .long, help: "Output directory (replaced whole, or left untouched on failure).")
    var out: String

    @Option(name: .long, help: "Withhold any group of 1 to this many minus one pupils.")
    var minDenominator: Int = 6

    @Option(name: .long, help: "Withhold any count of pupils reaching a standard of 1 to this many minus one.")
    var minNumerator: Int = 3

    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "Protect each LA's row and its schools' rows together, so that no school's withheld count is the LA's minus the other schools'.",
        discussion: "Turn off only for files that never publish an LA row beside its schools."))
    var suppressAcrossPlaces = true

    @Option(name: .long, help: ArgumentHelp(
        "National KS1, KS2 or KS4 figures to compare with: EES tidy CSV at geographic_level National (see docs/national-input.md); repeat for several files, e.g. one per key stage.",
        valueName: "file"))
    var national: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Subject whose expected standard a low-attaining pupil does not reach, and which ranks schools into quintiles: rwm, reading, writing, maths or gps.",
        valueName: "subject"))
    var lowAttainingSubject: String = "rwm"

    @Option(name: .long, help: ArgumentHelp(
        "Intersections of the *-by-characteristic.csv files: three (with sex x disadvantage x ethnicity major) or two (without it: far fewer rows for a large LA).",
        valueName: "two|three"))
    var intersections: String = BreakdownIntersectionDepth.three.rawValue

    func validate() throws {
        guard minDenominator >= 1 else { throw ValidationError("--min-denominator must be at least 1") }
        guard minNumerator >= 1 else { throw ValidationError("--min-numerator must be at least 1") }
        guard LowAttainmentDefinition(subjectName: lowAttainingSubject) != nil else {
            throw ValidationError("--low-attaining-subject must be one of: \(LowAttainmentDefinition.subjectNames.map(\.name).joined(separator: ", "))")
        }
        guard BreakdownIntersectionDepth(rawValue: intersections) != nil else {
            throw ValidationError("--intersections must be one of: \(BreakdownIntersectionDepth.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var options = AggregateOptions(suppression: Suppression(
            minimumDenominator: minDenominator, minimumNumerator: minNumerator, acrossPlaces: suppressAcrossPlaces))
        options.nationalFiles = national
        options.lowAttainment = LowAttainmentDefinition(subjectName: lowAttainingSubject) ?? LowAttainmentDefinition()
        options.breakdownIntersections = BreakdownIntersectionDepth(rawValue: intersections) ?? .three
        do {
            let summary = try AggregateStage.run(inputDirectory: normalisedDirectory, outputDirectory: out, options: options)
            FileHandle.standardError.write(Data((summary.description + "\n").utf8))
        } catch let error as GapsError {
            FileHandle.standardError.write(Data("gaps-aggregate: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

GapsAggregate.main()
