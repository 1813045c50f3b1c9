import Foundation

/// A school's self-evaluation evidence pack (`schools/<urn>.html`): what heads, governors and inspectors read to see
/// where the school's gaps are, how sure the figures are, and how they have moved.
extension PageBuilder {
    func schoolPage(_ school: SchoolIdentity) -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let place = AggregatePlace.school(urn: school.urn)
        let schoolPeriods = periods.filter { hasData(place, $0) }

        var sections: [SectionView] = []
        // The summary pack (the default) states fewer sentences, puts the latest year's headline gaps here and its
        // detailed tables in an appendix; the full pack has every year of both here (`PackDetail`).
        let summary = detail == .summary
        if let latest = schoolPeriods.first {
            sections.append(findingsSection(
                id: "findings", heading: "Key findings, \(periodLabel(latest))", at: place, period: latest,
                intro: summary ? Self.summaryFindingsIntro(periodLabel(latest))
                    : "The gaps in reaching the expected standard in \(periodLabel(latest)), in words. Each "
                    + "sentence names the group it compares with; the tables and charts below give every figure.",
                keep: summary ? Self.summarySentences : { $0 }))
        }
        if summary, let latest = schoolPeriods.first {
            sections.append(headlineGapsSection(
                id: "gaps", heading: "Gaps between groups", at: place, name: school.name, period: latest, state: state))
        } else {
            sections.append(attainmentSection(
                id: "attainment", heading: "Attainment", at: place, name: school.name, periods: schoolPeriods, state: state))
            sections.append(gapsSection(
                id: "gaps", heading: "Gaps between groups", at: place, name: school.name, periods: schoolPeriods,
                state: state))
        }
        if let characteristics = characteristicSection(
            id: "characteristics", heading: "Attainment by pupil characteristic", at: place, name: school.name,
            comparators: CharacteristicTopics.schoolComparators, state: state) {
            sections.append(characteristics)
        }
        sections.append(progressSection(at: place, name: school.name, state: state, latestOnly: summary))
        sections.append(entitlementSection(at: place, urn: school.urn, name: school.name, state: state, latestOnly: summary))
        sections += [
            trendsSection(
                id: "trends", heading: "Trends", at: place, name: school.name, comparator: AggregateLabels.withinSchool,
                state: state),
            gapIndexSection(
                id: "gap-index", heading: "Disadvantage gap index", at: place, name: school.name, keyStage: .ks2, state: state),
            trendsSection(
                id: "ks1-trends", heading: "Key stage 1: trends", at: place, name: school.name,
                comparator: AggregateLabels.withinSchool, keyStage: .ks1, state: state),
            distributionsSection(id: "distributions", heading: "Distributions by group", at: place, name: school.name, state: state),
            dataQualitySection(id: "data-quality", heading: "Data quality", at: place, name: school.name, state: state),
        ].compactMap { $0 }
        sections += secondarySections(school, state: state)
        sections.append(aboutSection())
        if summary, let latest = schoolPeriods.first {
            sections.append(detailedTablesSection(
                id: "appendix", heading: "Appendix: detailed tables, \(periodLabel(latest))", at: place,
                name: school.name, period: latest, state: state))
        }

        var details = ["URN \(school.urn)"]
        if !school.laestab.isEmpty { details.append("LAESTAB \(school.laestab)") }
        if !school.laName.isEmpty { details.append("Local authority: \(school.laName)") }
        let years = listInWords(schoolPeriods.sorted().map(periodLabel))
        let view = DocumentView(
            pageTitle: "\(school.name): self-evaluation evidence pack",
            documentClass: "pack",
            heading: school.name,
            backLink: LinkView(
                href: "../index.html",
                text: "Back to \(school.laName.isEmpty ? "local authority" : school.laName) overview"),
            details: details,
            hasDetails: !details.isEmpty,
            ledeText: "Self-evaluation evidence pack: attainment at the end of key stage 2 and the gaps between groups "
                + "of pupils, \(years).",
            relatedLinks: [LinkView(href: school.governorsFileName, text: "Governors' summary (two pages)")],
            hasRelatedLinks: true,
            printHeader: PrintHeaderView(left: "\(school.name): evidence pack", right: printDateText),
            sections: sections,
            hasContents: true,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: footer(periods: schoolPeriods))
        return (view, state.tableRows)
    }
}
