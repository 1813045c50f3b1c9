import Foundation

/// "Attainment by pupil characteristic" (`attainment-by-characteristic.csv`, `gaps-by-characteristic.csv`): for
/// the most recent year of each key stage, one compact table per characteristic (ethnic group, SEN provision,
/// first language, FSM, sex by disadvantage) with the headline measures (`CharacteristicMeasure.headline`), each
/// group's pupils and result, and its gaps with their intervals and significance against the comparators of the
/// place (a school: the LA's other pupils and national other pupils; the LA: its other pupils and national other
/// pupils); and one sentence per characteristic naming the largest gap that is unlikely to be chance.
///
/// The wording is `phrases.csv`'s (kinds `characteristic`, `characteristic-group`, `measure`, `sentence`). As
/// everywhere, a sentence states a figure only when every figure it uses is published; a suppressed cell shows
/// its symbol, explained in the page's key.
extension PageBuilder {
    /// `nil` when the aggregate output has no "by characteristic" tables or none of their rows are for `place`.
    func characteristicSection(
        id: String, heading: String, at place: AggregatePlace, name: String, comparators: [String], state: PageState
    ) -> SectionView? {
        let attainment = characteristics.attainmentByPlace[place] ?? []
        let gaps = characteristics.gapsByPlace[place] ?? []
        guard !attainment.isEmpty || !gaps.isEmpty else { return nil }

        var sentences: [String] = []
        var figures: [ChartFigureView] = []
        for keyStage in CharacteristicMeasure.keyStages {
            let measures = CharacteristicMeasure.headline.filter { $0.keyStage == keyStage }
            let inStage = attainment.filter { $0.keyStage == keyStage && $0.topic != AggregateLabels.total }
            guard let period = inStage.map(\.timePeriod).max() else { continue }
            let stageGaps = gaps.filter {
                $0.measure.keyStage == keyStage && $0.timePeriod == period && comparators.contains($0.comparator)
            }
            // National columns only where the aggregate run was given national figures for this key stage.
            let shownComparators = comparators.filter { comparator in stageGaps.contains { $0.comparator == comparator } }
            var findings: [(topic: String, finding: CharacteristicFinding)] = []
            for topic in CharacteristicTopics.shown {
                let rows = inStage.filter { $0.topic == topic && $0.timePeriod == period }
                guard !rows.isEmpty else { continue }
                let topicGaps = stageGaps.filter { $0.topic == topic }
                // A table whose every result and gap is withheld says nothing a sentence cannot: it is left out and
                // the sentence gives the reason (the published files still have its rows).
                let anyFigure = rows.contains { record in
                    measures.contains { $0.measure == record.measure && record.value(for: $0).number != nil }
                } || topicGaps.contains { $0.gap.number != nil }
                if anyFigure {
                    figures.append(characteristicFigure(
                        topic: topic, keyStage: keyStage, period: period, name: name, measures: measures,
                        attainment: rows, gaps: topicGaps, comparators: shownComparators, state: state))
                }
                findings.append((topic, characteristicFinding(topic: topic, gaps: topicGaps, measures: measures)))
            }
            for sentence in characteristicSentences(findings) {
                sentences.append(keyStage == CharacteristicMeasure.keyStage2 ? sentence
                    : "At \(keyStageShort(keyStage)) (\(periodLabel(period))), " + sentence.prefix(1).lowercased()
                        + sentence.dropFirst())
            }
        }
        guard !figures.isEmpty || !sentences.isEmpty else { return nil }
        let comparatorWords = listInWords(comparators.map { phrases.comparatorShort($0) })
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-charts",
            body: ChartSectionBody(
                intro: "The headline measures for each group of pupils by ethnic group, special educational needs "
                    + "provision, first language, free school meals eligibility, and sex and disadvantage together, in "
                    + "the most recent year of each key stage. Each gap is the group's figure minus that of the pupils "
                    + "outside the group (\(comparatorWords)), with its 95% confidence interval; \u{201C}Yes\u{201D} "
                    + "means the interval excludes zero. Gaps are in percentage points for the expected standard and "
                    + "in scaled-score points for average scores. Groups are often small, so most intervals are wide, "
                    + "and groups with no pupils, and tables with every figure withheld, are left out. The published files attainment-by-characteristic.csv "
                    + "and gaps-by-characteristic.csv have every measure and group.",
                sentences: sentences, figures: figures))
    }

    /// "KS2" for "Key stage 2".
    private func keyStageShort(_ keyStage: String) -> String {
        keyStage.hasPrefix("Key stage ") ? "KS" + keyStage.dropFirst("Key stage ".count) : keyStage
    }

    /// One characteristic's table: a row group per measure, a row per group.
    private func characteristicFigure(
        topic: String, keyStage: String, period: String, name: String, measures: [CharacteristicMeasure],
        attainment: [CharacteristicAttainmentRecord], gaps: [CharacteristicGapRecord], comparators: [String],
        state: PageState
    ) -> ChartFigureView {
        let topicHeading = phrases.lookup(.characteristic, topic)?.short ?? topic
        var headings = ["Pupils", "% or average"]
        var textColumns: Set<String> = []
        for comparator in comparators {
            let short = phrases.lookup(.characteristicGroup, "Comparator|\(comparator)")?.short ?? comparator
            headings += ["\(short): gap", "\(short): 95% interval", "\(short): significant"]
            textColumns.insert("\(short): significant")
        }
        // A group with no pupils in any measure (an ethnic group the school does not have) is left out: its row
        // would be all x.
        let groups = orderedLabels(attainment.map(\.group) + gaps.map(\.group), preferred: []).filter { group in
            attainment.contains { $0.group == group && $0.pupilCount != .number(0) }
        }
        let missing = PublishedValue.symbol(.notAvailable)
        let rowGroups = measures.map { measure -> FigureRowGroupView in
            let places = measure.isPercentage ? 0 : 1
            let rows = groups.map { group -> FigureRowView in
                state.tableRows += 1
                let record = attainment.first { $0.measure == measure.measure && $0.group == group }
                var cells = [
                    state.cell(record?.pupilCount ?? missing, places: 0),
                    state.cell(record?.value(for: measure) ?? missing, places: places),
                ]
                for comparator in comparators {
                    let gap = gaps.first { $0.measure == measure && $0.group == group && $0.comparator == comparator }
                    cells += [
                        state.cell(gap?.gap ?? missing, places: places, signed: true),
                        state.intervalCell(lower: gap?.gapLower ?? missing, upper: gap?.gapUpper ?? missing, places: places),
                        state.textCell(gap?.significant ?? PublishedSymbol.notAvailable.rawValue),
                    ]
                }
                return FigureRowView(heading: group, cells: cells)
            }
            return FigureRowGroupView(
                rowGroupLabel: phrases.lookup(.measure, measure.phraseLabel)?.short ?? "\(measure.measure): \(measure.indicator)",
                groupSpan: headings.count + 1, groupRows: rows)
        }
        var table = FigureTableView(
            caption: "\(topicHeading): headline measures and gaps, \(keyStage.lowercased()), \(periodLabel(period)), \(name)",
            cornerHeading: "Group", columns: FigureTableView.columns(headings, textColumns: textColumns),
            rowGroups: rowGroups)
        table.figureTableClass = "characteristics"
        return ChartFigureView(
            id: state.makeID("characteristic"), heading: "\(topicHeading), \(keyStageShort(keyStage)) \(periodLabel(period))",
            isChart: false, svg: nil, table: table)
    }

    /// What the sentences say about one characteristic.
    enum CharacteristicFinding: Equatable {
        /// The sentence naming the largest significant gap.
        case largest(String)
        /// Gaps are published, none significant.
        case noSignificantGap
        /// No gap is published; the symbol says why.
        case nonePublished(PublishedSymbol)
    }

    /// One characteristic: the largest significant gap of the first measure (in table order) that has one, by size;
    /// or that none is significant; or that none is published and why. Measures are taken in order, not pooled,
    /// because percentage points and scaled-score points are not comparable sizes.
    func characteristicFinding(
        topic: String, gaps: [CharacteristicGapRecord], measures: [CharacteristicMeasure]
    ) -> CharacteristicFinding {
        for measure in measures {
            let statable = gaps.filter { $0.measure == measure && $0.statable }
            // The largest by size; on a tie, the first in table order.
            guard let largest = statable.enumerated().max(by: {
                (abs($0.element.gap.number ?? 0), -$0.offset) < (abs($1.element.gap.number ?? 0), -$1.offset)
            })?.element else { continue }
            let places = measure.isPercentage ? 0 : 1
            let unit = measure.isPercentage ? "%" : ""
            let gap = largest.gap.number ?? 0
            let rounded = DfERounding.roundHalfUp(gap, places: places)
            return .largest(sentencePattern("characteristic-largest-gap", [
                "characteristic": characteristicPhrase(topic),
                "group": characteristicGroupPhrase(topic: topic, group: largest.group),
                "measure": phrases.lookup(.measure, measure.phraseLabel)?.phrase
                    ?? "\(phrases.indicator(measure.indicator)) in \(phrases.subject(measure.measure))",
                "amount": sentences.amount(rounded, isPercentage: measure.isPercentage),
                "direction": gap < 0 ? "below" : "above",
                "comparison": characteristicComparison(largest.comparisonGroup, comparator: largest.comparator),
                "value": DisplayFormat.number(largest.groupValue.number ?? 0, places: places) + unit,
                "comparisonValue": DisplayFormat.number(largest.comparisonValue.number ?? 0, places: places) + unit,
                "interval": intervalText(
                    lower: largest.gapLower.number ?? 0, upper: largest.gapUpper.number ?? 0, places: places),
            ]))
        }
        if gaps.contains(where: { $0.gap.number != nil }) { return .noSignificantGap }
        return .nonePublished(gaps.lazy.compactMap { $0.gap.symbol }.first ?? .notAvailable)
    }

    /// The sentences for the characteristics of one key stage, in their order: each largest gap on its own, and the
    /// characteristics with nothing to state sharing one sentence per reason ("By first language and FSM
    /// eligibility, no published gap ..."), so that a small school's list is not five times the same words.
    func characteristicSentences(_ findings: [(topic: String, finding: CharacteristicFinding)]) -> [String] {
        var sentences: [String] = []
        var shared: [(finding: CharacteristicFinding, topics: [String])] = []
        for (topic, finding) in findings {
            if case let .largest(sentence) = finding {
                sentences.append(sentence)
            } else if let index = shared.firstIndex(where: { $0.finding == finding }) {
                shared[index].topics.append(topic)
            } else {
                shared.append((finding, [topic]))
            }
        }
        for (finding, topics) in shared {
            let characteristic = listInWords(topics.map(characteristicPhrase))
            switch finding {
            case .noSignificantGap:
                sentences.append(sentencePattern("characteristic-no-significant-gap", ["characteristic": characteristic]))
            case let .nonePublished(symbol):
                sentences.append(sentencePattern(
                    "characteristic-none-published",
                    ["characteristic": characteristic, "reason": GapSentenceWriter.notPublishedReason(symbol)]))
            case .largest:
                continue
            }
        }
        return sentences
    }

    /// "ethnic group": a characteristic after "by".
    private func characteristicPhrase(_ topic: String) -> String {
        phrases.lookup(.characteristic, topic)?.phrase ?? topic
    }

    /// A group as a plural noun phrase: the file's words for it in this characteristic, or "pupils recorded as X".
    private func characteristicGroupPhrase(topic: String, group: String) -> String {
        phrases.lookup(.characteristicGroup, "\(topic)|\(group)")?.phrase
            ?? sentencePattern("characteristic-group-fallback", ["label": group])
    }

    /// The comparison group with its comparator: "other pupils across the local authority", "national other pupils".
    private func characteristicComparison(_ comparisonGroup: String, comparator: String) -> String {
        guard let words = phrases.lookup(.characteristicGroup, "Comparison|\(comparisonGroup)")?.phrase else {
            return phrases.comparison(comparisonGroup, comparator: comparator)
        }
        guard let pattern = phrases.lookup(.comparator, comparator)?.phrase else {
            return "\(words) (comparator: \(comparator))"
        }
        return pattern.replacingOccurrences(of: SentencePhrases.comparisonPlaceholder, with: words)
    }

    /// The `sentence` pattern `name` of `phrases.csv` with each `{key}` replaced; a pattern the file lacks is named
    /// in brackets with its values, so that a missing row shows on the page rather than hiding a figure.
    func sentencePattern(_ name: String, _ values: [String: String]) -> String {
        guard let pattern = phrases.lookup(.sentence, name)?.phrase else {
            return "[\(name): " + values.keys.sorted().map { "\($0) \(values[$0] ?? "")" }.joined(separator: "; ") + "]"
        }
        return Self.filling(pattern, with: values)
    }

    /// One pass over `pattern`: a `{key}` with a value is replaced, anything else kept. Values are never scanned
    /// again, so a label that itself contains "{group}" stays as it is.
    static func filling(_ pattern: String, with values: [String: String]) -> String {
        var result = ""
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            if let value = values[key] {
                result += value
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
