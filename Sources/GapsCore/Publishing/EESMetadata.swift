import Foundation

/// One row of an EES `.meta.csv`: how EES should present one filter or indicator column of the data file.
public struct EESMetaColumn: Sendable, Equatable {
    public enum ColumnType: String, Sendable {
        case filter = "Filter"
        case indicator = "Indicator"
    }

    public var name: String
    public var type: ColumnType
    public var label: String
    public var indicatorGrouping: String
    /// "%" for percentages, "" for counts and scores (EES accepts only its own list of units).
    public var indicatorUnit: String
    /// Decimal places EES should show; the file itself keeps full precision.
    public var indicatorDecimalPlaces: Int?
    public var filterHint: String
    public var filterGroupingColumn: String

    public static func filter(_ name: String, label: String, hint: String = "") -> EESMetaColumn {
        EESMetaColumn(name: name, type: .filter, label: label, indicatorGrouping: "", indicatorUnit: "",
                      indicatorDecimalPlaces: nil, filterHint: hint, filterGroupingColumn: "")
    }

    public static func indicator(_ name: String, label: String, grouping: String, unit: String = "", decimalPlaces: Int?) -> EESMetaColumn {
        EESMetaColumn(name: name, type: .indicator, label: label, indicatorGrouping: grouping, indicatorUnit: unit,
                      indicatorDecimalPlaces: decimalPlaces, filterHint: "", filterGroupingColumn: "")
    }

    /// The header of every `.meta.csv`, in the order EES documents it.
    public static let metaColumns = [
        "col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp", "filter_hint",
        "filter_grouping_column",
    ]

    var fieldValues: [String] {
        [name, type.rawValue, label, indicatorGrouping, indicatorUnit, indicatorDecimalPlaces.map(String.init) ?? "",
         filterHint, filterGroupingColumn]
    }
}

/// An EES data file's layout: its time and geography columns, then its filters and indicators in file order.
public struct EESTableLayout: Sendable {
    public var timeAndGeographyColumns: [String]
    public var columns: [EESMetaColumn]

    public init(timeAndGeographyColumns: [String], columns: [EESMetaColumn]) {
        self.timeAndGeographyColumns = timeAndGeographyColumns
        self.columns = columns
    }

    /// The data file's header.
    public var header: [String] { timeAndGeographyColumns + columns.map(\.name) }

    /// Writes `<name>.meta.csv` (published: world-readable, formulas neutralised).
    @discardableResult
    public func writeMeta(to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: EESMetaColumn.metaColumns, restricted: false, neutraliseFormulas: true)
        for column in columns { try writer.write(column.fieldValues) }
        return try writer.close()
    }

    /// The meta file that goes with a data file: `attainment.csv` -> `attainment.meta.csv`.
    public static func metaURL(for dataURL: URL) -> URL {
        dataURL.deletingPathExtension().appendingPathExtension("meta.csv")
    }
}
