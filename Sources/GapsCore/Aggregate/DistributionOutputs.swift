import Foundation

/// What `AggregateStage.writeDistributionTables` wrote, for the stage's screener pass and manifest.
struct DistributionOutputs {
    var outputs: [ManifestOutput] = []
    /// The data files (not the meta files), to be screened with the others.
    var dataURLs: [URL] = []
    /// Lines for the manifest's notes.
    var notes: [String] = []
}

/// `distributions.csv`, `histograms.csv`, `gap-index.csv` and `trends.csv`: score distributions, the disadvantage
/// gap index and expected-standard trends, published beside `attainment.csv` in the same EES layout (same time
/// and geography columns, same filter labels). Definitions are on `DistributionTable`, `HistogramTable`,
/// `GapIndexTable` and `TrendTable`, and in docs/outputs.md.
extension AggregateStage {
    public static let distributionsFileName = "distributions.csv"
    public static let histogramsFileName = "histograms.csv"
    public static let gapIndexFileName = "gap-index.csv"
    public static let trendsFileName = "trends.csv"

    static let scoreSubjectHint = "KS2 test subject with a scaled score"
    static let disadvantageHint = "Disadvantaged: FSM in the last 6 years or looked after"

    /// `distributions.csv`: one row per place, year, subject with a scaled score and filter combination.
    public static let distributionsLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: scoreSubjectHint),
        .filter("sex", label: "Sex"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: disadvantageHint),
        .filter("ethnicity_major", label: "Ethnicity (major group)"),
        .indicator("pupil_count", label: "Pupils with a scaled score", grouping: "Pupils", decimalPlaces: 0),
        .indicator("p10", label: "10th percentile of scaled scores", grouping: "Percentiles", decimalPlaces: 1),
        .indicator("p25", label: "25th percentile of scaled scores (lower quartile)", grouping: "Percentiles", decimalPlaces: 1),
        .indicator("p50", label: "Median scaled score (50th percentile)", grouping: "Percentiles", decimalPlaces: 1),
        .indicator("p75", label: "75th percentile of scaled scores (upper quartile)", grouping: "Percentiles", decimalPlaces: 1),
        .indicator("p90", label: "90th percentile of scaled scores", grouping: "Percentiles", decimalPlaces: 1),
        .indicator("mean", label: "Mean scaled score", grouping: "Scaled score", decimalPlaces: 1),
        .indicator("standard_deviation", label: "Standard deviation of scaled scores", grouping: "Scaled score", decimalPlaces: 1),
    ])

    /// `histograms.csv`: one row per place, year, subject, sex, disadvantage status and score band.
    public static let histogramsLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: scoreSubjectHint),
        .filter("sex", label: "Sex"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: disadvantageHint),
        .filter("score_band", label: "Scaled score band",
                hint: "Five-point bands of the 80-120 scale; No scaled score: absent, working below the test or another outcome code"),
        .indicator("pupil_count", label: "Number of pupils", grouping: "Pupils", decimalPlaces: 0),
    ])

    /// `gap-index.csv`: one row per place, year and key stage ranked on (KS2 rows first, then KS4).
    public static let gapIndexLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("ranked_on", label: "Pupils ranked on",
                hint: "KS2: mean of the reading and maths scaled scores; KS4: mean of the English and maths grades"),
        .filter("comparator", label: "Comparator", hint: "Which pupils are ranked together"),
        .indicator("pupil_count", label: "Pupils ranked (both scores: KS2 reading and maths, or KS4 English and maths)", grouping: "Pupils", decimalPlaces: 0),
        .indicator("disadvantaged_count", label: "Disadvantaged pupils ranked", grouping: "Pupils", decimalPlaces: 0),
        .indicator("excluded_pupil_count", label: "Pupils in either subject's cohort without both scores (not ranked)", grouping: "Pupils", decimalPlaces: 0),
        .indicator("gap_index", label: "Disadvantage gap index (0 no gap, 10 every disadvantaged pupil below every other)", grouping: "Gap index", decimalPlaces: 2),
    ])

    /// `trends.csv`: one row per key stage, place, year, subject and disadvantage status.
    public static let trendsLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("key_stage", label: "Key stage", hint: keyStageHint),
        .filter("subject", label: "Subject", hint: "Subject of the key stage with an expected standard, or a combination (reading, writing and maths; English and maths)"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: disadvantageHint),
        .indicator("pupil_count", label: "Number of pupils", grouping: "Year", decimalPlaces: 0),
        .indicator("expected_standard_count", label: "Pupils reaching the expected standard", grouping: "Year", decimalPlaces: 0),
        .indicator("expected_standard_percent", label: "Percentage reaching the expected standard", grouping: "Year", unit: "%", decimalPlaces: 0),
        .indicator("gap", label: "Gap: disadvantaged minus not known to be disadvantaged (Disadvantaged rows)", grouping: "Year", unit: "pp", decimalPlaces: 1),
        .indicator("gap_lower_ci", label: "Gap, lower bound of the 95% confidence interval", grouping: "Year", unit: "pp", decimalPlaces: 1),
        .indicator("gap_upper_ci", label: "Gap, upper bound of the 95% confidence interval", grouping: "Year", unit: "pp", decimalPlaces: 1),
        .indicator("rolling_years", label: "Assessed years pooled in the rolling figures", grouping: "Rolling three years", decimalPlaces: nil),
        .indicator("rolling_pupil_count", label: "Number of pupils over the rolling years", grouping: "Rolling three years", decimalPlaces: 0),
        .indicator("rolling_expected_standard_count", label: "Pupils reaching the expected standard over the rolling years", grouping: "Rolling three years", decimalPlaces: 0),
        .indicator("rolling_expected_standard_percent", label: "Percentage reaching the expected standard over the rolling years", grouping: "Rolling three years", unit: "%", decimalPlaces: 0),
        .indicator("rolling_gap", label: "Rolling gap: disadvantaged minus not known to be disadvantaged (Disadvantaged rows)", grouping: "Rolling three years", unit: "pp", decimalPlaces: 1),
        .indicator("rolling_gap_lower_ci", label: "Rolling gap, lower bound of the 95% confidence interval", grouping: "Rolling three years", unit: "pp", decimalPlaces: 1),
        .indicator("rolling_gap_upper_ci", label: "Rolling gap, upper bound of the 95% confidence interval", grouping: "Rolling three years", unit: "pp", decimalPlaces: 1),
    ])

    /// Builds and writes the four tables and their meta files into `output`.
    ///
    /// - Parameters:
    ///   - resultsPath: `results.csv`, named in the error for a scaled score outside 80-120.
    ///   - histogramsAlsoWithheld: the marks of `histograms-by-characteristic.csv`, whose cells include every cell of
    ///     `histograms.csv` (same pupils, band and group): a cell withheld there is withheld here too, so that the
    ///     two files together publish no more than that one (`CharacteristicHistogramTable`).
    ///   - breakdowns: the table of `attainment-by-characteristic.csv`, whose KS1 and KS4 rows `trends.csv` follows,
    ///     whose KS4 English and maths cohorts give `gap-index.csv` its KS4 rows, and whose withheld counts of the
    ///     ranked pupils `gap-index.csv` withholds too (`GapIndexBreakdownWithholding`).
    static func writeDistributionTables(attainment: AttainmentTable, cohorts: KS2Cohorts, lookup: LocalAuthorityLookup,
                                        options: AggregateOptions, output: AtomicOutputDirectory,
                                        resultsPath: String,
                                        histogramsAlsoWithheld: [CharacteristicHistogramKey: Bool] = [:],
                                        breakdowns: BreakdownTable? = nil) throws -> DistributionOutputs {
        var written = DistributionOutputs()
        func write(_ layout: EESTableLayout, _ fileName: String, rows: [(place: PublishedPlace, timePeriod: String, fields: [String])],
                   schools: KS2Cohorts = cohorts) throws {
            let url = output.url(for: fileName)
            let writer = try CSVWriter(url: url, header: layout.header, restricted: false, neutraliseFormulas: true)
            for row in rows {
                try writer.write(geographyFields(place: row.place, timePeriod: row.timePeriod, cohorts: schools, lookup: lookup) + row.fields)
            }
            written.outputs.append(try writer.close())
            written.outputs.append(try layout.writeMeta(to: EESTableLayout.metaURL(for: url)))
            written.dataURLs.append(url)
        }

        let suppression = options.suppression
        let distributions = DistributionTable(cohorts: cohorts, sameFiltersAs: attainment, suppression: suppression,
                                              options: options.distributions)
        try write(distributionsLayout, distributionsFileName, rows: distributions.cells.map {
            ($0.place, $0.timePeriod, [$0.subject.rawValue, $0.sex, $0.disadvantageStatus, $0.ethnicityMajor] + $0.indicatorFields)
        })

        let histograms = try HistogramTable(cohorts: cohorts, suppression: suppression, resultsFile: resultsPath)
        var withheldAsByCharacteristic = 0
        try write(histogramsLayout, histogramsFileName, rows: histograms.cells.map {
            var cell = $0
            if !cell.withheld && histogramsAlsoWithheld[characteristicHistogramKey(of: cell)] == true {
                cell.withheld = true
                withheldAsByCharacteristic += 1
            }
            return (cell.place, cell.timePeriod, [cell.subject.rawValue, cell.sex, cell.disadvantageStatus, cell.scoreBand] + cell.indicatorFields)
        })

        // A secondary school has no KS2 cohort: the gap index's KS4 rows and the KS1 and KS4 trends name schools as
        // the breakdown files do (KS2's names first, so the KS2 rows are as before).
        var allSchools = cohorts
        if let breakdowns { allSchools.schools.merge(breakdowns.cohorts.schools) { ks2, _ in ks2 } }
        let gapIndex = GapIndexTable(cohorts: cohorts, ks4: breakdowns?.cohorts, suppression: suppression,
                                     alsoWithheld: breakdowns.map(GapIndexBreakdownWithholding.init(breakdowns:)))
        try write(gapIndexLayout, gapIndexFileName, rows: gapIndex.rows.map { row in
            (row.place, row.timePeriod, [row.rankedOn, row.place.withinComparator] + row.indicatorFields)
        }, schools: allSchools)

        let trends = try TrendTable.tables(attainment: attainment, cohorts: cohorts, breakdowns: breakdowns,
                                           suppression: suppression, options: options.trends)
        try write(trendsLayout, trendsFileName, rows: trends.tables.flatMap(\.rows).map {
            ($0.place, $0.timePeriod, [$0.keyStage.rawValue, $0.measure.name, $0.disadvantageStatus] + $0.indicatorFields)
        }, schools: allSchools)

        func notRanked(_ rankedOn: String) -> Int {
            gapIndex.rows.filter { row in
                guard row.rankedOn == rankedOn, case .localAuthority = row.place else { return false }
                return true
            }.reduce(0) { $0 + $1.excludedCount }
        }
        written.notes = [
            "distributions: percentiles withheld for groups of fewer than \(max(options.distributions.minimumPupilsForPercentiles, suppression.minimumDenominator)) pupils with a scaled score",
            "histograms: \(histograms.primaryWithheldCount) cells withheld by primary and \(histograms.secondaryWithheldCount) by secondary suppression",
            "histograms: \(withheldAsByCharacteristic) more cells withheld as histograms-by-characteristic.csv withholds them",
            "gap index: \(notRanked(GapIndexTable.rankedOn)) pupil-years in a reading or maths cohort without both scaled scores were not ranked",
            "gap index: \(notRanked(GapIndexTable.ks4RankedOn)) pupil-years in a KS4 English or maths cohort without both grades were not ranked",
            "gap index: \(gapIndex.withheldAsBreakdownsCount) more figures withheld as attainment-by-characteristic.csv withholds the same pupils' counts",
        ] + trends.notes
        return written
    }
}
