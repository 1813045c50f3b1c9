import Foundation

/// A headline measure the "Attainment by pupil characteristic" sections show: a key stage, a measure of
/// `attainment-by-characteristic.csv` and the indicator of `gaps-by-characteristic.csv` that goes with it.
struct CharacteristicMeasure: Hashable {
    var keyStage: String
    var measure: String
    var indicator: String

    var isPercentage: Bool { indicator != Self.averageScore }

    static let keyStage1 = "Key stage 1"
    static let keyStage2 = "Key stage 2"
    static let expectedStandard = AggregateLabels.expectedStandard
    static let averageScore = "Average score"

    /// The headline measures, in table order: reading, writing and maths at the expected standard, and the reading
    /// and maths average scaled scores (KS2); at KS1, whose scores are optional tests, the expected standard only.
    /// Kept to these so that a characteristic is one compact table; every other measure is in the published files.
    static let headline: [CharacteristicMeasure] = [
        CharacteristicMeasure(keyStage: keyStage2, measure: AggregateLabels.readingWritingMaths, indicator: expectedStandard),
        CharacteristicMeasure(keyStage: keyStage2, measure: "Reading", indicator: averageScore),
        CharacteristicMeasure(keyStage: keyStage2, measure: "Maths", indicator: averageScore),
        CharacteristicMeasure(keyStage: keyStage1, measure: AggregateLabels.readingWritingMaths, indicator: expectedStandard),
    ]

    /// Key stages in section order.
    static let keyStages = [keyStage2, keyStage1]

    /// The `phrases.csv` label of the measure (kind `measure`): "Key stage 2|Reading|Average score".
    var phraseLabel: String { [keyStage, measure, indicator].joined(separator: "|") }
}

/// The characteristics (`breakdown_topic`) shown, one table each, in page order. Sex and disadvantage on their own
/// are the main gaps sections' business; here is their intersection.
enum CharacteristicTopics {
    static let shown = [
        "Ethnicity major", "SEN provision", "First language", "FSM status", "Sex and disadvantage status",
    ]
    /// The comparators a school's table shows, in column order: every other pupil of the LA, and national figures.
    static let schoolComparators = ["Local authority other pupils", AggregateLabels.nationalOtherPupils]
    /// The same for the LA's own table.
    static let authorityComparators = [AggregateLabels.withinLocalAuthority, AggregateLabels.nationalOtherPupils]
}

/// One row of `attainment-by-characteristic.csv` for a headline measure, a shown characteristic and its Total.
struct CharacteristicAttainmentRecord {
    var timePeriod: String
    var place: AggregatePlace
    var keyStage: String
    var measure: String
    var topic: String
    var group: String
    var pupilCount: PublishedValue
    var expectedPercent: PublishedValue
    var averageScore: PublishedValue

    static let fileName = "attainment-by-characteristic.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "key_stage", "measure", "breakdown_topic", "breakdown", "pupil_count", "expected_standard_percent",
        "average_score",
    ]

    static func make(_ row: TableRow) throws -> Result<CharacteristicAttainmentRecord, SetAsideReason> {
        let keyStage = row.publishedText("key_stage"), measure = row.publishedText("measure")
        let topic = row.publishedText("breakdown_topic")
        guard CharacteristicMeasure.headline.contains(where: { $0.keyStage == keyStage && $0.measure == measure }) else {
            return .failure(SetAsideReason(text: "measure not shown in the report"))
        }
        guard CharacteristicTopics.shown.contains(topic) || topic == AggregateLabels.total else {
            return .failure(SetAsideReason(text: "characteristic not shown in the report"))
        }
        let geography = try AggregateGeography(row: row)
        guard let place = geography.place else { return .failure(.levelNotShown(geography.level)) }
        return .success(CharacteristicAttainmentRecord(
            timePeriod: try parseTimePeriod(of: row), place: place, keyStage: keyStage, measure: measure, topic: topic,
            group: row.publishedText("breakdown"), pupilCount: try row.publishedValue("pupil_count"),
            expectedPercent: try row.publishedValue("expected_standard_percent"),
            averageScore: try row.publishedValue("average_score")))
    }

    /// The group's result on `measure`: the percentage reaching the expected standard, or the average score.
    func value(for measure: CharacteristicMeasure) -> PublishedValue {
        measure.isPercentage ? expectedPercent : averageScore
    }
}

/// One row of `gaps-by-characteristic.csv` for a headline measure, a shown characteristic and a shown comparator.
struct CharacteristicGapRecord {
    var timePeriod: String
    var place: AggregatePlace
    var measure: CharacteristicMeasure
    var topic: String
    var group: String
    var comparator: String
    var comparisonGroup: String
    var groupCount: PublishedValue
    var groupValue: PublishedValue
    var comparisonCount: PublishedValue
    var comparisonValue: PublishedValue
    var gap: PublishedValue
    var gapLower: PublishedValue
    var gapUpper: PublishedValue
    /// "Yes", "No", or a symbol.
    var significant: String

    static let fileName = "gaps-by-characteristic.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "key_stage", "measure", "indicator", "breakdown_topic", "breakdown", "comparator", "comparison_group",
        "group_count", "group_value", "comparison_count", "comparison_value", "gap", "gap_lower_ci", "gap_upper_ci",
        "significant",
    ]

    static let significantYes = "Yes"

    static func make(_ row: TableRow) throws -> Result<CharacteristicGapRecord, SetAsideReason> {
        let measure = CharacteristicMeasure(
            keyStage: row.publishedText("key_stage"), measure: row.publishedText("measure"),
            indicator: row.publishedText("indicator"))
        let topic = row.publishedText("breakdown_topic"), comparator = row.publishedText("comparator")
        guard CharacteristicMeasure.headline.contains(measure) else {
            return .failure(SetAsideReason(text: "measure not shown in the report"))
        }
        guard CharacteristicTopics.shown.contains(topic) else {
            return .failure(SetAsideReason(text: "characteristic not shown in the report"))
        }
        guard (CharacteristicTopics.schoolComparators + CharacteristicTopics.authorityComparators).contains(comparator)
        else { return .failure(SetAsideReason(text: "comparator not shown in the report")) }
        let geography = try AggregateGeography(row: row)
        guard let place = geography.place else { return .failure(.levelNotShown(geography.level)) }
        return .success(CharacteristicGapRecord(
            timePeriod: try parseTimePeriod(of: row), place: place, measure: measure, topic: topic,
            group: row.publishedText("breakdown"), comparator: comparator,
            comparisonGroup: row.publishedText("comparison_group"), groupCount: try row.publishedValue("group_count"),
            groupValue: try row.publishedValue("group_value"), comparisonCount: try row.publishedValue("comparison_count"),
            comparisonValue: try row.publishedValue("comparison_value"), gap: try row.publishedValue("gap"),
            gapLower: try row.publishedValue("gap_lower_ci"), gapUpper: try row.publishedValue("gap_upper_ci"),
            significant: row.publishedText("significant")))
    }

    /// Significant, with the gap, its interval and both values published: only then may a sentence state it.
    var statable: Bool {
        significant == Self.significantYes && gap.number != nil && gapLower.number != nil && gapUpper.number != nil
            && groupValue.number != nil && comparisonValue.number != nil
    }
}

/// The two "by characteristic" tables of the aggregate output, indexed by place; each optional (an older aggregate
/// output lacks them, and the sections are then left out).
struct CharacteristicTables {
    var attainment: LoadedTable<CharacteristicAttainmentRecord>?
    var gaps: LoadedTable<CharacteristicGapRecord>?
    var attainmentByPlace: [AggregatePlace: [CharacteristicAttainmentRecord]] = [:]
    var gapsByPlace: [AggregatePlace: [CharacteristicGapRecord]] = [:]

    init(attainment: LoadedTable<CharacteristicAttainmentRecord>? = nil, gaps: LoadedTable<CharacteristicGapRecord>? = nil) {
        self.attainment = attainment
        self.gaps = gaps
        attainmentByPlace = Dictionary(grouping: attainment?.records ?? [], by: \.place)
        gapsByPlace = Dictionary(grouping: gaps?.records ?? [], by: \.place)
    }

    static func load(from directory: URL) throws -> CharacteristicTables {
        CharacteristicTables(
            attainment: try .loadIfPresent(
                CharacteristicAttainmentRecord.fileName, in: directory,
                requiring: CharacteristicAttainmentRecord.requiredColumns, make: CharacteristicAttainmentRecord.make),
            gaps: try .loadIfPresent(
                CharacteristicGapRecord.fileName, in: directory, requiring: CharacteristicGapRecord.requiredColumns,
                make: CharacteristicGapRecord.make))
    }

    /// Manifest entries for the tables that were read.
    func manifestInputs() throws -> [ManifestInput] {
        var inputs: [ManifestInput] = []
        if let attainment { inputs.append(try attainment.manifestInput(countsName: "attainment by characteristic")) }
        if let gaps { inputs.append(try gaps.manifestInput(countsName: "gaps by characteristic")) }
        return inputs
    }
}
