import Foundation

/// One row of `attainment-by-characteristic.csv` before formatting: one group of pupils at one place, in one year
/// and measure.
public struct BreakdownCell: SuppressibleCell, Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var measure: BreakdownMeasure
    public var group: BreakdownGroup
    public var pupilCount: Int
    public var expectedStandardCount: Int
    public var higherStandardCount: Int
    /// The group's scores, ascending; nil for a measure without a score.
    public var sortedScores: [Double]?
    public var withheld: WithheldParts = []
    /// The LA of the place (its own number for an LA row).
    public var localAuthority = ""
    /// Whether secondary suppression protects the cell with its LA's other places (`Suppression.acrossPlaces`).
    public var protectedAcrossPlaces = false
    /// Pupils per band of the measure's histogram (`HistogramBanding.labels` order); nil for a measure without one.
    public var bandCounts: [Int]?
    /// What the empty bands in `histograms-by-characteristic.csv` give away about the group's counts: its own, and
    /// those of every group containing it there and at its LA, for they hold nobody of it either (none for a
    /// measure whose bands do not split cleanly at its thresholds).
    public var countIdentities = CountIdentities.none

    public var scoredCount: Int? { sortedScores?.count }

    /// The counts withheld here that a reader knows all the same, from `countIdentities`.
    var countsGivenAway: Set<MarginCount> {
        let withheldCounts = Set(MarginCount.allCases.filter { $0.isWithheld(in: withheld) })
        guard !withheldCounts.isEmpty, !countIdentities.isEmpty else { return [] }
        return countIdentities.known { !withheldCounts.contains($0) }.intersection(withheldCounts)
    }
    public var scores: SampleSummary? { sortedScores.map { SampleSummary(values: $0) } }
}

/// Which breakdown table a cell adds up in: one place (or, across places, one LA with its schools), year and
/// measure.
public struct BreakdownTableKey: Hashable, Sendable {
    public var localAuthority: String
    public var timePeriod: String
    public var measure: BreakdownMeasure
    public var place: PublishedPlace?
}

/// The filters of secondary suppression are the seven characteristics (`BreakdownDimension`), each `Total` where
/// the group does not fix it, then the school (Total on the LA's row). So the lines it protects are exactly the
/// sums the file publishes: each topic's groups add up to the Total; each minor ethnic group's siblings to their
/// major group; Boys, Disadvantaged plus Girls, Disadvantaged to Disadvantaged, and so on for every intersection
/// and the one-way groups it refines; and, across places, an LA's row to its schools' rows.
extension BreakdownCell: MarginedCell {
    public static var marginLabel: String { PublishedFilter.total }
    public var tableKey: BreakdownTableKey {
        BreakdownTableKey(localAuthority: localAuthority, timePeriod: timePeriod, measure: measure,
                          place: protectedAcrossPlaces ? nil : place)
    }
    public var filterValues: [String] {
        group.filterValues + [place.schoolFilterValue]
    }
}

/// The complete matrix of breakdown cells: every key stage x year x place x measure x group, Totals and empty
/// groups included, with primary and secondary suppression marked (`Suppression.applyPrimaryAndSecondary`).
public struct BreakdownTable: Sendable {
    public private(set) var cells: [BreakdownCell] = []
    public let topics: BreakdownTopics
    public let cohorts: BreakdownCohorts
    public private(set) var suppressionSummary = SuppressionSummary()
    /// Percentiles need at least this many pupils with a score (`DistributionOptions`, never below the minimum
    /// denominator).
    public let minimumPupilsForPercentiles: Int
    let suppression: Suppression
    /// How each measure with a histogram bands its pupils (`HistogramBanding.bandings`).
    let bandings: [BreakdownMeasure: HistogramBanding]
    private var index: [Key: Int] = [:]
    /// Each group's position in `topics.groups`, by its filter values.
    private let groupPositions: [[String]: Int]

    struct Key: Hashable {
        var measure: BreakdownMeasure
        var place: PublishedPlace
        var timePeriod: String
        var group: Int
    }

    /// Builds every cell and marks suppression. The groups are those of `BreakdownTopics` for the cohorts' pupils,
    /// ordered by `labels`.
    public init(cohorts: BreakdownCohorts, labels: CharacteristicLabels, suppression: Suppression,
                distributions: DistributionOptions = DistributionOptions(), intersections: BreakdownIntersectionDepth = .three) {
        self.cohorts = cohorts
        self.suppression = suppression
        topics = BreakdownTopics(pupils: cohorts.pupils, labels: labels, intersections: intersections)
        groupPositions = Dictionary(topics.groups.enumerated().map { ($1.filterValues, $0) }) { first, _ in first }
        minimumPupilsForPercentiles = max(distributions.minimumPupilsForPercentiles, suppression.minimumDenominator)
        bandings = HistogramBanding.bandings(in: cohorts)
        build()
    }

    private mutating func build() {
        let groups = topics.groups
        for keyStage in KeyStage.allCases {
            let measures = BreakdownMeasure.all.filter { $0.keyStage == keyStage }
            for timePeriod in cohorts.timePeriods[keyStage] ?? [] {
                for place in cohorts.places[keyStage] ?? [] {
                    for measure in measures {
                        let members = cohorts.members(measure, at: place, timePeriod: timePeriod)
                        // Each pupil's band, found once for every group.
                        let banding = bandings[measure], memberBands = banding?.bands(of: members)
                        for (position, group) in groups.enumerated() {
                            let inGroupPositions = members.indices.filter { group.contains(cohorts.pupils[members[$0].pupil]) }
                            let inGroup = inGroupPositions.map { members[$0] }
                            var cell = BreakdownCell(
                                place: place, timePeriod: timePeriod, measure: measure, group: group,
                                pupilCount: inGroup.count, expectedStandardCount: inGroup.count(where: \.meetsExpected),
                                higherStandardCount: inGroup.count(where: \.meetsHigher),
                                sortedScores: measure.score == .none ? nil : inGroup.compactMap(\.score).sorted())
                            cell.localAuthority = cohorts.localAuthority(of: place)
                            cell.protectedAcrossPlaces = suppression.acrossPlaces
                            if let banding, let memberBands {
                                cell.bandCounts = banding.bandCounts(inGroupPositions.map { memberBands[$0] })
                            }
                            index[Key(measure: measure, place: place, timePeriod: timePeriod, group: position)] = cells.count
                            cells.append(cell)
                        }
                    }
                }
            }
        }
        markWhatEmptyBandsGiveAway()
        suppressionSummary = suppression.applyPrimaryAndSecondary(to: &cells)
    }

    /// Sets each cell's `countIdentities` (`identitiesFromEmptyBands`).
    private mutating func markWhatEmptyBandsGiveAway() {
        let containing = topics.groups.map { containingGroups(of: $0.filterValues) }
        for (key, position) in index {
            cells[position].countIdentities = identitiesFromEmptyBands(
                containing: containing[key.group], measure: key.measure, place: key.place, timePeriod: key.timePeriod,
                localAuthority: cells[position].localAuthority)
        }
    }

    /// The positions of the groups that contain every pupil of a group with these filter values (its own included).
    private func containingGroups(of filterValues: [String]) -> [Int] {
        topics.groups.indices.filter { zip(topics.groups[$0].filterValues, filterValues).allSatisfy { $0 == PublishedFilter.total || $0 == $1 } }
    }

    /// What the histograms by characteristic give away about the counts of a group (the groups `containing` it by
    /// position), where its measure's bands split at the thresholds. They publish the empty bands of every group
    /// big enough to show its bands, and a band empty in a group is empty in every group it contains, at its place
    /// and (a school's) at its LA: so a group too small to show its own bands may still be known to have nobody at
    /// the higher standard, say. Secondary suppression must not rely on such a count to protect another.
    private func identitiesFromEmptyBands(containing: [Int], measure: BreakdownMeasure, place: PublishedPlace,
                                          timePeriod: String, localAuthority: String) -> CountIdentities {
        guard let banding = bandings[measure], banding.splitsAtThresholds else { return .none }
        var places = [place]
        if case .school = place { places.append(.localAuthority(oldCode: localAuthority)) }
        var zeroBands = Array(repeating: false, count: banding.labels.count)
        for place in places {
            for group in containing {
                guard let other = cell(measure, place: place, timePeriod: timePeriod, group: group),
                      !suppression.withholdsDenominator(other.pupilCount), let counts = other.bandCounts else { continue }
                for band in counts.indices where counts[band] == 0 { zeroBands[band] = true }
            }
        }
        return banding.identities(zeroBands: zeroBands)
    }

    /// What the histograms by characteristic give away about the counts of an `attainment.csv` row that this table
    /// does not publish (a three-way group with `--intersections two`): its bands are nowhere, but those of the
    /// groups containing it are (`identitiesFromEmptyBands`).
    func identitiesFromEmptyBands(of row: AttainmentCell) -> CountIdentities {
        guard let measure = Self.measure(of: row) else { return .none }
        return identitiesFromEmptyBands(containing: containingGroups(of: Self.filterValues(of: row)), measure: measure,
                                        place: row.place, timePeriod: row.timePeriod, localAuthority: row.localAuthority)
    }

    /// An `attainment.csv` row's subject as this table's measure.
    private static func measure(of row: AttainmentCell) -> BreakdownMeasure? {
        BreakdownMeasure.all.first { $0.ks2Subject == row.subject }
    }

    /// An `attainment.csv` row's group as this table's filter values.
    private static func filterValues(of row: AttainmentCell) -> [String] {
        var filterValues = Array(repeating: PublishedFilter.total, count: BreakdownDimension.allCases.count)
        filterValues[BreakdownDimension.sex.rawValue] = row.sex
        filterValues[BreakdownDimension.disadvantage.rawValue] = row.disadvantageStatus
        filterValues[BreakdownDimension.ethnicityMajor.rawValue] = row.ethnicityMajor
        return filterValues
    }

    /// The cell of a group (by its position in `topics.groups`).
    func cell(_ measure: BreakdownMeasure, place: PublishedPlace, timePeriod: String, group: Int) -> BreakdownCell? {
        index[Key(measure: measure, place: place, timePeriod: timePeriod, group: group)].map { cells[$0] }
    }

    /// What this table withholds of an `attainment.csv` row: the marks of the same group, place, year and KS2
    /// measure, or nil where this table has no such group, or its counts differ (then the row is not the same
    /// figure, and `attainment.csv` protects it on its own).
    func marks(of row: AttainmentCell) -> WithheldParts? {
        guard let group = groupPositions[Self.filterValues(of: row)],
              let measure = Self.measure(of: row),
              let cell = cell(measure, place: row.place, timePeriod: row.timePeriod, group: group),
              cell.pupilCount == row.pupilCount, cell.expectedStandardCount == row.expectedStandardCount,
              cell.higherStandardCount == row.higherStandardCount else { return nil }
        return cell.withheld
    }

    /// The group's pupils outside it at a place: their pupils, numbers reaching each standard and scores.
    func complementMembers(_ measure: BreakdownMeasure, place: PublishedPlace, timePeriod: String, group: BreakdownGroup) -> [BreakdownMember] {
        cohorts.members(measure, at: place, timePeriod: timePeriod).filter { !group.contains(cohorts.pupils[$0.pupil]) }
    }

    /// Number of cells with anything withheld.
    public var suppressedCellCount: Int { cells.count { !$0.withheld.isEmpty } }
}

extension BreakdownCell {
    static let percentiles: [Double] = [0.10, 0.25, 0.50, 0.75, 0.90]

    /// The indicator values in `attainment-by-characteristic.csv` column order: pupils, expected count and
    /// percentage, higher count and percentage, average score, p10, p25, p50, p75, p90. `c` withheld, `x` nothing
    /// to compute from, `z` not applicable to the measure. A `z` stays `z` in a withheld row: it discloses nothing.
    func indicatorFields(minimumPupilsForPercentiles: Int) -> [String] {
        let whole = withheld.contains(.wholeCell)
        let pupils = whole ? EESSymbol.suppressed : PublishedNumber.text(pupilCount)
        func standard(_ count: Int, _ part: WithheldParts) -> [String] {
            guard measure.hasThresholds, part != .higherStandard || measure.hasHigherStandard else {
                return [EESSymbol.notApplicable, EESSymbol.notApplicable]
            }
            if withheld.contains(part) || whole { return [EESSymbol.suppressed, EESSymbol.suppressed] }
            let percent = AttainmentCell.percent(count, of: pupilCount).map(PublishedNumber.text) ?? EESSymbol.notAvailable
            return [PublishedNumber.text(count), percent]
        }
        let scoreFields: [String]
        if let sortedScores {
            if whole || withheld.contains(.averageScore) {
                scoreFields = Array(repeating: EESSymbol.suppressed, count: 1 + Self.percentiles.count)
            } else if sortedScores.isEmpty {
                scoreFields = Array(repeating: EESSymbol.notAvailable, count: 1 + Self.percentiles.count)
            } else {
                let mean = PublishedNumber.text(SampleSummary(values: sortedScores).mean)
                let percentiles = Self.percentiles.map { p in
                    sortedScores.count < minimumPupilsForPercentiles ? EESSymbol.suppressed
                        : Percentiles.value(sorted: sortedScores, p: p).map(PublishedNumber.text) ?? EESSymbol.notAvailable
                }
                scoreFields = [mean] + percentiles
            }
        } else {
            scoreFields = Array(repeating: EESSymbol.notApplicable, count: 1 + Self.percentiles.count)
        }
        return [pupils] + standard(expectedStandardCount, .expectedStandard) + standard(higherStandardCount, .higherStandard) + scoreFields
    }
}
