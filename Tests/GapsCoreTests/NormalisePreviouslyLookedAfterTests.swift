import Foundation
import Testing
@testable import GapsCore

/// The rest of issue 4's characteristics: previously looked-after pupils (adoption, SGO, RO, CAO) from the census
/// "post looked after arrangements" item, the census date per key stage, and the SEN need codes added since 2015.
@Suite struct NormalisePreviouslyLookedAfterTests {
    let reference: NormaliseReferenceData

    init() throws { reference = try NormaliseReferenceData.load() }

    @Test func postLookedAfterCodesFollowTheCensusCodeSet() {
        // CBDS CS087: A adoption, G SGO, R residence order, C child arrangements order count (England and Wales);
        // N not declared does not; O (adopted from state care outside England and Wales) is outside the DfE's
        // disadvantaged definition.
        let codes = reference.postLookedAfter
        for yes in ["A", "G", "R", "C", " a ", "c"] { #expect(codes.isPreviouslyLookedAfter(yes) == true, "\(yes)") }
        for no in ["N", "O"] { #expect(codes.isPreviouslyLookedAfter(no) == false, "\(no)") }
        // Not codes of the set: never guessed.
        for unknown in ["ADP", "SGO", "Y", "1", ""] { #expect(codes.isPreviouslyLookedAfter(unknown) == nil, "\(unknown)") }
        #expect(codes.countsAsDisadvantaged.count == 6)
    }

    @Test func censusExtractCarriesTheArrangementAndNormaliseMakesThePupilDisadvantaged() throws {
        let scratch = try IngestScratch()
        let unknownUPN = UPN.make(la: 801, estab: 2000, year: 13, serial: 7)
        let guardianUPN = UPN.make(la: 801, estab: 2000, year: 13, serial: 8)
        let census = try scratch.write("census-spring-2024.csv", """
            UPN,Surname,Forename,DOB,Sex,CensusDate,FSMeligible,InCare,PostLookedAfterArrangements,LA,Estab,URN
            B801200005001,Adopted,Ann,13/11/2013,F,18/01/2024,0,0,A,801,2000,100001
            G335311012004,Declared,Ben,2013-09-30,M,18/01/2024,0,0,N,801,2000,100001
            Z801209809069,Blank,Cat,01/01/2014,F,18/01/2024,0,0,,801,2000,100001
            \(unknownUPN),Typed,Dan,02/02/2014,M,18/01/2024,0,0,ADP,801,2000,100001

            """)
        try scratch.ingest(census, options: ExtractIngestOptions())
        #expect(try scratch.pupils().map(\.postLookedAfter) == ["A", "N", "", "ADP"])

        // The older XML tag name is recognised too, and a lower-case code is the same code.
        let older = try scratch.write("census-older.csv", """
            UPN,Surname,DOB,CensusDate,AdoptedFromCare
            \(guardianUPN),Guardian,2014-03-03,2023-10-05,g

            """)
        try scratch.ingest(older, options: ExtractIngestOptions(), out: "older")
        #expect(try scratch.pupils("older").map(\.postLookedAfter) == ["g"])

        let out = scratch.root.appendingPathComponent("normalised")
        try NormaliseStage.run(inputDirectories: [scratch.path("out"), scratch.path("older")], outputDirectory: out.path,
                               options: NormaliseOptions(), reference: reference)
        let pupils = try TableFile.read(NormalisedPupil.self, from: out.appendingPathComponent(NormalisedPupil.fileName))
        func pupil(_ upn: String) throws -> NormalisedPupil { try #require(pupils.first { $0.upn == upn }) }
        // Neither FSM nor looked after: the arrangement alone makes the adopted and the SGO pupil disadvantaged.
        #expect(try pupil("B801200005001").previouslyLookedAfter)
        #expect(try pupil("B801200005001").disadvantaged)
        #expect(try pupil(guardianUPN).previouslyLookedAfter)
        #expect(try pupil(guardianUPN).disadvantaged)
        for upn in ["G335311012004", "Z801209809069", unknownUPN] {
            #expect(try !pupil(upn).previouslyLookedAfter, "\(upn)")
            #expect(try !pupil(upn).disadvantaged, "\(upn)")
        }
        // The unknown code is listed with the code named; the pupil is kept, not rejected.
        let issues = try TableFile.read(DataQualityIssue.self, from: out.appendingPathComponent(DataQualityIssue.fileName))
        let issue = try #require(issues.first { $0.field == "post_looked_after" })
        #expect(issue.upn == unknownUPN)
        #expect(issue.value == "ADP")
        #expect(issue.category == .unknownCode)
        #expect(issue.issue.hasPrefix("unknown post-looked-after arrangement code 'ADP'"))
        #expect(issue.issue.contains("never guessed"))
        #expect(issues.filter { $0.field == "post_looked_after" }.count == 1)
        #expect(try TableFile.read(RejectRecord.self, from: out.appendingPathComponent(RejectRecord.fileName)).isEmpty)
    }

    @Test func theKS4FilesOwnDisadvantagedFlagCountsPreviouslyLookedAfterPupils() throws {
        // KS4 pupil file: FSM6 and looked after are both 0 for the first pupil, but the DfE's own flag says
        // disadvantaged (adopted from care, which the file shows no other way): disadvantaged, though not
        // "previously looked after" (the file does not say why). The second pupil: all three flags 0. The third: the
        // flag is neither yes nor no, so it is listed and FSM6 (1) still decides. Names and UPNs are synthetic.
        let scratch = try IngestScratch()
        let header = "UPN,Surname,Has the pupil been eligible for FSM in the last 6 years?,Is the pupil looked after?,"
            + "Is the pupil disadvantaged?,School URN,DfE Establishment Number,Attainment 8 score"
        let input = try scratch.write("KS4pu24 school.csv", """
            \(header)
            B801200005001,Adopted,0,0,1,100001,8012000,40
            G335311012004,Neither,0,0,0,100001,8012000,50
            Z801209809069,Typed,1,0,maybe,100001,8012000,45

            """)
        try scratch.ingest(input, options: ExtractIngestOptions())
        #expect(try scratch.pupils().map(\.statedDisadvantaged) == ["1", "0", "maybe"])

        let out = scratch.root.appendingPathComponent("normalised")
        try NormaliseStage.run(inputDirectories: [scratch.path("out")], outputDirectory: out.path,
                               options: NormaliseOptions(), reference: reference)
        let pupils = try TableFile.read(NormalisedPupil.self, from: out.appendingPathComponent(NormalisedPupil.fileName))
        func pupil(_ upn: String) throws -> NormalisedPupil { try #require(pupils.first { $0.upn == upn }) }
        #expect(try pupil("B801200005001").disadvantaged)
        #expect(try !pupil("B801200005001").previouslyLookedAfter)
        #expect(try !pupil("B801200005001").fsmEver6)
        #expect(try !pupil("G335311012004").disadvantaged)
        #expect(try pupil("Z801209809069").disadvantaged)
        let issues = try TableFile.read(DataQualityIssue.self, from: out.appendingPathComponent(DataQualityIssue.fileName))
        let issue = try #require(issues.first { $0.field == "stated_disadvantaged" })
        #expect(issue.upn == "Z801209809069")
        #expect(issue.value == "maybe")
        #expect(issue.category == .unknownCode)
    }

    @Test func anySourceDeclaringAnArrangementCounts() throws {
        // Parents may declare the arrangement to one school and not another: a higher-precedence CTF (which never
        // carries it) and a census saying N do not cancel a census saying C. An unknown code in the first-ranked
        // source is listed and the next source's code is used.
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (declaredLater, typoThenCode, outside) = (NormaliseFixture.upn(80), NormaliseFixture.upn(81), NormaliseFixture.upn(82))
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(declaredLater, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00"),
        ])
        let autumn = try NormaliseFixture.ingested("autumn", in: parent, pupils: [
            NormaliseFixture.pupil(declaredLater, file: "a-census.csv") { $0.postLookedAfter = "N" },
            NormaliseFixture.pupil(typoThenCode, file: "a-census.csv", line: 3) { $0.postLookedAfter = "S G O" },
            NormaliseFixture.pupil(outside, file: "a-census.csv", line: 4) { $0.postLookedAfter = "O" },
        ])
        let spring = try NormaliseFixture.ingested("spring", in: parent, pupils: [
            NormaliseFixture.pupil(declaredLater, file: "b-census.csv") { $0.postLookedAfter = "C" },
            NormaliseFixture.pupil(typoThenCode, file: "b-census.csv", line: 3) { $0.postLookedAfter = "G" },
        ])
        let output = try NormaliseFixture.run([ctf, autumn, spring], in: parent)
        func pupil(_ upn: String) throws -> NormalisedPupil { try #require(output.pupils.first { $0.upn == upn }) }
        #expect(try pupil(declaredLater).previouslyLookedAfter)
        #expect(try pupil(declaredLater).disadvantaged)
        #expect(try pupil(typoThenCode).previouslyLookedAfter)
        #expect(try !pupil(outside).previouslyLookedAfter)
        #expect(try !pupil(outside).disadvantaged)
        let issue = try #require(output.dataQuality.first { $0.field == "post_looked_after" })
        #expect(issue.upn == typoThenCode && issue.value == "S G O")
        #expect(issue.issue.hasSuffix("used 'G' from b-census.csv"))
    }

    @Test func ks4PupilsAreJudgedAtTheirYear11Census() throws {
        // Census dates: KS2 2019 -> 17 January 2019 (window after 17 January 2013); KS4 2024 -> 18 January 2024
        // (window after 18 January 2018).
        // - earlyOnly: FSM 2013-09-01 to 2017-07-31. Inside the KS2 window, wholly before the KS4 one.
        // - lateOnly:  FSM 2019-09-01 to 2020-03-01. Starts after the KS2 census, inside the KS4 window.
        // - ks2WithKS3: KS2 2019 and a later KS3 result (2022): still judged at its KS2 census, so lateOnly's
        //   period would not count for it, and earlyOnly's would.
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (earlyOnly, lateOnly, ks2Early, ks2Late) = (NormaliseFixture.upn(90), NormaliseFixture.upn(91),
                                                         NormaliseFixture.upn(92), NormaliseFixture.upn(93))
        let periods = [earlyOnly: "2013-09-01/2017-07-31", lateOnly: "2019-09-01/2020-03-01",
                       ks2Early: "2013-09-01/2017-07-31", ks2Late: "2019-09-01/2020-03-01"]
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: periods.keys.sorted().map { upn in
            NormaliseFixture.pupil(upn, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00") { $0.fsmPeriods = periods[upn]! }
        }, results: [earlyOnly, lateOnly].flatMap { upn in [
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks2Reading, value: "100", year: "2019"),
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks4Attainment8, value: "50", year: "2024", stage: "KS4"),
        ] } + [ks2Early, ks2Late].flatMap { upn in [
            NormaliseFixture.result(upn, file: "a.xml", measure: .ks2Reading, value: "100", year: "2019"),
            NormaliseFixture.result(upn, file: "a.xml", measure: nil, value: "5", year: "2022", stage: "KS3"),
        ] })
        let output = try NormaliseFixture.run([ctf], in: parent)
        func pupil(_ upn: String) throws -> NormalisedPupil { try #require(output.pupils.first { $0.upn == upn }) }
        #expect(try !pupil(earlyOnly).fsmEver6)
        #expect(try !pupil(earlyOnly).disadvantaged)
        #expect(try pupil(lateOnly).fsmEver6)
        #expect(try !pupil(lateOnly).fsmEligible)   // ended 2020-03-01, before the 2024 census
        #expect(try pupil(ks2Early).fsmEver6)
        #expect(try !pupil(ks2Late).fsmEver6)
    }

    @Test func censusYearChoiceTakesTheLatestCohortKeyStage() {
        var choice = CensusYearChoice()
        // Stage from the result, or from the measure's prefix when the result has none.
        choice.note(upn: "P1", stage: "KS2", measure: "ks2_reading", summer: 2019)
        choice.note(upn: "P1", stage: "", measure: "ks4_attainment8", summer: 2024)
        choice.note(upn: "P1", stage: "KS1", measure: "ks1_reading", summer: 2015)
        #expect(choice.summerYear(for: "P1") == 2024)
        // KS2 beats a later KS3 or EYF result; the latest KS2 year wins among KS2 years.
        choice.note(upn: "P2", stage: "KS2", measure: "", summer: 2018)
        choice.note(upn: "P2", stage: " ks2 ", measure: "", summer: 2019)
        choice.note(upn: "P2", stage: "KS3", measure: "", summer: 2022)
        #expect(choice.summerYear(for: "P2") == 2019)
        // KS1 only: its year; no cohort stage at all: the latest result of any stage.
        choice.note(upn: "P3", stage: "KS1", measure: "", summer: 2016)
        choice.note(upn: "P3", stage: "EYF", measure: "", summer: 2014)
        #expect(choice.summerYear(for: "P3") == 2016)
        choice.note(upn: "P4", stage: "EYF", measure: "", summer: 2014)
        choice.note(upn: "P4", stage: "KS3", measure: "", summer: 2021)
        #expect(choice.summerYear(for: "P4") == 2021)
        #expect(choice.summerYear(for: "P5") == nil)
        #expect(CensusYearChoice.cohortStage(stage: "", measure: "ks2_gps") == "KS2")
        #expect(CensusYearChoice.cohortStage(stage: "KS3", measure: "") == nil)
    }

    @Test func downSyndromeAndLegacyBESDOnThePupil() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (down, legacy) = (NormaliseFixture.upn(95), NormaliseFixture.upn(96))
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(down, file: "census.csv") { $0.senProvision = "E"; $0.senPrimaryNeed = "DS" },
            NormaliseFixture.pupil(legacy, file: "census.csv", line: 3) { $0.senProvision = "K"; $0.senPrimaryNeed = "besd" },
        ])
        let output = try NormaliseFixture.run([extract], in: parent)
        #expect(output.pupils.first { $0.upn == down }?.senPrimaryNeed == "DS")
        #expect(output.pupils.first { $0.upn == legacy }?.senPrimaryNeed == "SEMH")
        #expect(!output.dataQuality.contains { $0.field == "sen_primary_need" })
        #expect(reference.senNeedTypes.label(for: "DS") == "Down syndrome")
        #expect(reference.senNeedTypes.entries["BESD"]?.legacyCode == "BESD")
    }

    @Test func needTypeOverridesAreCheckedAndMayOmitCurrentCode() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let codes = parent.appendingPathComponent("codes")
        try FileManager.default.createDirectory(at: codes, withIntermediateDirectories: true)
        let file = codes.appendingPathComponent("sen-need-types.csv")
        // A table written before legacy codes (no current_code column) still loads.
        try "code,label,meaning\nASD,Autistic spectrum disorder,autism\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try SENNeedTypeCodeSet.load(overrides: parent).code(for: "ASD") == "ASD")
        // A legacy code must point at a current code of the table.
        try "code,label,meaning,current_code\nASD,Autistic spectrum disorder,autism,\nBESD,x,legacy,SEMH\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try SENNeedTypeCodeSet.load(overrides: parent)
        } throws: { error in
            guard case let .invalidConfiguration(location, message) = error as? GapsError else { return false }
            return location.line == 3 && message.contains("current_code 'SEMH' of 'BESD'")
        }
        // The post-looked-after table takes 0/1 only.
        try "code,counts_as_disadvantaged,meaning\nA,yes,adopted\n"
            .write(to: codes.appendingPathComponent("post-looked-after.csv"), atomically: true, encoding: .utf8)
        #expect(throws: GapsError.self) { try PostLookedAfterCodeSet.load(overrides: parent) }
    }

    @Test func ofTwoCensusesTheLaterOneWins() throws {
        // File names would put the 2021/22 census first; the 2023/24 one is newer and wins per field. A file that
        // states no academic year ranks after both, whatever its name.
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upn = NormaliseFixture.upn(97)
        let older = try NormaliseFixture.ingested("older", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "a-census-2022.csv") { $0.academicYear = "2021/22"; $0.ethnicity = "WBRI"; $0.senProvision = "K" },
        ])
        let newer = try NormaliseFixture.ingested("newer", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "b-census-2024.csv") { $0.academicYear = "2023/24"; $0.ethnicity = "WIRI" },
        ])
        let undated = try NormaliseFixture.ingested("undated", in: parent, pupils: [
            NormaliseFixture.pupil(upn, file: "0-mis-export.csv") { $0.ethnicity = "AIND"; $0.senProvision = "E" },
        ])
        let output = try NormaliseFixture.run([undated, older, newer], in: parent)
        let pupil = try #require(output.pupils.first)
        #expect(pupil.ethnicityMain == "WIRI")
        #expect(pupil.senProvision == "SEN support")   // the newer census says nothing; the older one is next
        #expect(pupil.sources.split(separator: ";").map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" }
                == ["b-census-2024.csv", "a-census-2022.csv", "0-mis-export.csv"])
        let conflict = try #require(output.dataQuality.first { $0.field == "ethnicity" })
        #expect(conflict.issue.contains("kept 'WIRI' from b-census-2024.csv"))
        #expect(SourcePrecedence.statedSummerYear("2024") == nil)
        #expect(SourcePrecedence.statedSummerYear("202324") == 2024)
    }

    @Test func ks2ResultsWithoutAScaledScoreCarryTheNominalScore() throws {
        // Domain reference section 4: BLW 70 (2016) / 71 (2017+), PKF 73, PKE 76, PKG 79, N 79, as prior attainment.
        let interpreter = ResultInterpreter(scales: reference.scales)
        func read(_ value: String, _ year: Int, _ measure: AssessmentMeasure = .ks2Reading) throws -> ResultReading {
            try interpreter.read(value, measure: measure, year: year).get()
        }
        let cases: [(String, Int, Double)] = [("BLW", 2016, 70), ("BLW", 2017, 71), ("blw", 2024, 71), ("PKF", 2019, 73),
                                              ("PKE", 2019, 76), ("PKG", 2019, 79), ("N", 2024, 79)]
        for (value, year, points) in cases {
            let reading = try read(value, year, .ks2Maths)
            #expect(reading.points == points, "\(value) \(year)")
            #expect(reading.scaledScore == nil, "\(value)")     // never an average scaled score
            #expect(reading.inCohort && !reading.meetsExpected && !reading.meetsHigher, "\(value)")
            #expect(reading.kind == .outcomeCode)
        }
        #expect(try read("PKF", 2019).reason
                == "PKF foundations for the expected standard (pre-key stage): in the denominator, not meeting the standard; nominal score 73 for prior attainment")
        // Other outcome codes keep no points; codes leaving the cohort get none; levels-era years are not 2016+.
        #expect(try read("B", 2024).points == nil)
        #expect(try read("A", 2024).points == nil)
        #expect(try read("L", 2024).points == nil)
        #expect(try read("N", 2015).points == nil)
        #expect(throws: ResultProblem.self) { try read("PKF", 2015) }
        #expect(reference.scales.ks2NominalScores.entry(for: "BLW", year: 2015) == nil)
    }
}
