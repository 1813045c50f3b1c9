import Foundation

/// Nominal scaled scores for KS2 reading and maths results that are not a scaled score (2016 on): the values the DfE
/// gives such pupils as prior attainment (KS2 to KS4 Progress 8). BLW 70 in 2016 and 71 from 2017, PKF 73, PKE 76,
/// PKG 79, and N (took the test, no scaled score awarded) 79 (`scales/ks2-nominal-scores.csv`: code, first_year,
/// points, meaning; domain reference section 4).
///
/// They are carried in a result's `points`, never as its scaled score: the headline average scaled score is over
/// real scaled scores only, and such a pupil is in the denominator, not meeting the standard. A code may have
/// several rows; the one with the latest `first_year` not after the result's year applies.
public struct KS2NominalScores: Sendable {
    public struct Entry: Sendable, Equatable {
        public var code: String
        public var firstYear: Int
        public var points: Double
        public var meaning: String
    }

    /// By code (trimmed, upper-case), each list in `firstYear` order.
    public let entries: [String: [Entry]]

    public init(entries: [String: [Entry]]) { self.entries = entries }

    /// The entry for `code` in the summer of `year`, or nil (not a code of the table, or before its first year).
    public func entry(for code: String, year: Int) -> Entry? {
        entries[normaliseCode(code)]?.last { $0.firstYear <= year }
    }

    static let resourcePath = "scales/ks2-nominal-scores.csv"

    static func load(overrides: URL?) throws -> KS2NominalScores {
        let url = try ReferenceTables.url(resourcePath, overrides: overrides)
        var entries: [String: [Entry]] = [:]
        try TableFile.forEachRow(in: url, requiring: ["code", "first_year", "points", "meaning"]) { row in
            let code = normaliseCode(row["code"])
            guard !code.isEmpty else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'code': expected a code, found nothing")
            }
            guard let firstYear = Int(row["first_year"]) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'first_year': expected a year, found '\(row["first_year"])'")
            }
            if entries[code]?.contains(where: { $0.firstYear == firstYear }) == true {
                throw GapsError.invalidConfiguration(row.location, message: "code '\(code)' from \(firstYear) is listed twice")
            }
            entries[code, default: []].append(Entry(code: code, firstYear: firstYear, points: try ReferenceTables.number(row, "points"),
                                                    meaning: row["meaning"]))
        }
        return KS2NominalScores(entries: entries.mapValues { $0.sorted { $0.firstYear < $1.firstYear } })
    }
}
