import Foundation

/// How much of the evidence pack is printed in full (`gaps-render --detail`). **(ours)**
///
/// `summary` (the default) reads headline first and prints on about a dozen A4 pages: key findings; the gaps in
/// reaching the expected standard in the most recent year, charted, against every comparator; attainment by pupil
/// characteristic; progress and entitlement (with receiving support) in the most recent year; trends (every year's
/// disadvantage gap and rates, with intervals), distributions and data-quality notes; then an appendix of detailed
/// tables for the most recent year (attainment by subject and group, and the higher-standard and average-score gaps
/// as tables without charts). `full` prints every year of every section, each gap set with its chart, as packs did
/// before: for a data manager who wants all of it on paper. Every figure of the published files is in them either
/// way; `summary` leaves earlier years' detailed tables to the trends section and to `full`.
public enum PackDetail: String, CaseIterable, Sendable {
    case summary
    case full
}

extension PageBuilder {
    /// The summary pack's gaps section: the most recent year's expected-standard gaps, every comparator charted.
    func headlineGapsSection(
        id: String, heading: String, at place: AggregatePlace, name: String, period: String, state: PageState
    ) -> SectionView {
        let records = (gapsByPlace[place]?[period] ?? []).filter { $0.indicator == AggregateLabels.expectedStandard }
        let sets = gapSets(records, name: name, period: period, state: state)
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-gaps",
            body: GapsSectionBody(gapYears: [GapsYearView(
                yearID: yearID(period, in: id), yearLabel: "Reaching the expected standard, \(periodLabel(period))",
                gapSets: sets, hasGaps: !sets.isEmpty)]))
    }

    /// The summary pack's appendix of detailed tables for the most recent year: attainment by subject and group,
    /// and the gaps on the other indicators (higher standard, average scaled score) as tables without charts.
    func detailedTablesSection(
        id: String, heading: String, at place: AggregatePlace, name: String, period: String, state: PageState
    ) -> SectionView {
        let attainment = headlineTables(attainmentByPlace[place]?[period] ?? [], name: name, period: period, state: state)
        // Charts are built and dropped: `gapSet` draws and tables in one pass, and the appendix wants tables only.
        let records = (gapsByPlace[place]?[period] ?? []).filter { $0.indicator != AggregateLabels.expectedStandard }
        let sets = gapSets(records, name: name, period: period, state: state).map { set in
            var tableOnly = set
            tableOnly.tableOnly = true
            return tableOnly
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-detailed-tables",
            body: DetailedTablesSectionBody(
                detailIntro: "Every figure behind the sections above for \(periodLabel(period)): attainment in each "
                    + "subject by group, and the gaps in reaching the higher standard and in average scaled scores. "
                    + "Earlier years are in the trends section; the full pack (gaps-render --detail full) prints "
                    + "every year in detail.",
                attainmentYears: [AttainmentYearView(
                    yearID: yearID(period, in: "\(id)-attainment"), yearLabel: "Attainment, \(periodLabel(period))",
                    headlineTables: attainment, hasHeadline: !attainment.isEmpty)],
                gapYears: sets.isEmpty ? [] : [GapsYearView(
                    yearID: yearID(period, in: "\(id)-gaps"), yearLabel: "Other gaps, \(periodLabel(period))",
                    gapSets: sets, hasGaps: true)]))
    }
}

/// The appendix of the summary pack (`section-detailed-tables.mustache`): an introduction, then the attainment
/// and gaps bodies' own views.
struct DetailedTablesSectionBody {
    let detailIntro: String
    let attainmentYears: [AttainmentYearView]
    let gapYears: [GapsYearView]
}
