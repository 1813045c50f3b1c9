import Foundation

/// The key stage of a `gap-index.csv` row, told by its `ranked_on`, with the words that differ between key stages:
/// KS2 ranks pupils on the mean of their reading and maths scaled scores, KS4 on the mean of their English and maths
/// grades (docs/outputs.md, `gap-index.csv`). A page never shows one key stage's index as the other's.
struct GapIndexKeyStage: Hashable, Sendable {
    var label: String
    var rankedOn: String
    /// How the pupils are ranked, for the section's introduction.
    var rankedOnWords: String
    /// Who is ranked, for the table's caption.
    var rankedPupilsWords: String
    /// The `phrases.csv` sentence patterns start with this (`ks2-gap-index`, `ks4-gap-index-la`, ...).
    var phrasePrefix: String

    static let ks2 = GapIndexKeyStage(
        label: "Key stage 2", rankedOn: GapIndexTable.rankedOn,
        rankedOnWords: "the mean of their reading and maths scaled scores",
        rankedPupilsWords: "Pupils ranked have both a reading and a maths scaled score; those in either cohort without both "
            + "are not ranked.",
        phrasePrefix: "ks2")
    static let ks4 = GapIndexKeyStage(
        label: "Key stage 4", rankedOn: GapIndexTable.ks4RankedOn,
        rankedOnWords: "the mean of their English and maths grades",
        rankedPupilsWords: "Pupils ranked have both an English and a maths grade; those in either cohort without both are "
            + "not ranked.",
        phrasePrefix: "ks4")
    static let all = [ks2, ks4]
}

/// One row of `gap-index.csv` (docs/outputs.md): the DfE disadvantage gap index of a place's pupils at one key stage,
/// ranked within the place.
struct GapIndexRecord {
    var keyStage: GapIndexKeyStage
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

    static func make(_ row: TableRow) throws -> Result<GapIndexRecord, SetAsideReason> {
        let rankedOn = row.publishedText("ranked_on")
        guard let keyStage = GapIndexKeyStage.all.first(where: { $0.rankedOn == rankedOn }) else {
            return .failure(SetAsideReason(text: "ranked on \(rankedOn), not a key stage this report shows"))
        }
        let geography = try AggregateGeography(row: row)
        guard let place = geography.place else { return .failure(.levelNotShown(geography.level)) }
        return .success(GapIndexRecord(
            keyStage: keyStage, timePeriod: try parseTimePeriod(of: row), place: place,
            comparator: row.publishedText("comparator"), pupilCount: try row.publishedValue("pupil_count"),
            disadvantagedCount: try row.publishedValue("disadvantaged_count"),
            excludedCount: try row.publishedValue("excluded_pupil_count"), index: try row.publishedValue("gap_index")))
    }
}

extension AggregatePlace {
    var isLocalAuthority: Bool {
        if case .localAuthority = self { true } else { false }
    }
}

/// The disadvantage gap index in words and by year. The wording is `phrases.csv`'s `sentence` patterns
/// `<ks>-gap-index`, `<ks>-gap-index-excluded` and `<ks>-gap-index-not-published` for a school (its index ranks the
/// school's own pupils), `<ks>-gap-index-la` and `<ks>-gap-index-la-not-published` for an LA (it ranks every pupil of
/// the LA, and names the year, since the overview states it beside a table of every year).
extension PageBuilder {
    /// A place's index rows of one key stage and comparator, most recent first.
    func gapIndexRecords(_ keyStage: GapIndexKeyStage, at place: AggregatePlace, comparator: String) -> [GapIndexRecord] {
        (tables.analysis.gapIndexByPlace[place] ?? [:]).values.flatMap { $0 }
            .filter { $0.keyStage == keyStage && $0.comparator == comparator }
            .sorted { $0.timePeriod > $1.timePeriod }
    }

    /// "Disadvantage gap index within the school: 4.45, ranking the 150 pupils ..."; the index to two decimals (as
    /// the file's meta says), rounded half up. A withheld or unavailable index is said so with its symbol, and no
    /// figure of the row is given.
    func gapIndexSentence(_ record: GapIndexRecord) -> String {
        let prefix = record.keyStage.phrasePrefix + "-gap-index" + (record.place.isLocalAuthority ? "-la" : "")
        let comparator = phrases.comparatorShort(record.comparator)
        guard let index = record.index.number, let pupils = record.pupilCount.number,
              let disadvantaged = record.disadvantagedCount.number
        else {
            let symbol = record.index.symbol ?? record.pupilCount.symbol ?? record.disadvantagedCount.symbol ?? .notAvailable
            return sentencePattern(prefix + "-not-published", [
                "comparator": comparator, "reason": GapSentenceWriter.notPublishedReason(symbol),
                "year": periodLabel(record.timePeriod),
            ])
        }
        var text = sentencePattern(prefix, [
            "comparator": comparator, "index": DisplayFormat.number(index, places: 2), "year": periodLabel(record.timePeriod),
            "pupils": DisplayFormat.number(pupils, places: 0), "disadvantaged": DisplayFormat.number(disadvantaged, places: 0),
        ])
        let excluded: String? = switch record.excludedCount {
        case let .number(count) where count > 0: DisplayFormat.number(count, places: 0)
        case .symbol(.suppressed): "fewer than \(parameters.minimumNumerator)"
        default: nil
        }
        if let excluded {
            text += " " + sentencePattern(record.keyStage.phrasePrefix + "-gap-index-excluded", ["excluded": excluded])
        }
        return text
    }

    /// A place's index at one key stage within the place (`Within school`, `Within local authority`): the latest
    /// year in words and every year in a table, so a reader sees how it moved. A withheld figure is shown as its
    /// symbol, never worked out from the other columns. `nil` when `gap-index.csv`, or its rows for the place and
    /// key stage, are absent (a primary-only LA has no KS4 rows).
    func gapIndexSection(
        id: String, heading: String, at place: AggregatePlace, name: String, keyStage: GapIndexKeyStage, state: PageState
    ) -> SectionView? {
        let isAuthority = place.isLocalAuthority
        let records = gapIndexRecords(
            keyStage, at: place, comparator: isAuthority ? AggregateLabels.withinLocalAuthority : AggregateLabels.withinSchool)
        guard let latest = records.first else { return nil }
        let title = "\(keyStage.label) disadvantage gap index by year, \(name)"
        let headings = ["Pupils ranked", "Disadvantaged pupils", "Not ranked", "Gap index (0 to 10)"]
        let rows = records.map { record -> FigureRowView in
            state.tableRows += 1
            return FigureRowView(heading: periodLabel(record.timePeriod), cells: [
                state.cell(record.pupilCount, places: 0), state.cell(record.disadvantagedCount, places: 0),
                state.cell(record.excludedCount, places: 0), state.cell(record.index, places: 2),
            ])
        }
        let table = FigureTableView(
            caption: "\(title) (most recent first)", cornerHeading: "Year", columns: FigureTableView.columns(headings),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows)])
        let whose = isAuthority ? "the local authority's" : "the school's"
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "The DfE's disadvantage gap index of \(whose) \(keyStage.label.lowercased()) pupils, ranked together "
                    + "on \(keyStage.rankedOnWords), in \(listInWords(records.map(\.timePeriod).sorted().map(periodLabel))). "
                    + "Each year is that year's pupils; with few disadvantaged pupils the index moves by chance.",
                sentences: [gapIndexSentence(latest)],
                figures: [ChartFigureView(
                    id: state.makeID("\(keyStage.phrasePrefix)-gap-index"), heading: "Disadvantage gap index by year",
                    isChart: false, svg: nil,
                    caption: keyStage.rankedPupilsWords + " The index is given to two decimal places.", table: table)]))
    }
}
