import Foundation

/// What a row of `gaps-by-characteristic.csv` compares.
public enum BreakdownIndicator: String, CaseIterable, Sendable {
    case expectedStandard = "Expected standard"
    case higherStandard = "Higher standard"
    case averageScore = "Average score"

    public func applies(to measure: BreakdownMeasure) -> Bool {
        switch self {
        case .averageScore: measure.score != .none
        case .expectedStandard: measure.hasThresholds
        case .higherStandard: measure.hasThresholds && measure.hasHigherStandard
        }
    }

    var isPercentage: Bool { self != .averageScore }

    /// The indicator of `gaps.csv` with the same definition (for the national figures' proportions).
    var gapIndicator: GapIndicator {
        switch self {
        case .expectedStandard: .expectedStandard
        case .higherStandard: .higherStandard
        case .averageScore: .averageScaledScore
        }
    }
}

/// The comparators of `gaps-by-characteristic.csv`, and the comparison groups they name.
public enum BreakdownComparator {
    /// A school's group against the school's other pupils.
    public static let withinSchool = "Within school"
    /// An LA's group against the LA's other pupils (LA rows).
    public static let withinLocalAuthority = "Within local authority"
    /// A school's group against the LA's pupils outside the group (the school's own included).
    public static let localAuthorityOtherPupils = "Local authority other pupils"
    /// A group against the national figures of its complement (see `BreakdownGapTable`).
    public static let nationalOtherPupils = NationalComparison.otherPupilsComparator
    /// `comparison_group` of a complement: every pupil of the cohort outside the group.
    public static let otherPupils = "Other pupils"
}

/// One row of `gaps-by-characteristic.csv`.
public struct BreakdownGapRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var measure: BreakdownMeasure
    public var indicator: BreakdownIndicator
    public var group: BreakdownGroup
    public var comparator: String
    public var comparisonGroup: String
    public var groupCount = EESSymbol.suppressed
    public var groupValue = EESSymbol.suppressed
    public var comparisonCount = EESSymbol.suppressed
    public var comparisonValue = EESSymbol.suppressed
    public var gap = EESSymbol.suppressed
    public var gapLowerCI = EESSymbol.suppressed
    public var gapUpperCI = EESSymbol.suppressed
    public var significant = EESSymbol.suppressed
    public var effectSize = EESSymbol.suppressed
    public var ciMethod = ""

    /// Filter and indicator fields in `BreakdownOutputs.gapsLayout` order (after time and geography).
    var publishedFields: [String] {
        [measure.keyStage.rawValue, measure.name, indicator.rawValue, group.topic, group.label, comparator, comparisonGroup,
         groupCount, groupValue, comparisonCount, comparisonValue, gap, gapLowerCI, gapUpperCI, significant, effectSize, ciMethod]
    }
}

/// Gaps between each group of `attainment-by-characteristic.csv` and its comparators, for every place, year,
/// measure and indicator (expected and higher standard where the measure has thresholds, the average where it has
/// a score). The Total has no gap.
///
/// - **Within school** (school rows) and **Within local authority** (LA rows): the group against the place's other
///   pupils in the measure's cohort. **Local authority other pupils** (school rows): the school's group against
///   every pupil of the LA outside the group. Percentages: difference in proportions with Newcombe's hybrid score
///   interval (method 10); averages: difference in means with a Welch t interval and Hedges' g
///   (`ProportionStatistics`, `MeanStatistics`).
/// - **National other pupils** (with `--national`, for the key stages and characteristics the national files
///   cover: sex, disadvantage, ethnicity major and their intersections, and FSM, SEN provision, first language and
///   minor ethnic groups when a file has their columns; `NationalBreakdownComparison.swift`): a group with a disadvantage status against the
///   national group with the other status and the same sex and ethnicity (a school's disadvantaged pupils
///   against national non-disadvantaged pupils, as the DfE and Ofsted compare; Boys, Disadvantaged against
///   national Boys, Not known to be disadvantaged); Boys against national Girls and Girls against national Boys;
///   an FSM group against the other FSM status; any other group (an ethnic group, major or minor, a SEN provision, a
///   first language) against national Total minus the group, as is a sibling the file lacks (counts, averages and
///   SDs taken apart exactly: `NationalFigure.otherPupils`). The national figure
///   is fixed, as in `NationalComparisonTable`: the local Wilson interval shifted by it for percentages; a
///   one-sample t interval for averages, or Welch with Hedges' g when the file gives the SD.
///
/// Suppression never publishes more than the attainment file does:
/// - a group side is `c` when its attainment cell's count (or, for averages, its average) is withheld, and its
///   value when the numerator is;
/// - a complement (other pupils) is a Total minus a group, both published cells: its count is `c` unless both
///   counts are published, its value unless both numerators (or averages) are; and it is itself held to the
///   thresholds (a complement of 1 to 5 pupils, or a numerator of 1 or 2, is `c`);
/// - when either side's value is `c`, the gap, its interval, significance and effect size are `c`. A side of no
///   pupils has no value (`x`), and then there is no gap (`x`). National figures are published statistics and are
///   always shown.
public enum BreakdownGapTable {
    /// One side of a comparison as the indicator sees it.
    struct Side {
        var count: Int
        var successes: Int
        var scores: SampleSummary
        var countWithheld: Bool
        var valueWithheld: Bool

        static let noScores = SampleSummary(count: 0, mean: 0, variance: 0)

        /// A published group.
        init(_ cell: BreakdownCell, indicator: BreakdownIndicator) {
            let whole = cell.withheld.contains(.wholeCell)
            switch indicator {
            case .expectedStandard, .higherStandard:
                let part: WithheldParts = indicator == .expectedStandard ? .expectedStandard : .higherStandard
                count = cell.pupilCount
                successes = indicator == .expectedStandard ? cell.expectedStandardCount : cell.higherStandardCount
                scores = Self.noScores
                countWithheld = whole
                valueWithheld = whole || cell.withheld.contains(part)
            case .averageScore:
                scores = cell.scores ?? Self.noScores
                count = scores.count
                successes = 0
                countWithheld = whole || cell.withheld.contains(.averageScore)
                valueWithheld = countWithheld
            }
        }

        /// The pupils of `total`'s place outside `group` (both cells of the same place, year and measure).
        init(complementOf group: BreakdownCell, in total: BreakdownCell, members: [BreakdownMember],
             indicator: BreakdownIndicator, suppression: Suppression) {
            let totalSide = Side(total, indicator: indicator), groupSide = Side(group, indicator: indicator)
            switch indicator {
            case .expectedStandard, .higherStandard:
                count = totalSide.count - groupSide.count
                successes = totalSide.successes - groupSide.successes
                scores = Self.noScores
                countWithheld = totalSide.countWithheld || groupSide.countWithheld || suppression.withholdsDenominator(count)
                valueWithheld = countWithheld || totalSide.valueWithheld || groupSide.valueWithheld
                    || suppression.withholdsNumerator(successes)
            case .averageScore:
                scores = SampleSummary(values: members.compactMap(\.score))
                count = scores.count
                successes = 0
                countWithheld = totalSide.countWithheld || groupSide.countWithheld || suppression.withholdsDenominator(count)
                valueWithheld = countWithheld
            }
        }

        var countText: String { countWithheld ? EESSymbol.suppressed : PublishedNumber.text(count) }

        func valueText(_ indicator: BreakdownIndicator) -> String {
            guard count > 0 else { return EESSymbol.notAvailable }
            if indicator.isPercentage {
                return AttainmentCell.percent(successes, of: count).map(PublishedNumber.text) ?? EESSymbol.notAvailable
            }
            return PublishedNumber.text(scores.mean)
        }
    }

    /// A national figure as one side of a comparison.
    struct NationalSide {
        var count: Int?
        /// Proportion 0-1 (percentages) or mean (averages).
        var value: Double?
        /// The national scores as a sample, when the file gives their SD.
        var scores: SampleSummary?
        /// Pupils reaching the standard and the cohort (percentages), when the file gives both as numbers.
        var counts: (reaching: Int, pupils: Int)?
    }

    /// Every gap row of a breakdown table, in file order: key stage, year, place, measure, group, indicator, comparator.
    public static func rows(from table: BreakdownTable, national: NationalFigures? = nil) -> [BreakdownGapRow] {
        var rows: [BreakdownGapRow] = []
        let groups = table.topics.groups
        guard let totalIndex = groups.firstIndex(where: \.isTotal) else { return [] }
        let cohorts = table.cohorts
        for keyStage in KeyStage.allCases {
            let measures = BreakdownMeasure.all.filter { $0.keyStage == keyStage }
            for timePeriod in cohorts.timePeriods[keyStage] ?? [] {
                for place in cohorts.places[keyStage] ?? [] {
                    let laPlace = PublishedPlace.localAuthority(oldCode: cohorts.localAuthority(of: place))
                    let isSchool = laPlace != place
                    for measure in measures {
                        guard let total = table.cell(measure, place: place, timePeriod: timePeriod, group: totalIndex) else { continue }
                        let laTotal = table.cell(measure, place: laPlace, timePeriod: timePeriod, group: totalIndex)
                        for (position, group) in groups.enumerated() where position != totalIndex {
                            guard let cell = table.cell(measure, place: place, timePeriod: timePeriod, group: position) else { continue }
                            let laCell = table.cell(measure, place: laPlace, timePeriod: timePeriod, group: position)
                            let nationalComparison = national.flatMap { comparison(for: group, measure: measure, topics: table.topics, national: $0) }
                            for indicator in BreakdownIndicator.allCases where indicator.applies(to: measure) {
                                let base = BreakdownGapRow(place: place, timePeriod: timePeriod, measure: measure, indicator: indicator,
                                                           group: group, comparator: "", comparisonGroup: BreakdownComparator.otherPupils)
                                let groupSide = Side(cell, indicator: indicator)
                                let within = Side(complementOf: cell, in: total,
                                                  members: indicator.isPercentage ? [] : table.complementMembers(measure, place: place, timePeriod: timePeriod, group: group),
                                                  indicator: indicator, suppression: table.suppression)
                                var row = base
                                row.comparator = place.withinComparator
                                rows.append(localRow(row, group: groupSide, comparison: within, indicator: indicator))
                                if isSchool, let laCell, let laTotal {
                                    let laOthers = Side(complementOf: laCell, in: laTotal,
                                                        members: indicator.isPercentage ? [] : table.complementMembers(measure, place: laPlace, timePeriod: timePeriod, group: group),
                                                        indicator: indicator, suppression: table.suppression)
                                    row.comparator = BreakdownComparator.localAuthorityOtherPupils
                                    rows.append(localRow(row, group: groupSide, comparison: laOthers, indicator: indicator))
                                }
                                if let nationalComparison, let national {
                                    row.comparator = BreakdownComparator.nationalOtherPupils
                                    row.comparisonGroup = nationalComparison.label
                                    let side = nationalSide(nationalComparison, national: national, timePeriod: timePeriod, indicator: indicator)
                                    rows.append(nationalRow(row, group: groupSide, national: side, indicator: indicator))
                                }
                            }
                        }
                    }
                }
            }
        }
        return rows
    }

    static func localRow(_ base: BreakdownGapRow, group: Side, comparison: Side, indicator: BreakdownIndicator) -> BreakdownGapRow {
        var row = base
        row.groupCount = group.countText
        row.comparisonCount = comparison.countText
        row.ciMethod = indicator.isPercentage ? GapIndicator.expectedStandard.intervalMethod : GapIndicator.averageScaledScore.intervalMethod
        row.effectSize = indicator.isPercentage ? EESSymbol.notApplicable : EESSymbol.suppressed
        if group.valueWithheld || comparison.valueWithheld { return row }
        row.groupValue = group.valueText(indicator)
        row.comparisonValue = comparison.valueText(indicator)
        let missing = EESSymbol.notAvailable
        (row.gap, row.gapLowerCI, row.gapUpperCI, row.significant) = (missing, missing, missing, missing)
        if !indicator.isPercentage { row.effectSize = missing }
        guard group.count > 0, comparison.count > 0 else { return row }
        let difference: (gap: Double, interval: Interval)?
        if indicator.isPercentage {
            difference = ProportionStatistics.newcombeDifference(
                successes1: group.successes, total1: group.count, successes2: comparison.successes, total2: comparison.count
            ).map { (100 * $0.difference, Interval(lower: 100 * $0.interval.lower, upper: 100 * $0.interval.upper)) }
        } else {
            difference = MeanStatistics.welchDifference(group.scores, comparison.scores).map { ($0.difference, $0.interval) }
            row.effectSize = MeanStatistics.hedgesG(group.scores, comparison.scores).map(PublishedNumber.text) ?? missing
            // Welch needs two scores a side and some spread: the point difference is still known.
            row.gap = PublishedNumber.text(group.scores.mean - comparison.scores.mean)
        }
        if let difference { fill(&row, difference) }
        return row
    }

    static func nationalRow(_ base: BreakdownGapRow, group: Side, national: NationalSide, indicator: BreakdownIndicator) -> BreakdownGapRow {
        var row = base
        let missing = EESSymbol.notAvailable
        row.groupCount = group.countText
        row.comparisonCount = national.count.map(PublishedNumber.text) ?? missing
        let nationalValue = national.value.map { indicator.isPercentage ? 100 * $0 : $0 }
        row.comparisonValue = nationalValue.map(PublishedNumber.text) ?? missing
        row.ciMethod = indicator.isPercentage ? NationalIntervalMethod.percentage(nationalCounts: national.counts)
            : (national.scores == nil ? NationalIntervalMethod.oneSampleT : NationalIntervalMethod.welch)
        row.effectSize = indicator.isPercentage ? EESSymbol.notApplicable : EESSymbol.suppressed
        if group.valueWithheld { return row }
        row.groupValue = group.valueText(indicator)
        (row.gap, row.gapLowerCI, row.gapUpperCI, row.significant) = (missing, missing, missing, missing)
        if !indicator.isPercentage { row.effectSize = missing }
        guard group.count > 0, let nationalValue else { return row }
        let difference: (gap: Double, interval: Interval)?
        if indicator.isPercentage {
            difference = NationalIntervalMethod.proportionGap(successes: group.successes, total: group.count,
                                                              nationalCounts: national.counts, nationalProportion: nationalValue / 100)
                .map { (100 * $0.difference, Interval(lower: 100 * $0.interval.lower, upper: 100 * $0.interval.upper)) }
        } else if let scores = national.scores {
            difference = MeanStatistics.welchDifference(group.scores, scores).map { ($0.difference, $0.interval) }
            row.effectSize = MeanStatistics.hedgesG(group.scores, scores).map(PublishedNumber.text) ?? missing
            row.gap = PublishedNumber.text(group.scores.mean - nationalValue)
        } else {
            difference = MeanStatistics.oneSampleDifference(group.scores, from: nationalValue).map { ($0.difference, $0.interval) }
            row.gap = PublishedNumber.text(group.scores.mean - nationalValue)
        }
        if let difference { fill(&row, difference) }
        return row
    }

    private static func fill(_ row: inout BreakdownGapRow, _ difference: (gap: Double, interval: Interval)) {
        row.gap = PublishedNumber.text(difference.gap)
        row.gapLowerCI = PublishedNumber.text(difference.interval.lower)
        row.gapUpperCI = PublishedNumber.text(difference.interval.upper)
        row.significant = difference.interval.lower > 0 || difference.interval.upper < 0 ? "Yes" : "No"
    }
}
