import Foundation

/// How much of the evidence pack is printed in full (`gaps-render --detail`). **(ours)**
///
/// `summary` (the default) reads headline first (18 to 24 A4 pages for the demo, from 41): key findings; the gaps in
/// reaching the expected standard in the most recent year, charted, against every comparator; attainment by pupil
/// characteristic; progress and entitlement (with receiving support) in the most recent year (progress also in the
/// latest year with KS1 results when the most recent has none: `summaryProgressPeriods`); trends (every year's
/// disadvantage gap and rates, with intervals), distributions and data-quality notes; then an appendix of detailed
/// tables for the most recent year (attainment by subject and group, and the expected-standard gaps against the
/// same group nationally, as a table). `full` prints every year of every section, and the gaps in the higher
/// standard and average scores, each gap set with its chart, as packs did before: for a data manager who wants all
/// of it on paper. `summary` leaves earlier years' detailed tables to the trends section and to `full`; the
/// published CSV files have every figure either way.
public enum PackDetail: String, CaseIterable, Sendable {
    case summary
    case full
}

extension PageBuilder {
    /// The school's group against the same group nationally: in the summary pack's appendix, as a table.
    static let nationalSameGroup = "National same group"

    /// The summary pack's key findings: for each comparison, reading, writing and maths, then every other subject
    /// whose interval excludes zero (the governors' rule without its caps). The charts and tables beside them give
    /// every gap, significant or not.
    static func summarySentences(_ records: [GapRecord]) -> [GapRecord] {
        records.filter { record in
            if record.subject == AggregateLabels.readingWritingMaths { return true }
            guard let lower = record.gapLower.number, let upper = record.gapUpper.number else { return false }
            return lower > 0 || upper < 0
        }
    }

    static func summaryFindingsIntro(_ year: String) -> String {
        "The gaps in reaching the expected standard in \(year), in words: reading, writing and maths for each "
            + "comparison, and any other subject whose gap is unlikely to be chance. Each sentence names the group it "
            + "compares with; the charts and tables below give every figure."
    }

    /// The summary pack's gaps section: the most recent year's expected-standard gaps within the school and against
    /// national other pupils (the comparators of the DfE's and Ofsted's headline), charted.
    func headlineGapsSection(
        id: String, heading: String, at place: AggregatePlace, name: String, period: String, state: PageState
    ) -> SectionView {
        let records = (gapsByPlace[place]?[period] ?? []).filter {
            $0.indicator == AggregateLabels.expectedStandard && $0.comparator != Self.nationalSameGroup
        }
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
        // The expected standard against the same group nationally. The higher standard and average scores' gaps are
        // in the full pack and the CSV; their groups' figures are in the attainment tables here.
        let records = (gapsByPlace[place]?[period] ?? []).filter {
            $0.indicator == AggregateLabels.expectedStandard && $0.comparator == Self.nationalSameGroup
        }
        let sets = gapSets(records, name: name, period: period, state: state).map { set in
            var tableOnly = set
            tableOnly.tableOnly = true
            return tableOnly
        }
        return SectionView(
            sectionID: id, sectionHeading: heading, bodyTemplate: "section-detailed-tables",
            body: DetailedTablesSectionBody(
                detailIntro: "The detail behind the sections above for \(periodLabel(period)): attainment in each "
                    + "subject by group (expected and higher standard, average scaled score) and the gaps in reaching "
                    + "the expected standard against the same group nationally. Earlier years are in the trends "
                    + "section; the full pack (gaps-render --detail full) prints every year, and the gaps in the higher "
                    + "standard and average scores, in detail.",
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

extension ReportParameters {
    /// ", or with 1 or 2 pupils meeting a standard" for the default `minimumNumerator` of 3; empty when no
    /// numerator is withheld. For the "About these figures" point on suppression.
    var smallNumeratorClause: String {
        switch minimumNumerator {
        case ...1: return ""
        case 2: return ", or with 1 pupil meeting a standard"
        case 3: return ", or with 1 or 2 pupils meeting a standard"
        default: return ", or with 1 to \(minimumNumerator - 1) pupils meeting a standard"
        }
    }
}
