import Foundation

/// The pages of a secondary school (`schools/<urn>.html`, `schools/<urn>-governors.html`) and the KS4 parts other
/// documents add: the governors' KS4 figures of an all-through school, and the overview's secondary schools table.
extension PageBuilder {
    /// Schools with KS4 rows and no KS2 rows: their pages are built here. Schools with both are in `schools` and
    /// their pack and summary add the KS4 sections.
    var secondaryOnlySchools: [SchoolIdentity] {
        let primary = Set(schools.map(\.urn))
        return secondary.schools.filter { !primary.contains($0.urn) }
    }

    /// The evidence pack of a school with KS4 pupils only.
    func secondaryPackPage(_ school: SchoolIdentity) -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let place = AggregatePlace.school(urn: school.urn)
        var sections = secondarySections(school, state: state)
        sections += [
            entitlementSection(at: place, urn: school.urn, name: school.name, state: state),
            dataQualitySection(id: "data-quality", heading: "Data quality", at: place, name: school.name, state: state),
            aboutSection(brief: true),
        ].compactMap { $0 }
        let periods = secondary.periods(at: place)
        var details = ["URN \(school.urn)"]
        if !school.laestab.isEmpty { details.append("LAESTAB \(school.laestab)") }
        if !school.laName.isEmpty { details.append("Local authority: \(school.laName)") }
        let view = DocumentView(
            pageTitle: "\(school.name): self-evaluation evidence pack",
            documentClass: "pack",
            heading: school.name,
            backLink: LinkView(
                href: "../index.html",
                text: "Back to \(school.laName.isEmpty ? "local authority" : school.laName) overview"),
            details: details, hasDetails: true,
            ledeText: "Self-evaluation evidence pack: attainment and progress at the end of key stage 4 and the gaps "
                + "between groups of pupils, \(listInWords(periods.sorted().map(periodLabel))).",
            relatedLinks: [LinkView(href: school.governorsFileName, text: "Governors' summary (two pages)")],
            hasRelatedLinks: true,
            printHeader: PrintHeaderView(left: "\(school.name): evidence pack", right: printDateText),
            sections: sections,
            hasContents: true,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: ks4Footer(periods: periods))
        return (view, state.tableRows)
    }

    /// The shared footer, with the rounding of Attainment 8 and Progress 8 added.
    private func ks4Footer(periods: [String]) -> [String] {
        footer(periods: periods) + [
            "Attainment 8 is rounded to one decimal place and Progress 8 to two, as the DfE shows them.",
        ]
    }

    /// The governors' summary of a school with KS4 pupils only: the latest year on at most two printed A4 pages.
    func secondaryGovernorsPage(_ school: SchoolIdentity) -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let latest = secondary.periods(at: .school(urn: school.urn)).first
        var sections = secondaryGovernorsSections(school, compact: false, state: state)
        sections.append(aboutSection(brief: true))
        let view = DocumentView(
            pageTitle: "\(school.name): summary for governors",
            documentClass: "governors",
            heading: "\(school.name): summary for governors",
            backLink: LinkView(href: school.packFileName, text: "Full evidence pack"),
            details: ["URN \(school.urn)", "Key stage 4, \(latest.map(periodLabel) ?? "no year")"],
            hasDetails: true,
            ledeText: nil,
            relatedLinks: [], hasRelatedLinks: false,
            printHeader: PrintHeaderView(left: "\(school.name): summary for governors", right: printDateText),
            sections: sections,
            hasContents: false,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: [ks4Footer(periods: latest.map { [$0] } ?? []).joined(separator: " ")])
        return (view, state.tableRows)
    }

    /// Sentences of the governors' KS4 findings: per comparator and group, English and maths and Attainment 8.
    static let governorsKS4Sentences = 6

    /// The KS4 part of a governors' summary: figures for the school and its LA, the chart of the grade 4 gaps within
    /// the school (left out when `compact`, for an all-through school whose summary already has its KS2 chart),
    /// and a few sentences. Empty when the school has no KS4 rows.
    func secondaryGovernorsSections(_ school: SchoolIdentity, compact: Bool, state: PageState) -> [SectionView] {
        let place = AggregatePlace.school(urn: school.urn)
        guard let period = secondary.periods(at: place).first else { return [] }
        var sections = [ks4SummaryFiguresSection(school, period: period, bySex: !compact, state: state)]
        if !compact {
            let scratch = PageState()
            let set = ks4GapSets(
                at: place, name: school.name, period: period, comparators: [AggregateLabels.withinSchool],
                indicators: [KS4Labels.grade4], state: scratch, layout: Self.governorsChartLayout).first
            // Only the columns the summary shows put their symbols in its key (as for the KS2 summary chart).
            for cell in set?.rows.flatMap(\.summaryCells) ?? [] {
                if let symbol = PublishedSymbol(rawValue: cell.text) { state.noteSymbol(symbol) }
            }
            state.tableRows += set?.rows.count ?? 0
            sections.append(SectionView(
                sectionID: "ks4-chart",
                sectionHeading: "Gaps in grade 4 or above, \(phrases.comparatorShort(AggregateLabels.withinSchool))",
                bodyTemplate: "section-summary-chart",
                body: SummaryChartSectionBody(
                    chartIntro: "Each gap is the group's percentage with grade 4 or above minus that of the school's "
                        + "other pupils, with its 95% confidence interval.",
                    chartSet: set,
                    noChartText: "No key stage 4 gaps within the school are published for \(periodLabel(period)).")))
        }
        // Compact: English and maths at grade 4 within the school, one sentence per group; otherwise the
        // governors' comparators (within the school, national other pupils), trimmed as the KS2 sentences are.
        var groups = compact
            ? ks4FindingGroups(
                at: place, period: period, comparators: [AggregateLabels.withinSchool], measures: [KS4Labels.englishAndMaths],
                limitPerGroup: 1)
            : Self.trimmed(
                ks4FindingGroups(
                    at: place, period: period, comparators: KS4Labels.comparatorOrder.filter(Self.governorsComparators.contains)),
                to: Self.governorsKS4Sentences)
        let progress = progress8Sentences(at: place, period: period).prefix(compact ? 1 : 2)
        if !progress.isEmpty {
            groups.append(FindingGroupView(
                findingsHeading: capitalisingFirstLetter(phrases.subject(KS4Labels.progress8)), sentences: Array(progress)))
        }
        sections.append(SectionView(
            sectionID: "ks4-findings", sectionHeading: compact ? "Key stage 4: what the figures say" : "What the figures say",
            bodyTemplate: "section-findings",
            body: FindingsSectionBody(
                findingsIntro: compact
                    ? "English and maths within the school, and Progress 8; the full evidence pack has the rest."
                    : "English and maths and Attainment 8 within the school and, where published, against national other "
                        + "pupils; then Progress 8. The full evidence pack has every measure and comparison.",
                findingGroups: groups, hasFindings: !groups.isEmpty,
                noFindingsText: "No key stage 4 gaps are published for \(periodLabel(period)).")))
        return sections
    }

    /// Pupils, Attainment 8, English and maths at grade 4+ for the school and its LA, and Progress 8: all pupils, by
    /// disadvantage and (unless an all-through school's compact part) by sex.
    private func ks4SummaryFiguresSection(
        _ school: SchoolIdentity, period: String, bySex: Bool, state: PageState
    ) -> SectionView {
        let schoolRows = secondary.attainmentByPlace[.school(urn: school.urn)]?[period] ?? []
        let authorityRows = school.laCode.isEmpty ? [] : secondary.attainmentByPlace[.localAuthority(code: school.laCode)]?[period] ?? []
        let progressRows = secondary.progressByPlace[.school(urn: school.urn)]?[period] ?? []
        let authorityName = school.laName.isEmpty ? "Local authority" : school.laName
        let groups: [(breakdown: PupilBreakdown, group: String)] = [(PupilBreakdown.allPupils, KS4Labels.topicTotal)]
            + AggregateLabels.disadvantageOrder.map { (PupilBreakdown.disadvantage, $0) }
            + (bySex ? AggregateLabels.sexOrder.map { (PupilBreakdown.sex, $0) } : [])
        let missing = PublishedValue.symbol(.notAvailable)
        func value(_ rows: [KS4AttainmentRecord], _ measure: String, _ breakdown: PupilBreakdown, _ group: String,
                   _ path: KeyPath<KS4AttainmentRecord, PublishedValue>) -> PublishedValue {
            rows.first { $0.measure == measure && $0.breakdown == breakdown && $0.group == group }?[keyPath: path] ?? missing
        }
        let rows = groups.map { breakdown, group -> SummaryFigureRowView in
            state.tableRows += 1
            let progress = progressRows.first {
                $0.measure == KS4Labels.progress8 && $0.breakdown == breakdown
                    && $0.group == (breakdown == .allPupils ? AggregateLabels.total : group)
            }
            return SummaryFigureRowView(
                label: group == KS4Labels.topicTotal ? Self.allPupilsLabel : capitalisingFirstLetter(phrases.group(group)),
                cells: [
                    state.cell(value(schoolRows, KS4Labels.attainment8, breakdown, group, \.pupilCount), places: 0),
                    state.cell(value(schoolRows, KS4Labels.attainment8, breakdown, group, \.averageScore), places: 1),
                    state.cell(value(authorityRows, KS4Labels.attainment8, breakdown, group, \.averageScore), places: 1),
                    state.cell(value(schoolRows, KS4Labels.englishAndMaths, breakdown, group, \.expectedPercent), places: 0),
                    state.cell(value(authorityRows, KS4Labels.englishAndMaths, breakdown, group, \.expectedPercent), places: 0),
                    state.cell(progress?.averageScore ?? missing, places: 2, signed: true),
                ])
        }
        return SectionView(
            sectionID: "ks4-figures", sectionHeading: "Key stage 4 figures, \(periodLabel(period))",
            bodyTemplate: "section-summary-figures",
            body: SummaryFiguresSectionBody(
                figuresCaption: "Attainment 8, English and maths at grade 4 or above, and Progress 8, "
                    + "\(periodLabel(period)): \(school.name) and \(authorityName)",
                figuresColumns: [
                    "Pupils", "Attainment 8: school", "Attainment 8: \(authorityName)", "English and maths 4+: school %",
                    "English and maths 4+: \(authorityName) %", "Progress 8: school",
                ],
                figureRows: rows,
                figuresNote: "Local authority figures are for all its schools, for comparison. Progress 8: 0 is the "
                    + "national average."))
    }
}
