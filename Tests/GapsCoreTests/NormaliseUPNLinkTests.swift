import Foundation
import Testing
@testable import GapsCore

/// Temporary UPNs and FormerUPN linking, on small hand-built sources.
@Suite struct NormaliseUPNLinkTests {
    /// A valid temporary UPN: LA 888, establishment 2001, year 13, serial two digits and a letter.
    static func temporaryUPN(_ serial: Int, letter: Character = "A") -> String {
        let body = String(format: "888200113%02d", serial) + String(letter)
        return String(UPN.checkLetter(forBody: Substring(body))!) + body
    }

    @Test func temporaryUPNsPassTheCheckAndAreRecognised() {
        let temporary = Self.temporaryUPN(1)
        #expect(UPN.problem(with: temporary) == nil)
        #expect(UPN.isTemporary(temporary))
        #expect(!UPN.isTemporary("B801200005001"))
        // Worked by hand: 8x2 + 8x3 + 8x4 + 2x5 + 0x6 + 0x7 + 1x8 + 1x9 + 3x10 + 0x11 + 1x12 + A(0)x13 = 141;
        // 141 mod 23 = 3 -> D. With B (index 1) the sum is 154; 154 mod 23 = 16 -> T.
        #expect(Self.temporaryUPN(1, letter: "A") == "D88820011301A")
        #expect(Self.temporaryUPN(1, letter: "B") == "T88820011301B")
        #expect(UPN.problem(with: "A88820011301A") == .wrongCheckLetter(found: "A", expected: "D"))
    }

    @Test func aCTFsFormerUPNJoinsTheExtractsRowsAndResultsToTheCurrentUPN() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let current = NormaliseFixture.upn(101)   // X
        let former = NormaliseFixture.upn(102)    // Y
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(current, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00") {
                $0.formerUPN = former; $0.sex = "F"; $0.ethnicity = "WENG"
            },
        ], results: [
            NormaliseFixture.result(current, file: "a.xml", measure: .ks2Reading, value: "104", line: 30),
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(former, file: "ks2.csv") { $0.sex = "F"; $0.senProvision = "K"; $0.urn = "100002" },
        ], results: [
            NormaliseFixture.result(former, file: "ks2.csv", measure: .ks2Maths, value: "99"),
            NormaliseFixture.result(former, file: "ks2.csv", measure: .ks1Reading, value: "EXS", year: "2019", stage: "KS1"),
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)

        #expect(output.pupils.map(\.upn) == [current])
        let pupil = try #require(output.pupils.first)
        #expect(pupil.sources == "a.xml;ks2.csv")
        #expect(pupil.senProvision == "SEN support")   // only the extract, filed under the former UPN, says so
        // Every result follows the pupil: the extract's two under the current UPN, with the extract's school.
        #expect(output.results.map(\.upn) == [current, current, current])
        let maths = try #require(output.results.first { $0.measure == .ks2Maths })
        #expect(maths.sourceFile == "ks2.csv" && maths.schoolURN == "100002" && maths.meetsExpected == false)
        #expect(output.results.contains { $0.measure == .ks1Reading && $0.upn == current && $0.points == 8 })
        // The link is explained, on the current UPN.
        let note = try #require(output.dataQuality.first { $0.category == .formerUPN })
        #expect(note.upn == current && note.value == former && note.sources == "ks2.csv")
        #expect(note.issue.contains("FormerUPN given by a.xml"))
        // Conservation: the extract's pupil row was merged, nothing was lost.
        #expect(output.manifest.counts["pupils"] == RowCounts(read: 2, written: 1, rejected: 0,
                                                               setAside: [NormaliseSetAside.mergedPupil: 1]))
        #expect(output.manifest.counts["results"] == RowCounts(read: 3, written: 3, rejected: 0))
        // The KS2 pupil's KS1 came from the other source under the old UPN: matched.
        #expect(output.matching.first { $0.geographicLevel == "Local authority" }?.priorMatched == 1)
    }

    @Test func aTemporaryUPNIsKeptAndFlaggedUntilAPermanentOneReplacesIt() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let stillTemporary = Self.temporaryUPN(3)
        let replacedTemporary = Self.temporaryUPN(4)
        let permanent = NormaliseFixture.upn(104)
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(stillTemporary, file: "ks2.csv", line: 2),
            NormaliseFixture.pupil(replacedTemporary, file: "ks2.csv", line: 3),
        ], results: [
            NormaliseFixture.result(stillTemporary, file: "ks2.csv", measure: .ks2Reading, value: "100", line: 2),
            NormaliseFixture.result(replacedTemporary, file: "ks2.csv", measure: .ks2Reading, value: "101", line: 3),
        ])
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(permanent, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00") { $0.formerUPN = replacedTemporary },
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)
        #expect(Set(output.pupils.map(\.upn)) == [stillTemporary, permanent])
        #expect(output.rejects.isEmpty)
        let flagged = output.dataQuality.filter { $0.category == .temporaryUPN }
        #expect(flagged.map(\.upn) == [stillTemporary])
        #expect(flagged.first?.issue.contains("replace it with the pupil's permanent UPN") == true)
        #expect(output.results.first { $0.result == "101" }?.upn == permanent)
        // The summary counts the one pupil still on a temporary UPN.
        #expect(output.summaryCount("temporary_upn") == 1)
    }

    @Test func unusableFormerUPNsLinkNothingAndSayWhy() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (a, b, shared) = (NormaliseFixture.upn(110), NormaliseFixture.upn(111), NormaliseFixture.upn(112))
        let (loopX, loopY) = (NormaliseFixture.upn(113), NormaliseFixture.upn(114))
        let invalidFormer = NormaliseFixture.badCheckLetterUPN(115)
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(a, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 10) { $0.formerUPN = shared },
            NormaliseFixture.pupil(b, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 20) { $0.formerUPN = shared },
            NormaliseFixture.pupil(loopX, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 30) { $0.formerUPN = loopY },
            NormaliseFixture.pupil(loopY, file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 40) { $0.formerUPN = loopX },
            NormaliseFixture.pupil(NormaliseFixture.upn(116), file: "a.xml", kind: .ctf, date: "2024-06-01T00:00:00", line: 50) {
                $0.formerUPN = invalidFormer
            },
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(shared, file: "ks2.csv"),
        ])
        let output = try NormaliseFixture.run([ctf, extract], in: parent)
        // Nothing was merged: six pupils, each under its own UPN.
        #expect(output.pupils.count == 6)
        let issues = output.dataQuality.filter { $0.category == .formerUPN }
        #expect(issues.filter { $0.value == shared }.map(\.upn).sorted() == [a, b].sorted())
        #expect(issues.first { $0.value == shared }?.issue.contains("given by 2 pupils") == true)
        #expect(Set(issues.filter { $0.issue.contains("loop") }.map(\.upn)) == [loopX, loopY])
        #expect(issues.contains { $0.value == invalidFormer && $0.issue.contains("fails the UPN check") })
    }

    @Test func linksChainToTheNewestUPN() {
        let (z, y, x) = (NormaliseFixture.upn(120), NormaliseFixture.upn(121), NormaliseFixture.upn(122))
        let links = UPNLinks([
            .init(upn: x, formerUPN: y, source: "new.xml"),
            .init(upn: y, formerUPN: z, source: "old.xml"),
        ])
        #expect(links.resolve(z) == x)
        #expect(links.resolve(y) == x)
        #expect(links.resolve(x) == x)
        #expect(links.issues.isEmpty)
    }
}

extension NormaliseFixture.Output {
    /// The LA-wide count of one data-quality-summary category (the only LA in these fixtures is 888).
    func summaryCount(_ category: String, detail: String = "") -> Int? {
        summary.first { $0.geographicLevel == "Local authority" && $0.la == "888" && $0.category == category && $0.detail == detail }?.count
    }
}
