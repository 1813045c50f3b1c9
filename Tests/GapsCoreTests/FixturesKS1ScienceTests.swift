import Foundation
import Testing
@testable import GapsCore

/// KS1 science teacher assessment (issue 5): from a CTF and from NPD KS1 extracts through ingest and normalise to
/// `attainment-by-characteristic.csv`. Science has one standard: EXS met, HNM not met (in the denominator), no
/// higher standard (`z`).
@Suite struct FixturesKS1ScienceTests {
    static func normalised(_ result: [NormalisedResult], _ upn: String) -> NormalisedResult? {
        result.first { $0.upn == upn && $0.measure == .ks1Science }
    }

    @Test func ctfScienceReachesTheNormalisedResults() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let met = UPN.make(la: 888, estab: 2001, year: 12, serial: 1)
        let notMet = UPN.make(la: 888, estab: 2001, year: 12, serial: 2)
        func pupil(_ upn: String, _ science: String) -> String {
            """
            <Pupil><UPN>\(upn)</UPN><Surname>Example</Surname><Forename>Pupil</Forename><DOB>2012-01-15</DOB><Sex>F</Sex>
              <StageAssessments><KeyStage><Stage>KS1</Stage>
                <StageAssessment><Locale>ENG</Locale><Year>2019</Year><Subject>ENG</Subject><Method>TA</Method><Component>RD</Component><ResultStatus>R</ResultStatus><ResultQualifier>NC</ResultQualifier><Result>EXS</Result></StageAssessment>
                <StageAssessment><Locale>ENG</Locale><Year>2019</Year><Subject>SCI</Subject><Method>TA</Method><Component>SCI</Component><ResultStatus>R</ResultStatus><ResultQualifier>NC</ResultQualifier><Result>\(science)</Result></StageAssessment>
              </KeyStage></StageAssessments>
            </Pupil>
            """
        }
        let ctf = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>19.0</CTFversion>
        <DateTime>2019-07-15T09:30:00</DateTime>
        <SourceSchool><LEA>888</LEA><Estab>2001</Estab><URN>190001</URN><SchoolName>Synthetic Primary</SchoolName><AcademicYear>2018</AcademicYear></SourceSchool>
        </Header><CTFpupilData>
        \(pupil(met, "EXS"))
        \(pupil(notMet, "HNM"))
        </CTFpupilData></CTfile>

        """
        let input = parent.appendingPathComponent("school.xml")
        try Data(ctf.utf8).write(to: input)
        let ingested = parent.appendingPathComponent("ingest")
        try IngestStage.run(input: input.path, outputDirectory: ingested.path, assessmentMap: nil)
        // The shipped assessment map sends KS1 SCI TA SCI to ks1_science.
        let raw = try TableFile.read(IngestedResult.self, from: ingested.appendingPathComponent(IngestedResult.fileName))
        #expect(raw.filter { $0.subject == "SCI" }.map(\.measure) == ["ks1_science", "ks1_science"])

        let output = try NormaliseFixture.run([ingested.path], in: parent)
        let exs = try #require(Self.normalised(output.results, met))
        #expect(exs.inCohort && exs.meetsExpected && !exs.meetsHigher)
        #expect(exs.timePeriod == "201819" && exs.kind == .teacherAssessment && exs.points == nil)
        let hnm = try #require(Self.normalised(output.results, notMet))
        // HNM is in the denominator, not meeting the standard.
        #expect(hnm.inCohort && !hnm.meetsExpected && !hnm.meetsHigher)
        #expect(output.rejects.isEmpty)
    }

    @Test func npdKS1ExtractsBothErasReachTheNormalisedResults() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let upns = (1...6).map { UPN.make(la: 888, estab: 2002, year: 12, serial: $0) }
        // 2016+: SCI_OUTCOME EXS, HNM, A (absent: in the cohort, not meeting), L (left: not in the cohort).
        let outcomes = try write(parent, "ks1-2019.csv", """
        UPN,SURNAME,FORENAMES,DOB,SEX,LA,ESTAB,URN,ACADYR,READ_OUTCOME,WRIT_OUTCOME,MATH_OUTCOME,SCI_OUTCOME
        \(upns[0]),A,B,2012-01-01,M,888,2002,190002,2018/2019,EXS,EXS,GDS,EXS
        \(upns[1]),A,B,2012-01-01,F,888,2002,190002,2018/2019,WTS,WTS,WTS,HNM
        \(upns[2]),A,B,2012-01-01,F,888,2002,190002,2018/2019,EXS,EXS,EXS,A
        \(upns[3]),A,B,2012-01-01,F,888,2002,190002,2018/2019,EXS,EXS,EXS,L

        """)
        // Levels era: SCIENCE as whole levels; 2 meets the expected standard (2B and above), 1 does not, and 3 is
        // not "higher": science has one standard in this pipeline.
        let levels = try write(parent, "ks1-2013.csv", """
        UPN,SURNAME,FORENAMES,DOB,SEX,LA,ESTAB,URN,ACADYR,READING,WRITING,MATHS,SCIENCE
        \(upns[4]),A,B,2006-01-01,M,888,2002,190002,2012/2013,2B,2B,2B,2
        \(upns[5]),A,B,2006-01-01,F,888,2002,190002,2012/2013,3,3,3,1

        """)
        var directories: [String] = []
        for (index, input) in [outcomes, levels].enumerated() {
            let out = parent.appendingPathComponent("ingest-\(index)")
            try IngestStage.run(input: input, outputDirectory: out.path, assessmentMap: nil)
            directories.append(out.path)
        }
        let output = try NormaliseFixture.run(directories, in: parent)
        func flags(_ upn: String) -> [Bool]? {
            Self.normalised(output.results, upn).map { [$0.inCohort, $0.meetsExpected, $0.meetsHigher] }
        }
        #expect(flags(upns[0]) == [true, true, false])
        #expect(flags(upns[1]) == [true, false, false])
        #expect(flags(upns[2]) == [true, false, false])
        #expect(flags(upns[3]) == [false, false, false])
        #expect(flags(upns[4]) == [true, true, false])
        #expect(flags(upns[5]) == [true, false, false])
        // A level keeps its points (2 scores as 2B, 15); 2016+ science codes have none.
        #expect(Self.normalised(output.results, upns[4])?.points == 15)
        #expect(output.rejects.isEmpty)
    }

    @Test func anUnknownScienceCodeIsRejectedNotGuessed() throws {
        let interpreter = ResultInterpreter(scales: try NormaliseReferenceData.load().scales)
        guard case let .failure(problem) = interpreter.read("GDS", measure: .ks1Science, year: 2019) else {
            Issue.record("GDS is not a science outcome: there is no greater depth in science")
            return
        }
        #expect(problem.reason.contains("KS1 science"))
    }

    @Test func scienceIsPublishedByCharacteristicWithNoHigherStandard() throws {
        // One school, KS1 2018/19, nine pupils in the cohort and one who left:
        // S1-S6 EXS (met), S7-S8 HNM (not met), S9 A (absent: in the denominator, not met), S10 L (left: out).
        // Expected standard: 6 of 9 = 66.666...%. Higher standard and average: `z` (not applicable).
        var fixture = ProgressFixture()
        let codes = ["EXS", "EXS", "EXS", "EXS", "EXS", "EXS", "HNM", "HNM", "A", "L"]
        for (index, code) in codes.enumerated() {
            let upn = "S\(index + 1)"
            fixture.pupil(upn, index % 2 == 0 ? "Boys" : "Girls")
            fixture.add(upn, .ks1Science, "201819") {
                $0.kind = .teacherAssessment
                $0.result = code
                $0.inCohort = code != "L"
                $0.meetsExpected = code == "EXS"
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-science-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("normalised")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try TableFile.write(fixture.pupils, to: input.appendingPathComponent(NormalisedPupil.fileName), restricted: true)
        try TableFile.write(fixture.results, to: input.appendingPathComponent(NormalisedResult.fileName), restricted: true)
        try Manifest(stage: "normalise").write(to: input.appendingPathComponent(Manifest.fileName))
        let out = directory.appendingPathComponent("aggregate")
        try AggregateStage.run(inputDirectory: input.path, outputDirectory: out.path,
                               options: AggregateOptions(suppression: Suppression(minimumDenominator: 1, minimumNumerator: 1)))
        let rows = try AggregateStageTests.readTable(out.appendingPathComponent(AggregateStage.attainmentByCharacteristicFileName)).rows
        let science = rows.filter { $0["key_stage"] == "Key stage 1" && $0["measure"] == "Science" }
        let total = try #require(science.first { $0["breakdown"] == "Total" && $0["school_urn"] == "100001" })
        #expect(total["pupil_count"] == "9")
        #expect(total["expected_standard_count"] == "6")
        #expect(abs((Double(total["expected_standard_percent"] ?? "") ?? 0) - 600.0 / 9) < 1e-9)
        #expect(total["higher_standard_count"] == "z" && total["higher_standard_percent"] == "z")
        #expect(total["average_score"] == "z")
        // Gaps by characteristic compare science at the expected standard only.
        let gaps = try AggregateStageTests.readTable(out.appendingPathComponent(AggregateStage.gapsByCharacteristicFileName)).rows
            .filter { $0["key_stage"] == "Key stage 1" && $0["measure"] == "Science" }
        #expect(!gaps.isEmpty && gaps.allSatisfy { $0["indicator"] == "Expected standard" })
    }

    private func write(_ parent: URL, _ name: String, _ text: String) throws -> String {
        let url = parent.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
