import Foundation

/// What a render run wrote, for the command's diagnostic line.
public struct RenderSummary: Sendable, Equatable {
    /// `index.html` in the final (committed) output directory.
    public var indexURL: URL
    public var schoolPages: Int
    /// Restricted progress-plan pages written (`restricted/<urn>-progress-plan.html`).
    public var restrictedPages = 0
    /// Rows of the provision file that could not be used (in `restricted/provision-rejects.csv`).
    public var provisionRejected = 0
    /// Things the command should tell the user on stderr (an aggregate output without `report-parameters.json`).
    public var notes: [String] = []
}

/// The render stage: the aggregate stage's published tables in, self-contained HTML pages out.
///
/// Pages have their CSS inline and hold no scripts and no web addresses, so they open from a USB stick or an
/// e-mail attachment and print on A4. Output is deterministic: the same aggregate output gives byte-identical pages
/// (the footer's date comes from the aggregate manifest, never the clock).
public enum RenderStage {
    public static let stageName = "render"

    /// Reads `attainment.csv`, `gaps.csv` and `manifest.json` from `aggregateDirectory`, and the trends,
    /// distributions, LA-wide and data-quality tables when it has them (`AnalysisTables`); writes `index.html`,
    /// `schools/<urn>.html` (the evidence pack), `schools/<urn>-governors.html` (the governors' summary) and, last, `manifest.json` into `outputDirectory`, which appears whole or not at all.
    ///
    /// When the aggregate output has them, also reads `progress.csv`, `entitlement.csv` and the restricted
    /// `restricted/pupils-needing-support.csv` (the packs' progress and entitlement sections) and writes the
    /// restricted `restricted/<urn>-progress-plan.html`. `provisionFile` (columns UPN, intervention) adds the
    /// counts of entitled pupils receiving support and the pupils' interventions; its unusable rows go to
    /// `restricted/provision-rejects.csv`. Those counts are suppressed with the thresholds of the aggregate run
    /// (`report-parameters.json`), or the defaults when it has none (`RenderSummary.notes` says so). The
    /// characteristic tables add "Attainment by pupil characteristic" to the packs and the overview. `detail` chooses
    /// the summary pack (the default) or the full one (`PackDetail`).
    @discardableResult
    public static func run(
        aggregateDirectory: String, outputDirectory: String, provisionFile: String? = nil,
        chartLayout: GapChartLayout = .standard, sentenceRules: GapSentenceRules = .standard,
        detail: PackDetail = .summary
    ) throws -> RenderSummary {
        var tables = try AggregateTables.load(from: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        tables.analysis = try AnalysisTables.load(from: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        var builder = try PageBuilder(
            tables: tables, layout: chartLayout, phrases: try SentencePhrases.load(), bands: try OverviewBands.load(),
            sentenceRules: sentenceRules)
        let pupilTables = try PupilProgressTables.load(from: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        let provision = try provisionFile.map { try ProvisionFile.read(from: URL(fileURLWithPath: $0)) }
        let recorded = try ReportParameters.read(fromAggregateDirectory: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        let parametersPath = URL(fileURLWithPath: aggregateDirectory).appendingPathComponent(ReportParameters.fileName).path
        builder.parameters = recorded ?? .defaults
        builder.detail = detail
        builder.characteristics = try CharacteristicTables.load(from: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        builder.pupilFigures = PupilFigures(tables: pupilTables, provision: provision, thresholds: builder.parameters)
        builder.secondary = try SecondaryFigures.load(from: URL(fileURLWithPath: aggregateDirectory, isDirectory: true))
        let templates = try PageTemplates.load()
        // The data-quality wording is read once (`DataQualityCategory.all`); loading it here first makes a bad edit
        // of the file stop the stage with its line.
        _ = try DataQualityNotesFile.load()

        let output = try AtomicOutputDirectory(outputDirectory)
        var outputs: [ManifestOutput] = []

        let index = builder.indexPage()
        try write(try templates.render(index.view, template: "document"), to: output.url(for: "index.html"))
        outputs.append(ManifestOutput(file: "index.html", rows: index.tableRows, restricted: false))

        if !builder.schools.isEmpty { _ = try output.makeSubdirectory("schools") }
        for school in builder.schools {
            let page = builder.schoolPage(school)
            try write(try templates.render(page.view, template: "document"), to: output.url(for: school.pagePath))
            outputs.append(ManifestOutput(file: school.pagePath, rows: page.tableRows, restricted: false))
            let governors = builder.governorsPage(school)
            try write(try templates.render(governors.view, template: "document"), to: output.url(for: school.governorsPath))
            outputs.append(ManifestOutput(file: school.governorsPath, rows: governors.tableRows, restricted: false))
        }
        // Schools with key stage 4 pupils only (an all-through school's pages above have their KS4 sections).
        let secondaryOnly = builder.secondaryOnlySchools
        if !secondaryOnly.isEmpty { _ = try output.makeSubdirectory("schools") }
        for school in secondaryOnly {
            for (path, page) in [(school.pagePath, builder.secondaryPackPage(school)), (school.governorsPath, builder.secondaryGovernorsPage(school))] {
                try write(try templates.render(page.view, template: "document"), to: output.url(for: path))
                outputs.append(ManifestOutput(file: path, rows: page.tableRows, restricted: false))
            }
        }

        let restricted = try ProgressPlanOutput.write(
            builder: builder, provision: provision, templates: templates, into: output)
        outputs += restricted.outputs

        var attainmentInput = try ManifestInput.describing(path: tables.attainmentURL.path)
        attainmentInput.counts["attainment"] = RowCounts(
            read: tables.attainment.count + tables.attainmentSetAside.values.reduce(0, +),
            written: tables.attainment.count, setAside: tables.attainmentSetAside)
        var gapsInput = try ManifestInput.describing(path: tables.gapsURL.path)
        gapsInput.counts["gaps"] = RowCounts(
            read: tables.gaps.count + tables.gapsSetAside.values.reduce(0, +),
            written: tables.gaps.count, setAside: tables.gapsSetAside)
        let manifest = Manifest(
            stage: stageName,
            inputs: Self.onePerPath([attainmentInput, gapsInput] + (try tables.analysis.manifestInputs()) + pupilTables.inputs
                + restricted.inputs + (try builder.characteristics.manifestInputs()) + (try builder.secondary.manifestInputs())
                + (recorded == nil ? [] : [try ManifestInput.describing(path: parametersPath)])),
            outputs: outputs)
        try manifest.write(to: output.url(for: Manifest.fileName))
        try output.commit()
        return RenderSummary(
            indexURL: output.finalURL.appendingPathComponent("index.html"), schoolPages: builder.schools.count + secondaryOnly.count,
            restrictedPages: restricted.pages, provisionRejected: provision?.rejects.count ?? 0,
            notes: recorded == nil ? [ReportParameters.missingNote] : [])
    }

    /// Each input once: the primary characteristic section and the key stage 4 pages read the same two files.
    static func onePerPath(_ inputs: [ManifestInput]) -> [ManifestInput] {
        var seen = Set<String>()
        return inputs.filter { seen.insert($0.path).inserted }
    }

    static func write(_ page: String, to url: URL) throws {
        do {
            try Data(page.utf8).write(to: url)
        } catch {
            throw GapsError.io(path: url.path, message: "cannot write page: \(error.localizedDescription)")
        }
    }
}
