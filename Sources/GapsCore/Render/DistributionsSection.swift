import Foundation

/// The distributions section (`distributions.csv`): how the scaled scores of each group spread, not only their
/// averages, as box-and-whisker charts per subject for disadvantaged pupils against the others and boys against
/// girls, in the most recent year with distributions for the place.
extension PageBuilder {
    /// The breakdowns drawn, each with its groups in chart order.
    private static var distributionBreakdowns: [(heading: String, filter: (DistributionRecord) -> String?, groups: [String])] { [
        ("By disadvantage", { $0.sex == AggregateLabels.total ? $0.disadvantage : nil }, AggregateLabels.disadvantageOrder),
        ("By sex", { $0.disadvantage == AggregateLabels.total ? $0.sex : nil }, AggregateLabels.sexOrder),
    ] }

    /// `nil` when the aggregate output has no distributions table or no rows for `place`.
    func distributionsSection(
        id: String, heading: String, at place: AggregatePlace, name: String, state: PageState
    ) -> SectionView? {
        guard let records = tables.analysis.distributionsByPlace[place], let period = records.map(\.timePeriod).max()
        else { return nil }
        let inYear = records.filter { $0.timePeriod == period }
        let subjects = orderedLabels(inYear.map(\.subject), preferred: AggregateLabels.subjectOrder)
        let year = periodLabel(period)
        var sentences: [String] = []
        let figures = Self.distributionBreakdowns.map { breakdown -> ChartFigureView in
            var rowsBySubject: [(subject: String, records: [(group: String, record: DistributionRecord?)])] = []
            for subject in subjects {
                let bySubject = inYear.filter { $0.subject == subject }
                let present = bySubject.compactMap(breakdown.filter).filter { $0 != AggregateLabels.total }
                let groups = orderedLabels(present, preferred: breakdown.groups)
                let members = groups.map { group in (group: group, record: bySubject.first { breakdown.filter($0) == group }) }
                rowsBySubject.append((subject, members))
                if let sentence = medianSentence(subject: subject, members) { sentences.append(sentence) }
            }
            return distributionFigure(
                breakdown: breakdown.heading, rowsBySubject: rowsBySubject, name: name, year: year, state: state)
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "How the KS2 scaled scores of each group spread in \(year): a gap in averages can come from a "
                    + "few low scores or from the whole group being lower. The box holds the middle half of the "
                    + "group's pupils (25th to 75th percentile), the thick line is the median, and the whiskers reach "
                    + "from the 10th to the 90th percentile. 100 is the expected standard. Percentiles need at least "
                    + "10 pupils with a score; smaller groups show c.",
                sentences: sentences, figures: figures))
    }

    /// "Reading: the median scaled score of boys was 99, against 103 for girls." Only when both medians are
    /// published; rounded as the table shows them.
    func medianSentence(subject: String, _ members: [(group: String, record: DistributionRecord?)]) -> String? {
        guard members.count == 2, let first = members[0].record?.p50.number, let second = members[1].record?.p50.number
        else { return nil }
        return "\(capitalisingFirstLetter(phrases.subject(subject))): the median scaled score of "
            + "\(phrases.group(members[0].group)) was \(DisplayFormat.number(first, places: 0)), against "
            + "\(DisplayFormat.number(second, places: 0)) for \(phrases.group(members[1].group))."
    }

    private func distributionFigure(
        breakdown: String, rowsBySubject: [(subject: String, records: [(group: String, record: DistributionRecord?)])],
        name: String, year: String, state: PageState
    ) -> ChartFigureView {
        var chartGroups: [BoxPlotGroup] = []
        var drawn = 0, withheld = 0
        var rowGroups: [FigureRowGroupView] = []
        let headings = ["Pupils with a score", "10th percentile", "25th percentile", "Median", "75th percentile",
                        "90th percentile", "Mean"]
        for (subject, members) in rowsBySubject where !members.isEmpty {
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
                        valueText: "median \(DisplayFormat.number(summary.median, places: 0)) "
                            + "(\(intervalText(lower: summary.p25, upper: summary.p75, places: 0)))"))
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
                    state.cell(record?.p10 ?? missing, places: 0),
                    state.cell(record?.p25 ?? missing, places: 0),
                    state.cell(record?.p50 ?? missing, places: 0),
                    state.cell(record?.p75 ?? missing, places: 0),
                    state.cell(record?.p90 ?? missing, places: 0),
                    state.cell(record?.mean ?? missing, places: 1),
                ]))
            }
            chartGroups.append(BoxPlotGroup(heading: subject, rows: chartRows))
            rowGroups.append(FigureRowGroupView(rowGroupLabel: subject, groupSpan: headings.count + 1, groupRows: tableRows))
        }
        let title = "Scaled scores \(breakdown.lowercased()), \(year): \(name)"
        let description = "Box-and-whisker chart of KS2 scaled scores \(breakdown.lowercased()), one row per group, "
            + "grouped by subject, on a scale from 80 to 120 with a dashed line at 100, the expected standard. "
            + "\(drawn) group\(drawn == 1 ? "" : "s") drawn"
            + (withheld > 0 ? "; \(withheld) shown as a symbol because their percentiles are suppressed or not available" : "")
            + ". The table that follows gives the same numbers."
        let layout = GapChartLayout(plotWidth: 340, labelWidth: 170, valueWidth: 150)
        let svg = drawn == 0 ? nil : BoxPlotChart.svg(
            id: state.makeID("distribution-chart"), title: title, description: description,
            axisTitle: "KS2 scaled score", groups: chartGroups,
            scale: BoxPlotChart.scaledScoreScale(plotWidth: layout.plotWidth), reference: 100, layout: layout)
        return ChartFigureView(
            id: state.makeID("distributions"), heading: "Scaled scores \(breakdown.lowercased())", svg: svg,
            caption: "Box: 25th to 75th percentile; thick line: median; whiskers: 10th to 90th percentile; dashed line: "
                + "100, the expected standard. A group shown as c has too few pupils with a score to publish its "
                + "percentiles. Writing is teacher assessed and has no scaled score.",
            table: FigureTableView(
                caption: "\(title) (scaled scores)", cornerHeading: "Pupil group",
                columns: FigureTableView.columns(headings), rowGroups: rowGroups))
    }
}
