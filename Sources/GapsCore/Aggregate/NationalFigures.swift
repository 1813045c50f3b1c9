import Foundation

/// Which national figure: one year, subject and group (the EES filters of `attainment.csv`).
public struct NationalFigureKey: Hashable, Sendable {
    public var timePeriod: String
    public var subject: KS2Subject
    public var sex: String
    public var disadvantageStatus: String
    public var ethnicityMajor: String

    public init(timePeriod: String, subject: KS2Subject, sex: String = PublishedFilter.total,
                disadvantageStatus: String = PublishedFilter.total, ethnicityMajor: String = PublishedFilter.total) {
        self.timePeriod = timePeriod
        self.subject = subject
        self.sex = sex
        self.disadvantageStatus = disadvantageStatus
        self.ethnicityMajor = ethnicityMajor
    }
}

/// One row of a national comparator file: England's figures for one group, as Explore Education Statistics
/// publishes them. A value the file gives as an EES symbol (`c`, `x`, `z`, `low`, `u`) is nil: nothing to compare.
public struct NationalFigure: Sendable, Equatable {
    public var pupilCount: Int?
    public var expectedStandardCount: Int?
    public var expectedStandardPercent: Double?
    public var higherStandardCount: Int?
    public var higherStandardPercent: Double?
    public var averageScore: Double?
    /// Pupil-level standard deviation of the scaled score (optional column `average_score_sd`); with it the
    /// average-score comparison is a Welch interval, without it a one-sample t interval.
    public var averageScoreSD: Double?
    /// Where the row was read, for messages.
    public var location: SourceLocation

    public init(pupilCount: Int? = nil, expectedStandardCount: Int? = nil, expectedStandardPercent: Double? = nil,
                higherStandardCount: Int? = nil, higherStandardPercent: Double? = nil, averageScore: Double? = nil,
                averageScoreSD: Double? = nil, location: SourceLocation = SourceLocation(file: "")) {
        self.pupilCount = pupilCount
        self.expectedStandardCount = expectedStandardCount
        self.expectedStandardPercent = expectedStandardPercent
        self.higherStandardCount = higherStandardCount
        self.higherStandardPercent = higherStandardPercent
        self.averageScore = averageScore
        self.averageScoreSD = averageScoreSD
        self.location = location
    }

    /// The national proportion (0-1) reaching a standard: count / pupils when the file gives both (EES rounds
    /// its percentages to whole numbers, the counts are exact), otherwise the percentage / 100; nil when neither.
    public func proportion(for indicator: GapIndicator) -> Double? {
        let (count, percent): (Int?, Double?)
        switch indicator {
        case .expectedStandard: (count, percent) = (expectedStandardCount, expectedStandardPercent)
        case .higherStandard: (count, percent) = (higherStandardCount, higherStandardPercent)
        case .averageScaledScore: return nil
        }
        if let count, let pupilCount, pupilCount > 0 { return Double(count) / Double(pupilCount) }
        return percent.map { $0 / 100 }
    }
}

/// National KS2 figures read from a comparator file (`gaps-aggregate --national <file>`).
///
/// The file is EES tidy CSV with the columns of our own `attainment.csv` at `geographic_level` "National"
/// (docs/national-input.md): `time_period`, `time_identifier`, `geographic_level`, `country_code`,
/// `country_name`, `subject`, `sex`, `disadvantage_status`, `ethnicity_major`, `pupil_count`,
/// `expected_standard_count`, `expected_standard_percent`, `higher_standard_count`, `higher_standard_percent`,
/// `average_score`, and optionally `average_score_sd`. Read with libcsv through `TableFile`.
///
/// Validation is strict, because a comparator that silently matches nothing would publish a table of `x`:
/// every required column present; every row National, England, "Academic year", a 6-digit academic year, a
/// subject, sex and disadvantage status we publish; counts whole and not negative; percentages 0-100; scores
/// 80-120 (the KS2 scaled-score range); SDs positive; no group twice. Any value may instead be an EES symbol.
/// Every error names the file, the line and the column.
public struct NationalFigures: Sendable {
    public static let requiredColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "subject", "sex",
        "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
    ]
    /// Optional: the pupil-level SD of the scaled score, for a Welch interval and Hedges' g.
    public static let standardDeviationColumn = "average_score_sd"
    /// The only geography a comparator row may have.
    public static let geographicLevel = "National"
    static let scaledScoreRange = 80.0...120.0

    /// The file read, for the manifest and messages.
    public let path: String
    public private(set) var figures: [NationalFigureKey: NationalFigure] = [:]

    public init(path: String, figures: [NationalFigureKey: NationalFigure]) {
        self.path = path
        self.figures = figures
    }

    /// The figure for a group, or nil when the file has no row for it.
    public func figure(_ key: NationalFigureKey) -> NationalFigure? { figures[key] }

    /// Academic years the file covers, ascending.
    public var timePeriods: [String] { Set(figures.keys.map(\.timePeriod)).sorted() }

    /// Reads and validates a comparator file. Throws `GapsError` naming file:line and column.
    public static func read(from url: URL) throws -> NationalFigures {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw GapsError.io(path: url.path, message: "national comparator file not found")
        }
        var national = NationalFigures(path: url.path, figures: [:])
        try TableFile.forEachRow(in: url, requiring: requiredColumns) { row in
            let (key, figure) = try parse(row)
            if let first = national.figures[key] {
                throw GapsError.malformedInput(row.location, message:
                    "the same year, subject and group as line \(first.location.line ?? 0) (\(key.timePeriod), \(key.subject.rawValue), \(key.sex), \(key.disadvantageStatus), \(key.ethnicityMajor))")
            }
            national.figures[key] = figure
        }
        if national.figures.isEmpty {
            throw GapsError.malformedInput(SourceLocation(file: url.path, line: 2), message: "no national rows after the header")
        }
        return national
    }

    static func parse(_ row: TableRow) throws -> (NationalFigureKey, NationalFigure) {
        func fail(_ column: String, _ expected: String) -> GapsError {
            .malformedInput(row.location, message: "column '\(column)': expected \(expected), found '\(row[column])'")
        }
        guard row["geographic_level"] == geographicLevel else {
            throw fail("geographic_level", "'National' (the comparator file holds England's figures only)")
        }
        guard row["country_code"] == AggregateStage.countryCode else { throw fail("country_code", "'\(AggregateStage.countryCode)' (England)") }
        guard row["time_identifier"] == AggregateStage.timeIdentifier else { throw fail("time_identifier", "'\(AggregateStage.timeIdentifier)'") }
        let period = row["time_period"]
        guard period.count == 6, period.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = Int(period.prefix(4)), let second = Int(period.suffix(2)), (first + 1) % 100 == second
        else { throw fail("time_period", "an academic year such as 202324") }
        guard let subject = KS2Subject(rawValue: row["subject"]) else {
            throw fail("subject", "one of \(KS2Subject.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        let sexes = [PublishedFilter.total] + PublishedFilter.sexes
        guard sexes.contains(row["sex"]) else { throw fail("sex", "one of \(sexes.map { "'\($0)'" }.joined(separator: ", "))") }
        let statuses = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses
        guard statuses.contains(row["disadvantage_status"]) else {
            throw fail("disadvantage_status", "one of \(statuses.map { "'\($0)'" }.joined(separator: ", "))")
        }
        guard !row["ethnicity_major"].isEmpty else { throw fail("ethnicity_major", "a group or 'Total'") }

        func count(_ column: String) throws -> Int? {
            if EESSymbol.all.contains(row[column]) { return nil }
            guard let value = Int(row[column]), value >= 0 else { throw fail(column, "a whole number of pupils or an EES symbol (c, x, z, low, u)") }
            return value
        }
        func number(_ column: String, in range: ClosedRange<Double>, _ what: String, optional: Bool = false) throws -> Double? {
            let text = row[column]
            if EESSymbol.all.contains(text) || (optional && text.isEmpty) { return nil }
            guard let value = Double(text), value.isFinite, range.contains(value) else {
                throw fail(column, "\(what) or an EES symbol (c, x, z, low, u)")
            }
            return value
        }
        var figure = NationalFigure(location: row.location)
        figure.pupilCount = try count("pupil_count")
        figure.expectedStandardCount = try count("expected_standard_count")
        figure.higherStandardCount = try count("higher_standard_count")
        for (column, part) in [("expected_standard_count", figure.expectedStandardCount), ("higher_standard_count", figure.higherStandardCount)] {
            if let part, let whole = figure.pupilCount, part > whole { throw fail(column, "no more than pupil_count (\(whole))") }
        }
        figure.expectedStandardPercent = try number("expected_standard_percent", in: 0...100, "a percentage 0-100")
        figure.higherStandardPercent = try number("higher_standard_percent", in: 0...100, "a percentage 0-100")
        figure.averageScore = try number("average_score", in: scaledScoreRange, "a KS2 scaled score 80-120")
        if row.columnIndex[standardDeviationColumn] != nil {
            figure.averageScoreSD = try number(standardDeviationColumn, in: Double.leastNonzeroMagnitude...100,
                                               "a positive standard deviation", optional: true)
        }
        let key = NationalFigureKey(timePeriod: period, subject: subject, sex: row["sex"],
                                    disadvantageStatus: row["disadvantage_status"], ethnicityMajor: row["ethnicity_major"])
        return (key, figure)
    }
}
