import Foundation

/// Which parts of a published cell are withheld, and so written as `c`.
public struct WithheldParts: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Too few pupils: every count, percentage and average of the row.
    public static let wholeCell = WithheldParts(rawValue: 1 << 0)
    /// The number reaching the expected standard and its percentage.
    public static let expectedStandard = WithheldParts(rawValue: 1 << 1)
    /// The number reaching the higher standard and its percentage.
    public static let higherStandard = WithheldParts(rawValue: 1 << 2)
    /// The average scaled score, whose denominator is the pupils with a score.
    public static let averageScore = WithheldParts(rawValue: 1 << 3)
}

/// A cell of a published table that suppression can act on: one group of pupils and the counts within it.
public protocol SuppressibleCell {
    /// Pupils in the group (the percentages' denominator).
    var pupilCount: Int { get }
    var expectedStandardCount: Int { get }
    var higherStandardCount: Int { get }
    /// Pupils with a numeric score (the average's denominator); nil when the subject has no score.
    var scoredCount: Int? { get }
    var withheld: WithheldParts { get set }
}

/// Statistical disclosure control for published pupil counts (domain reference section 8).
///
/// DfE has no single rule; performance tables withheld denominators under 6 and numerators under 3, which are
/// the defaults here **(ours: configurable with `--min-denominator` and `--min-numerator`)**.
///
/// Choices **(ours)**:
/// - A count of 0 is published. An empty group says nothing about any pupil, and DfE publishes zeros; the
///   thresholds apply to counts of 1 to threshold - 1. So "numerator < 3" withholds 1 and 2.
/// - A withheld denominator withholds the whole row: every count, percentage and average.
/// - A withheld numerator withholds that count and its percentage only.
/// - An average scaled score is withheld when the pupils with a score number 1 to min-denominator - 1, since
///   those pupils are its denominator.
///
/// `apply(to:)` is primary suppression alone. Tables with margins use `applyPrimaryAndSecondary(to:)`, which adds
/// secondary (complementary) suppression so that no withheld count can be worked out from a margin and its
/// siblings:
///
/// - A *line* is a margin cell and the cells it sums along one filter, every other filter fixed. For attainment,
///   within one place, year and subject: the Total and each value of sex, of disadvantage or of ethnicity. With
///   `acrossPlaces`, within one LA, year and subject, also the LA's row and its schools' rows for one combination
///   of sex, disadvantage and ethnicity (an LA row minus the rows of all its schools but one gives that one,
///   whatever the number of schools). The three counts of a row (pupils, expected standard, higher standard) are
///   protected on their lines separately.
/// - A count is *known* when it is published, or when it is 0 and published zeros imply it (below a 0 margin, in
///   a row of 0 pupils, a higher count where the expected count is 0, a margin whose children are all known 0):
///   such a zero tells nothing the published zeros do not.
/// - A line *exposes* a count when exactly one of its counts is unknown (the standard rule: margin minus known
///   siblings), or when its margin is known and its unknown children are all 0 (their sum, margin minus the
///   known children, is 0) or all 1 (zeros are published, so every withheld count is at least 1, and a sum equal
///   to their number gives each away). A row exposes its withheld expected count when its published higher count
///   equals its published pupil count (higher implies expected).
/// - Each exposing line gets one more count withheld: the smallest non-zero published child, else the margin; a
///   zero only when nothing else is left (withholding a zero protects little); never an expected count its own
///   row would give back, unless nothing else is left. Withholding a pupil count withholds the whole row, as in
///   primary suppression; a withheld count always withholds its percentage. A row that exposes its expected count
///   gets its higher count withheld. When every published count of the line would stay known if withheld alone
///   (another file gives it back from a count beside it), the smallest goes with the counts that give it back.
/// - An exposing line with nothing left to withhold (every other cell withheld, known, or one the table may not
///   choose) gives its count away whatever is withheld: that count is known from then on, so no other line relies
///   on it (`SecondarySuppression.revealed`); a count withheld for its own sake given away so is counted as
///   unprotected. Where some cells may not be chosen, a candidate whose withholding would leave such a line is
///   passed over while another is left.
/// - Lines are visited pupils first, then expected, then higher; within each, lines along the first filter, then
///   the second, and so on (attainment: sex, disadvantage, ethnicity, then school), in table order; and again until
///   nothing changes. The result is deterministic.
/// - Unknown-sex pupils count in the sex Total only, so a sex line's Total exceeds its children; likewise pupils
///   whose results name no school count for the LA only. The rules ignore that and treat every line as exact:
///   those pupils may themselves be worked out (the overall Total minus Boys minus Girls), so they are not
///   relied on for protection.
///
/// What it does not cover: averages (their denominators, pupils with a score, are not published beside them);
/// interval reasoning beyond the zero and one bounds above (a withheld count bounded by published counts on
/// several lines); sums across LAs, years or subjects, which no published figure adds up; and, when `acrossPlaces`
/// is off, an LA row minus its other schools' rows. It is on by default, here as in `gaps-aggregate` (and so
/// every pipeline), unless told `--no-suppress-across-places` **(ours)**. Without it a
/// school's withheld count can be the LA's minus the other schools' whenever no other school's count is withheld
/// beside it, and the demo LA (10 schools) has such cases (see PublishingSuppressionAttackerTests). It costs
/// detail: in an LA where one school is tiny it withholds breakdowns of the school beside it. Turning it off
/// (`gaps-aggregate --no-suppress-across-places`) is only safe for files that publish the schools without the LA
/// row, or the LA row without its schools. An LA with exactly one school is safe either way: its rows equal the
/// school's, and the same table is always suppressed the same way.
public struct Suppression: Sendable, Equatable {
    public var minimumDenominator: Int
    public var minimumNumerator: Int
    /// Protect an LA's rows and its schools' rows together, so that no school's withheld count is the LA's minus
    /// the other schools' (see above).
    public var acrossPlaces: Bool

    public init(minimumDenominator: Int = 6, minimumNumerator: Int = 3, acrossPlaces: Bool = true) {
        self.minimumDenominator = minimumDenominator
        self.minimumNumerator = minimumNumerator
        self.acrossPlaces = acrossPlaces
    }

    /// True for 1 ..< minimumDenominator pupils.
    public func withholdsDenominator(_ count: Int) -> Bool {
        count > 0 && count < minimumDenominator
    }

    /// True for 1 ..< minimumNumerator pupils.
    public func withholdsNumerator(_ count: Int) -> Bool {
        count > 0 && count < minimumNumerator
    }

    /// The parts of one cell that primary suppression withholds.
    public func primaryWithheld(for cell: some SuppressibleCell) -> WithheldParts {
        if withholdsDenominator(cell.pupilCount) {
            return [.wholeCell, .expectedStandard, .higherStandard, .averageScore]
        }
        var parts: WithheldParts = []
        if withholdsNumerator(cell.expectedStandardCount) { parts.insert(.expectedStandard) }
        if withholdsNumerator(cell.higherStandardCount) { parts.insert(.higherStandard) }
        if let scored = cell.scoredCount, withholdsDenominator(scored) { parts.insert(.averageScore) }
        return parts
    }

    /// Marks what must be withheld in every cell. Primary suppression only (see the type's documentation).
    public func apply<Cell: SuppressibleCell>(to cells: inout [Cell]) {
        for index in cells.indices {
            cells[index].withheld.formUnion(primaryWithheld(for: cells[index]))
        }
    }
}
