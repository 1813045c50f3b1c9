import Foundation

/// The evidence pack's "Progress" section: KS1 -> KS2 progress and pupils not progressing from `progress.csv`, per
/// year, subject and group, in sentences and then in tables.
///
/// Sentences follow the rules of `GapSentenceWriter`: a figure is stated only when it and every figure it is put
/// beside are published numbers; otherwise the sentence says it is not published and why, with the symbol, and
/// states no number. Percentages and scores are rounded half up like the tables beside them.
extension PageBuilder {
    /// `latestOnly`: the most recent year alone, or with the latest year that has progress (the summary pack:
    /// `summaryProgressPeriods`).
    func progressSection(at place: AggregatePlace, name: String, state: PageState, latestOnly: Bool = false) -> SectionView {
        let byPeriod = pupilFigures.progressByPlace[place] ?? [:]
        let periods = latestOnly ? Self.summaryProgressPeriods(byPeriod) : byPeriod.keys.sorted(by: >)
        let years = periods.map { period in
            progressYear(byPeriod[period] ?? [], name: name, period: period, state: state)
        }
        return SectionView(
            sectionID: "progress", sectionHeading: "Progress from key stage 1 to key stage 2",
            bodyTemplate: "section-pupil-figures",
            body: PupilFiguresSectionBody(
                introParagraphs: [
                    "How pupils at the end of key stage 2 moved on from their key stage 1 results, by subject. Pupils "
                        + "with KS1 results are those assessed in reading, writing and maths at KS1 and in the "
                        + "subject at KS2; pupils without (for example KS1 in 2020 or 2021, when there was no "
                        + "assessment) are counted but never scored as zero.",
                    "A pupil is not progressing in a subject when they were below the expected standard at KS1 and "
                        + "are still below it (stuck below), were at it at KS1 and fell below it (fell behind), have "
                        + "a progress score below \u{2212}5 (low progress), or, before 2016, made less than one level "
                        + "of progress (stuck). A progress score compares a pupil's KS2 scaled score with pupils "
                        + "across the local authority who had similar KS1 results: 0 is average for them. Writing "
                        + "is teacher assessed and has no progress score.",
                ],
                figureYears: years, hasFigureYears: !years.isEmpty,
                noFiguresText: "No progress figures were published for this school: the aggregate output has no "
                    + "progress.csv, or no pupils of this school at the end of key stage 2.",
                restrictedListNote: nil))
    }

    private func progressYear(
        _ records: [PublishedProgressRecord], name: String, period: String, state: PageState
    ) -> PupilFiguresYearView {
        let levelsEra = records.contains { $0.averageLevelsProgress.symbol != .notApplicable }
        let subjects = orderedLabels(records.map(\.subject), preferred: AggregateLabels.subjectOrder)
        var sentences: [String] = []
        var tables: [CountTableView] = []
        for subject in subjects {
            let rows = records.filter { $0.subject == subject }
            sentences.append(progressSentence(rows, subject: subject, levelsEra: levelsEra))
            // A table of zeros says nothing when nobody had KS1 results (KS1 in 2020 or 2021): the sentence says so.
            let all = rows.first { $0.breakdown == .allPupils }
            if all?.withPriorCount == .number(0) { continue }
            tables.append(progressTable(rows, subject: subject, name: name, period: period, levelsEra: levelsEra, state: state))
        }
        return PupilFiguresYearView(
            yearID: yearID(period, in: "progress"), yearLabel: periodLabel(period), yearSentences: sentences,
            hasYearSentences: !sentences.isEmpty, countTables: tables, hasCountTables: !tables.isEmpty)
    }

    private func progressTable(
        _ rows: [PublishedProgressRecord], subject: String, name: String, period: String, levelsEra: Bool,
        state: PageState
    ) -> CountTableView {
        let numeric = { (text: String) in CountColumnView(columnText: text, columnClass: "num") }
        var columns = [CountColumnView(columnText: "Pupil group", columnClass: nil), numeric("Pupils"), numeric("With KS1 results")]
        if levelsEra {
            columns += [numeric("Average progress (points)"), numeric("Expected progress: %"), numeric("Stuck")]
        } else {
            columns.append(numeric("Average progress score"))
        }
        columns += [numeric("Stuck below"), numeric("Fell behind")]
        if !levelsEra { columns.append(numeric("Low progress")) }
        columns += [numeric("Not progressing"), numeric("Not progressing: %")]

        let groups = pupilBreakdownGroups(rows, breakdown: \.breakdown, label: progressGroupLabel, span: columns.count) { record in
            state.tableRows += 1
            var cells = [state.cell(record.pupilCount, places: 0), state.cell(record.withPriorCount, places: 0)]
            if levelsEra {
                cells += [
                    state.cell(record.averageLevelsProgress, places: 1, signed: true),
                    state.cell(record.expectedProgressPercent, places: 0), state.cell(record.stuckCount, places: 0),
                ]
            } else {
                cells.append(state.cell(record.averageProgress, places: 1, signed: true))
            }
            cells += [state.cell(record.stuckBelowCount, places: 0), state.cell(record.fellBehindCount, places: 0)]
            if !levelsEra { cells.append(state.cell(record.lowProgressCount, places: 0)) }
            cells += [state.cell(record.notProgressingCount, places: 0), state.cell(record.notProgressingPercent, places: 0)]
            return cells
        }
        return CountTableView(
            countCaption: "\(subject): progress from KS1 to KS2, \(periodLabel(period)): \(name)",
            countColumns: columns, countGroups: groups)
    }

    private func progressGroupLabel(_ record: PublishedProgressRecord) -> String {
        switch record.breakdown {
        case .disadvantage: return record.disadvantage
        case .sex: return record.sex
        case .priorAttainment: return "KS1 prior attainment: \(record.band)"
        case .allPupils, nil: return "All pupils"
        }
    }

    /// Rows in a fixed order: all pupils, then by disadvantage, sex and prior attainment, each under its heading.
    func pupilBreakdownGroups<Record>(
        _ rows: [Record], breakdown: (Record) -> PupilBreakdown?, label: (Record) -> String, span: Int,
        cells: (Record) -> [CellView]
    ) -> [CountRowGroupView] {
        let byBreakdown = Dictionary(grouping: rows.filter { breakdown($0) != nil }) { breakdown($0)! }
        let groupOrder = AggregateLabels.disadvantageOrder + AggregateLabels.sexOrder
            + ["KS1 prior attainment: Low", "KS1 prior attainment: Middle", "KS1 prior attainment: High"]
        return PupilBreakdown.allCases.compactMap { kind in
            guard let members = byBreakdown[kind] else { return nil }
            let ranks = Dictionary(
                uniqueKeysWithValues: orderedLabels(members.map(label), preferred: groupOrder).enumerated().map { ($1, $0) })
            let sorted = members.sorted { ranks[label($0)] ?? 0 < ranks[label($1)] ?? 0 }
            return CountRowGroupView(
                countGroupHeading: kind.heading, countGroupSpan: span,
                countRows: sorted.map { CountRowView(rowLabel: label($0), cells: cells($0)) })
        }
    }

    /// One item per subject: all pupils not progressing, then disadvantaged pupils against other pupils (the
    /// numbers, or why they are not published), then their average progress scores when both are published.
    func progressSentence(_ rows: [PublishedProgressRecord], subject: String, levelsEra: Bool) -> String {
        let subjectWords = phrases.subject(subject)
        let total = AggregateLabels.total
        func row(_ disadvantage: String) -> PublishedProgressRecord? {
            rows.first { $0.disadvantage == disadvantage && $0.sex == total && $0.band == total }
        }
        var parts: [String] = []
        if let all = row(total), all.withPriorCount == .number(0) {
            let pupils = all.pupilCount.number.map { "none of the \(Self.countText($0)) pupils" } ?? "no pupil"
            return "\(capitalisingFirstLetter(subjectWords)): \(pupils) had KS1 results in reading, writing and maths "
                + "(KS1 in 2020 and 2021 was not assessed, or the results are not in the data), so no progress can be "
                + "measured."
        }
        if let all = row(total) {
            if let judged = all.withPriorCount.number, let count = all.notProgressingCount.number,
               let percent = all.notProgressingPercent.number {
                parts.append(
                    "\(capitalisingFirstLetter(subjectWords)): of the \(Self.countText(judged)) pupils with KS1 "
                        + "results, \(Self.countText(count)) (\(DisplayFormat.number(percent, places: 0))%) "
                        + "\(count == 1 ? "was" : "were") not progressing.")
            } else {
                let symbol = all.notProgressingCount.symbol ?? all.withPriorCount.symbol ?? all.notProgressingPercent.symbol
                    ?? .notAvailable
                parts.append(
                    "\(capitalisingFirstLetter(subjectWords)): the number of pupils not progressing is "
                        + "\(GapSentenceWriter.notPublishedReason(symbol)).")
            }
        }
        let disadvantagedLabel = AggregateLabels.disadvantageOrder[0], othersLabel = AggregateLabels.disadvantageOrder[1]
        if let disadvantaged = row(disadvantagedLabel), let others = row(othersLabel) {
            let group = phrases.group(disadvantagedLabel), comparison = phrases.group(othersLabel)
            let figures = [disadvantaged, others].map { record -> (Double, Double, Double)? in
                guard let judged = record.withPriorCount.number, let count = record.notProgressingCount.number,
                      let percent = record.notProgressingPercent.number else { return nil }
                return (judged, count, percent)
            }
            if let mine = figures[0], let theirs = figures[1] {
                parts.append(
                    "Of the \(Self.countText(mine.0)) \(group) with KS1 results, \(Self.countText(mine.1)) "
                        + "(\(DisplayFormat.number(mine.2, places: 0))%) \(mine.1 == 1 ? "was" : "were") not "
                        + "progressing, against \(Self.countText(theirs.1)) of the \(Self.countText(theirs.0)) "
                        + "\(comparison) (\(DisplayFormat.number(theirs.2, places: 0))%).")
            } else {
                let symbol = [disadvantaged, others].lazy.compactMap {
                    $0.notProgressingCount.symbol ?? $0.withPriorCount.symbol ?? $0.notProgressingPercent.symbol
                }.first ?? .notAvailable
                parts.append(
                    "The comparison of \(group) with \(comparison) is \(GapSentenceWriter.notPublishedReason(symbol)).")
            }
            if !levelsEra, let mine = disadvantaged.averageProgress.number, let theirs = others.averageProgress.number {
                parts.append(
                    "\(capitalisingFirstLetter(possessive(group))) average progress score in \(subjectWords) was "
                        + "\(DisplayFormat.number(mine, places: 1, signed: true)), against "
                        + "\(DisplayFormat.number(theirs, places: 1, signed: true)) for \(comparison).")
            }
        }
        return parts.joined(separator: " ")
    }

    /// A published count in words ("12"): counts are whole numbers.
    static func countText(_ count: Double) -> String { DisplayFormat.number(count, places: 0) }
}
