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
/// Only primary suppression is done so far. Secondary (complementary) suppression, so that a withheld cell
/// cannot be recovered from a total and its siblings, belongs in `apply(to:)` as a second pass over the cells
/// that share a margin (same place, year and subject, all filters but one fixed); it only ever adds to
/// `withheld`, so everything downstream (formatting, gaps) already honours it.
public struct Suppression: Sendable, Equatable {
    public var minimumDenominator: Int
    public var minimumNumerator: Int

    public init(minimumDenominator: Int = 6, minimumNumerator: Int = 3) {
        self.minimumDenominator = minimumDenominator
        self.minimumNumerator = minimumNumerator
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
