import Foundation

/// What one page has shown so far: the symbols to explain in its key, the ids handed out, the table rows written.
final class PageState {
    private(set) var symbolsUsed: Set<PublishedSymbol> = []
    /// The aggregate run's suppression thresholds, which the footnote to `c` states.
    let thresholds: ReportParameters
    private var nextID = 1
    var tableRows = 0

    /// A table cell for a published value: the symbol as it is, or the number rounded half-up.
    func cell(_ value: PublishedValue, places: Int, signed: Bool = false) -> CellView {
        if let symbol = value.symbol { symbolsUsed.insert(symbol) }
        return CellView(text: DisplayFormat.value(value, places: places, signed: signed), isSymbol: value.symbol != nil, isNumeric: true)
    }

    /// A text cell such as "Yes"; a symbol in a text column is still a symbol.
    func textCell(_ text: String) -> CellView {
        let symbol = PublishedSymbol(rawValue: text)
        if let symbol { symbolsUsed.insert(symbol) }
        return CellView(text: text, isSymbol: symbol != nil, isNumeric: false)
    }

    /// "-20 to 0", or the symbol that stands in for either end.
    func intervalCell(lower: PublishedValue, upper: PublishedValue, places: Int) -> CellView {
        if let symbol = lower.symbol ?? upper.symbol {
            return cell(.symbol(symbol), places: places)
        }
        return CellView(
            text: intervalText(lower: lower.number ?? 0, upper: upper.number ?? 0, places: places), isSymbol: false,
            isNumeric: true)
    }

    func noteSymbol(_ symbol: PublishedSymbol) { symbolsUsed.insert(symbol) }

    /// A page-unique id with a readable prefix.
    func makeID(_ prefix: String) -> String {
        defer { nextID += 1 }
        return "\(prefix)-\(nextID)"
    }

    /// The key to the symbols this page shows, in a fixed order.
    var symbolNotes: [String] {
        PublishedSymbol.allCases.filter(symbolsUsed.contains).map { $0.explanation(thresholds: thresholds) }
    }

    init(thresholds: ReportParameters = .defaults) {
        self.thresholds = thresholds
    }
}

func intervalText(lower: Double, upper: Double, places: Int) -> String {
    "\(DisplayFormat.number(lower, places: places)) to \(DisplayFormat.number(upper, places: places))"
}

/// The labels present in `values`: those in `preferred` first, in that order, then the rest in order of appearance.
func orderedLabels(_ values: some Sequence<String>, preferred: [String]) -> [String] {
    var seen = Set<String>()
    var inOrderOfAppearance: [String] = []
    for value in values where seen.insert(value).inserted { inOrderOfAppearance.append(value) }
    return preferred.filter(seen.contains) + inOrderOfAppearance.filter { !preferred.contains($0) }
}

/// "2022/23 and 2023/24", for the footer.
func listInWords(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
}

/// A school as its pages name it.
struct SchoolIdentity: Equatable {
    var urn: String
    var laestab: String
    var name: String
    var laName: String
    var laCode: String

    var pagePath: String { "schools/\(urn).html" }
    /// The governors' summary, beside the pack in `schools/` so both link back to the overview the same way.
    var governorsPath: String { "schools/\(governorsFileName)" }
    var governorsFileName: String { "\(urn)-governors.html" }
    var packFileName: String { "\(urn).html" }
}

/// A local authority that has figures of its own.
struct AuthorityIdentity: Equatable {
    var code: String
    var name: String
}

/// Turns the aggregate tables into the values each page template shows.
///
/// Every page is built from the same orderings (subjects, groups, indicators), worked out once over all the data,
/// so a school's tables line up with the local authority's and with each other's.
struct PageBuilder {
    let tables: AggregateTables
    let layout: GapChartLayout
    let schools: [SchoolIdentity]
    let authorities: [AuthorityIdentity]
    /// Every time period in the data, most recent first.
    let periods: [String]

    let phrases: SentencePhrases
    let bands: OverviewBands
    let sentences: GapSentenceWriter

    let attainmentByPlace: [AggregatePlace: [String: [AttainmentRecord]]]
    let gapsByPlace: [AggregatePlace: [String: [GapRecord]]]
    private let rank: [String: [String: Int]]
    /// Progress, entitlement and support figures (`PupilFigures`), set by the render stage when it has them.
    var pupilFigures = PupilFigures.empty
    /// Key stage 4 figures (`SecondaryFigures`), set by the render stage when the aggregate output has them.
    var secondary = SecondaryFigures.empty
    /// The aggregate run's suppression thresholds (`report-parameters.json`), set by the render stage.
    var parameters = ReportParameters.defaults
    /// KS1 and KS2 headline measures by pupil characteristic, set by the render stage when it has them.
    var characteristics = CharacteristicTables()
    /// How much of each evidence pack is printed in full (`PackDetail`), set by the render stage.
    var detail = PackDetail.summary

    init(
        tables: AggregateTables, layout: GapChartLayout, phrases: SentencePhrases, bands: OverviewBands,
        sentenceRules: GapSentenceRules = .standard
    ) throws {
        self.tables = tables
        self.layout = layout
        self.phrases = phrases
        self.bands = bands
        self.sentences = GapSentenceWriter(phrases: phrases, rules: sentenceRules)

        var attainmentByPlace: [AggregatePlace: [String: [AttainmentRecord]]] = [:]
        var seenAttainment: [String: SourceLocation] = [:]
        for record in tables.attainment {
            guard let place = record.geography.place else { continue }
            let key = [record.timePeriod, "\(place)", record.subject, record.sex, record.disadvantage, record.ethnicity]
                .joined(separator: "\u{1F}")
            if let first = seenAttainment[key] {
                throw GapsError.malformedInput(
                    record.location, message: "duplicate row: same year, place, subject and groups as line \(first.line ?? 0)")
            }
            seenAttainment[key] = record.location
            attainmentByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
        }
        var gapsByPlace: [AggregatePlace: [String: [GapRecord]]] = [:]
        var seenGaps: [String: SourceLocation] = [:]
        for record in tables.gaps {
            guard let place = record.geography.place else { continue }
            let key = [
                record.timePeriod, "\(place)", record.subject, record.indicator, record.breakdown, record.comparator,
                record.group, record.comparisonGroup,
            ].joined(separator: "\u{1F}")
            if let first = seenGaps[key] {
                throw GapsError.malformedInput(
                    record.location,
                    message: "duplicate row: same year, place, subject, indicator, groups and comparator as line \(first.line ?? 0)")
            }
            seenGaps[key] = record.location
            gapsByPlace[place, default: [:]][record.timePeriod, default: []].append(record)
        }
        self.attainmentByPlace = attainmentByPlace
        self.gapsByPlace = gapsByPlace

        func ranks(_ values: [String], preferred: [String]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: orderedLabels(values, preferred: preferred).enumerated().map { ($1, $0) })
        }
        let attainment = tables.attainment, gaps = tables.gaps
        rank = [
            "subject": ranks(attainment.map(\.subject) + gaps.map(\.subject), preferred: AggregateLabels.subjectOrder),
            "sex": ranks(attainment.map(\.sex), preferred: AggregateLabels.sexOrder),
            "disadvantage": ranks(attainment.map(\.disadvantage), preferred: AggregateLabels.disadvantageOrder),
            "ethnicity": ranks(attainment.map(\.ethnicity), preferred: []),
            "indicator": ranks(gaps.map(\.indicator), preferred: AggregateLabels.indicatorOrder),
            "breakdown": ranks(gaps.map(\.breakdown), preferred: AggregateLabels.breakdownOrder),
            "comparator": ranks(gaps.map(\.comparator), preferred: AggregateLabels.comparatorOrder),
        ]

        // A school's name and LA as given in its most recent rows (a school may be renamed between years).
        var latest: [String: (period: String, identity: SchoolIdentity)] = [:]
        var authorityNames: [String: String] = [:]
        let geographies = attainment.map { ($0.timePeriod, $0.geography) } + gaps.map { ($0.timePeriod, $0.geography) }
        for (period, geography) in geographies {
            switch geography.place {
            case let .school(urn):
                let identity = SchoolIdentity(
                    urn: urn, laestab: geography.schoolLAESTAB, name: geography.schoolName, laName: geography.laName,
                    laCode: geography.laCode)
                if let existing = latest[urn], existing.period >= period { continue }
                latest[urn] = (period, identity)
            case let .localAuthority(code):
                if authorityNames[code] == nil { authorityNames[code] = geography.laName }
            case nil:
                continue
            }
        }
        schools = latest.values.map(\.identity).sorted {
            ($0.name.lowercased(), $0.name, $0.urn) < ($1.name.lowercased(), $1.name, $1.urn)
        }
        authorities = authorityNames.map { AuthorityIdentity(code: $0.key, name: $0.value) }
            .sorted { ($0.name, $0.code) < ($1.name, $1.code) }
        periods = Set(geographies.map(\.0)).sorted(by: >)
    }

    func rank(_ kind: String, _ label: String) -> Int { rank[kind]?[label] ?? Int.max }

    // MARK: Parts

    func hasData(_ place: AggregatePlace, _ period: String) -> Bool {
        attainmentByPlace[place]?[period] != nil || gapsByPlace[place]?[period] != nil
    }

    func periodLabel(_ period: String) -> String { DisplayFormat.timePeriod(period) ?? period }
    /// The anchor of one year within a section ("gaps-202324"), unique on the page.
    func yearID(_ period: String, in section: String) -> String { "\(section)-\(period)" }

    func footer(periods: [String]) -> [String] {
        let generated = tables.generated.map { "generated on \($0)" } ?? "(the aggregate stage recorded no generation date)"
        return [
            "Figures for \(listInWords(periods.sorted().map(periodLabel))) from the attainment-gaps pipeline "
                + "(version \(GapsVersion.current)), aggregate stage output \(generated).",
            "Percentages are rounded to whole numbers and average scores to one decimal place, rounding halves up as "
                + "the DfE does. Gaps are worked out before rounding, so a gap can differ by one from the difference "
                + "of the rounded figures.",
        ]
    }

    /// One table per subject; rows for all pupils, then by sex, by disadvantage and by ethnicity.
    func headlineTables(_ records: [AttainmentRecord], name: String, period: String, state: PageState) -> [HeadlineTableView] {
        let bySubject = Dictionary(grouping: records, by: \.subject)
        return bySubject.keys.sorted { (rank("subject", $0), $0) < (rank("subject", $1), $1) }.map { subject in
            let rows = bySubject[subject] ?? []
            let byBreakdown = Dictionary(grouping: rows) { $0.headlineBreakdown ?? .allPupils }
            let groups = HeadlineBreakdown.allCases.compactMap { breakdown -> HeadlineRowGroupView? in
                guard let members = byBreakdown[breakdown] else { return nil }
                let rankKind: String
                switch breakdown {
                case .allPupils, .sex: rankKind = "sex"
                case .disadvantage: rankKind = "disadvantage"
                case .ethnicity: rankKind = "ethnicity"
                }
                let sorted = members.sorted {
                    (rank(rankKind, $0.headlineGroup), $0.headlineGroup) < (rank(rankKind, $1.headlineGroup), $1.headlineGroup)
                }
                return HeadlineRowGroupView(rowGroupHeading: breakdown.heading, rows: sorted.map { record in
                    state.tableRows += 1
                    return HeadlineRowView(label: record.headlineGroup, cells: [
                        state.cell(record.pupilCount, places: 0),
                        state.cell(record.expectedCount, places: 0),
                        state.cell(record.expectedPercent, places: 0),
                        state.cell(record.higherCount, places: 0),
                        state.cell(record.higherPercent, places: 0),
                        state.cell(record.averageScore, places: 1),
                    ])
                })
            }
            return HeadlineTableView(caption: "\(subject), \(periodLabel(period)): \(name)", groups: groups)
        }
    }

    /// One set per indicator and comparator, because their units and meanings differ and must not share an axis.
    func gapSets(
        _ records: [GapRecord], name: String, period: String, state: PageState, layout: GapChartLayout? = nil
    ) -> [GapSetView] {
        struct SetKey: Hashable { var indicator: String; var comparator: String }
        let bySet = Dictionary(grouping: records) { SetKey(indicator: $0.indicator, comparator: $0.comparator) }
        let keys = bySet.keys.sorted {
            (rank("indicator", $0.indicator), rank("comparator", $0.comparator), $0.indicator, $0.comparator)
                < (rank("indicator", $1.indicator), rank("comparator", $1.comparator), $1.indicator, $1.comparator)
        }
        return keys.map { key in
            let rows = (bySet[key] ?? []).sorted {
                (rank("subject", $0.subject), rank("breakdown", $0.breakdown), $0.group, $0.comparisonGroup)
                    < (rank("subject", $1.subject), rank("breakdown", $1.breakdown), $1.group, $1.comparisonGroup)
            }
            return gapSet(
                rows, indicator: key.indicator, comparator: key.comparator, name: name, period: period, state: state,
                layout: layout ?? self.layout)
        }
    }

    func gapSet(
        _ rows: [GapRecord], indicator: String, comparator: String, name: String, period: String, state: PageState,
        layout: GapChartLayout
    ) -> GapSetView {
        let isPercentage = AggregateLabels.percentageIndicators.contains(indicator)
        let places = isPercentage ? 0 : 1
        let unit = isPercentage ? "percentage points" : "points"
        let comparatorWords = phrases.comparatorShort(comparator)
        let setTitle = "\(indicator) gaps \(comparatorWords), \(periodLabel(period)): \(name)"
        let setID = state.makeID("gaps-\(period)")

        var groups: [GapChartGroup] = []
        var notDrawn: [String] = []
        var legendByBreakdown: [String: LegendEntryView] = [:]
        for record in rows {
            guard let interval = record.drawableInterval else {
                let symbol = record.gap.symbol ?? record.gapLower.symbol ?? record.gapUpper.symbol ?? .notAvailable
                state.noteSymbol(symbol)
                notDrawn.append(
                    "\(record.subject), \(phrases.gapLabel(group: record.group, comparisonGroup: record.comparisonGroup)): "
                        + "\(symbol.shortName) (\(symbol.rawValue))")
                continue
            }
            let colour = breakdownColour(record.breakdown)
            if legendByBreakdown[record.breakdown] == nil {
                legendByBreakdown[record.breakdown] = LegendEntryView(
                    colour: colour,
                    label: "\(phrases.gapLabel(group: record.group, comparisonGroup: record.comparisonGroup)): "
                        + "\(phrases.group(record.group)) minus \(phrases.comparison(record.comparisonGroup, comparator: comparator))")
            }
            let point = GapChartPoint(
                label: phrases.gapLabel(group: record.group, comparisonGroup: record.comparisonGroup), gap: interval.gap, lower: interval.lower, upper: interval.upper,
                significant: record.significant == "Yes", colour: colour,
                valueText: "\(DisplayFormat.number(interval.gap, places: places, signed: true)) "
                    + "(\(intervalText(lower: interval.lower, upper: interval.upper, places: places)))")
            if groups.last?.heading == record.subject {
                groups[groups.count - 1].points.append(point)
            } else {
                groups.append(GapChartGroup(heading: record.subject, points: [point]))
            }
        }
        let legend = legendByBreakdown.keys.sorted { (rank("breakdown", $0), $0) < (rank("breakdown", $1), $1) }
            .compactMap { legendByBreakdown[$0] }

        let drawn = groups.reduce(0) { $0 + $1.points.count }
        var description = "Chart of \(drawn) gap\(drawn == 1 ? "" : "s") in \(unit) with 95% confidence intervals, "
            + "grouped by subject; each gap is the first group minus the comparison group."
        if !notDrawn.isEmpty {
            description += " \(notDrawn.count) not drawn because suppressed or not available."
        }
        description += " The table that follows gives the same numbers."
        let svg = drawn == 0 ? nil : GapChart.svg(
            id: state.makeID("chart-\(period)"), title: setTitle, description: description,
            axisTitle: "Gap in \(unit) (group minus comparison)", groups: groups, layout: layout)

        let methods = orderedLabels(
            rows.map(\.ciMethod).filter { !$0.isEmpty && PublishedSymbol(rawValue: $0) == nil }, preferred: [])
        let tableRows = rows.map { record -> GapRowView in
            state.tableRows += 1
            let gapCell = state.cell(record.gap, places: places, signed: true)
            let intervalCell = state.intervalCell(lower: record.gapLower, upper: record.gapUpper, places: places)
            let significantCell = state.textCell(record.significant)
            return GapRowView(
                subject: record.subject, comparison: "\(record.group) vs \(record.comparisonGroup)",
                groupsLabel: phrases.gapLabel(group: record.group, comparisonGroup: record.comparisonGroup),
                cells: [
                    state.cell(record.groupCount, places: 0),
                    state.cell(record.groupValue, places: places),
                    state.cell(record.comparisonCount, places: 0),
                    state.cell(record.comparisonValue, places: places),
                    gapCell, intervalCell, significantCell,
                    state.cell(record.effectSize, places: 2, signed: true),
                ],
                summaryCells: [gapCell, intervalCell, significantCell])
        }
        return GapSetView(
            id: setID,
            heading: "\(indicator), \(comparatorWords)",
            chartSVG: svg,
            figcaption: "Each point is a gap in \(unit), the first group minus the comparison group, and its whisker "
                + "the 95% confidence interval. Filled points are significant (the interval does not include zero); "
                + "open points are not. Points right of the zero line mean the first group is ahead.",
            legend: legend,
            notDrawn: notDrawn, hasNotDrawn: !notDrawn.isEmpty,
            tableCaption: "\(setTitle) (\(unit))",
            valueHeading: isPercentage ? "%" : "average",
            unit: unit,
            rows: tableRows,
            intervalMethodNote: methods.isEmpty ? nil : "Confidence intervals: \(methods.joined(separator: "; ")).")
    }

    /// The same colour for a breakdown on every chart of every page.
    private func breakdownColour(_ breakdown: String) -> String {
        let index = rank("breakdown", breakdown)
        return GapChart.palette[(index == Int.max ? 0 : index) % GapChart.palette.count]
    }
}
