import Foundation

/// The labels of the aggregate stage's published tables that rendering picks rows by.
///
/// These are the input contract with gaps-aggregate (EES harmonised filter labels), kept in one place so that a
/// label change upstream is one edit here. The preferred orders put rows in the order a reader expects; a value not
/// listed still appears, after the listed ones, in the order the file gives it.
enum AggregateLabels {
    static let total = "Total"
    static let localAuthorityLevel = "Local authority"
    static let schoolLevel = "School"
    static let readingWritingMaths = "Reading, writing and maths"
    static let expectedStandard = "Expected standard"
    static let disadvantageBreakdown = "Disadvantage"
    static let withinSchool = "Within school"
    static let withinLocalAuthority = "Within local authority"
    /// The comparator for a school's disadvantaged pupils against non-disadvantaged pupils nationally (the
    /// comparator RAISEonline, ASP and the IDSR use), when the aggregate stage is given national figures.
    static let nationalOtherPupils = "National other pupils"
    static let sexBreakdown = "Sex"

    static let subjectOrder = ["Reading", "Writing", "Maths", "Grammar, punctuation and spelling", readingWritingMaths]
    static let sexOrder = ["Boys", "Girls"]
    static let disadvantageOrder = ["Disadvantaged", "Not known to be disadvantaged"]
    static let indicatorOrder = [expectedStandard, "Higher standard", "Average scaled score"]
    static let breakdownOrder = [disadvantageBreakdown, sexBreakdown]
    static let comparatorOrder = [withinSchool, nationalOtherPupils, withinLocalAuthority]
    /// Indicators measured in percentages, whose gaps are percentage points.
    static let percentageIndicators: Set<String> = [expectedStandard, "Higher standard", KS4Labels.grade4, KS4Labels.grade5]
}

/// Where a row of the aggregate tables belongs: the local authority as a whole, or one school.
enum AggregatePlace: Hashable {
    case localAuthority(code: String)
    case school(urn: String)
}

/// The geography columns of a published row.
struct AggregateGeography: Equatable {
    var level: String
    var laCode: String
    var laName: String
    var schoolURN: String
    var schoolLAESTAB: String
    var schoolName: String

    static let columns = [
        "time_period", "geographic_level", "new_la_code", "la_name", "school_urn", "school_laestab", "school_name",
    ]

    /// `nil` for a geographic level that pages do not show (for example a national comparison row).
    var place: AggregatePlace? {
        switch level {
        case AggregateLabels.localAuthorityLevel: return .localAuthority(code: laCode)
        case AggregateLabels.schoolLevel: return .school(urn: schoolURN)
        default: return nil
        }
    }

    init(row: TableRow) throws {
        level = row["geographic_level"]
        laCode = row["new_la_code"]
        laName = row.publishedText("la_name")
        schoolURN = row["school_urn"]
        schoolLAESTAB = row["school_laestab"]
        schoolName = row.publishedText("school_name")
        if level == AggregateLabels.schoolLevel {
            // The URN becomes a file name (schools/<urn>.html): digits only, so it cannot climb out of the folder.
            guard !schoolURN.isEmpty, schoolURN.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                throw GapsError.malformedInput(
                    row.location, message: "column 'school_urn': expected a URN of digits, found '\(schoolURN)'")
            }
        }
    }
}

extension TableRow {
    /// A text column of a published table, without the apostrophe that made it safe for spreadsheets.
    func publishedText(_ column: String) -> String { PublishedText.restore(self[column]) }
}

/// Reads the EES `time_period` column, checking that it can be shown as an academic or calendar year.
func parseTimePeriod(of row: TableRow) throws -> String {
    let code = row["time_period"]
    guard DisplayFormat.timePeriod(code) != nil else {
        throw GapsError.malformedInput(
            row.location, message: "column 'time_period': expected an academic year such as 202324, found '\(code)'")
    }
    return code
}

/// One row of `attainment.csv`: a group's headline attainment in one subject.
struct AttainmentRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var subject: String
    var sex: String
    var disadvantage: String
    var ethnicity: String
    var pupilCount: PublishedValue
    var expectedCount: PublishedValue
    var expectedPercent: PublishedValue
    var higherCount: PublishedValue
    var higherPercent: PublishedValue
    var averageScore: PublishedValue
    var location: SourceLocation

    static let fileName = "attainment.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "sex", "disadvantage_status", "ethnicity_major", "pupil_count", "expected_standard_count",
        "expected_standard_percent", "higher_standard_count", "higher_standard_percent", "average_score",
    ]

    init(row: TableRow) throws {
        timePeriod = try parseTimePeriod(of: row)
        geography = try AggregateGeography(row: row)
        subject = row.publishedText("subject")
        sex = row.publishedText("sex")
        disadvantage = row.publishedText("disadvantage_status")
        ethnicity = row.publishedText("ethnicity_major")
        pupilCount = try row.publishedValue("pupil_count")
        expectedCount = try row.publishedValue("expected_standard_count")
        expectedPercent = try row.publishedValue("expected_standard_percent")
        higherCount = try row.publishedValue("higher_standard_count")
        higherPercent = try row.publishedValue("higher_standard_percent")
        averageScore = try row.publishedValue("average_score")
        location = row.location
    }

    /// Which headline table the row belongs in: all pupils, or one breakdown with the other two filters at Total.
    /// `nil` for an intersection (for example disadvantaged boys), which the headline tables do not show.
    var headlineBreakdown: HeadlineBreakdown? {
        let total = AggregateLabels.total
        switch (sex == total, disadvantage == total, ethnicity == total) {
        case (true, true, true): return .allPupils
        case (false, true, true): return .sex
        case (true, false, true): return .disadvantage
        case (true, true, false): return .ethnicity
        default: return nil
        }
    }

    /// The group label within its breakdown ("Boys", "Disadvantaged", "Asian", or "All pupils").
    var headlineGroup: String {
        switch headlineBreakdown {
        case .sex: return sex
        case .disadvantage: return disadvantage
        case .ethnicity: return ethnicity
        case .allPupils, nil: return "All pupils"
        }
    }
}

/// The breakdowns a headline table shows, in page order.
enum HeadlineBreakdown: Int, CaseIterable, Comparable {
    case allPupils, sex, disadvantage, ethnicity

    /// The row-group heading in a headline table (`nil` for the all-pupils row, which needs none).
    var heading: String? {
        switch self {
        case .allPupils: return nil
        case .sex: return "By sex"
        case .disadvantage: return "By disadvantage"
        case .ethnicity: return "By ethnicity (major group)"
        }
    }

    static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One row of `gaps.csv`: the gap between two groups on one indicator, with its 95% confidence interval.
struct GapRecord {
    var timePeriod: String
    var geography: AggregateGeography
    var subject: String
    var indicator: String
    var breakdown: String
    var comparator: String
    var group: String
    var comparisonGroup: String
    var groupCount: PublishedValue
    var groupValue: PublishedValue
    var comparisonCount: PublishedValue
    var comparisonValue: PublishedValue
    var gap: PublishedValue
    var gapLower: PublishedValue
    var gapUpper: PublishedValue
    var significant: String
    var effectSize: PublishedValue
    var ciMethod: String
    var location: SourceLocation

    static let fileName = "gaps.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "subject", "indicator", "breakdown", "comparator", "group", "comparison_group", "group_count", "group_value",
        "comparison_count", "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci", "significant", "effect_size",
        "ci_method",
    ]

    init(row: TableRow) throws {
        timePeriod = try parseTimePeriod(of: row)
        geography = try AggregateGeography(row: row)
        subject = row.publishedText("subject")
        indicator = row.publishedText("indicator")
        breakdown = row.publishedText("breakdown")
        comparator = row.publishedText("comparator")
        group = row.publishedText("group")
        comparisonGroup = row.publishedText("comparison_group")
        groupCount = try row.publishedValue("group_count")
        groupValue = try row.publishedValue("group_value")
        comparisonCount = try row.publishedValue("comparison_count")
        comparisonValue = try row.publishedValue("comparison_value")
        gap = try row.publishedValue("gap")
        gapLower = try row.publishedValue("gap_lower_ci")
        gapUpper = try row.publishedValue("gap_upper_ci")
        significant = row["significant"]
        effectSize = try row.publishedValue("effect_size")
        ciMethod = row["ci_method"]
        location = row.location
    }

    /// The gap and its interval when all three are numbers: only then can the chart draw it.
    var drawableInterval: (gap: Double, lower: Double, upper: Double)? {
        guard let gap = gap.number, let lower = gapLower.number, let upper = gapUpper.number else { return nil }
        return (gap, lower, upper)
    }

    var isPercentage: Bool { AggregateLabels.percentageIndicators.contains(indicator) }
}

/// Everything rendering reads from an aggregate directory.
struct AggregateTables {
    var attainment: [AttainmentRecord]
    var gaps: [GapRecord]
    var attainmentURL: URL
    var gapsURL: URL
    /// The date the aggregate stage recorded in its manifest, if it recorded one.
    var generated: String?
    /// Rows read but not placed on any page, by reason (for the render manifest).
    var attainmentSetAside: [String: Int]
    var gapsSetAside: [String: Int]
    /// Trends, distributions, data quality and the LA-wide tables, each when the aggregate output has it.
    var analysis = AnalysisTables()

    /// Reads `attainment.csv`, `gaps.csv` and `manifest.json` from the aggregate stage's output directory.
    static func load(from directory: URL) throws -> AggregateTables {
        let manifestURL = directory.appendingPathComponent(Manifest.fileName)
        let generated = try aggregateGeneratedDate(manifestURL: manifestURL)

        let attainmentURL = directory.appendingPathComponent(AttainmentRecord.fileName)
        var attainment: [AttainmentRecord] = []
        var attainmentSetAside: [String: Int] = [:]
        try TableFile.forEachRow(in: attainmentURL, requiring: AttainmentRecord.requiredColumns) { row in
            let record = try AttainmentRecord(row: row)
            if record.geography.place == nil {
                attainmentSetAside["geographic level not shown: \(record.geography.level)", default: 0] += 1
            } else if record.headlineBreakdown == nil {
                attainmentSetAside["intersection of groups, not a headline row", default: 0] += 1
            } else {
                attainment.append(record)
            }
        }

        let gapsURL = directory.appendingPathComponent(GapRecord.fileName)
        var gaps: [GapRecord] = []
        var gapsSetAside: [String: Int] = [:]
        try TableFile.forEachRow(in: gapsURL, requiring: GapRecord.requiredColumns) { row in
            let record = try GapRecord(row: row)
            if record.geography.place == nil {
                gapsSetAside["geographic level not shown: \(record.geography.level)", default: 0] += 1
            } else {
                gaps.append(record)
            }
        }
        return AggregateTables(
            attainment: attainment, gaps: gaps, attainmentURL: attainmentURL, gapsURL: gapsURL, generated: generated,
            attainmentSetAside: attainmentSetAside, gapsSetAside: gapsSetAside)
    }

    /// The aggregate manifest proves that stage finished (it is written last); its `generated` date is the date the
    /// footer shows, so that rerendering the same data gives byte-identical pages whatever the clock says.
    private static func aggregateGeneratedDate(manifestURL: URL) throws -> String? {
        let manifest = try Manifest.read(from: manifestURL)
        guard manifest.stage == "aggregate" else {
            throw GapsError.missingStageOutput(
                path: manifestURL.deletingLastPathComponent().path,
                expected: "output of the aggregate stage (its manifest.json says stage '\(manifest.stage)')")
        }
        return manifest.generated
    }
}
