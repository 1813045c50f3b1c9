import Foundation
import Testing
@testable import GapsCore

/// Builds small, synthetic gaps-ingest output directories for the normalise tests.
enum NormaliseFixture {
    static func upn(_ serial: Int) -> String { UPN.make(la: 888, estab: 2001, year: 13, serial: serial) }

    /// A valid-format UPN whose check letter is wrong.
    static func badCheckLetterUPN(_ serial: Int) -> String {
        let good = upn(serial)
        return (good.first == "A" ? "B" : "A") + good.dropFirst()
    }

    static func pupil(_ upn: String, file: String, kind: SourceKind = .extract, date: String = "", line: Int = 2,
                      _ configure: (inout IngestedPupil) -> Void = { _ in }) -> IngestedPupil {
        var pupil = IngestedPupil()
        pupil.sourceFile = file
        pupil.sourceLine = line
        pupil.sourceKind = kind
        pupil.sourceDate = date
        pupil.upn = upn
        pupil.la = "888"
        pupil.estab = "2001"
        pupil.urn = "100001"
        pupil.schoolName = "Synthetic Primary"
        configure(&pupil)
        return pupil
    }

    static func result(_ upn: String, file: String, measure: AssessmentMeasure?, value: String, year: String = "2024",
                       stage: String = "KS2", line: Int = 2) -> IngestedResult {
        var result = IngestedResult()
        result.sourceFile = file
        result.sourceLine = line
        result.upn = upn
        result.stage = stage
        result.year = year
        result.result = value
        result.measure = measure?.rawValue ?? ""
        return result
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("normalise-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes an ingest output directory (pupils.csv, results.csv, rejects.csv, manifest.json) under `parent`.
    @discardableResult
    static func ingested(_ name: String, in parent: URL, pupils: [IngestedPupil], results: [IngestedResult] = [],
                         manifest: Bool = true) throws -> String {
        let directory = parent.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // gaps-ingest's tables have no `source_file` column (the manifest names the one input). These fixtures may
        // mix source files in one folder, so they write the column, which normalise reads when a table has it.
        func write(_ rows: [(file: String, values: [String])], columns: [String], to name: String) throws {
            let writer = try CSVWriter(url: directory.appendingPathComponent(name), header: ["source_file"] + columns,
                                       restricted: true)
            for row in rows { try writer.write([row.file] + row.values) }
            try writer.close()
        }
        try write(pupils.map { ($0.sourceFile, $0.fieldValues) }, columns: IngestedPupil.columns, to: IngestedPupil.fileName)
        try write(results.map { ($0.sourceFile, $0.fieldValues) }, columns: IngestedResult.columns, to: IngestedResult.fileName)
        try TableFile.write([RejectRecord](), to: directory.appendingPathComponent(RejectRecord.fileName), restricted: true)
        if manifest { try Manifest(stage: "ingest").write(to: directory.appendingPathComponent(Manifest.fileName)) }
        return directory.path
    }

    /// What a run wrote, read back from disk.
    struct Output {
        var manifest: Manifest
        var pupils: [NormalisedPupil]
        var results: [NormalisedResult]
        var rejects: [RejectRecord]
        var dataQuality: [DataQualityIssue]
        var matching: [KeyStageMatchingRow]
        var summary: [DataQualitySummaryRow]
    }

    static func run(_ inputs: [String], in parent: URL, options: NormaliseOptions = NormaliseOptions()) throws -> Output {
        let out = parent.appendingPathComponent("normalised")
        try NormaliseStage.run(inputDirectories: inputs, outputDirectory: out.path, options: options,
                               reference: try NormaliseReferenceData.load())
        return Output(manifest: try Manifest.read(from: out.appendingPathComponent(Manifest.fileName)),
                      pupils: try TableFile.read(NormalisedPupil.self, from: out.appendingPathComponent(NormalisedPupil.fileName)),
                      results: try TableFile.read(NormalisedResult.self, from: out.appendingPathComponent(NormalisedResult.fileName)),
                      rejects: try TableFile.read(RejectRecord.self, from: out.appendingPathComponent(RejectRecord.fileName)),
                      dataQuality: try TableFile.read(DataQualityIssue.self, from: out.appendingPathComponent(DataQualityIssue.fileName)),
                      matching: try TableFile.read(KeyStageMatchingRow.self, from: out.appendingPathComponent(KeyStageMatchingRow.fileName)),
                      summary: try TableFile.read(DataQualitySummaryRow.self, from: out.appendingPathComponent(DataQualitySummaryRow.fileName)))
    }
}

@Suite struct NormaliseStageTests {
    @Test func aDirectoryWithoutManifestIsRefusedAndNothingIsWritten() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let input = try NormaliseFixture.ingested("unfinished", in: parent,
                                                  pupils: [NormaliseFixture.pupil(NormaliseFixture.upn(1), file: "a.csv")], manifest: false)
        #expect(throws: GapsError.missingStageOutput(path: input, expected: "manifest.json")) {
            try NormaliseFixture.run([input], in: parent)
        }
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("normalised").path))
        #expect(!FileManager.default.fileExists(atPath: parent.appendingPathComponent("normalised.partial").path))
    }

    @Test func anInvalidUPNRejectsThePupilAndAllItsResultsFromThatSource() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let good = NormaliseFixture.upn(1)
        let bad = NormaliseFixture.badCheckLetterUPN(2)
        let input = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(good, file: "ks2.csv", line: 2),
            NormaliseFixture.pupil(bad, file: "ks2.csv", line: 3),
        ], results: [
            NormaliseFixture.result(good, file: "ks2.csv", measure: .ks2Reading, value: "104", line: 2),
            NormaliseFixture.result(bad, file: "ks2.csv", measure: .ks2Reading, value: "101", line: 3),
            NormaliseFixture.result(bad, file: "ks2.csv", measure: nil, value: "EXS", line: 3),
        ])
        let output = try NormaliseFixture.run([input], in: parent)
        #expect(output.pupils.map(\.upn) == [good])
        #expect(output.results.map(\.upn) == [good])
        #expect(output.rejects.count == 3)
        #expect(output.rejects.allSatisfy { $0.upn == bad && $0.field == "upn" && $0.sourceFile == "ks2.csv" })
        // The reason is the UPN check's own wording.
        #expect(output.rejects.allSatisfy { $0.reason.hasPrefix("UPN check letter is A but the digits give") || $0.reason.hasPrefix("UPN check letter is B but the digits give") })
        #expect(output.rejects.map(\.recordKind).sorted() == ["pupil", "result", "result"])
        #expect(output.rejects.first { $0.recordKind == "pupil" }?.line == 3)
        #expect(output.manifest.counts["pupils"] == RowCounts(read: 2, written: 1, rejected: 1))
        #expect(output.manifest.counts["results"] == RowCounts(read: 3, written: 1, rejected: 2))
    }

    @Test func aPupilInCTFsAndAnExtractIsOnePupilWithDocumentedPrecedence() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upn = NormaliseFixture.upn(7)
        // Inputs are given extract first, older CTF second, newer CTF last: precedence must not follow that order.
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "ks2.csv") {
                $0.surname = "Smith"; $0.forename = "Alexander"; $0.sex = "F"; $0.dob = "2013-05-02"; $0.ethnicity = "WHIT"
                $0.senProvision = "K"; $0.firstLanguage = "1"; $0.fsmEligible = "1"; $0.fsmEver6 = "1"
            },
        ])
        let olderCTF = try NormaliseFixture.ingested("ctf-old", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "old.xml", kind: .ctf, date: "2023-02-01T09:00:00") {
                $0.surname = "Smith"; $0.forename = "Alex"; $0.sex = "F"; $0.dob = "2013-05-01"; $0.ethnicity = "WBRI"
            },
        ])
        let newerCTF = try NormaliseFixture.ingested("ctf-new", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "new.xml", kind: .ctf, date: "2024-03-01T09:00:00") {
                $0.surname = "Smith-Jones"; $0.sex = "M"; $0.dob = "2013-05-01"; $0.ethnicity = "WENG"; $0.firstLanguage = "POL"
            },
        ])
        let output = try NormaliseFixture.run([extract, olderCTF, newerCTF], in: parent)

        #expect(output.pupils.count == 1)
        let pupil = try #require(output.pupils.first)
        #expect(pupil.sources == "new.xml;old.xml;ks2.csv")
        #expect(pupil.surname == "Smith-Jones")     // newest CTF
        #expect(pupil.forename == "Alex")           // newest CTF has none: the older CTF's, before the extract's
        #expect(pupil.sex == "Boys")                // newest CTF, despite two sources saying F
        #expect(pupil.ethnicityMain == "WBRI")      // WENG -> WBRI
        #expect(pupil.ethnicityMajor == "White")
        #expect(pupil.firstLanguage == "Other than English")
        #expect(pupil.senProvision == "SEN support")  // only the extract says
        // No CTF has FSM periods, so the extract's flags are used.
        #expect(pupil.fsmEligible && pupil.fsmEver6 && pupil.disadvantaged)

        // Conflicts: sex and date of birth. Ethnicity WENG, WBRI and WHIT agree (all White, WBRI).
        let conflictFields = output.dataQuality.filter { $0.issue.hasPrefix("sources disagree") }.map(\.field).sorted()
        #expect(conflictFields == ["dob", "sex"])
        let sexConflict = try #require(output.dataQuality.first { $0.field == "sex" })
        #expect(sexConflict.value == "M (new.xml); F (old.xml); F (ks2.csv)")
        #expect(sexConflict.issue.contains("kept 'M' from new.xml"))

        #expect(output.manifest.counts["pupils"] == RowCounts(read: 3, written: 1, rejected: 0,
                                                               setAside: [NormaliseSetAside.mergedPupil: 2]))
        let perInput = output.manifest.inputs.map { $0.counts["pupils"]!.written }
        #expect(perInput == [0, 0, 1])
    }

    @Test func differentEthnicMainCodesAreAConflict() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upn = NormaliseFixture.upn(8)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00") { $0.ethnicity = "WENG" },
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "b.csv") { $0.ethnicity = "APKN" },
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)
        #expect(output.pupils.first?.ethnicityMain == "WBRI")
        let conflict = try #require(output.dataQuality.first { $0.field == "ethnicity" })
        #expect(conflict.value == "WENG (a.xml); APKN (b.csv)")
    }

    @Test func anUnknownEthnicityCodeIsRecordedNotGuessedAndNotRejected() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let alone = NormaliseFixture.upn(10)
        let alsoElsewhere = NormaliseFixture.upn(11)
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(alone, file: "b.csv", line: 2) { $0.ethnicity = "XXXX" },
            NormaliseFixture.pupil(alsoElsewhere, file: "b.csv", line: 3) { $0.ethnicity = "AIND" },
        ])
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(alsoElsewhere, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00") { $0.ethnicity = "QQQQ" },
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)
        #expect(output.rejects.isEmpty)
        let first = try #require(output.pupils.first { $0.upn == alone })
        #expect(first.ethnicityMain == "" && first.ethnicityMajor == "Unknown")
        let issue = try #require(output.dataQuality.first { $0.upn == alone })
        #expect(issue.field == "ethnicity" && issue.value == "XXXX")
        #expect(issue.issue.hasPrefix("unknown ethnicity code 'XXXX'"))
        #expect(issue.issue.contains("counted as Unknown"))
        // The CTF's unknown code is listed, and the extract's recognised one is used.
        let second = try #require(output.pupils.first { $0.upn == alsoElsewhere })
        #expect(second.ethnicityMain == "AIND" && second.ethnicityMajor == "Asian / Asian British")
        #expect(output.dataQuality.contains { $0.upn == alsoElsewhere && $0.value == "QQQQ" && $0.issue.contains("used 'AIND' from b.csv") })
        #expect(output.manifest.counts["pupils"] == RowCounts(read: 3, written: 2, rejected: 0,
                                                               setAside: [NormaliseSetAside.mergedPupil: 1]))
    }

    @Test func chineseSwitchReachesTheOutput() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let input = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(NormaliseFixture.upn(12), file: "b.csv") { $0.ethnicity = "CHNE" },
        ])
        #expect(try NormaliseFixture.run([input], in: parent).pupils.first?.ethnicityMajor == "Asian / Asian British")
        let switched = try NormaliseFixture.run([input], in: parent, options: NormaliseOptions(chineseAsOwnGroup: true))
        #expect(switched.pupils.first?.ethnicityMajor == "Chinese")
        #expect(switched.pupils.first?.ethnicityMain == "CHNE")
    }

    @Test func fsmFromCTFPeriodsAtTheJanuaryCensusOfTheLatestKS2Year() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        // KS2 in 2024: census 18 January 2024; the six-year window runs after 18 January 2018.
        let endedFiveYearsBefore = NormaliseFixture.upn(20)
        let endedSevenYearsBefore = NormaliseFixture.upn(21)
        let coversCensus = NormaliseFixture.upn(22)
        let lookedAfter = NormaliseFixture.upn(23)
        let periods = [endedFiveYearsBefore: "2017-09-01/2019-01-18", endedSevenYearsBefore: "2015-09-01/2017-01-18",
                       coversCensus: "2023-09-01/", lookedAfter: ""]
        let upns = [endedFiveYearsBefore, endedSevenYearsBefore, coversCensus, lookedAfter]
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: upns.map { upn in
            NormaliseFixture.pupil(upn, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00") {
                $0.fsmPeriods = periods[upn]!
                $0.lookedAfter = upn == lookedAfter ? "true" : "false"
            }
        }, results: upns.flatMap { upn in [
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks2Reading, value: "100", year: "2024"),
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks1Reading, value: "EXS", year: "2019", stage: "KS1"),
        ] })
        let output = try NormaliseFixture.run([ctf], in: parent)
        func pupil(_ upn: String) -> NormalisedPupil? { output.pupils.first { $0.upn == upn } }
        #expect(pupil(endedFiveYearsBefore)?.fsmEver6 == true)
        #expect(pupil(endedFiveYearsBefore)?.fsmEligible == false)
        #expect(pupil(endedFiveYearsBefore)?.disadvantaged == true)
        #expect(pupil(endedSevenYearsBefore)?.fsmEver6 == false)
        #expect(pupil(endedSevenYearsBefore)?.disadvantaged == false)
        #expect(pupil(coversCensus)?.fsmEligible == true)
        #expect(pupil(coversCensus)?.fsmEver6 == true)
        #expect(pupil(lookedAfter)?.lookedAfter == true)
        #expect(pupil(lookedAfter)?.fsmEver6 == false)
        #expect(pupil(lookedAfter)?.disadvantaged == true)

        // --census-date moves the window: on 2026-01-15 it runs after 2020-01-15, so the period ending
        // 2019-01-18 is outside it, and the open period still covers the census.
        let later = try NormaliseFixture.run([ctf], in: parent, options: NormaliseOptions(censusDate: CivilDate(iso: "2026-01-15")))
        #expect(later.pupils.first { $0.upn == endedFiveYearsBefore }?.fsmEver6 == false)
        #expect(later.pupils.first { $0.upn == coversCensus }?.fsmEligible == true)
    }

    @Test func extractFlagsDisagreeingWithCTFPeriodsAreListed() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upn = NormaliseFixture.upn(30)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00") { $0.fsmPeriods = "2015-09-01/2016-07-20" },
        ], results: [NormaliseFixture.result(upn, file: "a.xml", measure: .ks2Maths, value: "99")])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "b.csv") { $0.fsmEligible = "0"; $0.fsmEver6 = "1" },
        ])
        let output = try NormaliseFixture.run([ctf, extract], in: parent)
        // Periods win: the only period ended in 2016, more than six years before 18 January 2024.
        #expect(output.pupils.first?.fsmEver6 == false)
        #expect(output.dataQuality.contains { $0.field == "fsm_ever6" && $0.value == "1" })
        #expect(!output.dataQuality.contains { $0.field == "fsm_eligible" })
    }

    @Test func resultsCarryTheirSchoolAndTimePeriodAndDuplicatesKeepTheHigherPrecedenceSource() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upn = NormaliseFixture.upn(40)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00"),
        ], results: [
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks2Reading, value: "104", line: 40),
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "b.csv") { $0.la = "370"; $0.estab = "2005"; $0.urn = "100999"; $0.schoolName = "Other Primary" },
        ], results: [
            NormaliseFixture.result(upn, file: "b.csv", measure: .ks2Reading, value: "105"),
            NormaliseFixture.result(upn, file: "b.csv", measure: .ks1Reading, value: "2B", year: "2019", stage: "KS1"),
            NormaliseFixture.result(upn, file: "b.csv", measure: nil, value: "EXS", year: "2024"),
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)
        #expect(output.results.count == 2)
        let reading = try #require(output.results.first { $0.measure == .ks2Reading })
        #expect(reading.result == "104" && reading.sourceFile == "a.xml" && reading.sourceLine == 40)
        #expect(reading.timePeriod == "202324")
        #expect(reading.schoolLAEstab == "8882001" && reading.la == "888" && reading.schoolURN == "100001")
        #expect(reading.schoolName == "Synthetic Primary")
        #expect(reading.reason == "scaled score 104: expected standard met")
        let ks1 = try #require(output.results.first { $0.measure == .ks1Reading })
        #expect(ks1.timePeriod == "201819")
        #expect(ks1.points == 15)
        // The school of a result is the one its own source names.
        #expect(ks1.schoolLAEstab == "3702005" && ks1.schoolURN == "100999")
        #expect(output.dataQuality.contains { $0.field == "ks2_reading" && $0.value == "104 (a.xml); 105 (b.csv)" })
        #expect(output.manifest.counts["results"] == RowCounts(read: 4, written: 2, rejected: 0, setAside: [
            NormaliseSetAside.duplicateResult: 1, NormaliseSetAside.noMeasure: 1,
        ]))
    }

    @Test func countsBalanceAndEqualTheRows() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (a, b, c) = (NormaliseFixture.upn(50), NormaliseFixture.upn(51), NormaliseFixture.upn(52))
        let bad = NormaliseFixture.badCheckLetterUPN(53)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(a, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 10),
            NormaliseFixture.pupil(bad, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 90),
        ], results: [
            NormaliseFixture.result(a, file: "a.xml", measure: .ks2Reading, value: "110"),
            NormaliseFixture.result(a, file: "a.xml", measure: .ks2Writing, value: "GDS"),
            NormaliseFixture.result(a, file: "a.xml", measure: nil, value: "5", stage: "KS3"),
            NormaliseFixture.result(bad, file: "a.xml", measure: .ks2Maths, value: "100"),
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(a, file: "b.csv", line: 2),
            NormaliseFixture.pupil(b, file: "b.csv", line: 3),
            NormaliseFixture.pupil(c, file: "b.csv", line: 4),
            NormaliseFixture.pupil(c, file: "b.csv", line: 5),
        ], results: [
            NormaliseFixture.result(a, file: "b.csv", measure: .ks2Reading, value: "109"),
            NormaliseFixture.result(b, file: "b.csv", measure: .ks2Maths, value: "130"),
            NormaliseFixture.result(b, file: "b.csv", measure: .ks2Writing, value: "NOPE"),
            NormaliseFixture.result(b, file: "b.csv", measure: .ks2GPS, value: "L"),
            NormaliseFixture.result(c, file: "b.csv", measure: .ks2Reading, value: "A"),
            NormaliseFixture.result(c, file: "b.csv", measure: .ks2Reading, value: "A", line: 5),
            NormaliseFixture.result(NormaliseFixture.upn(99), file: "b.csv", measure: .ks2Reading, value: "101"),
        ])
        let output = try NormaliseFixture.run([ctf, extract], in: parent)
        let manifest = output.manifest
        #expect(manifest.stage == "normalise")

        // Worked by hand. Pupils: 6 rows; bad UPN rejected (1); a in both sources and c twice in b.csv: 2 merged;
        // a, b, c written (3). Results: 11 rows; rejected: bad's maths, b's 130, b's NOPE, the UPN with no pupil
        // row (4); set aside: a's KS3 (no measure), a's extract reading (duplicate of the CTF's), c's second
        // reading (same source) (3); written: a reading, a writing, b GPS, c reading (4).
        #expect(manifest.counts["pupils"] == RowCounts(read: 6, written: 3, rejected: 1, setAside: [
            NormaliseSetAside.mergedPupil: 1, NormaliseSetAside.mergedPupilSameSource: 1,
        ]))
        #expect(manifest.counts["results"] == RowCounts(read: 11, written: 4, rejected: 4, setAside: [
            NormaliseSetAside.noMeasure: 1, NormaliseSetAside.duplicateResult: 1, NormaliseSetAside.duplicateResultSameSource: 1,
        ]))
        for kind in ["pupils", "results"] {
            let counts = try #require(manifest.counts[kind])
            #expect(counts.isBalanced)
            // The per-input counts add up to the stage-wide ones.
            var sum = RowCounts()
            for input in manifest.inputs { sum.add(input.counts[kind]!) }
            #expect(sum == counts)
            #expect(manifest.inputs.allSatisfy { $0.counts[kind]!.isBalanced })
        }
        // Counts equal the rows on disk.
        #expect(output.pupils.count == 3)
        #expect(output.results.count == 4)
        #expect(output.rejects.filter { $0.recordKind == "pupil" }.count == 1)
        #expect(output.rejects.filter { $0.recordKind == "result" }.count == 4)
        #expect(manifest.outputs.map(\.file) == ["pupils.csv", "results.csv", "rejects.csv", "data-quality.csv",
                                                   "key-stage-matching.csv", "data-quality-summary.csv"])
        #expect(manifest.outputs.map(\.rows) == [3, 4, 5, output.dataQuality.count, output.matching.count, output.summary.count])
        // Pupil-level files are restricted; the two tables of counts are not.
        #expect(manifest.outputs.map(\.restricted) == [true, true, true, true, false, false])
        // c's second row in the same file is a data-quality note, not a reject.
        #expect(output.dataQuality.contains { $0.upn == c && $0.field == "upn" })

        // Inputs are identified by the hash of pupils.csv then results.csv.
        #expect(manifest.inputs.map(\.path) == [ctf, extract])
        #expect(manifest.inputs.allSatisfy { $0.sha256.count == 64 && $0.bytes > 0 })
        #expect(manifest.inputs[0].sha256 != manifest.inputs[1].sha256)

        // Every pupil-level file is owner-only.
        let out = parent.appendingPathComponent("normalised")
        for file in ["pupils.csv", "results.csv", "rejects.csv", "data-quality.csv"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(file).path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
        }
    }
}
