import Foundation

/// The evidence pack's "Pupils entitled to extra support" section: the 2020 Vision entitlements (a), (b), (c) from
/// `entitlement.csv`, per year and group, and, when a provision file was given, how many of the entitled pupils are
/// receiving support (`SupportCounts`: counts only, suppressed like the published ones).
extension PageBuilder {
    /// Entitlement labels in the order (a), (b), (c), any.
    static let entitlementOrder = Entitlement.allCases.map(\.rawValue) + [Entitlement.any]

    /// `latestOnly`: the most recent year with entitlement figures alone (the summary pack).
    func entitlementSection(
        at place: AggregatePlace, urn: String, name: String, state: PageState, latestOnly: Bool = false
    ) -> SectionView {
        let byPeriod = pupilFigures.entitlementByPlace[place] ?? [:]
        let allYears = byPeriod.keys.sorted(by: >).compactMap { period in
            entitlementYear(byPeriod[period] ?? [], urn: urn, name: name, period: period, state: state)
        }
        let years = Array(allYears.prefix(latestOnly ? 1 : Int.max))
        var intro = [
            "Under the 2020 Vision, a pupil is entitled to extra support when (a) they were below the expected "
                + "standard at KS1 in reading, writing or maths, (b) they are not progressing from KS1 to KS2 in "
                + "English or maths, or (c) they are not progressing from KS2 to KS4. Pupils judged are those with "
                + "the results to decide; a pupil can be entitled on more than one count, so \u{201C}any\u{201D} "
                + "counts each pupil once.",
        ]
        intro.append(pupilFigures.support.hasProvision
            ? "Receiving support counts the entitled pupils whose UPN is in the provision file given to this "
                + "report (any intervention). It is suppressed like the other figures."
            : "No provision file was given to this report, so it cannot say how many of these pupils are receiving "
                + "support.")
        let hasPlan = pupilFigures.listByURN[urn] != nil
        return SectionView(
            sectionID: "entitlement", sectionHeading: "Pupils entitled to extra support",
            bodyTemplate: "section-pupil-figures",
            body: PupilFiguresSectionBody(
                introParagraphs: intro, figureYears: years, hasFigureYears: !years.isEmpty,
                noFiguresText: "No entitlement figures were published for this school.",
                restrictedListNote: hasPlan
                    ? "A restricted list of these pupils, with the evidence for each and any intervention recorded, "
                        + "is available to the school from the local authority. It is not published and not linked "
                        + "from this page."
                    : nil))
    }

    /// `nil` when no entitlement applies to the school that year (nobody judged on any).
    private func entitlementYear(
        _ records: [PublishedEntitlementRecord], urn: String, name: String, period: String, state: PageState
    ) -> PupilFiguresYearView? {
        let total = AggregateLabels.total
        let entitlements = orderedLabels(records.map(\.entitlement), preferred: Self.entitlementOrder).filter { label in
            // An entitlement nobody at the school could be judged on (KS2 to KS4 at a primary) is left out.
            let all = records.first { $0.entitlement == label && $0.breakdown == .allPupils }
            return all?.judgedCount != .number(0)
        }
        guard !entitlements.isEmpty else { return nil }
        let showSupport = pupilFigures.support.hasProvision

        let numeric = { (text: String) in CountColumnView(columnText: text, columnClass: "num") }
        var columns = [
            CountColumnView(columnText: "Pupil group", columnClass: nil), numeric("Pupils"), numeric("Judged"),
            numeric("Entitled"), numeric("Entitled: %"),
        ]
        if showSupport { columns += [numeric("Receiving support"), numeric("Receiving support: % of entitled")] }

        var groups: [CountRowGroupView] = []
        var sentences: [String] = []
        for entitlement in entitlements {
            let rows = records.filter { $0.entitlement == entitlement }
            let rowFor = { (disadvantage: String, sex: String) in
                rows.first { $0.disadvantage == disadvantage && $0.sex == sex }
            }
            let support = { (record: PublishedEntitlementRecord) -> (count: PublishedValue, percent: PublishedValue) in
                let group: String, paired: PublishedEntitlementRecord?
                switch record.breakdown {
                case .disadvantage:
                    group = record.disadvantage
                    paired = AggregateLabels.disadvantageOrder.filter { $0 != group }.first.flatMap { rowFor($0, total) }
                case .sex:
                    group = record.sex
                    paired = AggregateLabels.sexOrder.filter { $0 != group }.first.flatMap { rowFor(total, $0) }
                default:
                    group = total
                    paired = nil
                }
                let key = SupportCounts.Key(urn: urn, period: period, entitlement: entitlement, group: group)
                return pupilFigures.support.published(
                    key, entitledCount: record.entitledCount,
                    pairedGroup: paired.map { $0.breakdown == .sex ? $0.sex : $0.disadvantage },
                    pairedEntitledCount: paired?.entitledCount, totalEntitledCount: rowFor(total, total)?.entitledCount)
            }
            let inGroup = pupilBreakdownGroups(
                rows, breakdown: \.breakdown,
                label: { record in
                    switch record.breakdown {
                    case .disadvantage: return record.disadvantage
                    case .sex: return record.sex
                    default: return "All pupils"
                    }
                },
                span: columns.count
            ) { record in
                state.tableRows += 1
                var cells = [
                    state.cell(record.pupilCount, places: 0), state.cell(record.judgedCount, places: 0),
                    state.cell(record.entitledCount, places: 0), state.cell(record.entitledPercent, places: 0),
                ]
                if showSupport {
                    let supported = support(record)
                    cells += [state.cell(supported.count, places: 0), state.cell(supported.percent, places: 0)]
                }
                return cells
            }
            // One table: each entitlement is a row group, its breakdowns' own headings folded into the labels.
            let heading = phrases.entitlementShort(entitlement)
            let rowsInOrder = inGroup.flatMap(\.countRows)
            groups.append(CountRowGroupView(countGroupHeading: heading, countGroupSpan: columns.count, countRows: rowsInOrder))
            sentences.append(entitlementSentence(
                entitlement, all: rowFor(total, total),
                disadvantaged: rowFor(AggregateLabels.disadvantageOrder[0], total),
                others: rowFor(AggregateLabels.disadvantageOrder[1], total),
                supported: rowFor(total, total).map(support)))
        }
        let table = CountTableView(
            countCaption: "Pupils entitled to extra support, \(periodLabel(period)): \(name)", countColumns: columns,
            countGroups: groups)
        return PupilFiguresYearView(
            yearID: yearID(period, in: "entitlement"), yearLabel: periodLabel(period), yearSentences: sentences,
            hasYearSentences: !sentences.isEmpty, countTables: [table], hasCountTables: true)
    }

    /// "(a) 12 of the 30 pupils judged (40%) were below the expected standard at KS1 ...; 8 of them are receiving
    /// support. Disadvantaged pupils: 7 of 10 (70%), against 5 of 20 other pupils (25%)."
    func entitlementSentence(
        _ entitlement: String, all: PublishedEntitlementRecord?, disadvantaged: PublishedEntitlementRecord?,
        others: PublishedEntitlementRecord?, supported: (count: PublishedValue, percent: PublishedValue)?
    ) -> String {
        let words = phrases.entitlement(entitlement)
        let lead = phrases.entitlementShort(entitlement)
        func figures(_ record: PublishedEntitlementRecord?) -> (judged: Double, entitled: Double, percent: Double)? {
            guard let record, let judged = record.judgedCount.number, let entitled = record.entitledCount.number,
                  let percent = record.entitledPercent.number else { return nil }
            return (judged, entitled, percent)
        }
        func reason(_ record: PublishedEntitlementRecord?) -> String {
            let symbol = record.flatMap { $0.entitledCount.symbol ?? $0.judgedCount.symbol ?? $0.entitledPercent.symbol }
            return GapSentenceWriter.notPublishedReason(symbol ?? .notAvailable)
        }
        var parts: [String] = []
        if let total = figures(all) {
            var sentence = "\(lead): \(Self.countText(total.entitled)) of the \(Self.countText(total.judged)) pupils "
                + "judged (\(DisplayFormat.number(total.percent, places: 0))%) \(total.entitled == 1 ? "was" : "were") \(words)"
            if let supported, total.entitled > 0 {
                if let count = supported.count.number {
                    sentence += "; \(Self.countText(count)) of them \(count == 1 ? "is" : "are") receiving support"
                } else if supported.count.symbol != .notAvailable, let symbol = supported.count.symbol {
                    sentence += "; the number receiving support is \(GapSentenceWriter.notPublishedReason(symbol))"
                }
            }
            parts.append(sentence + ".")
        } else {
            parts.append("\(lead): the number of pupils \(words) is \(reason(all)).")
        }
        if disadvantaged != nil || others != nil {
            let group = phrases.group(AggregateLabels.disadvantageOrder[0])
            let comparison = phrases.group(AggregateLabels.disadvantageOrder[1])
            if let mine = figures(disadvantaged), let theirs = figures(others) {
                parts.append(
                    "\(capitalisingFirstLetter(group)): \(Self.countText(mine.entitled)) of "
                        + "\(Self.countText(mine.judged)) (\(DisplayFormat.number(mine.percent, places: 0))%), against "
                        + "\(Self.countText(theirs.entitled)) of \(Self.countText(theirs.judged)) \(comparison) "
                        + "(\(DisplayFormat.number(theirs.percent, places: 0))%).")
            } else if figures(all) != nil {
                let missing = figures(disadvantaged) == nil ? disadvantaged : others
                parts.append("The comparison of \(group) with \(comparison) is \(reason(missing)).")
            }
        }
        return parts.joined(separator: " ")
    }
}
