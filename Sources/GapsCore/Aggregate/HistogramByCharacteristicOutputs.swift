import Foundation

/// What `AggregateStage.writeCharacteristicHistograms` wrote.
struct CharacteristicHistogramOutputs {
    var outputs: [ManifestOutput] = []
    var dataURLs: [URL] = []
    var notes: [String] = []
    /// Every cell's withheld mark, for `histograms.csv` (whose cells are some of these) to withhold at least as much.
    var withheld: [CharacteristicHistogramKey: Bool] = [:]
}

/// `histograms-by-characteristic.csv` (docs/outputs-breakdowns.md): pupils per score band or outcome, for every
/// group of the breakdown files, KS1, KS2 and KS4.
extension AggregateStage {
    public static let histogramsByCharacteristicFileName = "histograms-by-characteristic.csv"

    public static let histogramsByCharacteristicLayout = EESTableLayout(timeAndGeographyColumns: geographyColumns, columns: [
        .filter("key_stage", label: "Key stage", hint: keyStageHint),
        .filter("measure", label: "Measure", hint: measureHint),
        .filter("breakdown_topic", label: "Breakdown topic", hint: "Which pupil characteristics the groups split by"),
        groupedFilter("breakdown", label: "Breakdown", hint: breakdownHint, groupedBy: "breakdown_topic"),
        .filter("result_band", label: "Score band or outcome",
                hint: "KS2 tests: five-point scaled-score bands; KS4: GCSE grade or ten-point Attainment 8 band; teacher assessment: the outcome code"),
        .indicator("pupil_count", label: "Number of pupils", grouping: "Pupils", decimalPlaces: 0),
    ])

    /// Builds and writes the file and its meta file from the breakdown table; the caller screens `dataURLs`.
    static func writeCharacteristicHistograms(table: BreakdownTable, lookup: LocalAuthorityLookup, output: AtomicOutputDirectory,
                                              resultsPath: String) throws -> CharacteristicHistogramOutputs {
        let histograms = try CharacteristicHistogramTable(breakdowns: table, resultsFile: resultsPath)
        var places = KS2Cohorts()
        places.schools = table.cohorts.schools
        var written = CharacteristicHistogramOutputs()
        let url = output.url(for: histogramsByCharacteristicFileName)
        let writer = try CSVWriter(url: url, header: histogramsByCharacteristicLayout.header, restricted: false, neutraliseFormulas: true)
        for cell in histograms.cells {
            try writer.write(geographyFields(place: cell.place, timePeriod: cell.timePeriod, cohorts: places, lookup: lookup)
                + [cell.measure.keyStage.rawValue, cell.measure.name, cell.group.topic, cell.group.label, cell.band]
                + cell.indicatorFields)
        }
        written.outputs.append(try writer.close())
        written.outputs.append(try histogramsByCharacteristicLayout.writeMeta(to: EESTableLayout.metaURL(for: url)))
        written.dataURLs = [url]
        written.withheld = histograms.withheldLookup()
        written.notes = [
            "histograms by characteristic: \(histograms.cells.count) rows; \(histograms.primaryWithheldCount) band counts withheld by primary and \(histograms.secondaryWithheldCount) by secondary suppression"
                + (histograms.unprotectedCount == 0 ? "" : "; \(histograms.unprotectedCount) withheld counts could not be protected")
                + (histograms.measuresWithoutThresholdLines.isEmpty ? ""
                    : "; bands not split cleanly at the thresholds (no threshold lines): "
                    + histograms.measuresWithoutThresholdLines.map { "\($0.keyStage.rawValue) \($0.name)" }.joined(separator: ", ")),
        ]
        return written
    }

    /// The key of a `histograms.csv` cell in `CharacteristicHistogramTable`: the same pupils (KS2 cohorts, same
    /// schools) and band, its sex and disadvantage status as a breakdown group.
    static func characteristicHistogramKey(of cell: HistogramCell) -> CharacteristicHistogramKey {
        var filterValues = Array(repeating: PublishedFilter.total, count: BreakdownDimension.allCases.count)
        filterValues[BreakdownDimension.sex.rawValue] = cell.sex
        filterValues[BreakdownDimension.disadvantage.rawValue] = cell.disadvantageStatus
        return CharacteristicHistogramKey(place: cell.place, timePeriod: cell.timePeriod, measureName: cell.subject.rawValue,
                                          keyStage: .ks2, filterValues: filterValues, band: cell.scoreBand)
    }
}
