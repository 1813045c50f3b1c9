import Foundation

/// One school's figures for the overview's schools table, in one year.
struct SchoolSnapshot {
    var school: SchoolIdentity
    /// Pupils in the reading, writing and maths cohort.
    var pupils: PublishedValue
    var rwmExpectedPercent: PublishedValue
    /// Disadvantaged pupils as a percentage of the cohort, from the two published counts.
    var disadvantagedPercent: PublishedValue
    /// The within-school disadvantage gap in reaching the expected standard in reading, writing and maths.
    var gap: PublishedValue
    var gapLower: PublishedValue
    var gapUpper: PublishedValue
}

/// The local authority overview (`index.html`): every school on one page, in several pre-rendered orders and
/// filters (anchors, so no script is needed), then the authority's own findings, tables and gaps.
extension PageBuilder {
    /// An order of the schools table: anchor, heading, and how it sorts.
    struct SchoolOrder {
        var id: String
        var linkText: String
        var heading: String
        var sorted: ([SchoolSnapshot]) -> [SchoolSnapshot]
    }

    /// Name, lowest reading-writing-maths rate first, largest gap against disadvantaged pupils first, largest
    /// cohort first. A school whose figure is a symbol goes last, in name order: it has no place in the ranking.
    static var schoolOrders: [SchoolOrder] { [
        SchoolOrder(id: "by-name", linkText: "name", heading: "All schools by name", sorted: { $0 }),
        SchoolOrder(
            id: "by-rwm", linkText: "reading, writing and maths (lowest first)",
            heading: "All schools by reading, writing and maths expected standard, lowest first",
            sorted: { rankedByValue($0, \.rwmExpectedPercent, ascending: true) }),
        SchoolOrder(
            id: "by-gap", linkText: "disadvantage gap (largest first)",
            heading: "All schools by disadvantage gap, largest gap against disadvantaged pupils first",
            sorted: { rankedByValue($0, \.gap, ascending: true) }),
        SchoolOrder(
            id: "by-size", linkText: "size (largest first)", heading: "All schools by number of pupils, largest first",
            sorted: { rankedByValue($0, \.pupils, ascending: false) }),
    ] }

    /// A stable sort by a published figure; symbols last. `snapshots` arrive in name order, which breaks ties.
    static func rankedByValue(
        _ snapshots: [SchoolSnapshot], _ value: KeyPath<SchoolSnapshot, PublishedValue>, ascending: Bool
    ) -> [SchoolSnapshot] {
        let numbered = snapshots.enumerated().map { (position: $0.offset, snapshot: $0.element) }
        return numbered.sorted { a, b in
            switch (a.snapshot[keyPath: value].number, b.snapshot[keyPath: value].number) {
            case let (x?, y?): return x != y ? (ascending ? x < y : x > y) : a.position < b.position
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.position < b.position
            }
        }.map(\.snapshot)
    }

    func indexPage() -> (view: DocumentView, tableRows: Int) {
        let state = PageState(thresholds: parameters)
        let laNames = orderedLabels(authorities.map(\.name) + schools.map(\.laName), preferred: []).filter { !$0.isEmpty }
        let placeName = laNames.count == 1 ? laNames[0] : "\(laNames.count) local authorities"

        var sections: [SectionView] = []
        if let latest = periods.first {
            sections.append(schoolsSection(period: latest, placeName: placeName, state: state))
        }
        if let secondarySchools = secondarySchoolsSection(placeName: placeName, state: state) { sections.append(secondarySchools) }
        for (index, authority) in authorities.enumerated() {
            let place = AggregatePlace.localAuthority(code: authority.code)
            let suffix = authorities.count == 1 ? "" : "-\(index + 1)"
            let authorityPeriods = periods.filter { hasData(place, $0) }
            if let latest = authorityPeriods.first {
                sections.append(findingsSection(
                    id: "la-findings\(suffix)", heading: "\(authority.name): key findings, \(periodLabel(latest))",
                    at: place, period: latest,
                    intro: "The gaps across the local authority in reaching the expected standard, in words."))
            }
            sections.append(attainmentSection(
                id: "la-attainment\(suffix)", heading: "\(authority.name): attainment", at: place, name: authority.name,
                periods: authorityPeriods, state: state))
            sections.append(gapsSection(
                id: "la-gaps\(suffix)", heading: "\(authority.name): gaps between groups", at: place,
                name: authority.name, periods: authorityPeriods, state: state))
            sections += [
                characteristicSection(
                    id: "la-characteristics\(suffix)", heading: "\(authority.name): attainment by pupil characteristic",
                    at: place, name: authority.name, comparators: CharacteristicTopics.authorityComparators, state: state),
                lowAttainingSection(
                    id: "la-low-attaining\(suffix)",
                    heading: "\(authority.name): where the low-attaining disadvantaged pupils are", authority: authority,
                    state: state),
                buckingTheTrendSection(
                    id: "la-bucking\(suffix)", heading: "\(authority.name): schools that buck the trend",
                    authority: authority, state: state),
                trendsSection(
                    id: "la-trends\(suffix)", heading: "\(authority.name): trends", at: place, name: authority.name,
                    comparator: AggregateLabels.withinLocalAuthority, state: state),
                gapIndexSection(
                    id: "la-ks2-gap-index\(suffix)", heading: "\(authority.name): key stage 2 disadvantage gap index",
                    at: place, name: authority.name, keyStage: .ks2, state: state),
                trendsSection(
                    id: "la-ks1-trends\(suffix)", heading: "\(authority.name): key stage 1 trends", at: place,
                    name: authority.name, comparator: AggregateLabels.withinLocalAuthority, keyStage: .ks1, state: state),
                trendsSection(
                    id: "la-ks4-trends\(suffix)", heading: "\(authority.name): key stage 4 trends", at: place,
                    name: authority.name, comparator: AggregateLabels.withinLocalAuthority, keyStage: .ks4, state: state),
                gapIndexSection(
                    id: "la-ks4-gap-index\(suffix)", heading: "\(authority.name): key stage 4 disadvantage gap index",
                    at: place, name: authority.name, keyStage: .ks4, state: state),
                distributionsSection(
                    id: "la-distributions\(suffix)", heading: "\(authority.name): distributions by group", at: place,
                    name: authority.name, state: state),
                dataQualitySection(
                    id: "la-data-quality\(suffix)", heading: "\(authority.name): data quality", at: place,
                    name: authority.name, state: state),
            ].compactMap { $0 }
        }
        // Sections that plug in here as their aggregate outputs arrive: where the low-attaining disadvantaged
        // pupils are, schools that buck the trend, trends.
        if periods.count > 1 {
            sections.append(earlierSchoolsSection(periods: Array(periods.dropFirst()), placeName: placeName, state: state))
        }
        sections.append(aboutSection())

        let heading = "Attainment gaps: \(placeName)"
        let view = DocumentView(
            pageTitle: heading,
            documentClass: "overview",
            heading: heading,
            backLink: nil,
            details: [],
            hasDetails: false,
            ledeText: "Attainment of each school and pupil group at the end of key stage 2, and the gaps between groups "
                + "with their 95% confidence intervals. Each school has a self-evaluation evidence pack and a "
                + "two-page summary for governors.",
            relatedLinks: [], hasRelatedLinks: false,
            printHeader: PrintHeaderView(left: "\(placeName): attainment gaps overview", right: printDateText),
            sections: sections,
            hasContents: true,
            symbolNotes: state.symbolNotes, hasSymbolNotes: !state.symbolNotes.isEmpty,
            footer: footer(periods: periods))
        return (view, state.tableRows)
    }

    func snapshot(_ school: SchoolIdentity, period: String) -> SchoolSnapshot {
        let place = AggregatePlace.school(urn: school.urn)
        let rwm = (attainmentByPlace[place]?[period] ?? []).filter { $0.subject == AggregateLabels.readingWritingMaths }
        let all = rwm.first { $0.headlineBreakdown == .allPupils }
        let disadvantaged = rwm.first {
            $0.headlineBreakdown == .disadvantage && $0.disadvantage == AggregateLabels.disadvantageOrder[0]
        }
        let gap = gapsByPlace[place]?[period]?.first {
            $0.subject == AggregateLabels.readingWritingMaths && $0.indicator == AggregateLabels.expectedStandard
                && $0.breakdown == AggregateLabels.disadvantageBreakdown && $0.comparator == AggregateLabels.withinSchool
        }
        let missing = PublishedValue.symbol(.notAvailable)
        let pupils = all?.pupilCount ?? missing
        let disadvantagedPercent: PublishedValue
        switch (disadvantaged?.pupilCount ?? missing, pupils) {
        case let (.number(count), .number(total)) where total > 0:
            disadvantagedPercent = .number(count / total * 100)
        case let (.symbol(symbol), _), let (_, .symbol(symbol)):
            disadvantagedPercent = .symbol(symbol)
        default:
            disadvantagedPercent = missing
        }
        return SchoolSnapshot(
            school: school, pupils: pupils, rwmExpectedPercent: all?.expectedPercent ?? missing,
            disadvantagedPercent: disadvantagedPercent, gap: gap?.gap ?? missing, gapLower: gap?.gapLower ?? missing,
            gapUpper: gap?.gapUpper ?? missing)
    }

    /// A figure shows as x when the data lacks it.
    private func schoolRow(_ snapshot: SchoolSnapshot, state: PageState) -> SchoolListRowView {
        state.tableRows += 1
        return SchoolListRowView(
            name: snapshot.school.name, href: snapshot.school.pagePath, governorsHref: snapshot.school.governorsPath,
            urn: snapshot.school.urn,
            cells: [
                state.cell(snapshot.pupils, places: 0),
                state.cell(snapshot.rwmExpectedPercent, places: 0),
                state.cell(snapshot.disadvantagedPercent, places: 0),
                state.cell(snapshot.gap, places: 0, signed: true),
                state.intervalCell(lower: snapshot.gapLower, upper: snapshot.gapUpper, places: 0),
            ])
    }

    private func schoolTable(
        id: String, heading: String, caption: String, _ snapshots: [SchoolSnapshot], state: PageState
    ) -> SchoolTableView {
        SchoolTableView(
            viewID: id, viewHeading: heading, tableCaption: caption,
            schools: snapshots.map { schoolRow($0, state: state) }, hasSchools: !snapshots.isEmpty)
    }

    /// The latest year's schools table in every order and every band, each under its own anchor.
    private func schoolsSection(period: String, placeName: String, state: PageState) -> SectionView {
        let year = periodLabel(period)
        let snapshots = schools.filter { hasData(.school(urn: $0.urn), period) }.map { snapshot($0, period: period) }
        var views = Self.schoolOrders.map { order in
            schoolTable(
                id: order.id, heading: order.heading, caption: "\(order.heading), \(year)", order.sorted(snapshots),
                state: state)
        }
        var filterGroups: [FilterGroupView] = []
        for filter in OverviewBands.Filter.allCases {
            let value: (SchoolSnapshot) -> Double? = filter == .size ? { $0.pupils.number } : { $0.disadvantagedPercent.number }
            let members = Dictionary(grouping: snapshots) { bands.band(of: filter, for: value($0))?.id ?? "" }
            var links: [LinkView] = []
            for band in bands.bands(of: filter) {
                let inBand = members[band.id] ?? []
                // The band of unpublished figures appears only when some school is in it.
                if band.from == nil, inBand.isEmpty { continue }
                let heading = "Schools by \(filter.heading): \(band.label)"
                views.append(schoolTable(id: band.id, heading: heading, caption: "\(heading), \(year)", inBand, state: state))
                links.append(LinkView(href: "#\(band.id)", text: "\(band.label) (\(inBand.count))"))
            }
            filterGroups.append(FilterGroupView(filterHeading: filter.heading, filterLinks: links))
        }
        return SectionView(
            sectionID: "schools", sectionHeading: "Schools, \(year)", bodyTemplate: "section-schools",
            body: SchoolsSectionBody(
                schoolsIntro: "Every school in \(placeName) with figures for \(year). Each order and each filter below "
                    + "is a ready-made copy of the table: choose one to see it, no script needed.",
                orderLinks: Self.schoolOrders.map { LinkView(href: "#\($0.id)", text: $0.linkText) },
                filterGroups: filterGroups,
                views: views))
    }

    private func earlierSchoolsSection(periods: [String], placeName: String, state: PageState) -> SectionView {
        let tables = periods.map { period in
            let snapshots = schools.filter { hasData(.school(urn: $0.urn), period) }.map { snapshot($0, period: period) }
            return schoolTable(
                id: "schools-\(period)", heading: periodLabel(period),
                caption: "Schools in \(placeName), \(periodLabel(period)), by name", snapshots, state: state)
        }
        return SectionView(
            sectionID: "earlier-years", sectionHeading: "Schools in earlier years", bodyTemplate: "section-school-years",
            body: SchoolYearsSectionBody(yearTables: tables))
    }
}
