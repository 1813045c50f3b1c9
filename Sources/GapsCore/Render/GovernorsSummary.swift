import Foundation

/// The governors' summary (`schools/<urn>-governors.html`): the latest year on at most two printed A4 pages.
///
/// Its length is bounded by construction, whatever the school: five rows of headline figures, the sentences for
/// reading, writing and maths plus at most `governorsExtraSubjectSentences` subjects per comparison (those whose
/// interval excludes zero) and no more than `governorsMaxSentences` in all, one chart of the expected-standard gaps
/// within the school with its short table, three notes and a one-paragraph footer. The browser test prints it and checks the page count.
extension PageBuilder {
    /// Subjects other than reading, writing and maths stated per comparison, when their interval excludes zero.
    static let governorsExtraSubjectSentences = 2
    /// All the sentences the summary states: room for reading, writing and maths in four comparisons (two
    /// breakdowns, within the school and against national figures) less one: the trend chart needs the room.
    static let governorsMaxSentences = 3

    /// Shorter rows than the pack's charts, so that the one chart leaves room on two pages.
    static let governorsChartLayout = GapChartLayout(rowHeight: 18, subjectHeadingHeight: 16)

    func governorsPage(_ school: SchoolIdentity) -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let place = AggregatePlace.school(urn: school.urn)
        let latest = periods.first { hasData(place, $0) }

        var sections: [SectionView] = []
        let secondarySections = secondaryGovernorsSections(school, compact: true, state: state)
        if let latest {
            sections.append(summaryFiguresSection(school, period: latest, state: state))
            // The chart comes before the sentences: it cannot break across pages, and sentences can, so in this
            // order the second page fills without a half-empty first page.
            sections.append(summaryChartSection(school, period: latest, state: state))
            let groups = Self.trimmed(
                findingGroups(at: place, period: latest, keep: Self.governorsSentences), to: Self.governorsMaxSentences)
            sections.append(SectionView(
                sectionID: "findings", sectionHeading: "What the figures say", bodyTemplate: "section-findings",
                body: FindingsSectionBody(
                    findingsIntro: "Reading, writing and maths first, then a subject whose gap is unlikely to be "
                        + "chance. The evidence pack has every subject.",
                    findingGroups: groups, hasFindings: !groups.isEmpty,
                    noFindingsText: "No gaps in reaching the expected standard are published for \(periodLabel(latest)).")))
            // An all-through school's KS4 part takes the room of the trend, which its pack still shows: two pages.
            if secondarySections.isEmpty, let trend = governorsTrendSection(school, state: state) { sections.append(trend) }
        }
        sections += secondarySections
        sections.append(aboutSection(brief: true))

        let yearText = latest.map(periodLabel) ?? "no year"
        let view = DocumentView(
            pageTitle: "\(school.name): summary for governors",
            documentClass: "governors",
            heading: "\(school.name): summary for governors",
            backLink: LinkView(href: school.packFileName, text: "Full evidence pack"),
            details: ["URN \(school.urn)", "Key stage 2, \(yearText)"],
            hasDetails: true,
            ledeText: nil,
            relatedLinks: [], hasRelatedLinks: false,
            printHeader: PrintHeaderView(left: "\(school.name): summary for governors", right: printDateText),
            sections: sections,
            hasContents: false,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: [footer(periods: latest.map { [$0] } ?? []).joined(separator: " ")])
        return (view, state.tableRows)
    }

    /// The comparators a governors' summary speaks of: within the school, and the DfE's headline national one.
    /// Others (the LA, national pupils of the same group) stay in the full evidence pack, to keep two pages.
    static let governorsComparators: Set<String> = [AggregateLabels.withinSchool, AggregateLabels.nationalOtherPupils]

    /// Reading, writing and maths, then the first few other subjects whose interval excludes zero, for the
    /// governors' comparators only.
    static func governorsSentences(_ records: [GapRecord]) -> [GapRecord] {
        let records = records.filter { governorsComparators.contains($0.comparator) }
        let headline = records.filter { $0.subject == AggregateLabels.readingWritingMaths }
        let others = records.filter { record in
            guard record.subject != AggregateLabels.readingWritingMaths,
                  let lower = record.gapLower.number, let upper = record.gapUpper.number
            else { return false }
            return lower > 0 || upper < 0
        }
        return headline + others.prefix(governorsExtraSubjectSentences)
    }

    /// At most `limit` sentences: the last sentence of the longest group goes first, and a group's first sentence
    /// (reading, writing and maths) is never dropped.
    static func trimmed(_ groups: [FindingGroupView], to limit: Int) -> [FindingGroupView] {
        var sentences = groups.map(\.sentences)
        while sentences.reduce(0, { $0 + $1.count }) > limit {
            guard let longest = sentences.indices.filter({ sentences[$0].count > 1 })
                .max(by: { (sentences[$0].count, $0) < (sentences[$1].count, $1) })
            else { break }
            sentences[longest].removeLast()
        }
        return zip(groups, sentences).map { FindingGroupView(findingsHeading: $0.findingsHeading, sentences: $1) }
    }

    /// Pupils and the reading, writing and maths expected-standard rate for the school and the local authority:
    /// all pupils, disadvantaged and other pupils, boys and girls.
    private func summaryFiguresSection(_ school: SchoolIdentity, period: String, state: PageState) -> SectionView {
        func rwm(_ place: AggregatePlace) -> [AttainmentRecord] {
            (attainmentByPlace[place]?[period] ?? []).filter { $0.subject == AggregateLabels.readingWritingMaths }
        }
        let schoolRows = rwm(.school(urn: school.urn))
        let authorityRows = school.laCode.isEmpty ? [] : rwm(.localAuthority(code: school.laCode))
        let groups: [(label: String, match: (AttainmentRecord) -> Bool)] = [
            ("All pupils", { $0.headlineBreakdown == .allPupils }),
        ] + AggregateLabels.disadvantageOrder.map { group in
            (capitalisingFirstLetter(phrases.group(group)), { $0.headlineBreakdown == .disadvantage && $0.disadvantage == group })
        } + AggregateLabels.sexOrder.map { group in
            (capitalisingFirstLetter(phrases.group(group)), { $0.headlineBreakdown == .sex && $0.sex == group })
        }
        let missing = PublishedValue.symbol(.notAvailable)
        let rows = groups.map { group -> SummaryFigureRowView in
            let here = schoolRows.first(where: group.match)
            let authority = authorityRows.first(where: group.match)
            state.tableRows += 1
            return SummaryFigureRowView(label: group.label, cells: [
                state.cell(here?.pupilCount ?? missing, places: 0),
                state.cell(here?.expectedPercent ?? missing, places: 0),
                state.cell(authority?.expectedPercent ?? missing, places: 0),
            ])
        }
        let authorityName = school.laName.isEmpty ? "Local authority" : school.laName
        return SectionView(
            sectionID: "figures", sectionHeading: "Headline figures, \(periodLabel(period))",
            bodyTemplate: "section-summary-figures",
            body: SummaryFiguresSectionBody(
                figuresCaption: "Pupils reaching the expected standard in reading, writing and maths, "
                    + "\(periodLabel(period)): \(school.name) and \(authorityName)",
                figuresColumns: ["Pupils", "School: %", "\(authorityName): %"],
                figureRows: rows,
                figuresNote: "Local authority figures are for all its schools, for comparison."))
    }

    /// The one chart: gaps in reaching the expected standard within the school, every subject, with a short table.
    private func summaryChartSection(_ school: SchoolIdentity, period: String, state: PageState) -> SectionView {
        let records = (gapsByPlace[.school(urn: school.urn)]?[period] ?? []).filter {
            $0.indicator == AggregateLabels.expectedStandard && $0.comparator == AggregateLabels.withinSchool
        }
        // The set is built on a scratch page state: the summary shows only the gap, interval and significance
        // columns, so only their symbols belong in its key (not, say, the z of an effect size it leaves out).
        let scratch = PageState()
        let set = gapSets(records, name: school.name, period: period, state: scratch, layout: Self.governorsChartLayout).first
        for cell in set?.rows.flatMap(\.summaryCells) ?? [] {
            if let symbol = PublishedSymbol(rawValue: cell.text) { state.noteSymbol(symbol) }
        }
        state.tableRows += set?.rows.count ?? 0
        return SectionView(
            sectionID: "chart",
            sectionHeading: "Gaps in reaching the expected standard, \(phrases.comparatorShort(AggregateLabels.withinSchool))",
            bodyTemplate: "section-summary-chart",
            body: SummaryChartSectionBody(
                chartIntro: "Each gap is the first group's percentage minus the comparison group's, with its 95% "
                    + "confidence interval.",
                chartSet: set,
                noChartText: "No gaps within the school are published for \(periodLabel(period))."))
    }
}
