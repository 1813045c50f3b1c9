import Foundation

/// How a withheld count could be worked out from one line of a table (a margin and its children along one filter,
/// the other filters fixed), given what is published and what published zeros imply.
enum LineExposure: Equatable {
    /// Exactly one cell of the line is unknown: it is the margin minus the others, or the sum of the children.
    case single
    /// The margin is known and the unknown children add up to 0, so every one of them is 0.
    case zeroResidual
    /// The margin is known and the unknown children are all 1: since zeros are published, a reader who knows the
    /// rules knows every withheld count is at least 1, and a residual equal to the number of unknown children
    /// gives each of them away.
    case allOnes
}

/// Secondary (complementary) suppression of one additive table: withholds further counts until no withheld count
/// can be worked out from the lines of the table (see `Suppression` for the rules and why).
///
/// Works on the three counts of every cell (`MarginCount`): `values[count][cell]` and `hidden[count][cell]`.
struct SecondarySuppression {
    let lines: [[Int]]
    let values: [[Int]]
    private(set) var hidden: [[Bool]]
    /// Counts whose value is 0 and follows from published zeros alone: a published 0, every count below a known
    /// 0 margin, every count of a row with 0 pupils, higher-standard counts of a row with 0 at the expected
    /// standard, and a margin whose children are all known zeros. Such a zero says nothing that the published
    /// zeros do not, so it is known, and it is not protected.
    private(set) var knownZero: [[Bool]] = []
    /// Cells never chosen as a complement, though published: counts that another published file shows as they are
    /// (a histogram's group totals repeat `attainment-by-characteristic.csv`), so withholding them here would hide
    /// nothing. Empty: every cell may be chosen.
    var fixed: [Bool] = []
    /// Per cell, what another published file gives away about its counts whatever is withheld here
    /// (`CountIdentities`): such a count is known. Empty: nothing.
    private(set) var identities: [CountIdentities] = []
    /// Per count, the withheld cells that a line gives away with nothing left on it to withhold (every other cell
    /// fixed, withheld or a zero that stays known): a reader works them out whatever else is withheld, so from then
    /// on they are known, and never relied on to protect another count on another line. Otherwise a reader who
    /// works one out goes on to the count it seemed to protect: a chain of lines, each protected on its own.
    private(set) var exposedAnyway: [Set<Int>] = [[], [], []]

    private static let pupils = MarginCount.pupils.rawValue
    private static let expected = MarginCount.expectedStandard.rawValue
    private static let higher = MarginCount.higherStandard.rawValue

    var cellCount: Int { values.first?.count ?? 0 }

    /// - Parameters:
    ///   - values: `[count][cell]`, counts in `MarginCount` order.
    ///   - hidden: what is already withheld (primary suppression), in the same layout. A withheld pupil count
    ///     must come with withheld numerators.
    ///   - identities: per cell, or empty. Those that involve a count already withheld are dropped (see
    ///     `CountIdentities.excluding`).
    init(lines: [[Int]], values: [[Int]], hidden: [[Bool]], identities: [CountIdentities] = []) {
        self.lines = lines
        self.values = values
        self.hidden = hidden
        self.identities = identities.enumerated().map { cell, identities in
            identities.isEmpty ? identities : identities.excluding(Set(MarginCount.allCases.filter { hidden[$0.rawValue][cell] }))
        }
        var linesOfCell = Array(repeating: [Int](), count: values.first?.count ?? 0)
        for (index, line) in lines.enumerated() {
            for cell in line { linesOfCell[cell].append(index) }
        }
        self.linesOfCell = linesOfCell
        updateKnownZeros()
    }

    /// The lines each cell is on (as margin or child), by index into `lines`.
    private let linesOfCell: [[Int]]

    /// Whether a published zero would still be known after withholding it, from one published line or its row
    /// alone: a line with a published 0 margin above it, a line whose children below it are all published zeros,
    /// a row with 0 pupils published, or (higher standard) 0 at the expected standard published. A shortcut that
    /// spares `complement` a trial withholding (which recomputes every known zero) where the answer is certain.
    private func staysKnownZero(_ count: Int, _ cell: Int) -> Bool {
        func publishedZero(_ count: Int, _ other: Int) -> Bool { other != cell && !hidden[count][other] && values[count][other] == 0 }
        func rowZero(_ other: Int) -> Bool { !hidden[other][cell] && values[other][cell] == 0 }
        if count != Self.pupils && rowZero(Self.pupils) { return true }
        if count == Self.higher && rowZero(Self.expected) { return true }
        for index in linesOfCell[cell] {
            let line = lines[index]
            if line[0] == cell {
                if line.count > 1 && line.dropFirst().allSatisfy({ publishedZero(count, $0) }) { return true }
            } else if publishedZero(count, line[0]) {
                return true
            }
        }
        return false
    }

    func isKnown(_ count: Int, _ cell: Int) -> Bool {
        !hidden[count][cell] || knownZero[count][cell] || (!exposedAnyway[count].isEmpty && exposedAnyway[count].contains(cell))
            || isGivenAway(count, cell, alsoWithholding: [])
    }

    /// Whether another file gives the count away (`identities`), with the counts `alsoWithholding` withheld too.
    private func isGivenAway(_ count: Int, _ cell: Int, alsoWithholding extra: Set<Int>) -> Bool {
        guard cell < identities.count, !identities[cell].isEmpty else { return false }
        return identities[cell].known { !hidden[$0.rawValue][cell] && !extra.contains($0.rawValue) }
            .contains(MarginCount(rawValue: count)!)
    }

    /// Whether the count would still be known after withholding it (a pupil count withholds its row): another
    /// file gives it away, so withholding it would protect nothing.
    private func staysGivenAway(_ count: Int, _ cell: Int) -> Bool {
        isGivenAway(count, cell, alsoWithholding: count == Self.pupils ? Set(MarginCount.allCases.map(\.rawValue)) : [count])
    }

    /// Withholds one count; a pupil count withholds its row's numerators too.
    mutating func hide(_ count: Int, _ cell: Int) {
        let affected = count == Self.pupils ? MarginCount.allCases.map(\.rawValue) : [count]
        // `knownZero` follows from which counts are published zeros alone: withholding a count that is not one
        // leaves it as it is, and recomputing it (every line, until nothing changes) is the costly part.
        let withholdsAZero = affected.contains { !hidden[$0][cell] && values[$0][cell] == 0 }
        for each in affected { hidden[each][cell] = true }
        if withholdsAZero { updateKnownZeros() }
    }

    /// Recomputes `knownZero` from what is published now (withholding a published 0 can make zeros unknown).
    private mutating func updateKnownZeros() {
        let counts = MarginCount.allCases.map(\.rawValue)
        var zero = counts.map { count in (0..<cellCount).map { !hidden[count][$0] && values[count][$0] == 0 } }
        var changed = true
        // Only a count that really is 0 is ever marked, so that inconsistent input cannot make a non-zero count
        // look safe.
        func mark(_ count: Int, _ cell: Int) {
            if !zero[count][cell] && values[count][cell] == 0 {
                zero[count][cell] = true
                changed = true
            }
        }
        while changed {
            changed = false
            for line in lines {
                for count in counts {
                    if zero[count][line[0]] {
                        for child in line.dropFirst() { mark(count, child) }
                    } else if line.dropFirst().allSatisfy({ zero[count][$0] }) {
                        mark(count, line[0])
                    }
                }
            }
            for cell in 0..<cellCount {
                if zero[Self.pupils][cell] {
                    mark(Self.expected, cell)
                    mark(Self.higher, cell)
                }
                if zero[Self.expected][cell] { mark(Self.higher, cell) }
            }
        }
        knownZero = zero
    }

    /// How `count` could be worked out on `line`, or nil when it cannot.
    func exposure(of line: [Int], count: Int) -> LineExposure? {
        let unknown = line.filter { !isKnown(count, $0) }
        if unknown.count == 1 { return .single }
        guard unknown.count >= 2, isKnown(count, line[0]) else { return nil }
        let unknownValues = unknown.map { values[count][$0] }
        if unknownValues.allSatisfy({ $0 == 0 }) { return .zeroResidual }
        if unknownValues.allSatisfy({ $0 == 1 }) { return .allOnes }
        return nil
    }

    /// Whether a cell's withheld expected-standard count can be read off its own row: pupils at the higher
    /// standard are at the expected standard too, so when every pupil of the row reached the higher standard
    /// (higher count = pupil count, both published), the expected count is the pupil count.
    func expectedIsPinnedByItsRow(_ cell: Int) -> Bool {
        !isKnown(Self.expected, cell) && rowPinsExpected(cell)
    }

    /// The row's published higher count equals its published, non-zero pupil count.
    private func rowPinsExpected(_ cell: Int) -> Bool {
        let pupils = values[Self.pupils][cell]
        return pupils > 0 && !hidden[Self.pupils][cell] && !hidden[Self.higher][cell] && values[Self.higher][cell] == pupils
    }

    /// The published cell of `line` to withhold next: the smallest non-zero child, then the margin if non-zero;
    /// a zero only when nothing else is left, and only one whose withholding makes it unknown. An expected count
    /// that its own row would give back (see `expectedIsPinnedByItsRow`) is taken only as a last resort.
    func complement(on line: [Int], count: Int) -> Int? {
        let margin = line[0]
        let children = Array(line.dropFirst())
        let published = { (cell: Int) in
            !self.hidden[count][cell] && !(cell < self.fixed.count && self.fixed[cell]) && !self.staysGivenAway(count, cell)
        }
        let pinned = { (cell: Int) in count == Self.expected && self.rowPinsExpected(cell) }
        let smallestFirst = { (a: Int, b: Int) in (self.values[count][a], a) < (self.values[count][b], b) }

        let nonZeroChildren = children.filter { published($0) && values[count][$0] > 0 }.sorted(by: smallestFirst)
        let marginIfNonZero = published(margin) && values[count][margin] > 0 ? [margin] : []
        for cell in nonZeroChildren + marginIfNonZero where !pinned(cell) { return cell }
        for cell in children + [margin] where published(cell) && values[count][cell] == 0 && !staysKnownZero(count, cell) {
            var trial = self
            trial.hide(count, cell)
            if !trial.knownZero[count][cell] { return cell }
        }
        return (nonZeroChildren + marginIfNonZero).first
    }

    /// Withholds complements until no line exposes a withheld count and no row pins one; a line with nothing left
    /// to withhold gives its counts away (`exposedAnyway`), which are then known. Returns the number of such lines
    /// and of exposures left (0 unless the table leaves no cell to withhold).
    mutating func protect() -> Int {
        var changed = true
        var givenAway = 0
        while changed {
            changed = false
            for count in MarginCount.allCases.map(\.rawValue) {
                for line in lines {
                    while exposure(of: line, count: count) != nil {
                        guard let cell = complement(on: line, count: count) else {
                            exposedAnyway[count].formUnion(line.filter { !isKnown(count, $0) })
                            givenAway += 1
                            changed = true
                            break
                        }
                        hide(count, cell)
                        changed = true
                    }
                }
            }
            for cell in 0..<cellCount where expectedIsPinnedByItsRow(cell) {
                hide(Self.higher, cell)
                changed = true
            }
        }
        return givenAway + remainingExposures()
    }

    /// Lines and rows from which a withheld count could still be worked out.
    func remainingExposures() -> Int {
        var exposures = 0
        for count in MarginCount.allCases.map(\.rawValue) {
            exposures += lines.count { exposure(of: $0, count: count) != nil }
        }
        exposures += (0..<cellCount).count { expectedIsPinnedByItsRow($0) }
        return exposures
    }
}

/// How many published counts suppression withheld: `pupil_count`, `expected_standard_count` and
/// `higher_standard_count` entries, and the rows with any of them withheld.
public struct SuppressionCounts: Sendable, Equatable {
    public var rows = 0
    public var pupilCounts = 0
    public var expectedStandardCounts = 0
    public var higherStandardCounts = 0

    public init(rows: Int = 0, pupilCounts: Int = 0, expectedStandardCounts: Int = 0, higherStandardCounts: Int = 0) {
        self.rows = rows
        self.pupilCounts = pupilCounts
        self.expectedStandardCounts = expectedStandardCounts
        self.higherStandardCounts = higherStandardCounts
    }

    /// Every withheld count.
    public var cells: Int { pupilCounts + expectedStandardCounts + higherStandardCounts }

    mutating func add(_ count: MarginCount) {
        switch count {
        case .pupils: pupilCounts += 1
        case .expectedStandard: expectedStandardCounts += 1
        case .higherStandard: higherStandardCounts += 1
        }
    }
}

/// What suppression withheld, primary (the thresholds) and secondary (so that nothing withheld can be worked out
/// from margins and siblings) counted apart, for the stage summary and manifest.
public struct SuppressionSummary: Sendable, Equatable, CustomStringConvertible {
    public var primary = SuppressionCounts()
    /// Counts withheld only by secondary suppression, including the numerators of a row whose pupil count it
    /// withheld.
    public var secondary = SuppressionCounts()
    /// Lines or rows from which a withheld count could still be worked out because nothing was left to withhold.
    /// Zero in every table we have seen; reported so that it can never be silently non-zero.
    public var unprotected = 0

    public init(primary: SuppressionCounts = SuppressionCounts(), secondary: SuppressionCounts = SuppressionCounts(), unprotected: Int = 0) {
        self.primary = primary
        self.secondary = secondary
        self.unprotected = unprotected
    }

    public var description: String {
        var text = "\(primary.cells) counts in \(primary.rows) rows withheld by the thresholds (primary: "
            + "\(primary.pupilCounts) pupil, \(primary.expectedStandardCounts) expected, \(primary.higherStandardCounts) higher), "
            + "\(secondary.cells) more in \(secondary.rows) rows so that none can be worked out (secondary: "
            + "\(secondary.pupilCounts) pupil, \(secondary.expectedStandardCounts) expected, \(secondary.higherStandardCounts) higher)"
        if unprotected > 0 { text += "; \(unprotected) lines could not be protected" }
        return text
    }
}

extension Suppression {
    /// Primary suppression (`apply(to:)`), then secondary suppression within each table (`MarginedCell.tableKey`).
    /// Only ever adds to `withheld`, so formatting and gaps downstream honour the final marks.
    @discardableResult
    public func applyPrimaryAndSecondary<Cell: MarginedCell>(to cells: inout [Cell]) -> SuppressionSummary {
        apply(to: &cells)
        var summary = SuppressionSummary()
        let afterPrimary = cells.map(\.withheld)
        for withheld in afterPrimary where !withheld.isEmpty {
            summary.primary.rows += 1
            for count in MarginCount.allCases where count.isWithheld(in: withheld) { summary.primary.add(count) }
        }

        var tables: [Cell.TableKey: [Int]] = [:]
        var tableOrder: [Cell.TableKey] = []
        for (position, cell) in cells.enumerated() {
            if tables[cell.tableKey] == nil { tableOrder.append(cell.tableKey) }
            tables[cell.tableKey, default: []].append(position)
        }
        for key in tableOrder {
            let members = tables[key]!
            let counts = MarginCount.allCases
            var protection = SecondarySuppression(
                lines: MarginedTableLines.lines(filterValues: members.map { cells[$0].filterValues }, margin: Cell.marginLabel),
                values: counts.map { count in members.map { count.value(of: cells[$0]) } },
                hidden: counts.map { count in members.map { count.isWithheld(in: cells[$0].withheld) } },
                identities: members.map { cells[$0].countIdentities })
            summary.unprotected += protection.protect()
            for (local, position) in members.enumerated() {
                for count in counts where protection.hidden[count.rawValue][local] {
                    cells[position].withheld.formUnion(count.withheldParts)
                }
            }
        }

        for (position, cell) in cells.enumerated() where cell.withheld != afterPrimary[position] {
            summary.secondary.rows += 1
            for count in MarginCount.allCases
            where count.isWithheld(in: cell.withheld) && !count.isWithheld(in: afterPrimary[position]) {
                summary.secondary.add(count)
            }
        }
        return summary
    }
}
