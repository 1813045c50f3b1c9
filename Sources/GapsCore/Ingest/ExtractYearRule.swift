import Foundation

/// Where the rows of one extract take their academic year from, and how a row without a usable one is rejected.
///
/// Order: the row's own academic-year column; else, in a census-style file, the academic year holding the row's
/// census date; else the file's year, from `--academic-year` or, failing that, the profile's rule on the file name
/// (`KS4pu22` -> 2021/22). A file that can give no row a year (no year column, no census date column, no flag, no
/// file-name match) stops before its first row with one line saying so: results without a year cannot be placed in a
/// time period.
struct ExtractYearRule {
    /// The year for rows that state none, as `2021/22`; empty when there is none.
    let fileYear: String
    /// Where `fileYear` came from, for the manifest.
    let fileYearOrigin: String
    /// The header's spelling of the academic-year and census-date columns, when the file has them.
    let yearColumn: String?
    let censusDateColumn: String?

    init(profile: ExtractProfile, path: String, flag: String?, yearColumn: String?, censusDateColumn: String?,
         location: SourceLocation) throws {
        self.yearColumn = yearColumn
        self.censusDateColumn = censusDateColumn
        if let flag {
            fileYear = try Self.parseFlag(flag)
            fileYearOrigin = "--academic-year"
        } else if let fromName = profile.academicYear(fromFileName: path) {
            fileYear = fromName.year
            fileYearOrigin = "the file name (\(fromName.matched))"
        } else {
            fileYear = ""
            fileYearOrigin = ""
        }
        if yearColumn == nil && censusDateColumn == nil && fileYear.isEmpty {
            var sources: [String] = []
            let yearColumns = profile.pupil[ExtractPupilField.academicYear.rawValue] ?? []
            sources.append(yearColumns.isEmpty ? "no academic-year column in this layout" : "no \(yearColumns.joined(separator: " or ")) column")
            if let pattern = profile.academicYearFromFileName { sources.append("a name that does not match \(pattern)") }
            throw GapsError.missingField(
                location,
                field: "academic year: the file has \(sources.joined(separator: " and ")); pass it with --academic-year, e.g. --academic-year 2021/22")
        }
    }

    /// The note for the manifest when rows may take the file's year.
    var note: String? {
        guard !fileYear.isEmpty else { return nil }
        let scope = yearColumn.map { ", for rows that leave \($0) empty" } ?? ""
        return "academic year: \(fileYear) from \(fileYearOrigin)\(scope)"
    }

    /// The academic year a row counts under: as stated, else from its census date, else the file's.
    @inline(__always)
    func academicYear(stated: String, censusDate: String) -> String {
        if !stated.isEmpty { return stated }
        if !censusDate.isEmpty { return Self.academicYear(ofCensusDate: censusDate) ?? "" }
        return fileYear
    }

    /// The reject for a row whose academic year (as `academicYear` gave it) is not usable: field, value, reason.
    func problem(academicYear: String, censusDate: String) -> (field: String, value: String, reason: String) {
        if !academicYear.isEmpty {
            return (yearColumn ?? "academic year", academicYear,
                    "expected an academic year such as 2023/2024, 2023/24, 202324 or 2024")
        }
        if !censusDate.isEmpty, let censusDateColumn {
            return (censusDateColumn, censusDate,
                    "expected a census date written DD/MM/YYYY or YYYY-MM-DD (the academic year is taken from it)")
        }
        let columns = [yearColumn, censusDateColumn].compactMap { $0 }
        return (columns.first ?? "academic year", "",
                "the row states no academic year (\(columns.joined(separator: " and ")) empty); pass --academic-year for the file")
    }

    /// `2022` -> `2021/22`.
    static func academicYear(endingIn summer: Int) -> String {
        let end = summer % 100
        return "\(summer - 1)/\(end < 10 ? "0" : "")\(end)"
    }

    /// The academic year (September to August) holding a date written DD/MM/YYYY or YYYY-MM-DD: a January 2024
    /// census is in 2023/24, an October 2023 census too.
    static func academicYear(ofCensusDate text: String) -> String? {
        guard let iso = IngestValues.isoDate(fromDayMonthYearOrISO: text),
              let year = Int(iso.prefix(4)), let month = Int(iso.dropFirst(5).prefix(2)) else { return nil }
        return academicYear(endingIn: month >= 9 ? year + 1 : year)
    }

    /// Checks `--academic-year` and writes it as `2021/22`. A bare year is refused: it could name the year that
    /// starts or the one that ends the academic year.
    static func parseFlag(_ text: String) throws -> String {
        let trimmed = IngestValues.trimmed(text)
        guard trimmed.count != 4, let summer = IngestValues.endYear(ofAcademicYear: trimmed).flatMap(Int.init) else {
            throw GapsError.invalidConfiguration(
                SourceLocation(file: "--academic-year"),
                message: "expected an academic year such as 2021/22, 2021/2022 or 202122, found '\(text)'")
        }
        return academicYear(endingIn: summer)
    }
}
