import Foundation
import Testing
@testable import GapsCore

/// Secondary suppression of the counts of `entitlement.csv` and `progress.csv`: a count that primary suppression
/// withholds must not follow from its line (a Total minus the published siblings, or the LA minus its schools).
@Suite struct ProgressSuppressionRecoveryTests {
    static let la = PublishedPlace.localAuthority(oldCode: "999")

    /// One entitlement, sex Total, by disadvantage. Disadvantaged: 8 pupils, 8 judged, 2 entitled (withheld by
    /// primary suppression, 2 < 3); not disadvantaged: 12, 12, 8; Total 20, 20, 10. Without secondary
    /// suppression 10 - 8 = 2 gives the withheld count back, so the smallest published sibling, 8 (not
    /// disadvantaged), is withheld with its percentage; the Total and every pupil and judged count stay.
    @Test func entitledComplementIsWithheld() {
        let entitlement = Entitlement.any
        var rows: [(place: PublishedPlace, fields: [String], counts: [Int])] = [
            (Self.la, [entitlement, "Total", "Total", "20", "20", "10", "50"], [20, 20, 10]),
            (Self.la, [entitlement, "Total", "Disadvantaged", "8", "8", "c", "c"], [8, 8, 2]),
            (Self.la, [entitlement, "Total", "Not known to be disadvantaged", "12", "12", "8", "66.6666666667"], [12, 12, 8]),
        ]
        EntitlementTable.withholdCounts(&rows, cohorts: KS2Cohorts(), suppression: Suppression())
        #expect(rows[0].fields.suffix(4) == ["20", "20", "10", "50"])
        #expect(rows[1].fields.suffix(4) == ["8", "8", "c", "c"])
        #expect(rows[2].fields.suffix(4) == ["12", "12", "c", "c"])
    }

    /// A withheld zero protects nothing and is not needed: Disadvantaged 0 entitled is published, so with a
    /// Total of 10 and nothing withheld, nothing changes.
    @Test func nothingWithheldWhenNothingIsSmall() {
        let entitlement = Entitlement.any
        let original: [(place: PublishedPlace, fields: [String], counts: [Int])] = [
            (Self.la, [entitlement, "Total", "Total", "20", "20", "10", "50"], [20, 20, 10]),
            (Self.la, [entitlement, "Total", "Disadvantaged", "8", "8", "0", "0"], [8, 8, 0]),
            (Self.la, [entitlement, "Total", "Not known to be disadvantaged", "12", "12", "10", "83.3333333333"], [12, 12, 10]),
        ]
        var rows = original
        EntitlementTable.withholdCounts(&rows, cohorts: KS2Cohorts(), suppression: Suppression())
        #expect(rows.map(\.fields) == original.map(\.fields))
    }

    /// progress.csv, one subject, band and disadvantage Total, by sex. Boys: 10 pupils, 2 with prior attainment
    /// (withheld, 2 < 3, and so every share over it), 1 not progressing; Girls: 10, 10, 5; Total 20, 12, 6.
    /// 12 - 10 = 2 and 6 - 5 = 1 would give Boys' counts back, so Girls' with-prior count (10) and not-progressing
    /// count (5) are withheld; a withheld denominator withholds every percentage over it, while Girls' published
    /// zero counts stay (a zero Total makes them known anyway). The Total row is untouched.
    @Test func progressWithPriorAndShareComplementsAreWithheld() {
        let z = EESSymbol.notApplicable
        func fields(_ sex: String, _ indicators: [String]) -> [String] { ["Reading", "Total", "Total", sex] + indicators }
        var rows: [(place: PublishedPlace, fields: [String], scoredCount: Int?, counts: [Int])] = [
            (Self.la, fields("Total", ["20", "12", "10", "0.5", z, z, z, z, z, "0", "0", "0", "0", "0", "0", "6", "50"]), 10,
             [20, 12, 0, 0, 0, 0, 0, 6]),
            (Self.la, fields("Boys", ["10", "c", "c", "c", z, z, z, z, z, "c", "c", "c", "c", "c", "c", "c", "c"]), 2,
             [10, 2, 0, 0, 0, 0, 0, 1]),
            (Self.la, fields("Girls", ["10", "10", "8", "0.4", z, z, z, z, z, "0", "0", "0", "0", "0", "0", "5", "50"]), 8,
             [10, 10, 0, 0, 0, 0, 0, 5]),
        ]
        ProgressTable.withholdCounts(&rows, cohorts: KS2Cohorts(), suppression: Suppression())
        #expect(rows[0].fields == fields("Total", ["20", "12", "10", "0.5", z, z, z, z, z, "0", "0", "0", "0", "0", "0", "6", "50"]))
        #expect(rows[2].fields == fields("Girls", ["10", "c", "8", "0.4", z, z, z, z, z, "0", "c", "0", "c", "0", "c", "c", "c"]))
    }

    /// A school's withheld pupil count is the LA's minus the other schools' unless another school's is withheld
    /// too (`Suppression.acrossPlaces`). LA 20 pupils; school A 3 (withheld), school B 17 -> B's row is withheld.
    /// With places apart the LA and each school are separate tables and nothing more is withheld.
    @Test func laMinusItsSchoolsIsProtected() {
        var cohorts = KS2Cohorts()
        cohorts.schools = ["100001": PublishedSchool(urn: "100001", laEstab: "9992001", name: "A", la: "999"),
                           "100002": PublishedSchool(urn: "100002", laEstab: "9992002", name: "B", la: "999")]
        let entitlement = Entitlement.any
        let original: [(place: PublishedPlace, fields: [String], counts: [Int])] = [
            (Self.la, [entitlement, "Total", "Total", "20", "20", "10", "50"], [20, 20, 10]),
            (.school(urn: "100001"), [entitlement, "Total", "Total", "c", "c", "c", "c"], [3, 3, 1]),
            (.school(urn: "100002"), [entitlement, "Total", "Total", "17", "17", "9", "52.9411764706"], [17, 17, 9]),
        ]
        var rows = original
        EntitlementTable.withholdCounts(&rows, cohorts: cohorts, suppression: Suppression())
        #expect(rows[0].fields == original[0].fields)
        #expect(rows[2].fields.suffix(4) == ["c", "c", "c", "c"])
        var apart = original
        EntitlementTable.withholdCounts(&apart, cohorts: cohorts, suppression: .placesApart)
        #expect(apart.map(\.fields) == original.map(\.fields))
    }

    /// The attacker: over the demo's `entitlement.csv` and `progress.csv`, for every line (a Total and its
    /// children along one filter, every other filter fixed; and the LA's row with its schools' rows), and every
    /// count column, no line has exactly one withheld count (which would be the published Total minus the
    /// published siblings, or the sum of the published children); and no withheld count has a published
    /// percentage beside a published denominator.
    @Test func noWithheldCountFollowsFromItsLineInTheDemo() throws {
        let work = try EndToEndTests.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let entitlement = try Self.attack(work.appendingPathComponent("aggregate/entitlement.csv"), fixed: ["entitlement"],
                                          filters: ["sex", "disadvantage_status"],
                                          counts: ["pupil_count", "judged_count", "entitled_count"],
                                          percentages: ["entitled": "judged_count"])
        #expect(entitlement.withheld > 50, "the demo withholds small groups in entitlement.csv")
        #expect(entitlement.lines > 1000)
        #expect(entitlement.recoverable.isEmpty, "\(entitlement.recoverable.count): \(entitlement.recoverable.prefix(5))")

        let shares = ["expected_progress", "stuck", "stuck_below", "fell_behind", "low_progress", "not_progressing"]
        let progress = try Self.attack(work.appendingPathComponent("aggregate/progress.csv"), fixed: ["subject"],
                                       filters: ["prior_attainment_band", "disadvantage_status", "sex"],
                                       counts: ["pupil_count", "with_prior_count", "scored_count"] + shares.map { "\($0)_count" },
                                       percentages: Dictionary(uniqueKeysWithValues: shares.map { ($0, "with_prior_count") }))
        #expect(progress.withheld > 100, "the demo withholds small groups in progress.csv")
        #expect(progress.lines > 5000)
        #expect(progress.recoverable.isEmpty, "\(progress.recoverable.count): \(progress.recoverable.prefix(5))")
    }

    /// Tries every line of a published table; returns the lines tried, the withheld counts seen and the recoveries.
    static func attack(_ url: URL, fixed: [String], filters: [String], counts: [String],
                       percentages: [String: String]) throws -> (lines: Int, withheld: Int, recoverable: [String]) {
        let rows = try AggregateStageTests.readTable(url).rows
        func key(_ row: [String: String], school: String, _ values: [String]) -> [String] {
            [row["time_period"]!, row["old_la_code"]!, school] + fixed.map { row[$0]! } + values
        }
        var index: [[String]: [String: String]] = [:]
        for row in rows { index[key(row, school: row["school_urn"]!, filters.map { row[$0]! })] = row }
        let values = filters.map { filter in Set(rows.map { $0[filter]! }).subtracting([PublishedFilter.total]).sorted() }
        let schools = Set(rows.map { $0["school_urn"]! }).subtracting([""]).sorted()

        var lines = 0
        var withheld = 0
        var recoverable: [String] = []
        for row in rows {
            let own = filters.map { row[$0]! }
            for count in counts where row[count] == EESSymbol.suppressed {
                withheld += 1
                // percentage x denominator / 100 gives a withheld count back.
                let share = String(count.dropLast("_count".count))
                if let denominator = percentages[share], let percent = row["\(share)_percent"],
                   percent != EESSymbol.suppressed, percent != EESSymbol.notApplicable, row[denominator] != EESSymbol.suppressed {
                    recoverable.append("\(count) beside its percentage: \(key(row, school: row["school_urn"]!, own))")
                }
            }
            // A withheld denominator under a published count and percentage: count x 100 / percentage.
            for (share, denominator) in percentages where row[denominator] == EESSymbol.suppressed {
                if let percent = row["\(share)_percent"], percent != EESSymbol.suppressed, percent != EESSymbol.notApplicable {
                    recoverable.append("\(denominator) from \(share)_percent: \(key(row, school: row["school_urn"]!, own))")
                }
            }
            var families: [[[String: String]]] = []
            for (position, filter) in filters.enumerated() where row[filter] == PublishedFilter.total {
                families.append(values[position].compactMap { value in
                    var child = own
                    child[position] = value
                    return index[key(row, school: row["school_urn"]!, child)]
                })
            }
            if row["school_urn"] == "" {
                families.append(schools.compactMap { index[key(row, school: $0, own)] })
            }
            for children in families where !children.isEmpty {
                for count in counts {
                    let cells = [row] + children
                    // A Total of 0 makes every child 0 whatever is withheld: nothing to recover.
                    guard row[count] != "0", !cells.contains(where: { $0[count] == EESSymbol.notApplicable }) else { continue }
                    lines += 1
                    if cells.count(where: { $0[count] == EESSymbol.suppressed }) == 1 {
                        recoverable.append("\(count): \(key(row, school: row["school_urn"]!, own))")
                    }
                }
            }
        }
        return (lines, withheld, recoverable)
    }
}
