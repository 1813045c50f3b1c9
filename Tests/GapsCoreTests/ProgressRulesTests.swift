import Foundation
import Testing
@testable import GapsCore

/// `progress-rules.csv`: the shipped file, and the errors a mistyped copy gives.
@Suite struct ProgressRulesTests {
    static func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("progress-rules-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func shippedText() throws -> String {
        try String(contentsOf: ResourceFiles.url(ProgressRules.fileName), encoding: .utf8)
    }

    @Test func shippedFileGivesTheDocumentedDefaults() throws {
        let rules = try ProgressRules.shipped()
        #expect(rules == ProgressRules())
        #expect(rules.yearsWithoutKS1Assessment == [2020, 2021])
        #expect(rules.lowProgressBelow == -5)
        #expect(rules.ks4ElementProgressBelow == -1)
        #expect(rules.levelsStuckBelowPoints == 6)
        #expect(rules.levelsBandMiddleFrom == 12 && rules.levelsBandHighFrom == 18)
        #expect(rules.noJudgementCodes == ["A", "D", "H", "M", "Q", "T"])
    }

    @Test func aChangedValueIsRead() throws {
        let url = try Self.write(try Self.shippedText().replacingOccurrences(of: "ks1_ks2_low_progress_below,-5,", with: "ks1_ks2_low_progress_below,-3.5,"))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try ProgressRules(contentsOf: url).lowProgressBelow == -3.5)
    }

    @Test func unknownMissingAndMalformedRulesAreErrors() throws {
        let shipped = try Self.shippedText()
        let cases: [(String, String)] = [
            (shipped + "ks1_ks2_low_progres_below,-4,typo\n", "unknown rule 'ks1_ks2_low_progres_below'"),
            (shipped.replacingOccurrences(of: "levels_stuck_below_points,6,", with: "levels_stuck_below_points,six,"),
             "rule 'levels_stuck_below_points': expected a number, found 'six'"),
            (shipped.split(separator: "\n").filter { !$0.hasPrefix("ks4_progress8_below") }.joined(separator: "\n") + "\n",
             "rule 'ks4_progress8_below' is missing"),
            (shipped.replacingOccurrences(of: "ks1_aps_weight_maths,0.5,", with: "ks1_aps_weight_maths,1,"),
             "must be 0 or more and add up to 1"),
            (shipped + "ks4_progress8_below,-2,again\n", "rule 'ks4_progress8_below' is given twice"),
        ]
        for (text, message) in cases {
            let url = try Self.write(text)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                _ = try ProgressRules(contentsOf: url)
                Issue.record("expected an error containing \(message)")
            } catch let error as GapsError {
                #expect(error.description.contains(message), "\(error.description)")
                #expect(error.description.contains(url.lastPathComponent))
            }
        }
    }

    @Test func groupsRoundHalvesUp() {
        // 12.25 / 0.5 = 24.5 -> 25 -> 12.5; 12.2 -> 24.4 -> 24 -> 12; 101.75 with width 0.5 -> 102.
        #expect(ProgressRules.group(12.25, width: 0.5) == 12.5)
        #expect(ProgressRules.group(12.2, width: 0.5) == 12)
        #expect(ProgressRules.group(101.75, width: 0.5) == 102)
        #expect(ProgressRules.group(101.5, width: 1) == 102)
    }
}
