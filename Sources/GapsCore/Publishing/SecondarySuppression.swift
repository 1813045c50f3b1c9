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
    /// Counts whose value is 0 and follows from known zeros alone: a published 0 (or one another file gives away,
    /// or a line gives back), every count below a known 0 margin, every count of a row with 0 pupils,
    /// higher-standard counts of a row with 0 at the expected standard, and a margin whose children are all known
    /// zeros. Such a zero says nothing that the known zeros do not, so it is known, and it is not protected.
    private(set) var knownZero: [[Bool]] = []
    /// Withheld counts that a line gives back with nothing left on it to withhold (every other count of the line
    /// is known, or shown by another file and `fixed`): known to a reader, so `protect` protects the other lines
    /// around them. Only counts withheld with their row or by another file's suppression can end up here, unless
    /// the tables leave no way to protect a secret (then `protect` reports it).
    private(set) var revealed: [[Bool]] = []
    /// Counts withheld for their own sake (primary suppression), in the `values` layout.
    let secrets: [[Bool]]
    /// Cells never chosen as a complement, though published: counts that another published file shows as they are
    /// (a histogram's group totals repeat `attainment-by-characteristic.csv`), so withholding them here would hide
    /// nothing. Empty: every cell may be chosen.
    var fixed: [Bool] = []
    /// Per cell, what another published file gives away about its counts whatever is withheld here
    /// (`CountIdentities`): such a count is known. Empty: nothing.
    let identities: [CountIdentities]

    private static let pupils = MarginCount.pupils.rawValue
    private static let expected = MarginCount.expectedStandard.rawValue
    private static let higher = MarginCount.higherStandard.rawValue

    var cellCount: Int { values.first?.count ?? 0 }

    private func isFixed(_ cell: Int) -> Bool { cell < fixed.count && fixed[cell] }

    /// - Parameters:
    ///   - values: `[count][cell]`, counts in `MarginCount` order.
    ///   - hidden: what is already withheld (primary suppression), in the same layout. A withheld pupil count
    ///     must come with withheld numerators.
    ///   - identities: per cell, or empty. Those that involve a secret are dropped (see `CountIdentities.excluding`).
    ///   - secrets: the counts withheld for their own sake, in the same layout; nil: every count of `hidden`. Less
    ///     than `hidden` when some counts were withheld by another file's secondary suppression, which an identity
    ///     may still give away.
    init(lines: [[Int]], values: [[Int]], hidden: [[Bool]], identities: [CountIdentities] = [], secrets: [[Bool]]? = nil) {
        self.lines = lines
        self.values = values
        self.hidden = hidden
        let secrets = secrets ?? hidden
        self.secrets = secrets
        revealed = hidden.map { $0.map { _ in false } }
        self.identities = identities.enumerated().map { cell, identities in
            identities.isEmpty ? identities : identities.excluding(Set(MarginCount.allCases.filter { secrets[$0.rawValue][cell] }))
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
        !hidden[count][cell] || knownZero[count][cell] || revealed[count][cell] || isGivenAway(count, cell, alsoWithholding: [])
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
        var zero = counts.map { count in
            (0..<cellCount).map { cell in
                values[count][cell] == 0
                    && (!hidden[count][cell] || revealed[count][cell] || isGivenAway(count, cell, alsoWithholding: []))
            }
        }
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
    ///
    /// With `fixed` cells, a candidate whose withholding would expose a line left with nothing to withhold (say a
    /// margin whose children are all fixed and published, which give it back) is passed over while another is
    /// left: without fixed cells some count of such a line could always be withheld next.
    func complement(on line: [Int], count: Int) -> Int? {
        complement(on: line, count: count, lookingAhead: !fixed.isEmpty)
    }

    private func complement(on line: [Int], count: Int, lookingAhead: Bool) -> Int? {
        let margin = line[0]
        let children = Array(line.dropFirst())
        let published = { (cell: Int) in
            !self.hidden[count][cell] && !self.isFixed(cell) && !self.staysGivenAway(count, cell)
        }
        let pinned = { (cell: Int) in count == Self.expected && self.rowPinsExpected(cell) }
        let smallestFirst = { (a: Int, b: Int) in (self.values[count][a], a) < (self.values[count][b], b) }

        let nonZeroChildren = children.filter { published($0) && values[count][$0] > 0 }.sorted(by: smallestFirst)
        let marginIfNonZero = published(margin) && values[count][margin] > 0 ? [margin] : []
        let protectable = { (cell: Int) in !lookingAhead || !self.leavesAnUnprotectableLine(count, cell) }
        let nonZero = nonZeroChildren + marginIfNonZero
        for cell in nonZero where !pinned(cell) && protectable(cell) { return cell }
        for cell in children + [margin] where published(cell) && values[count][cell] == 0 && !staysKnownZero(count, cell) {
            var trial = self
            trial.hide(count, cell)
            if !trial.knownZero[count][cell] && protectable(cell) { return cell }
        }
        return nonZero.first { !pinned($0) } ?? nonZero.first
    }

    /// When `complement` finds nothing because every published count of the line would stay known if withheld
    /// alone (another file gives it back from a count beside it, say expected = higher with the higher count
    /// shown): a cell to withhold the count of together with the counts that give it back (`withheldTogether`),
    /// the smallest count first, among cells that are not `fixed`.
    private func complementWithPartners(on line: [Int], count: Int) -> (cell: Int, counts: [Int])? {
        let candidates = line.filter { !hidden[count][$0] && values[count][$0] > 0 && !isFixed($0) }
        return candidates.sorted { (values[count][$0], $0) < (values[count][$1], $1) }.lazy
            .compactMap { cell in withheldTogether(count, cell).map { (cell, $0) } }.first
    }

    /// The count and the counts of its row that an equal pair (`identities`) ties it to, repeatedly; the pupil
    /// count alone (which withholds the row) if that takes it in. Nil when the count stays known all the same (it
    /// is 0).
    private func withheldTogether(_ count: Int, _ cell: Int) -> [Int]? {
        guard cell < identities.count else { return nil }
        let together = identities[cell].tied(to: [MarginCount(rawValue: count)!])
        let all = MarginCount.allCases.map(\.rawValue)
        let counts = together.contains(.pupils) ? [Self.pupils] : together.map(\.rawValue).sorted()
        return isGivenAway(count, cell, alsoWithholding: Set(together.contains(.pupils) ? all : counts)) ? nil : counts
    }

    /// Whether withholding the count would expose a line (of the cell, for each count it withholds) on which
    /// nothing is left to withhold.
    private func leavesAnUnprotectableLine(_ count: Int, _ cell: Int) -> Bool {
        var trial = self
        trial.hide(count, cell)
        let affected = count == Self.pupils ? MarginCount.allCases.map(\.rawValue) : [count]
        return affected.contains { each in
            linesOfCell[cell].contains { index in
                trial.exposure(of: lines[index], count: each) != nil
                    && trial.complement(on: lines[index], count: each, lookingAhead: false) == nil
            }
        }
    }

    /// Withholds complements until no line exposes a withheld count and no row pins one. A line with nothing left
    /// to withhold (see `revealed`) gives its counts back, and the other lines are protected around them. Returns
    /// the number of secrets given back so, and of exposures left (0 unless the tables leave no way to protect).
    mutating func protect() -> Int {
        var changed = true
        while changed {
            changed = false
            for count in MarginCount.allCases.map(\.rawValue) {
                for line in lines {
                    while exposure(of: line, count: count) != nil {
                        if let cell = complement(on: line, count: count) {
                            hide(count, cell)
                        } else if let (cell, counts) = complementWithPartners(on: line, count: count) {
                            for each in counts { hide(each, cell) }
                        } else {
                            reveal(on: line, count: count)
                        }
                        changed = true
                    }
                }
            }
            for cell in 0..<cellCount where expectedIsPinnedByItsRow(cell) {
                hide(Self.higher, cell)
                changed = true
            }
        }
        return remainingExposures()
    }

    /// Marks the unknown counts of an exposing line on which nothing is left to withhold as known (`revealed`).
    private mutating func reveal(on line: [Int], count: Int) {
        let unknown = line.filter { !isKnown(count, $0) }
        for cell in unknown { revealed[count][cell] = true }
        if unknown.contains(where: { values[count][$0] == 0 }) { updateKnownZeros() }
    }

    /// Secrets (counts withheld for their own sake) that a line gives back, and lines and rows from which a
    /// withheld count could still be worked out (none once `protect` has run). A `fixed` cell's secrets are the
    /// other file's to protect, on its own lines.
    func remainingExposures() -> Int {
        var exposures = 0
        for count in MarginCount.allCases.map(\.rawValue) {
            exposures += lines.count { exposure(of: $0, count: count) != nil }
            exposures += (0..<cellCount).count { revealed[count][$0] && secrets[count][$0] && !isFixed($0) }
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
    /// Counts withheld for their own sake that a line gives back because nothing was left on it to withhold (see
    /// `SecondarySuppression.revealed`). Zero in every table we have seen; reported so that it can never be
    /// silently non-zero.
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
        if unprotected > 0 { text += "; \(unprotected) withheld counts could not be protected" }
        return text
    }
}

extension Suppression {
    /// Primary suppression (`apply(to:)`), then secondary suppression within each table (`MarginedCell.tableKey`).
    /// Only ever adds to `withheld`, so formatting and gaps downstream honour the final marks.
    ///
    /// - Parameter settledElsewhere: per cell, or empty: the marks of the same counts in another published file
    ///   (nil where that file does not publish the cell). Such a cell takes those marks and is never chosen as a
    ///   complement, so that the two files show and withhold the same counts; the other cells are protected around
    ///   them.
    @discardableResult
    public func applyPrimaryAndSecondary<Cell: MarginedCell>(to cells: inout [Cell],
                                                              settledElsewhere: [WithheldParts?] = []) -> SuppressionSummary {
        apply(to: &cells)
        var summary = SuppressionSummary()
        let afterPrimary = cells.map(\.withheld)
        for withheld in afterPrimary where !withheld.isEmpty {
            summary.primary.rows += 1
            for count in MarginCount.allCases where count.isWithheld(in: withheld) { summary.primary.add(count) }
        }
        for (position, marks) in settledElsewhere.enumerated() {
            if let marks { cells[position].withheld.formUnion(marks) }
        }

        var tables: [Cell.TableKey: [Int]] = [:]
        var tableOrder: [Cell.TableKey] = []
        for (position, cell) in cells.enumerated() {
            if tables[cell.tableKey] == nil { tableOrder.append(cell.tableKey) }
            tables[cell.tableKey, default: []].append(position)
        }
        for key in tableOrder {
            let members = tables[key]!
            // A table whose every cell is settled elsewhere is protected there, on lines that include these.
            if !settledElsewhere.isEmpty && members.allSatisfy({ settledElsewhere[$0] != nil }) { continue }
            let counts = MarginCount.allCases
            var protection = SecondarySuppression(
                lines: MarginedTableLines.lines(filterValues: members.map { cells[$0].filterValues }, margin: Cell.marginLabel),
                values: counts.map { count in members.map { count.value(of: cells[$0]) } },
                hidden: counts.map { count in members.map { count.isWithheld(in: cells[$0].withheld) } },
                identities: members.map { cells[$0].countIdentities },
                secrets: counts.map { count in members.map { count.isWithheld(in: afterPrimary[$0]) } })
            if !settledElsewhere.isEmpty { protection.fixed = members.map { settledElsewhere[$0] != nil } }
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
