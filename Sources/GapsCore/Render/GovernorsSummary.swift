import Foundation

/// The governors' summary (`schools/<urn>-governors.html`): the latest year on at most two printed A4 pages.
///
/// Its length is bounded by construction, whatever the school: five rows of headline figures, the sentences for
/// reading, writing and maths plus at most `extraSubjectSentences` subjects per comparison (those whose interval
/// excludes zero), one chart of the expected-standard gaps within the school with its short table, and three
/// notes. The browser test prints it and checks the page count.
extension PageBuilder {
    /// Subjects other than reading, writing and maths stated per comparison, when their interval excludes zero.
    static let governorsExtraSubjectSentences = 2

    func governorsPage(_ school: SchoolIdentity) -> (view: DocumentView, tableRows: Int) {
        let state = PageState()
        let place = AggregatePlace.school(urn: school.urn)
        let latest = periods.first { hasData(place, $0) }

        var sections: [SectionView] = []
        if let latest {
            sections.append(summaryFiguresSection(school, period: latest, state: state))
            sections.append(findingsSection(
                id: "findings", heading: "What the figures say", at: place, period: latest,
                intro: "Reading, writing and maths first; another subject only where its gap is unlikely to be chance.",
                keep: Self.governorsSentences))
            sections.append(summaryChartSection(school, period: latest, state: state))
        }
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
            footer: latest.map { footer(periods: [$0]) } ?? [])
        return (view, state.tableRows)
    }

    /// Reading, writing and maths, then the first few other subjects whose interval excludes zero.
    static func governorsSentences(_ records: [GapRecord]) -> [GapRecord] {
        let headline = records.filter { $0.subject == AggregateLabels.readingWritingMaths }
        let others = records.filter { record in
            guard record.subject != AggregateLabels.readingWritingMaths,
                  let lower = record.gapLower.number, let upper = record.gapUpper.number
            else { return false }
            return lower > 0 || upper < 0
        }
        return headline + others.prefix(governorsExtraSubjectSentences)
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
        let set = gapSets(records, name: school.name, period: period, state: state).first
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
