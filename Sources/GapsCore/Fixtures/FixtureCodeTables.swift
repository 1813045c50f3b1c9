import Foundation

/// The code tables behind the synthetic population, read from `Resources/fixtures/` (sources in its README).
///
/// Codes are data, not constants in code: the same DfE code sets the pipeline reads, so a change of code set is
/// an edit to a CSV file.
struct FixtureCodeTables: Sendable {
    struct Ethnicity: Sendable, Equatable {
        /// As written in a CTF: a main code (WBRI) or an extended one (WENG).
        var code: String
        var mainCode: String
        var majorCode: String
        var weight: Double
        /// A first-language code other than English typical of the group; nil when none is modelled.
        var otherLanguage: String?
        var ealShare: Double
    }

    struct SENNeed: Sendable, Equatable {
        var code: String
        var supportWeight: Double
        var ehcWeight: Double
    }

    var ethnicities: [Ethnicity]
    /// First-language code -> NPD EAL group (1 English, 2 other than English, 3 unclassified).
    var ealGroups: [String: Int]
    var senNeeds: [SENNeed]

    static func loadShipped() throws -> FixtureCodeTables {
        try load(
            ethnicities: ResourceFiles.url("fixtures/ethnicity-mix.csv"),
            languages: ResourceFiles.url("fixtures/languages.csv"),
            senNeeds: ResourceFiles.url("fixtures/sen-needs.csv"))
    }

    static func load(ethnicities ethnicityURL: URL, languages languageURL: URL, senNeeds senURL: URL) throws -> FixtureCodeTables {
        var ealGroups: [String: Int] = [:]
        try TableFile.forEachRow(in: languageURL, requiring: ["code", "eal_group"]) { row in
            let group = try row.int("eal_group")
            guard (1...3).contains(group) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'eal_group': expected 1, 2 or 3, found \(group)")
            }
            ealGroups[row["code"]] = group
        }

        var ethnicities: [Ethnicity] = []
        let ethnicityColumns = ["code", "main_code", "major_code", "weight", "other_language", "eal_share"]
        try TableFile.forEachRow(in: ethnicityURL, requiring: ethnicityColumns) { row in
            let language = row["other_language"]
            if !language.isEmpty, ealGroups[language] == nil {
                throw GapsError.invalidConfiguration(
                    row.location, message: "column 'other_language': '\(language)' is not in \(languageURL.lastPathComponent)")
            }
            ethnicities.append(Ethnicity(
                code: row["code"], mainCode: row["main_code"], majorCode: row["major_code"],
                weight: try nonNegative(row, "weight"), otherLanguage: language.isEmpty ? nil : language,
                ealShare: try nonNegative(row, "eal_share")))
        }

        var senNeeds: [SENNeed] = []
        try TableFile.forEachRow(in: senURL, requiring: ["code", "support_weight", "ehc_weight"]) { row in
            senNeeds.append(SENNeed(
                code: row["code"], supportWeight: try nonNegative(row, "support_weight"),
                ehcWeight: try nonNegative(row, "ehc_weight")))
        }

        for (name, isEmpty) in [(ethnicityURL, ethnicities.isEmpty), (senURL, senNeeds.isEmpty)] where isEmpty {
            throw GapsError.invalidConfiguration(SourceLocation(file: name.path), message: "table has no rows")
        }
        for code in ["ENG", "NOT"] where ealGroups[code] == nil {
            throw GapsError.invalidConfiguration(
                SourceLocation(file: languageURL.path), message: "language code \(code) is required by the generator")
        }
        return FixtureCodeTables(ethnicities: ethnicities, ealGroups: ealGroups, senNeeds: senNeeds)
    }

    private static func nonNegative(_ row: TableRow, _ column: String) throws -> Double {
        guard let value = try row.optionalDouble(column), value >= 0 else {
            throw GapsError.invalidConfiguration(
                row.location, message: "column '\(column)': expected a number >= 0, found '\(row[column])'")
        }
        return value
    }
}
