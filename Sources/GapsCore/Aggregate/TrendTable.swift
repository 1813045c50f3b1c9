import Foundation

/// Settings of `trends.csv`.
public struct TrendOptions: Sendable, Equatable {
    /// Assessed years pooled in a rolling figure: the year itself and the ones before it. Default 3.
    public var rollingWindowLength: Int
    /// The academic years a rolling window steps over, per key stage; nil: the shipped data files
    /// (`TrendSteppedOverYears.shipped()`: no KS1 or KS2 assessment in 2019/20 or 2020/21, COVID-19; KS4 grades of
    /// those years not comparable).
    public var steppedOver: TrendSteppedOverYears?

    public init(rollingWindowLength: Int = 3, steppedOver: TrendSteppedOverYears? = nil) {
        precondition(rollingWindowLength >= 1, "a rolling window needs at least one year, got \(rollingWindowLength)")
        self.rollingWindowLength = rollingWindowLength
        self.steppedOver = steppedOver
    }
}

extension AcademicYear {
    /// The summer year of an EES academic-year time period (`202324` -> 2024); nil for anything else, including
    /// a calendar-year period such as `2024`.
    static func summerYear(ofTimePeriod timePeriod: String) -> Int? {
        guard let summer = summerYear(of: timePeriod), self.timePeriod(summerYear: summer) == timePeriod else { return nil }
        return summer
    }

    /// The EES time period of the academic year ending in the summer of `summerYear`: 2024 -> `202324`.
    static func timePeriod(summerYear: Int) -> String {
        String(format: "%04d%02d", summerYear - 1, summerYear % 100)
    }

    /// The academic year as people write it: `202324` -> "2023/24".
    static func label(ofTimePeriod timePeriod: String) -> String? {
        summerYear(ofTimePeriod: timePeriod).map { String(format: "%04d/%02d", $0 - 1, $0 % 100) }
    }
}

/// One row of `trends.csv`: one group's expected-standard figure at one place, in one year, key stage and subject
/// (measure), and its rolling figure over the assessed years up to that one.
public struct TrendRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    /// The key stage and subject: the `key_stage` and `subject` filters.
    public var measure: BreakdownMeasure
    public var disadvantageStatus: String
    /// The year's figures: the published cell (`TrendSource`), with what it withholds.
    public var year: BreakdownCell
    /// The year's gap, Disadvantaged minus Not known to be disadvantaged: on Disadvantaged rows only.
    public var yearGap: BreakdownGapRow?
    /// The time periods the rolling figure pools, oldest first; nil when the time period is not an academic year or
    /// is itself a year the window steps over.
    public var rollingYears: [String]?
    /// The pooled figures; nil when a year of the window has no pupils in the subject here (not available).
    public var rolling: BreakdownCell?
    /// The pooled gap with its Newcombe interval: on Disadvantaged rows with a rolling figure only.
    public var rollingGap: BreakdownGapRow?

    public var keyStage: KeyStage { measure.keyStage }

    var isGapRow: Bool { disadvantageStatus == GapBreakdown.disadvantage.group }

    /// Indicator values in `trends.csv` column order.
    var indicatorFields: [String] {
        let notApplicable = [EESSymbol.notApplicable, EESSymbol.notApplicable, EESSymbol.notApplicable]
        let notAvailable = [EESSymbol.notAvailable, EESSymbol.notAvailable, EESSymbol.notAvailable]
        func gapFields(_ gap: BreakdownGapRow?) -> [String] {
            guard isGapRow else { return notApplicable }
            return gap.map { [$0.gap, $0.gapLowerCI, $0.gapUpperCI] } ?? notAvailable
        }
        let window = rollingYears.map { years in
            years.compactMap(AcademicYear.label(ofTimePeriod:)).joined(separator: ", ")
        } ?? EESSymbol.notAvailable
        // The first three attainment indicators are pupil_count, expected_standard_count and _percent (no scores:
        // no percentiles to withhold).
        func counts(_ cell: BreakdownCell) -> [String] { Array(cell.indicatorFields(minimumPupilsForPercentiles: 0).prefix(3)) }
        return counts(year) + gapFields(yearGap) + [window] + (rolling.map(counts) ?? notAvailable) + gapFields(rollingGap)
    }
}

/// Expected-standard trends by disadvantage of one key stage (`TrendSource`), per place, subject and year, with
/// three-year rolling figures so that small schools get a steadier figure.
///
/// **Rolling window (ours)**: a year's rolling figure pools the pupils of that year and of the two assessed years
/// before it (`TrendOptions.rollingWindowLength`). The window steps over the key stage's years of
/// `TrendSteppedOverYears`: no KS1 or KS2 assessment took place in 2019/20 or 2020/21, so 2022/23 pools 2018/19,
/// 2021/22 and 2022/23; KS4 grades of those years were centre- and teacher-assessed, not comparable, and stepped
/// over the same way (their own rows have no rolling figure). The rolling figure is published only when
/// the place has pupils in the subject in every year of its window (otherwise `x`), so it is always a
/// three-year figure. Rolling counts are sums of the yearly counts; the rolling percentage is pooled (rolling
/// count reaching the standard out of rolling pupils), not a mean of yearly percentages; the rolling gap is the
/// difference of the pooled percentages with Newcombe's hybrid score interval on the pooled counts.
///
/// **Suppression (ours)**: the yearly figures are the published cells (`attainment.csv` for KS2,
/// `attainment-by-characteristic.csv` for KS1 and KS4) and withhold what they withhold. A
/// rolling figure first follows the same primary rules on its pooled counts. Then, because its window's yearly
/// figures are published beside it, a rolling figure must not give a withheld yearly figure away:
/// - the part of a rolling count made of withheld yearly counts (the rolling count minus the yearly counts shown)
///   is itself a count a reader learns; when it is 1 to threshold - 1 (min-denominator for pupils,
///   min-numerator for pupils reaching the standard) the rolling figure is withheld;
/// - overlapping windows, and the Total being Disadvantaged plus the rest, can combine published figures into a
///   withheld one (rolling 2023/24 minus rolling 2022/23 is the 2023/24 count minus the 2018/19 one). Each
///   withheld figure is checked with `LinearDisclosureAudit`; if the rolling figures make it derivable when the
///   yearly figures alone do not, the latest rolling figure whose withholding prevents it is withheld too
///   (a group before the Total), until nothing is derivable.
/// Figures derivable from the yearly figures alone are the published file's own concern (its secondary
/// suppression), not made worse here. Differences of overlapping windows can still narrow a withheld count to a
/// range; only exact recovery is prevented.
public struct TrendTable: Sendable {
    public static let statuses = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses

    public private(set) var rows: [TrendRow] = []
    /// Rolling figures withheld only so that a withheld figure cannot be derived (not by the primary rules).
    public private(set) var rollingWithheldToProtectOthers = 0

    /// - Parameters:
    ///   - windowLength: `TrendOptions.rollingWindowLength`.
    ///   - skipped: the key stage's years a window steps over (`TrendSteppedOverYears.timePeriods(_:)`).
    public init(source: TrendSource, suppression: Suppression, windowLength: Int = 3, steppingOver skipped: Set<String>) {
        for place in source.places {
            for measure in source.measures {
                var series: [String: [TrendRow]] = [:]  // by time period, rows in status order
                for timePeriod in source.timePeriods {
                    let window = Self.window(endingAt: timePeriod, length: windowLength, steppingOver: skipped)
                    let available = window.map { years in
                        years.allSatisfy { source.hasPupils(at: place, timePeriod: $0, measure: measure) }
                    } ?? false
                    series[timePeriod] = Self.statuses.map { status in
                        let yearCell = source.cell(at: place, timePeriod: timePeriod, measure: measure, status: status)!
                        var rolling: BreakdownCell?
                        if available, let window {
                            let parts = window.compactMap { source.cell(at: place, timePeriod: $0, measure: measure, status: status) }
                            rolling = Self.pooled(parts, as: yearCell, suppression: suppression)
                        }
                        return TrendRow(place: place, timePeriod: timePeriod, measure: measure, disadvantageStatus: status,
                                        year: yearCell, rollingYears: window, rolling: rolling)
                    }
                }
                rollingWithheldToProtectOthers += Self.audit(&series, timePeriods: source.timePeriods)
                for timePeriod in source.timePeriods {
                    var group = series[timePeriod]!
                    Self.addGaps(&group)
                    rows += group
                }
            }
        }
    }

    /// The time periods a rolling figure ending at `timePeriod` pools, oldest first, stepping over `skipped`; nil
    /// when it is not an academic year or is itself stepped over (a KS4 year of centre-assessed grades).
    static func window(endingAt timePeriod: String, length: Int, steppingOver skipped: Set<String>) -> [String]? {
        guard var summer = AcademicYear.summerYear(ofTimePeriod: timePeriod), !skipped.contains(timePeriod) else { return nil }
        var years = [timePeriod]
        while years.count < length {
            summer -= 1
            let earlier = AcademicYear.timePeriod(summerYear: summer)
            if !skipped.contains(earlier) { years.append(earlier) }
        }
        return years.reversed()
    }

    /// The window's cells added up, with primary suppression and the rule on its withheld part applied.
    static func pooled(_ parts: [BreakdownCell], as cell: BreakdownCell, suppression: Suppression) -> BreakdownCell {
        var pooled = cell
        pooled.pupilCount = parts.reduce(0) { $0 + $1.pupilCount }
        pooled.expectedStandardCount = parts.reduce(0) { $0 + $1.expectedStandardCount }
        pooled.higherStandardCount = parts.reduce(0) { $0 + $1.higherStandardCount }
        pooled.sortedScores = nil
        pooled.withheld = suppression.primaryWithheld(for: pooled)
        let hiddenPupils = parts.filter { $0.withheld.contains(.wholeCell) }.reduce(0) { $0 + $1.pupilCount }
        if suppression.withholdsDenominator(hiddenPupils) { pooled.withheld.formUnion(Self.wholeCell) }
        let hiddenExpected = parts.filter { !$0.withheld.isDisjoint(with: Self.expectedPart) }.reduce(0) { $0 + $1.expectedStandardCount }
        if suppression.withholdsNumerator(hiddenExpected) { pooled.withheld.insert(.expectedStandard) }
        return pooled
    }

    /// Everything a withheld denominator hides.
    static let wholeCell: WithheldParts = [.wholeCell, .expectedStandard, .higherStandard, .averageScore]
    /// Whatever hides a cell's expected-standard count.
    static let expectedPart: WithheldParts = [.wholeCell, .expectedStandard]

    /// Withholds rolling figures of one place and subject until no withheld figure (yearly or rolling) is
    /// derivable from the published ones unless the yearly figures alone already give it (see the type's
    /// documentation). Pupil counts first, then counts reaching the expected standard. Returns how many rolling
    /// figures it withheld.
    static func audit(_ series: inout [String: [TrendRow]], timePeriods: [String]) -> Int {
        // Unknowns: the Disadvantaged and the Not known to be disadvantaged count of each year of data.
        let yearIndex = Dictionary(uniqueKeysWithValues: timePeriods.enumerated().map { ($1, $0) })
        let width = 2 * timePeriods.count
        func vector(years: [String], status: String) -> [Double] {
            var vector = [Double](repeating: 0, count: width)
            for year in years {
                guard let index = yearIndex[year] else { continue }
                switch status {
                case PublishedFilter.disadvantageStatuses[0]: vector[2 * index] += 1
                case PublishedFilter.disadvantageStatuses[1]: vector[2 * index + 1] += 1
                default: vector[2 * index] += 1; vector[2 * index + 1] += 1
                }
            }
            return vector
        }
        struct Position { var timePeriod: String; var row: Int }
        // Latest year first, and a group before the Total: the order in which rolling figures are given up.
        let statusPreference = [1, 2, 0]
        let rollingPositions = timePeriods.reversed().flatMap { year in statusPreference.map { Position(timePeriod: year, row: $0) } }
            .filter { series[$0.timePeriod]![$0.row].rolling != nil }

        var withheldCount = 0
        // Pupil counts are hidden by a withheld denominator; counts reaching the standard by that or their own rule.
        let passes: [(hiddenBy: WithheldParts, withholding: WithheldParts)] = [([.wholeCell], wholeCell), (expectedPart, [.expectedStandard])]
        for pass in passes {
            let hides = { (cell: BreakdownCell) in !cell.withheld.isDisjoint(with: pass.hiddenBy) }
            var fixed: [[Double]] = []
            var yearTargets: [[Double]] = []
            for year in timePeriods {
                for row in series[year]! {
                    let target = vector(years: [year], status: row.disadvantageStatus)
                    if hides(row.year) { yearTargets.append(target) } else { fixed.append(target) }
                }
            }
            while true {
                var published = fixed
                var rollingTargets: [[Double]] = []
                for position in rollingPositions {
                    let row = series[position.timePeriod]![position.row]
                    let target = vector(years: row.rollingYears ?? [], status: row.disadvantageStatus)
                    if hides(row.rolling!) { rollingTargets.append(target) } else { published.append(target) }
                }
                guard let exposed = (yearTargets + rollingTargets).first(where: {
                    LinearDisclosureAudit.isDerivable($0, from: published) && !LinearDisclosureAudit.isDerivable($0, from: fixed)
                }) else { break }
                let shown = rollingPositions.filter { !hides(series[$0.timePeriod]![$0.row].rolling!) }
                let shownVectors = shown.map { position -> [Double] in
                    let row = series[position.timePeriod]![position.row]
                    return vector(years: row.rollingYears ?? [], status: row.disadvantageStatus)
                }
                // The first (latest, group before Total) figure whose withholding alone protects the exposed one;
                // failing that, the first one that shares a count with it.
                // (Some figure is shown: the exposed one is derivable with the rolling figures, not without.)
                guard let protecting = shown.indices.first(where: { candidate in
                    var rest = fixed
                    for other in shown.indices where other != candidate { rest.append(shownVectors[other]) }
                    return !LinearDisclosureAudit.isDerivable(exposed, from: rest)
                }) ?? shown.indices.first(where: { candidate in
                    zip(shownVectors[candidate], exposed).contains { $0 != 0 && $1 != 0 }
                }) ?? shown.indices.first else { break }
                let chosen = shown[protecting]
                series[chosen.timePeriod]![chosen.row].rolling!.withheld.formUnion(pass.withholding)
                withheldCount += 1
            }
        }
        return withheldCount
    }

    /// Fills the yearly and rolling gaps of the Disadvantaged row from the two groups' cells.
    static func addGaps(_ rows: inout [TrendRow]) {
        guard let group = rows.firstIndex(where: \.isGapRow),
              let comparison = rows.firstIndex(where: { $0.disadvantageStatus == GapBreakdown.disadvantage.comparisonGroup })
        else { return }
        rows[group].yearGap = gap(group: rows[group].year, comparison: rows[comparison].year)
        if let rolling = rows[group].rolling, let comparisonRolling = rows[comparison].rolling {
            rows[group].rollingGap = gap(group: rolling, comparison: comparisonRolling)
        }
    }

    /// Number of rows with anything withheld.
    public var suppressedRowCount: Int { rows.count { !$0.year.withheld.isEmpty || !($0.rolling?.withheld.isEmpty ?? true) } }
}
