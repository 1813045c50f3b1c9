import Foundation

/// The key stage 4 part of a school's evidence pack: findings in words, headline attainment, gaps with their
/// intervals, Progress 8 and its elements with the DfE's interval, trends and distributions, built from the KS4 rows
/// of the aggregate stage's published tables (`SecondaryFigures`). A secondary school's pack is these sections with
/// the entitlement and data-quality sections; an all-through school's pack has them after its KS2 sections.
extension PageBuilder {
    /// When a sentence calls an Attainment 8 gap's interval wide, in Attainment 8 points **(ours)**. Attainment 8 is
    /// on a 0-90 scale with a pupil-level SD of about 20 (DfE KS4 statistics), so two groups of about 40 pupils give
    /// a half-width of 1.96 x 20 x sqrt(2/40) = 8.8 points: as for KS2, the clause marks intervals wide even for a
    /// school. Percentage gaps keep the KS2 threshold (`GapSentenceRules`).
    static let attainment8WideHalfWidthPoints = 10.0

    /// The gap sentences of the KS4 pages: the pack's rules with the Attainment 8 threshold for averages.
    var ks4SentenceWriter: GapSentenceWriter {
        GapSentenceWriter(phrases: phrases, rules: GapSentenceRules(
            wideHalfWidthPercentagePoints: sentences.rules.wideHalfWidthPercentagePoints,
            wideHalfWidthScorePoints: Self.attainment8WideHalfWidthPoints))
    }

    /// Every KS4 section of a pack, or none when the school has no KS4 rows. Anchors start `ks4-`, so they never
    /// collide with the KS2 sections of an all-through school's pack.
    func secondarySections(_ school: SchoolIdentity, state: PageState) -> [SectionView] {
        let place = AggregatePlace.school(urn: school.urn)
        let periods = secondary.periods(at: place)
        guard let latest = periods.first else { return [] }
        var sections = [
            ks4FindingsSection(at: place, period: latest),
            ks4AttainmentSection(school, periods: periods, state: state),
            ks4GapsSection(at: place, name: school.name, periods: periods, state: state),
        ]
        sections += [
            ks4ProgressSection(at: place, name: school.name, periods: periods, state: state),
            ks4TrendsSection(at: place, name: school.name, periods: periods, state: state),
            trendsSection(
                id: "ks4-subject-trends", heading: "Key stage 4: trends by subject", at: place, name: school.name,
                comparator: AggregateLabels.withinSchool, keyStage: .ks4, state: state),
            ks4DistributionsSection(at: place, name: school.name, period: latest, state: state),
        ].compactMap { $0 }
        sections.append(ks4AboutSection())
        return sections
    }

    // MARK: Findings

    /// The KS4 gaps a document states in words, in sentence order: English and maths at grade 4 and 5, then
    /// Attainment 8, for disadvantaged pupils and boys, per comparator.
    func ks4FindingGroups(
        at place: AggregatePlace, period: String, comparators: [String] = KS4Labels.comparatorOrder,
        measures: [String] = [KS4Labels.englishAndMaths, KS4Labels.attainment8], limitPerGroup: Int = .max
    ) -> [FindingGroupView] {
        let records = (secondary.gapsByPlace[place]?[period] ?? []).filter {
            measures.contains($0.subject)
                && ($0.subject == KS4Labels.attainment8 ? $0.indicator == KS4Labels.averageScore
                    : $0.indicator != KS4Labels.averageScore)
        }
        let writer = ks4SentenceWriter
        var groups: [FindingGroupView] = []
        for comparator in comparators {
            for group in KS4Labels.gapGroups {
                let rows = records.filter { $0.comparator == comparator && $0.group == group }.sorted {
                    (measures.firstIndex(of: $0.subject) ?? .max, KS4Labels.indicatorOrder.firstIndex(of: $0.indicator) ?? .max)
                        < (measures.firstIndex(of: $1.subject) ?? .max, KS4Labels.indicatorOrder.firstIndex(of: $1.indicator) ?? .max)
                }
                guard let first = rows.first else { continue }
                groups.append(FindingGroupView(
                    findingsHeading: capitalisingFirstLetter(phrases.group(group)) + " compared with "
                        + phrases.comparison(first.comparisonGroup, comparator: comparator),
                    sentences: rows.prefix(limitPerGroup).map {
                        writer.sentence(for: $0, previous: previousKS4Gap(of: $0, at: place))
                    }))
            }
        }
        return groups
    }

    /// The same KS4 gap in the most recent earlier year that has it.
    func previousKS4Gap(of record: GapRecord, at place: AggregatePlace) -> GapRecord? {
        for period in secondary.periods(at: place) where period < record.timePeriod {
            let match = secondary.gapsByPlace[place]?[period]?.first {
                $0.subject == record.subject && $0.indicator == record.indicator && $0.breakdown == record.breakdown
                    && $0.comparator == record.comparator && $0.group == record.group
                    && $0.comparisonGroup == record.comparisonGroup
            }
            if let match { return match }
        }
        return nil
    }

    private func ks4FindingsSection(at place: AggregatePlace, period: String) -> SectionView {
        var groups = ks4FindingGroups(at: place, period: period)
        let progress = progress8Sentences(at: place, period: period)
        if !progress.isEmpty {
            groups.append(FindingGroupView(findingsHeading: capitalisingFirstLetter(phrases.subject(KS4Labels.progress8)), sentences: progress))
        }
        if let gapIndex = ks4GapIndexFindingGroup(at: place, period: period) { groups.append(gapIndex) }
        return SectionView(
            sectionID: "ks4-findings", sectionHeading: "Key stage 4: key findings, \(periodLabel(period))",
            bodyTemplate: "section-findings",
            body: FindingsSectionBody(
                findingsIntro: "The gaps at the end of key stage 4 in \(periodLabel(period)), in words: English and maths "
                    + "at grade 4 or above and grade 5 or above, and Attainment 8, then Progress 8 and the disadvantage "
                    + "gap index. Each sentence names "
                    + "the group it compares with; the tables and charts below give every figure.",
                findingGroups: groups, hasFindings: !groups.isEmpty,
                noFindingsText: "No key stage 4 gaps are published for \(periodLabel(period))."))
    }

    /// Progress 8 of all pupils, disadvantaged and other pupils, and the disadvantage gap within the school.
    func progress8Sentences(at place: AggregatePlace, period: String) -> [String] {
        let records = (secondary.progressByPlace[place]?[period] ?? []).filter { $0.measure == KS4Labels.progress8 }
        guard !records.isEmpty else { return [] }
        var sentences: [String] = []
        for group in [AggregateLabels.total] + AggregateLabels.disadvantageOrder {
            guard let record = records.first(where: { $0.group == group && $0.breakdown != .sex }) else { continue }
            sentences.append(progressSentence(record))
        }
        let gap = secondary.gapsByPlace[place]?[period]?.first {
            $0.subject == KS4Labels.progress8 && $0.comparator == AggregateLabels.withinSchool
                && $0.group == AggregateLabels.disadvantageOrder[0]
        }
        if let gap { sentences.append(progress8GapSentence(gap)) }
        return sentences
    }

    /// "Progress 8: disadvantaged pupils' average score was -1.13 (95% confidence interval -1.59 to -0.66),
    /// significantly below the national average ..." The significance wording is the phrase table's.
    func progressSentence(_ record: KS4ProgressRecord) -> String {
        let measure = capitalisingFirstLetter(phrases.subject(record.measure))
        let group = phrases.group(record.group == AggregateLabels.total ? Self.allPupilsLabel : record.group)
        guard let figures = record.drawableInterval else {
            let symbol = record.averageScore.symbol ?? record.lower.symbol ?? record.upper.symbol ?? .notAvailable
            return "\(measure): the average score of \(group) is \(GapSentenceWriter.notPublishedReason(symbol))."
        }
        var text = "\(measure): \(possessive(group)) average score was \(DisplayFormat.number(figures.score, places: 2)) "
            + "(95% confidence interval \(intervalText(lower: figures.lower, upper: figures.upper, places: 2)))"
        if PublishedSymbol(rawValue: record.significance) == nil, !record.significance.isEmpty {
            text += ", \(phrases.significance(record.significance))"
        }
        return text + "."
    }

    /// The Progress 8 gap in hundredths, as the DfE shows Progress 8 (the shared gap sentence rounds averages to
    /// tenths, which would call a gap of 0.04 "the same").
    func progress8GapSentence(_ record: GapRecord) -> String {
        let group = phrases.group(record.group)
        let comparison = phrases.comparison(record.comparisonGroup, comparator: record.comparator)
        guard let gap = record.gap.number, let mine = record.groupValue.number, let theirs = record.comparisonValue.number
        else {
            let symbol = record.gap.symbol ?? record.groupValue.symbol ?? record.comparisonValue.symbol ?? .notAvailable
            return "The Progress 8 gap between \(group) and \(comparison) is \(GapSentenceWriter.notPublishedReason(symbol))."
        }
        let rounded = DfERounding.roundHalfUp(gap, places: 2)
        var text = capitalisingFirstLetter(possessive(group)) + " average Progress 8 score was "
            + (rounded == 0 ? "the same as that of \(comparison) to two decimal places"
                : "\(DisplayFormat.number(abs(rounded), places: 2)) \(rounded < 0 ? "below" : "above") that of \(comparison)")
            + " (\(DisplayFormat.number(mine, places: 2)) against \(DisplayFormat.number(theirs, places: 2)))."
        if let lower = record.gapLower.number, let upper = record.gapUpper.number {
            text += " The 95% confidence interval of the gap runs from \(DisplayFormat.number(lower, places: 2)) to "
                + "\(DisplayFormat.number(upper, places: 2)), "
                + (lower > 0 || upper < 0 ? "so it excludes zero: a gap this size is unlikely to be chance alone."
                    : "so it includes zero: the gap could be chance.")
        }
        return text
    }

    /// The phrase table's label for the all-pupils row of a breakdown.
    static let allPupilsLabel = "All pupils"

    // MARK: Attainment

    /// A headline column: one KS4 measure's figure.
    struct KS4Column {
        var heading: String
        var measure: String
        var value: (KS4AttainmentRecord) -> PublishedValue
        var places: Int
    }

    /// Pupils, then English and maths at grades 4 and 5, English and maths on their own at grade 4, Attainment 8
    /// and Progress 8, then any other KS4 measure the file has (an EBacc measure), as a percentage when it has a
    /// threshold and an average otherwise.
    func ks4HeadlineColumns(_ records: [KS4AttainmentRecord]) -> [KS4Column] {
        let measures = orderedLabels(records.map(\.measure), preferred: KS4Labels.measureOrder)
        var columns: [KS4Column] = []
        for measure in measures {
            let rows = records.filter { $0.measure == measure }
            switch measure {
            case KS4Labels.englishAndMaths:
                columns.append(KS4Column(heading: "English and maths grade 4+: %", measure: measure, value: \.expectedPercent, places: 0))
                columns.append(KS4Column(heading: "English and maths grade 5+: %", measure: measure, value: \.higherPercent, places: 0))
            case KS4Labels.english, KS4Labels.maths:
                columns.append(KS4Column(heading: "\(measure) grade 4+: %", measure: measure, value: \.expectedPercent, places: 0))
            case KS4Labels.attainment8:
                columns.append(KS4Column(heading: "Attainment 8: average", measure: measure, value: \.averageScore, places: 1))
            case KS4Labels.progress8:
                columns.append(KS4Column(heading: "Progress 8: average", measure: measure, value: \.averageScore, places: 2))
            default:
                let hasThreshold = rows.contains { $0.expectedPercent != .symbol(.notApplicable) }
                columns.append(hasThreshold
                    ? KS4Column(heading: "\(measure): %", measure: measure, value: \.expectedPercent, places: 0)
                    : KS4Column(heading: "\(measure): average", measure: measure, value: \.averageScore, places: 1))
            }
        }
        return columns
    }

    /// Pupils at the end of KS4: the Attainment 8 cohort (every pupil with a KS4 result), else the first measure's.
    private func ks4Pupils(_ records: [KS4AttainmentRecord], group: String, breakdown: PupilBreakdown) -> PublishedValue {
        let matching = records.filter { $0.breakdown == breakdown && $0.group == group }
        return (matching.first { $0.measure == KS4Labels.attainment8 } ?? matching.first)?.pupilCount
            ?? .symbol(.notAvailable)
    }

    /// Rows of a headline table: all pupils, by disadvantage, by sex.
    private func ks4HeadlineRows(
        _ records: [KS4AttainmentRecord], columns: [KS4Column], breakdowns: [PupilBreakdown], labelPrefix: String = "",
        state: PageState
    ) -> [FigureRowGroupView] {
        breakdowns.map { breakdown in
            let groups: [String]
            switch breakdown {
            case .disadvantage: groups = AggregateLabels.disadvantageOrder
            case .sex: groups = AggregateLabels.sexOrder
            default: groups = [KS4Labels.topicTotal]
            }
            let rows = groups.map { group -> FigureRowView in
                state.tableRows += 1
                var cells = [state.cell(ks4Pupils(records, group: group, breakdown: breakdown), places: 0)]
                for column in columns {
                    let record = records.first { $0.measure == column.measure && $0.breakdown == breakdown && $0.group == group }
                    cells.append(state.cell(record.map(column.value) ?? .symbol(.notAvailable), places: column.places))
                }
                let label = group == KS4Labels.topicTotal ? Self.allPupilsLabel : group
                return FigureRowView(heading: labelPrefix + label, cells: cells)
            }
            return FigureRowGroupView(
                rowGroupLabel: breakdown == .allPupils ? nil : breakdown.heading, groupSpan: columns.count + 2,
                groupRows: rows)
        }
    }

    private func ks4AttainmentSection(_ school: SchoolIdentity, periods: [String], state: PageState) -> SectionView {
        let place = AggregatePlace.school(urn: school.urn)
        let authority = school.laCode.isEmpty ? nil : AggregatePlace.localAuthority(code: school.laCode)
        let authorityName = school.laName.isEmpty ? "the local authority" : school.laName
        let figures = periods.compactMap { period -> ChartFigureView? in
            let records = secondary.attainmentByPlace[place]?[period] ?? []
            guard !records.isEmpty else { return nil }
            let columns = ks4HeadlineColumns(records)
            var groups = ks4HeadlineRows(records, columns: columns, breakdowns: [.allPupils, .disadvantage, .sex], state: state)
            if let authority, let laRecords = secondary.attainmentByPlace[authority]?[period], !laRecords.isEmpty {
                var laGroups = ks4HeadlineRows(
                    laRecords, columns: columns, breakdowns: [.allPupils, .disadvantage], labelPrefix: "\(authorityName): ",
                    state: state)
                laGroups[0] = FigureRowGroupView(
                    rowGroupLabel: "\(authorityName), all its schools", groupSpan: columns.count + 2,
                    groupRows: laGroups.flatMap(\.groupRows))
                groups.append(laGroups[0])
            }
            return ChartFigureView(
                id: yearID(period, in: "ks4-attainment"), heading: periodLabel(period), isChart: false, svg: nil,
                table: FigureTableView(
                    caption: "Key stage 4 attainment, \(periodLabel(period)): \(school.name), with \(authorityName) for comparison",
                    cornerHeading: "Pupil group",
                    columns: FigureTableView.columns(["Pupils"] + columns.map(\.heading)), rowGroups: groups))
        }
        return SectionView(
            sectionID: "ks4-attainment", sectionHeading: "Key stage 4 attainment", bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "Pupils at the end of key stage 4 and the share reaching grade 4 or above (a standard pass) and "
                    + "grade 5 or above (a strong pass) in GCSE English and maths, their average Attainment 8 score "
                    + "(the best eight qualifications, 0 to 90) and Progress 8 score (0 is the national average). "
                    + "English counts the better of English language and literature.",
                figures: figures))
    }

    // MARK: Gaps

    /// The KS4 gap sets of one year: per comparator, grade 4+, grade 5+ and Attainment 8, each its own chart.
    func ks4GapSets(
        at place: AggregatePlace, name: String, period: String, comparators: [String] = KS4Labels.comparatorOrder,
        measures: [String] = KS4Labels.gapMeasureOrder, indicators: [String] = KS4Labels.indicatorOrder,
        state: PageState, layout: GapChartLayout? = nil
    ) -> [GapSetView] {
        let records = secondary.gapsByPlace[place]?[period] ?? []
        var sets: [GapSetView] = []
        // The comparators asked for, in page order; with the default, any other comparator the file has follows
        // (named as the file names it), so that a new comparison is shown, labelled, without a code change.
        let presentComparators = orderedLabels(records.map(\.comparator), preferred: KS4Labels.comparatorOrder).filter {
            comparators == KS4Labels.comparatorOrder || comparators.contains($0)
        }
        for comparator in presentComparators {
            for indicator in indicators {
                let rows = records.filter { record in
                    record.comparator == comparator && record.indicator == indicator && measures.contains(record.subject)
                        // Average grades in English and maths are on another scale than Attainment 8: the table
                        // of attainment gives them, the chart keeps one unit per axis.
                        && (indicator != KS4Labels.averageScore || record.subject == KS4Labels.attainment8)
                }.sorted {
                    (measures.firstIndex(of: $0.subject) ?? .max, rank("breakdown", $0.breakdown), $0.group)
                        < (measures.firstIndex(of: $1.subject) ?? .max, rank("breakdown", $1.breakdown), $1.group)
                }
                guard !rows.isEmpty else { continue }
                sets.append(gapSet(
                    rows, indicator: indicator == KS4Labels.averageScore ? "Attainment 8" : indicator,
                    comparator: comparator, name: name, period: period, state: state, layout: layout ?? self.layout))
            }
        }
        return sets
    }

    private func ks4GapsSection(at place: AggregatePlace, name: String, periods: [String], state: PageState) -> SectionView {
        let years = periods.map { period in
            let sets = ks4GapSets(at: place, name: name, period: period, state: state)
            return GapsYearView(
                yearID: yearID(period, in: "ks4-gaps"), yearLabel: periodLabel(period), gapSets: sets, hasGaps: !sets.isEmpty)
        }
        return SectionView(
            sectionID: "ks4-gaps", sectionHeading: "Key stage 4: gaps between groups", bodyTemplate: "section-gaps",
            body: GapsSectionBody(gapYears: years))
    }
}
