import Foundation
@testable import GapsCore

/// The "by characteristic" tables and `report-parameters.json` for render tests, beside `RenderFixture`'s tables.
extension RenderFixture {
    static let characteristicAttainmentColumns = [
        "key_stage", "measure", "breakdown_topic", "breakdown", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score", "p10", "p25",
        "p50", "p75", "p90",
    ]
    static let characteristicGapColumns = [
        "key_stage", "measure", "indicator", "breakdown_topic", "breakdown", "comparator", "comparison_group",
        "group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci",
        "significant", "effect_size", "ci_method",
    ]

    /// An attainment row: `values` are pupils, expected %, average score (the counts and percentiles the pages do not
    /// read are x).
    static func characteristicAttainment(
        _ urn: String?, name: String, laName: String = laName, keyStage: String = "Key stage 2", measure: String,
        topic: String, group: String, _ values: [String]
    ) -> [String] {
        geography(urn, name: name, period: "202324", laName: laName)
            + [keyStage, measure, topic, group, values[0], "x", values[1], "x", "x", values[2], "x", "x", "x", "x", "x"]
    }

    /// A gap row: `values` are group n, group value, comparison n, comparison value, gap, lower, upper, significant.
    static func characteristicGap(
        _ urn: String?, name: String, laName: String = laName, measure: String, indicator: String, topic: String,
        group: String, comparator: String, _ values: [String]
    ) -> [String] {
        geography(urn, name: name, period: "202324", laName: laName)
            + ["Key stage 2", measure, indicator, topic, group, comparator, "Other pupils"] + values
            + ["z", "Newcombe hybrid score (95%)"]
    }

    /// School 100001 ("Alpha Primary"), KS2 2023/24, worked by hand:
    /// - Ethnicity major: White 20 pupils, 60% RWM, reading 104.2, maths 103.0; against the LA's other pupils the
    ///   RWM gap is -12.4 (-30.1 to -2.4, significant) and the reading gap +3.4 (1.2 to 5.6, significant: larger as
    ///   a number, but a later measure, so the sentence names the RWM gap: 12 points below, 60% against 72%);
    ///   against national other pupils -5 (-20 to 10, not significant). Asian / Asian British: every figure c.
    ///   Black ...: no pupils (left out of the table).
    /// - SEN provision: every figure c (the table is left out; the sentence says why).
    /// - First language: English 18 pupils, 61%, gap +4 (-15 to 22, not significant): no significant gap.
    func writeCharacteristics(
        schools: [(urn: String, name: String)] = [("100001", "Alpha Primary")], laName: String = RenderFixture.laName,
        groupLabel: String = "White"
    ) throws {
        let rows = characteristicRows(schools: schools, laName: laName, groupLabel: groupLabel)
        try writeTable("attainment-by-characteristic.csv", columns: Self.characteristicAttainmentColumns, rows: rows.attainment)
        try writeTable("gaps-by-characteristic.csv", columns: Self.characteristicGapColumns, rows: rows.gaps)
    }

    /// The rows `writeCharacteristics` writes (for a test that adds them to other rows of the same files).
    func characteristicRows(
        schools: [(urn: String, name: String)], laName: String, groupLabel: String
    ) -> (attainment: [[String]], gaps: [[String]]) {
        let rwm = "Reading, writing and maths"
        let la = "Local authority other pupils", national = "National other pupils"
        var attainment: [[String]] = []
        var gaps: [[String]] = []
        for (urn, name) in schools {
        func add(_ topic: String, _ group: String, rwmValues: [String], reading: [String], maths: [String]) {
            attainment.append(Self.characteristicAttainment(urn, name: name, laName: laName, measure: rwm, topic: topic, group: group, rwmValues))
            attainment.append(Self.characteristicAttainment(urn, name: name, laName: laName, measure: "Reading", topic: topic, group: group, reading))
            attainment.append(Self.characteristicAttainment(urn, name: name, laName: laName, measure: "Maths", topic: topic, group: group, maths))
        }
        add("Total", "Total", rwmValues: ["30", "63.3", "z"], reading: ["30", "80", "104"], maths: ["30", "77", "103.5"])
        add("Ethnicity major", groupLabel, rwmValues: ["20", "60", "z"], reading: ["20", "80", "104.2"], maths: ["20", "75", "103"])
        add("Ethnicity major", "Asian / Asian British", rwmValues: ["c", "c", "z"], reading: ["c", "c", "c"], maths: ["c", "c", "c"])
        add("Ethnicity major", "Black / African / Caribbean / Black British", rwmValues: ["0", "x", "z"], reading: ["0", "x", "x"], maths: ["0", "x", "x"])
        add("SEN provision", "No SEN provision", rwmValues: ["c", "c", "z"], reading: ["c", "c", "c"], maths: ["c", "c", "c"])
        add("First language", "Known or believed to be English", rwmValues: ["18", "61.1", "z"], reading: ["18", "80", "104"], maths: ["18", "75", "103"])
        // A KS4 row and a minor ethnic group: read and set aside.
        attainment.append(Self.characteristicAttainment(urn, name: name, laName: laName, keyStage: "Key stage 4", measure: "Attainment 8", topic: "Ethnicity major", group: groupLabel, ["20", "z", "45"]))
        attainment.append(Self.characteristicAttainment(urn, name: name, laName: laName, measure: rwm, topic: "Ethnicity minor", group: "White - British", ["20", "60", "z"]))

        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Expected standard", topic: "Ethnicity major", group: groupLabel, comparator: la,
                                           ["20", "60", "400", "72.4", "-12.4", "-30.1", "-2.4", "Yes"]))
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Expected standard", topic: "Ethnicity major", group: groupLabel, comparator: national,
                                           ["20", "60", "500000", "65", "-5", "-20", "10", "No"]))
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: "Reading", indicator: "Average score", topic: "Ethnicity major", group: groupLabel, comparator: la,
                                           ["20", "104.2", "400", "100.8", "3.4", "1.2", "5.6", "Yes"]))
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Expected standard", topic: "Ethnicity major", group: "Asian / Asian British", comparator: la,
                                           ["c", "c", "c", "c", "c", "c", "c", "c"]))
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Expected standard", topic: "SEN provision", group: "No SEN provision", comparator: la,
                                           ["c", "c", "c", "c", "c", "c", "c", "c"]))
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Expected standard", topic: "First language", group: "Known or believed to be English", comparator: la,
                                           ["18", "61.1", "400", "57.1", "4", "-15", "22", "No"]))
        // The higher standard is not a headline measure: set aside.
        gaps.append(Self.characteristicGap(urn, name: name, laName: laName, measure: rwm, indicator: "Higher standard", topic: "Ethnicity major", group: groupLabel, comparator: la,
                                           ["20", "10", "400", "12", "-2", "-9", "5", "No"]))
        }
        return (attainment, gaps)
    }

    func writeReportParameters(minimumDenominator: Int, minimumNumerator: Int) throws {
        let json = #"{"minimumDenominator": \#(minimumDenominator), "minimumNumerator": \#(minimumNumerator), "suppressAcrossPlaces": true}"#
        try Data(json.utf8).write(to: aggregate.appendingPathComponent(ReportParameters.fileName))
    }
}
