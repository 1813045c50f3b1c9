import Foundation

/// What another published file gives away about one row's counts whatever this table withholds: counts that are 0,
/// and pairs of counts that are equal.
///
/// `histograms-by-characteristic.csv` publishes a group's empty bands. Where a measure's bands split cleanly at its
/// thresholds, nobody in the bands below the expected standard means the expected count is the pupil count;
/// nobody at or above it, that it is 0; nobody between the two standards, that the higher count is the expected
/// count. Secondary suppression treats a count such an identity gives back as known: withholding it protects
/// nothing, so it is never chosen as a complement, and nothing else relies on it.
public struct CountIdentities: Sendable, Equatable {
    /// Counts known to be 0.
    public var zero: Set<MarginCount> = []
    /// Pairs of counts known to be equal (each a set of two).
    public var equal: [Set<MarginCount>] = []

    public init(zero: Set<MarginCount> = [], equal: [Set<MarginCount>] = []) {
        self.zero = zero
        self.equal = equal
    }

    public static let none = CountIdentities()

    public var isEmpty: Bool { zero.isEmpty && equal.isEmpty }

    /// The counts a reader knows when the counts `isPublished` says are shown: those, the zeros, and (repeatedly)
    /// the partner of any known count in an equal pair.
    func known(published isPublished: (MarginCount) -> Bool) -> Set<MarginCount> {
        tied(to: Set(MarginCount.allCases.filter(isPublished)).union(zero))
    }

    /// `counts` and, repeatedly, the partner of any of them in an equal pair.
    func tied(to counts: Set<MarginCount>) -> Set<MarginCount> {
        var tied = counts
        var grew = true
        while grew {
            grew = false
            for pair in equal where !pair.isSubset(of: tied) && !pair.isDisjoint(with: tied) {
                tied.formUnion(pair)
                grew = true
            }
        }
        return tied
    }

    /// Without the equal pairs that involve any of `counts`: a count withheld for its own sake (primary
    /// suppression) is a secret, and treating it as known when its partner is shown would leave it unprotected
    /// (withholding the partner protects it). A zero stays: a secret is 0 only in a row withheld whole, and then
    /// the other file gives the 0 away whatever this one withholds.
    func excluding(_ counts: Set<MarginCount>) -> CountIdentities {
        CountIdentities(zero: zero, equal: equal.filter { $0.isDisjoint(with: counts) })
    }

    /// What a histogram whose bands split cleanly at the thresholds gives away about a group's row (see above):
    /// `higherStandard` only for a measure that has one.
    static func fromEmptyBands(pupils: Int, expected: Int, higher: Int, hasHigherStandard: Bool) -> CountIdentities {
        var identities = CountIdentities()
        if expected == 0 { identities.zero.insert(.expectedStandard) }
        if expected == pupils { identities.equal.append([.pupils, .expectedStandard]) }
        if hasHigherStandard {
            if higher == 0 { identities.zero.insert(.higherStandard) }
            if higher == expected { identities.equal.append([.expectedStandard, .higherStandard]) }
        }
        return identities
    }
}
