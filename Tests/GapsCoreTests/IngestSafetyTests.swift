import Foundation
import Testing
@testable import GapsCore

/// Data minimisation, file permissions and hostile XML.
@Suite struct IngestSafetyTests {
    @Test func contactDataNeverReachesAnyOutput() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        try scratch.ingest(input)
        let texts = try scratch.outputTexts()
        #expect(Set(texts.keys) == ["pupils.csv", "results.csv", "rejects.csv", "manifest.json"])
        // Every value inside the fixture's Address, Phones, Email and Contacts elements.
        let markers = ["ADDR-MARKER-7", "Secretive Street", "QQ1 7QQ", "PHONE-MARKER-0123", "email-marker",
                       "CONTACTSURNAME", "CONTACT-ADDR-MARKER", "ADDR-CARE-MARKER", "CONTACT-ETHNICITY-MARKER"]
        for (name, text) in texts {
            for marker in markers {
                #expect(!text.contains(marker), "\(marker) leaked into \(name)")
            }
        }
        // The contact's <Gender>M</Gender> comes after the pupil's F: it must not overwrite it.
        #expect(try scratch.pupils().first?.sex == "F")
    }

    @Test func pupilLevelFilesAreOwnerOnly() throws {
        let scratch = try IngestScratch()
        let input = try scratch.write("school.xml", handBuiltCTF)
        try scratch.ingest(input)
        for name in ["pupils.csv", "results.csv", "rejects.csv"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: scratch.path("out/\(name)"))
            #expect(attributes[.posixPermissions] as? Int == 0o600, "\(name)")
        }
    }

    @Test func billionLaughsFailsWithLibxml2sEntityLoopError() throws {
        var declarations = "<!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            declarations += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        let text = """
        <?xml version="1.0"?>
        <!DOCTYPE CTfile [
        \(declarations)]>
        <CTfile><CTFpupilData><Pupil><UPN>A1</UPN><Surname>&lol9;</Surname><DOB>2013-01-01</DOB></Pupil></CTFpupilData></CTfile>
        """
        let scratch = try IngestScratch()
        let input = try scratch.write("lol.xml", text)
        do {
            try scratch.ingest(input)
            Issue.record("a billion-laughs document was accepted")
        } catch let error as GapsError {
            guard case let .malformedInput(location, message) = error else {
                Issue.record("expected malformedInput, got \(error)")
                return
            }
            #expect(location.file == input)
            #expect(message.localizedCaseInsensitiveContains("entity"))
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out")))
    }

    @Test func externalEntitiesAndDTDsAreNeverLoaded() throws {
        let scratch = try IngestScratch()
        let generalEntity = try scratch.write("xxe.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE CTfile [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <CTfile><CTFpupilData><Pupil><UPN>A1</UPN><Surname>&xxe;</Surname><DOB>2013-01-01</DOB></Pupil></CTFpupilData></CTfile>
        """)
        let externalDTD = try scratch.write("dtd.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE CTfile SYSTEM "file:///etc/passwd">
        <CTfile><CTFpupilData><Pupil><UPN>A2</UPN><Surname>Plain</Surname><DOB>2013-01-01</DOB></Pupil></CTFpupilData></CTfile>
        """)
        let parameterEntity = try scratch.write("pe.xml", """
        <?xml version="1.0"?>
        <!DOCTYPE CTfile [ <!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe; ]>
        <CTfile><CTFpupilData><Pupil><UPN>A3</UPN><DOB>2013-01-01</DOB></Pupil></CTFpupilData></CTfile>
        """)
        for (index, input) in [generalEntity, externalDTD, parameterEntity].enumerated() {
            let out = "out\(index)"
            // Refusing the file is acceptable; reading it with the entity's content is not.
            guard (try? scratch.ingest(input, out: out)) != nil else { continue }
            for (name, text) in try scratch.outputTexts(out) {
                #expect(!text.contains("root:"), "/etc/passwd leaked into \(name) from \(input)")
            }
        }
        // The general entity is left unexpanded: the pupil is read, its surname is empty.
        try scratch.ingest(generalEntity, out: "xxe")
        #expect(try scratch.pupils("xxe").map(\.surname) == [""])
    }
}

/// The four SIMS-generated CTF 19.0 files in `shared/reference` (present on the development machine only).
enum ReferenceSamples {
    /// `shared/reference`, found by walking up from this file.
    static let folder: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/reference")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("y12.xml").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()
}

@Suite(.enabled(if: ReferenceSamples.folder != nil, "needs ../shared/reference with the SIMS samples"))
struct IngestReferenceSampleTests {
    @Test(arguments: [
        // file, pupils, results: counted by hand from <Pupil> and <StageAssessment> elements in each file.
        ("y12.xml", 1, 2), ("y7_2_students.xml", 2, 4), ("y7_partial.xml", 1, 0), ("y7_spaced_numbers.xml", 1, 0),
    ])
    func realSIMSFilesIngest(file: String, pupils: Int, results: Int) throws {
        let input = try #require(ReferenceSamples.folder).appendingPathComponent(file).path
        let scratch = try IngestScratch()
        let manifest = try scratch.ingest(input)
        let counts = try #require(manifest.inputs.first?.counts)
        #expect(counts["pupils"] == RowCounts(read: pupils, written: pupils))
        #expect(counts["results"] == RowCounts(read: results, written: results))
        #expect(manifest.inputs.first?.notes.first?.hasPrefix("layout: CTF 19.0 from school ") == true)
        // The samples' contact details were replaced by placeholders; none may appear in an output.
        for (name, text) in try scratch.outputTexts() {
            for placeholder in ["REDACTED", "ZZ99 9ZZ", "redacted@example.invalid", "00000 000000"] {
                #expect(!text.contains(placeholder), "\(placeholder) in \(name)")
            }
        }
    }

    @Test func y12PupilMatchesTheFile() throws {
        let input = try #require(ReferenceSamples.folder).appendingPathComponent("y12.xml").path
        let scratch = try IngestScratch()
        try scratch.ingest(input)
        let pupil = try #require(try scratch.pupils().first)
        // Read off y12.xml by hand: <Pupil> on line 23; Gender F; SEN N open since 2016-07-10 (K ended 2016-07-09);
        // one FSM period; SENtypeRank 1 is NSA; a contact named Samberg must not appear.
        #expect(pupil.sourceLine == 23)
        #expect(pupil.upn == "Z801209809069")
        #expect(pupil.sex == "F")
        #expect(pupil.senProvision == "N")
        #expect(pupil.senPrimaryNeed == "NSA")
        #expect(pupil.fsmPeriods == "2012-10-10/2013-04-01")
        #expect(pupil.firstLanguage == "ENG")
        #expect(pupil.la + pupil.estab == "9334259")
        #expect(try scratch.results().map(\.sourceLine) == [247, 258])
        #expect(try !scratch.outputTexts().values.contains { $0.contains("Samberg") })
    }
}
