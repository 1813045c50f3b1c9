import Testing
@testable import GapsCore

@Suite struct UPNTests {
    @Test(arguments: ["B801200005001", "G335311012004", "Z801209809069"])
    func domainExamplesAreValid(upn: String) {
        #expect(UPN.problem(with: upn) == nil)
    }

    @Test func misprintedHelpPageExampleHasCheckLetterP() {
        // B207000016049 appears on MIS help pages; the digits give P, not B.
        #expect(UPN.problem(with: "B207000016049") == .wrongCheckLetter(found: "B", expected: "P"))
        #expect(UPN.problem(with: "P207000016049") == nil)
    }

    @Test func checkLetterWorkedByHand() {
        // 801200005001: 8*2+0*3+1*4+2*5+0*6+0*7+0*8+0*9+5*10+0*11+0*12+1*13 = 16+4+10+50+13 = 93; 93 mod 23 = 1 -> B.
        #expect(UPN.checkLetter(forBody: "801200005001") == "B")
    }

    @Test func formatProblemsAreNamed() {
        #expect(UPN.problem(with: "B80120000500") == .wrongLength(12))
        #expect(UPN.problem(with: "I801200005001") == .badCharacter(position: 1, character: "I"))
        #expect(UPN.problem(with: "B8012000O5001") == .badCharacter(position: 9, character: "O"))
    }

    @Test func madeUPNsAreValid() {
        let upn = UPN.make(la: 933, estab: 2001, year: 16, serial: 42)
        #expect(upn.hasSuffix("933200116042"))
        #expect(UPN.problem(with: upn) == nil)
    }
}
