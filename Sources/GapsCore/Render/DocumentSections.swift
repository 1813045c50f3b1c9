import Foundation

/// The sections every kind of document shares: key findings in words, attainment tables, gaps, notes.
///
/// Each builder returns one `SectionView` for one concern. A document lists the sections it wants, so a concern
/// that arrives later (progress, entitlement and support, trends, distributions, data quality) is one more builder
/// here or in its own file, one more template, and one line in each document that shows it.
extension PageBuilder {
    /// The same gap (subject, indicator, groups, comparator) for the same place in the most recent earlier year.
    func previousGap(of record: GapRecord, at place: AggregatePlace) -> GapRecord? {
        guard let byPeriod = gapsByPlace[place] else { return nil }
        for period in periods where period < record.timePeriod {  // `periods` runs most recent first
            let match = byPeriod[period]?.first {
                $0.subject == record.subject && $0.indicator == record.indicator && $0.breakdown == record.breakdown
                    && $0.comparator == record.comparator && $0.group == record.group
                    && $0.comparisonGroup == record.comparisonGroup
            }
            if let match { return match }
        }
        return nil
    }

    /// The gaps in reaching the expected standard for a place and year, one group of sentences per breakdown and
    /// comparator, reading, writing and maths first. `keep` picks the gaps a document states (the governors'
    /// summary keeps fewer); it sees the gaps of one group in sentence order.
    func findingGroups(
        at place: AggregatePlace, period: String, keep: ([GapRecord]) -> [GapRecord] = { $0 }
    ) -> [FindingGroupView] {
        let records = (gapsByPlace[place]?[period] ?? []).filter { $0.indicator == AggregateLabels.expectedStandard }
        struct GroupKey: Hashable { var breakdown: String; var comparator: String; var group: String; var comparison: String }
        let byGroup = Dictionary(grouping: records) {
            GroupKey(breakdown: $0.breakdown, comparator: $0.comparator, group: $0.group, comparison: $0.comparisonGroup)
        }
        let keys = byGroup.keys.sorted {
            (rank("breakdown", $0.breakdown), rank("comparator", $0.comparator), $0.breakdown, $0.comparator, $0.group)
                < (rank("breakdown", $1.breakdown), rank("comparator", $1.comparator), $1.breakdown, $1.comparator, $1.group)
        }
        return keys.compactMap { key in
            let inOrder = (byGroup[key] ?? []).sorted { subjectOrderForSentences($0.subject) < subjectOrderForSentences($1.subject) }
            let kept = keep(inOrder)
            guard !kept.isEmpty else { return nil }
            return FindingGroupView(
                findingsHeading: capitalisingFirstLetter(phrases.group(key.group)) + " compared with "
                    + phrases.comparison(key.comparison, comparator: key.comparator),
                sentences: kept.map { sentences.sentence(for: $0, previous: previousGap(of: $0, at: place)) })
        }
    }

    /// Reading, writing and maths leads the sentences: it is the headline measure. The rest follow table order.
    private func subjectOrderForSentences(_ subject: String) -> (Int, Int, String) {
        subject == AggregateLabels.readingWritingMaths ? (0, 0, subject) : (1, rank("subject", subject), subject)
    }

    func findingsSection(
        id: String, heading: String, at place: AggregatePlace, period: String, intro: String,
        keep: ([GapRecord]) -> [GapRecord] = { $0 }
    ) -> SectionView {
        let groups = findingGroups(at: place, period: period, keep: keep)
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-findings",
            body: FindingsSectionBody(
                findingsIntro: intro, findingGroups: groups, hasFindings: !groups.isEmpty,
                noFindingsText: "No gaps in reaching the expected standard are published for \(periodLabel(period))."))
    }

    /// Headline tables for every year, most recent first.
    func attainmentSection(
        id: String, heading: String, at place: AggregatePlace, name: String, periods: [String], state: PageState
    ) -> SectionView {
        let years = periods.map { period in
            let tables = headlineTables(attainmentByPlace[place]?[period] ?? [], name: name, period: period, state: state)
            return AttainmentYearView(
                yearID: yearID(period, in: id), yearLabel: periodLabel(period), headlineTables: tables,
                hasHeadline: !tables.isEmpty)
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-attainment",
            body: AttainmentSectionBody(attainmentYears: years))
    }

    /// Gap charts and tables for every year, most recent first.
    func gapsSection(
        id: String, heading: String, at place: AggregatePlace, name: String, periods: [String], state: PageState
    ) -> SectionView {
        let years = periods.map { period in
            let sets = gapSets(gapsByPlace[place]?[period] ?? [], name: name, period: period, state: state)
            return GapsYearView(
                yearID: yearID(period, in: id), yearLabel: periodLabel(period), gapSets: sets, hasGaps: !sets.isEmpty)
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-gaps", body: GapsSectionBody(gapYears: years))
    }

    /// How to read the figures: what a gap, an interval and a suppressed cell mean, and the rules the sentences
    /// follow. `brief` keeps the three points a two-page summary has room for.
    func aboutSection(id: String = "about", brief: Bool = false) -> SectionView {
        let rules = sentences.rules
        var points = [
            "A gap is the first group's figure minus the comparison group's: a negative gap means the first group is "
                + "behind. Every figure names the group it is compared with.",
            "The 95% confidence interval is the range the true gap plausibly lies in, given how many pupils there "
                + "are. When it includes zero, the gap could be chance; small groups give wide intervals.",
            "Figures for groups of fewer than \(parameters.minimumDenominator) pupils\(parameters.smallNumeratorClause), "
                + "are suppressed (shown as c) and never stated in words, and so are other figures from which they "
                + "could be worked out.",
        ]
        if !brief {
            points += [
                "A sentence calls an interval wide when it reaches more than "
                    + "\(DisplayFormat.number(rules.wideHalfWidthPercentagePoints, places: 0)) percentage points "
                    + "(\(DisplayFormat.number(rules.wideHalfWidthScorePoints, places: 0)) scaled-score points for "
                    + "average scores) either side of the gap, and names the size of the smaller group.",
                "A change since an earlier year is the difference between the rounded gaps of the two years. It is "
                    + "not tested for significance: with groups this small a gap can move several points by chance.",
                "Disadvantaged pupils were eligible for free school meals at any point in the last six years, or are "
                    + "looked after; other pupils are those not known to be disadvantaged.",
            ]
        }
        return SectionView(
            sectionID: id, sectionHeading: "About these figures", bodyTemplate: "section-about",
            body: AboutSectionBody(aboutPoints: points))
    }

    /// "Figures of 2024-09-30": the right-hand running header of every printed page, the date the aggregate stage
    /// recorded (never the clock, so that rendering the same data twice gives the same pages).
    var printDateText: String {
        tables.generated.map { "Figures of \($0)" } ?? "Figures undated"
    }
}
