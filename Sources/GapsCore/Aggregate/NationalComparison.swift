import Foundation

/// A local group compared with a national group, as RAISEonline, ASP and Ofsted's IDSR do (domain reference
/// section 6): a school's or LA's disadvantaged pupils against national other pupils, and boys against boys
/// nationally. Published in `gaps.csv` with the `comparator` filter naming which national group it is.
public struct NationalComparison: Sendable, Equatable {
    /// `comparator` values in `gaps.csv`.
    public static let otherPupilsComparator = "National other pupils"
    public static let sameGroupComparator = "National same group"

    public var breakdown: GapBreakdown
    public var comparator: String
    /// The local group (`group` in gaps.csv).
    public var group: String
    /// The national group (`comparison_group` in gaps.csv).
    public var nationalGroup: String

    /// Every national comparison published, in file order:
    /// - Disadvantaged vs national Not known to be disadvantaged ("National other pupils": the DfE's headline
    ///   comparison for closing the gap);
    /// - Disadvantaged vs national Disadvantaged, Boys vs national Boys and Girls vs national Girls
    ///   ("National same group").
    public static let all: [NationalComparison] = [
        NationalComparison(breakdown: .disadvantage, comparator: otherPupilsComparator, group: "Disadvantaged",
                           nationalGroup: "Not known to be disadvantaged"),
        NationalComparison(breakdown: .disadvantage, comparator: sameGroupComparator, group: "Disadvantaged",
                           nationalGroup: "Disadvantaged"),
        NationalComparison(breakdown: .sex, comparator: sameGroupComparator, group: "Boys", nationalGroup: "Boys"),
        NationalComparison(breakdown: .sex, comparator: sameGroupComparator, group: "Girls", nationalGroup: "Girls"),
    ]

    /// The national row to compare with: the national group, other filters at Total.
    func nationalKey(timePeriod: String, subject: KS2Subject) -> NationalFigureKey {
        switch breakdown {
        case .disadvantage: NationalFigureKey(timePeriod: timePeriod, subject: subject, disadvantageStatus: nationalGroup)
        case .sex: NationalFigureKey(timePeriod: timePeriod, subject: subject, sex: nationalGroup)
        }
    }
}

/// The interval methods of national comparisons, as published in `ci_method`.
public enum NationalIntervalMethod {
    public static let newcombe = "Newcombe hybrid score, national counts (95%)"
    public static let wilsonShifted = "Wilson score, national figure fixed (95%)"

    /// The method a percentage gap against a national group uses: Newcombe's hybrid score interval (the method
    /// issue 5 and the domain reference name for every gap in percentages) when the national file gives the
    /// group's counts; the local Wilson interval shifted by the national figure when it gives a percentage only.
    static func percentage(nationalCounts: (reaching: Int, pupils: Int)?) -> String {
        nationalCounts == nil ? wilsonShifted : newcombe
    }

    /// The gap in proportions (0-1) between a local group and a national group, by the method above.
    static func proportionGap(successes: Int, total: Int, nationalCounts: (reaching: Int, pupils: Int)?,
                              nationalProportion: Double) -> (difference: Double, interval: Interval)? {
        if let nationalCounts {
            return ProportionStatistics.newcombeDifference(successes1: successes, total1: total,
                                                           successes2: nationalCounts.reaching, total2: nationalCounts.pupils)
        }
        return ProportionStatistics.differenceFromFixed(successes: successes, total: total, reference: nationalProportion)
    }
    public static let oneSampleT = "One-sample t, national mean fixed (95%)"
    public static let welch = "Welch t, national SD from the comparator file (95%)"
}

/// Gaps between local groups and national figures.
///
/// - **Percentages**: Newcombe's hybrid score interval (as for every other gap in percentages) when the file gives
///   the national counts; when it gives only a percentage, the national figure is treated as **fixed** (measured
///   on several hundred thousand pupils, its sampling error is negligible beside a school's) and the interval is
///   the local Wilson interval shifted by it: 100 (l - p_nat) to 100 (u - p_nat). At national sizes the two agree
///   to a few thousandths of a point.
/// - **Average scaled scores**: a one-sample t interval of the local mean against the national mean,
///   (mean - mu_nat) +/- t(0.975, n - 1) s / sqrt(n). When the file gives `average_score_sd`, the national side
///   is a sample of `pupil_count` pupils with that SD and the interval is Welch's (practically the same at
///   national n), with Hedges' g as the effect size; without it the effect size is not available (`x`).
///
/// Suppression: only the local side is ever withheld (the national figures are published statistics). When the
/// local count or numerator is withheld the local value, the gap, its interval, significance and effect size are
/// `c`; the national value is still shown. A local group of no pupils, or a national figure the file does not
/// give, makes the gap `x`.
public enum NationalComparisonTable {
    /// Every national comparison row: each place, year, subject, indicator and comparison of `NationalComparison.all`.
    public static func rows(from table: AttainmentTable, cohorts: KS2Cohorts, national: NationalFigures) -> [GapRow] {
        var rows: [GapRow] = []
        for timePeriod in cohorts.timePeriods {
            for place in cohorts.places {
                for subject in KS2Subject.allCases {
                    for indicator in GapIndicator.allCases where indicator.applies(to: subject) {
                        for comparison in NationalComparison.all {
                            let key = comparison.breakdown.cellKey(for: comparison.group, place: place, timePeriod: timePeriod, subject: subject)
                            guard let cell = table.cell(key) else { continue }
                            rows.append(row(local: cell, national: comparison.nationalFigure(in: national, timePeriod: timePeriod, subject: subject),
                                            indicator: indicator, comparison: comparison))
                        }
                    }
                }
            }
        }
        return rows
    }

    static func row(local cell: AttainmentCell, national: NationalFigure?, indicator: GapIndicator,
                    comparison: NationalComparison) -> GapRow {
        let local = GapTable.Side(cell, indicator: indicator)
        let suppressed = EESSymbol.suppressed, missing = EESSymbol.notAvailable
        let isPercentage = indicator != .averageScaledScore
        let nationalSummary: SampleSummary? = national.flatMap { figure in
            guard let mean = figure.averageScore, let sd = figure.averageScoreSD, let count = figure.pupilCount, count >= 2
            else { return nil }
            return SampleSummary(count: count, mean: mean, variance: sd * sd)
        }
        let nationalValue: Double? = isPercentage ? national?.proportion(for: indicator).map { 100 * $0 } : national?.averageScore
        var row = GapRow(
            local: cell, indicator: indicator, breakdown: comparison.breakdown, comparator: comparison.comparator,
            group: comparison.group, comparisonGroup: comparison.nationalGroup,
            groupCount: local.countWithheld ? suppressed : PublishedNumber.text(local.count),
            comparisonCount: national?.pupilCount.map(PublishedNumber.text) ?? missing,
            comparisonValue: nationalValue.map(PublishedNumber.text) ?? missing,
            ciMethod: isPercentage ? NationalIntervalMethod.percentage(nationalCounts: national?.counts(for: indicator))
                : (nationalSummary == nil ? NationalIntervalMethod.oneSampleT : NationalIntervalMethod.welch))
        if local.valueWithheld { return row }

        row.groupValue = local.value(for: indicator)
        (row.gap, row.gapLowerCI, row.gapUpperCI, row.significant) = (missing, missing, missing, missing)
        if !isPercentage { row.effectSize = missing }
        guard local.count > 0, let nationalValue else { return row }

        let difference: (gap: Double, interval: Interval)?
        if isPercentage {
            difference = NationalIntervalMethod.proportionGap(successes: local.successes, total: local.count,
                                                              nationalCounts: national?.counts(for: indicator),
                                                              nationalProportion: nationalValue / 100)
                .map { (100 * $0.difference, Interval(lower: 100 * $0.interval.lower, upper: 100 * $0.interval.upper)) }
        } else if let nationalSummary {
            difference = MeanStatistics.welchDifference(local.scores, nationalSummary).map { ($0.difference, $0.interval) }
            row.effectSize = MeanStatistics.hedgesG(local.scores, nationalSummary).map(PublishedNumber.text) ?? missing
        } else {
            difference = MeanStatistics.oneSampleDifference(local.scores, from: nationalValue).map { ($0.difference, $0.interval) }
        }
        if let difference {
            row.show(difference)
        } else if !isPercentage {
            // Fewer than two scores or no spread: the point difference is known, its interval is not.
            row.gap = PublishedNumber.text(local.scores.mean - nationalValue)
        }
        return row
    }
}
