import Foundation
@testable import GapsCore

/// Builds a small aggregate output (attainment.csv, gaps.csv, manifest.json) in a temporary directory.
struct RenderFixture {
    static let maliciousName = #"<script>alert(1)</script> & "Co""#
    static let escapedMaliciousName = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"

    let directory: URL
    var aggregate: URL { directory.appendingPathComponent("aggregate") }
    var output: URL { directory.appendingPathComponent("render") }

    static let attainmentColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "sex",
        "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
    ]
    static let gapColumns = [
        "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "old_la_code",
        "new_la_code", "la_name", "school_urn", "school_laestab", "school_name", "subject", "indicator",
        "breakdown", "comparator", "group", "comparison_group", "group_count", "group_value", "comparison_count",
        "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci", "significant", "effect_size", "ci_method",
    ]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gaps-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("aggregate"), withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    static let laName = "Exampleshire"

    private static func place(_ urn: String?, name: String, period: String, laName: String) -> [String: String] {
        var fields = [
            "time_period": period, "time_identifier": "Academic year", "country_code": "E92000001",
            "country_name": "England", "old_la_code": "999", "new_la_code": "E06000999", "la_name": laName,
        ]
        if let urn {
            fields["geographic_level"] = "School"
            fields["school_urn"] = urn
            fields["school_laestab"] = "999" + urn.suffix(4)
            fields["school_name"] = name
        } else {
            fields["geographic_level"] = "Local authority"
        }
        return fields
    }

    /// An attainment row; `values` are pupils, expected n, expected %, higher n, higher %, average score.
    static func attainment(
        _ urn: String?, name: String = "", period: String = "202324", laName: String = laName, subject: String,
        sex: String = "Total", disadvantage: String = "Total", ethnicity: String = "Total", _ values: [String]
    ) -> [String] {
        var fields = place(urn, name: name, period: period, laName: laName)
        fields["subject"] = subject
        fields["sex"] = sex
        fields["disadvantage_status"] = disadvantage
        fields["ethnicity_major"] = ethnicity
        for (column, value) in zip(attainmentColumns.suffix(6), values) { fields[column] = value }
        return attainmentColumns.map { fields[$0] ?? "" }
    }

    /// A gap row; `values` are group n, group value, comparison n, comparison value, gap, lower, upper,
    /// significant, effect size.
    static func gap(
        _ urn: String?, name: String = "", period: String = "202324", laName: String = laName, subject: String,
        indicator: String = "Expected standard", breakdown: String, comparator: String = "Within school",
        group: String? = nil, comparisonGroup: String? = nil, _ values: [String]
    ) -> [String] {
        var fields = place(urn, name: name, period: period, laName: laName)
        fields["subject"] = subject
        fields["indicator"] = indicator
        fields["breakdown"] = breakdown
        fields["comparator"] = comparator
        fields["group"] = group ?? (breakdown == "Sex" ? "Boys" : "Disadvantaged")
        fields["comparison_group"] = comparisonGroup ?? (breakdown == "Sex" ? "Girls" : "Not known to be disadvantaged")
        let valueColumns = ["group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci",
                            "gap_upper_ci", "significant", "effect_size"]
        for (column, value) in zip(valueColumns, values) { fields[column] = value }
        fields["ci_method"] = "Newcombe hybrid score"
        return gapColumns.map { fields[$0] ?? "" }
    }

    func write(attainment: [[String]], gaps: [[String]], generated: String? = "2024-09-30") throws {
        let attainmentWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("attainment.csv"), header: Self.attainmentColumns, restricted: false,
            neutraliseFormulas: true)
        for row in attainment { try attainmentWriter.write(row) }
        try attainmentWriter.close()
        let gapsWriter = try CSVWriter(
            url: aggregate.appendingPathComponent("gaps.csv"), header: Self.gapColumns, restricted: false,
            neutraliseFormulas: true)
        for row in gaps { try gapsWriter.write(row) }
        try gapsWriter.close()
        let date = generated.map { ", \"generated\": \"\($0)\"" } ?? ""
        let manifest = #"{"stage": "aggregate", "toolVersion": "0.1.0", "inputs": [], "outputs": [], "counts": {}"#
            + date + "}"
        try Data(manifest.utf8).write(to: aggregate.appendingPathComponent("manifest.json"))
    }

    /// Two schools (one with a hostile name) and the LA, 2023/24. School 100001 has suppressed cells and one
    /// suppressed gap; its drawable gaps are -10 [-20, 0] and +5 [0, 10].
    func writeStandard() throws {
        let alpha = "Alpha Primary"
        let hostile = Self.maliciousName
        try write(
            attainment: [
                Self.attainment(nil, subject: "Reading, writing and maths", ["120", "80", "66.66666666666667", "12", "10", "z"]),
                Self.attainment(nil, subject: "Reading, writing and maths", disadvantage: "Disadvantaged", ["40", "20", "50", "3", "7.5", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", ["30", "20", "66.66666666666667", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", disadvantage: "Disadvantaged", ["c", "c", "c", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading, writing and maths", disadvantage: "Not known to be disadvantaged", ["25", "18", "72", "c", "c", "z"]),
                Self.attainment("100001", name: alpha, subject: "Reading", ["30", "24", "80", "9", "30", "104.25"]),
                // An intersection: counted, set aside, never shown in a headline table.
                Self.attainment("100001", name: alpha, subject: "Reading", sex: "Boys", disadvantage: "Disadvantaged", ["c", "c", "c", "c", "c", "c"]),
                Self.attainment("100002", name: hostile, subject: "Reading, writing and maths", ["40", "30", "75", "8", "20", "z"]),
            ],
            gaps: [
                Self.gap("100001", name: alpha, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         ["10", "50", "20", "60", "-10", "-20", "0", "No", "-0.2"]),
                Self.gap("100001", name: alpha, subject: "Reading", breakdown: "Sex",
                         ["15", "82.5", "15", "77.5", "5", "0", "10", "No", "0.12"]),
                Self.gap("100001", name: alpha, subject: "Writing", breakdown: "Sex",
                         ["c", "c", "c", "c", "c", "c", "c", "c", "c"]),
                Self.gap("100002", name: hostile, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         ["12", "50", "28", "85.71428571428571", "-35.71428571428571", "-60.1", "-8.4", "Yes", "-0.8"]),
                Self.gap(nil, subject: "Reading, writing and maths", breakdown: "Disadvantage",
                         comparator: "Within local authority",
                         ["40", "50", "80", "75", "-25", "-42.5", "-6.25", "Yes", "-0.5"]),
            ])
    }

    func page(_ relativePath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(relativePath), encoding: .utf8)
    }

    @discardableResult
    func render(layout: GapChartLayout = GapChartLayout(plotWidth: 300)) throws -> RenderSummary {
        try RenderStage.run(aggregateDirectory: aggregate.path, outputDirectory: output.path, chartLayout: layout)
    }
}

/// The text between the first `start` at or after `from` and the next `end`, inclusive.
func renderSlice(_ text: String, from start: String, to end: String, after anchor: String? = nil) -> String? {
    var searchStart = text.startIndex
    if let anchor, let anchorRange = text.range(of: anchor) { searchStart = anchorRange.upperBound }
    guard let lower = text.range(of: start, range: searchStart..<text.endIndex),
          let upper = text.range(of: end, range: lower.upperBound..<text.endIndex)
    else { return nil }
    return String(text[lower.lowerBound..<upper.upperBound])
}

/// Every `name="value"` attribute of every element with `class="<className>"` in `svg`, in document order.
func svgElements(withClass className: String, in svg: String) -> [[String: String]] {
    var found: [[String: String]] = []
    var rest = Substring(svg)
    while let marker = rest.range(of: "class=\"\(className)\"") {
        let elementStart = rest[..<marker.lowerBound].lastIndex(of: "<") ?? marker.lowerBound
        let elementEnd = rest[marker.upperBound...].firstIndex(of: ">") ?? rest.endIndex
        let element = String(rest[elementStart..<elementEnd])
        var attributes: [String: String] = [:]
        for part in element.split(separator: " ") {
            let pieces = part.split(separator: "=", maxSplits: 1)
            if pieces.count == 2 { attributes[String(pieces[0])] = pieces[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"/")) }
        }
        found.append(attributes)
        rest = rest[elementEnd...]
    }
    return found
}


/// A gap record as `gaps.csv` would give it, for testing what pages and sentences make of one row.
/// `values` are group n, group value, comparison n, comparison value, gap, lower, upper, significant, effect size.
func makeGapRecord(
    period: String = "202324", urn: String = "100001", subject: String = "Reading, writing and maths",
    indicator: String = "Expected standard", breakdown: String = "Disadvantage", comparator: String = "Within school",
    group: String? = nil, comparisonGroup: String? = nil, _ values: [String]
) throws -> GapRecord {
    let fields = RenderFixture.gap(
        urn, name: "Alpha Primary", period: period, subject: subject, indicator: indicator, breakdown: breakdown,
        comparator: comparator, group: group, comparisonGroup: comparisonGroup, values)
    let columns = Dictionary(uniqueKeysWithValues: RenderFixture.gapColumns.enumerated().map { ($1, $0) })
    return try GapRecord(row: TableRow(fields: fields, columnIndex: columns, location: SourceLocation(file: "gaps.csv", line: 2)))
}

/// Every tag in `html` in document order: its lower-cased name (`h1`, `/table`, `!doctype`) and the text between
/// `<` and `>`. Good enough for our own pages, whose attribute values and text never hold a raw `<` or `>`.
func htmlTags(_ html: String) -> [(name: String, text: String)] {
    var tags: [(name: String, text: String)] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
        let inside = rest[rest.index(after: open)..<close]
        var name = ""
        for (offset, character) in inside.enumerated() {
            guard character.isLetter || character.isNumber || (offset == 0 && (character == "/" || character == "!"))
            else { break }
            name.append(character)
        }
        tags.append((name.lowercased(), String(inside)))
        rest = rest[rest.index(after: close)...]
    }
    return tags
}
