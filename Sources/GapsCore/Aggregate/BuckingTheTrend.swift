import Foundation

/// One row of `bucking-the-trend.csv`: one school's gap in one year, raw and shrunk.
public struct BuckingTheTrendRow: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    public var breakdown: GapBreakdown
    public var groupCount: String
    public var comparisonCount: String
    public var rawGap: String
    public var rawGapLowerCI: String
    public var rawGapUpperCI: String
    public var rawGapStandardError: String
    public var laMeanGap: String
    public var betweenSchoolVariance: String
    public var shrinkageFactor: String
    public var shrunkGap: String
    public var shrunkGapLowerCI: String
    public var shrunkGapUpperCI: String
    public var shrunkGapRank: String
    public var schoolsInEstimate: String

    var publishedFields: [String] {
        [subject.rawValue, breakdown.rawValue, breakdown.group, breakdown.comparisonGroup, groupCount, comparisonCount,
         rawGap, rawGapLowerCI, rawGapUpperCI, rawGapStandardError, laMeanGap, betweenSchoolVariance, shrinkageFactor,
         shrunkGap, shrunkGapLowerCI, shrunkGapUpperCI, shrunkGapRank, schoolsInEstimate]
    }
}

/// Schools that "buck the trend" (2020 Vision): where boys do well against girls, or disadvantaged pupils against
/// the others, in reading, writing and maths combined (RWM, percentage reaching the expected standard).
///
/// Per LA, year and breakdown (Boys - Girls; Disadvantaged - Not known to be disadvantaged):
/// 1. **Raw gap** of each school: the within-school gap of `gaps.csv`, in percentage points, with its Newcombe
///    hybrid score interval.
/// 2. **Sampling variance** **(ours)**: from that interval, v_i = ((upper - lower) / (2 x 1.959964))^2. Chosen over
///    the binomial p1(1-p1)/n1 + p2(1-p2)/n2 because that is 0 when a side is at 0% or 100% (common in small
///    schools), which would give the school infinite weight; Newcombe's interval never has zero width.
/// 3. **Between-school variance** tau^2 by DerSimonian-Laird over every school with pupils on both sides
///    (`EmpiricalBayes.derSimonianLaird`), and the random-effects mean, the **LA mean** (`la_mean_gap`).
/// 4. **Shrunk gap**: LA mean + B (raw - LA mean), B = tau^2 / (tau^2 + v_i), with the interval
///    shrunk +/- 1.959964 sqrt(B v_i). When tau^2 is 0 every school is shrunk to the LA mean.
/// 5. **Rank** 1 = the highest shrunk gap (the group furthest ahead of, or least behind, its comparison), among
///    the schools whose shrunk gap is published; equal gaps share a rank (1, 2, 2, 4).
///
/// Suppression: where `gaps.csv` withholds a school's gap (a side of 1 to min-denominator - 1 pupils, or a
/// withheld numerator), every school-specific figure of its row (raw and shrunk gaps, intervals, standard error,
/// shrinkage factor, rank) is `c`, as are withheld counts. The school still counts in tau^2 and the LA mean,
/// which describe all the LA's schools. With fewer than two schools in the estimate there is no tau^2 and no
/// shrunk gap (`x`); a school with no pupils on a side has no gap (`x`).
public enum BuckingTheTrendTable {
    public static let fileName = "bucking-the-trend.csv"
    /// The measure compared: RWM, percentage reaching the expected standard.
    public static let subject = KS2Subject.readingWritingMaths
    static let indicator = GapIndicator.expectedStandard

    public static let layout = EESTableLayout(timeAndGeographyColumns: AggregateStage.geographyColumns, columns: [
        .filter("subject", label: "Subject", hint: "Percentage reaching the expected standard"),
        .filter("breakdown", label: "Pupil characteristic compared"),
        .filter("group", label: "Group"),
        .filter("comparison_group", label: "Comparison group"),
        .indicator("group_count", label: "Pupils in the group", grouping: "Pupils", decimalPlaces: 0),
        .indicator("comparison_count", label: "Pupils in the comparison group", grouping: "Pupils", decimalPlaces: 0),
        .indicator("raw_gap", label: "Gap in the school: group minus comparison group", grouping: "Raw gap", unit: "pp", decimalPlaces: 1),
        .indicator("raw_gap_lower_ci", label: "Raw gap, lower bound of the 95% confidence interval", grouping: "Raw gap", unit: "pp", decimalPlaces: 1),
        .indicator("raw_gap_upper_ci", label: "Raw gap, upper bound of the 95% confidence interval", grouping: "Raw gap", unit: "pp", decimalPlaces: 1),
        .indicator("raw_gap_standard_error", label: "Standard error of the raw gap (from its interval)", grouping: "Raw gap", unit: "pp", decimalPlaces: 2),
        .indicator("la_mean_gap", label: "LA mean gap (random-effects mean of the schools' gaps)", grouping: "Shrinkage", unit: "pp", decimalPlaces: 1),
        .indicator("between_school_variance", label: "Between-school variance of the gap (DerSimonian-Laird)", grouping: "Shrinkage", decimalPlaces: 2),
        .indicator("shrinkage_factor", label: "Shrinkage factor (1 keeps the raw gap, 0 gives the LA mean)", grouping: "Shrinkage", decimalPlaces: 2),
        .indicator("shrunk_gap", label: "Gap shrunk toward the LA mean (empirical Bayes)", grouping: "Shrunk gap", unit: "pp", decimalPlaces: 1),
        .indicator("shrunk_gap_lower_ci", label: "Shrunk gap, lower bound of the 95% interval", grouping: "Shrunk gap", unit: "pp", decimalPlaces: 1),
        .indicator("shrunk_gap_upper_ci", label: "Shrunk gap, upper bound of the 95% interval", grouping: "Shrunk gap", unit: "pp", decimalPlaces: 1),
        .indicator("shrunk_gap_rank", label: "Rank of the shrunk gap in the LA (1 = group furthest ahead)", grouping: "Shrunk gap", decimalPlaces: 0),
        .indicator("schools_in_estimate", label: "Schools in the LA's estimate", grouping: "Shrinkage", decimalPlaces: 0),
    ])

    public static func rows(from table: AttainmentTable, cohorts: KS2Cohorts) -> [BuckingTheTrendRow] {
        var rows: [BuckingTheTrendRow] = []
        for la in cohorts.localAuthorities.sorted() {
            let urns = cohorts.schools.values.filter { $0.la == la }.map(\.urn).sorted()
            for timePeriod in cohorts.timePeriods {
                for breakdown in GapBreakdown.allCases {
                    rows += rowsForOneYear(urns: urns, timePeriod: timePeriod, breakdown: breakdown, table: table)
                }
            }
        }
        return rows
    }

    /// One LA's schools for one year and breakdown, in URN order. Schools with no RWM cohort that year are left out.
    static func rowsForOneYear(urns: [String], timePeriod: String, breakdown: GapBreakdown, table: AttainmentTable) -> [BuckingTheTrendRow] {
        struct School {
            var urn: String
            var group: GapTable.Side
            var comparison: GapTable.Side
            var raw: (gap: Double, interval: Interval, variance: Double)?
            var withheld: Bool { group.valueWithheld || comparison.valueWithheld }
        }
        var schools: [School] = []
        for urn in urns {
            let place = PublishedPlace.school(urn: urn)
            let total = PublishedFilter.total
            guard let all = table.cell(CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: total,
                                               disadvantageStatus: total, ethnicityMajor: total)), all.pupilCount > 0,
                  let groupCell = table.cell(breakdown.cellKey(for: breakdown.group, place: place, timePeriod: timePeriod, subject: subject)),
                  let comparisonCell = table.cell(breakdown.cellKey(for: breakdown.comparisonGroup, place: place, timePeriod: timePeriod, subject: subject))
            else { continue }
            let group = GapTable.Side(groupCell, indicator: indicator)
            let comparison = GapTable.Side(comparisonCell, indicator: indicator)
            let raw = ProportionStatistics.newcombeDifference(
                successes1: group.successes, total1: group.count, successes2: comparison.successes, total2: comparison.count
            ).map { difference -> (Double, Interval, Double) in
                let interval = Interval(lower: 100 * difference.interval.lower, upper: 100 * difference.interval.upper)
                return (100 * difference.difference, interval, EmpiricalBayes.variance(from: interval))
            }
            schools.append(School(urn: urn, group: group, comparison: comparison, raw: raw))
        }
        let estimate = EmpiricalBayes.derSimonianLaird(schools.compactMap { $0.raw.map { ($0.gap, $0.variance) } })
        var shrunk: [String: EmpiricalBayes.Shrunk] = [:]
        if let estimate {
            for school in schools {
                guard let raw = school.raw else { continue }
                shrunk[school.urn] = EmpiricalBayes.shrink(value: raw.gap, variance: raw.variance, toward: estimate.mean, tau2: estimate.tau2)
            }
        }
        let ranked = schools.filter { !$0.withheld }.compactMap { school in shrunk[school.urn].map { (school.urn, $0.value) } }
        var rank: [String: Int] = [:]
        for (urn, value) in ranked { rank[urn] = 1 + ranked.count { $0.1 > value } }

        let (suppressed, missing) = (EESSymbol.suppressed, EESSymbol.notAvailable)
        let text = PublishedNumber.text as (Double) -> String
        return schools.map { school in
            var row = BuckingTheTrendRow(
                place: .school(urn: school.urn), timePeriod: timePeriod, subject: subject, breakdown: breakdown,
                groupCount: school.group.countWithheld ? suppressed : PublishedNumber.text(school.group.count),
                comparisonCount: school.comparison.countWithheld ? suppressed : PublishedNumber.text(school.comparison.count),
                rawGap: missing, rawGapLowerCI: missing, rawGapUpperCI: missing, rawGapStandardError: missing,
                laMeanGap: estimate.map { text($0.mean) } ?? missing,
                betweenSchoolVariance: estimate.map { text($0.tau2) } ?? missing,
                shrinkageFactor: missing, shrunkGap: missing, shrunkGapLowerCI: missing, shrunkGapUpperCI: missing,
                shrunkGapRank: missing, schoolsInEstimate: PublishedNumber.text(estimate?.count ?? schools.count { $0.raw != nil }))
            if school.withheld {
                (row.rawGap, row.rawGapLowerCI, row.rawGapUpperCI, row.rawGapStandardError) = (suppressed, suppressed, suppressed, suppressed)
                (row.shrinkageFactor, row.shrunkGap, row.shrunkGapLowerCI, row.shrunkGapUpperCI, row.shrunkGapRank)
                    = (suppressed, suppressed, suppressed, suppressed, suppressed)
                return row
            }
            if let raw = school.raw {
                (row.rawGap, row.rawGapLowerCI, row.rawGapUpperCI) = (text(raw.gap), text(raw.interval.lower), text(raw.interval.upper))
                row.rawGapStandardError = text(raw.variance.squareRoot())
            }
            if let estimate = shrunk[school.urn] {
                row.shrinkageFactor = text(estimate.factor)
                (row.shrunkGap, row.shrunkGapLowerCI, row.shrunkGapUpperCI) = (text(estimate.value), text(estimate.interval.lower), text(estimate.interval.upper))
                row.shrunkGapRank = rank[school.urn].map(PublishedNumber.text) ?? missing
            }
            return row
        }
    }
}
