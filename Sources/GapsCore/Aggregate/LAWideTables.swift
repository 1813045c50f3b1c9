import Foundation

/// The LA-wide tables gaps-aggregate publishes beside `attainment.csv` and `gaps.csv`:
/// `low-attaining-disadvantaged.csv` (where the LA's low-attaining disadvantaged pupils are) and
/// `bucking-the-trend.csv` (schools whose gaps stand out, shrunk for cohort size). Both are EES tidy CSV with a
/// `.meta.csv`, checked by the screener with the stage's other files.
enum LAWideTables {
    struct Written {
        var outputs: [ManifestOutput] = []
        /// The data files, for the screener.
        var dataURLs: [URL] = []
    }

    static func write(table: AttainmentTable, cohorts: KS2Cohorts, lookup: LocalAuthorityLookup, options: AggregateOptions,
                      into output: AtomicOutputDirectory) throws -> Written {
        var written = Written()
        let lowAttaining = LowAttainingDisadvantagedTable.rows(from: table, cohorts: cohorts, definition: options.lowAttainment,
                                                               suppression: options.suppression)
        try write(lowAttaining.map { ($0.place, $0.timePeriod, $0.publishedFields) }, layout: LowAttainingDisadvantagedTable.layout,
                  to: output.url(for: LowAttainingDisadvantagedTable.fileName), cohorts: cohorts, lookup: lookup, into: &written)
        let bucking = BuckingTheTrendTable.rows(from: table, cohorts: cohorts)
        try write(bucking.map { ($0.place, $0.timePeriod, $0.publishedFields) }, layout: BuckingTheTrendTable.layout,
                  to: output.url(for: BuckingTheTrendTable.fileName), cohorts: cohorts, lookup: lookup, into: &written)
        return written
    }

    /// Writes a published data file (time and geography columns, then `fields`) and its meta file.
    static func write(_ rows: [(place: PublishedPlace, timePeriod: String, fields: [String])], layout: EESTableLayout, to url: URL,
                      cohorts: KS2Cohorts, lookup: LocalAuthorityLookup, into written: inout Written) throws {
        let writer = try CSVWriter(url: url, header: layout.header, restricted: false, neutraliseFormulas: true)
        for row in rows {
            try writer.write(AggregateStage.geographyFields(place: row.place, timePeriod: row.timePeriod, cohorts: cohorts, lookup: lookup)
                + row.fields)
        }
        written.outputs.append(try writer.close())
        written.outputs.append(try layout.writeMeta(to: EESTableLayout.metaURL(for: url)))
        written.dataURLs.append(url)
    }
}
