import Foundation

/// Settings of the score-distribution tables (`distributions.csv`).
public struct DistributionOptions: Sendable, Equatable {
    /// Percentiles are published only for a group with at least this many pupils with a scaled score; below it
    /// they are `c` **(ours)**. A percentile of a small group is one pupil's score, or sits between two pupils'
    /// scores (type 7 interpolates between neighbours): with 7 pupils the 10th percentile is the lowest score
    /// plus 0.6 of the gap to the next, and the 50th is the fourth pupil's own score. The group's count, mean and
    /// standard deviation follow the ordinary denominator rule (`Suppression.minimumDenominator`), as the average
    /// scaled score does in `attainment.csv`. Default 10; never below the minimum denominator in effect.
    public var minimumPupilsForPercentiles: Int

    public static let defaultMinimumPupilsForPercentiles = 10

    public init(minimumPupilsForPercentiles: Int = DistributionOptions.defaultMinimumPupilsForPercentiles) {
        self.minimumPupilsForPercentiles = minimumPupilsForPercentiles
    }
}

/// One row of `distributions.csv`: the scaled scores of one group of pupils at one place, in one year and subject.
///
/// The group is the pupils of the subject's cohort with a numeric scaled score; pupils with an outcome code
/// instead (absent, working below the test, ...) have no score to place and are left out, as they are from the
/// average scaled score. `histograms.csv` counts them in its "No scaled score" band.
public struct DistributionCell: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    public var sex: String
    public var disadvantageStatus: String
    public var ethnicityMajor: String
    /// The group's scaled scores, ascending.
    public var sortedScores: [Double]
    /// Too few pupils: every figure of the row is `c`.
    public var withheld = false
    /// Too few pupils for percentiles (but enough for the count, mean and standard deviation).
    public var percentilesWithheld = false

    public var pupilCount: Int { sortedScores.count }
}

/// The complete matrix of score distributions for the subjects with a scaled score (reading, maths, GPS): every
/// place x year x subject x sex x disadvantage x ethnicity, Totals and empty groups included, the same filter
/// values as `attainment.csv`.
///
/// Percentiles are Hyndman-Fan type 7 (`Percentiles.value`, as R and numpy by default), kept at full precision;
/// the standard deviation is the sample one (n - 1 denominator, `SampleSummary`).
///
/// Suppression **(ours)**: a group of 1 to min-denominator - 1 pupils shows `c` for every figure; a group below
/// `DistributionOptions.minimumPupilsForPercentiles` shows `c` for its percentiles only. A group whose average
/// `attainment.csv` withholds (secondary suppression of the pupils with a score, `AttainmentTable.withholdAverages`)
/// shows `c` for every figure too, its count included, so that no small group's count or mean follows from a Total.
public struct DistributionTable: Sendable {
    /// The percentiles published, as (column name, p).
    public static let percentiles: [(column: String, p: Double)] = [
        ("p10", 0.10), ("p25", 0.25), ("p50", 0.50), ("p75", 0.75), ("p90", 0.90),
    ]

    /// Subjects with a scaled score, in `KS2Subject` order.
    public static let subjects = KS2Subject.allCases.filter(\.hasScaledScore)

    public private(set) var cells: [DistributionCell] = []

    /// - Parameter attainment: supplies the filter values, so both files describe the same groups.
    public init(cohorts: KS2Cohorts, sameFiltersAs attainment: AttainmentTable, suppression: Suppression,
                options: DistributionOptions = DistributionOptions()) {
        let percentileMinimum = max(options.minimumPupilsForPercentiles, suppression.minimumDenominator)
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                for subject in Self.subjects {
                    let members = cohorts.members(at: place, timePeriod: timePeriod, subject: subject)
                    for sex in attainment.sexes {
                        for status in attainment.disadvantageStatuses {
                            for ethnicity in attainment.ethnicities {
                                let scores = members
                                    .filter { $0.matches(sex: sex, disadvantageStatus: status, ethnicityMajor: ethnicity) }
                                    .compactMap(\.scaledScore).sorted()
                                var cell = DistributionCell(
                                    place: place, timePeriod: timePeriod, subject: subject, sex: sex,
                                    disadvantageStatus: status, ethnicityMajor: ethnicity, sortedScores: scores)
                                // As the average in attainment.csv: withheld with its count where a Total would give it away.
                                let key = CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: sex,
                                                  disadvantageStatus: status, ethnicityMajor: ethnicity)
                                cell.withheld = suppression.withholdsDenominator(scores.count)
                                    || attainment.cell(key)?.withheld.contains(.averageScore) == true
                                cell.percentilesWithheld = scores.count > 0 && scores.count < percentileMinimum
                                cells.append(cell)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rows with anything withheld.
    public var suppressedCellCount: Int { cells.count { $0.withheld || $0.percentilesWithheld } }
}

extension DistributionCell {
    /// Indicator values in `distributions.csv` column order: pupil_count, p10 ... p90, mean, standard_deviation.
    /// An empty group has nothing to compute (`x`); one pupil has no spread (`x` for the standard deviation).
    var indicatorFields: [String] {
        let percentileCount = DistributionTable.percentiles.count
        if withheld { return Array(repeating: EESSymbol.suppressed, count: 3 + percentileCount) }
        let count = PublishedNumber.text(pupilCount)
        guard pupilCount > 0 else { return [count] + Array(repeating: EESSymbol.notAvailable, count: 2 + percentileCount) }
        let percentiles = DistributionTable.percentiles.map { percentile in
            percentilesWithheld ? EESSymbol.suppressed
                : Percentiles.value(sorted: sortedScores, p: percentile.p).map(PublishedNumber.text) ?? EESSymbol.notAvailable
        }
        let summary = SampleSummary(values: sortedScores)
        let deviation = pupilCount > 1 ? PublishedNumber.text(summary.standardDeviation) : EESSymbol.notAvailable
        return [count] + percentiles + [PublishedNumber.text(summary.mean), deviation]
    }
}
