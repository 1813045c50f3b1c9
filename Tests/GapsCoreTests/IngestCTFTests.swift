import Foundation
import Testing
@testable import GapsCore

/// A scratch directory per test, with helpers to write inputs and read the stage's outputs back.
final class IngestScratch {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` as UTF-8 (or `bytes` as given) and returns the file's path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = root.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Runs the stage on `input` into `out`.
    @discardableResult
    func ingest(_ input: String, out: String = "out", map: String? = nil) throws -> Manifest {
        try IngestStage.run(input: input, outputDirectory: path(out), assessmentMap: map)
    }

    /// The pupils as gaps-normalise reads them: the table, with `sourceFile` from the folder's manifest (the
    /// table has no `source_file` column). Tables written without the stage, and so without a manifest
    /// (`IngestFastPathTests` drive `IngestTables` directly), are read as they are.
    func pupils(_ out: String = "out") throws -> [IngestedPupil] {
        guard hasManifest(out) else {
            return try TableFile.read(IngestedPupil.self, from: root.appendingPathComponent(out).appendingPathComponent(IngestedPupil.fileName))
        }
        return try IngestedInput.read(directory: path(out)).pupils
    }

    /// The results as gaps-normalise reads them (see `pupils`).
    func results(_ out: String = "out") throws -> [IngestedResult] {
        guard hasManifest(out) else {
            return try TableFile.read(IngestedResult.self, from: root.appendingPathComponent(out).appendingPathComponent(IngestedResult.fileName))
        }
        return try IngestedInput.read(directory: path(out)).results
    }

    private func hasManifest(_ out: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(out).appendingPathComponent(Manifest.fileName).path)
    }

    func rejects(_ out: String = "out") throws -> [RejectRecord] {
        try TableFile.read(RejectRecord.self, from: root.appendingPathComponent(out).appendingPathComponent(RejectRecord.fileName))
    }

    /// Every output file's text, by name.
    func outputTexts(_ out: String = "out") throws -> [String: String] {
        let folder = root.appendingPathComponent(out)
        var texts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            texts[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return texts
    }
}

/// A hand-built CTF with two pupils. Line numbers matter: `handBuiltCTFLines` gives the lines the tests rely on,
/// and a test checks them against the text itself. The Address and Contacts subtrees hold elements that would
/// overwrite the pupil's own values (InCare, Ethnicity) if the reader ever looked inside them.
let handBuiltCTF = """
<?xml version="1.0" encoding="UTF-8"?>
<CTfile>
  <Header>
    <DocumentName>Common Transfer File</DocumentName>
    <CTFversion> 19.0 </CTFversion>
    <DateTime>2024-07-15T09:30:00</DateTime>
    <SourceSchool>
      <LEA>888</LEA>
      <Estab>2001</Estab>
      <URN>100123</URN>
      <SchoolName>Test Primary School</SchoolName>
      <AcademicYear>2023</AcademicYear>
    </SourceSchool>
    <DestSchool><LEA>999</LEA><Estab>9999</Estab><URN>999999</URN></DestSchool>
  </Header>
  <CTFpupilData>
    <Pupil>
      <UPN>
        B801200005001
      </UPN>
      <Surname>  Smith  </Surname>
      <Forename>Alice</Forename>
      <DOB>2013-04-01</DOB>
      <Gender>F</Gender>
      <BasicDetails>
        <FormerUPN>T801200005AAA</FormerUPN>
        <NCyearActual>6</NCyearActual>
        <Ethnicity>WENG</Ethnicity>
        <EthnicitySource>P</EthnicitySource>
        <Languages>
          <Type><LanguageType>H</LanguageType><Language>FRN</Language></Type>
          <Type><LanguageType>F</LanguageType><Language>POL</Language></Type>
        </Languages>
        <ServiceChild>N</ServiceChild>
        <SuppInfo><Language>ENG</Language></SuppInfo>
      </BasicDetails>
      <LookedAfter><InCare>true</InCare><CareAuthority>888</CareAuthority></LookedAfter>
      <FSMhistory>
        <FSMinstance><FSMstartDate>2019-09-01</FSMstartDate><FSMendDate>2020-03-31</FSMendDate></FSMinstance>
        <FSMinstance><FSMstartDate>2022-01-10</FSMstartDate></FSMinstance>
      </FSMhistory>
      <SENhistory>
        <SEN><StartDate>2019-09-01</StartDate><SENprovision>K</SENprovision><EndDate>2021-07-20</EndDate></SEN>
        <SEN><StartDate>2021-09-01</StartDate><SENprovision>E</SENprovision></SEN>
        <SENneeds>
          <SENneed><SENtypeRank>2</SENtypeRank><SENtype>SPLD</SENtype></SENneed>
          <SENneed><SENtypeRank>1</SENtypeRank><SENtype>ASD</SENtype></SENneed>
        </SENneeds>
      </SENhistory>
      <Address><BS7666Address><PAON>ADDR-MARKER-7</PAON><Street>Secretive Street</Street></BS7666Address><PostCode>QQ1 7QQ</PostCode><LookedAfter><InCare>ADDR-CARE-MARKER</InCare></LookedAfter></Address>
      <Phones><Phone><TelephoneType>H</TelephoneType><PhoneNo>PHONE-MARKER-0123</PhoneNo></Phone></Phones>
      <Email>email-marker@example.invalid</Email>
      <Contacts><Contact><Surname>CONTACTSURNAME</Surname><Gender>M</Gender><BasicDetails><Ethnicity>CONTACT-ETHNICITY-MARKER</Ethnicity></BasicDetails><Address><PAON>CONTACT-ADDR-MARKER</PAON></Address></Contact></Contacts>
      <StageAssessments>
        <KeyStage>
          <StageAssessment>
            <Locale>ENG</Locale><Year>2024</Year><Subject>ENG</Subject><Method>TT</Method><Component>RD</Component>
            <ResultStatus>R</ResultStatus><ResultQualifier>SS</ResultQualifier><Result> 104 </Result><ResultDate>2024-05-13</ResultDate>
          </StageAssessment>
          <Stage>KS2</Stage>
          <StageAssessment>
            <Year>2024</Year><Subject>mat</Subject><Method>TT</Method><Component>MA</Component><ResultQualifier>NC</ResultQualifier><Result>B</Result>
          </StageAssessment>
        </KeyStage>
        <KeyStage>
          <Stage>KS1</Stage>
          <StageAssessment><Year>2020</Year><Subject>SCI</Subject><Method>TA</Method><Component>SC</Component><ResultQualifier>NC</ResultQualifier><Result>EXS</Result></StageAssessment>
        </KeyStage>
      </StageAssessments>
    </Pupil>
    <Pupil>
      <UPN>G335311012004</UPN>
      <Surname>Jones</Surname>
      <Forename>Bob</Forename>
      <DOB>2013-09-30</DOB>
      <Sex>M</Sex>
      <BasicDetails><NCyearActual>6</NCyearActual><Ethnicity>BAFR</Ethnicity></BasicDetails>
      <SENhistory>
        <SEN><StartDate>2018-01-01</StartDate><SENprovision>K</SENprovision><EndDate>2019-01-01</EndDate></SEN>
        <SEN><StartDate>2020-01-01</StartDate><SENprovision>A</SENprovision><EndDate>2021-01-01</EndDate></SEN>
      </SENhistory>
      <UnknownVendorElement><Nested>x</Nested></UnknownVendorElement>
      <StageAssessments><KeyStage><Stage>KS2</Stage>
        <StageAssessment><Year>2024</Year><Subject>ENG</Subject><Method>TA</Method><Component>WR</Component><ResultQualifier>NC</ResultQualifier><Result>GDS</Result></StageAssessment>
      </KeyStage></StageAssessments>
    </Pupil>
  </CTFpupilData>
</CTfile>

"""

/// Lines of the hand-built CTF that tests refer to (1-based).
let handBuiltCTFLines = (pupil1: 17, reading: 56, maths: 61, science: 67, pupil2: 71, writing: 84)

@Suite struct IngestCTFTests {
    @Test func theFixtureLinesAreWhereTheTestsSay() {
        // Guards the fixture, not the program: if the text is edited, the expected lines below must move too.
        let lines = handBuiltCTF.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[handBuiltCTFLines.pupil1 - 1].contains("<Pupil>"))
        #expect(lines[handBuiltCTFLines.pupil2 - 1].contains("<Pupil>"))
        #expect(lines[handBuiltCTFLines.reading - 1].contains("<StageAssessment>"))
        #expect(lines[handBuiltCTFLines.maths - 1].contains("<StageAssessment>"))
        #expect(lines[handBuiltCTFLines.science - 1].contains("<StageAssessment>"))
        #expect(lines[handBuiltCTFLines.writing - 1].contains("<StageAssessment>"))
    }

    @Test func twoPupilsGiveExactlyTheseRows() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        try scratch.ingest(input)

        var alice = IngestedPupil()
        alice.sourceFile = input
        alice.sourceLine = handBuiltCTFLines.pupil1
        alice.sourceKind = .ctf
        alice.sourceDate = "2024-07-15T09:30:00"
        alice.upn = "B801200005001"           // padded over three lines in the file
        alice.formerUPN = "T801200005AAA"
        alice.surname = "Smith"               // "  Smith  " trimmed
        alice.forename = "Alice"
        alice.dob = "2013-04-01"
        alice.sex = "F"                       // from <Gender>
        alice.ncYear = "6"
        alice.ethnicity = "WENG"
        alice.ethnicitySource = "P"
        alice.firstLanguage = "POL"           // the Type with LanguageType F, not H (FRN) nor SuppInfo (ENG)
        alice.serviceChild = "N"
        alice.lookedAfter = "true"
        alice.fsmPeriods = "2019-09-01/2020-03-31;2022-01-10/"  // second period still open
        alice.senProvision = "E"              // the open period (from 2021-09-01), not the ended K
        alice.senPrimaryNeed = "ASD"          // rank 1, although listed after rank 2
        alice.la = "888"
        alice.estab = "2001"
        alice.urn = "100123"
        alice.schoolName = "Test Primary School"
        alice.academicYear = "2023"

        var bob = IngestedPupil()
        bob.sourceFile = input
        bob.sourceLine = handBuiltCTFLines.pupil2
        bob.sourceKind = .ctf
        bob.sourceDate = "2024-07-15T09:30:00"
        bob.upn = "G335311012004"
        bob.surname = "Jones"
        bob.forename = "Bob"
        bob.dob = "2013-09-30"
        bob.sex = "M"                         // from <Sex>
        bob.ncYear = "6"
        bob.ethnicity = "BAFR"
        bob.senProvision = "A"                // both periods ended: the one that started last (2020-01-01)
        bob.la = "888"
        bob.estab = "2001"
        bob.urn = "100123"
        bob.schoolName = "Test Primary School"
        bob.academicYear = "2023"

        #expect(try scratch.pupils() == [alice, bob])

        func result(_ line: Int, _ upn: String, _ stage: String, _ year: String, _ subject: String, _ method: String,
                    _ component: String, _ status: String, _ qualifier: String, _ value: String, _ date: String,
                    _ measure: String) -> IngestedResult {
            var result = IngestedResult()
            result.sourceFile = input
            result.sourceLine = line
            result.upn = upn
            result.stage = stage
            result.year = year
            result.subject = subject
            result.method = method
            result.component = component
            result.resultStatus = status
            result.qualifier = qualifier
            result.result = value
            result.resultDate = date
            result.measure = measure
            return result
        }
        let expected = [
            // <Stage> comes after this assessment in its KeyStage: the stage is still KS2. " 104 " is trimmed.
            result(handBuiltCTFLines.reading, "B801200005001", "KS2", "2024", "ENG", "TT", "RD", "R", "SS", "104", "2024-05-13", "ks2_reading"),
            // Subject written "mat": matched case-insensitively. "B" (below the test) is an outcome, kept as written.
            result(handBuiltCTFLines.maths, "B801200005001", "KS2", "2024", "mat", "TT", "MA", "", "NC", "B", "", "ks2_maths"),
            // No map row for KS1 SCI: kept with an empty measure.
            result(handBuiltCTFLines.science, "B801200005001", "KS1", "2020", "SCI", "TA", "SC", "", "NC", "EXS", "", ""),
            result(handBuiltCTFLines.writing, "G335311012004", "KS2", "2024", "ENG", "TA", "WR", "", "NC", "GDS", "", "ks2_writing"),
        ]
        #expect(try scratch.results() == expected)
        #expect(try scratch.rejects().isEmpty)
    }

    @Test func manifestCountsAndNotes() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        let manifest = try scratch.ingest(input)
        let written = try Manifest.read(from: URL(fileURLWithPath: scratch.path("out")).appendingPathComponent(Manifest.fileName))
        #expect(written == manifest)
        #expect(manifest.stage == "ingest")
        let source = try #require(manifest.inputs.first)
        #expect(source.path == input)
        #expect(source.bytes == handBuiltCTF.utf8.count)
        #expect(source.sha256 == (try sha256Hex(ofFile: input)))
        #expect(source.counts["pupils"] == RowCounts(read: 2, written: 2))
        #expect(source.counts["results"] == RowCounts(read: 4, written: 4))
        #expect(source.notes.contains("layout: CTF 19.0 from school 8882001"))
        #expect(manifest.outputs.map(\.file) == ["pupils.csv", "results.csv", "rejects.csv"])
        #expect(manifest.outputs.allSatisfy { $0.restricted })
        #expect(IngestStage.summary(of: manifest) == "ingested \(input): 2 pupils, 4 results, 0 rejected")
    }

    @Test func pupilWithoutUPNOrWithABadDOBIsRejectedWithItsResults() throws {
        let scratch = try IngestScratch()
        let text = """
        <?xml version="1.0"?>
        <CTfile><CTFpupilData>
        <Pupil>
          <Surname>NoUPN</Surname><DOB>2013-01-01</DOB>
          <StageAssessments><KeyStage><Stage>KS2</Stage>
            <StageAssessment><Subject>ENG</Subject><Result>100</Result></StageAssessment>
            <StageAssessment><Subject>MAT</Subject><Result>101</Result></StageAssessment>
          </KeyStage></StageAssessments>
        </Pupil>
        <Pupil>
          <UPN>B801200005001</UPN><DOB>01/04/2013</DOB>
        </Pupil>
        <Pupil>
          <UPN>G335311012004</UPN><DOB>2013-02-29</DOB>
        </Pupil>
        <Pupil>
          <UPN>Z801209809069</UPN><DOB>2012-02-29</DOB>
        </Pupil>
        </CTFpupilData></CTfile>
        """
        let input = try scratch.write("rejects.xml", text)
        let manifest = try scratch.ingest(input)
        // Only the last pupil is good: 2012 is a leap year, 2013 is not.
        #expect(try scratch.pupils().map(\.upn) == ["Z801209809069"])
        #expect(try scratch.results().isEmpty)
        let rejects = try scratch.rejects()
        #expect(rejects.map(\.recordKind) == ["pupil", "result", "result", "pupil", "pupil"])
        #expect(rejects.map(\.line) == [3, 6, 7, 10, 13])
        #expect(rejects.map(\.field) == ["UPN", "UPN", "UPN", "DOB", "DOB"])
        #expect(rejects.map(\.value) == ["", "", "", "01/04/2013", "2013-02-29"])
        #expect(rejects.allSatisfy { $0.sourceFile == input && !$0.reason.isEmpty })
        let counts = try #require(manifest.inputs.first?.counts)
        #expect(counts["pupils"] == RowCounts(read: 4, written: 1, rejected: 3))
        #expect(counts["results"] == RowCounts(read: 2, written: 0, rejected: 2))
        #expect(counts.values.allSatisfy { $0.isBalanced })
    }

    @Test func malformedXMLFailsWithLineAndColumnAndLeavesEarlierOutputUntouched() throws {
        let scratch = try IngestScratch()
        let good = try scratch.write("good.xml", handBuiltCTF)
        try scratch.ingest(good)
        let before = try scratch.outputTexts()

        // <Surname> is never closed: libxml2 notices at </Pupil> on line 5.
        let bad = try scratch.write("file.xml", """
        <?xml version="1.0"?>
        <CTfile><CTFpupilData>
        <Pupil>
          <UPN>B801200005001</UPN><Surname>Smith
        </Pupil>
        </CTFpupilData></CTfile>
        """)
        do {
            try scratch.ingest(bad)
            Issue.record("a malformed CTF was accepted")
        } catch let error as GapsError {
            guard case let .malformedInput(location, message) = error else {
                Issue.record("expected malformedInput, got \(error)")
                return
            }
            #expect(location.line == 5)
            let column = try #require(location.column)
            #expect(error.description.contains("file.xml:5:\(column): malformed input: "))
            #expect(message.contains("Surname"))        // libxml2's own words: tag mismatch Surname / Pupil
            #expect(message == message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(try scratch.outputTexts() == before)
        let entries = try FileManager.default.contentsOfDirectory(atPath: scratch.root.path).sorted()
        #expect(entries == ["file.xml", "good.xml", "out"])  // no out.partial left behind
    }

    @Test func truncatedXMLFailsAndWritesNothing() throws {
        let scratch = try IngestScratch()
        let truncated = String(handBuiltCTF.prefix(while: { $0 != "Q" }))  // cut inside the first <Address>
        let input = try scratch.write("cut.xml", truncated)
        #expect(throws: GapsError.self) { try scratch.ingest(input) }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.partial")))
    }

    @Test func aRootOtherThanCTfileIsAnUnknownLayout() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("page.xml", "<?xml version=\"1.0\"?>\n<html><body><Pupil/></body></html>\n")
        do {
            try scratch.ingest(input)
            Issue.record("an HTML file was accepted as a CTF")
        } catch let error as GapsError {
            guard case let .unknownLayout(location, message) = error else {
                Issue.record("expected unknownLayout, got \(error)")
                return
            }
            #expect(location.file == input)
            #expect(location.line == 2)
            #expect(message.contains("<html>"))
        }
    }

    @Test func inputFormatIsChosenByContent() throws {
        let scratch = try IngestScratch()
        let bomAndSpaces = try scratch.write("a.txt", bytes: [0xEF, 0xBB, 0xBF, 0x20, 0x0A] + Array("<CTfile/>".utf8))
        let utf16 = try scratch.write("b.txt", bytes: [0xFF, 0xFE, 0x3C, 0x00, 0x43, 0x00])
        let csv = try scratch.write("c.xml", "UPN,ACADYR,READSCORE\n")
        #expect(try IngestInputFormat.detect(path: bomAndSpaces) == .ctf)
        #expect(try IngestInputFormat.detect(path: utf16) == .ctf)
        #expect(try IngestInputFormat.detect(path: csv) == .extract)  // named .xml, but a CSV
    }

    @Test func lineNumbersStayExactBeyondLibxml2s16BitLineField() throws {
        // libxml2 stores node lines in 16 bits (at most 65535). 9 000 pupils of 8 lines each take the file past
        // line 72 000; pupil i (from 0) starts on line 4 + 8i (3 lines of prologue), its assessment four lines later.
        var text = "<?xml version=\"1.0\"?>\n<CTfile>\n<CTFpupilData>\n"
        for index in 0..<9000 {
            text += "<Pupil>\n<UPN>U\(index)</UPN>\n<DOB>2013-01-01</DOB>\n"
            text += "<StageAssessments><KeyStage><Stage>KS2</Stage>\n<StageAssessment><Subject>ENG</Subject>\n"
            text += "<Result>100</Result></StageAssessment>\n</KeyStage></StageAssessments>\n</Pupil>\n"
        }
        text += "</CTFpupilData>\n</CTfile>\n"
        let scratch = try IngestScratch()
        let input = try scratch.write("long.xml", text)
        try scratch.ingest(input)
        let pupils = try scratch.pupils()
        #expect(pupils.count == 9000)
        // Report only the first mismatch: the arrays are long.
        let pupilLines = pupils.map(\.sourceLine)
        let firstWrongPupil = pupilLines.indices.first { pupilLines[$0] != 4 + 8 * $0 }
        #expect(firstWrongPupil == nil, "pupil \(firstWrongPupil ?? 0) reported on line \(pupilLines[firstWrongPupil ?? 0])")
        let resultLines = try scratch.results().map(\.sourceLine)
        #expect(resultLines.count == 9000)
        let firstWrongResult = resultLines.indices.first { resultLines[$0] != 8 + 8 * $0 }
        #expect(firstWrongResult == nil, "result \(firstWrongResult ?? 0) reported on line \(resultLines[firstWrongResult ?? 0])")
    }

    @Test func predefinedEntitiesCDATAAndADeclaredEncodingAreDecoded() throws {
        // Latin-1 file: 0xEB is ë. &apos; &amp; and &#233; are decoded by the parser itself (no entity loading);
        // the CDATA section's padding is trimmed like any other value.
        let scratch = try IngestScratch()
        let input = try scratch.write("latin1.xml", bytes: Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<CTfile><CTFpupilData><Pupil><UPN>A1</UPN><Surname>O&apos;Neil &amp; Zo".utf8) + [0xEB] + Array(" &#233;</Surname><Forename><![CDATA[ Jo <x> ]]></Forename><DOB>2013-01-01</DOB></Pupil></CTFpupilData></CTfile>\n".utf8))
        try scratch.ingest(input)
        let pupil = try #require(try scratch.pupils().first)
        #expect(pupil.surname == "O'Neil & Zoë é")
        #expect(pupil.forename == "Jo <x>")
    }

    @Test func currentSENProvisionPrefersTheLatestOpenPeriod() {
        #expect(CTFReader.currentProvision([]) == "")
        #expect(CTFReader.currentProvision([("2020-01-01", "K", ""), ("2018-01-01", "E", "")]) == "K")
        #expect(CTFReader.currentProvision([("2022-01-01", "K", "2022-06-01"), ("2019-01-01", "E", "")]) == "E")
        #expect(CTFReader.currentProvision([("2019-01-01", "S", "2020-01-01"), ("2021-01-01", "N", "2022-01-01")]) == "N")
    }
}
