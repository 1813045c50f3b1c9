import Foundation
import Testing
@testable import GapsCore

/// The DfE screener's own test fixtures, when `shared/reference/ees/screener-cases` sits beside the repository.
enum ScreenerCases {
    static let root: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/reference/ees/screener-cases")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    /// Names of the `NAME.csv` + `NAME.meta.csv` pairs in a folder.
    static func pairs(in folder: String) -> [String] {
        guard let root, let names = try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) else { return [] }
        return names.filter { $0.hasSuffix(".meta.csv") }
            .map { String($0.dropLast(".meta.csv".count)) }
            .filter { names.contains("\($0).csv") }
            .sorted()
    }

    static func check(_ folder: String, _ name: String) throws -> [ScreenerProblem] {
        let directory = root!.appendingPathComponent(folder)
        return try EESScreener.check(dataURL: directory.appendingPathComponent("\(name).csv"),
                                     metaURL: directory.appendingPathComponent("\(name).meta.csv"))
    }

    /// The `fail/` cases this screener catches, each with the rule(s) that must catch it. The first group are the
    /// cases named after a rule implemented here; the second fail for a rule implemented here although their name
    /// points at another concern (umbrella cases, or a fixture that breaks several rules).
    /// Not caught: adding_z_locationCode, data_empty_cols, ethnicity_characteristics_filter_wrong_group_and_values,
    /// "fails_file validation", "filename spaces", filter_group_level, filter_group_stripped, geographic_catch,
    /// ignored_rows, indicator_dp_completed, indicators_smushed, missing_region_name, na_geography,
    /// non_standard_headers, not_sch_but_one_filter, ob_unit_meta, ob_unit_total, observational_total,
    /// other_geography_duplicates, overcompleted_cols, passes_everything_ancillary, region_col_present,
    /// region_for_la, region_for_lad, sch_many_filter, sch_prov, special_characters-+#'@, time_identifier,
    /// time_identifier_mix, utf8, ward_combinations, whitespace_filters (libcsv trims spaces around unquoted
    /// fields, so the leading space never reaches the check), data_to_meta_crosscheck (an advisory: see `advised`).
    static let covered: [String: Set<ScreenerRule>] = [
        "blanks_filters": [.blankFilters],
        "blanks_indicators": [.blankIndicators],
        "col_name_completed": [.columnNameCompleted],
        "col_name_duplicate": [.columnNameDuplicate],
        "col_name_spaces": [.columnNameSpaces, .variableSpaces],
        "col_type": [.columnType],
        "col_type_blank": [.columnType],
        "country_combinations": [.geographyCombinations],
        "data_mandatory_cols": [.dataMandatoryColumns],
        "data_variable_spaces": [.variableSpaces],
        "duplicate_label": [.duplicateLabel],
        "duplicate_rows": [.duplicateRows],
        "duplicate_variable_names": [.duplicateVariableNames],
        "eda_combinations": [.geographyCombinations],
        "filter_group": [.filterGroup],
        "filter_group_match": [.filterGroup],
        "filter_hint": [.filterHint],
        "geographic_level": [.geographicLevel],
        "geography_level_completed": [.geographyLevelCompleted],
        "geography_level_present": [.geographyLevelPresent],
        "indicator_dp": [.indicatorDecimalPlaces],
        "indicator_dp_negative": [.indicatorDecimalPlaces],
        "indicator_dp_nonInteger": [.indicatorDecimalPlaces],
        "indicator_dp_validation": [.indicatorDecimalPlaces],
        "indicator_grouping": [.indicatorGrouping],
        "indicator_unit": [.indicatorUnit],
        "indicator_unit_validation": [.indicatorUnit],
        "invalid_meta_cols": [.invalidMetaColumns],
        "la_col_present": [.geographyLevelPresent],
        "la_combinations": [.geographyCombinations],
        "label": [.label],
        "label_blank_notNA": [.label],
        "lad_combinations": [.geographyCombinations],
        "lep_combinations": [.geographyCombinations],
        "lsip_combinations": [.geographyCombinations],
        "meta_mandatory_cols": [.metaMandatoryColumns],
        "meta_to_data_crosscheck": [.metaToDataCrosscheck],
        "no_data_symbols": [.legacySymbols],
        "notavailable_symbols": [.legacySymbols],
        "other_geography_code_duplicates": [.geographyCombinations],
        "pcon_combinations": [.geographyCombinations],
        "prov_level_only_dupes": [.duplicateRows],
        "region_combinations": [.geographyCombinations],
        "regional_blanks": [.geographyLevelCompleted],
        "roundedzero_symbols": [.legacySymbols],
        "sch_level_missing_col": [.geographyLevelPresent],
        "time_period": [.timePeriod],
        "time_period_six": [.timePeriodSix],
        "time_validation": [.timePeriod],
        "total": [.total],

        "fails_allchecks": [.duplicateRows],
        "fails_everything_ancillary": [.filterHint],
        "fails_prescreening1": [.geographicLevel],
        "fails_prescreening2": [.columnNameSpaces, .variableSpaces],
        "file_separator": [.unreadableFile],
        "filter_group_duplicate": [.duplicateLabel],
        "filter_level": [.duplicateRows],
        "indicator_group_stripped": [.indicatorGrouping],
        "multiple_stripped_filter_groups": [.duplicateRows],
        "na_geography_code": [.geographyCombinations],
        "not_table_tool": [.geographyLevelPresent],
        "null": [.legacySymbols],
        "provider_col_incorrect": [.geographyLevelPresent],
    ]

    /// `fail/` cases this screener reports only as an advisory (the DfE's own passing examples break the same rule).
    static let advised: [String: ScreenerRule] = [
        "data_to_meta_crosscheck": .dataToMetaCrosscheck,
    ]
}

@Suite struct PublishingScreenerTests {
    @Test(.enabled(if: ScreenerCases.root != nil, "shared/reference/ees/screener-cases not found beside the repository"))
    func everyPassCasePasses() throws {
        // 30 pass pairs, and 9 that pass with API warnings (advisories here).
        #expect(ScreenerCases.pairs(in: "pass").count == 30 && ScreenerCases.pairs(in: "pass-warn-api").count == 9)
        for folder in ["pass", "pass-warn-api"] {
            for name in ScreenerCases.pairs(in: folder) {
                let errors = try ScreenerCases.check(folder, name).filter { $0.severity == .error }
                #expect(errors.isEmpty, "\(folder)/\(name): \(errors)")
            }
        }
    }

    @Test(.enabled(if: ScreenerCases.root != nil, "shared/reference/ees/screener-cases not found beside the repository"))
    func coveredFailCasesFailForTheirRule() throws {
        let available = Set(ScreenerCases.pairs(in: "fail"))
        for (name, rules) in ScreenerCases.covered.sorted(by: { $0.key < $1.key }) {
            #expect(available.contains(name), "fail case \(name) is missing")
            guard available.contains(name) else { continue }
            let errors = try ScreenerCases.check("fail", name).filter { $0.severity == .error }
            #expect(errors.contains { rules.contains($0.rule) }, "\(name) should fail \(rules.map(\.rawValue)); found \(errors)")
        }
        for (name, rule) in ScreenerCases.advised {
            let problems = try ScreenerCases.check("fail", name)
            #expect(problems.contains { $0.rule == rule && $0.severity == .advisory }, "\(name): \(problems)")
        }
    }

    // MARK: - Rules on small hand-made files

    static func screen(data: String, meta: String) throws -> [ScreenerProblem] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-screener-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dataURL = directory.appendingPathComponent("t.csv")
        let metaURL = directory.appendingPathComponent("t.meta.csv")
        try data.write(to: dataURL, atomically: true, encoding: .utf8)
        try meta.write(to: metaURL, atomically: true, encoding: .utf8)
        return try EESScreener.check(dataURL: dataURL, metaURL: metaURL)
    }

    static let meta = """
        col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column
        sex,Filter,Sex,,,,,
        pupil_count,Indicator,Pupils,,,0,,

        """
    static let head = "time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,new_la_code,la_name,sex,pupil_count\n"

    @Test func aCleanFilePasses() throws {
        let problems = try Self.screen(data: Self.head + """
            202324,Academic year,Local authority,E92000001,England,801,E06000023,"Bristol, City of",Total,10
            202324,Academic year,Local authority,E92000001,England,801,E06000023,"Bristol, City of",Boys,c

            """, meta: Self.meta)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func rowRulesEachFire() throws {
        let problems = try Self.screen(data: Self.head + """
            202325,Academic year,Local authority,E92000001,England,801,E06000023,Bristol,Total,10
            2023-24,Academic year,Local authority,E92000001,England,801,E06000023,Bristol,Boys,..
            202324,Academic year,Local authority,E92000001,England,801,E06000023,Bristol,,
            202324,Academic year,Local authority,E92000001,England,801,E06000023,Elsewhere,Girls,3
            202324,Academic year,Local authority,E92000001,England,801,E06000023,Elsewhere,Girls,4
            202324,Academic year,County,E92000001,England,801,E06000023,Bristol,Girls,5
            202324,Academic year,Local authority,E92000001,England,,,,All,5

            """, meta: Self.meta)
        let rules = Set(problems.filter { $0.severity == .error }.map(\.rule))
        #expect(rules == [.timePeriodSix, .timePeriod, .legacySymbols, .blankFilters, .blankIndicators,
                          .geographyCombinations, .duplicateRows, .geographicLevel, .geographyLevelCompleted, .total])
        // The problem says where: line 3 holds "2023-24".
        #expect(problems.first { $0.rule == .timePeriod }?.line == 3)
    }

    @Test func metaMustDescribeEveryOtherColumn() throws {
        let problems = try Self.screen(data: Self.head.replacingOccurrences(of: "pupil_count", with: "pupil_count,extra") + """
            202324,Academic year,Local authority,E92000001,England,801,E06000023,Bristol,Total,10,1

            """, meta: Self.meta + "missing_col,Indicator,Missing,,,0,,\n")
        let rules = Set(problems.map(\.rule))
        #expect(rules.contains(.dataToMetaCrosscheck) && rules.contains(.metaToDataCrosscheck))
    }

    @Test func missingTotalIsOnlyAnAdvisory() throws {
        let problems = try Self.screen(data: Self.head + """
            202324,Academic year,Local authority,E92000001,England,801,E06000023,Bristol,Boys,10

            """, meta: Self.meta)
        #expect(problems.map(\.rule) == [.total])
        #expect(problems.first?.severity == .advisory)
    }
}

@Suite struct PublishingSuppressionTests {
    struct Cell: SuppressibleCell {
        var pupilCount: Int
        var expectedStandardCount: Int
        var higherStandardCount: Int
        var scoredCount: Int?
        var withheld: WithheldParts = []
    }

    @Test func primarySuppressionWithholdsSmallCountsButNotZeros() {
        let rule = Suppression()  // performance-tables defaults: denominators < 6, numerators < 3
        var cells = [
            Cell(pupilCount: 4, expectedStandardCount: 4, higherStandardCount: 0, scoredCount: 4),
            Cell(pupilCount: 6, expectedStandardCount: 2, higherStandardCount: 0, scoredCount: 6),
            Cell(pupilCount: 10, expectedStandardCount: 3, higherStandardCount: 1, scoredCount: 5),
            Cell(pupilCount: 0, expectedStandardCount: 0, higherStandardCount: 0, scoredCount: 0),
        ]
        rule.apply(to: &cells)
        #expect(cells[0].withheld == [.wholeCell, .expectedStandard, .higherStandard, .averageScore])
        #expect(cells[1].withheld == [.expectedStandard])
        #expect(cells[2].withheld == [.higherStandard, .averageScore])
        #expect(cells[3].withheld == [])
    }

    @Test func thresholdsAreConfigurable() {
        let rule = Suppression(minimumDenominator: 10, minimumNumerator: 5)
        #expect(rule.withholdsDenominator(9) && !rule.withholdsDenominator(10) && !rule.withholdsDenominator(0))
        #expect(rule.withholdsNumerator(4) && !rule.withholdsNumerator(5))
    }
}
