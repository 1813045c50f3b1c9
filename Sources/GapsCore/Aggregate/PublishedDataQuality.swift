import Foundation

/// `data-quality-summary.csv` of the aggregate stage: gaps-normalise's per school and LA data-quality counts
/// (`Normalise/DataQualitySummary.swift`), made safe to publish, so that the aggregate output stays the render
/// stage's one input and the evidence packs can say how far the data can be trusted.
///
/// The normalise file holds exact counts (it is for the data manager). Published, a count of 1 or 2
/// (below the minimum numerator) is `c`, and every count of a place with 1 to 5 pupils (below the minimum
/// denominator) is `c`, as in `attainment.csv`. Zero is shown: "no invalid UPNs" is the useful news. Then, since an
/// LA's count is (about) the sum of its schools' counts, secondary suppression (`LineSuppression`) withholds a second
/// school's count, or the LA's, wherever one school's count alone is withheld (**ours**, see docs/outputs.md).
enum PublishedDataQuality {
    static let fileName = "data-quality-summary.csv"
    static let columns = [
        "geographic_level", "old_la_code", "new_la_code", "la_name", "school_urn", "school_laestab", "school_name",
        "category", "detail", "count",
    ]
    /// The category whose count is the place's pupils, the denominator the others are read against.
    static let pupilsCategory = "pupils"

    /// Reads `data-quality-summary.csv` from the normalise directory, if that stage wrote one, and writes the
    /// published copy into `output`. Without the file (an older normalise output) nothing is written and the
    /// manifest says so.
    static func publish(
        from normaliseDirectory: URL, suppression: Suppression, lookup: LocalAuthorityLookup,
        into output: AtomicOutputDirectory
    ) throws -> (outputs: [ManifestOutput], inputs: [ManifestInput]) {
        let source = normaliseDirectory.appendingPathComponent(DataQualitySummaryRow.fileName)
        guard FileManager.default.fileExists(atPath: source.path) else { return ([], []) }
        let counts = try TableFile.read(DataQualitySummaryRow.self, from: source)
        let published = rows(counts, suppression: suppression, lookup: lookup)
        let writer = try CSVWriter(
            url: output.url(for: fileName), header: columns, restricted: false, neutraliseFormulas: true)
        for row in published { try writer.write(row) }
        var input = try ManifestInput.describing(path: source.path)
        input.counts["data-quality counts"] = RowCounts(read: counts.count, written: published.count)
        return ([try writer.close()], [input])
    }

    /// The published rows, in the normalise file's order, with the counts suppressed as described above.
    static func rows(
        _ rows: [DataQualitySummaryRow], suppression: Suppression, lookup: LocalAuthorityLookup
    ) -> [[String]] {
        func placeKey(_ row: DataQualitySummaryRow) -> [String] { [row.geographicLevel, row.la, row.schoolURN] }
        var smallPlaces: Set<[String]> = []
        for row in rows where row.category == pupilsCategory
            && row.count > 0 && row.count < suppression.minimumDenominator {
            smallPlaces.insert(placeKey(row))
        }
        var primary: Set<Int> = []
        for (index, row) in rows.enumerated()
        where smallPlaces.contains(placeKey(row)) || (row.count > 0 && row.count < suppression.minimumNumerator) {
            primary.insert(index)
        }
        let withheld = lines(rows).apply(values: rows.map(\.count), withheld: primary)
        return rows.enumerated().map { index, row in
            let authority = lookup.authority(oldCode: row.la)
            return [
                row.geographicLevel, row.la, authority?.newCode ?? "", authority?.name ?? "", row.schoolURN,
                row.schoolLAEstab, row.schoolName, row.category, row.detail,
                withheld.contains(index) ? PublishedSymbol.suppressed.rawValue : String(row.count),
            ]
        }
    }

    /// One line per LA, category and detail: the LA's row is the total, its schools' rows the members.
    private static func lines(_ rows: [DataQualitySummaryRow]) -> LineSuppression {
        struct LineKey: Hashable { var la, category, detail: String }
        var totals: [LineKey: Int] = [:]
        var members: [LineKey: [Int]] = [:]
        for (index, row) in rows.enumerated() {
            let key = LineKey(la: row.la, category: row.category, detail: row.detail)
            if row.schoolURN.isEmpty { totals[key] = index } else { members[key, default: []].append(index) }
        }
        return LineSuppression(lines: totals.sorted { $0.value < $1.value }.map { key, total in
            LineSuppression.Line(members: members[key] ?? [], total: total)
        })
    }
}
