import Foundation

/// A cell of a published table whose filters have margins: besides its counts, which table it belongs to and its
/// value of each filter, where the filter's margin (`Total`) holds the sum of the filter's other values.
///
/// Secondary suppression needs this to know which cells add up to which: a withheld count could otherwise be
/// worked out as a margin minus its published siblings.
public protocol MarginedCell: SuppressibleCell {
    associatedtype TableKey: Hashable
    /// Cells with the same key form one additive table (for attainment: one place, or one LA with its schools,
    /// one year and subject). Cells of different tables are never added together.
    var tableKey: TableKey { get }
    /// The cell's value of each filter, in the same filter order for every cell of a table.
    var filterValues: [String] { get }
    /// The filter value that marks a margin (EES: `Total`).
    static var marginLabel: String { get }
    /// What another published file gives away about the row's counts whatever this table withholds (secondary
    /// suppression treats those counts as known).
    var countIdentities: CountIdentities { get }
}

extension MarginedCell {
    public static var marginLabel: String { "Total" }
    public var countIdentities: CountIdentities { .none }
}

/// The counts of a row that margins add up. Each is protected on its own lines, since each is published as its
/// own column: `pupil_count`, `expected_standard_count`, `higher_standard_count`.
public enum MarginCount: Int, CaseIterable, Sendable {
    case pupils = 0
    case expectedStandard = 1
    case higherStandard = 2

    /// What withholding this count withholds. A withheld pupil count withholds the whole row, since every
    /// percentage and average of the row is computed from it; a withheld numerator withholds its percentage,
    /// since percentage x pupils / 100 gives it back.
    public var withheldParts: WithheldParts {
        switch self {
        case .pupils: [.wholeCell, .expectedStandard, .higherStandard, .averageScore]
        case .expectedStandard: .expectedStandard
        case .higherStandard: .higherStandard
        }
    }

    /// Whether the count is published as `c` in a row with these parts withheld.
    public func isWithheld(in withheld: WithheldParts) -> Bool {
        withheld.contains(.wholeCell) || (self != .pupils && withheld.contains(withheldParts))
    }

    public func value(of cell: some SuppressibleCell) -> Int {
        switch self {
        case .pupils: cell.pupilCount
        case .expectedStandard: cell.expectedStandardCount
        case .higherStandard: cell.higherStandardCount
        }
    }
}

/// The lines of an additive table: each a margin cell and the cells it sums, along one filter with every other
/// filter fixed.
enum MarginedTableLines {
    /// Lines as indices into `filterValues`, the margin first, then its children in the order given. Filter 0's
    /// lines come first, then filter 1's, and so on; within a filter, in the order of their margin cells.
    ///
    /// A line exists only where its margin cell exists; a table need not be complete, but a missing child simply
    /// is not part of the line, which is then treated as exact all the same (the safe assumption). Cells that
    /// repeat another cell's filter values are left out of every line.
    static func lines(filterValues: [[String]], margin: String) -> [[Int]] {
        var index: [[String]: Int] = [:]
        var repeated: Set<Int> = []
        for (position, values) in filterValues.enumerated() {
            if index[values] == nil { index[values] = position } else { repeated.insert(position) }
        }
        let filterCount = filterValues.map(\.count).max() ?? 0
        var lines: [[Int]] = []
        for filter in 0..<filterCount {
            var children: [Int: [Int]] = [:]
            for (position, values) in filterValues.enumerated()
            where !repeated.contains(position) && values.count == filterCount && values[filter] != margin {
                var marginValues = values
                marginValues[filter] = margin
                guard let total = index[marginValues] else { continue }
                children[total, default: []].append(position)
            }
            for total in children.keys.sorted() { lines.append([total] + children[total]!) }
        }
        return lines
    }
}
