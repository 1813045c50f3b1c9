import Foundation

/// Progress 8 and its four elements, as the KS4 performance-tables pupil file gives them per pupil.
public enum KS4ProgressMeasure: String, CaseIterable, Sendable, Hashable {
    case progress8 = "Progress 8"
    case english = "English element"
    case maths = "Maths element"
    case ebacc = "EBacc element"
    case open = "Open element"

    public var assessmentMeasure: AssessmentMeasure {
        switch self {
        case .progress8: .ks4Progress8
        case .english: .ks4Progress8English
        case .maths: .ks4Progress8Maths
        case .ebacc: .ks4Progress8EBacc
        case .open: .ks4Progress8Open
        }
    }

    /// The name in `progress8-national-sd.csv`'s `measure` column.
    public var dataName: String {
        switch self {
        case .progress8: "progress8"
        case .english: "english"
        case .maths: "maths"
        case .ebacc: "ebacc"
        case .open: "open"
        }
    }
}

/// The national standard deviation of pupil Progress 8 scores and of each element, per KS4 year
/// (`Resources/progress/progress8-national-sd.csv`; source in the folder's README).
///
/// The DfE's interval for a school's (or group's) average treats this SD as known: average +/- 1.96 x SD / sqrt(n)
/// (`ProgressEightStatistics.interval`). It changes every year, so it is data; a year missing from the file gives no
/// interval (`x`), never one borrowed from another year.
public struct ProgressEightDeviations: Sendable, Equatable {
    /// By `time_period` (202324) and measure.
    public var values: [String: [KS4ProgressMeasure: Double]]

    public init(values: [String: [KS4ProgressMeasure: Double]]) { self.values = values }

    public static let fileName = "progress/progress8-national-sd.csv"

    public static func shipped() throws -> ProgressEightDeviations {
        try ProgressEightDeviations(contentsOf: ResourceFiles.url(fileName))
    }

    /// Reads `time_period,measure,standard_deviation` rows; a repeated pair, an unknown measure or an SD that is
    /// not above 0 is an error naming the row.
    public init(contentsOf url: URL) throws {
        var values: [String: [KS4ProgressMeasure: Double]] = [:]
        let byName = Dictionary(uniqueKeysWithValues: KS4ProgressMeasure.allCases.map { ($0.dataName, $0) })
        try TableFile.forEachRow(in: url, requiring: ["time_period", "measure", "standard_deviation"]) { row in
            let period = row["time_period"].trimmingCharacters(in: .whitespaces)
            guard period.count == 6, period.allSatisfy(\.isNumber) else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'time_period': expected an academic year such as 202324, found '\(period)'")
            }
            guard let measure = byName[row["measure"].trimmingCharacters(in: .whitespaces)] else {
                throw GapsError.invalidConfiguration(row.location, message:
                    "column 'measure': expected one of \(KS4ProgressMeasure.allCases.map(\.dataName).joined(separator: ", ")), found '\(row["measure"])'")
            }
            guard let deviation = Double(row["standard_deviation"].trimmingCharacters(in: .whitespaces)), deviation.isFinite, deviation > 0 else {
                throw GapsError.invalidConfiguration(row.location, message: "column 'standard_deviation': expected a number above 0, found '\(row["standard_deviation"])'")
            }
            guard values[period]?[measure] == nil else {
                throw GapsError.invalidConfiguration(row.location, message: "\(period) \(measure.dataName) is given twice")
            }
            values[period, default: [:]][measure] = deviation
        }
        self.values = values
    }

    public func deviation(_ measure: KS4ProgressMeasure, timePeriod: String) -> Double? { values[timePeriod]?[measure] }
}

extension KS4PupilProgress {
    /// Keeps the KS4 file's Progress 8 and element scores that are judgements (not absent and the like).
    mutating func recordPublishedScores(_ results: [NormalisedResult], rules: ProgressRules) {
        for measure in KS4ProgressMeasure.allCases {
            guard let result = results.first(where: { $0.measure == measure.assessmentMeasure }), rules.isJudgement(result),
                  let value = ks4Value(result) else { continue }
            published[measure] = value
        }
    }
}

/// `ks4-progress.csv`: KS2 -> KS4 Progress 8 and its elements, averaged per place, KS4 year and group, with the
/// DfE's confidence interval, and the pupils below the "not progressing" threshold.
///
/// Scores are the DfE's own, from the KS4 file (against national estimates for the pupil's KS2 prior-attainment
/// group); the pipeline averages them and never recomputes them. Suppression: primary as elsewhere (a group of 1-5
/// pupils shows `c` throughout, a count of 1-2 `c` with its percentage), and an average, its interval and the counts
/// behind it are withheld when 1-5 pupils have a score; then secondary suppression (`Suppression
/// .applyPrimaryAndSecondary`) on the lines Total/Boys/Girls, Total/Disadvantaged/Not known and Total/each KS2
/// prior-attainment band (`KS4PriorBand`) (and, across places,
/// the LA with its schools), treating pupils with a score as the "expected" count and pupils below the threshold as
/// the "higher" count, since each is a subset of the one before; a withheld scored count withholds its average and
/// interval too, so no average can be recovered from the Total's and a sibling's.
public enum KS4ProgressTable {
    public static let fileName = "ks4-progress.csv"

    static let layout = EESTableLayout(timeAndGeographyColumns: AggregateStage.geographyColumns, columns: [
        .filter("measure", label: "Progress measure", hint: "Progress 8, or one of its elements (English, maths, EBacc, open)"),
        .filter("prior_attainment_band", label: "KS2 prior attainment",
                hint: "Low, middle or high: below, at or above the expected standard at KS2 (mean reading and maths scaled score); no prior attainment without KS2 results"),
        .filter("disadvantage_status", label: "Disadvantage status", hint: "Disadvantaged: FSM in the last 6 years or looked after"),
        .filter("sex", label: "Sex"),
        .indicator("pupil_count", label: "Pupils at the end of KS4", grouping: "Pupils", decimalPlaces: 0),
        .indicator("scored_count", label: "Pupils with a score (KS2 prior attainment and KS4 results)", grouping: "Pupils", decimalPlaces: 0),
        .indicator("average_score", label: "Average score (grades per slot against pupils nationally with similar KS2 attainment)", grouping: "Progress", decimalPlaces: 2),
        .indicator("average_score_lower_ci", label: "Average score, lower bound of the 95% confidence interval", grouping: "Progress", decimalPlaces: 2),
        .indicator("average_score_upper_ci", label: "Average score, upper bound of the 95% confidence interval", grouping: "Progress", decimalPlaces: 2),
        .indicator("national_standard_deviation", label: "National standard deviation of pupil scores (used for the interval)", grouping: "Progress", decimalPlaces: 2),
        .indicator("significance", label: "Compared with the national average of 0 (95% interval)", grouping: "Progress", decimalPlaces: nil),
        .indicator("below_threshold_count", label: "Pupils not progressing: score below the threshold", grouping: "Not progressing", decimalPlaces: 0),
        .indicator("below_threshold_percent", label: "Percentage not progressing: score below the threshold (of pupils with a score)", grouping: "Not progressing", unit: "%", decimalPlaces: 0),
    ])

    /// The "not progressing" threshold of a measure; nil for EBacc and open, which no rule uses.
    static func threshold(_ measure: KS4ProgressMeasure, rules: ProgressRules) -> Double? {
        switch measure {
        case .progress8: rules.ks4Progress8Below
        case .english, .maths: rules.ks4ElementProgressBelow
        case .ebacc, .open: nil
        }
    }

    /// One published row before formatting: counts (`SuppressibleCell`) and the scores behind the average.
    struct Cell: MarginedCell {
        struct Key: Hashable { var la: String; var timePeriod: String; var measure: KS4ProgressMeasure; var place: PublishedPlace? }
        var place: PublishedPlace
        var timePeriod: String
        var measure: KS4ProgressMeasure
        var disadvantageStatus: String
        var sex: String
        var tableKey: Key
        /// Band, status, sex and, across places, the school (`Total` on the LA's row).
        var filterValues: [String]
        var pupilCount: Int
        var scores: [Double]
        var belowThresholdCount: Int
        var withheld: WithheldParts = []
        /// The `prior_attainment_band` filter value (`ProgressFilters.bands`).
        var priorAttainmentBand: String = PublishedFilter.total

        var expectedStandardCount: Int { scores.count }
        var higherStandardCount: Int { belowThresholdCount }
        var scoredCount: Int? { nil }
    }

    /// Every cell, LA rows then school rows per year, in publication order, with suppression applied.
    static func cells(_ pupils: [KS4PupilProgress], places: [PublishedPlace], rules: ProgressRules,
                      suppression: Suppression) -> [Cell] {
        var members: [PublishedPlace: [String: [KS4PupilProgress]]] = [:]
        for pupil in pupils {
            for place in ProgressOutputs.places(of: pupil.home) { members[place, default: [:]][pupil.timePeriod, default: []].append(pupil) }
        }
        let laOfSchool = Dictionary(pupils.map { ($0.home.schoolURN, $0.home.la) }, uniquingKeysWith: { first, _ in first })
        var cells: [Cell] = []
        for timePeriod in Set(pupils.map(\.timePeriod)).sorted() {
            for place in places {
                guard let group = members[place]?[timePeriod] else { continue }
                let la: String
                let school: String
                switch place {
                case let .localAuthority(oldCode): la = oldCode; school = PublishedFilter.total
                case let .school(urn): la = laOfSchool[urn] ?? ""; school = urn
                }
                for measure in KS4ProgressMeasure.allCases {
                    for band in ProgressFilters.bands {
                        for status in ProgressFilters.disadvantageStatuses {
                            for sex in ProgressFilters.sexes {
                                let matching = group.filter {
                                    (band == PublishedFilter.total || $0.priorBand.rawValue == band)
                                        && ProgressFilters.matches($0.pupil, sex: sex, disadvantageStatus: status)
                                }
                                let scores = matching.compactMap { $0.published[measure] }
                                let below = threshold(measure, rules: rules).map { line in scores.filter { $0 < line }.count } ?? 0
                                let key = Cell.Key(la: la, timePeriod: timePeriod, measure: measure,
                                                   place: suppression.acrossPlaces ? nil : place)
                                cells.append(Cell(place: place, timePeriod: timePeriod, measure: measure, disadvantageStatus: status,
                                                  sex: sex, tableKey: key,
                                                  filterValues: [band, status, sex] + (suppression.acrossPlaces ? [school] : []),
                                                  pupilCount: matching.count, scores: scores, belowThresholdCount: below,
                                                  priorAttainmentBand: band))
                            }
                        }
                    }
                }
            }
        }
        // An average over 1-5 pupils is withheld with the count behind it (primary), before the lines are checked.
        for index in cells.indices where suppression.withholdsDenominator(cells[index].scores.count) {
            cells[index].withheld.formUnion([.expectedStandard, .higherStandard])
        }
        suppression.applyPrimaryAndSecondary(to: &cells)
        return cells
    }

    /// The indicator values of one cell, in `layout` order.
    static func indicators(_ cell: Cell, deviation: Double?, threshold: Double?) -> [String] {
        let suppressed = EESSymbol.suppressed
        if cell.withheld.contains(.wholeCell) {
            return [suppressed, suppressed, suppressed, suppressed, suppressed,
                    deviation.map(formatNumber) ?? EESSymbol.notAvailable, suppressed]
                + (threshold == nil ? [EESSymbol.notApplicable, EESSymbol.notApplicable] : [suppressed, suppressed])
        }
        let scoresWithheld = cell.withheld.contains(.expectedStandard)
        var fields = [String(cell.pupilCount)]
        if scoresWithheld {
            fields += [suppressed, suppressed, suppressed, suppressed, deviation.map(formatNumber) ?? EESSymbol.notAvailable, suppressed]
        } else if cell.scores.isEmpty {
            fields += ["0", EESSymbol.notAvailable, EESSymbol.notAvailable, EESSymbol.notAvailable,
                       deviation.map(formatNumber) ?? EESSymbol.notAvailable, EESSymbol.notAvailable]
        } else {
            let average = SampleSummary(values: cell.scores).mean
            fields += [String(cell.scores.count), formatNumber(average)]
            if let deviation {
                let interval = ProgressEightStatistics.interval(score: average, pupils: cell.scores.count, nationalStandardDeviation: deviation)
                let verdict = interval.lower > 0 ? "Significantly above average" : interval.upper < 0 ? "Significantly below average"
                    : "Not significantly different from average"
                fields += [formatNumber(interval.lower), formatNumber(interval.upper), formatNumber(deviation), verdict]
            } else {
                fields += [EESSymbol.notAvailable, EESSymbol.notAvailable, EESSymbol.notAvailable, EESSymbol.notAvailable]
            }
        }
        guard threshold != nil else { return fields + [EESSymbol.notApplicable, EESSymbol.notApplicable] }
        if scoresWithheld || cell.withheld.contains(.higherStandard) { return fields + [suppressed, suppressed] }
        return fields + [String(cell.belowThresholdCount),
                         cell.scores.isEmpty ? EESSymbol.notAvailable : formatNumber(100 * Double(cell.belowThresholdCount) / Double(cell.scores.count))]
    }

    /// Writes the table for every KS4 year and every place with KS4 pupils (the LA, then its schools).
    static func write(_ analysis: ProgressAnalysis, registry: KS2Cohorts, lookup: LocalAuthorityLookup, suppression: Suppression,
                      deviations: ProgressEightDeviations, to url: URL) throws -> ManifestOutput {
        let writer = try CSVWriter(url: url, header: layout.header, restricted: false, neutraliseFormulas: true)
        for cell in cells(analysis.ks4Pupils, places: registry.places, rules: analysis.rules, suppression: suppression) {
            let geography = AggregateStage.geographyFields(place: cell.place, timePeriod: cell.timePeriod, cohorts: registry, lookup: lookup)
            try writer.write(geography + [cell.measure.rawValue, cell.priorAttainmentBand, cell.disadvantageStatus, cell.sex]
                + indicators(cell, deviation: deviations.deviation(cell.measure, timePeriod: cell.timePeriod),
                             threshold: threshold(cell.measure, rules: analysis.rules)))
        }
        return try writer.close()
    }
}
