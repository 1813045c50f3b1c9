import Foundation

/// Settings of the aggregate stage.
public struct AggregateOptions: Sendable {
    public var suppression: Suppression
    /// Percentile suppression of `distributions.csv`.
    public var distributions = DistributionOptions()
    /// Rolling windows of `trends.csv`.
    public var trends = TrendOptions()
    /// National comparator files (docs/national-input.md), e.g. one per key stage; none publishes no comparisons
    /// with national figures.
    public var nationalFiles: [String] = []
    /// The one national comparator file, when there is one.
    public var nationalFile: String? {
        get { nationalFiles.first }
        set { nationalFiles = newValue.map { [$0] } ?? [] }
    }
    /// Which pupils `low-attaining-disadvantaged.csv` counts as low attaining.
    public var lowAttainment = LowAttainmentDefinition()
    /// Which intersections the breakdown files publish (`--intersections`).
    public var breakdownIntersections = BreakdownIntersectionDepth.three

    public init(suppression: Suppression = Suppression()) {
        self.suppression = suppression
    }
}

/// What one run of the aggregate stage did, for the one-line summary on stderr.
public struct AggregateSummary: Sendable, Equatable, CustomStringConvertible {
    public var pupils: RowCounts
    public var results: RowCounts
    public var schools: Int
    public var localAuthorities: Int
    public var timePeriods: [String]
    public var attainmentRows: Int
    public var suppressedCells: Int
    /// Primary and secondary suppression counted apart.
    public var suppression: SuppressionSummary
    public var gapRows: Int
    public var outputPath: String

    public var description: String {
        let years = timePeriods.isEmpty ? "no years" : timePeriods.joined(separator: ", ")
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        return "gaps-aggregate: \(pupils.written) of \(pupils.read) pupils in KS2 cohorts (\(years)), "
            + "\(count(schools, "school")) in \(count(localAuthorities, "LA")) -> \(count(attainmentRows, "attainment row")) "
            + "(\(suppressedCells) with suppression), \(count(gapRows, "gap row")) in \(outputPath); "
            + "suppression: \(suppression)"
    }
}

/// `gaps-aggregate`: published KS2 attainment and gap tables from a normalised directory.
///
/// Reads `pupils.csv`, `results.csv` and `manifest.json` written by gaps-normalise; writes `attainment.csv`,
/// `gaps.csv`, `low-attaining-disadvantaged.csv`, `bucking-the-trend.csv` (`LAWideTables`), their `.meta.csv` files
/// and `manifest.json` (last), atomically; with a national comparator file, `gaps.csv` also compares each group
/// with national figures (`NationalComparisonTable`). Every published file must pass `EESScreener` before the
/// output is committed.
public enum AggregateStage {
    public static let stageName = "aggregate"
    public static let attainmentFileName = "attainment.csv"
    public static let gapsFileName = "gaps.csv"

    /// England, as every row's country (EES `acceptable_countries`: E92000001 England).
    static let countryCode = "E92000001"
    static let countryName = "England"
    /// KS2 results are reported by academic year.
    static let timeIdentifier = "Academic year"

    static let geographyColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name",
    ]

    /// `attainment.csv`: one row per place, year, subject and filter combination.
    public static let attainmentLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: "KS2 subject, or reading, writing and maths combined"),
        .filter("sex", label: "Sex"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: "Disadvantaged: FSM in the last 6 years or looked after"),
        .filter("ethnicity_major", label: "Ethnicity (major group)"),
        .indicator("pupil_count", label: "Number of pupils", grouping: "Pupils", decimalPlaces: 0),
        .indicator("expected_standard_count", label: "Pupils reaching the expected standard", grouping: "Expected standard", decimalPlaces: 0),
        .indicator("expected_standard_percent", label: "Percentage reaching the expected standard", grouping: "Expected standard", unit: "%", decimalPlaces: 0),
        .indicator("higher_standard_count", label: "Pupils reaching the higher standard", grouping: "Higher standard", decimalPlaces: 0),
        .indicator("higher_standard_percent", label: "Percentage reaching the higher standard", grouping: "Higher standard", unit: "%", decimalPlaces: 0),
        .indicator("average_score", label: "Average scaled score", grouping: "Scaled score", decimalPlaces: 1),
    ])

    /// `gaps.csv`: one row per place, year, subject, indicator and breakdown.
    public static let gapsLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: "KS2 subject, or reading, writing and maths combined"),
        .filter("indicator", label: "Indicator compared"),
        .filter("breakdown", label: "Pupil characteristic compared"),
        .filter("comparator", label: "Comparator", hint: "Which pupils the group is compared with"),
        .filter("group", label: "Group"),
        .filter("comparison_group", label: "Comparison group"),
        .indicator("group_count", label: "Pupils in the group", grouping: "Group", decimalPlaces: 0),
        .indicator("group_value", label: "Group value (percentage or average scaled score)", grouping: "Group", decimalPlaces: 1),
        .indicator("comparison_count", label: "Pupils in the comparison group", grouping: "Comparison group", decimalPlaces: 0),
        .indicator("comparison_value", label: "Comparison group value (percentage or average scaled score)", grouping: "Comparison group", decimalPlaces: 1),
        .indicator("gap", label: "Gap: group minus comparison group (percentage points or scaled-score points)", grouping: "Gap", decimalPlaces: 1),
        .indicator("gap_lower_ci", label: "Gap, lower bound of the 95% confidence interval", grouping: "Gap", decimalPlaces: 1),
        .indicator("gap_upper_ci", label: "Gap, upper bound of the 95% confidence interval", grouping: "Gap", decimalPlaces: 1),
        .indicator("significant", label: "Gap significant at 95% (interval excludes zero)", grouping: "Gap", decimalPlaces: nil),
        .indicator("effect_size", label: "Effect size (Hedges' g)", grouping: "Gap", decimalPlaces: 2),
        .indicator("ci_method", label: "Confidence interval method", grouping: "Gap", decimalPlaces: nil),
    ])

    /// Runs the stage. Throws `GapsError.missingStageOutput` when `inputDirectory` has no manifest.
    @discardableResult
    public static func run(inputDirectory: String, outputDirectory: String, options: AggregateOptions = AggregateOptions()) throws -> AggregateSummary {
        let input = URL(fileURLWithPath: inputDirectory)
        let previous = try Manifest.read(from: input.appendingPathComponent(Manifest.fileName))
        let pupilsURL = input.appendingPathComponent(NormalisedPupil.fileName)
        let resultsURL = input.appendingPathComponent(NormalisedResult.fileName)

        let pupils = try TableFile.read(NormalisedPupil.self, from: pupilsURL)
        var seen: Set<String> = []
        for pupil in pupils where !seen.insert(pupil.upn).inserted {
            throw GapsError.malformedInput(SourceLocation(file: pupilsURL.path), message:
                "column 'upn': '\(pupil.upn)' appears twice; gaps-normalise writes one row per pupil")
        }
        var results: [(record: NormalisedResult, location: SourceLocation)] = []
        try TableFile.forEachRow(in: resultsURL, requiring: NormalisedResult.columns) { row in
            results.append((try NormalisedResult(row: row), row.location))
        }

        let lookup = try LocalAuthorityLookup.shipped()
        let national = try NationalFigures.read(from: options.nationalFiles.map { URL(fileURLWithPath: $0) })
        let cohorts = try KS2Cohorts.build(pupils: pupils, results: results, localAuthorities: lookup)
        // attainment-by-characteristic.csv publishes attainment.csv's groups too: its suppression marks come first.
        let breakdownTable = try breakdownTable(pupils: pupils, results: results, lookup: lookup, options: options)
        let table = AttainmentTable(cohorts: cohorts, suppression: options.suppression, breakdowns: breakdownTable)
        let gapRows = GapTable.rows(from: table, cohorts: cohorts)
        let nationalGapRows = national.map { NationalComparisonTable.rows(from: table, cohorts: cohorts, national: $0) } ?? []

        let output = try AtomicOutputDirectory(outputDirectory)
        var outputs: [ManifestOutput] = []
        let attainmentURL = output.url(for: attainmentFileName)
        outputs.append(try writeAttainment(table, cohorts: cohorts, lookup: lookup, to: attainmentURL))
        outputs.append(try attainmentLayout.writeMeta(to: EESTableLayout.metaURL(for: attainmentURL)))
        let gapsURL = output.url(for: gapsFileName)
        outputs.append(try writeGaps(gapRows, national: nationalGapRows, cohorts: cohorts, lookup: lookup, to: gapsURL))
        outputs.append(try gapsLayout.writeMeta(to: EESTableLayout.metaURL(for: gapsURL)))
        // KS1, KS2 and KS4 by every pupil characteristic, with gaps (Aggregate/Breakdown*.swift), and histograms of
        // every group (Aggregate/HistogramByCharacteristic*.swift), before histograms.csv, which withholds as they do.
        let breakdowns = try writeBreakdownTables(breakdownTable, lookup: lookup, national: national, output: output)
        let groupHistograms = try breakdowns.table.map {
            try writeCharacteristicHistograms(table: $0, lookup: lookup, output: output, resultsPath: resultsURL.path)
        } ?? CharacteristicHistogramOutputs()
        let detail = try writeDistributionTables(attainment: table, cohorts: cohorts, lookup: lookup, options: options,
                                                 output: output, resultsPath: resultsURL.path,
                                                 histogramsAlsoWithheld: groupHistograms.withheld,
                                                 breakdowns: breakdowns.table)
        outputs += detail.outputs
        let laWide = try LAWideTables.write(table: table, cohorts: cohorts, lookup: lookup, options: options, into: output)
        outputs += laWide.outputs
        outputs += breakdowns.outputs + groupHistograms.outputs
        let dataQuality = try PublishedDataQuality.publish(
            from: input, suppression: options.suppression, lookup: lookup, into: output)
        outputs += dataQuality.outputs
        // The suppression thresholds, for gaps-render's own counts (receiving support).
        outputs.append(try ReportParameters(suppression: options.suppression).write(into: output))

        let screener = try EESScreener.shipped()
        for dataURL in [attainmentURL, gapsURL] + detail.dataURLs + laWide.dataURLs + breakdowns.dataURLs + groupHistograms.dataURLs {
            let problems = screener.check(dataURL: dataURL, metaURL: EESTableLayout.metaURL(for: dataURL))
            // Our own files are held to more than EES requires: every advisory fails too, except a filter without
            // a Total, which `subject` and the gap descriptors cannot have.
            if let problem = problems.first(where: { $0.severity == .error || $0.rule != .total }) {
                throw GapsError.malformedInput(
                    SourceLocation(file: URL(fileURLWithPath: outputDirectory).appendingPathComponent(dataURL.lastPathComponent).path, line: problem.line),
                    message: "published file fails the EES screener (\(problem.rule.rawValue)): \(problem.message)")
            }
        }

        var pupilsInput = try ManifestInput.describing(path: pupilsURL.path)
        pupilsInput.counts = ["pupils": cohorts.pupilCounts]
        var resultsInput = try ManifestInput.describing(path: resultsURL.path)
        resultsInput.counts = ["results": cohorts.resultCounts]
        resultsInput.notes = [
            "input written by stage '\(previous.stage)' version \(previous.toolVersion)",
            "suppression: denominators 1-\(options.suppression.minimumDenominator - 1) and numerators 1-\(options.suppression.minimumNumerator - 1) withheld (primary), then secondary suppression within each \(options.suppression.acrossPlaces ? "LA (with its schools)" : "place"), year and subject",
            "suppression: \(table.suppressionSummary)",
        ]
        resultsInput.notes += detail.notes
        resultsInput.notes += breakdowns.notes + groupHistograms.notes
        if cohorts.pupilYearsWithSeveralSchools > 0 {
            resultsInput.notes.append("\(cohorts.pupilYearsWithSeveralSchools) pupil-years had results from more than one school; each counted at the school on most results")
        }
        // KS1 -> KS2 -> KS4 progress, entitlement flags and the restricted pupil list (Progress/).
        // Progress 8 intervals use the national file's SD for a year when it gives one (NationalMeasures.swift).
        let progress8 = NationalFigures.progress8Deviations(
            national: national, shipped: try ProgressEightDeviations.shipped(), catalogue: try NationalMeasureCatalogue.shipped(),
            ks4Years: Array(Set(results.filter { KeyStage($0.record.measure) == .ks4 }.map(\.record.timePeriod))))
        let progress = try ProgressOutputs.write(pupils: pupils, results: results, cohorts: cohorts, lookup: lookup,
                                                 suppression: options.suppression,
                                                 options: ProgressOptions(progress8Deviations: progress8.deviations), to: output)
        outputs += progress.outputs
        resultsInput.notes += progress.notes + progress8.notes
        let nationalInput = try national?.manifestInputs() ?? []
        let manifest = Manifest(stage: stageName, inputs: [pupilsInput, resultsInput] + nationalInput + dataQuality.inputs, outputs: outputs,
                                counts: ["pupils": cohorts.pupilCounts, "results": cohorts.resultCounts])
        try manifest.write(to: output.url(for: Manifest.fileName))
        try output.commit()

        return AggregateSummary(
            pupils: cohorts.pupilCounts, results: cohorts.resultCounts, schools: cohorts.schools.count,
            localAuthorities: cohorts.localAuthorities.count, timePeriods: cohorts.timePeriods,
            attainmentRows: table.cells.count, suppressedCells: table.suppressedCellCount,
            suppression: table.suppressionSummary, gapRows: gapRows.count + nationalGapRows.count,
            outputPath: outputDirectory)
    }

    /// The time and geography columns of a row, in `geographyColumns` order.
    static func geographyFields(place: PublishedPlace, timePeriod: String, cohorts: KS2Cohorts, lookup: LocalAuthorityLookup) -> [String] {
        let common = [timePeriod, timeIdentifier]
        switch place {
        case let .localAuthority(oldCode):
            let authority = lookup.authority(oldCode: oldCode)
            return common + ["Local authority", countryCode, countryName, oldCode, authority?.newCode ?? "",
                             authority?.name ?? "", "", "", ""]
        case let .school(urn):
            let school = cohorts.schools[urn]
            let authority = school.flatMap { lookup.authority(oldCode: $0.la) }
            return common + ["School", countryCode, countryName, school?.la ?? "", authority?.newCode ?? "",
                             authority?.name ?? "", urn, school?.laEstab ?? "", school?.name ?? ""]
        }
    }

    static func writeAttainment(_ table: AttainmentTable, cohorts: KS2Cohorts, lookup: LocalAuthorityLookup, to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: attainmentLayout.header, restricted: false, neutraliseFormulas: true)
        for cell in table.cells {
            try writer.write(geographyFields(place: cell.place, timePeriod: cell.timePeriod, cohorts: cohorts, lookup: lookup)
                + [cell.subject.rawValue, cell.sex, cell.disadvantageStatus, cell.ethnicityMajor] + cell.indicatorFields)
        }
        return try writer.close()
    }

    static func writeGaps(_ rows: [GapRow], national: [GapRow] = [], cohorts: KS2Cohorts, lookup: LocalAuthorityLookup, to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: gapsLayout.header, restricted: false, neutraliseFormulas: true)
        for row in rows + national {
            try writer.write(geographyFields(place: row.place, timePeriod: row.timePeriod, cohorts: cohorts, lookup: lookup) + row.publishedFields)
        }
        return try writer.close()
    }
}
