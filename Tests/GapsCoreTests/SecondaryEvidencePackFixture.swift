import Foundation
@testable import GapsCore

/// Writes the key stage 4 tables of an aggregate output (KS4 rows of `attainment-by-characteristic.csv` and
/// `gaps-by-characteristic.csv`, and `ks4-progress.csv`) into a `RenderFixture`, with figures chosen by hand.
extension RenderFixture {
    static let ks4AttainmentColumns = [
        "key_stage", "measure", "breakdown_topic", "breakdown", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score", "p10", "p25",
        "p50", "p75", "p90",
    ]
    static let ks4GapColumns = [
        "key_stage", "measure", "indicator", "breakdown_topic", "breakdown", "comparator", "comparison_group",
        "group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci",
        "significant", "effect_size", "ci_method",
    ]
    static let ks4ProgressColumns = [
        "measure", "disadvantage_status", "sex", "pupil_count", "scored_count", "average_score", "average_score_lower_ci",
        "average_score_upper_ci", "national_standard_deviation", "significance", "below_threshold_count",
        "below_threshold_percent",
    ]

    /// A KS4 attainment row: `values` are pupils, 4+ n, 4+ %, 5+ n, 5+ %, average, p10, p25, p50, p75, p90.
    static func ks4Attainment(
        _ urn: String?, name: String, period: String = "202324", laName: String = laName, measure: String,
        topic: String = "Total", group: String = "Total", keyStage: String = "Key stage 4", _ values: [String]
    ) -> [String] {
        geography(urn, name: name, period: period, laName: laName) + [keyStage, measure, topic, group] + values
    }

    /// A KS4 gap row: `values` are group n, group value, comparison n, comparison value, gap, lower, upper,
    /// significant, effect size, method.
    static func ks4Gap(
        _ urn: String?, name: String, period: String = "202324", laName: String = laName, measure: String,
        indicator: String = "Expected standard", topic: String = "Disadvantage status", group: String = "Disadvantaged",
        comparator: String = "Within school", comparisonGroup: String = "Other pupils", _ values: [String]
    ) -> [String] {
        geography(urn, name: name, period: period, laName: laName)
            + ["Key stage 4", measure, indicator, topic, group, comparator, comparisonGroup] + values
    }

    /// A `ks4-progress.csv` row: `values` are pupils, scored, average, lower, upper, national SD, significance,
    /// below-threshold n and %.
    static func ks4Progress(
        _ urn: String?, name: String, period: String = "202324", laName: String = laName, measure: String = "Progress 8",
        disadvantage: String = "Total", sex: String = "Total", _ values: [String]
    ) -> [String] {
        geography(urn, name: name, period: period, laName: laName) + [measure, disadvantage, sex] + values
    }

    func writeSecondary(attainment: [[String]], gaps: [[String]], progress: [[String]]) throws {
        try writeTable("attainment-by-characteristic.csv", columns: Self.ks4AttainmentColumns, rows: attainment)
        try writeTable("gaps-by-characteristic.csv", columns: Self.ks4GapColumns, rows: gaps)
        try writeTable("ks4-progress.csv", columns: Self.ks4ProgressColumns, rows: progress)
    }

    static let northgate = "Northgate High"

    /// One secondary school, 191001 Northgate High, and its LA, 2023/24 (figures worked by hand in the tests):
    /// - English and maths grade 4+: all 40 of 100 (40%); disadvantaged 6 of 30 (20%), grade 5+ withheld (c); other
    ///   pupils 34 of 70 (48.57%); boys 18 of 50 (36%), girls 22 of 50 (44%). LA: 150 of 300 (50%).
    /// - Attainment 8: all 45.25, disadvantaged 35.5, others 49.43, boys 43, girls 47.5; LA 47.
    /// - Gaps within the school: disadvantaged grade 4+ -28.57 (-45.1 to -8.2), grade 5+ withheld; Attainment 8
    ///   -13.93 (-20.5 to -7.3); boys grade 4+ -8 (-26.4 to 11.2); Progress 8 -0.7 (-1.15 to -0.25). Against the
    ///   LA's other pupils: disadvantaged grade 4+ -35.2 (-50 to -18.1). National other pupils: -32.3 (-46 to -16.6).
    /// - Progress 8: all -0.3 (-0.586 to -0.014), significantly below; disadvantaged -0.8 (-1.325 to -0.275); boys'
    ///   English element withheld.
    func writeStandardSecondary(name: String = RenderFixture.northgate, keyStage2: Bool = false) throws {
        if !keyStage2 { try write(attainment: [], gaps: []) }
        let urn = "191001"
        let school = { (measure: String, topic: String, group: String, values: [String]) in
            Self.ks4Attainment(urn, name: name, measure: measure, topic: topic, group: group, values)
        }
        let z = ["z", "z", "z", "z"]
        let attainment: [[String]] = [
            school("English and maths", "Total", "Total", ["100", "40", "40", "25", "25", "z", "z", "z", "z", "z", "z"]),
            school("English and maths", "Disadvantage status", "Disadvantaged", ["30", "6", "20", "c", "c", "z", "z", "z", "z", "z", "z"]),
            school("English and maths", "Disadvantage status", "Not known to be disadvantaged",
                   ["70", "34", "48.57142857142857", "c", "c", "z", "z", "z", "z", "z", "z"]),
            school("English and maths", "Sex", "Boys", ["50", "18", "36", "12", "24", "z", "z", "z", "z", "z", "z"]),
            school("English and maths", "Sex", "Girls", ["50", "22", "44", "13", "26", "z", "z", "z", "z", "z", "z"]),
            school("Attainment 8", "Total", "Total", ["100"] + z + ["45.25", "20", "32", "45", "58", "70"]),
            school("Attainment 8", "Disadvantage status", "Disadvantaged", ["30"] + z + ["35.5", "15", "25", "36", "44", "55"]),
            school("Attainment 8", "Disadvantage status", "Not known to be disadvantaged",
                   ["70"] + z + ["49.42857142857143", "25", "38", "50", "60", "72"]),
            school("Attainment 8", "Sex", "Boys", ["50"] + z + ["43", "18", "30", "42", "55", "68"]),
            school("Attainment 8", "Sex", "Girls", ["50"] + z + ["47.5", "c", "c", "c", "c", "c"]),
            school("English", "Disadvantage status", "Disadvantaged", ["30", "9", "30", "5", "16.7", "3.1", "1", "2", "3", "4", "5"]),
            // A KS2 row of the same file: set aside, never on a KS4 page.
            Self.ks4Attainment(urn, name: name, measure: "Reading", keyStage: "Key stage 2",
                               ["100", "77", "77", "7", "7", "101", "c", "c", "c", "c", "c"]),
            Self.ks4Attainment(nil, name: "", measure: "English and maths", ["300", "150", "50", "90", "30", "z", "z", "z", "z", "z", "z"]),
            Self.ks4Attainment(nil, name: "", measure: "Attainment 8", ["300"] + z + ["47", "21", "33", "47", "60", "71"]),
        ]
        let gap = { (measure: String, indicator: String, topic: String, group: String, comparator: String, comparison: String, values: [String]) in
            Self.ks4Gap(urn, name: name, measure: measure, indicator: indicator, topic: topic, group: group,
                        comparator: comparator, comparisonGroup: comparison, values)
        }
        let gaps: [[String]] = [
            gap("English and maths", "Expected standard", "Disadvantage status", "Disadvantaged", "Within school", "Other pupils",
                ["30", "20", "70", "48.57142857142857", "-28.57142857142857", "-45.1", "-8.2", "Yes", "z", "Newcombe hybrid score (95%)"]),
            gap("English and maths", "Higher standard", "Disadvantage status", "Disadvantaged", "Within school", "Other pupils",
                ["30", "c", "70", "c", "c", "c", "c", "c", "c", "Newcombe hybrid score (95%)"]),
            gap("Attainment 8", "Average score", "Disadvantage status", "Disadvantaged", "Within school", "Other pupils",
                ["30", "35.5", "70", "49.42857142857143", "-13.92857142857143", "-20.5", "-7.3", "Yes", "-0.75", "Welch t (95%)"]),
            gap("English and maths", "Expected standard", "Sex", "Boys", "Within school", "Other pupils",
                ["50", "36", "50", "44", "-8", "-26.4", "11.2", "No", "z", "Newcombe hybrid score (95%)"]),
            // The mirror image of the boys' gap: set aside (the pages show each gap once).
            gap("English and maths", "Expected standard", "Sex", "Girls", "Within school", "Other pupils",
                ["50", "44", "50", "36", "8", "-11.2", "26.4", "No", "z", "Newcombe hybrid score (95%)"]),
            gap("English and maths", "Expected standard", "Disadvantage status", "Disadvantaged", "Local authority other pupils",
                "Other pupils",
                ["30", "20", "210", "55.23809523809524", "-35.2", "-50", "-18.1", "Yes", "z", "Newcombe hybrid score (95%)"]),
            gap("English and maths", "Expected standard", "Disadvantage status", "Disadvantaged", "National other pupils",
                "Not known to be disadvantaged",
                ["30", "20", "500000", "52.3", "-32.3", "-46", "-16.6", "Yes", "z", "Wilson score, national figure fixed (95%)"]),
            gap("Progress 8", "Average score", "Disadvantage status", "Disadvantaged", "Within school", "Other pupils",
                ["28", "-0.8", "67", "-0.1", "-0.7", "-1.15", "-0.25", "Yes", "-0.6", "Welch t (95%)"]),
        ]
        let progress = { (measure: String, disadvantage: String, sex: String, values: [String]) in
            Self.ks4Progress(urn, name: name, measure: measure, disadvantage: disadvantage, sex: sex, values)
        }
        let progressRows: [[String]] = [
            progress("Progress 8", "Total", "Total",
                     ["100", "95", "-0.3", "-0.586", "-0.014", "1.4", "Significantly below average", "30", "31.57894736842105"]),
            progress("Progress 8", "Disadvantaged", "Total",
                     ["30", "28", "-0.8", "-1.325", "-0.275", "1.4", "Significantly below average", "14", "50"]),
            progress("Progress 8", "Not known to be disadvantaged", "Total",
                     ["70", "67", "-0.1", "-0.435", "0.235", "1.4", "Not significantly different from average", "16", "23.88059701492537"]),
            progress("English element", "Total", "Boys", ["50", "4", "c", "c", "c", "1.6", "c", "c", "c"]),
            progress("Progress 8", "Disadvantaged", "Boys", ["c", "c", "c", "c", "c", "1.4", "c", "c", "c"]),
            Self.ks4Progress(nil, name: "", measure: "Progress 8",
                             ["300", "290", "-0.1", "-0.263", "0.063", "1.4", "Not significantly different from average", "80", "27.6"]),
        ]
        try writeSecondary(attainment: attainment, gaps: gaps, progress: progressRows)
    }
}

extension RenderFixture {
    /// The escaping test's KS4 rows: every school of `schools` gets KS4 figures (so each is all-through) with a
    /// payload as a measure, a comparator and a Progress 8 measure, and one more school, 300007, has KS4 pupils only
    /// and a payload name. `payloads` are the escaping test's hostile strings.
    /// `extraAttainment` and `extraGaps` are KS1/KS2 rows of the same two files, written with the KS4 rows.
    func writeHostileSecondary(schools: [(urn: String, name: String)], payloads: [String], laName: String,
                               extraAttainment: [[String]] = [], extraGaps: [[String]] = []) throws {
        var attainment: [[String]] = extraAttainment
        var gaps: [[String]] = extraGaps, progress: [[String]] = []
        let places = schools + [(urn: "300007", name: payloads[0] + " KS4")]
        for (offset, school) in places.enumerated() {
            let payload = payloads[(offset + 3) % payloads.count]
            let row = { (measure: String, values: [String]) in
                Self.ks4Attainment(school.urn, name: school.name, laName: laName, measure: measure, values)
            }
            attainment += [
                row("English and maths", ["40", "16", "40", "10", "25", "z", "z", "z", "z", "z", "z"]),
                row("Attainment 8", ["40", "z", "z", "z", "z", "41.5", "20", "30", "42", "52", "61"]),
                row(payload, ["40", "12", "30", "c", "c", "z", "z", "z", "z", "z", "z"]),
            ]
            gaps += [
                Self.ks4Gap(school.urn, name: school.name, laName: laName, measure: "English and maths",
                            ["12", "25", "28", "46.4", "-21.4", "-44", "5", "No", "z", "Newcombe hybrid score (95%)"]),
                Self.ks4Gap(school.urn, name: school.name, laName: laName, measure: "Attainment 8", indicator: "Average score",
                            comparator: payload, comparisonGroup: payloads[(offset + 4) % payloads.count],
                            ["12", "35", "28", "44.3", "-9.3", "-17", "-1.6", "Yes", "-0.6", "Welch t (95%)"]),
            ]
            progress += [
                Self.ks4Progress(school.urn, name: school.name, laName: laName,
                                 ["40", "38", "-0.2", "-0.65", "0.25", "1.4", payload, "9", "23.7"]),
                Self.ks4Progress(school.urn, name: school.name, laName: laName, measure: payload,
                                 ["40", "38", "0.1", "-0.35", "0.55", "1.4", "Not significantly different from average", "z", "z"]),
            ]
        }
        try writeSecondary(attainment: attainment, gaps: gaps, progress: progress)
    }
}
