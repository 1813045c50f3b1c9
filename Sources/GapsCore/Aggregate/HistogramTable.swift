import Foundation

/// A band of KS2 scaled scores in `histograms.csv`.
public struct ScoreBand: Sendable, Equatable {
    public var label: String
    /// Lowest score in the band.
    public var lower: Double
    /// First score above the band.
    public var upperExclusive: Double

    public func contains(_ score: Double) -> Bool { score >= lower && score < upperExclusive }
}

/// The `score_band` filter values **(ours)**: eight bands of five points over the 80-120 KS2 scale (the last one
/// 115-120, six points, so that 120 has a band), then pupils in the cohort without a scaled score (an outcome
/// code: absent, working below the test, ...), then the Total. Band edges at 100 and 110 keep the expected and
/// higher standards on band boundaries: "100-104" and up is the expected standard.
public enum ScoreBands {
    public static let scaled: [ScoreBand] = stride(from: 80, to: 120, by: 5).map { lower in
        let upper = lower == 115 ? 121 : lower + 5
        return ScoreBand(label: "\(lower)-\(upper - 1)", lower: Double(lower), upperExclusive: Double(upper))
    }
    public static let noScaledScore = "No scaled score"
    /// Every `score_band` value in publication order.
    public static let labels = scaled.map(\.label) + [noScaledScore, PublishedFilter.total]

    /// The band of a cohort member: a scaled band, "No scaled score", or nil for a score outside 80-120.
    static func label(for score: Double?) -> String? {
        guard let score else { return noScaledScore }
        return scaled.first { $0.contains(score) }?.label
    }
}

/// One row of `histograms.csv`: how many pupils of a group fall in one score band.
public struct HistogramCell: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    public var sex: String
    public var disadvantageStatus: String
    public var scoreBand: String
    public var pupilCount: Int
    public var withheld = false

    public var isTotalBand: Bool { scoreBand == PublishedFilter.total }

    var indicatorFields: [String] { [withheld ? EESSymbol.suppressed : PublishedNumber.text(pupilCount)] }
}

/// Counts of pupils by scaled-score band for reading, maths and GPS, per place, year, sex (Total, Boys, Girls)
/// and disadvantage (Total, Disadvantaged, Not known to be disadvantaged): the complete matrix, zeros included.
/// The "Total" band is the subject's whole cohort (the `pupil_count` of `attainment.csv`), so the bands of a
/// group add up to it.
///
/// Suppression **(ours)**:
/// - Primary: a group of 1 to min-denominator - 1 pupils shows `c` in every band, zeros included (a lone
///   non-zero band would otherwise place every pupil of the group). Otherwise a band count of 1 to
///   min-numerator - 1 is `c`; zero is shown.
/// - Secondary (complementary): the table adds up three ways. A group's bands add up to its Total band; within a
///   sex and band, Disadvantaged plus Not known to be disadvantaged make the Total; within a disadvantage status
///   and band, Boys plus Girls make the Total (plus any pupils of unknown sex, which only makes this sum a
///   looser constraint, so treating it as exact over-protects). Wherever one of these lines has exactly one `c`,
///   the smallest non-zero count shown on the line is withheld too (the first in publication order on a tie),
///   and the lines are revisited until none has a lone `c`. "Total" band cells are never chosen: they repeat
///   `attainment.csv`'s pupil counts.
public struct HistogramTable: Sendable {
    public static let subjects = KS2Subject.allCases.filter(\.hasScaledScore)
    public static let sexes = [PublishedFilter.total] + PublishedFilter.sexes
    public static let disadvantageStatuses = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses

    public private(set) var cells: [HistogramCell] = []
    /// Cells withheld by primary and by secondary suppression.
    public private(set) var primaryWithheldCount = 0
    public private(set) var secondaryWithheldCount = 0

    /// Throws `GapsError.malformedInput` (located at `resultsFile`) for a scaled score outside every band:
    /// gaps-normalise rejects such scores, so one here means the file was edited by hand.
    public init(cohorts: KS2Cohorts, suppression: Suppression, resultsFile: String) throws {
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                for subject in Self.subjects {
                    var tally: [String: Int] = [:]
                    struct Group: Hashable { var sex: String; var status: String; var band: String }
                    for member in cohorts.members(at: place, timePeriod: timePeriod, subject: subject) {
                        guard let band = ScoreBands.label(for: member.scaledScore) else {
                            throw GapsError.malformedInput(SourceLocation(file: resultsFile), message:
                                "column 'scaled_score': \(formatNumber(member.scaledScore ?? 0)) for \(subject.rawValue) in \(timePeriod) is outside the KS2 scale 80-120")
                        }
                        for sex in Self.sexes where sex == PublishedFilter.total || sex == member.sex {
                            for status in Self.disadvantageStatuses
                            where status == PublishedFilter.total || status == member.disadvantageStatus {
                                for label in [band, PublishedFilter.total] {
                                    tally[Self.key(sex, status, label), default: 0] += 1
                                }
                            }
                        }
                    }
                    var block: [HistogramCell] = []
                    for sex in Self.sexes {
                        for status in Self.disadvantageStatuses {
                            for band in ScoreBands.labels {
                                block.append(HistogramCell(
                                    place: place, timePeriod: timePeriod, subject: subject, sex: sex,
                                    disadvantageStatus: status, scoreBand: band,
                                    pupilCount: tally[Self.key(sex, status, band)] ?? 0))
                            }
                        }
                    }
                    let counts = Self.suppress(&block, suppression: suppression)
                    primaryWithheldCount += counts.primary
                    secondaryWithheldCount += counts.secondary
                    cells += block
                }
            }
        }
    }

    private static func key(_ sex: String, _ status: String, _ band: String) -> String { "\(sex)\u{1F}\(status)\u{1F}\(band)" }

    /// Primary then secondary suppression of one place-year-subject block, laid out sex x status x band in
    /// publication order. Returns how many cells each pass withheld.
    static func suppress(_ block: inout [HistogramCell], suppression: Suppression) -> (primary: Int, secondary: Int) {
        let bandCount = ScoreBands.labels.count
        let statusCount = disadvantageStatuses.count
        func index(_ sex: Int, _ status: Int, _ band: Int) -> Int { (sex * statusCount + status) * bandCount + band }

        var primary = 0
        for sex in sexes.indices {
            for status in disadvantageStatuses.indices {
                let line = (0..<bandCount).map { index(sex, status, $0) }
                let groupSize = block[index(sex, status, bandCount - 1)].pupilCount
                for position in line {
                    let hide = suppression.withholdsDenominator(groupSize) || suppression.withholdsNumerator(block[position].pupilCount)
                    if hide {
                        block[position].withheld = true
                        primary += 1
                    }
                }
            }
        }

        // Every line whose cells add up (see the type's documentation).
        var lines: [[Int]] = []
        for sex in sexes.indices {
            for status in disadvantageStatuses.indices { lines.append((0..<bandCount).map { index(sex, status, $0) }) }
        }
        for band in 0..<bandCount {
            for sex in sexes.indices { lines.append(disadvantageStatuses.indices.map { index(sex, $0, band) }) }
            for status in disadvantageStatuses.indices { lines.append(sexes.indices.map { index($0, status, band) }) }
        }
        let secondary = complementarySuppression(&block, lines: lines)
        return (primary, secondary)
    }

    /// Withholds, on every line with exactly one withheld cell, the smallest non-zero shown cell that is not a
    /// Total band, until no line has a lone withheld cell (or none can be chosen). Returns how many it withheld.
    static func complementarySuppression(_ block: inout [HistogramCell], lines: [[Int]]) -> Int {
        var added = 0
        var changed = true
        while changed {
            changed = false
            for line in lines where line.count(where: { block[$0].withheld }) == 1 {
                let candidates = line.filter { !block[$0].withheld && block[$0].pupilCount > 0 && !block[$0].isTotalBand }
                guard let chosen = candidates.min(by: { (block[$0].pupilCount, $0) < (block[$1].pupilCount, $1) }) else { continue }
                block[chosen].withheld = true
                added += 1
                changed = true
            }
        }
        return added
    }
}
