import Foundation
import Testing
@testable import GapsCore

/// One pupil as the CTF text states it, read back by plain string search (independent of the generator's code).
private struct ScannedCTFPupil {
    var upn = ""
    var surname = ""
    var sexElement = ""
    var sex = ""
    var ethnicity = ""
    var language = ""
    var inCare: String?
    var fsmPeriods: [(start: String, end: String?)] = []
    var senProvisions: [(provision: String, ended: Bool)] = []
    /// "KS2 ENG TT RD" -> result.
    var results: [String: String] = [:]
}

private enum CTFText {
    /// Values of `<tag>...</tag>` in order, trimmed of whitespace and with XML entities decoded.
    static func values(_ tag: String, in text: Substring) -> [String] {
        var found: [String] = []
        var rest = text
        while let open = rest.range(of: "<\(tag)>"), let close = rest.range(of: "</\(tag)>", range: open.upperBound..<rest.endIndex) {
            found.append(decode(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func value(_ tag: String, in text: Substring) -> String? { values(tag, in: text).first }

    static func decode(_ raw: Substring) -> String {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        while let range = text.range(of: "&#"), let end = text.range(of: ";", range: range.upperBound..<text.endIndex),
              let code = UInt32(text[range.upperBound..<end.lowerBound]), let scalar = Unicode.Scalar(code) {
            text.replaceSubrange(range.lowerBound..<end.upperBound, with: String(Character(scalar)))
        }
        return text.replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text between `<name>` and `</name>` for every occurrence.
    static func blocks(_ name: String, in text: Substring) -> [Substring] {
        text.components(separatedBy: "<\(name)>").dropFirst().map { chunk in
            Substring(chunk.components(separatedBy: "</\(name)>")[0])
        }
    }

    static func pupils(in text: String) -> [ScannedCTFPupil] {
        blocks("Pupil", in: Substring(text)).map { block in
            // Contacts repeat Surname/Forename/Gender: read the pupil's own fields before them.
            let own = block.components(separatedBy: "<Contacts>")[0]
            var pupil = ScannedCTFPupil()
            pupil.upn = value("UPN", in: Substring(own)) ?? ""
            pupil.surname = value("Surname", in: Substring(own)) ?? ""
            if let sex = value("Sex", in: Substring(own)) {
                pupil.sexElement = "Sex"
                pupil.sex = sex
            } else {
                pupil.sexElement = "Gender"
                pupil.sex = value("Gender", in: Substring(own)) ?? ""
            }
            pupil.ethnicity = value("Ethnicity", in: Substring(own)) ?? ""
            pupil.language = value("Language", in: Substring(own)) ?? ""
            pupil.inCare = value("InCare", in: Substring(own))
            for instance in blocks("FSMinstance", in: block) {
                pupil.fsmPeriods.append((value("FSMstartDate", in: instance) ?? "", value("FSMendDate", in: instance)))
            }
            for sen in blocks("SEN", in: block) {
                pupil.senProvisions.append((value("SENprovision", in: sen) ?? "", value("EndDate", in: sen) != nil))
            }
            for keyStage in blocks("KeyStage", in: block) {
                let stage = value("Stage", in: keyStage) ?? ""
                for assessment in blocks("StageAssessment", in: keyStage) {
                    let key = [stage, value("Subject", in: assessment), value("Method", in: assessment), value("Component", in: assessment)]
                        .map { $0 ?? "" }.joined(separator: " ")
                    pupil.results[key] = value("Result", in: assessment)
                }
            }
            return pupil
        }
    }
}

/// A generated LA in a temporary directory, with the pupils the generator reported.
private struct Generated {
    let directory: URL
    let pupils: [SyntheticPupil]
    let summary: SyntheticLA.Summary

    init(_ configuration: SyntheticLA.Configuration = .init()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-fixtures-\(UUID().uuidString)")
        var pupils: [SyntheticPupil] = []
        summary = try SyntheticLA(configuration).write(to: directory) { pupils.append($0) }
        self.pupils = pupils
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    func text(_ path: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
    }

    func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(path)))
    }

    /// Extract rows keyed by UPN, read with the project's libcsv reader.
    func extract(_ path: String) throws -> (header: [String], rows: [String: [String: String]]) {
        let records = try CSVReader(path: directory.appendingPathComponent(path).path).readAll()
        let header = records[0].fields
        var rows: [String: [String: String]] = [:]
        for record in records.dropFirst() {
            rows[record.fields[0]] = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
        }
        return (header, rows)
    }

    var ctfPaths: [String] { summary.files.filter { $0.kind == .ctf }.map(\.path) }
}

/// Every file under `directory`, relative path -> bytes.
private func allFiles(in directory: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = directory.standardizedFileURL.path
    let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
    while let url = enumerator?.nextObject() as? URL {
        guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
        let path = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
        files[path] = try Data(contentsOf: url)
    }
    return files
}

@Suite struct FixtureGeneratorTests {
    @Test func sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws {
        let first = try Generated()
        let second = try Generated()
        let other = try Generated(SyntheticLA.Configuration(seed: 2007))
        defer { first.remove(); second.remove(); other.remove() }
        let firstFiles = try allFiles(in: first.directory)
        #expect(firstFiles.count == 8 * 2 + 1 + 1 + 1 + 1 + 2)  // 8 schools x 2 years of CTF, KS2 extract, KS4 file, its KS2 and KS1 extracts, README, .gitattributes
        #expect(firstFiles == (try allFiles(in: second.directory)))
        let otherFiles = try allFiles(in: other.directory)
        #expect(otherFiles["npd/ks2-2024.csv"] != firstFiles["npd/ks2-2024.csv"])
        #expect(otherFiles["ctf/8882001-2024.xml"] != firstFiles["ctf/8882001-2024.xml"])
    }

    @Test func committedDemoIsWhatTheGeneratorWrites() throws {
        // fixtures/demo must be regenerated when the generator changes: this fails until it is.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try allFiles(in: repository.appendingPathComponent("fixtures/demo"))
        let fresh = try Generated()
        defer { fresh.remove() }
        let generated = try allFiles(in: fresh.directory)
        #expect(committed.keys.sorted() == generated.keys.sorted())
        for (path, data) in generated { #expect(committed[path] == data, "fixtures/demo/\(path) is stale") }
        let totalBytes = committed.values.reduce(0) { $0 + $1.count }
        // Well under 1 MB (`SyntheticLA.schoolProfiles`): 832 KB since the KS4 pupils' KS1 extract (about 36 KB) was added.
        #expect(totalBytes < 850_000)
    }

    @Test func layoutFollowsTheDesign() throws {
        let demo = try Generated()
        defer { demo.remove() }
        #expect(demo.ctfPaths.sorted() == (2001...2008).flatMap { ["ctf/888\($0)-2023.xml", "ctf/888\($0)-2024.xml"] }.sorted())
        let header = try demo.text("ctf/8882002-2024.xml")
        for expected in [
            "<CTFversion>19.0</CTFversion>", "<DocumentQualifier>full</DocumentQualifier>",
            "<DateTime>2024-07-19T16:00:00</DateTime>", "<LEA>888</LEA>", "<Estab>2002</Estab>", "<URN>190002</URN>",
            "<SchoolName>St Mary &amp; St John&apos;s C of E Primary</SchoolName>", "<AcademicYear>2023</AcademicYear>",
        ] {
            #expect(header.contains(expected), "missing \(expected)")
        }
        // Both spellings of the sex element occur across schools, as in real files.
        #expect(try demo.text("ctf/8882001-2024.xml").contains("<Gender>"))
        #expect(try demo.text("ctf/8882002-2024.xml").contains("<Sex>"))
        // Ten schools, ten distinct estab numbers, LAESTAB = LA * 10000 + estab, six-digit URNs.
        let schools = try SyntheticLA().schools
        #expect(schools.map(\.laestab) == Array(8_882_001...8_882_010))
        #expect(schools.allSatisfy { (100_000...999_999).contains($0.urn) })
        #expect(Set(schools.map(\.cohortSize)).count == 10 && schools.map(\.cohortSize).min()! >= 12 && schools.map(\.cohortSize).max()! <= 90)
        #expect(schools.map(\.disadvantagedRate).min()! == 0.08 && schools.map(\.disadvantagedRate).max()! == 0.55)
    }

    @Test func upnsAreValidAndUniqueAcrossTheLA() throws {
        // Scale 15 makes school 9's cohort exceed 999 (90 * 0.85 * 15 > 1000), so overflow UPN blocks are used too.
        let large = try Generated(SyntheticLA.Configuration(scale: 15))
        defer { large.remove() }
        let upns = large.pupils.map(\.upn)
        #expect(upns.count > 8_000)
        #expect(upns.contains { Int($0.dropFirst(4).prefix(4))! >= 3000 }, "no UPN from an overflow block")
        #expect(Set(upns).count == upns.count)
        #expect(upns.allSatisfy { UPN.problem(with: $0) == nil })
        let extractUPNs = try large.extract("npd/ks2-2024.csv").rows.keys
        #expect(Set(extractUPNs) == Set(large.pupils.filter { $0.ks2Year == 2024 }.map(\.upn)))
    }

    @Test func extractHasTheExactHeaderBOMAndCRLF() throws {
        let demo = try Generated()
        defer { demo.remove() }
        let (header, rows) = try demo.extract("npd/ks2-2024.csv")
        #expect(header == [
            "UPN", "SURNAME", "FORENAMES", "DOB", "SEX", "LA", "ESTAB", "LAESTAB", "URN", "SCHNAME", "ACADYR",
            "READSCORE", "READOUTCOME", "MATSCORE", "MATOUTCOME", "GPSSCORE", "GPSOUTCOME", "WRITTAOUTCOME", "FSM",
            "FSM6", "CLA_PP_1_DAY", "EALGRP", "SENPROV", "ETHNICITYMAJOR", "ETHNICITYMINOR",
        ])
        let bytes = try demo.bytes("npd/ks2-2024.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
        #expect(!lineFeeds.isEmpty && lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D })
        // The comma in a school name is quoted in the file and read back whole.
        let text = try demo.text("npd/ks2-2024.csv")
        #expect(text.contains(",\"Hill Top, Moorside Primary School\","))
        #expect(rows.values.contains { $0["SCHNAME"] == "Hill Top, Moorside Primary School" })
        #expect(rows.values.allSatisfy { $0["ACADYR"] == "2023/2024" && $0["LA"] == "888" })
        #expect(rows.values.contains { $0["SURNAME"] == "O'Brien" })
        #expect(rows.count == demo.pupils.filter { $0.ks2Year == 2024 }.count)
    }

    @Test func extractAgreesWithEveryCTFPupil() throws {
        let demo = try Generated()
        defer { demo.remove() }
        let rows = try demo.extract("npd/ks2-2024.csv").rows
        var matched = 0
        var traps = (extendedEthnicity: 0, fsmHistoryButNotEver6: 0, ever6ButNotEligible: 0, lookedAfter: 0)
        for path in demo.ctfPaths where path.hasSuffix("-2024.xml") {
            for pupil in CTFText.pupils(in: try demo.text(path)) {
                guard let row = rows[pupil.upn] else {
                    Issue.record("\(pupil.upn) in \(path) is not in the extract")
                    continue
                }
                matched += 1
                #expect(row["SURNAME"] == pupil.surname)
                #expect(row["SEX"] == pupil.sex)
                #expect(row["LAESTAB"] == String(path.dropFirst(4).prefix(7)))
                for (key, score, outcome) in [
                    ("KS2 ENG TT RD", "READSCORE", "READOUTCOME"), ("KS2 MAT TT MA", "MATSCORE", "MATOUTCOME"),
                    ("KS2 ENG TT GPS", "GPSSCORE", "GPSOUTCOME"),
                ] {
                    let result = pupil.results[key] ?? "(none)"
                    if let number = Int(result) {
                        #expect(row[score] == result && (80...120).contains(number))
                        #expect(row[outcome] == (number >= 100 ? "AS" : "NS"))
                    } else {
                        #expect(row[score] == "" && row[outcome] == result && ["B", "A", "T", "D", "M", "L"].contains(result))
                    }
                }
                #expect(row["WRITTAOUTCOME"] == pupil.results["KS2 ENG TA WR"])
                #expect(pupil.results.keys.allSatisfy { $0.hasPrefix("KS2") }, "KS2 2024 pupils have no KS1 result (none in 2020)")

                // FSM at the 18 January 2024 census and Ever 6 since 18 January 2018 (the generator keeps dates 30 days
                // clear of both, so inclusive and exclusive readings agree); ISO dates compare as text.
                let eligible = pupil.fsmPeriods.contains { $0.start <= "2024-01-18" && ($0.end ?? "9999") >= "2024-01-18" }
                let ever6 = pupil.fsmPeriods.contains { $0.start <= "2024-01-18" && ($0.end ?? "9999") >= "2018-01-18" }
                #expect(row["FSM"] == (eligible ? "1" : "0"))
                #expect(row["FSM6"] == (ever6 ? "1" : "0"))
                #expect(row["CLA_PP_1_DAY"] == (pupil.inCare == "true" ? "1" : "0"))
                let current = pupil.senProvisions.first { !$0.ended }?.provision ?? "N"
                #expect(row["SENPROV"] == current)
                let ealGroup = pupil.language == "ENG" ? "1" : pupil.language == "NOT" ? "3" : "2"
                #expect(row["EALGRP"] == ealGroup)
                // Extended codes used, grouped as in the DfE Ethnicities table (ParentEthnicityCode).
                let mainOfExtended = [
                    "WENG": "WBRI", "WSCO": "WBRI", "WWEL": "WBRI", "WEEU": "WOTH", "MWAP": "MWAS", "AMPK": "APKN",
                    "AKPA": "APKN", "BSOM": "BAFR", "BNGN": "BAFR", "OARA": "OOTH",
                ]
                #expect(row["ETHNICITYMINOR"] == (mainOfExtended[pupil.ethnicity] ?? pupil.ethnicity))
                if mainOfExtended[pupil.ethnicity] != nil { traps.extendedEthnicity += 1 }
                if !pupil.fsmPeriods.isEmpty, !ever6 { traps.fsmHistoryButNotEver6 += 1 }
                if ever6, !eligible { traps.ever6ButNotEligible += 1 }
                if pupil.inCare == "true" { traps.lookedAfter += 1 }
            }
        }
        let ctfSchoolPupils = demo.pupils.filter { $0.ks2Year == 2024 && $0.schoolIndex <= 8 }.count
        #expect(matched == ctfSchoolPupils && matched > 100)
        // The cases a reader can get wrong are present: extended ethnicity codes, FSM periods outside the Ever 6
        // window or after the census, Ever 6 pupils no longer eligible, and looked-after pupils.
        #expect(traps.extendedEthnicity > 0 && traps.fsmHistoryButNotEver6 > 0 && traps.ever6ButNotEligible > 0)
        #expect(traps.lookedAfter > 0)
        // Schools 9 and 10 appear only in the extract.
        let extractOnly = rows.values.filter { ["8882009", "8882010"].contains($0["LAESTAB"]) }.count
        #expect(extractOnly == rows.count - matched && extractOnly > 0)
    }

    @Test func ks1ResultsOnlyForTheCohortAssessedIn2019() throws {
        let demo = try Generated()
        defer { demo.remove() }
        for path in demo.ctfPaths {
            let text = try demo.text(path)
            for pupil in CTFText.pupils(in: text) {
                if path.hasSuffix("-2023.xml") {
                    for key in ["KS1 ENG TA RD", "KS1 ENG TA WR", "KS1 MAT TA MA"] {
                        #expect(["PKF", "WTS", "EXS", "GDS"].contains(pupil.results[key] ?? ""), "\(pupil.upn) \(key)")
                    }
                    #expect(pupil.results["KS2 ENG TT RD"] != nil)
                } else {
                    #expect(!pupil.results.keys.contains { $0.hasPrefix("KS1") })
                }
            }
            #expect(!path.hasSuffix("-2023.xml") || text.contains("<Year>2019</Year>"))
        }
    }

    @Test func onlyPlaceholderAddressesAndContactsAreWritten() throws {
        let demo = try Generated()
        defer { demo.remove() }
        var contacts = 0
        for path in demo.ctfPaths {
            let text = Substring(try demo.text(path))
            #expect(Set(CTFText.values("PAON", in: text)).isSubset(of: ["1"]))
            #expect(Set(CTFText.values("Street", in: text)).isSubset(of: ["Example Street"]))
            #expect(Set(CTFText.values("Town", in: text)).isSubset(of: ["Exampletown"]))
            #expect(Set(CTFText.values("PostCode", in: text)) == ["ZZ99 9ZZ"])
            #expect(Set(CTFText.values("PhoneNo", in: text)).isSubset(of: ["00000 000000"]))
            #expect(Set(CTFText.values("Email", in: text)).isSubset(of: ["contact@example.invalid"]))
            for contact in CTFText.blocks("Contact", in: text) {
                contacts += 1
                #expect(CTFText.value("Forename", in: contact) == "Example")
            }
            #expect(CTFText.values("Address", in: text).count == CTFText.values("UPN", in: text).count + CTFText.blocks("Contact", in: text).count)
        }
        #expect(contacts > 0)
    }

    @Test func gapsRunTheWayTheModelSays() throws {
        let demo = try Generated()
        defer { demo.remove() }
        func meanReading(_ pupils: [SyntheticPupil]) -> Double {
            let scores = pupils.compactMap(\.reading.scaledScore)
            return Double(scores.reduce(0, +)) / Double(scores.count)
        }
        let disadvantaged = demo.pupils.filter(\.isDisadvantaged)
        let others = demo.pupils.filter { !$0.isDisadvantaged }
        #expect(meanReading(disadvantaged) < meanReading(others))
        #expect(meanReading(demo.pupils.filter { $0.sex == "M" }) < meanReading(demo.pupils.filter { $0.sex == "F" }))
        // Every outcome code in place of a score occurs somewhere in the demo LA.
        let codes = Set(demo.pupils.flatMap { [$0.reading, $0.maths, $0.gps] }.compactMap { result -> String? in
            if case let .code(code) = result { return code }
            return nil
        })
        #expect(codes == ["B", "A", "T", "D", "M", "L"])
        // Both readers of the name lists' awkward characters are exercised.
        let names = Set(demo.pupils.map(\.forename) + demo.pupils.map(\.surname))
        #expect(names.contains("O'Brien") && (names.contains("Zoë") || names.contains("Siân")))
    }

    @Test func ratesAreNearNationalOnALargeLA() throws {
        // Scale 10: about 5 500 pupils. The model was calibrated for about 73% expected in reading and maths and
        // 59% in RWM; with this many pupils a share is within +/-1.2 points of its expectation (SE 0.6 points),
        // and the ten school effects and this LA's higher disadvantage move it a few points more, so the bands
        // are wide enough never to fail by chance and narrow enough to catch a broken model.
        let large = try Generated(SyntheticLA.Configuration(scale: 10))
        defer { large.remove() }
        let counted = large.pupils.filter { $0.reading != .code("L") }
        func share(_ test: (SyntheticPupil) -> Bool) -> Double {
            Double(counted.filter(test).count) / Double(counted.count)
        }
        let reading = share { ($0.reading.scaledScore ?? 0) >= 100 }
        let maths = share { ($0.maths.scaledScore ?? 0) >= 100 }
        let writing = share { ["EXS", "GDS"].contains($0.writingTA) }
        let rwm = share { ($0.reading.scaledScore ?? 0) >= 100 && ($0.maths.scaledScore ?? 0) >= 100 && ["EXS", "GDS"].contains($0.writingTA) }
        #expect((0.62...0.82).contains(reading))
        #expect((0.62...0.82).contains(maths))
        #expect((0.60...0.80).contains(writing))
        #expect((0.48...0.68).contains(rwm))
        #expect(share { $0.reading == .code("B") } < 0.04)
    }

    @Test func badSettingsAreRefusedWithTheirName() {
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(schoolCount: 0)) }
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(scale: 0)) }
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(ks2Years: [2021])) }
        #expect(throws: GapsError.self) { try SyntheticLA(SyntheticLA.Configuration(ks2Years: [2023], extractYears: [2024])) }
        do {
            _ = try SyntheticLA(SyntheticLA.Configuration(schoolCount: 1000))
            Issue.record("1000 schools accepted")
        } catch {
            #expect("\(error)".contains("--schools"))
        }
    }
}
