import Foundation
import Testing
@testable import GapsCore

/// Minor ethnic groups and SEN need types against the EES data dictionary
/// (`reference/ees/lookups/data_dictionary.csv`, filter items of `ethnicity_minor` with their `ethnicity_major`
/// parent, and of `sen_primary_need` with their `cbds_code`), copied here by hand.
@Suite struct CodeSetMinorAndNeedTests {
    /// Main code -> (EES ethnicity_major parent, EES ethnicity_minor item).
    static let eesMinor: [String: (major: String, minor: String)] = [
        "WBRI": ("White", "English / Welsh / Scottish / Northern Irish / British"),
        "WIRI": ("White", "Irish"),
        "WIRT": ("White", "Irish Traveller"),
        "WROM": ("White", "Gypsy / Roma"),
        "WOTH": ("White", "Any other White background"),
        "MWBC": ("Mixed / Multiple ethnic groups", "White and Black Caribbean"),
        "MWBA": ("Mixed / Multiple ethnic groups", "White and Black African"),
        "MWAS": ("Mixed / Multiple ethnic groups", "White and Asian"),
        "MOTH": ("Mixed / Multiple ethnic groups", "Any other Mixed / Multiple ethnic background"),
        "AIND": ("Asian / Asian British", "Indian"),
        "APKN": ("Asian / Asian British", "Pakistani"),
        "ABAN": ("Asian / Asian British", "Bangladeshi"),
        "AOTH": ("Asian / Asian British", "Any other Asian background"),
        "CHNE": ("Asian / Asian British", "Chinese"),
        "BCRB": ("Black / African / Caribbean / Black British", "Caribbean"),
        "BAFR": ("Black / African / Caribbean / Black British", "African"),
        "BOTH": ("Black / African / Caribbean / Black British", "Any other Black / African / Caribbean background"),
        "OOTH": ("Other ethnic group", "Any other ethnic group"),
    ]

    let reference: NormaliseReferenceData

    init() throws { reference = try NormaliseReferenceData.load() }

    @Test func everyMainCodeHasItsEESMinorLabelUnderItsEESMajorGroup() throws {
        for (main, expected) in Self.eesMinor {
            let ethnicity = try #require(reference.ethnicity.ethnicity(for: main, chineseAsOwnGroup: false))
            #expect(ethnicity.minorGroup == expected.minor, "\(main)")
            #expect(ethnicity.majorGroup == expected.major, "\(main)")
        }
    }

    @Test func extendedCodesTakeTheirMainCodesMinorLabel() {
        let ethnicity = reference.ethnicity
        #expect(ethnicity.ethnicity(for: "WENG", chineseAsOwnGroup: false)?.minorGroup == "English / Welsh / Scottish / Northern Irish / British")
        #expect(ethnicity.ethnicity(for: "WSCO", chineseAsOwnGroup: false)?.minorGroup == "English / Welsh / Scottish / Northern Irish / British")
        #expect(ethnicity.ethnicity(for: "WPOR", chineseAsOwnGroup: false)?.minorGroup == "Any other White background")
        #expect(ethnicity.ethnicity(for: "AMPK", chineseAsOwnGroup: false)?.minorGroup == "Pakistani")
        #expect(ethnicity.ethnicity(for: "BSOM", chineseAsOwnGroup: false)?.minorGroup == "African")
        #expect(ethnicity.ethnicity(for: "MWCH", chineseAsOwnGroup: false)?.minorGroup == "Any other Mixed / Multiple ethnic background")
        // Arab is an EES minor group for census-2021 data, but the DfE's 18 categories put OARA under OOTH.
        #expect(ethnicity.ethnicity(for: "OARA", chineseAsOwnGroup: false)?.minorGroup == "Any other ethnic group")
        // The Chinese switch moves the major group only.
        #expect(ethnicity.ethnicity(for: "CHKC", chineseAsOwnGroup: true) == Ethnicity(mainCode: "CHNE", majorGroup: "Chinese", minorGroup: "Chinese"))
        // Every one of the 102 rows has a minor label: a main code's, or Unknown for the unclassified.
        for entry in ethnicity.extendedCodes.values {
            let expected = entry.mainCode.isEmpty ? "Unknown" : Self.eesMinor[entry.mainCode]?.minor
            #expect(entry.minorGroup == expected, "\(entry.code)")
        }
    }

    @Test func unclassifiedAndMajorOnlyCodesHaveAnUnknownMinorGroup() {
        for code in ["REFU", "NOBT", "", "WHIT", "AOEG"] {
            #expect(reference.ethnicity.ethnicity(for: code, chineseAsOwnGroup: false)?.minorGroup == "Unknown", "\(code)")
        }
    }

    @Test func aMinorLabelThatDiffersFromItsMainCodesIsRefused() throws {
        let overrides = try NormaliseFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: overrides) }
        try FileManager.default.createDirectory(at: overrides.appendingPathComponent("codes"), withIntermediateDirectories: true)
        try """
            code,description,main_code,major_group,major_group_chinese_own_group,minor_group
            WBRI,British,WBRI,White,White,English / Welsh / Scottish / Northern Irish / British
            WENG,English,WBRI,White,White,English

            """.write(to: overrides.appendingPathComponent("codes/ethnicity.csv"), atomically: true, encoding: .utf8)
        #expect {
            try NormaliseReferenceData.load(overrides: overrides)
        } throws: { error in
            guard case let .invalidConfiguration(location, message) = error as? GapsError else { return false }
            return location.line == 3 && message.contains("minor_group 'English' of 'WENG'")
        }
    }

    @Test func senNeedTypesAreTheCensusCodesWithEESLabels() {
        // cbds_code -> filter item of sen_primary_need in the EES data dictionary; NSA and DS (Down syndrome, census
        // from January 2025) from the same list's items without a code.
        let expected = [
            "SPLD": "Specific learning difficulty", "MLD": "Moderate learning difficulty", "SLD": "Severe learning difficulty",
            "PMLD": "Profound and multiple learning difficulty", "SEMH": "Social, emotional and mental health",
            "SLCN": "Speech, language and communication needs", "HI": "Hearing impairment", "VI": "Vision impairment",
            "MSI": "Multi-sensory impairment", "PD": "Physical disability", "ASD": "Autistic spectrum disorder",
            "OTH": "Other difficulty or disability", "NSA": "SEN support but no specialist assessment of type of need",
            "DS": "Down syndrome",
        ]
        let needs = reference.senNeedTypes
        #expect(Set(needs.entries.keys) == Set(expected.keys).union(["BESD"]))
        for (code, label) in expected {
            #expect(needs.label(for: code) == label, "\(code)")
            #expect(needs.code(for: code.lowercased() + " ") == code)
        }
        // The pre-2015 BESD is the legacy name of SEMH; anything else is not a code: never guessed.
        #expect(needs.code(for: "besd") == "SEMH")
        #expect(needs.label(for: "BESD") == "Social, emotional and mental health")
        #expect(needs.code(for: "SEBD") == nil)
        #expect(needs.code(for: "") == nil)
    }
}
