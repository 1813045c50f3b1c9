import Foundation
import Testing
@testable import GapsCore

@Suite struct CodeSetTests {
    static let mainCodes: Set<String> = [
        "WBRI", "WIRI", "WIRT", "WROM", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "CHNE",
        "BCRB", "BAFR", "BOTH", "OOTH",
    ]

    let reference: NormaliseReferenceData

    init() throws { reference = try NormaliseReferenceData.load() }

    @Test func ethnicityTableHoldsAll102ExtendedCodesEachUnderAMainCodeOrUnclassified() {
        let codes = reference.ethnicity.extendedCodes
        #expect(codes.count == 102)
        // The DfE table groups 97 codes under the 18 main codes and 5 (?, NOBT, NONE, REFU, UNCL) as unclassified.
        let unclassified = codes.values.filter { $0.mainCode.isEmpty }.map(\.code).sorted()
        #expect(unclassified == ["?", "NOBT", "NONE", "REFU", "UNCL"])
        for entry in codes.values where !entry.mainCode.isEmpty {
            #expect(Self.mainCodes.contains(entry.mainCode), "\(entry.code) -> \(entry.mainCode)")
        }
        for entry in codes.values where entry.mainCode.isEmpty {
            #expect(entry.majorGroup == "Unknown")
        }
        // Every one of the 18 main codes is in the table and maps to itself.
        for main in Self.mainCodes {
            #expect(codes[main]?.mainCode == main)
        }
        // Each main code is used: 97 codes spread over exactly 18 main codes.
        #expect(Set(codes.values.map(\.mainCode).filter { !$0.isEmpty }) == Self.mainCodes)
    }

    @Test func englishIsWhiteBritishIsWhite() {
        let ethnicity = reference.ethnicity.ethnicity(for: "WENG", chineseAsOwnGroup: false)
        #expect(ethnicity == Ethnicity(mainCode: "WBRI", majorGroup: "White", minorGroup: "English / Welsh / Scottish / Northern Irish / British"))
        // Other extended codes from the three places the domain reference names.
        #expect(reference.ethnicity.ethnicity(for: "AMPK", chineseAsOwnGroup: false) == Ethnicity(mainCode: "APKN", majorGroup: "Asian / Asian British", minorGroup: "Pakistani"))
        #expect(reference.ethnicity.ethnicity(for: "bsom", chineseAsOwnGroup: false)
            == Ethnicity(mainCode: "BAFR", majorGroup: "Black / African / Caribbean / Black British", minorGroup: "African"))
        #expect(reference.ethnicity.ethnicity(for: "MWAP", chineseAsOwnGroup: false) == Ethnicity(mainCode: "MWAS", majorGroup: "Mixed / Multiple ethnic groups", minorGroup: "White and Asian"))
        #expect(reference.ethnicity.ethnicity(for: "OARA", chineseAsOwnGroup: false) == Ethnicity(mainCode: "OOTH", majorGroup: "Other ethnic group", minorGroup: "Any other ethnic group"))
    }

    @Test func chineseIsAsianByDefaultAndItsOwnGroupWithTheSwitch() {
        for code in ["CHNE", "CHKC"] {
            #expect(reference.ethnicity.ethnicity(for: code, chineseAsOwnGroup: false) == Ethnicity(mainCode: "CHNE", majorGroup: "Asian / Asian British", minorGroup: "Chinese"))
            #expect(reference.ethnicity.ethnicity(for: code, chineseAsOwnGroup: true) == Ethnicity(mainCode: "CHNE", majorGroup: "Chinese", minorGroup: "Chinese"))
        }
        // The switch touches Chinese only.
        #expect(reference.ethnicity.ethnicity(for: "AIND", chineseAsOwnGroup: true)?.majorGroup == "Asian / Asian British")
        // Mixed with Chinese stays mixed.
        #expect(reference.ethnicity.ethnicity(for: "MWCH", chineseAsOwnGroup: true)?.majorGroup == "Mixed / Multiple ethnic groups")
    }

    @Test func npdMajorCodesGiveAMajorGroupButNoMainCode() {
        #expect(reference.ethnicity.ethnicity(for: "WHIT", chineseAsOwnGroup: false) == Ethnicity(mainCode: "", majorGroup: "White"))
        #expect(reference.ethnicity.ethnicity(for: "CHIN", chineseAsOwnGroup: false) == Ethnicity(mainCode: "", majorGroup: "Asian / Asian British"))
        #expect(reference.ethnicity.ethnicity(for: "CHIN", chineseAsOwnGroup: true) == Ethnicity(mainCode: "", majorGroup: "Chinese"))
        #expect(reference.ethnicity.ethnicity(for: "AOEG", chineseAsOwnGroup: false) == Ethnicity(mainCode: "", majorGroup: "Other ethnic group"))
        #expect(reference.ethnicity.ethnicity(for: "UNCL", chineseAsOwnGroup: false) == .unknown)
    }

    @Test func refusedNotObtainedAndBlankAreUnknownButAnUnknownCodeIsNotGuessed() {
        #expect(reference.ethnicity.ethnicity(for: "REFU", chineseAsOwnGroup: false) == .unknown)
        #expect(reference.ethnicity.ethnicity(for: "NOBT", chineseAsOwnGroup: false) == .unknown)
        #expect(reference.ethnicity.ethnicity(for: "", chineseAsOwnGroup: false) == .unknown)
        #expect(reference.ethnicity.ethnicity(for: "XXXX", chineseAsOwnGroup: false) == nil)
        #expect(reference.ethnicity.ethnicity(for: "WBR", chineseAsOwnGroup: false) == nil)
    }

    @Test func senLegacyCodesMapLongitudinally() {
        let sen = reference.senProvision
        #expect(sen.provision(for: "N") == "No SEN")
        #expect(sen.provision(for: "K") == "SEN support")
        #expect(sen.provision(for: "E") == "EHC plan")
        #expect(sen.provision(for: "A") == "SEN support")
        #expect(sen.provision(for: "P") == "SEN support")
        #expect(sen.provision(for: "Q") == "SEN support")
        #expect(sen.provision(for: "S") == "EHC plan")
        #expect(sen.provision(for: "") == "No SEN")
        #expect(sen.provision(for: "Z") == nil)
    }

    @Test func firstLanguageCodesAndEALGroups() {
        let language = reference.firstLanguage
        #expect(language.category(for: "ENG") == "English")
        #expect(language.category(for: "ENB") == "English")
        #expect(language.category(for: "OTH") == "Other than English")
        #expect(language.category(for: "OTB") == "Other than English")
        // Specific languages are not listed one by one: any language code is "other than English".
        #expect(language.category(for: "POL") == "Other than English")
        #expect(language.category(for: "urd") == "Other than English")
        #expect(language.category(for: "NOT") == "Unclassified")
        #expect(language.category(for: "REF") == "Unclassified")
        #expect(language.category(for: "") == "Unclassified")
        #expect(language.category(for: "1") == "English")
        #expect(language.category(for: "2") == "Other than English")
        #expect(language.category(for: "3") == "Unclassified")
        #expect(language.category(for: "7") == nil)
        #expect(language.category(for: "E-N") == nil)
    }

    @Test func sexCodes() {
        #expect(SexCode.label(for: "M") == "Boys")
        #expect(SexCode.label(for: "f") == "Girls")
        #expect(SexCode.label(for: "X") == nil)
    }

    @Test func anOverrideFileReplacesTheShippedOne() throws {
        let overrides = FileManager.default.temporaryDirectory.appendingPathComponent("normalise-overrides-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: overrides) }
        try FileManager.default.createDirectory(at: overrides.appendingPathComponent("codes"), withIntermediateDirectories: true)
        try "code,provision,meaning\nN,No SEN,none\nX,SEN support,local code\n,Unknown,blank\n"
            .write(to: overrides.appendingPathComponent("codes/sen-provision.csv"), atomically: true, encoding: .utf8)
        let loaded = try NormaliseReferenceData.load(overrides: overrides)
        #expect(loaded.senProvision.provision(for: "X") == "SEN support")
        #expect(loaded.senProvision.provision(for: "") == "Unknown")
        #expect(loaded.senProvision.provision(for: "K") == nil)
        // Files not overridden are the shipped ones.
        #expect(loaded.ethnicity.extendedCodes.count == 102)
    }

    @Test func aCodeListedTwiceIsAConfigurationError() throws {
        let overrides = FileManager.default.temporaryDirectory.appendingPathComponent("normalise-overrides-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: overrides) }
        try FileManager.default.createDirectory(at: overrides.appendingPathComponent("codes"), withIntermediateDirectories: true)
        try "code,provision,meaning\nN,No SEN,none\nn,SEN support,again\n"
            .write(to: overrides.appendingPathComponent("codes/sen-provision.csv"), atomically: true, encoding: .utf8)
        #expect {
            try NormaliseReferenceData.load(overrides: overrides)
        } throws: { error in
            guard case let .invalidConfiguration(location, message) = error as? GapsError else { return false }
            return location.line == 3 && message.contains("'N' is listed twice")
        }
    }
}
