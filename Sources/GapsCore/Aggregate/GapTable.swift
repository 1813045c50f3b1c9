import Foundation

/// What a gap row compares.
public enum GapIndicator: String, CaseIterable, Sendable {
    case expectedStandard = "Expected standard"
    case higherStandard = "Higher standard"
    case averageScaledScore = "Average scaled score"

    /// The confidence-interval method, as published in `ci_method`.
    public var intervalMethod: String {
        switch self {
        case .expectedStandard, .higherStandard: "Newcombe hybrid score (95%)"
        case .averageScaledScore: "Welch t (95%)"
        }
    }

    /// Averages exist only for subjects with a scaled score.
    public func applies(to subject: KS2Subject) -> Bool {
        self != .averageScaledScore || subject.hasScaledScore
    }
}

/// Which two groups a gap row compares: `group` minus `comparisonGroup`, the other filters at Total.
public enum GapBreakdown: String, CaseIterable, Sendable {
    case disadvantage = "Disadvantage"
    case sex = "Sex"

    public var group: String {
        switch self {
        case .disadvantage: "Disadvantaged"
        case .sex: "Boys"
        }
    }

    public var comparisonGroup: String {
        switch self {
        case .disadvantage: "Not known to be disadvantaged"
        case .sex: "Girls"
        }
    }

    func cellKey(for filterValue: String, place: PublishedPlace, timePeriod: String, subject: KS2Subject) -> CellKey {
        let total = PublishedFilter.total
        switch self {
        case .disadvantage:
            return CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: total,
                           disadvantageStatus: filterValue, ethnicityMajor: total)
        case .sex:
            return CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: filterValue,
                           disadvantageStatus: total, ethnicityMajor: total)
        }
    }
}

/// One row of `gaps.csv`: a group compared with another (within the school, within the LA, or national figures
/// from `NationalComparisonTable`), with the gap's 95% interval.
///
/// Within a place (`GapTable`), percentages: the difference in proportions with Newcombe's hybrid score interval
/// (method 10), in percentage points; each side's count is its cohort. Averages: the difference in mean scaled
/// score with a Welch t interval and Hedges' g; each side's count is its pupils with a scaled score. `significant`
/// is "Yes" when the interval excludes 0.
///
/// Suppression follows the attainment cells the row is built from: when either side's count is withheld, or
/// either side's numerator for this indicator is withheld, both values, the gap, its interval, significance and
/// effect size are `c` (and a withheld count is `c` too). A side with no pupils has no value (`x`), and then
/// there is no gap (`x`). Effect sizes are given for averages only; for percentages `effect_size` is `z`.
public struct GapRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    public var indicator: GapIndicator
    public var breakdown: GapBreakdown
    /// Which pupils the group is compared with: "Within school", "Within local authority", or a national comparator.
    public var comparator: String
    public var group: String
    public var comparisonGroup: String
    public var groupCount: String
    public var groupValue: String
    public var comparisonCount: String
    public var comparisonValue: String
    public var gap: String
    public var gapLowerCI: String
    public var gapUpperCI: String
    public var significant: String
    public var effectSize: String
    public var ciMethod: String

    public static let withinSchool = BreakdownComparator.withinSchool
    public static let withinLocalAuthority = BreakdownComparator.withinLocalAuthority
}

extension GapRow {
    /// A row whose group value, gap, interval, significance and effect size are withheld (`c`; the effect size is
    /// `z` for percentages, which have none); the caller fills in what may be shown.
    init(local cell: AttainmentCell, indicator: GapIndicator, breakdown: GapBreakdown, comparator: String, group: String,
         comparisonGroup: String, groupCount: String, comparisonCount: String, comparisonValue: String, ciMethod: String) {
        let suppressed = EESSymbol.suppressed
        self.init(place: cell.place, timePeriod: cell.timePeriod, subject: cell.subject, indicator: indicator,
                  breakdown: breakdown, comparator: comparator, group: group, comparisonGroup: comparisonGroup,
                  groupCount: groupCount, groupValue: suppressed, comparisonCount: comparisonCount,
                  comparisonValue: comparisonValue, gap: suppressed, gapLowerCI: suppressed, gapUpperCI: suppressed,
                  significant: suppressed, effectSize: indicator == .averageScaledScore ? suppressed : EESSymbol.notApplicable,
                  ciMethod: ciMethod)
    }

    /// Publishes a difference and its interval, significant ("Yes") when the interval excludes 0.
    mutating func show(_ difference: (gap: Double, interval: Interval)) {
        gap = PublishedNumber.text(difference.gap)
        gapLowerCI = PublishedNumber.text(difference.interval.lower)
        gapUpperCI = PublishedNumber.text(difference.interval.upper)
        significant = difference.interval.lower > 0 || difference.interval.upper < 0 ? "Yes" : "No"
    }

    /// The filter and indicator fields in `AggregateStage.gapsLayout` order (after time and geography).
    var publishedFields: [String] {
        [subject.rawValue, indicator.rawValue, breakdown.rawValue, comparator, group, comparisonGroup, groupCount,
         groupValue, comparisonCount, comparisonValue, gap, gapLowerCI, gapUpperCI, significant, effectSize, ciMethod]
    }
}

/// Every gap row of a set of attainment cells.
public enum GapTable {
    public static func rows(from table: AttainmentTable, cohorts: KS2Cohorts) -> [GapRow] {
        var rows: [GapRow] = []
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                for subject in KS2Subject.allCases {
                    for indicator in GapIndicator.allCases where indicator.applies(to: subject) {
                        for breakdown in GapBreakdown.allCases {
                            guard
                                let group = table.cell(breakdown.cellKey(for: breakdown.group, place: place, timePeriod: timePeriod, subject: subject)),
                                let comparison = table.cell(breakdown.cellKey(for: breakdown.comparisonGroup, place: place, timePeriod: timePeriod, subject: subject))
                            else { continue }
                            rows.append(row(group: group, comparison: comparison, indicator: indicator, breakdown: breakdown))
                        }
                    }
                }
            }
        }
        return rows
    }

    /// One side of a comparison as the indicator sees it.
    struct Side {
        var count: Int
        /// The count itself is withheld.
        var countWithheld: Bool
        /// The side's value is withheld (count or numerator), so no comparison may be shown.
        var valueWithheld: Bool
        var successes: Int
        var scores: SampleSummary

        init(_ cell: AttainmentCell, indicator: GapIndicator) {
            switch indicator {
            case .expectedStandard, .higherStandard:
                let part: WithheldParts = indicator == .expectedStandard ? .expectedStandard : .higherStandard
                count = cell.pupilCount
                countWithheld = cell.withheld.contains(.wholeCell)
                valueWithheld = countWithheld || cell.withheld.contains(part)
                successes = indicator == .expectedStandard ? cell.expectedStandardCount : cell.higherStandardCount
                scores = SampleSummary(count: 0, mean: 0, variance: 0)
            case .averageScaledScore:
                scores = cell.scores ?? SampleSummary(count: 0, mean: 0, variance: 0)
                count = scores.count
                countWithheld = cell.withheld.contains(.wholeCell) || cell.withheld.contains(.averageScore)
                valueWithheld = countWithheld
                successes = 0
            }
        }

        func value(for indicator: GapIndicator) -> String {
            guard count > 0 else { return EESSymbol.notAvailable }
            switch indicator {
            case .expectedStandard, .higherStandard:
                return AttainmentCell.percent(successes, of: count).map(PublishedNumber.text) ?? EESSymbol.notAvailable
            case .averageScaledScore:
                return PublishedNumber.text(scores.mean)
            }
        }
    }

    static func row(group groupCell: AttainmentCell, comparison comparisonCell: AttainmentCell,
                    indicator: GapIndicator, breakdown: GapBreakdown) -> GapRow {
        let group = Side(groupCell, indicator: indicator)
        let comparison = Side(comparisonCell, indicator: indicator)
        let notApplicableEffect = indicator == .averageScaledScore ? nil : EESSymbol.notApplicable
        var row = GapRow(
            local: groupCell, indicator: indicator, breakdown: breakdown, comparator: groupCell.place.withinComparator, group: breakdown.group,
            comparisonGroup: breakdown.comparisonGroup,
            groupCount: group.countWithheld ? EESSymbol.suppressed : PublishedNumber.text(group.count),
            comparisonCount: comparison.countWithheld ? EESSymbol.suppressed : PublishedNumber.text(comparison.count),
            comparisonValue: EESSymbol.suppressed, ciMethod: indicator.intervalMethod)
        if group.valueWithheld || comparison.valueWithheld { return row }

        row.groupValue = group.value(for: indicator)
        row.comparisonValue = comparison.value(for: indicator)
        let missing = EESSymbol.notAvailable
        let difference: (gap: Double, interval: Interval)?
        var effect: Double?
        switch indicator {
        case .expectedStandard, .higherStandard:
            difference = ProportionStatistics.newcombeDifference(
                successes1: group.successes, total1: group.count,
                successes2: comparison.successes, total2: comparison.count
            ).map { (100 * $0.difference, Interval(lower: 100 * $0.interval.lower, upper: 100 * $0.interval.upper)) }
        case .averageScaledScore:
            difference = MeanStatistics.welchDifference(group.scores, comparison.scores).map { ($0.difference, $0.interval) }
            effect = MeanStatistics.hedgesG(group.scores, comparison.scores)
        }
        if let difference {
            row.show(difference)
        } else if group.count > 0, comparison.count > 0, indicator == .averageScaledScore {
            // Welch needs two scores a side and some spread: the point difference is still known.
            row.gap = PublishedNumber.text(group.scores.mean - comparison.scores.mean)
            (row.gapLowerCI, row.gapUpperCI, row.significant) = (missing, missing, missing)
        } else {
            (row.gap, row.gapLowerCI, row.gapUpperCI, row.significant) = (missing, missing, missing, missing)
        }
        row.effectSize = notApplicableEffect ?? effect.map(PublishedNumber.text) ?? missing
        return row
    }
}
