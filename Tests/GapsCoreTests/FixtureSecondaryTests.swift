import Foundation
import Testing
@testable import GapsCore

/// The synthetic secondary schools and their KS4 pupil file (`SecondaryFixtures.swift`).
@Suite struct FixtureSecondaryTests {
    static func generate(_ configuration: SyntheticLA.Configuration = .init()) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-fixtures-ks4-\(UUID().uuidString)")
        try SyntheticLA(configuration).write(to: directory)
        return directory
    }

    /// The KS4 file's rows as column -> value, read with the project's libcsv reader.
    static func rows(_ url: URL) throws -> (header: [String], rows: [[String: String]]) {
        let records = try CSVReader(path: url.path).readAll()
        let header = records[0].fields
        return (header, records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields)) })
    }

    @Test func primarySchoolsAreUnchangedBySecondaries() throws {
        // The secondary schools draw from streams of their own: without them every other file is byte-identical
        // (the README aside, which lists them).
        let with = try Self.generate()
        let without = try Self.generate(SyntheticLA.Configuration(secondarySchoolCount: 0))
        defer { try? FileManager.default.removeItem(at: with); try? FileManager.default.removeItem(at: without) }
        let paths = try FileManager.default.subpathsOfDirectory(atPath: without.path).filter { $0.hasSuffix(".xml") || $0.hasSuffix(".csv") }
        #expect(paths.count == 17)
        for path in paths {
            #expect(try Data(contentsOf: with.appendingPathComponent(path)) == Data(contentsOf: without.appendingPathComponent(path)), "\(path)")
        }
        #expect(!FileManager.default.fileExists(atPath: without.appendingPathComponent("npd/KS4pu24.csv").path))
    }

    @Test func ks4FileFollowsTheRealLayoutAndItsArithmetic() throws {
        let directory = try Self.generate()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (header, rows) = try Self.rows(directory.appendingPathComponent("npd/KS4pu24.csv"))
        // Every column is one of the real file's, in the real file's order (where the real file is at hand).
        if let real = KS4Reference.file {
            let realHeader = try CSVReader(path: real.path).readAll()[0].fields
            let positions = header.map { realHeader.firstIndex(of: $0) }
            #expect(positions.allSatisfy { $0 != nil } && positions.map { $0 ?? -1 } == positions.map { $0 ?? -1 }.sorted())
        }
        let realURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/GapsCore/Resources/ingest/profiles/ks4-performance-tables.json")
        let profile = try String(contentsOf: realURL, encoding: .utf8)
        for column in ["UPN", "Attainment 8 score", "Pupil's adjusted progress 8 score", "Progress 8 score for English",
                       "Progress 8 score for mathematics", "Progress 8 score for Ebacc slots", "Progress 8 score for open slots"] {
            #expect(header.contains(column) && profile.contains("\"\(column)\""), "\(column)")
        }
        let schools = try SyntheticLA().secondarySchools
        #expect(schools.map(\.laestab) == [8_884_001, 8_884_002])
        #expect(Set(rows.map { $0["DfE Establishment Number"]! }) == ["8884001", "8884002"])
        #expect(rows.count > 200)
        let upns = rows.map { $0["UPN"]! }
        #expect(Set(upns).count == upns.count && upns.allSatisfy { UPN.problem(with: $0) == nil })

        // National estimates by KS2 group, read independently of the generator.
        let estimates = try Self.rows(ResourceFiles.url("fixtures/p8-estimates.csv")).rows
        var byGroup: [String: [String: String]] = [:]
        for row in estimates { byGroup[row["group"]!] = row }
        var scored = 0
        for row in rows {
            func value(_ column: String) -> Double { Double(row[column]!)! }
            let slots = ["Score achieved in English", "Score achieved in mathematics", "Score achieved in 1st EBacc slot",
                         "Score achieved in 2nd EBacc slot", "Score achieved in 3rd EBacc slot", "Score achieved in 1st open slot",
                         "Score achieved in 2nd open slot", "Score achieved in 3rd open slot"].map(value)
            // Attainment 8 = English and maths (already doubled) + three EBacc + three open slots.
            #expect(slots.reduce(0, +) == value("Attainment 8 score"))
            #expect(value("Score achieved in English") == 2 * value("Point score in English EBacc subject area"))
            guard let group = byGroup[row["KS2 Prior attainment group calculated from average English reading and maths Scaled score"]!] else {
                #expect(row["Pupil's adjusted progress 8 score"] == "" && row["Pupil included in progress 8 calculations"] == "0")
                continue
            }
            scored += 1
            func estimate(_ column: String) -> Double { Double(group[column]!)! }
            // P8 = (A8 - estimate) / 10; English element = (English, doubled, - estimate) / 2; EBacc = (sum - est) / 3.
            #expect(abs(value("Pupil's adjusted progress 8 score") - (value("Attainment 8 score") - estimate("attainment8")) / 10) < 0.00006)
            #expect(abs(value("Progress 8 score for English") - (value("Score achieved in English") - estimate("english")) / 2) < 0.00006)
            #expect(abs(value("Progress 8 score for Ebacc slots") - (value("Score achieved in Ebacc slots") - estimate("ebacc")) / 3) < 0.00006)
            #expect(abs(value("Progress 8 score for open slots") - (value("Score achieved in open slots") - estimate("open")) / 3) < 0.00006)
        }
        #expect(scored > 200 && scored < rows.count)
    }

    @Test func decimalsAreLocaleFree() {
        #expect(fixtureDecimal(-0.69349, places: 3) == "-0.693")
        #expect(fixtureDecimal(0.50666, places: 4) == "0.5067")
        #expect(fixtureDecimal(-0.00001, places: 4) == "0")
        #expect(fixtureDecimal(2, places: 4) == "2")
        #expect(fixtureDecimal(-1.25, places: 1) == "-1.3")   // half away from zero
    }

    @Test func ks4YearsWithoutKS2AreRefused() {
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(ks4Years: [2025])) }
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(secondarySchoolCount: 100)) }
    }
}
