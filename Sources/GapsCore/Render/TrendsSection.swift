import Foundation

/// The trends section of the evidence pack and of the LA overview (`trends.csv`): the headline expected-standard
/// rates and the disadvantage gap in each subject over the years present, as line charts with their tables, and
/// a sentence per subject on how the gap moved between the first and the latest year.
extension PageBuilder {
    static let disadvantagedLabel = AggregateLabels.disadvantageOrder[0]
    static let notDisadvantagedLabel = AggregateLabels.disadvantageOrder[1]

    /// `nil` when the aggregate output has no trends table or no trend rows of `keyStage` for `place`.
    func trendsSection(
        id: String, heading: String, at place: AggregatePlace, name: String, comparator: String,
        keyStage: TrendKeyStage = .ks2, state: PageState
    ) -> SectionView? {
        guard let records = tables.analysis.trendsByKeyStage[keyStage.label]?[place], !records.isEmpty else { return nil }
        let periods = Set(records.map(\.timePeriod)).sorted()
        let categories = periods.map { LineChartCategory(label: periodLabel($0), position: Double($0.prefix(4)) ?? 0) }
        let subjects = orderedLabels(records.map(\.subject), preferred: keyStage.subjectOrder)
        var byKey: [String: TrendRecord] = [:]
        for record in records { byKey[trendKey(record.subject, record.disadvantage, record.timePeriod)] = record }
        func row(_ subject: String, _ group: String, _ period: String) -> TrendRecord? {
            byKey[trendKey(subject, group, period)]
        }

        var figures: [ChartFigureView] = []
        let headline = subjects.contains(keyStage.headlineSubject) ? keyStage.headlineSubject : subjects[0]
        figures.append(trendRatesFigure(
            subject: headline, periods: periods, categories: categories, name: name, standard: keyStage.standard,
            row: row, state: state))
        figures.append(trendGapsFigure(
            subjects: subjects, periods: periods, categories: categories, name: name, comparator: comparator,
            standard: keyStage.standard, row: row, state: state))

        let inSentenceOrder = subjects.sorted {
            ($0 == headline ? 0 : 1, subjects.firstIndex(of: $0) ?? .max) < ($1 == headline ? 0 : 1, subjects.firstIndex(of: $1) ?? .max)
        }
        let gapsBySubject = inSentenceOrder.map { subject in
            (subject, periods.compactMap { row(subject, Self.disadvantagedLabel, $0) })
        }
        var sentences = gapsBySubject.filter { $0.1.last?.gap.number != nil }
            .compactMap { trendSentence(subject: $0.0, gaps: $0.1, comparator: comparator) }
        // Subjects whose latest gap is withheld share one sentence, which gives the reason and no figure.
        var unpublished: [(period: String, symbol: PublishedSymbol, subjects: [String])] = []
        for (subject, gaps) in gapsBySubject {
            guard let latest = gaps.last, latest.gap.number == nil else { continue }
            let symbol = latest.gap.symbol ?? .notAvailable
            if let index = unpublished.firstIndex(where: { $0.period == latest.timePeriod && $0.symbol == symbol }) {
                unpublished[index].subjects.append(subject)
            } else {
                unpublished.append((latest.timePeriod, symbol, [subject]))
            }
        }
        for group in unpublished {
            sentences.append(
                "The \(periodLabel(group.period)) disadvantage gap in \(listInWords(group.subjects.map(phrases.subject))) "
                    + "is \(GapSentenceWriter.notPublishedReason(group.symbol)).")
        }
        let years = listInWords(periods.map(periodLabel))
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "How the share of pupils \(keyStage.standard), and the gap between disadvantaged and "
                    + "other pupils, moved over \(years). Each year is that year's pupils, so a change can be a "
                    + "different cohort rather than a change in teaching; with small groups a gap moves several points "
                    + "by chance. Three-year rolling figures pool a year with the two assessed years before it, when the "
                    + "place has pupils in all three.",
                sentences: sentences, figures: figures))
    }

    private func trendKey(_ subject: String, _ group: String, _ period: String) -> String {
        [subject, group, period].joined(separator: "\u{1F}")
    }

    /// Expected-standard rates of disadvantaged pupils, the others and all pupils, and the rolling rates when
    /// any are published. `standard` says what the rate counts ("reaching the expected standard").
    private func trendRatesFigure(
        subject: String, periods: [String], categories: [LineChartCategory], name: String, standard: String,
        row: (String, String, String) -> TrendRecord?, state: PageState
    ) -> ChartFigureView {
        let groups = [Self.disadvantagedLabel, Self.notDisadvantagedLabel, AggregateLabels.total]
        func label(_ group: String) -> String {
            group == AggregateLabels.total ? "All pupils" : capitalisingFirstLetter(phrases.group(group))
        }
        let markers: [LineChartMarker] = [.circle, .square, .diamond]
        let colours = [GapChart.palette[0], GapChart.palette[1], GapChart.palette[4]]
        var series = groups.enumerated().map { index, group in
            LineChartSeries(
                label: label(group), colour: colours[index], marker: markers[index],
                values: periods.map { row(subject, group, $0)?.expectedPercent.number })
        }
        let hasRolling = periods.contains { period in
            groups.contains { row(subject, $0, period)?.rollingExpectedPercent.number != nil }
        }
        if hasRolling {
            series += groups.prefix(2).enumerated().map { index, group in
                LineChartSeries(
                    label: "\(label(group)), three-year rolling", colour: colours[index],
                    marker: index == 0 ? .openCircle : .openSquare, dashed: true,
                    values: periods.map { row(subject, group, $0)?.rollingExpectedPercent.number })
            }
        }
        let title = "\(subject): percentage \(standard) by year, \(name)"
        let drawn = series.reduce(0) { $0 + $1.values.compactMap { $0 }.count }
        let missing = series.reduce(0) { $0 + $1.values.filter { $0 == nil }.count }
        let description = "Line chart of the percentage of pupils \(standard) in "
            + "\(phrases.subject(subject)), one line per group (\(series.map(\.label).joined(separator: "; "))), "
            + "\(listInWords(categories.map(\.label))). \(drawn) point\(drawn == 1 ? "" : "s") drawn"
            + (missing > 0 ? "; \(missing) not drawn because suppressed or not available, leaving gaps in the lines" : "")
            + ". The table that follows gives the same numbers."
        let layout = LineChartLayout.standard
        let svg = drawn == 0 ? nil : LineChart.svg(
            id: state.makeID("trend-chart"), title: title, description: description,
            valueAxisTitle: "% \(standard)", categories: categories, series: series,
            scale: GapChartScale(lower: 0, upper: 100, step: 20, plotWidth: layout.plotHeight), layout: layout)

        var headings = [
            "\(label(groups[0])): pupils", "\(label(groups[0])): %", "\(label(groups[1])): pupils",
            "\(label(groups[1])): %", "All pupils: pupils", "All pupils: %",
        ]
        if hasRolling {
            headings += ["Years pooled", "\(label(groups[0])), rolling: %", "\(label(groups[1])), rolling: %"]
        }
        let rows = periods.reversed().map { period -> FigureRowView in
            state.tableRows += 1
            var cells: [CellView] = []
            for group in groups {
                let record = row(subject, group, period)
                cells.append(state.cell(record?.pupilCount ?? .symbol(.notAvailable), places: 0))
                cells.append(state.cell(record?.expectedPercent ?? .symbol(.notAvailable), places: 0))
            }
            if hasRolling {
                cells.append(state.textCell(row(subject, groups[0], period)?.rollingYears ?? PublishedSymbol.notAvailable.rawValue))
                for group in groups.prefix(2) {
                    cells.append(state.cell(row(subject, group, period)?.rollingExpectedPercent ?? .symbol(.notAvailable), places: 0))
                }
            }
            return FigureRowView(heading: periodLabel(period), cells: cells)
        }
        let table = FigureTableView(
            caption: "\(title) (most recent first)", cornerHeading: "Year",
            columns: FigureTableView.columns(headings, textColumns: ["Years pooled"]),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows)])
        return ChartFigureView(
            id: state.makeID("trend-rates"), heading: "\(subject): \(standard)", svg: svg,
            caption: "Each line is one group's percentage \(standard), each point one year. "
                + "A line joins consecutive years only: a gap means the figure is suppressed or not available, or no "
                + "assessment took place."
                + (hasRolling ? " Dashed lines are three-year rolling percentages." : ""),
            table: table)
    }

    /// The disadvantage gap in each subject, one line per subject, with the rolling gaps when any are published.
    private func trendGapsFigure(
        subjects: [String], periods: [String], categories: [LineChartCategory], name: String, comparator: String,
        standard: String, row: (String, String, String) -> TrendRecord?, state: PageState
    ) -> ChartFigureView {
        let group = Self.disadvantagedLabel
        var series = subjects.enumerated().map { index, subject in
            LineChartSeries(
                label: subject, colour: GapChart.palette[index % GapChart.palette.count],
                marker: LineChartMarker.allCases[index % LineChartMarker.allCases.count],
                values: periods.map { row(subject, group, $0)?.gap.number })
        }
        let rollingSubjects = subjects.filter { subject in periods.contains { row(subject, group, $0)?.rollingGap.number != nil } }
        for subject in rollingSubjects {
            let index = subjects.firstIndex(of: subject) ?? 0
            series.append(LineChartSeries(
                label: "\(subject), three-year rolling", colour: GapChart.palette[index % GapChart.palette.count],
                marker: .openCircle, dashed: true, values: periods.map { row(subject, group, $0)?.rollingGap.number }))
        }
        let comparison = phrases.comparison(Self.notDisadvantagedLabel, comparator: comparator)
        let title = "Disadvantage gap in \(standard) by year and subject, \(name)"
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let missing = series.reduce(0) { $0 + $1.values.filter { $0 == nil }.count }
        let description = "Line chart of the gap in percentage points between disadvantaged pupils and \(comparison) "
            + "in \(standard) (disadvantaged minus others; below zero means disadvantaged pupils "
            + "are behind), one line per subject, \(listInWords(categories.map(\.label))). "
            + "\(values.count) point\(values.count == 1 ? "" : "s") drawn"
            + (missing > 0 ? "; \(missing) not drawn because suppressed or not available, leaving gaps in the lines" : "")
            + ". The table that follows gives the same numbers with their 95% confidence intervals."
        let layout = LineChartLayout.standard
        let svg = values.isEmpty ? nil : LineChart.svg(
            id: state.makeID("trend-chart"), title: title, description: description,
            valueAxisTitle: "Gap (percentage points)", categories: categories, series: series,
            scale: GapChartScale.fitting(values, plotWidth: layout.plotHeight), layout: layout)

        // The rolling columns only when some rolling gap is published: otherwise they would be columns of x.
        let hasRolling = !rollingSubjects.isEmpty
        let headings = ["Disadvantaged pupils", "Other pupils", "Gap (percentage points)", "95% confidence interval"]
            + (hasRolling ? ["Years pooled", "Three-year rolling gap", "Rolling 95% confidence interval"] : [])
        let rowGroups = subjects.map { subject -> FigureRowGroupView in
            let rows = periods.reversed().map { period -> FigureRowView in
                state.tableRows += 1
                let record = row(subject, group, period)
                let others = row(subject, Self.notDisadvantagedLabel, period)
                let missing = PublishedValue.symbol(.notAvailable)
                var cells = [
                    state.cell(record?.pupilCount ?? missing, places: 0),
                    state.cell(others?.pupilCount ?? missing, places: 0),
                    state.cell(record?.gap ?? missing, places: 0, signed: true),
                    state.intervalCell(lower: record?.gapLower ?? missing, upper: record?.gapUpper ?? missing, places: 0),
                ]
                if hasRolling {
                    cells += [
                        state.textCell(record?.rollingYears ?? PublishedSymbol.notAvailable.rawValue),
                        state.cell(record?.rollingGap ?? missing, places: 0, signed: true),
                        state.intervalCell(
                            lower: record?.rollingGapLower ?? missing, upper: record?.rollingGapUpper ?? missing, places: 0),
                    ]
                }
                return FigureRowView(heading: periodLabel(period), cells: cells)
            }
            return FigureRowGroupView(rowGroupLabel: subject, groupSpan: headings.count + 1, groupRows: rows)
        }
        let table = FigureTableView(
            caption: "\(title): disadvantaged pupils minus \(comparison), percentage points (most recent first)",
            cornerHeading: "Year", columns: FigureTableView.columns(headings, textColumns: ["Years pooled"]),
            rowGroups: rowGroups)
        return ChartFigureView(
            id: state.makeID("trend-gaps"), heading: "Disadvantage gap by subject", svg: svg,
            caption: "Each line is one subject's gap between disadvantaged pupils and \(comparison), in percentage "
                + "points; below the zero line disadvantaged pupils are behind. A line joins consecutive years only: a "
                + "gap means the figure is suppressed or not available, or no assessment took place."
                + (rollingSubjects.isEmpty ? "" : " Dashed lines are three-year rolling gaps."),
            table: table, method: "Confidence intervals: Newcombe hybrid score (95%), on the year's pupils"
                + (hasRolling ? " or, for rolling gaps, on the pooled pupils of the three years." : "."))
    }

    /// "Reading, writing and maths: in 2023/24 disadvantaged pupils were 18 percentage points below other pupils
    /// within the school. The gap narrowed by 4 percentage points since 2021/22." The first and the latest year
    /// with a published gap; nothing when the latest year's gap is not published (the table shows its symbol) and
    /// no numbers are ever given for a suppressed year.
    func trendSentence(subject: String, gaps: [TrendRecord], comparator: String) -> String? {
        guard let latest = gaps.last else { return nil }
        let subjectName = capitalisingFirstLetter(phrases.subject(subject))
        let year = periodLabel(latest.timePeriod)
        guard let gap = latest.gap.number else {
            let symbol = latest.gap.symbol ?? .notAvailable
            return "\(subjectName): the \(year) gap is \(GapSentenceWriter.notPublishedReason(symbol))."
        }
        let group = phrases.group(Self.disadvantagedLabel)
        let comparison = phrases.comparison(Self.notDisadvantagedLabel, comparator: comparator)
        let rounded = DfERounding.roundHalfUp(gap, places: 0)
        var text = "\(subjectName): in \(year) \(group) were "
            + (rounded == 0
                ? "level with \(comparison) to the nearest percentage point."
                : "\(sentences.amount(rounded, isPercentage: true)) \(rounded < 0 ? "below" : "above") \(comparison).")
        if let earliest = gaps.first(where: { $0.timePeriod < latest.timePeriod && $0.gap.number != nil }),
           let earlierGap = earliest.gap.number {
            text += " " + sentences.changeSentence(
                gap: gap, earlierGap: earlierGap, earlierPeriod: earliest.timePeriod, group: group, isPercentage: true)
        }
        if let rolling = latest.rollingGap.number, let lower = latest.rollingGapLower.number,
           let upper = latest.rollingGapUpper.number {
            text += " Pooled over \(latest.rollingYears), the gap was "
                + "\(DisplayFormat.number(rolling, places: 0, signed: true)) percentage points "
                + "(95% confidence interval \(intervalText(lower: lower, upper: upper, places: 0)))."
        }
        return text
    }
}
