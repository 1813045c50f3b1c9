import Foundation
import Testing
@testable import GapsCore

/// Attempted recovery of withheld averages in the demo's `distributions.csv` (the file that publishes each group's
/// count of pupils with a score beside its mean): a withheld mean follows from its line when the Total's mean and
/// count are published and every sibling's are too (Total mean x count - the siblings' sums = its sum, Total count
/// - the siblings' = its count).
@Suite struct PublishingAverageRecoveryTests {
    @Test func noWithheldMeanOrCountFollowsFromItsLine() throws {
        let work = try EndToEndTests.runPipeline()
        defer { try? FileManager.default.removeItem(at: work) }
        let rows = try AggregateStageTests.readTable(work.appendingPathComponent("aggregate/distributions.csv")).rows
        let filters = ["sex", "disadvantage_status", "ethnicity_major"]
        func key(_ row: [String: String], _ values: [String]) -> [String] {
            [row["time_period"]!, row["school_urn"]!, row["subject"]!] + values
        }
        var index: [[String]: [String: String]] = [:]
        for row in rows { index[key(row, filters.map { row[$0]! })] = row }
        let values = filters.map { filter in Set(rows.map { $0[filter]! }).subtracting(["Total"]).sorted() }
        let schools = Set(rows.compactMap { $0["school_urn"] }).subtracting([""]).sorted()
        func hidden(_ row: [String: String]) -> Bool { row["mean"] == "c" || row["pupil_count"] == "c" }

        var lines = 0
        var recoverable: [String] = []
        var withheldSeen = 0
        for row in rows {
            if hidden(row) { withheldSeen += 1 }
            guard !hidden(row) else { continue }
            let own = filters.map { row[$0]! }
            var families: [[[String: String]]] = []
            for (position, filter) in filters.enumerated() where row[filter] == "Total" {
                families.append(values[position].compactMap { value in
                    var child = own
                    child[position] = value
                    return index[key(row, child)]
                })
            }
            if row["school_urn"] == "" {   // the LA's row and its schools' rows
                families.append(schools.compactMap { index[[row["time_period"]!, $0, row["subject"]!] + own] })
            }
            for children in families where !children.isEmpty {
                lines += 1
                if children.count(where: hidden) == 1 {
                    recoverable.append("\(key(row, own))")
                }
            }
        }
        #expect(withheldSeen > 100, "the demo withholds small groups")
        #expect(lines > 2000)  // lines whose Total is published, over 2 years, 11 places and 3 subjects
        #expect(recoverable.isEmpty, "\(recoverable.count) lines give a withheld mean or count away: \(recoverable.prefix(5))")
    }
}
