import Foundation

/// The bands the local authority overview filters schools by (**ours**), read from
/// `Resources/templates/overview-bands.csv`: school size by the number of pupils in the reading, writing and maths
/// cohort (about 30 is one form of entry), and the percentage of those pupils who are disadvantaged (about 30%
/// nationally at KS2). Each band is a pre-rendered table with its own anchor, so filtering needs no script.
struct OverviewBands: Sendable {
    enum Filter: String, CaseIterable, Sendable {
        case size
        case disadvantage

        /// What the filter looks at, to follow "Show only, by" and "Schools by".
        var heading: String {
            switch self {
            case .size: return "size"
            case .disadvantage: return "share of pupils who are disadvantaged"
            }
        }

        /// Anchor and label of the band that holds schools whose figure is not published (suppressed).
        var unpublishedBand: Band {
            Band(filter: self, id: "\(rawValue)-not-published", label: "Not published (c or x)", from: nil, below: nil)
        }
    }

    struct Band: Equatable, Sendable {
        var filter: Filter
        /// The anchor on the page (`#size-small`).
        var id: String
        var label: String
        /// The band holds values `from <= value < below`; `nil` for the band of unpublished figures.
        var from: Double?
        var below: Double?

        func contains(_ value: Double) -> Bool {
            guard let from else { return false }
            return value >= from && (below.map { value < $0 } ?? true)
        }
    }

    static let resourcePath = "templates/overview-bands.csv"

    let bands: [Band]

    static func load(from url: URL? = nil) throws -> OverviewBands {
        let url = try url ?? ResourceFiles.url(resourcePath)
        var bands: [Band] = []
        try TableFile.forEachRow(in: url, requiring: ["filter", "id", "label", "from", "below"]) { row in
            guard let filter = Filter(rawValue: row["filter"]) else {
                let filters = Filter.allCases.map(\.rawValue).joined(separator: ", ")
                throw GapsError.invalidConfiguration(
                    row.location, message: "column 'filter': expected one of \(filters), found '\(row["filter"])'")
            }
            let id = row["id"]
            // The id is an anchor in the page: lower-case letters, digits and hyphens keep it a plain URL fragment.
            guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            else {
                throw GapsError.invalidConfiguration(
                    row.location, message: "column 'id': expected lower-case letters, digits and hyphens, found '\(id)'")
            }
            guard !bands.contains(where: { $0.id == id }), id != filter.unpublishedBand.id else {
                throw GapsError.invalidConfiguration(row.location, message: "band id '\(id)' is used twice")
            }
            guard let from = try row.optionalDouble("from") else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'from': a band needs a lower bound")
            }
            let below = try row.optionalDouble("below")
            if let below, below <= from {
                throw GapsError.invalidConfiguration(row.location, message: "column 'below': must be more than 'from'")
            }
            bands.append(Band(filter: filter, id: id, label: row["label"], from: from, below: below))
        }
        return OverviewBands(bands: bands)
    }

    /// The bands of one filter in file order, then the band for unpublished figures.
    func bands(of filter: Filter) -> [Band] {
        bands.filter { $0.filter == filter } + [filter.unpublishedBand]
    }

    /// The band that `value` falls in; the unpublished band when there is no value, `nil` when no band holds it.
    func band(of filter: Filter, for value: Double?) -> Band? {
        guard let value else { return filter.unpublishedBand }
        return bands.first { $0.filter == filter && $0.contains(value) }
    }
}
