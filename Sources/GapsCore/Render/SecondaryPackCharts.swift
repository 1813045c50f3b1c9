import Foundation

/// The chart sections of the key stage 4 part of a pack: Progress 8 and its elements (`ks4-progress.csv`, with the
/// DfE's interval), trends over the KS4 years, and distributions of Attainment 8 and of GCSE grades.
extension PageBuilder {
    // MARK: Progress 8

    /// The groups of a Progress 8 chart and table, in order: all pupils, by disadvantage, by sex.
    private static let progressGroups: [(breakdown: PupilBreakdown, group: String)] =
        [(PupilBreakdown.allPupils, AggregateLabels.total)]
            + AggregateLabels.disadvantageOrder.map { (PupilBreakdown.disadvantage, $0) }
            + AggregateLabels.sexOrder.map { (PupilBreakdown.sex, $0) }
    /// The measures drawn; the EBacc and open elements are in the table only, to keep the chart short.
    private static let progressChartMeasures = [KS4Labels.progress8, "English element", "Maths element"]

    private func progressGroupLabel(_ group: String) -> String {
        capitalisingFirstLetter(phrases.group(group == AggregateLabels.total ? Self.allPupilsLabel : group))
    }

    /// `nil` when the aggregate output has no `ks4-progress.csv` rows for the school.
    func ks4ProgressSection(at place: AggregatePlace, name: String, periods: [String], state: PageState) -> SectionView? {
        guard let byPeriod = secondary.progressByPlace[place], !byPeriod.isEmpty else { return nil }
        var sentences: [String] = []
        var figures: [ChartFigureView] = []
        for period in periods {
            guard let records = byPeriod[period], !records.isEmpty else { continue }
            if period == periods.first {
                sentences = progress8Sentences(at: place, period: period)
            }
            figures.append(progressChartFigure(records, name: name, period: period, state: state))
            if let gaps = progress8GapFigure(at: place, name: name, period: period, state: state) { figures.append(gaps) }
        }
        guard !figures.isEmpty else { return nil }
        return SectionView(
            sectionID: "ks4-progress", sectionHeading: "Progress 8: key stage 2 to key stage 4",
            bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "Progress 8 compares each pupil's Attainment 8 with that of pupils nationally with similar KS2 "
                    + "results: 0 is the national average, and +1 is a grade higher in each of the eight slots. The "
                    + "scores and elements are the DfE's; the 95% confidence interval is the DfE's (the average plus or "
                    + "minus 1.96 national standard deviations over the square root of the pupils with a score). A "
                    + "pupil is not progressing when their English or maths element is below -1 (Progress 8 below -1 "
                    + "for the overall measure).",
                sentences: sentences, figures: figures))
    }

    private func progressChartFigure(
        _ records: [KS4ProgressRecord], name: String, period: String, state: PageState
    ) -> ChartFigureView {
        let year = periodLabel(period)
        let measures = orderedLabels(records.map(\.measure), preferred: KS4Labels.progressMeasureOrder)
        func record(_ measure: String, _ breakdown: PupilBreakdown, _ group: String) -> KS4ProgressRecord? {
            records.first { $0.measure == measure && $0.breakdown == breakdown && $0.group == group }
        }
        var chartGroups: [GapChartGroup] = []
        var notDrawn: [String] = []
        for measure in measures where Self.progressChartMeasures.contains(measure) {
            var points: [GapChartPoint] = []
            for (breakdown, group) in Self.progressGroups {
                guard let row = record(measure, breakdown, group) else { continue }
                let label = progressGroupLabel(group)
                guard let figures = row.drawableInterval else {
                    let symbol = row.averageScore.symbol ?? row.lower.symbol ?? row.upper.symbol ?? .notAvailable
                    state.noteSymbol(symbol)
                    notDrawn.append("\(measure), \(label): \(symbol.shortName) (\(symbol.rawValue))")
                    continue
                }
                let colour: String
                switch breakdown {
                case .disadvantage: colour = GapChart.palette[0]
                case .sex: colour = GapChart.palette[1]
                default: colour = GapChart.palette[4]
                }
                points.append(GapChartPoint(
                    label: label, gap: figures.score, lower: figures.lower, upper: figures.upper,
                    significant: figures.lower > 0 || figures.upper < 0, colour: colour,
                    valueText: "\(DisplayFormat.number(figures.score, places: 2, signed: true)) "
                        + "(\(intervalText(lower: figures.lower, upper: figures.upper, places: 2)))"))
            }
            if !points.isEmpty { chartGroups.append(GapChartGroup(heading: measure, points: points)) }
        }
        let title = "Progress 8 and its English and maths elements by group, \(year): \(name)"
        let drawn = chartGroups.reduce(0) { $0 + $1.points.count }
        let description = "Chart of \(drawn) average progress score\(drawn == 1 ? "" : "s") with the DfE's 95% "
            + "confidence intervals, grouped by measure (Progress 8, English element, maths element), one row per "
            + "pupil group; 0 is the national average."
            + (notDrawn.isEmpty ? "" : " \(notDrawn.count) not drawn because suppressed or not available.")
            + " The table that follows gives the same numbers and the EBacc and open elements."
        let svg = drawn == 0 ? nil : GapChart.svg(
            id: state.makeID("ks4-progress-chart"), title: title, description: description,
            axisTitle: "Average score, grades per slot (0 = national average)", groups: chartGroups, layout: layout)

        let headings = ["Pupils", "With a score", "Average score", "95% confidence interval", "Compared with national average",
                        "Not progressing: pupils", "Not progressing: %"]
        let rowGroups = measures.map { measure -> FigureRowGroupView in
            let rows = Self.progressGroups.compactMap { breakdown, group -> FigureRowView? in
                guard let row = record(measure, breakdown, group) else { return nil }
                state.tableRows += 1
                return FigureRowView(heading: progressGroupLabel(group), cells: [
                    state.cell(row.pupilCount, places: 0), state.cell(row.scoredCount, places: 0),
                    state.cell(row.averageScore, places: 2, signed: true),
                    state.intervalCell(lower: row.lower, upper: row.upper, places: 2),
                    state.textCell(row.significance.isEmpty ? PublishedSymbol.notAvailable.rawValue : row.significance),
                    state.cell(row.belowThresholdCount, places: 0), state.cell(row.belowThresholdPercent, places: 0),
                ])
            }
            return FigureRowGroupView(rowGroupLabel: measure, groupSpan: headings.count + 1, groupRows: rows)
        }
        return ChartFigureView(
            id: yearID(period, in: "ks4-progress"), heading: "Progress 8 by group, \(year)", svg: svg,
            caption: "Each point is a group's average score and its whisker the DfE's 95% confidence interval. Filled "
                + "points are significantly different from the national average (the interval does not include "
                + "zero); open points are not. Points right of the zero line mean more progress than pupils "
                + "nationally with similar KS2 results.",
            notes: notDrawn.isEmpty ? [] : ["Not drawn in the chart: " + notDrawn.joined(separator: "; ") + "."],
            table: FigureTableView(
                caption: "\(title), with the EBacc and open elements (grades per slot)", cornerHeading: "Pupil group",
                columns: FigureTableView.columns(headings, textColumns: ["Compared with national average"]),
                rowGroups: rowGroups))
    }

    /// The Progress 8 gaps of `gaps-by-characteristic.csv` in hundredths, per comparator: a table on its own.
    private func progress8GapFigure(at place: AggregatePlace, name: String, period: String, state: PageState) -> ChartFigureView? {
        let records = (secondary.gapsByPlace[place]?[period] ?? []).filter { $0.subject == KS4Labels.progress8 }
        guard !records.isEmpty else { return nil }
        let comparators = orderedLabels(records.map(\.comparator), preferred: KS4Labels.comparatorOrder)
        let headings = ["Group: pupils", "Group: average", "Comparison: pupils", "Comparison: average", "Gap",
                        "95% confidence interval", "Significant", "Effect size"]
        let rowGroups = comparators.map { comparator -> FigureRowGroupView in
            let rows = records.filter { $0.comparator == comparator }
                .sorted { (rank("breakdown", $0.breakdown), $0.group) < (rank("breakdown", $1.breakdown), $1.group) }
                .map { record -> FigureRowView in
                    state.tableRows += 1
                    return FigureRowView(
                        heading: "\(capitalisingFirstLetter(phrases.group(record.group))) against "
                            + phrases.comparison(record.comparisonGroup, comparator: comparator),
                        cells: [
                            state.cell(record.groupCount, places: 0), state.cell(record.groupValue, places: 2, signed: true),
                            state.cell(record.comparisonCount, places: 0),
                            state.cell(record.comparisonValue, places: 2, signed: true),
                            state.cell(record.gap, places: 2, signed: true),
                            state.intervalCell(lower: record.gapLower, upper: record.gapUpper, places: 2),
                            state.textCell(record.significant), state.cell(record.effectSize, places: 2, signed: true),
                        ])
                }
            return FigureRowGroupView(
                rowGroupLabel: capitalisingFirstLetter(phrases.comparatorShort(comparator)), groupSpan: headings.count + 1,
                groupRows: rows)
        }
        let methods = orderedLabels(
            records.map(\.ciMethod).filter { !$0.isEmpty && PublishedSymbol(rawValue: $0) == nil }, preferred: [])
        return ChartFigureView(
            id: yearID(period, in: "ks4-progress-gaps"), heading: "Progress 8 gaps between groups, \(periodLabel(period))",
            isChart: false, svg: nil,
            table: FigureTableView(
                caption: "Progress 8 gaps between groups, \(periodLabel(period)): \(name) (group minus comparison, grades per slot)",
                cornerHeading: "Groups compared", columns: FigureTableView.columns(headings, textColumns: ["Significant"]),
                rowGroups: rowGroups),
            method: methods.isEmpty ? nil : "Confidence intervals: \(methods.joined(separator: "; ")).")
    }

    // MARK: Trends

    /// The measures followed over the years: the Attainment 8 average and English and maths at grade 4 or above.
    private static var trendMeasures: [(measure: String, heading: String, value: KeyPath<KS4AttainmentRecord, PublishedValue>,
                                        indicator: String, places: Int, axis: String)] { [
        (KS4Labels.attainment8, "Attainment 8: average score", \.averageScore, KS4Labels.averageScore, 1,
         "Average Attainment 8 score"),
        (KS4Labels.englishAndMaths, "English and maths: grade 4 or above", \.expectedPercent, KS4Labels.grade4, 0,
         "% with grade 4 or above in English and maths"),
    ] }

    /// `nil` unless the school has KS4 figures for more than one year.
    func ks4TrendsSection(at place: AggregatePlace, name: String, periods: [String], state: PageState) -> SectionView? {
        let byPeriod = secondary.attainmentByPlace[place] ?? [:]
        let years = periods.filter { byPeriod[$0] != nil }.sorted()
        guard years.count > 1 else { return nil }
        let categories = years.map { LineChartCategory(label: periodLabel($0), position: Double($0.prefix(4)) ?? 0) }
        let groups = [AggregateLabels.disadvantageOrder[0], AggregateLabels.disadvantageOrder[1], KS4Labels.topicTotal]
        func record(_ measure: String, _ group: String, _ period: String) -> KS4AttainmentRecord? {
            byPeriod[period]?.first {
                $0.measure == measure && $0.group == group && $0.breakdown != .sex
            }
        }
        func gap(_ measure: String, _ indicator: String, _ period: String) -> GapRecord? {
            secondary.gapsByPlace[place]?[period]?.first {
                $0.subject == measure && $0.indicator == indicator && $0.comparator == AggregateLabels.withinSchool
                    && $0.group == AggregateLabels.disadvantageOrder[0]
            }
        }
        var sentences: [String] = []
        var figures: [ChartFigureView] = []
        let markers: [LineChartMarker] = [.circle, .square, .diamond]
        let colours = [GapChart.palette[0], GapChart.palette[1], GapChart.palette[4]]
        for trend in Self.trendMeasures {
            let labels = groups.map { $0 == KS4Labels.topicTotal ? Self.allPupilsLabel : capitalisingFirstLetter(phrases.group($0)) }
            let series = groups.indices.map { index in
                LineChartSeries(
                    label: labels[index], colour: colours[index], marker: markers[index],
                    values: years.map { record(trend.measure, groups[index], $0)?[keyPath: trend.value].number })
            }
            let drawn = series.reduce(0) { $0 + $1.values.compactMap { $0 }.count }
            let missing = series.reduce(0) { $0 + $1.values.filter { $0 == nil }.count }
            let title = "\(trend.heading) by year, \(name)"
            let description = "Line chart of \(trend.axis.lowercased()), one line per group "
                + "(\(labels.joined(separator: "; "))), \(listInWords(categories.map(\.label))). \(drawn) point"
                + "\(drawn == 1 ? "" : "s") drawn"
                + (missing > 0 ? "; \(missing) not drawn because suppressed or not available, leaving gaps in the lines" : "")
                + ". The table that follows gives the same numbers with the disadvantage gap."
            let chartLayout = LineChartLayout.standard
            let scale = trend.places == 0
                ? GapChartScale(lower: 0, upper: 100, step: 20, plotWidth: chartLayout.plotHeight)
                : GapChartScale(lower: 0, upper: 90, step: 10, plotWidth: chartLayout.plotHeight)
            let svg = drawn == 0 ? nil : LineChart.svg(
                id: state.makeID("ks4-trend-chart"), title: title, description: description, valueAxisTitle: trend.axis,
                categories: categories, series: series, scale: scale, layout: chartLayout)
            let headings = labels + ["Disadvantage gap within the school", "95% confidence interval"]
            let rows = years.reversed().map { period -> FigureRowView in
                state.tableRows += 1
                var cells = groups.map {
                    state.cell(record(trend.measure, $0, period)?[keyPath: trend.value] ?? .symbol(.notAvailable), places: trend.places)
                }
                let gapRecord = gap(trend.measure, trend.indicator, period)
                let missingValue = PublishedValue.symbol(.notAvailable)
                cells.append(state.cell(gapRecord?.gap ?? missingValue, places: trend.places, signed: true))
                cells.append(state.intervalCell(
                    lower: gapRecord?.gapLower ?? missingValue, upper: gapRecord?.gapUpper ?? missingValue, places: trend.places))
                return FigureRowView(heading: periodLabel(period), cells: cells)
            }
            figures.append(ChartFigureView(
                id: state.makeID("ks4-trend"), heading: trend.heading, svg: svg,
                caption: "Each line is one group's figure, each point one year. A line joins consecutive years only: a "
                    + "gap means the figure is suppressed or not available.",
                table: FigureTableView(
                    caption: "\(title) (most recent first)", cornerHeading: "Year", columns: FigureTableView.columns(headings),
                    rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows)])))
            // The latest published gap against the earliest published one, in the shared change wording.
            let gaps = years.compactMap { gap(trend.measure, trend.indicator, $0) }
            if let latest = gaps.last, let latestGap = latest.gap.number,
               let earliest = gaps.first(where: { $0.timePeriod < latest.timePeriod && $0.gap.number != nil }),
               let earlierGap = earliest.gap.number {
                sentences.append("\(trend.heading): " + ks4SentenceWriter.changeSentence(
                    gap: latestGap, earlierGap: earlierGap, earlierPeriod: earliest.timePeriod,
                    group: phrases.group(AggregateLabels.disadvantageOrder[0]), isPercentage: trend.places == 0))
            }
        }
        return SectionView(
            sectionID: "ks4-trends", sectionHeading: "Key stage 4: trends", bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "How Attainment 8 and English and maths at grade 4 or above moved over "
                    + "\(listInWords(years.map(periodLabel))), for disadvantaged pupils, the others and all pupils. "
                    + "Each year is that year's pupils, so a change can be a different cohort rather than a change in "
                    + "teaching. A change in a gap is the difference of the rounded gaps, not tested for significance.",
                sentences: sentences, figures: figures))
    }

    // MARK: Distributions

    /// Attainment 8 on its own 0-90 axis (its whole range), English and maths grades on a 0-9 axis: two scales,
    /// never one axis for both, and the same axes on every pack so that schools compare.
    static func attainment8Scale(plotWidth: Double) -> GapChartScale {
        GapChartScale(lower: 0, upper: 90, step: 10, plotWidth: plotWidth)
    }

    static func gradeScale(plotWidth: Double) -> GapChartScale {
        GapChartScale(lower: 0, upper: 9, step: 1, plotWidth: plotWidth)
    }

    /// `nil` when the school's KS4 rows have no percentiles that year.
    func ks4DistributionsSection(at place: AggregatePlace, name: String, period: String, state: PageState) -> SectionView? {
        let records = secondary.attainmentByPlace[place]?[period] ?? []
        guard records.contains(where: { $0.measure == KS4Labels.attainment8 || $0.measure == KS4Labels.english }) else {
            return nil
        }
        let year = periodLabel(period)
        let breakdowns: [(heading: String, breakdown: PupilBreakdown, groups: [String])] = [
            ("by disadvantage", .disadvantage, AggregateLabels.disadvantageOrder), ("by sex", .sex, AggregateLabels.sexOrder),
        ]
        var sentences: [String] = []
        func members(_ measure: String, _ breakdown: PupilBreakdown, _ groups: [String]) -> [(group: String, record: KS4AttainmentRecord?)] {
            groups.map { group in (group, records.first { $0.measure == measure && $0.breakdown == breakdown && $0.group == group }) }
        }
        var figures: [ChartFigureView] = []
        typealias Scale = (measures: [String], heading: String, axis: String, reference: Double?, scale: (Double) -> GapChartScale)
        let scales: [Scale] = [
            ([KS4Labels.attainment8], "Attainment 8", "Attainment 8 score (0 to 90)", nil, Self.attainment8Scale(plotWidth:)),
            ([KS4Labels.english, KS4Labels.maths], "English and maths grades", "GCSE grade (0 to 9)", 4, Self.gradeScale(plotWidth:)),
        ]
        for (measures, scaleHeading, axis, reference, scale) in scales {
            var rowsBySubject: [(heading: String, members: [(group: String, record: KS4AttainmentRecord?)])] = []
            for measure in measures where records.contains(where: { $0.measure == measure }) {
                for breakdown in breakdowns {
                    let found = members(measure, breakdown.breakdown, breakdown.groups)
                    rowsBySubject.append(("\(measure), \(breakdown.heading)", found))
                    if let first = found[0].record?.p50.number, let second = found[1].record?.p50.number {
                        sentences.append(
                            "\(measure): the median \(measure == KS4Labels.attainment8 ? "score" : "grade") of "
                                + "\(phrases.group(found[0].group)) was \(DisplayFormat.number(first, places: measure == KS4Labels.attainment8 ? 0 : 1)), "
                                + "against \(DisplayFormat.number(second, places: measure == KS4Labels.attainment8 ? 0 : 1)) for "
                                + "\(phrases.group(found[1].group)).")
                    }
                }
            }
            guard !rowsBySubject.isEmpty else { continue }
            figures.append(ks4DistributionFigure(
                heading: scaleHeading, axis: axis, reference: reference, scale: scale, rowsBySubject: rowsBySubject,
                name: name, year: year, state: state))
        }
        guard !figures.isEmpty else { return nil }
        return SectionView(
            sectionID: "ks4-distributions", sectionHeading: "Key stage 4: distributions by group",
            bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "How the Attainment 8 scores and GCSE grades of each group spread in \(year). The box holds the "
                    + "middle half of the group's pupils (25th to 75th percentile), the thick line is the median, and "
                    + "the whiskers reach from the 10th to the 90th percentile. Attainment 8 is drawn on its own 0 to 90 "
                    + "scale; English and maths grades on a 0 to 9 scale with a dashed line at grade 4, a standard pass. "
                    + "Percentiles need at least 10 pupils with a score; smaller groups show c.",
                sentences: sentences, figures: figures))
    }

    private func ks4DistributionFigure(
        heading: String, axis: String, reference: Double?, scale: (Double) -> GapChartScale,
        rowsBySubject: [(heading: String, members: [(group: String, record: KS4AttainmentRecord?)])], name: String,
        year: String, state: PageState
    ) -> ChartFigureView {
        let places = heading == "Attainment 8" ? 0 : 1
        var chartGroups: [BoxPlotGroup] = []
        var rowGroups: [FigureRowGroupView] = []
        var drawn = 0, withheld = 0
        let headings = ["Pupils", "10th percentile", "25th percentile", "Median", "75th percentile", "90th percentile", "Mean"]
        for (subject, members) in rowsBySubject {
            var chartRows: [BoxPlotRow] = []
            var tableRows: [FigureRowView] = []
            for (index, member) in members.enumerated() {
                let colour = GapChart.palette[index % GapChart.palette.count]
                let label = capitalisingFirstLetter(phrases.group(member.group))
                let missing = PublishedValue.symbol(.notAvailable)
                let record = member.record
                if let summary = record?.drawableSummary {
                    drawn += 1
                    chartRows.append(BoxPlotRow(
                        label: label, colour: colour, summary: summary, symbol: nil,
                        valueText: "median \(DisplayFormat.number(summary.median, places: places)) "
                            + "(\(intervalText(lower: summary.p25, upper: summary.p75, places: places)))"))
                } else {
                    withheld += 1
                    let symbol = record?.p50.symbol ?? record?.pupilCount.symbol ?? .notAvailable
                    state.noteSymbol(symbol)
                    chartRows.append(BoxPlotRow(
                        label: label, colour: colour, summary: nil, symbol: symbol.rawValue,
                        valueText: "\(symbol.rawValue) (\(symbol.shortName))"))
                }
                state.tableRows += 1
                tableRows.append(FigureRowView(heading: label, cells: [
                    state.cell(record?.pupilCount ?? missing, places: 0),
                    state.cell(record?.p10 ?? missing, places: places), state.cell(record?.p25 ?? missing, places: places),
                    state.cell(record?.p50 ?? missing, places: places), state.cell(record?.p75 ?? missing, places: places),
                    state.cell(record?.p90 ?? missing, places: places),
                    state.cell(record?.averageScore ?? missing, places: 1),
                ]))
            }
            chartGroups.append(BoxPlotGroup(heading: subject, rows: chartRows))
            rowGroups.append(FigureRowGroupView(rowGroupLabel: subject, groupSpan: headings.count + 1, groupRows: tableRows))
        }
        let title = "\(heading) by group, \(year): \(name)"
        let description = "Box-and-whisker chart of \(axis.lowercased()) by disadvantage and by sex, one row per group, "
            + "on a fixed scale from \(DisplayFormat.number(scale(1).lower, places: 0)) to "
            + "\(DisplayFormat.number(scale(1).upper, places: 0))"
            + (reference.map { " with a dashed line at \(DisplayFormat.number($0, places: 0))" } ?? "")
            + ". \(drawn) group\(drawn == 1 ? "" : "s") drawn"
            + (withheld > 0 ? "; \(withheld) shown as a symbol because their percentiles are suppressed or not available" : "")
            + ". The table that follows gives the same numbers."
        let layout = GapChartLayout(plotWidth: 340, labelWidth: 170, valueWidth: 150)
        let svg = drawn == 0 ? nil : BoxPlotChart.svg(
            id: state.makeID("ks4-distribution-chart"), title: title, description: description, axisTitle: axis,
            groups: chartGroups, scale: scale(layout.plotWidth), reference: reference, layout: layout)
        return ChartFigureView(
            id: state.makeID("ks4-distributions"), heading: heading, svg: svg,
            caption: "Box: 25th to 75th percentile; thick line: median; whiskers: 10th to 90th percentile"
                + (reference == nil ? "." : "; dashed line: grade 4, a standard pass.")
                + " A group shown as c has too few pupils with a score to publish its percentiles.",
            table: FigureTableView(
                caption: "\(title) (\(axis))", cornerHeading: "Pupil group", columns: FigureTableView.columns(headings),
                rowGroups: rowGroups))
    }

    // MARK: About

    func ks4AboutSection(id: String = "ks4-about") -> SectionView {
        SectionView(
            sectionID: id, sectionHeading: "About the key stage 4 figures", bodyTemplate: "section-about",
            body: AboutSectionBody(aboutPoints: [
                "Grade 4 or above is a standard pass and grade 5 or above a strong pass; English and maths counts pupils "
                    + "with both. Attainment 8 is the points of a pupil's best eight qualifications, English and maths "
                    + "counted twice (0 to 90).",
                "Gaps are the group's figure minus that of the pupils outside the group: within the school, the school's "
                    + "other pupils; against the local authority, every pupil of the local authority outside the group; "
                    + "against national figures, the national group named. Boys are compared with every pupil who is "
                    + "not a boy.",
                "A sentence calls the interval of a percentage gap wide beyond "
                    + "\(DisplayFormat.number(sentences.rules.wideHalfWidthPercentagePoints, places: 0)) percentage "
                    + "points either side, and of an Attainment 8 gap beyond "
                    + "\(DisplayFormat.number(Self.attainment8WideHalfWidthPoints, places: 0)) points.",
                "Progress 8 and its elements are the DfE's scores, in grades per slot; Progress 8 figures are shown to two "
                    + "decimal places, as the DfE shows them.",
            ]))
    }
}
