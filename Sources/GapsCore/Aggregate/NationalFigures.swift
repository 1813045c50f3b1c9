import Foundation

/// Which national figure: one year, key stage, subject and group (the EES filters of `attainment.csv`, plus the
/// optional `key_stage` and group columns of docs/national-input.md).
public struct NationalFigureKey: Hashable, Sendable {
    public var timePeriod: String
    public var keyStage: KeyStage
    /// The `subject` column (`Resources/national/national-measures.csv`): a KS1 or KS2 subject or a KS4 measure.
    public var measure: String
    public var sex: String
    public var disadvantageStatus: String
    public var ethnicityMajor: String
    /// Optional columns `fsm_status`, `sen_provision`, `first_language`: `Total` when the file has no such column.
    public var fsmStatus: String
    public var senProvision: String
    public var firstLanguage: String
    /// Optional column `ethnicity_minor`: `Total` when the file has no such column.
    public var ethnicityMinor: String

    /// A KS2 figure, as the KS2-only files of before read.
    public init(timePeriod: String, subject: KS2Subject, sex: String = PublishedFilter.total,
                disadvantageStatus: String = PublishedFilter.total, ethnicityMajor: String = PublishedFilter.total) {
        self.init(timePeriod: timePeriod, keyStage: .ks2, measure: subject.rawValue, sex: sex,
                  disadvantageStatus: disadvantageStatus, ethnicityMajor: ethnicityMajor)
    }

    public init(timePeriod: String, keyStage: KeyStage, measure: String, sex: String = PublishedFilter.total,
                disadvantageStatus: String = PublishedFilter.total, ethnicityMajor: String = PublishedFilter.total,
                fsmStatus: String = PublishedFilter.total, senProvision: String = PublishedFilter.total,
                firstLanguage: String = PublishedFilter.total, ethnicityMinor: String = PublishedFilter.total) {
        self.timePeriod = timePeriod
        self.keyStage = keyStage
        self.measure = measure
        self.sex = sex
        self.disadvantageStatus = disadvantageStatus
        self.ethnicityMajor = ethnicityMajor
        self.fsmStatus = fsmStatus
        self.senProvision = senProvision
        self.firstLanguage = firstLanguage
        self.ethnicityMinor = ethnicityMinor
    }

    /// The group value of a breakdown characteristic.
    public func value(_ dimension: BreakdownDimension) -> String {
        switch dimension {
        case .sex: sex
        case .disadvantage: disadvantageStatus
        case .ethnicityMajor: ethnicityMajor
        case .fsmEligible: fsmStatus
        case .senProvision: senProvision
        case .firstLanguage: firstLanguage
        case .ethnicityMinor: ethnicityMinor
        }
    }

    public mutating func set(_ dimension: BreakdownDimension, _ value: String) {
        switch dimension {
        case .sex: sex = value
        case .disadvantage: disadvantageStatus = value
        case .ethnicityMajor: ethnicityMajor = value
        case .fsmEligible: fsmStatus = value
        case .senProvision: senProvision = value
        case .firstLanguage: firstLanguage = value
        case .ethnicityMinor: ethnicityMinor = value
        }
    }

    /// For messages: year, key stage, subject and every group value.
    var description: String {
        ([timePeriod, keyStage.nationalCode, measure] + NationalFigures.groupColumns.map { value($0.dimension) }).joined(separator: ", ")
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

    /// The national count reaching a standard with its cohort, when the file gives both as numbers: what a
    /// Newcombe interval needs (a percentage alone only allows the national figure to be taken as fixed).
    public func counts(for indicator: GapIndicator) -> (reaching: Int, pupils: Int)? {
        let reaching: Int? = switch indicator {
        case .expectedStandard: expectedStandardCount
        case .higherStandard: higherStandardCount
        case .averageScaledScore: nil
        }
        guard let reaching, let pupilCount, pupilCount > 0 else { return nil }
        return (reaching, pupilCount)
    }
}

/// National KS1, KS2 and KS4 figures read from one or more comparator files (`gaps-aggregate --national <file>`,
/// repeatable: EES publishes each key stage on its own).
///
/// Each file is EES tidy CSV with the columns of our own `attainment.csv` at `geographic_level` "National"
/// (docs/national-input.md): `time_period`, `time_identifier`, `geographic_level`, `country_code`,
/// `country_name`, `subject`, `sex`, `disadvantage_status`, `ethnicity_major`, `pupil_count`,
/// `expected_standard_count`, `expected_standard_percent`, `higher_standard_count`, `higher_standard_percent`,
/// `average_score`, and optionally `average_score_sd`, `key_stage` (absent: every row is KS2, so the KS2-only
/// files of before read unchanged) and the group columns `fsm_status`, `sen_provision`, `first_language` and
/// `ethnicity_minor` (absent: `Total`). Read with libcsv through `TableFile`.
///
/// Validation is strict, because a comparator that silently matches nothing would publish a table of `x`:
/// every required column present; every row National, England, "Academic year", a 6-digit academic year, a key
/// stage and subject of `Resources/national/national-measures.csv`, a sex, disadvantage status and (optional
/// columns) FSM status, SEN provision, first language and minor ethnic group (`NationalMinorEthnicGroups`) we publish; counts whole and not negative; percentages
/// 0-100; averages within the subject's score range; SDs positive and no wider than that range; no group twice,
/// in one file or across files. Any value may instead be an EES symbol. Every error names the file, the line and
/// the column.
public struct NationalFigures: Sendable {
    public static let requiredColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "subject", "sex",
        "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
    ]
    /// Optional: the pupil-level SD of the average score, for a Welch interval and Hedges' g (and, for Progress 8
    /// and its elements, the DfE interval of `ks4-progress.csv`).
    public static let standardDeviationColumn = "average_score_sd"
    /// Optional: `KS1`, `KS2` or `KS4`; a file without it holds KS2 figures.
    public static let keyStageColumn = "key_stage"
    /// The group columns and the breakdown characteristic each holds; the last four are optional (`Total`).
    public static let groupColumns: [(column: String, dimension: BreakdownDimension)] = [
        ("sex", .sex), ("disadvantage_status", .disadvantage), ("ethnicity_major", .ethnicityMajor),
        ("fsm_status", .fsmEligible), ("sen_provision", .senProvision), ("first_language", .firstLanguage),
        ("ethnicity_minor", .ethnicityMinor),
    ]
    /// The characteristics every comparator file carries (its required group columns).
    static let requiredDimensions: Set<BreakdownDimension> = [.sex, .disadvantage, .ethnicityMajor]
    /// The only geography a comparator row may have.
    public static let geographicLevel = "National"

    /// The first file read, for messages.
    public let path: String
    /// Every file read, in order, for the manifest.
    public private(set) var paths: [String]
    public private(set) var figures: [NationalFigureKey: NationalFigure] = [:]
    /// Which characteristics the files can compare, per key stage: the group columns of the files that have rows of
    /// that key stage. A key stage no file covers gets no national comparisons; a characteristic no file has a
    /// column for gets none either, so that a KS2-only file of before publishes exactly what it did.
    public private(set) var carried: [KeyStage: Set<BreakdownDimension>] = [:]

    /// Figures built in code; `carried` defaults to the required characteristics plus any other a key fixes.
    public init(path: String, figures: [NationalFigureKey: NationalFigure], carried: [KeyStage: Set<BreakdownDimension>]? = nil) {
        self.path = path
        paths = [path]
        self.figures = Dictionary(figures.map { ($0.key.canonical, $0.value) }, uniquingKeysWith: { first, _ in first })
        self.carried = carried ?? figures.keys.reduce(into: [:]) { carried, key in
            carried[key.keyStage, default: Self.requiredDimensions].formUnion(
                Self.groupColumns.map(\.dimension).filter { key.value($0) != PublishedFilter.total })
        }
    }

    /// The figure for a group, or nil when the file has no row for it.
    public func figure(_ key: NationalFigureKey) -> NationalFigure? { figures[key.canonical] }

    /// Academic years the file covers, ascending.
    public var timePeriods: [String] { Set(figures.keys.map(\.timePeriod)).sorted() }

    /// Reads and validates one comparator file. Throws `GapsError` naming file:line and column.
    public static func read(from url: URL) throws -> NationalFigures {
        guard let national = try read(from: [url]) else { throw GapsError.io(path: url.path, message: "national comparator file not found") }
        return national
    }

    /// Reads and validates every comparator file, in order; nil when there are none. A group given in two files
    /// is an error naming both.
    public static func read(from urls: [URL]) throws -> NationalFigures? {
        guard let first = urls.first else { return nil }
        let catalogue = try NationalMeasureCatalogue.shipped()
        let labels = try CharacteristicLabels.shipped()
        let minorGroups = try NationalMinorEthnicGroups.shipped()
        var national = NationalFigures(path: first.path, figures: [:], carried: [:])
        national.paths = urls.map(\.path)
        for url in urls {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw GapsError.io(path: url.path, message: "national comparator file not found")
            }
            var rowsRead = 0
            try TableFile.forEachRow(in: url, requiring: requiredColumns) { row in
                let (key, figure) = try parse(row, catalogue: catalogue, labels: labels, minorGroups: minorGroups)
                if let earlier = national.figures[key] {
                    let place = earlier.location.file == row.location.file
                        ? "line \(earlier.location.line ?? 0)" : "\(earlier.location.file):\(earlier.location.line ?? 0)"
                    throw GapsError.malformedInput(row.location, message: "the same year, subject and group as \(place) (\(key.description))")
                }
                national.figures[key] = figure
                let dimensions = groupColumns.filter { $0.dimension == .sex || $0.dimension == .disadvantage
                    || $0.dimension == .ethnicityMajor || row.columnIndex[$0.column] != nil }.map(\.dimension)
                national.carried[key.keyStage, default: []].formUnion(dimensions)
                rowsRead += 1
            }
            if rowsRead == 0 {
                throw GapsError.malformedInput(SourceLocation(file: url.path, line: 2), message: "no national rows after the header")
            }
        }
        return national
    }

    static func parse(_ row: TableRow, catalogue: NationalMeasureCatalogue, labels: CharacteristicLabels,
                      minorGroups: NationalMinorEthnicGroups) throws -> (NationalFigureKey, NationalFigure) {
        func fail(_ column: String, _ expected: String) -> GapsError {
            .malformedInput(row.location, message: "column '\(column)': expected \(expected), found '\(row[column])'")
        }
        func oneOf(_ values: [String]) -> String { "one of \(values.map { "'\($0)'" }.joined(separator: ", "))" }
        guard row["geographic_level"] == geographicLevel else {
            throw fail("geographic_level", "'National' (the comparator file holds England's figures only)")
        }
        guard row["country_code"] == AggregateStage.countryCode else { throw fail("country_code", "'\(AggregateStage.countryCode)' (England)") }
        guard row["time_identifier"] == AggregateStage.timeIdentifier else { throw fail("time_identifier", "'\(AggregateStage.timeIdentifier)'") }
        let period = row["time_period"]
        guard period.count == 6, period.allSatisfy({ $0.isASCII && $0.isNumber }),
              let first = Int(period.prefix(4)), let second = Int(period.suffix(2)), (first + 1) % 100 == second
        else { throw fail("time_period", "an academic year such as 202324") }
        var keyStage = KeyStage.ks2
        if row.columnIndex[keyStageColumn] != nil {
            guard let stage = KeyStage(nationalValue: row[keyStageColumn]) else {
                throw fail(keyStageColumn, oneOf(KeyStage.allCases.map(\.nationalCode)))
            }
            keyStage = stage
        }
        guard let measure = catalogue.measure(keyStage, row["subject"]) else {
            throw fail("subject", "for \(keyStage.nationalCode) \(oneOf(catalogue.subjects(of: keyStage)))")
        }
        var key = NationalFigureKey(timePeriod: period, keyStage: keyStage, measure: measure.subject)
        for (column, dimension) in groupColumns {
            let allowed: [String]
            switch dimension {
            case .sex: allowed = [PublishedFilter.total] + PublishedFilter.sexes
            case .disadvantage: allowed = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses
            case .ethnicityMajor:
                guard !row[column].isEmpty else { throw fail(column, "a group or 'Total'") }
                key.set(dimension, row[column])
                continue
            case .ethnicityMinor:
                guard row.columnIndex[column] != nil else { continue }
                let minor = row[column]
                guard minor == PublishedFilter.total || minorGroups.majorGroups[minor] != nil else {
                    throw fail(column, NationalMinorEthnicGroups.expected)
                }
                if let majors = minorGroups.majorGroups[minor], !majors.contains(row["ethnicity_major"]),
                   row["ethnicity_major"] != PublishedFilter.total {
                    throw fail("ethnicity_major", "'Total' or the major group of '\(minor)' (\(majors.sorted().map { "'\($0)'" }.joined(separator: " or ")))")
                }
                key.set(dimension, minor)
                continue
            default:
                guard row.columnIndex[column] != nil else { continue }
                allowed = [PublishedFilter.total] + labels.orderedLabels(dimension.characteristic)
            }
            guard allowed.contains(row[column]) else { throw fail(column, oneOf(allowed)) }
            key.set(dimension, row[column])
        }

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
        let range = measure.scoreRange
        figure.averageScore = try number("average_score", in: range,
                                         "\(measure.scoreMeaning) \(formatNumber(range.lowerBound))-\(formatNumber(range.upperBound))")
        if row.columnIndex[standardDeviationColumn] != nil {
            figure.averageScoreSD = try number(standardDeviationColumn, in: Double.leastNonzeroMagnitude...(range.upperBound - range.lowerBound),
                                               "a positive standard deviation of at most \(formatNumber(range.upperBound - range.lowerBound))",
                                               optional: true)
        }
        return (key.canonical, figure)
    }
}
