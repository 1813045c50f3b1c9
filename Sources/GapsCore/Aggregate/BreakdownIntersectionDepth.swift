import Foundation

/// How many characteristics the intersections of the breakdown files combine (`gaps-aggregate --intersections`)
/// **(ours)**. `three` (the default) publishes every breakdown of the domain reference: sex x disadvantage,
/// ethnicity major x disadvantage and sex x disadvantage x ethnicity major (and sex x ethnicity major, as
/// `attainment.csv` does). `two` leaves out the three-way groups,
/// which are most of the groups (2 sexes x 2 statuses x every major ethnic group) and so most of the rows of
/// `attainment-by-characteristic.csv`, `gaps-by-characteristic.csv` and `histograms-by-characteristic.csv`, and
/// nearly all of them withheld in a small school; for a large LA over many years.
public enum BreakdownIntersectionDepth: String, CaseIterable, Sendable {
    case two
    case three

    /// The most characteristics an intersection published at this depth combines.
    public var maximumCharacteristics: Int {
        switch self {
        case .two: 2
        case .three: 3
        }
    }
}
