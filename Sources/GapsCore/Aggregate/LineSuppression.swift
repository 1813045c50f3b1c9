/// Secondary (complementary) suppression over additive lines of counts.
///
/// A **line** is a set of cells that add up to a published total: the schools of an LA, the schools in one
/// quintile, the five quintiles. If exactly one cell of a line is withheld while the total is shown, the withheld
/// value is the total minus the others, so a second cell must be withheld too.
///
/// Rule **(ours, following the usual complementary-suppression practice)**, repeated until nothing changes
/// (each pass only adds to what is withheld, so it ends):
/// - in a line whose total is shown, when exactly one member is withheld, withhold the smallest non-zero member
///   still shown (ties: the first in line order);
/// - when no member is non-zero and shown (every other member is 0, or there is none), withhold the total.
/// Zeros are never chosen: a withheld zero protects nothing that a reader cannot see.
public struct LineSuppression: Sendable {
    /// Members that add up to `total`; indices into the cell list.
    public struct Line: Sendable, Equatable {
        public var members: [Int]
        public var total: Int

        public init(members: [Int], total: Int) {
            self.members = members
            self.total = total
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    /// Returns `withheld` extended so that no withheld value can be recovered from a line's total.
    /// - Parameters:
    ///   - values: every cell's count.
    ///   - withheld: the cells primary suppression withholds.
    public func apply(values: [Int], withheld: Set<Int>) -> Set<Int> {
        var withheld = withheld
        var changed = true
        while changed {
            changed = false
            for line in lines where !withheld.contains(line.total) {
                let hidden = line.members.filter { withheld.contains($0) }
                guard hidden.count == 1 else { continue }
                let candidates = line.members.filter { !withheld.contains($0) && values[$0] != 0 }
                if let smallest = candidates.min(by: { values[$0] < values[$1] }) {
                    withheld.insert(smallest)
                } else {
                    withheld.insert(line.total)
                }
                changed = true
            }
        }
        return withheld
    }
}
