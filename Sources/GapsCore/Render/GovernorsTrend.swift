import Foundation

/// The governors' summary's trend: the headline disadvantage gap (reading, writing and maths at the expected
/// standard, within the school, from `trends.csv`) over the years present, as a small line chart with its text
/// alternative and table, and the trends section's sentence for that subject.
///
/// Kept small so that the summary still prints on two A4 pages: one line (the yearly gap; the rolling gap only
/// when some year has one), a chart a little over a third the height of the pack's, and a table of one row a year.
extension PageBuilder {
    /// The governors' trend chart: shorter than the pack's, with room for two legend rows.
    static let governorsTrendLayout = LineChartLayout(
        plotWidth: 340, plotHeight: 70, leftMargin: 56, topMargin: 8, axisHeight: 40, legendRowHeight: 16)

    /// `nil` when the aggregate output has no trends table or no disadvantaged rows for the school.
    func governorsTrendSection(_ school: SchoolIdentity, state: PageState) -> SectionView? {
        let place = AggregatePlace.school(urn: school.urn)
        let records = (tables.analysis.trendsByPlace[place] ?? []).filter { $0.disadvantage == Self.disadvantagedLabel }
        let subjects = orderedLabels(records.map(\.subject), preferred: AggregateLabels.subjectOrder)
        guard !subjects.isEmpty else { return nil }
        let subject = subjects.contains(AggregateLabels.readingWritingMaths) ? AggregateLabels.readingWritingMaths : subjects[0]
        let gaps = records.filter { $0.subject == subject }.sorted { $0.timePeriod < $1.timePeriod }
        let others = Dictionary(
            (tables.analysis.trendsByPlace[place] ?? [])
                .filter { $0.subject == subject && $0.disadvantage == Self.notDisadvantagedLabel }
                .map { ($0.timePeriod, $0) },
            uniquingKeysWith: { first, _ in first })
        let comparator = AggregateLabels.withinSchool
        let comparison = phrases.comparison(Self.notDisadvantagedLabel, comparator: comparator)
        let categories = gaps.map { LineChartCategory(label: periodLabel($0.timePeriod), position: Double($0.timePeriod.prefix(4)) ?? 0) }

        var series = [LineChartSeries(
            label: "Gap each year", colour: GapChart.palette[0], marker: .circle, values: gaps.map(\.gap.number))]
        let hasRolling = gaps.contains { $0.rollingGap.number != nil }
        if hasRolling {
            series.append(LineChartSeries(
                label: "Three-year rolling gap", colour: GapChart.palette[1], marker: .openSquare, dashed: true,
                values: gaps.map(\.rollingGap.number)))
        }
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let missing = series.reduce(0) { $0 + $1.values.filter { $0 == nil }.count }
        let subjectWords = phrases.subject(subject)
        let title = "Disadvantage gap in reaching the expected standard in \(subjectWords) by year, \(school.name)"
        let description = "Line chart of the gap in percentage points between disadvantaged pupils and \(comparison) "
            + "in reaching the expected standard in \(subjectWords) (below zero means disadvantaged pupils are "
            + "behind), \(listInWords(categories.map(\.label))). \(values.count) point\(values.count == 1 ? "" : "s") drawn"
            + (missing > 0 ? "; \(missing) not drawn because suppressed or not available" : "")
            + ". The table that follows gives the same numbers with their 95% confidence intervals."
        let layout = Self.governorsTrendLayout
        let svg = values.isEmpty ? nil : LineChart.svg(
            id: state.makeID("governors-trend"), title: title, description: description,
            valueAxisTitle: "Gap (points)", categories: categories, series: series,
            scale: GapChartScale.fitting(values, plotWidth: layout.plotHeight), layout: layout)

        let missingValue = PublishedValue.symbol(.notAvailable)
        let headings = ["Disadvantaged pupils", "Other pupils", "Gap (points)", "95% interval"]
            + (hasRolling ? ["Three-year rolling gap"] : [])
        let rows = gaps.reversed().map { record -> FigureRowView in
            state.tableRows += 1
            var cells = [
                state.cell(record.pupilCount, places: 0),
                state.cell(others[record.timePeriod]?.pupilCount ?? missingValue, places: 0),
                state.cell(record.gap, places: 0, signed: true),
                state.intervalCell(lower: record.gapLower, upper: record.gapUpper, places: 0),
            ]
            if hasRolling { cells.append(state.cell(record.rollingGap, places: 0, signed: true)) }
            return FigureRowView(heading: periodLabel(record.timePeriod), cells: cells)
        }
        let table = FigureTableView(
            caption: "The disadvantage gap in \(subjectWords) by year, most recent first", cornerHeading: "Year",
            columns: FigureTableView.columns(headings),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows)])
        let figure = ChartFigureView(
            id: state.makeID("governors-trend-figure"), heading: "\(capitalisingFirstLetter(subjectWords)): the gap by year",
            svg: svg,
            caption: "Below zero, disadvantaged pupils are behind. Each year is a different group of pupils.",
            noFigureText: "No year's gap is published, so there is nothing to draw; the table gives the reasons.",
            table: table)
        let sentence = trendSentence(subject: subject, gaps: gaps, comparator: comparator)
        return SectionView(
            sectionID: "trend", sectionHeading: "How the disadvantage gap in \(subjectWords) has moved",
            bodyTemplate: "section-governors-trend",
            body: ChartSectionBody(
                intro: "",
                sentences: sentence.map { [$0] } ?? [], figures: [figure]))
    }
}
