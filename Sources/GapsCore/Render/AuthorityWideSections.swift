import Foundation

/// The LA overview's LA-wide sections: where the low-attaining disadvantaged pupils are
/// (`low-attaining-disadvantaged.csv`) and the schools that buck the trend (`bucking-the-trend.csv`), for the most
/// recent year each table has for the authority. See docs/outputs-la.md for how the aggregate stage builds both.
extension PageBuilder {
    static let quintileTotal = AggregateLabels.total
    /// Quintiles 1 and 2 are the lower-attaining two fifths of the LA's schools; the sentence counts the pupils
    /// outside them (**ours**, following the 2020 Vision observation the table exists for).
    static let lowerQuintilePrefixes = ["Quintile 1", "Quintile 2"]

    /// `nil` when the table is absent or has no rows for the authority.
    func lowAttainingSection(
        id: String, heading: String, authority: AuthorityIdentity, state: PageState
    ) -> SectionView? {
        let all = (tables.analysis.lowAttaining?.records ?? []).filter { $0.geography.laCode == authority.code }
        guard let period = all.map(\.timePeriod).max() else { return nil }
        let inYear = all.filter { $0.timePeriod == period }
        let year = periodLabel(period)
        let quintiles = inYear.filter { $0.place == .localAuthority(code: authority.code) }
        let schoolRows = inYear.filter { if case .school = $0.place { return true } else { return false } }
        let subject = inYear.first?.subject ?? AggregateLabels.readingWritingMaths
        let subjectWords = phrases.subject(subject)

        let quintileHeadings = ["Schools", "Low-attaining disadvantaged pupils", "Share of the LA's (%)"]
        let quintileTable = FigureTableView(
            caption: "Low-attaining disadvantaged pupils in \(subjectWords) by quintile of school attainment, \(year): "
                + authority.name,
            cornerHeading: "Schools ranked by attainment",
            columns: FigureTableView.columns(quintileHeadings),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: quintileHeadings.count + 1, groupRows: quintiles.map { record in
                state.tableRows += 1
                return FigureRowView(
                    heading: record.quintile == Self.quintileTotal ? "All schools" : record.quintile,
                    cells: [state.cell(record.schoolCount, places: 0), state.cell(record.count, places: 0),
                            state.cell(record.share, places: 0)])
            })])
        let schoolHeadings = ["Quintile", "All pupils reaching the expected standard (%)",
                              "Low-attaining disadvantaged pupils", "Share of the LA's (%)"]
        let schoolTable = FigureTableView(
            caption: "Low-attaining disadvantaged pupils by school, lowest-attaining schools first, \(year): "
                + authority.name,
            cornerHeading: "School",
            columns: FigureTableView.columns(schoolHeadings, textColumns: ["Quintile"]),
            rowGroups: [FigureRowGroupView(rowGroupLabel: nil, groupSpan: schoolHeadings.count + 1, groupRows: schoolRows.map { record in
                state.tableRows += 1
                return FigureRowView(
                    heading: record.geography.schoolName, link: schoolPageLink(record.geography.schoolURN),
                    cells: [CellView(text: record.quintile, isSymbol: false, isNumeric: false),
                            state.cell(record.expectedPercent, places: 0), state.cell(record.count, places: 0),
                            state.cell(record.share, places: 0)])
            })])

        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "Disadvantaged pupils who did not reach the expected standard in \(subjectWords), \(year), and "
                    + "the schools they are in. Schools are ranked by the percentage of all their pupils reaching the "
                    + "standard and split into fifths (quintiles), quintile 1 the lowest attaining. Support that goes "
                    + "only to low-attaining schools misses the pupils in the others.",
                sentences: [lowAttainingSentence(quintiles, authority: authority.name, subject: subjectWords)],
                figures: [
                    ChartFigureView(id: state.makeID("low-attaining-quintiles"), heading: "By quintile of school attainment",
                                    isChart: false, svg: nil, table: quintileTable),
                    ChartFigureView(id: state.makeID("low-attaining-schools"), heading: "By school", isChart: false,
                                    svg: nil, table: schoolTable),
                ]))
    }

    /// "18 of Exampleshire's 56 low-attaining disadvantaged pupils (32%) are in schools that are not low-attaining
    /// overall (quintiles 3 to 5)." The count is the sum of quintiles 3 to 5 when all three are published, or the
    /// total less quintiles 1 and 2 when those are: either way only published figures are combined.
    func lowAttainingSentence(_ quintiles: [LowAttainingRecord], authority: String, subject: String) -> String {
        guard let total = quintiles.first(where: { $0.quintile == Self.quintileTotal })?.count.number else {
            return "The number of low-attaining disadvantaged pupils in \(authority) is not published for this year."
        }
        let lower = quintiles.filter { q in Self.lowerQuintilePrefixes.contains { q.quintile.hasPrefix($0) } }
        let upper = quintiles.filter { q in
            q.quintile != Self.quintileTotal && !Self.lowerQuintilePrefixes.contains { q.quintile.hasPrefix($0) }
        }
        let outside: Double?
        if !upper.isEmpty, upper.allSatisfy({ $0.count.number != nil }) {
            outside = upper.compactMap(\.count.number).reduce(0, +)
        } else if lower.count == Self.lowerQuintilePrefixes.count, lower.allSatisfy({ $0.count.number != nil }) {
            outside = total - lower.compactMap(\.count.number).reduce(0, +)
        } else {
            outside = nil
        }
        let whole = Int(total)
        guard let outside else {
            return "\(authority) has \(whole) low-attaining disadvantaged pupil\(whole == 1 ? "" : "s") in \(subject); "
                + "how many are outside its lower-attaining schools cannot be given without revealing suppressed figures."
        }
        let share = total > 0 ? " (\(DisplayFormat.number(outside / total * 100, places: 0))%)" : ""
        return "\(Int(outside)) of \(possessive(authority)) \(whole) low-attaining disadvantaged pupil\(whole == 1 ? "" : "s")"
            + "\(share) \(Int(outside) == 1 ? "is" : "are") in schools that are not low-attaining overall (quintiles 3 "
            + "to 5 of the LA's schools by attainment)."
    }

    /// Schools ranked by their shrunk gap, one chart and table per breakdown; `nil` when the table is absent or has
    /// no rows for the authority.
    func buckingTheTrendSection(
        id: String, heading: String, authority: AuthorityIdentity, state: PageState
    ) -> SectionView? {
        let all = (tables.analysis.bucking?.records ?? []).filter { $0.geography.laCode == authority.code }
        guard let period = all.map(\.timePeriod).max() else { return nil }
        let inYear = all.filter { $0.timePeriod == period }
        let year = periodLabel(period)
        let breakdowns = orderedLabels(inYear.map(\.breakdown), preferred: AggregateLabels.breakdownOrder)
        var sentences: [String] = []
        var figures: [ChartFigureView] = []
        for breakdown in breakdowns {
            let rows = inYear.filter { $0.breakdown == breakdown }
            guard let first = rows.first else { continue }
            let label = phrases.gapLabel(group: first.group, comparisonGroup: first.comparisonGroup)
            let ranked = rows.sorted {
                ($0.rank.number ?? .infinity, $0.geography.schoolName) < ($1.rank.number ?? .infinity, $1.geography.schoolName)
            }
            if let mean = first.laMeanGap.number, let schools = first.schoolsInEstimate.number {
                let groupWords = phrases.group(first.group), comparisonWords = phrases.group(first.comparisonGroup)
                sentences.append(
                    "\(capitalisingFirstLetter(groupWords)) against \(comparisonWords): across \(Int(schools)) schools "
                        + "the LA's mean gap in \(phrases.subject(first.subject)) was "
                        + "\(DisplayFormat.number(mean, places: 0, signed: true)) percentage points. "
                        + (ranked.first.flatMap { top in top.shrunkGap.number.map { (top, $0) } }.map { top, gap in
                            "\(top.geography.schoolName) ranks first, at \(DisplayFormat.number(gap, places: 0, signed: true)) "
                                + "after shrinking toward that mean."
                        } ?? "No school's shrunk gap is published."))
            }
            figures.append(buckingFigure(
                ranked, breakdown: breakdown, label: label, authority: authority.name, year: year, state: state))
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "Schools ranked by their gap in reaching the expected standard, \(year), after shrinking each "
                    + "school's gap toward the LA's mean by how uncertain it is (empirical Bayes): a small school's "
                    + "lucky year moves little, so the schools at the top are more likely to be doing something that "
                    + "works. The raw gap is shown alongside. With few schools, read the ranking loosely.",
                sentences: sentences, figures: figures))
    }

    private func buckingFigure(
        _ ranked: [BuckingRecord], breakdown: String, label: String, authority: String, year: String, state: PageState
    ) -> ChartFigureView {
        var points: [GapChartPoint] = []
        var notDrawn: [String] = []
        let colour = GapChart.palette[(rank("breakdown", breakdown) == Int.max ? 0 : rank("breakdown", breakdown)) % GapChart.palette.count]
        for record in ranked {
            guard let gap = record.shrunkGap.number, let lower = record.shrunkLower.number, let upper = record.shrunkUpper.number
            else {
                let symbol = record.shrunkGap.symbol ?? .notAvailable
                state.noteSymbol(symbol)
                notDrawn.append("\(record.geography.schoolName): \(symbol.shortName) (\(symbol.rawValue))")
                continue
            }
            let rankText = record.rank.number.map { "\(Int($0)). " } ?? ""
            points.append(GapChartPoint(
                label: rankText + Self.shortened(record.geography.schoolName, to: 34), gap: gap, lower: lower,
                upper: upper, significant: lower > 0 || upper < 0, colour: colour,
                valueText: "\(DisplayFormat.number(gap, places: 0, signed: true)) "
                    + "(\(intervalText(lower: lower, upper: upper, places: 0)))"))
        }
        let title = "Schools ranked by shrunk \(breakdown.lowercased()) gap (\(label)), \(year): \(authority)"
        let description = "Chart of \(points.count) school\(points.count == 1 ? "" : "s")' gaps in percentage points "
            + "after shrinking toward the LA mean, with 95% intervals, highest first."
            + (notDrawn.isEmpty ? "" : " \(notDrawn.count) not drawn because suppressed or not available.")
            + " The table that follows gives the same numbers and the raw gaps."
        let layout = GapChartLayout(plotWidth: 300, labelWidth: 250, valueWidth: 130)
        let svg = points.isEmpty ? nil : GapChart.svg(
            id: state.makeID("bucking-chart"), title: title, description: description,
            axisTitle: "Shrunk gap in percentage points (\(label))",
            groups: [GapChartGroup(heading: "\(label), shrunk toward the LA mean", points: points)], layout: layout)

        let headings = ["Rank", "Group: pupils", "Comparison: pupils", "Shrunk gap", "Shrunk 95% interval", "Raw gap",
                        "Raw 95% interval", "Shrinkage factor"]
        let rows = ranked.map { record -> FigureRowView in
            state.tableRows += 1
            return FigureRowView(
                heading: record.geography.schoolName, link: schoolPageLink(record.geography.schoolURN),
                cells: [
                    state.cell(record.rank, places: 0),
                    state.cell(record.groupCount, places: 0), state.cell(record.comparisonCount, places: 0),
                    state.cell(record.shrunkGap, places: 0, signed: true),
                    state.intervalCell(lower: record.shrunkLower, upper: record.shrunkUpper, places: 0),
                    state.cell(record.rawGap, places: 0, signed: true),
                    state.intervalCell(lower: record.rawLower, upper: record.rawUpper, places: 0),
                    state.cell(record.shrinkage, places: 2),
                ])
        }
        return ChartFigureView(
            id: state.makeID("bucking"), heading: "\(label): \(breakdown.lowercased()) gap", svg: svg,
            caption: "Each point is a school's gap (\(label)) in percentage points after shrinking toward the LA mean, "
                + "and its whisker the 95% interval; filled points exclude zero. Highest first: rank 1 is where "
                + "\(phrases.group(ranked.first?.group ?? "")) are furthest ahead of, or least behind, "
                + "\(phrases.group(ranked.first?.comparisonGroup ?? "")).",
            notes: notDrawn.isEmpty ? [] : ["Not drawn in the chart: " + notDrawn.joined(separator: "; ") + "."],
            table: FigureTableView(
                caption: "\(title) (percentage points)", cornerHeading: "School",
                columns: FigureTableView.columns(headings), rowGroups: [
                    FigureRowGroupView(rowGroupLabel: nil, groupSpan: headings.count + 1, groupRows: rows),
                ]),
            method: "Shrinkage factor: 1 keeps the school's raw gap, 0 gives the LA mean. Intervals: Newcombe hybrid "
                + "score (raw); posterior interval treating the LA mean and the spread between schools as known "
                + "(shrunk), so somewhat too narrow.")
    }

    /// The school's evidence pack, relative to the overview, when the report has one.
    func schoolPageLink(_ urn: String) -> String? {
        schools.first { $0.urn == urn }?.pagePath
    }

    /// A name cut to `limit` characters with an ellipsis, for a chart row label (the table gives it whole).
    static func shortened(_ name: String, to limit: Int) -> String {
        name.count <= limit ? name : String(name.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "\u{2026}"
    }
}
