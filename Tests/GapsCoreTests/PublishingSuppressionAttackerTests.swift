import Foundation
import Testing
@testable import GapsCore

/// A reader who tries to work out the withheld counts of one published attainment table (for example one LA with
/// its schools, one year and subject) from what is published beside them. Written independently of `SecondarySuppression`, from the
/// published strings alone; the true counts are used only to check whether a derivation is exact (a derivation
/// that gives a wrong value, such as Boys = Total - Girls when some pupils' sex is unknown, teaches nothing).
///
/// What the reader does, over and over until nothing new is learned:
/// - every line (a Total and its children along one filter, the others fixed), for each of pupil_count,
///   expected_standard_count and higher_standard_count: one unknown child = Total - known children; an unknown
///   Total = sum of known children; Total - known children = 0 makes every unknown child 0; Total - known children
///   = the number of unknown children makes every one of them 1 (zeros are published, so a withheld count is at
///   least 1);
/// - every row: a count from its published percentage and pupil count; a row of 0 pupils has 0 at each standard;
///   0 at the expected standard means 0 at the higher; higher = pupils means expected = pupils.
///
/// Some zeros follow from published zeros alone (a withheld count below a published 0 Total, or in a row of 0
/// pupils): `attack(zerosOnly: true)` finds just those, which tell nothing the published zeros do not.
struct SuppressionAttacker {
    struct Row {
        /// The row's filter values (sex, disadvantage status, ethnicity and, when places are attacked together,
        /// the school URN or Total for the LA's row).
        var filters: [String]
        /// pupil_count, expected_standard_count, expected_standard_percent, higher_standard_count,
        /// higher_standard_percent, as published.
        var published: [String]
        /// True pupils, expected and higher counts.
        var truth: [Int]
    }

    /// A withheld count the reader worked out exactly.
    struct Recovery: Hashable, CustomStringConvertible {
        var filters: [String]
        var column: String
        var value: Int
        var description: String { "\(filters.joined(separator: " / ")) \(column) = \(value)" }
    }

    static let columns = ["pupil_count", "expected_standard_count", "higher_standard_count"]
    /// Where each count and its percentage sit in `Row.published`.
    static let countField = [0, 1, 3]
    static let percentField = [nil, 2, 4]

    let rows: [Row]
    let lines: [[Int]]

    init(rows: [Row]) {
        self.rows = rows
        var position: [[String]: Int] = [:]
        for (index, row) in rows.enumerated() { position[row.filters] = index }
        var lines: [[Int]] = []
        for filter in 0..<(rows.first?.filters.count ?? 0) {
            var children: [Int: [Int]] = [:]
            for (index, row) in rows.enumerated() where row.filters[filter] != "Total" {
                var total = row.filters
                total[filter] = "Total"
                if let margin = position[total] { children[margin, default: []].append(index) }
            }
            lines += children.map { [$0.key] + $0.value }
        }
        self.lines = lines
    }

    /// Every withheld count the reader can work out exactly.
    func attack(zerosOnly: Bool = false) -> Set<Recovery> {
        var known: [[Int?]] = rows.map { row in Self.countField.map { Int(row.published[$0]) } }
        var recovered: Set<Recovery> = []
        var progress = true
        /// Learns all of `cells` at once, or none: a reader cannot tell which of a guessed set is right.
        func learn(_ cells: [(row: Int, count: Int)], _ value: (Int) -> Int) {
            let fresh = cells.filter { known[$0.row][$0.count] == nil }
            guard !fresh.isEmpty, fresh.allSatisfy({ value($0.row) == rows[$0.row].truth[$0.count] }) else { return }
            for cell in fresh {
                known[cell.row][cell.count] = rows[cell.row].truth[cell.count]
                recovered.insert(Recovery(filters: rows[cell.row].filters, column: Self.columns[cell.count],
                                          value: rows[cell.row].truth[cell.count]))
            }
            progress = true
        }
        while progress {
            progress = false
            for (index, row) in rows.enumerated() {
                if known[index][0] == 0 { learn([(index, 1), (index, 2)]) { _ in 0 } }
                if known[index][1] == 0 { learn([(index, 2)]) { _ in 0 } }
                if zerosOnly { continue }
                if let pupils = known[index][0] {
                    for count in 1...2 {
                        if let percent = Double(row.published[Self.percentField[count]!]) {
                            learn([(index, count)]) { _ in Int((percent * Double(pupils) / 100).rounded()) }
                        }
                    }
                    if pupils > 0, known[index][2] == pupils { learn([(index, 1)]) { _ in pupils } }
                }
            }
            for line in lines {
                let margin = line[0], children = Array(line.dropFirst())
                for count in 0..<3 {
                    let unknown = line.filter { known[$0][count] == nil }
                    guard !unknown.isEmpty else { continue }
                    let cells = unknown.map { (row: $0, count: count) }
                    if let total = known[margin][count] {
                        let residual = total - children.compactMap { known[$0][count] }.reduce(0, +)
                        if residual == 0 && (!zerosOnly || total == 0) {
                            learn(cells) { _ in 0 }
                        } else if !zerosOnly && unknown.count == 1 {
                            learn(cells) { _ in residual }
                        } else if !zerosOnly && residual == unknown.count {
                            learn(cells) { _ in 1 }
                        }
                    } else if unknown == [margin] {
                        let sum = children.map { known[$0][count]! }.reduce(0, +)
                        if !zerosOnly || sum == 0 { learn(cells) { _ in sum } }
                    }
                }
            }
        }
        return recovered
    }

    /// Recoveries beyond what published zeros imply: each one a disclosure.
    func disclosures() -> Set<Recovery> {
        attack().subtracting(attack(zerosOnly: true))
    }

    /// The rows of an attainment table as published (the cells of one LA and its schools, one year and subject),
    /// with the school as fourth filter (Total for the LA's row).
    static func rows(of cells: [AttainmentCell]) -> [Row] {
        cells.map { cell in
            Row(filters: [cell.sex, cell.disadvantageStatus, cell.ethnicityMajor, school(of: cell)],
                published: Array(cell.indicatorFields.prefix(5)),
                truth: [cell.pupilCount, cell.expectedStandardCount, cell.higherStandardCount])
        }
    }

    static func school(of cell: AttainmentCell) -> String {
        switch cell.place {
        case .localAuthority: "Total"
        case let .school(urn): urn
        }
    }

    /// The same rows as primary suppression alone would publish them (denominators under 6 and numerators under 3
    /// withheld, zeros shown), worked out here from the true counts: what the demo published before secondary
    /// suppression.
    static func primaryOnly(_ rows: [Row], minimumDenominator: Int = 6, minimumNumerator: Int = 3) -> [Row] {
        rows.map { row in
            var published = row.published
            let (pupils, expected, higher) = (row.truth[0], row.truth[1], row.truth[2])
            published[0] = String(pupils)
            published[1] = String(expected)
            published[2] = pupils > 0 ? formatNumber(100 * Double(expected) / Double(pupils)) : "x"
            published[3] = String(higher)
            published[4] = pupils > 0 ? formatNumber(100 * Double(higher) / Double(pupils)) : "x"
            if (1..<minimumDenominator).contains(pupils) {
                published = Array(repeating: "c", count: 5)
            }
            if (1..<minimumNumerator).contains(expected) { (published[1], published[2]) = ("c", "c") }
            if (1..<minimumNumerator).contains(higher) { (published[3], published[4]) = ("c", "c") }
            return Row(filters: row.filters, published: published, truth: row.truth)
        }
    }
}

/// The attacker against the whole demo LA, run through every stage in process as `EndToEndTests` does.
@Suite(.serialized) struct PublishingSuppressionAttackerTests {
    /// Rows of a published CSV keyed by column name.
    static func table(_ url: URL) throws -> [[String: String]] {
        let records = try CSVReader(path: url.path).readAll()
        let header = records[0].fields
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) }
    }

    static let counts = ["pupil_count", "expected_standard_count", "higher_standard_count"]
    static let published = ["pupil_count", "expected_standard_count", "expected_standard_percent",
                            "higher_standard_count", "higher_standard_percent"]

    /// One attacker per place, year and subject; or with `acrossPlaces` one per LA, year and subject over the LA's
    /// row and every school's rows together (the school as fourth filter, the LA's row its Total), so that it also
    /// tries LA-minus-other-schools lines. Published rows from `published`, true counts from a run with thresholds
    /// of 1 (nothing withheld).
    static func attackers(published: [[String: String]], truth: [[String: String]], acrossPlaces: Bool) -> [String: SuppressionAttacker] {
        var rows: [String: [SuppressionAttacker.Row]] = [:]
        for (shown, real) in zip(published, truth) {
            let school = shown["school_urn"]!.isEmpty ? "Total" : shown["school_urn"]!
            let place = acrossPlaces ? "LA \(shown["old_la_code"]!)" : "\(shown["old_la_code"]!)/\(school)"
            let key = "\(place) \(shown["time_period"]!) \(shown["subject"]!)"
            let filters = ["sex", "disadvantage_status", "ethnicity_major"].map { shown[$0]! } + [school]
            #expect(filters == ["sex", "disadvantage_status", "ethnicity_major"].map { real[$0]! } + [school])
            rows[key, default: []].append(SuppressionAttacker.Row(
                filters: filters, published: Self.published.map { shown[$0]! },
                truth: Self.counts.map { Int(real[$0]!)! }))
        }
        return rows.mapValues(SuppressionAttacker.init)
    }

    static func disclosures(_ attackers: [String: SuppressionAttacker]) -> [String] {
        attackers.sorted { $0.key < $1.key }.flatMap { table, attacker in attacker.disclosures().map { "\(table): \($0)" } }
    }

    @Test func theDemoGivesNothingAwayButBeforeSecondarySuppressionItDid() throws {
        let work = try EndToEndTests.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        func aggregate(_ name: String, _ suppression: Suppression) throws -> [[String: String]] {
            let out = work.appendingPathComponent(name)
            try AggregateStage.run(inputDirectory: work.appendingPathComponent("normalise").path, outputDirectory: out.path,
                                   options: AggregateOptions(suppression: suppression))
            return try Self.table(out.appendingPathComponent("attainment.csv"))
        }
        let published = try Self.table(work.appendingPathComponent("aggregate/attainment.csv"))
        let truth = try aggregate("aggregate-open", Suppression(minimumDenominator: 1, minimumNumerator: 1))
        let across = try aggregate("aggregate-across", Suppression(acrossPlaces: true))
        #expect(published.count == truth.count && across.count == truth.count)
        #expect(!truth.contains { row in row.values.contains("c") }, "thresholds of 1 withhold nothing")

        // Every school and the LA, 3 years (2018/19 from the KS4 pupils' own KS2 extract, 2022/23, 2023/24), 5
        // subjects: 165 tables, none gives anything away.
        let perPlace = Self.attackers(published: published, truth: truth, acrossPlaces: false)
        let years = Set(published.map { $0["time_period"]! })
        #expect(years.count == 3 && Set(published.map { $0["school_urn"]! }).count == 11)
        #expect(perPlace.count == 11 * years.count * 5)
        let leaks = Self.disclosures(perPlace)
        #expect(leaks.isEmpty, "\(leaks.count) withheld counts can be worked out: \(leaks.prefix(20))")

        // The attacker is not toothless: on the same tables with primary suppression alone (as the demo was
        // published before) it works out many withheld counts, such as All pupils 19 - Not known to be
        // disadvantaged 16 = 3 disadvantaged.
        let before = perPlace.values.flatMap { SuppressionAttacker(rows: SuppressionAttacker.primaryOnly($0.rows)).disclosures() }
        #expect(before.count { $0.value > 0 } > 10, "primary suppression alone leaked \(before.count) counts")

        // Across places: with `acrossPlaces` off an LA row minus its other schools' rows still gives some school
        // counts away (the documented limit of turning it off); with it on (the default, as published) nothing is
        // given away, LA-wide.
        let apart = try aggregate("aggregate-apart", Suppression(acrossPlaces: false))
        #expect(!Self.disclosures(Self.attackers(published: apart, truth: truth, acrossPlaces: true)).isEmpty)
        #expect(across == published)
        let acrossLeaks = Self.disclosures(Self.attackers(published: across, truth: truth, acrossPlaces: true))
        #expect(acrossLeaks.isEmpty, "\(acrossLeaks.count) withheld counts can be worked out: \(acrossLeaks.prefix(20))")

        // The manifest counts primary and secondary suppression apart.
        let manifest = try EndToEndTests.manifest(work.appendingPathComponent("aggregate"))
        #expect(manifest.inputs.flatMap(\.notes).contains { $0.contains("(primary: ") && $0.contains("(secondary: ") })
    }

    @Test func demoGapsAreWithheldExactlyWhenEitherSideIs() throws {
        let work = try EndToEndTests.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let attainment = try Self.table(work.appendingPathComponent("aggregate/attainment.csv"))
        let gaps = try Self.table(work.appendingPathComponent("aggregate/gaps.csv"))
        var byKey: [String: [String: String]] = [:]
        func key(_ row: [String: String], sex: String, disadvantage: String) -> String {
            [row["school_urn"]!, row["old_la_code"]!, row["time_period"]!, row["subject"]!, sex, disadvantage].joined(separator: "|")
        }
        for row in attainment where row["ethnicity_major"] == "Total" {
            byKey[key(row, sex: row["sex"]!, disadvantage: row["disadvantage_status"]!)] = row
        }
        var checked = 0
        for gap in gaps {
            let isSex = gap["breakdown"] == "Sex"
            let sides = [gap["group"]!, gap["comparison_group"]!].map { value in
                byKey[key(gap, sex: isSex ? value : "Total", disadvantage: isSex ? "Total" : value)]
            }
            let column: String
            switch gap["indicator"] {
            case "Expected standard": column = "expected_standard_percent"
            case "Higher standard": column = "higher_standard_percent"
            default: column = "average_score"
            }
            let sideWithheld = sides.contains { $0?[column] == "c" || $0?["pupil_count"] == "c" }
            #expect(sides.allSatisfy { $0 != nil })
            #expect((gap["gap"] == "c") == sideWithheld,
                    "\(gap["school_urn"]!) \(gap["time_period"]!) \(gap["subject"]!) \(gap["indicator"]!) \(gap["breakdown"]!)")
            checked += 1
        }
        #expect(checked == gaps.count && checked > 0)
        // Secondary suppression reaches the gaps: some gap is withheld although neither side is under the
        // thresholds (both sides' true counts are at least 6 pupils).
        let open = work.appendingPathComponent("aggregate-open")
        try AggregateStage.run(inputDirectory: work.appendingPathComponent("normalise").path, outputDirectory: open.path,
                               options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        let openGaps = try Self.table(open.appendingPathComponent("gaps.csv"))
        let withheldBySecondary = zip(gaps, openGaps).filter { shown, real in
            shown["indicator"] == "Expected standard" && shown["gap"] == "c"
                && Int(real["group_count"]!)! >= 6 && Int(real["comparison_count"]!)! >= 6
                && Int(real["group_value"].flatMap(Double.init).map { $0 * Double(real["group_count"]!)! / 100 }?.rounded() ?? 0) >= 3
                && Int(real["comparison_value"].flatMap(Double.init).map { $0 * Double(real["comparison_count"]!)! / 100 }?.rounded() ?? 0) >= 3
        }
        #expect(!withheldBySecondary.isEmpty)
    }
}
