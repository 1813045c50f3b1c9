import Foundation
import Testing
@testable import GapsCore

/// The committed demo (`fixtures/demo`, equal to what `gaps-fixtures` writes: `FixtureGeneratorTests`) after issue 5:
/// the KS4 pupils' own KS2 results (`npd/ks2-2019.csv`) and KS1 science in the primary CTFs.
@Suite struct FixturesKS2PriorExtractTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/demo")

    /// Rows keyed by the UPN column, read with the project's libcsv reader.
    static func table(_ path: String) throws -> [String: [String: String]] {
        let records = try CSVReader(path: demo.appendingPathComponent(path).path).readAll()
        let header = records[0].fields
        var rows: [String: [String: String]] = [:]
        for record in records.dropFirst() {
            let row = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
            rows[row["UPN"]!] = row
        }
        return rows
    }

    @Test func theKS2ExtractHoldsTheKS4PupilsWithTheKS2TheKS4FileStates() throws {
        let ks4 = try Self.table("npd/KS4pu24.csv")
        let ks2 = try Self.table("npd/ks2-2019.csv")
        #expect(ks4.count == 250)
        #expect(Set(ks2.keys) == Set(ks4.keys), "the same pupils, by UPN")
        let estimates = try ProgressEightEstimates.loadShipped()
        let primaries = Set((1...10).map { String(8_882_000 + $0) })
        for (upn, pupil) in ks4 {
            let prior = try #require(ks2[upn])
            #expect(prior["ACADYR"] == "2018/2019")
            #expect(primaries.contains(prior["LAESTAB"] ?? ""), "\(upn) is at one of the LA's primary schools at KS2")
            #expect(prior["READOUTCOME"] == pupil["KS2 reading outcome"] && prior["MATOUTCOME"] == pupil["KS2 mathematics outcome"])
            #expect(prior["SURNAME"] == pupil["Surname"] && prior["DOB"] == pupil["Date of birth"] && prior["SEX"] == pupil["Gender"])
            // The KS4 file's prior-attainment group is the one the KS2 scores give (none without both scores).
            let group = pupil["KS2 Prior attainment group calculated from average English reading and maths Scaled score"] ?? ""
            if let reading = Double(prior["READSCORE"] ?? ""), let maths = Double(prior["MATSCORE"] ?? "") {
                #expect(group == String(estimates.group(forKS2Average: (reading + maths) / 2).number), "\(upn)")
            } else {
                #expect(group.isEmpty, "\(upn): no group without both KS2 scores")
            }
        }
    }

    @Test func ks1ScienceIsInTheCTFsWhereKS1TookPlace() throws {
        // KS2 2023 pupils were in Year 2 in 2019 (KS1 assessed), KS2 2024 pupils in 2020 (not assessed).
        let ctf = Self.demo.appendingPathComponent("ctf")
        var codes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: ctf.path) where name.hasSuffix(".xml") {
            let text = try String(contentsOf: ctf.appendingPathComponent(name), encoding: .utf8)
            // Some schools pad values with spaces or line breaks, as real MIS exports do.
            let results = text.matches(of: /<Subject>\s*SCI\s*<\/Subject>(?:.|\n)*?<Result>\s*(\w+)\s*<\/Result>/)
            if name.hasSuffix("-2024.xml") { #expect(results.isEmpty, "\(name): no KS1 in 2020") }
            for match in results { codes[String(match.output.1), default: 0] += 1 }
        }
        #expect(Set(codes.keys) == ["EXS", "HNM"])
        let total = codes.values.reduce(0, +)
        // Every CTF pupil of the 2023 KS2 year (131 pupils in the eight CTF schools: README) has a science result.
        #expect(total == 131)
        let share = Double(codes["EXS"] ?? 0) / Double(total)
        #expect(share > 0.7 && share < 0.92, "EXS share \(share): near the national 80-odd per cent")
    }

    @Test func keyStageMatchingNowFindsTheKS4PupilsKS2() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        var directories: [String] = []
        for name in ["KS4pu24.csv", "ks2-2019.csv"] {
            let out = parent.appendingPathComponent(name)
            try IngestStage.run(input: Self.demo.appendingPathComponent("npd/\(name)").path, outputDirectory: out.path, assessmentMap: nil)
            directories.append(out.path)
        }
        let output = try NormaliseFixture.run(directories, in: parent)
        let la = try #require(output.matching.first { $0.keyStage == "KS4" && $0.geographicLevel == DataQualitySummaryRow.laLevel })
        #expect(la.pupils == 250 && la.priorMatched == 250 && la.priorUnmatched == 0)
    }
}
