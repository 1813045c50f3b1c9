import Foundation

/// `attainment-by-characteristic.csv` and `gaps-by-characteristic.csv` (docs/outputs-breakdowns.md): KS1, KS2 and
/// KS4 measures for every pupil group, and each group's gaps, written by `gaps-aggregate` beside `attainment.csv`.
struct BreakdownOutputs {
    var outputs: [ManifestOutput] = []
    var dataURLs: [URL] = []
    var notes: [String] = []
    var table: BreakdownTable?
    var gapRows = 0
}

extension AggregateStage {
    public static let attainmentByCharacteristicFileName = "attainment-by-characteristic.csv"
    public static let gapsByCharacteristicFileName = "gaps-by-characteristic.csv"

    static let keyStageHint = "Key stage 1 (end of Year 2), key stage 2 (Year 6) or key stage 4 (Year 11)"
    static let measureHint = "Subject or headline measure of the key stage"
    static let breakdownHint = "Pupil group: one characteristic, or an intersection of several"

    /// A filter grouped under another filter column (EES `filter_grouping_column`).
    static func groupedFilter(_ name: String, label: String, hint: String, groupedBy column: String) -> EESMetaColumn {
        var filter = EESMetaColumn.filter(name, label: label, hint: hint)
        filter.filterGroupingColumn = column
        return filter
    }

    public static let attainmentByCharacteristicLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("key_stage", label: "Key stage", hint: keyStageHint),
        .filter("measure", label: "Measure", hint: measureHint),
        .filter("breakdown_topic", label: "Breakdown topic", hint: "Which pupil characteristics the groups split by"),
        groupedFilter("breakdown", label: "Breakdown", hint: breakdownHint, groupedBy: "breakdown_topic"),
        .indicator("pupil_count", label: "Number of pupils", grouping: "Pupils", decimalPlaces: 0),
        .indicator("expected_standard_count", label: "Pupils reaching the expected standard", grouping: "Expected standard", decimalPlaces: 0),
        .indicator("expected_standard_percent", label: "Percentage reaching the expected standard", grouping: "Expected standard", unit: "%", decimalPlaces: 0),
        .indicator("higher_standard_count", label: "Pupils reaching the higher standard", grouping: "Higher standard", decimalPlaces: 0),
        .indicator("higher_standard_percent", label: "Percentage reaching the higher standard", grouping: "Higher standard", unit: "%", decimalPlaces: 0),
        .indicator("average_score", label: "Average score (scaled score, grade points, Attainment 8 or Progress 8)", grouping: "Score", decimalPlaces: 1),
        .indicator("p10", label: "10th percentile of scores", grouping: "Score percentiles", decimalPlaces: 1),
        .indicator("p25", label: "25th percentile of scores (lower quartile)", grouping: "Score percentiles", decimalPlaces: 1),
        .indicator("p50", label: "Median score (50th percentile)", grouping: "Score percentiles", decimalPlaces: 1),
        .indicator("p75", label: "75th percentile of scores (upper quartile)", grouping: "Score percentiles", decimalPlaces: 1),
        .indicator("p90", label: "90th percentile of scores", grouping: "Score percentiles", decimalPlaces: 1),
    ])

    public static let gapsByCharacteristicLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("key_stage", label: "Key stage", hint: keyStageHint),
        .filter("measure", label: "Measure", hint: measureHint),
        .filter("indicator", label: "Indicator compared"),
        .filter("breakdown_topic", label: "Breakdown topic", hint: "Which pupil characteristics the groups split by"),
        groupedFilter("breakdown", label: "Group", hint: breakdownHint, groupedBy: "breakdown_topic"),
        .filter("comparator", label: "Comparator", hint: "Which pupils the group is compared with"),
        .filter("comparison_group", label: "Comparison group"),
        .indicator("group_count", label: "Pupils in the group", grouping: "Group", decimalPlaces: 0),
        .indicator("group_value", label: "Group value (percentage or average score)", grouping: "Group", decimalPlaces: 1),
        .indicator("comparison_count", label: "Pupils in the comparison group", grouping: "Comparison group", decimalPlaces: 0),
        .indicator("comparison_value", label: "Comparison group value (percentage or average score)", grouping: "Comparison group", decimalPlaces: 1),
        .indicator("gap", label: "Gap: group minus comparison group (percentage points or score points)", grouping: "Gap", decimalPlaces: 1),
        .indicator("gap_lower_ci", label: "Gap, lower bound of the 95% confidence interval", grouping: "Gap", decimalPlaces: 1),
        .indicator("gap_upper_ci", label: "Gap, upper bound of the 95% confidence interval", grouping: "Gap", decimalPlaces: 1),
        .indicator("significant", label: "Gap significant at 95% (interval excludes zero)", grouping: "Gap", decimalPlaces: nil),
        .indicator("effect_size", label: "Effect size (Hedges' g)", grouping: "Gap", decimalPlaces: 2),
        .indicator("ci_method", label: "Confidence interval method", grouping: "Gap", decimalPlaces: nil),
    ])

    /// The table of `attainment-by-characteristic.csv`, suppression marked. Built before `attainment.csv`'s, which
    /// takes its marks for the groups both publish.
    static func breakdownTable(pupils: [NormalisedPupil], results: [(record: NormalisedResult, location: SourceLocation)],
                               lookup: LocalAuthorityLookup, options: AggregateOptions) throws -> BreakdownTable {
        let labels = try CharacteristicLabels.shipped()
        let cohorts = try BreakdownCohorts.build(pupils: pupils, results: results, labels: labels, localAuthorities: lookup)
        return BreakdownTable(cohorts: cohorts, labels: labels, suppression: options.suppression, distributions: options.distributions,
                              intersections: options.breakdownIntersections)
    }

    /// Writes both files with their meta files; the caller screens `dataURLs`.
    static func writeBreakdownTables(_ table: BreakdownTable, lookup: LocalAuthorityLookup, national: NationalFigures?,
                                     output: AtomicOutputDirectory) throws -> BreakdownOutputs {
        let cohorts = table.cohorts
        let gapRows = BreakdownGapTable.rows(from: table, national: national)

        // The geography columns need only the schools.
        var places = KS2Cohorts()
        places.schools = cohorts.schools
        var written = BreakdownOutputs(table: table, gapRows: gapRows.count)

        let attainmentURL = output.url(for: attainmentByCharacteristicFileName)
        let attainment = try CSVWriter(url: attainmentURL, header: attainmentByCharacteristicLayout.header, restricted: false, neutraliseFormulas: true)
        for cell in table.cells {
            try attainment.write(geographyFields(place: cell.place, timePeriod: cell.timePeriod, cohorts: places, lookup: lookup)
                + [cell.measure.keyStage.rawValue, cell.measure.name, cell.group.topic, cell.group.label]
                + cell.indicatorFields(minimumPupilsForPercentiles: table.minimumPupilsForPercentiles))
        }
        written.outputs.append(try attainment.close())
        written.outputs.append(try attainmentByCharacteristicLayout.writeMeta(to: EESTableLayout.metaURL(for: attainmentURL)))

        let gapsURL = output.url(for: gapsByCharacteristicFileName)
        let gaps = try CSVWriter(url: gapsURL, header: gapsByCharacteristicLayout.header, restricted: false, neutraliseFormulas: true)
        for row in gapRows {
            try gaps.write(geographyFields(place: row.place, timePeriod: row.timePeriod, cohorts: places, lookup: lookup) + row.publishedFields)
        }
        written.outputs.append(try gaps.close())
        written.outputs.append(try gapsByCharacteristicLayout.writeMeta(to: EESTableLayout.metaURL(for: gapsURL)))
        written.dataURLs = [attainmentURL, gapsURL]

        let years = KeyStage.allCases.compactMap { keyStage -> String? in
            let periods = cohorts.timePeriods[keyStage] ?? []
            return periods.isEmpty ? nil : "\(keyStage.rawValue) \(periods.joined(separator: ", "))"
        }
        written.notes = [
            "breakdowns: \(table.cells.count) attainment-by-characteristic rows (\(years.isEmpty ? "no key stage results" : years.joined(separator: "; "))), \(gapRows.count) gaps-by-characteristic rows",
            "breakdowns suppression: \(table.suppressionSummary)",
            "breakdowns: percentiles withheld for groups of fewer than \(table.minimumPupilsForPercentiles) pupils with a score",
        ]
        return written
    }
}
