import Foundation

/// One key stage 4 row of `gap-index.csv` (docs/outputs.md): the DfE disadvantage gap index of a place's KS4
/// pupils, ranked within the place on the mean of their English and maths grades.
///
/// The KS2 rows (ranked on reading and maths scaled scores) are set aside when read: no page shows the KS2 index, and
/// a secondary school's page must never show a KS2 figure as its KS4 one.
struct KS4GapIndexRecord {
    var timePeriod: String
    var place: AggregatePlace
    var comparator: String
    var pupilCount: PublishedValue
    var disadvantagedCount: PublishedValue
    var excludedCount: PublishedValue
    var index: PublishedValue

    static let fileName = "gap-index.csv"
    static let requiredColumns = AggregateGeography.columns + [
        "ranked_on", "comparator", "pupil_count", "disadvantaged_count", "excluded_pupil_count", "gap_index",
    ]

    static func make(_ row: TableRow) throws -> Result<KS4GapIndexRecord, SetAsideReason> {
        guard row.publishedText("ranked_on") == GapIndexTable.ks4RankedOn else {
            return .failure(SetAsideReason(text: "not ranked on key stage 4 grades (the KS2 index is not shown)"))
        }
        let geography = try AggregateGeography(row: row)
        guard let place = geography.place else { return .failure(.levelNotShown(geography.level)) }
        return .success(KS4GapIndexRecord(
            timePeriod: try parseTimePeriod(of: row), place: place, comparator: row.publishedText("comparator"),
            pupilCount: try row.publishedValue("pupil_count"),
            disadvantagedCount: try row.publishedValue("disadvantaged_count"),
            excludedCount: try row.publishedValue("excluded_pupil_count"), index: try row.publishedValue("gap_index")))
    }
}

/// The KS4 disadvantage gap index in a secondary school's evidence pack: one finding in words, after Progress 8.
/// The wording is the `sentence` patterns `ks4-gap-index`, `ks4-gap-index-excluded` and
/// `ks4-gap-index-not-published` of `phrases.csv`.
extension PageBuilder {
    static let gapIndexHeading = "Disadvantage gap index"

    /// The school's index within the school in `period`, or `nil` when `gap-index.csv` (or its KS4 row) is absent.
    func ks4GapIndexFindingGroup(at place: AggregatePlace, period: String) -> FindingGroupView? {
        guard let record = secondary.gapIndexByPlace[place]?[period]?.first(where: {
            $0.comparator == AggregateLabels.withinSchool
        }) else { return nil }
        return FindingGroupView(findingsHeading: Self.gapIndexHeading, sentences: [ks4GapIndexSentence(record)])
    }

    /// "Disadvantage gap index within the school: 4.45, ranking the 150 pupils ..."; the index to two decimals (as
    /// the file's meta says), rounded half up. A withheld or unavailable index is said so with its symbol, and no
    /// figure of the row is given. `patterns`: the school's wording, or the LA overview's (`AuthorityGapIndex.swift`).
    func ks4GapIndexSentence(_ record: KS4GapIndexRecord, patterns: GapIndexSentencePatterns = .school) -> String {
        let comparator = phrases.comparatorShort(record.comparator)
        guard let index = record.index.number, let pupils = record.pupilCount.number,
              let disadvantaged = record.disadvantagedCount.number
        else {
            let symbol = record.index.symbol ?? record.pupilCount.symbol ?? record.disadvantagedCount.symbol ?? .notAvailable
            return sentencePattern(patterns.notPublished, [
                "comparator": comparator, "reason": GapSentenceWriter.notPublishedReason(symbol),
                "year": periodLabel(record.timePeriod),
            ])
        }
        var text = sentencePattern(patterns.published, [
            "comparator": comparator, "index": DisplayFormat.number(index, places: 2), "year": periodLabel(record.timePeriod),
            "pupils": DisplayFormat.number(pupils, places: 0), "disadvantaged": DisplayFormat.number(disadvantaged, places: 0),
        ])
        let excluded: String? = switch record.excludedCount {
        case let .number(count) where count > 0: DisplayFormat.number(count, places: 0)
        case .symbol(.suppressed): "fewer than \(parameters.minimumNumerator)"
        default: nil
        }
        if let excluded { text += " " + sentencePattern("ks4-gap-index-excluded", ["excluded": excluded]) }
        return text
    }
}
