import Foundation

/// Finds and reads the code sets and point scales that normalise applies.
///
/// Every mapping lives in a CSV data file under `Resources/codes/` or `Resources/scales/` (sources in the README
/// of each folder), so that an LA can correct a code without rebuilding. A user may also point the stage at an
/// overrides directory laid out the same way (`codes/ethnicity.csv`, `scales/p-scales.csv`, ...): a file found
/// there replaces the shipped one of the same name, file by file.
enum ReferenceTables {
    /// The file to read for `relativePath`: the override when one exists, else the shipped resource.
    static func url(_ relativePath: String, overrides: URL?) throws -> URL {
        if let overrides {
            let candidate = overrides.appendingPathComponent(relativePath)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return try ResourceFiles.url(relativePath)
    }

    /// Reads a table keyed by `key` (trimmed, upper-cased), in file order, refusing a key given twice.
    static func keyedRows(_ relativePath: String, overrides: URL?, key: String, required: [String]) throws -> [(key: String, row: TableRow)] {
        let url = try url(relativePath, overrides: overrides)
        var rows: [(key: String, row: TableRow)] = []
        var firstLine: [String: Int] = [:]
        try TableFile.forEachRow(in: url, requiring: [key] + required) { row in
            let code = normaliseCode(row[key])
            if let line = firstLine[code] {
                throw GapsError.invalidConfiguration(row.location, message: "\(key) '\(code)' is listed twice (first on line \(line))")
            }
            firstLine[code] = row.location.line ?? 0
            rows.append((code, row))
        }
        return rows
    }

    /// The one data row of a single-row settings table (`scales/gcse-grade-points.csv`, ...).
    static func singleRow(_ relativePath: String, overrides: URL?, required: [String]) throws -> TableRow {
        let url = try url(relativePath, overrides: overrides)
        var found: TableRow?
        try TableFile.forEachRow(in: url, requiring: required) { row in
            guard found == nil else {
                throw GapsError.invalidConfiguration(row.location, message: "expected one row, found more")
            }
            found = row
        }
        guard let found else {
            throw GapsError.invalidConfiguration(SourceLocation(file: url.path), message: "no row")
        }
        return found
    }

    /// A 0/1 column of a reference table.
    static func flag(_ row: TableRow, _ column: String) throws -> Bool {
        switch row[column] {
        case "1": return true
        case "0": return false
        default:
            throw GapsError.invalidConfiguration(row.location, message: "column '\(column)': expected 0 or 1, found '\(row[column])'")
        }
    }

    /// A numeric column that may be empty (a value not confirmed is left empty, never guessed).
    static func optionalNumber(_ row: TableRow, _ column: String) throws -> Double? {
        do {
            return try row.optionalDouble(column)
        } catch {
            throw GapsError.invalidConfiguration(row.location, message: "column '\(column)': expected a number or nothing, found '\(row[column])'")
        }
    }

    /// A numeric column that must be filled.
    static func number(_ row: TableRow, _ column: String) throws -> Double {
        guard let value = try optionalNumber(row, column) else {
            throw GapsError.invalidConfiguration(row.location, message: "column '\(column)': expected a number, found nothing")
        }
        return value
    }
}

/// Codes are compared trimmed and upper-cased: sources write `p1i`, `ENG `, `wbri`.
func normaliseCode(_ code: String) -> String {
    code.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
}

/// Every code set and point scale normalise needs, loaded once per run.
public struct NormaliseReferenceData: Sendable {
    public var ethnicity: EthnicityCodeSet
    public var senProvision: SENProvisionCodeSet
    public var firstLanguage: FirstLanguageCodeSet
    public var senNeedTypes: SENNeedTypeCodeSet
    public var scales: ResultScales
    /// Post-looked-after arrangement codes (adoption, SGO, RO, CAO) for the disadvantage measure.
    public var postLookedAfter: PostLookedAfterCodeSet

    public init(ethnicity: EthnicityCodeSet, senProvision: SENProvisionCodeSet, firstLanguage: FirstLanguageCodeSet,
                senNeedTypes: SENNeedTypeCodeSet, scales: ResultScales, postLookedAfter: PostLookedAfterCodeSet) {
        self.ethnicity = ethnicity
        self.senProvision = senProvision
        self.firstLanguage = firstLanguage
        self.senNeedTypes = senNeedTypes
        self.scales = scales
        self.postLookedAfter = postLookedAfter
    }

    /// Loads the shipped tables, each replaced by a same-named file under `overrides` when there is one.
    public static func load(overrides: URL? = nil) throws -> NormaliseReferenceData {
        NormaliseReferenceData(
            ethnicity: try EthnicityCodeSet.load(overrides: overrides),
            senProvision: try SENProvisionCodeSet.load(overrides: overrides),
            firstLanguage: try FirstLanguageCodeSet.load(overrides: overrides),
            senNeedTypes: try SENNeedTypeCodeSet.load(overrides: overrides),
            scales: try ResultScales.load(overrides: overrides),
            postLookedAfter: try PostLookedAfterCodeSet.load(overrides: overrides))
    }
}
