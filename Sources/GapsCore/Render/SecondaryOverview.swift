import Foundation

/// One secondary school's KS4 figures for the overview's table, in one year.
struct SecondarySnapshot {
    var school: SchoolIdentity
    /// Pupils at the end of KS4 (the Attainment 8 cohort).
    var pupils: PublishedValue
    var attainment8: PublishedValue
    var englishMathsGrade4Percent: PublishedValue
    var progress8: PublishedValue
    /// Disadvantaged pupils as a percentage of the cohort, from the two published counts.
    var disadvantagedPercent: PublishedValue
    /// The within-school disadvantage gap in Attainment 8, with its interval.
    var gap: PublishedValue
    var gapLower: PublishedValue
    var gapUpper: PublishedValue
}

/// A pre-rendered order or filter of the secondary schools table, like the primary one's (`SchoolTableView`), with
/// the KS4 column headings.
struct SecondarySchoolTableView {
    let viewID: String
    let viewHeading: String
    let tableCaption: String
    let tableColumns: [String]
    let schools: [SchoolListRowView]
    let hasSchools: Bool
}

struct SecondarySchoolsSectionBody {
    let schoolsIntro: String
    let orderLinks: [LinkView]
    let filterGroups: [FilterGroupView]
    let views: [SecondarySchoolTableView]
}

/// The overview's secondary schools table: every school with KS4 pupils in its latest KS4 year, with its KS4
/// headline figures, linked to its evidence pack and governors' summary, in the same pre-rendered orders and filters
/// as the primary table (anchors prefixed `ks4-`, so no script is needed and no anchor collides).
extension PageBuilder {
    struct SecondaryOrder {
        var id: String
        var linkText: String
        var heading: String
        var sorted: ([SecondarySnapshot]) -> [SecondarySnapshot]
    }

    /// Name, lowest Attainment 8 first, lowest Progress 8 first, largest Attainment 8 gap against disadvantaged
    /// pupils first, largest cohort first. A school whose figure is a symbol goes last, in name order.
    static var secondaryOrders: [SecondaryOrder] { [
        SecondaryOrder(id: "ks4-by-name", linkText: "name", heading: "Secondary schools by name", sorted: { $0 }),
        SecondaryOrder(
            id: "ks4-by-attainment8", linkText: "Attainment 8 (lowest first)",
            heading: "Secondary schools by Attainment 8, lowest first",
            sorted: { rankedSecondary($0, \.attainment8, ascending: true) }),
        SecondaryOrder(
            id: "ks4-by-progress8", linkText: "Progress 8 (lowest first)",
            heading: "Secondary schools by Progress 8, lowest first",
            sorted: { rankedSecondary($0, \.progress8, ascending: true) }),
        SecondaryOrder(
            id: "ks4-by-gap", linkText: "disadvantage gap (largest first)",
            heading: "Secondary schools by Attainment 8 disadvantage gap, largest gap against disadvantaged pupils first",
            sorted: { rankedSecondary($0, \.gap, ascending: true) }),
        SecondaryOrder(
            id: "ks4-by-size", linkText: "size (largest first)", heading: "Secondary schools by number of pupils, largest first",
            sorted: { rankedSecondary($0, \.pupils, ascending: false) }),
    ] }

    /// A stable sort by a published figure, symbols last (as `rankedByValue` for the primary table).
    static func rankedSecondary(
        _ snapshots: [SecondarySnapshot], _ value: KeyPath<SecondarySnapshot, PublishedValue>, ascending: Bool
    ) -> [SecondarySnapshot] {
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

    /// Seven figures, so that the table prints within an A4 page's width; Progress 8's significance is in the pack.
    static let secondaryTableColumns = [
        "Pupils", "Attainment 8", "English and maths grade 4+ %", "Progress 8", "Disadvantaged pupils %",
        "Attainment 8 gap, disadvantaged against others in the school (points)", "95% confidence interval",
    ]

    func secondarySnapshot(_ school: SchoolIdentity, period: String) -> SecondarySnapshot {
        let place = AggregatePlace.school(urn: school.urn)
        let records = secondary.attainmentByPlace[place]?[period] ?? []
        let missing = PublishedValue.symbol(.notAvailable)
        func record(_ measure: String, _ breakdown: PupilBreakdown, _ group: String) -> KS4AttainmentRecord? {
            records.first { $0.measure == measure && $0.breakdown == breakdown && $0.group == group }
        }
        let all = record(KS4Labels.attainment8, .allPupils, KS4Labels.topicTotal)
        let disadvantaged = record(KS4Labels.attainment8, .disadvantage, AggregateLabels.disadvantageOrder[0])
        let pupils = all?.pupilCount ?? missing
        let disadvantagedPercent: PublishedValue
        switch (disadvantaged?.pupilCount ?? missing, pupils) {
        case let (.number(count), .number(total)) where total > 0: disadvantagedPercent = .number(count / total * 100)
        case let (.symbol(symbol), _), let (_, .symbol(symbol)): disadvantagedPercent = .symbol(symbol)
        default: disadvantagedPercent = missing
        }
        let progress = secondary.progressByPlace[place]?[period]?.first {
            $0.measure == KS4Labels.progress8 && $0.breakdown == .allPupils
        }
        let gap = secondary.gapsByPlace[place]?[period]?.first {
            $0.subject == KS4Labels.attainment8 && $0.comparator == AggregateLabels.withinSchool
                && $0.group == AggregateLabels.disadvantageOrder[0]
        }
        return SecondarySnapshot(
            school: school, pupils: pupils, attainment8: all?.averageScore ?? missing,
            englishMathsGrade4Percent: record(KS4Labels.englishAndMaths, .allPupils, KS4Labels.topicTotal)?.expectedPercent ?? missing,
            progress8: progress?.averageScore ?? missing,
            disadvantagedPercent: disadvantagedPercent, gap: gap?.gap ?? missing, gapLower: gap?.gapLower ?? missing,
            gapUpper: gap?.gapUpper ?? missing)
    }

    private func secondaryRow(_ snapshot: SecondarySnapshot, state: PageState) -> SchoolListRowView {
        state.tableRows += 1
        return SchoolListRowView(
            name: snapshot.school.name, href: snapshot.school.pagePath, governorsHref: snapshot.school.governorsPath,
            urn: snapshot.school.urn,
            cells: [
                state.cell(snapshot.pupils, places: 0),
                state.cell(snapshot.attainment8, places: 1),
                state.cell(snapshot.englishMathsGrade4Percent, places: 0),
                state.cell(snapshot.progress8, places: 2, signed: true),
                state.cell(snapshot.disadvantagedPercent, places: 0),
                state.cell(snapshot.gap, places: 1, signed: true),
                state.intervalCell(lower: snapshot.gapLower, upper: snapshot.gapUpper, places: 1),
            ])
    }

    private func secondaryTable(
        id: String, heading: String, caption: String, _ snapshots: [SecondarySnapshot], state: PageState
    ) -> SecondarySchoolTableView {
        SecondarySchoolTableView(
            viewID: id, viewHeading: heading, tableCaption: caption, tableColumns: Self.secondaryTableColumns,
            schools: snapshots.map { secondaryRow($0, state: state) }, hasSchools: !snapshots.isEmpty)
    }

    /// `nil` when no school has KS4 rows. Each school is shown in its own latest KS4 year, which the caption names.
    func secondarySchoolsSection(placeName: String, state: PageState) -> SectionView? {
        let all = secondary.schools.compactMap { school -> SecondarySnapshot? in
            guard let period = secondary.periods(at: .school(urn: school.urn)).first else { return nil }
            return secondarySnapshot(school, period: period)
        }
        guard !all.isEmpty else { return nil }
        let latestYears = listInWords(Set(secondary.schools.compactMap {
            secondary.periods(at: .school(urn: $0.urn)).first
        }).sorted().map(periodLabel))
        var views = Self.secondaryOrders.map { order in
            secondaryTable(id: order.id, heading: order.heading, caption: "\(order.heading), \(latestYears)", order.sorted(all), state: state)
        }
        var filterGroups: [FilterGroupView] = []
        for filter in OverviewBands.Filter.allCases {
            let value: (SecondarySnapshot) -> Double? = filter == .size ? { $0.pupils.number } : { $0.disadvantagedPercent.number }
            let members = Dictionary(grouping: all) { bands.band(of: filter, for: value($0))?.id ?? "" }
            var links: [LinkView] = []
            for band in bands.bands(of: filter) {
                let inBand = members[band.id] ?? []
                if band.from == nil, inBand.isEmpty { continue }
                let id = "ks4-\(band.id)"
                let heading = "Secondary schools by \(filter.heading): \(band.label)"
                views.append(secondaryTable(id: id, heading: heading, caption: "\(heading), \(latestYears)", inBand, state: state))
                links.append(LinkView(href: "#\(id)", text: "\(band.label) (\(inBand.count))"))
            }
            filterGroups.append(FilterGroupView(filterHeading: filter.heading, filterLinks: links))
        }
        return SectionView(
            sectionID: "secondary-schools", sectionHeading: "Secondary schools, key stage 4, \(latestYears)",
            bodyTemplate: "section-secondary-schools",
            body: SecondarySchoolsSectionBody(
                schoolsIntro: "Every school in \(placeName) with pupils at the end of key stage 4, in its latest year: "
                    + "Attainment 8, English and maths at grade 4 or above, Progress 8 (0 is the national average) and "
                    + "the Attainment 8 gap between disadvantaged pupils and the school's other pupils. Each order and "
                    + "each filter below is a ready-made copy of the table: choose one to see it, no script needed.",
                orderLinks: Self.secondaryOrders.map { LinkView(href: "#\($0.id)", text: $0.linkText) },
                filterGroups: filterGroups, views: views))
    }
}
