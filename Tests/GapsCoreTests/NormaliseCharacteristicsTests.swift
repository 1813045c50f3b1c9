import Foundation
import Testing
@testable import GapsCore

/// Minor ethnic group and primary SEN need on the merged pupil, with their precedence and data-quality rules.
@Suite struct NormaliseCharacteristicsTests {
    @Test func minorGroupFollowsTheWinningEthnicityCode() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (extended, majorOnly, refused, unknown) = (NormaliseFixture.upn(60), NormaliseFixture.upn(61), NormaliseFixture.upn(62), NormaliseFixture.upn(63))
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(extended, file: "b.csv", line: 2) { $0.ethnicity = "AIND" },
            NormaliseFixture.pupil(majorOnly, file: "b.csv", line: 3) { $0.ethnicity = "BLAC" },
            NormaliseFixture.pupil(refused, file: "b.csv", line: 4) { $0.ethnicity = "REFU" },
            NormaliseFixture.pupil(unknown, file: "b.csv", line: 5) { $0.ethnicity = "ZZZZ" },
        ])
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            // The CTF wins: an extended code under MWBC.
            NormaliseFixture.pupil(extended, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00") { $0.ethnicity = "MWBC" },
        ])
        let output = try NormaliseFixture.run([extract, ctf], in: parent)
        func pupil(_ upn: String) throws -> NormalisedPupil { try #require(output.pupils.first { $0.upn == upn }) }
        #expect(try pupil(extended).ethnicityMinor == "White and Black Caribbean")
        #expect(try pupil(extended).ethnicityMajor == "Mixed / Multiple ethnic groups")
        // A major group without a main code: the minor group is not known.
        #expect(try pupil(majorOnly).ethnicityMajor == "Black / African / Caribbean / Black British")
        #expect(try pupil(majorOnly).ethnicityMinor == "Unknown")
        #expect(try pupil(refused).ethnicityMinor == "Unknown")
        #expect(try pupil(unknown).ethnicityMinor == "Unknown")
    }

    @Test func primaryNeedIsValidatedAndOnlyCarriedWithSENProvision() throws {
        let parent = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let (support, typo, fallback, noSEN, none) = (NormaliseFixture.upn(70), NormaliseFixture.upn(71), NormaliseFixture.upn(72),
                                                       NormaliseFixture.upn(73), NormaliseFixture.upn(74))
        let ctf = try NormaliseFixture.ingested("ctf", in: parent, pupils: [
            NormaliseFixture.pupil(support, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00", line: 10) { $0.senProvision = "K"; $0.senPrimaryNeed = " slcn " },
            NormaliseFixture.pupil(typo, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00", line: 20) { $0.senProvision = "E"; $0.senPrimaryNeed = "AUT" },
            NormaliseFixture.pupil(fallback, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00", line: 30) { $0.senProvision = "K"; $0.senPrimaryNeed = "SEBD" },
            NormaliseFixture.pupil(noSEN, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00", line: 40) { $0.senProvision = "N"; $0.senPrimaryNeed = "MLD" },
            NormaliseFixture.pupil(none, file: "a.xml", kind: .ctf, date: "2024-01-01T00:00:00", line: 50) { $0.senProvision = "K" },
        ])
        let extract = try NormaliseFixture.ingested("extract", in: parent, pupils: [
            NormaliseFixture.pupil(fallback, file: "b.csv") { $0.senPrimaryNeed = "SEMH" },
        ])
        let output = try NormaliseFixture.run([ctf, extract], in: parent)
        func need(_ upn: String) -> String? { output.pupils.first { $0.upn == upn }?.senPrimaryNeed }
        #expect(need(support) == "SLCN")
        #expect(need(typo) == "")
        #expect(need(fallback) == "SEMH")   // the CTF's SEBD is not a code; the extract's SEMH is used
        #expect(need(noSEN) == "")
        #expect(need(none) == "")
        let issues = output.dataQuality.filter { $0.field == "sen_primary_need" }
        #expect(issues.first { $0.upn == typo }?.issue.hasPrefix("unknown SEN need type 'AUT'") == true)
        #expect(issues.first { $0.upn == typo }?.category == .unknownCode)
        #expect(issues.first { $0.upn == fallback }?.issue.contains("used 'SEMH' from b.csv") == true)
        #expect(issues.first { $0.upn == noSEN }?.category == .inconsistent)
        #expect(!issues.contains { $0.upn == support || $0.upn == none })
        #expect(output.rejects.isEmpty)
    }
}
