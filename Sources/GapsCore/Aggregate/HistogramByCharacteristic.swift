import Foundation

/// How the pupils of one measure are put into bands in `histograms-by-characteristic.csv`.
public enum HistogramBinning: Sendable {
    /// Numeric bands of the pupil's score (scaled score, grade points, Attainment 8); a pupil in the cohort without
    /// a score (an outcome code such as absent) goes to `noScore`.
    case scores(bands: [ScoreBand], noScore: String)
    /// One band per result code of the measure found in the data (teacher assessment: PKF, WTS, EXS, GDS, ...),
    /// ordered by the code's points, codes without points (absent, disapplied, ...) after them alphabetically.
    case outcomes
}

/// A measure with a histogram: which `BreakdownMeasure` and how its pupils are banded **(ours)**.
///
/// - KS1 reading, writing and maths, and KS2 writing: teacher-assessment outcomes are categories, so the histogram
///   is the distribution of outcome codes.
/// - KS2 reading, maths and GPS: the scaled-score bands of `histograms.csv` (`ScoreBands`), same labels and edges.
/// - KS4 English and maths: one band per GCSE grade, 0 (U) to 9; a legacy letter grade's points (A* = 8.5, B =
///   5.5, ...) fall in the band of the whole grade below, so that grade 4 and above is still the standard pass.
/// - KS4 Attainment 8: ten-point bands 0 to under 10, ..., 70 to under 80, and 80 to 90 (so that 90 has a band).
public struct HistogramMeasure: Sendable {
    public var measure: BreakdownMeasure
    public var binning: HistogramBinning

    public static let gradeBands: [ScoreBand] = (0...9).map { (grade: Int) -> ScoreBand in
        let label: String = grade == 0 ? "Grade U (0)" : "Grade \(grade)"
        let upper: Double = grade == 9 ? Double(9).nextUp : Double(grade + 1)
        return ScoreBand(label: label, lower: Double(grade), upperExclusive: upper)
    }
    public static let attainment8Bands: [ScoreBand] = stride(from: 0, to: 90, by: 10).map { (lower: Int) -> ScoreBand in
        if lower == 80 { return ScoreBand(label: "80 to 90", lower: 80, upperExclusive: Double(90).nextUp) }
        return ScoreBand(label: "\(lower) to under \(lower + 10)", lower: Double(lower), upperExclusive: Double(lower + 10))
    }
    public static let noGrade = "No grade"
    public static let noAttainment8 = "No Attainment 8 score"

    /// Every measure with a histogram, in publication order (that of `BreakdownMeasure.all`).
    public static let all: [HistogramMeasure] = BreakdownMeasure.all.compactMap { measure in
        switch (measure.keyStage, measure.name) {
        case (.ks1, "Reading"), (.ks1, "Writing"), (.ks1, "Maths"), (.ks2, KS2Subject.writing.rawValue):
            HistogramMeasure(measure: measure, binning: .outcomes)
        case (.ks2, KS2Subject.reading.rawValue), (.ks2, KS2Subject.maths.rawValue), (.ks2, KS2Subject.grammarPunctuationSpelling.rawValue):
            HistogramMeasure(measure: measure, binning: .scores(bands: ScoreBands.scaled, noScore: ScoreBands.noScaledScore))
        case (.ks4, "English"), (.ks4, "Maths"):
            HistogramMeasure(measure: measure, binning: .scores(bands: gradeBands, noScore: noGrade))
        case (.ks4, "Attainment 8"):
            HistogramMeasure(measure: measure, binning: .scores(bands: attainment8Bands, noScore: noAttainment8))
        default:
            nil
        }
    }

    /// A result code as a band label: as given, `Not recorded` when blank.
    static func outcomeLabel(_ member: BreakdownMember) -> String {
        let code = member.outcome.trimmingCharacters(in: .whitespaces)
        return code.isEmpty ? "Not recorded" : code
    }
}

/// One row of `histograms-by-characteristic.csv`: how many pupils of one group fall in one band of one measure.
public struct CharacteristicHistogramCell: Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var measure: BreakdownMeasure
    public var group: BreakdownGroup
    /// The band's label, or `Total` for the group's whole cohort.
    public var band: String
    public var pupilCount: Int
    public var withheld = false

    public var isTotalBand: Bool { band == PublishedFilter.total }

    var indicatorFields: [String] { [withheld ? EESSymbol.suppressed : PublishedNumber.text(pupilCount)] }
}

/// Pupils per band of each measure of `HistogramMeasure.all`, for every place, year and group of a breakdown table
/// (every group of `attainment-by-characteristic.csv`: sex, disadvantage, FSM, ethnicity major and minor, SEN
/// provision, first language and the intersections): the complete matrix, zeros included. A group's `Total`
/// band is its cohort, the `pupil_count` of `attainment-by-characteristic.csv`, and its bands add up to it.
///
/// Suppression **(ours)**, every band count being a count of pupils:
/// - Primary: a group of 1 to min-denominator - 1 pupils shows `c` in every band, zeros and Total included (a lone
///   non-zero band would place every pupil of the group); otherwise a band of 1 to min-numerator - 1 pupils is
///   `c`; zero is shown. A group whose pupil count `attainment-by-characteristic.csv` withholds has its Total band
///   withheld too.
/// - Secondary, by `Suppression.withheldCounts` (the engine of every published table): one table per LA with its
///   schools (or per place without `acrossPlaces`), year and measure, whose filters are the seven characteristics,
///   the band and the school. So its lines are each group's bands and their Total, every sum of groups the
///   breakdowns publish (Boys plus Girls plus Unknown; the minor groups of a major group; the intersections) band
///   by band, and the LA and its schools. Where a measure's bands split cleanly at its thresholds (every pupil of
///   a band reaches the expected standard, or none does; likewise the higher standard), the bands at or above a
///   threshold add up to the group's `expected_standard_count` (`higher_standard_count`) of
///   `attainment-by-characteristic.csv`, so those sums are lines too, with the published counts as margins.
///   The Total bands and those threshold counts are never chosen to be withheld: the breakdown file decides
///   whether they are shown. One it withholds is protected here like a withheld band, unless the group's empty
///   bands give it away (`BreakdownCell.countsGivenAway`): that file's suppression already counts it as known.
public struct CharacteristicHistogramTable: Sendable {
    public private(set) var cells: [CharacteristicHistogramCell] = []
    /// The band labels of each measure published, in file order, `Total` last.
    public private(set) var bands: [BreakdownMeasure: [String]] = [:]
    /// Measures whose bands do not split cleanly at the thresholds (so no threshold lines were added).
    public private(set) var measuresWithoutThresholdLines: [BreakdownMeasure] = []
    public private(set) var primaryWithheldCount = 0
    public private(set) var secondaryWithheldCount = 0
    /// Counts withheld before secondary suppression that a line gives back with nothing left on it to withhold
    /// (`SuppressionSummary.unprotected`): reported so that it can never be silently non-zero.
    public private(set) var unprotectedCount = 0

    /// Throws `GapsError.malformedInput` (located at `resultsFile`) for a score outside every band of its measure:
    /// gaps-normalise rejects such scores, so one here means the file was edited by hand.
    public init(breakdowns table: BreakdownTable, measures: [HistogramMeasure] = HistogramMeasure.all, resultsFile: String) throws {
        let cohorts = table.cohorts
        let groups = table.topics.groups
        let suppression = table.suppression
        let total = PublishedFilter.total

        // Working arrays for secondary suppression: the published cells, and after each group's cells its two
        // threshold counts (not published here: `attainment-by-characteristic.csv` shows them).
        var counts: [Int] = [], keys: [BreakdownTableKey] = [], filters: [[String]] = []
        var hidden: [Bool] = [], fixed: [Bool] = [], extraLines: [[Int]] = []
        /// Each published cell's position in the working arrays.
        var working: [Int] = []
        let bandsKind = "Bands", expectedKind = "Expected standard", higherKind = "Higher standard"

        for histogram in measures {
            let measure = histogram.measure
            // The breakdown table's banding, with which it counted each group's bands; missing only when a score
            // falls outside every band, which checking it again reports.
            let banding = try table.bandings[measure] ?? HistogramBanding.checked(
                histogram, members: cohorts.members.filter { $0.key.measure == measure }.flatMap(\.value), resultsFile: resultsFile)
            let labels = banding.labels
            bands[measure] = labels + [total]

            // Whether each band's pupils all reach (or all miss) each standard: then the bands at or above a
            // threshold add up to the published count reaching it.
            let reachesExpected = banding.reachesExpected, reachesHigher = banding.reachesHigher
            let clean = banding.splitsAtThresholds
            if measure.hasThresholds && !clean { measuresWithoutThresholdLines.append(measure) }

            for timePeriod in cohorts.timePeriods[measure.keyStage] ?? [] {
                for place in cohorts.places[measure.keyStage] ?? [] {
                    let key = BreakdownTableKey(localAuthority: cohorts.localAuthority(of: place), timePeriod: timePeriod,
                                                measure: measure, place: suppression.acrossPlaces ? nil : place)
                    for (groupPosition, group) in groups.enumerated() {
                        let published = table.cell(measure, place: place, timePeriod: timePeriod, group: groupPosition)
                        let tally = published?.bandCounts ?? Array(repeating: 0, count: labels.count)
                        let groupSize = tally.reduce(0, +)
                        let withheldInBreakdown = published?.withheld ?? []
                        let first = counts.count
                        for (position, label) in (labels + [total]).enumerated() {
                            let count = position < labels.count ? tally[position] : groupSize
                            var cell = CharacteristicHistogramCell(place: place, timePeriod: timePeriod, measure: measure,
                                                                   group: group, band: label, pupilCount: count)
                            cell.withheld = suppression.withholdsDenominator(groupSize) || suppression.withholdsNumerator(count)
                                || (cell.isTotalBand && MarginCount.pupils.isWithheld(in: withheldInBreakdown))
                            cells.append(cell)
                            working.append(counts.count)
                            counts.append(count)
                            keys.append(key)
                            filters.append([bandsKind] + group.filterValues + [label, place.schoolFilterValue])
                            hidden.append(cell.withheld)
                            fixed.append(cell.isTotalBand)
                        }
                        let bandCells = labels.indices.map { first + $0 }
                        let totalCell = first + labels.count
                        // The group's own lines: its bands and their Total; with the thresholds, the sums of the bands
                        // at or above them, whose margins `attainment-by-characteristic.csv` publishes.
                        var groupLines: [[Int]] = [[totalCell] + bandCells]
                        if clean, let published {
                            let expectedBands = bandCells.filter { reachesExpected[$0 - first] == true }
                            let higherBands = bandCells.filter { reachesHigher[$0 - first] == true }
                            // Only sums that really give the published counts are lines.
                            if expectedBands.reduce(0, { $0 + counts[$1] }) == published.expectedStandardCount,
                               higherBands.reduce(0, { $0 + counts[$1] }) == published.higherStandardCount {
                                let expectedCell = counts.count
                                // A count the breakdown file withholds but this group's empty bands give away anyway
                                // (`CountIdentities`) is known: nothing here can protect it, and nothing relies on it.
                                let givenAway = published.countsGivenAway
                                for (kind, count, part) in [(expectedKind, published.expectedStandardCount, MarginCount.expectedStandard),
                                                            (higherKind, published.higherStandardCount, MarginCount.higherStandard)] {
                                    counts.append(count)
                                    keys.append(key)
                                    filters.append([kind] + group.filterValues + [total, place.schoolFilterValue])
                                    hidden.append(part.isWithheld(in: withheldInBreakdown) && !givenAway.contains(part))
                                    fixed.append(true)
                                }
                                let higherCell = expectedCell + 1
                                let thresholdLines = [
                                    [expectedCell] + expectedBands,
                                    [higherCell] + higherBands,
                                    [totalCell, expectedCell] + bandCells.filter { reachesExpected[$0 - first] != true },
                                    [expectedCell, higherCell] + expectedBands.filter { reachesHigher[$0 - first] != true },
                                ]
                                extraLines += thresholdLines
                                groupLines += thresholdLines
                            }
                        }
                        // A band that the published counts and the group's other bands (zeros, or bands found so)
                        // give away is known, whatever this file shows (e.g. every pupil below the expected standard
                        // in one band: Total minus the expected count): secondary suppression must not rely on
                        // withholding it. It keeps its primary `c`.
                        var known = Set(bandCells.filter { counts[$0] == 0 })
                        var found = true
                        while found {
                            found = false
                            for line in groupLines where line.allSatisfy({ bandCells.contains($0) || !hidden[$0] }) {
                                let open = line.filter { bandCells.contains($0) && !known.contains($0) }
                                if open.count == 1 {
                                    known.insert(open[0])
                                    found = true
                                }
                            }
                        }
                        for cell in known where counts[cell] > 0 {
                            hidden[cell] = false
                            fixed[cell] = true
                        }
                    }
                }
            }
        }

        primaryWithheldCount = cells.count(where: \.withheld)
        let (withheld, unprotected) = suppression.withheldCounts(counts, tableKeys: keys, filterValues: filters, alreadyWithheld: hidden,
                                                                 neverWithhold: fixed, extraLines: extraLines)
        unprotectedCount = unprotected
        for position in cells.indices where withheld[working[position]] && !cells[position].withheld {
            cells[position].withheld = true
            secondaryWithheldCount += 1
        }
    }

    /// Whether the cell of a place, year, measure, group (by its filter values) and band is withheld; nil when
    /// the table has no such cell. For keeping `histograms.csv`, whose cells are some of these, consistent.
    func withheldLookup() -> [CharacteristicHistogramKey: Bool] {
        var lookup: [CharacteristicHistogramKey: Bool] = [:]
        for cell in cells {
            lookup[CharacteristicHistogramKey(place: cell.place, timePeriod: cell.timePeriod, measureName: cell.measure.name,
                                              keyStage: cell.measure.keyStage, filterValues: cell.group.filterValues,
                                              band: cell.band)] = cell.withheld
        }
        return lookup
    }
}

/// Identifies one cell of `CharacteristicHistogramTable` across tables.
struct CharacteristicHistogramKey: Hashable {
    var place: PublishedPlace
    var timePeriod: String
    var measureName: String
    var keyStage: KeyStage
    var filterValues: [String]
    var band: String
}
