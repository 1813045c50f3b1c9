import Foundation

/// The `phrases.csv` sentence patterns of one place's KS4 gap index finding. A school's index ranks its own pupils and
/// its sentence says so; the LA's ranks every KS4 pupil of the LA, and its sentence names the year, since the LA
/// overview states it beside a table of every year.
struct GapIndexSentencePatterns: Sendable {
    var published: String
    var notPublished: String

    static let school = GapIndexSentencePatterns(published: "ks4-gap-index", notPublished: "ks4-gap-index-not-published")
    static let authority = GapIndexSentencePatterns(
        published: "ks4-gap-index-la", notPublished: "ks4-gap-index-la-not-published")
}

/// The LA's key stage 4 disadvantage gap index in the LA overview (`gap-index.csv`, KS4 rows, ranked within the
/// LA): the latest year in words (the sentence code of a secondary school's pack) and every year in a table, so a
/// reader sees how it moved. A withheld figure is shown as its symbol, never worked out from the other columns.
extension PageBuilder {
    /// `nil` when `gap-index.csv`, or its KS4 rows for the LA, are absent (a primary-only LA has none).
    func authorityGapIndexSection(
        id: String, heading: String, at place: AggregatePlace, name: String, state: PageState
    ) -> SectionView? {
        let records = (secondary.gapIndexByPlace[place] ?? [:]).values.flatMap { $0 }
            .filter { $0.comparator == AggregateLabels.withinLocalAuthority }
            .sorted { $0.timePeriod > $1.timePeriod }
        guard let latest = records.first else { return nil }
        let title = "Key stage 4 disadvantage gap index by year, \(name)"
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
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "The DfE's disadvantage gap index of the local authority's key stage 4 pupils, ranked together on "
                    + "the mean of their English and maths grades, in "
                    + "\(listInWords(records.map(\.timePeriod).sorted().map(periodLabel))). Each year is that year's "
                    + "pupils; with few disadvantaged pupils the index moves by chance.",
                sentences: [ks4GapIndexSentence(latest, patterns: .authority)],
                figures: [ChartFigureView(
                    id: state.makeID("la-gap-index"), heading: "Disadvantage gap index by year", isChart: false, svg: nil,
                    caption: "Pupils ranked have both an English and a maths grade; those in either cohort without both "
                        + "are not ranked. The index is given to two decimal places.",
                    table: table)]))
    }
}
