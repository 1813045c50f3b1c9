import Foundation

/// One row of `attainment.csv` before formatting: a group of pupils at one place, in one year and subject.
public struct AttainmentCell: SuppressibleCell, Sendable, Equatable {
    public var place: PublishedPlace
    public var timePeriod: String
    public var subject: KS2Subject
    public var sex: String
    public var disadvantageStatus: String
    public var ethnicityMajor: String
    public var pupilCount: Int
    public var expectedStandardCount: Int
    public var higherStandardCount: Int
    /// The scaled scores of the group; nil for subjects without one (writing, RWM).
    public var scores: SampleSummary?
    public var withheld: WithheldParts = []
    /// The LA of the place (the LA's own number for an LA row), which sums its schools' rows.
    public var localAuthority = ""
    /// Whether secondary suppression protects the cell with its LA's other places (`Suppression.acrossPlaces`).
    public var protectedAcrossPlaces = false
    /// What the empty bands in `histograms.csv` and `histograms-by-characteristic.csv` give away about the group's
    /// counts (a single subject): with the breakdown table, those of the groups containing it
    /// (`BreakdownTable.identitiesFromEmptyBands(of:)`) where that table does not publish it; without, its own.
    public var countIdentities = CountIdentities.none

    public var scoredCount: Int? { scores?.count }

    /// The share of the group reaching a standard, 0-100; nil for an empty group.
    static func percent(_ count: Int, of total: Int) -> Double? {
        total > 0 ? 100 * Double(count) / Double(total) : nil
    }
}

/// Which cell of the complete matrix.
struct CellKey: Hashable {
    var place: PublishedPlace
    var timePeriod: String
    var subject: KS2Subject
    var sex: String
    var disadvantageStatus: String
    var ethnicityMajor: String
}

/// The complete matrix of attainment cells: every place x year x subject x sex x disadvantage x ethnicity,
/// including Totals and empty groups, with suppression marked.
public struct AttainmentTable: Sendable {
    public private(set) var cells: [AttainmentCell] = []
    private var index: [CellKey: Int] = [:]

    /// Sex, disadvantage and ethnicity filter values, each with its Total first.
    public let sexes: [String]
    public let disadvantageStatuses: [String]
    public let ethnicities: [String]
    /// What primary and secondary suppression withheld.
    public private(set) var suppressionSummary = SuppressionSummary()

    /// - Parameter breakdowns: the table of `attainment-by-characteristic.csv`, which publishes every group here
    ///   (with `--intersections two`, all but the three-way groups): each such row takes its marks there
    ///   (`Suppression.applyPrimaryAndSecondary`), so that the two files never show a count that the other
    ///   withholds; any other row is protected around them.
    public init(cohorts: KS2Cohorts, suppression: Suppression, breakdowns: BreakdownTable? = nil) {
        sexes = [PublishedFilter.total] + PublishedFilter.sexes
        disadvantageStatuses = [PublishedFilter.total] + PublishedFilter.disadvantageStatuses
        ethnicities = [PublishedFilter.total] + cohorts.ethnicities.filter { $0 != PublishedFilter.total }
        let places = cohorts.places
        for timePeriod in cohorts.timePeriods {
            for place in places {
                let localAuthority: String
                switch place {
                case let .localAuthority(oldCode): localAuthority = oldCode
                case let .school(urn): localAuthority = cohorts.schools[urn]?.la ?? ""
                }
                for subject in KS2Subject.allCases {
                    let members = cohorts.members(at: place, timePeriod: timePeriod, subject: subject)
                    for sex in sexes {
                        for status in disadvantageStatuses {
                            for ethnicity in ethnicities {
                                let group = members.filter {
                                    $0.matches(sex: sex, disadvantageStatus: status, ethnicityMajor: ethnicity)
                                }
                                var cell = AttainmentCell(
                                    place: place, timePeriod: timePeriod, subject: subject, sex: sex,
                                    disadvantageStatus: status, ethnicityMajor: ethnicity, pupilCount: group.count,
                                    expectedStandardCount: group.count(where: \.meetsExpected),
                                    higherStandardCount: group.count(where: \.meetsHigher),
                                    scores: subject.hasScaledScore ? SampleSummary(values: group.compactMap(\.scaledScore)) : nil)
                                cell.localAuthority = localAuthority
                                cell.protectedAcrossPlaces = suppression.acrossPlaces
                                // Every single subject has a histogram by group (scaled-score bands, whose edges are
                                // the thresholds; writing's outcome codes). Where its bands do not split cleanly the
                                // identities only make suppression more careful. With the breakdown table they come from it (below).
                                if breakdowns == nil && subject.measure != nil && !suppression.withholdsDenominator(group.count) {
                                    cell.countIdentities = .fromEmptyBands(pupils: cell.pupilCount, expected: cell.expectedStandardCount,
                                                                           higher: cell.higherStandardCount, hasHigherStandard: true)
                                }
                                index[CellKey(place: place, timePeriod: timePeriod, subject: subject, sex: sex,
                                              disadvantageStatus: status, ethnicityMajor: ethnicity)] = cells.count
                                cells.append(cell)
                            }
                        }
                    }
                }
            }
        }
        let settled = breakdowns.map { breakdowns in cells.map { breakdowns.marks(of: $0) } } ?? []
        if let breakdowns {
            for position in cells.indices where settled[position] == nil {
                cells[position].countIdentities = breakdowns.identitiesFromEmptyBands(of: cells[position])
            }
        }
        suppressionSummary = suppression.applyPrimaryAndSecondary(to: &cells, settledElsewhere: settled)
        Self.withholdAverages(&cells, suppression: suppression)
    }

    func cell(_ key: CellKey) -> AttainmentCell? {
        index[key].map { cells[$0] }
    }

    /// Number of cells with anything withheld.
    public var suppressedCellCount: Int { cells.count { !$0.withheld.isEmpty } }
}

/// Which attainment table a cell adds up in: one place, year and subject, or with `Suppression.acrossPlaces` one
/// LA (with its schools), year and subject (`place` nil).
public struct AttainmentTableKey: Hashable, Sendable {
    public var localAuthority: String
    public var timePeriod: String
    public var subject: KS2Subject
    public var place: PublishedPlace?
}

/// Within a place, year and subject, sex, disadvantage and ethnicity each have a Total that sums the others; and
/// an LA's row sums its schools' rows: four filters, the fourth the school, whose Total is the LA (a table of one
/// place has no lines along it). Two margins can exceed their children: sex (unknown-sex pupils count in its
/// Total only) and school (pupils whose results name no school count for the LA only); see `Suppression` for why
/// that is not relied on.
extension AttainmentCell: MarginedCell {
    public static var marginLabel: String { PublishedFilter.total }
    public var tableKey: AttainmentTableKey {
        AttainmentTableKey(localAuthority: localAuthority, timePeriod: timePeriod, subject: subject,
                           place: protectedAcrossPlaces ? nil : place)
    }
    public var filterValues: [String] {
        [sex, disadvantageStatus, ethnicityMajor, place.schoolFilterValue]
    }
}

/// How published numbers are written: full precision, no needless ".0" (EES rounds for display using the meta's
/// `indicator_dp`).
enum PublishedNumber {
    static func text(_ value: Int) -> String { String(value) }
    static func text(_ value: Double) -> String { formatNumber(value) }
}

extension AttainmentCell {
    /// The indicator values in `attainment.csv` column order, with symbols for what is withheld (`c`), not
    /// available (`x`, nothing to compute from) and not applicable (`z`). A `z` stays `z` in a withheld row: it
    /// discloses nothing.
    var indicatorFields: [String] {
        let whole = withheld.contains(.wholeCell)
        let pupils = whole ? EESSymbol.suppressed : PublishedNumber.text(pupilCount)
        func standard(_ count: Int, _ part: WithheldParts) -> (count: String, percent: String) {
            if withheld.contains(part) { return (EESSymbol.suppressed, EESSymbol.suppressed) }
            let percent = Self.percent(count, of: pupilCount).map(PublishedNumber.text) ?? EESSymbol.notAvailable
            return (PublishedNumber.text(count), percent)
        }
        let expected = standard(expectedStandardCount, .expectedStandard)
        let higher = standard(higherStandardCount, .higherStandard)
        let average: String
        if let scores {
            if withheld.contains(.averageScore) {
                average = EESSymbol.suppressed
            } else {
                average = scores.count > 0 ? PublishedNumber.text(scores.mean) : EESSymbol.notAvailable
            }
        } else {
            average = EESSymbol.notApplicable
        }
        return [pupils, expected.count, expected.percent, higher.count, higher.percent, average]
    }
}
