/// The values the page templates show. Mustache reads stored properties by name through reflection, so these are
/// plain structs with stored properties only; every string is data text that the template escapes.
///
/// An optional that is `nil` counts as absent, and Mustache then looks the name up in the enclosing views: so every
/// optional here has a name no enclosing view uses (a nil `heading` would otherwise show the page's heading).

/// A table cell: numbers align right (`num`), and a symbol standing in for a number is set apart (`symbol`).
struct CellView {
    let text: String
    let cellClass: String?

    init(text: String, isSymbol: Bool, isNumeric: Bool) {
        self.text = text
        let classes = (isNumeric ? ["num"] : []) + (isSymbol ? ["symbol"] : [])
        cellClass = classes.isEmpty ? nil : classes.joined(separator: " ")
    }
}

struct LinkView {
    let href: String
    let text: String
}

struct HeadlineRowView {
    let label: String
    let cells: [CellView]
}

struct HeadlineRowGroupView {
    /// Row-group heading ("By sex"); `nil` for the all-pupils row.
    let rowGroupHeading: String?
    let rows: [HeadlineRowView]
}

struct HeadlineTableView {
    let caption: String
    let groups: [HeadlineRowGroupView]
}

struct LegendEntryView {
    let colour: String
    let label: String
}

struct GapRowView {
    let subject: String
    let comparison: String
    /// "Disadvantaged − others": the groups as the chart labels them.
    let groupsLabel: String
    let cells: [CellView]
    /// Gap, interval and significance only: the short table under the governors' chart.
    let summaryCells: [CellView]
}

/// One indicator under one comparator: a chart, what it could not draw, and the same numbers as a table.
struct GapSetView {
    let id: String
    let heading: String
    /// Generated, already-escaped SVG; `nil` when nothing in the set can be drawn.
    let chartSVG: String?
    let figcaption: String
    let legend: [LegendEntryView]
    let notDrawn: [String]
    let hasNotDrawn: Bool
    let tableCaption: String
    let valueHeading: String
    let unit: String
    let rows: [GapRowView]
    let intervalMethodNote: String?
    /// The table alone, without the chart and its "not drawn" list (the summary pack's appendix).
    var tableOnly = false
}

/// The running header of printed pages: CSS string literals for `@page` margin boxes, escaped by `CSSEscaping`
/// (the template inserts them raw, inside `<style>`, where HTML escaping would not work).
struct PrintHeaderView {
    let leftCSS: String
    let rightCSS: String

    init(left: String, right: String) {
        leftCSS = CSSEscaping.quotedString(left)
        rightCSS = CSSEscaping.quotedString(right)
    }
}

/// One section of a document, under its own `<h2>`: an anchor, a heading, and a body drawn by its own template.
///
/// A document is a list of sections, one per concern (key findings, attainment, gaps; later progress, entitlement,
/// trends, distributions, data quality), so a new concern plugs in as one more builder and one more template
/// (`section-<concern>.mustache`) without touching the others. The document template draws the body with
/// `{{#body}}{{>*bodyTemplate}}{{/body}}`. Headings inside a body start at `<h3>`.
struct SectionView {
    let sectionID: String
    let sectionHeading: String
    /// The template (file name without `.mustache`) that draws `body`.
    let bodyTemplate: String
    let body: Any
}

/// Every document (the overview, an evidence pack, a governors' summary) has the same frame: header, contents,
/// sections, the key to the symbols it used, footer.
struct DocumentView {
    let pageTitle: String
    /// `class` of `<body>`: lets the stylesheet set a document apart (the governors' summary is set tighter).
    let documentClass: String
    let heading: String
    let backLink: LinkView?
    /// Short facts under the heading ("URN 100001").
    let details: [String]
    let hasDetails: Bool
    let ledeText: String?
    /// Links at the top of the page to related documents (the full pack, the governors' summary).
    let relatedLinks: [LinkView]
    let hasRelatedLinks: Bool
    let printHeader: PrintHeaderView
    let sections: [SectionView]
    /// Whether to list the sections at the top (a two-page summary does without).
    let hasContents: Bool
    let symbolNotes: [String]
    let hasSymbolNotes: Bool
    let footer: [String]
    /// Set only on restricted pages (pupil-level data): a banner on screen and a marker on every printed page.
    var restrictedNotice: RestrictedNoticeView? = nil
}

// MARK: Section bodies

struct FindingGroupView {
    let findingsHeading: String
    let sentences: [String]
}

struct FindingsSectionBody {
    let findingsIntro: String
    let findingGroups: [FindingGroupView]
    let hasFindings: Bool
    let noFindingsText: String
}

struct AttainmentYearView {
    let yearID: String
    let yearLabel: String
    let headlineTables: [HeadlineTableView]
    let hasHeadline: Bool
}

struct AttainmentSectionBody {
    let attainmentYears: [AttainmentYearView]
}

struct GapsYearView {
    let yearID: String
    let yearLabel: String
    let gapSets: [GapSetView]
    let hasGaps: Bool
}

struct GapsSectionBody {
    let gapYears: [GapsYearView]
}

struct AboutSectionBody {
    let aboutPoints: [String]
}

struct SchoolListRowView {
    let name: String
    let href: String
    let governorsHref: String
    let urn: String
    let cells: [CellView]
}

/// The schools table in one order or one filter: a pre-rendered "view" with its own anchor.
struct SchoolTableView {
    let viewID: String
    let viewHeading: String
    let tableCaption: String
    let schools: [SchoolListRowView]
    let hasSchools: Bool
}

struct FilterGroupView {
    let filterHeading: String
    let filterLinks: [LinkView]
}

struct SchoolsSectionBody {
    let schoolsIntro: String
    let orderLinks: [LinkView]
    let filterGroups: [FilterGroupView]
    let views: [SchoolTableView]
}

struct SchoolYearsSectionBody {
    let yearTables: [SchoolTableView]
}

struct SummaryFigureRowView {
    let label: String
    let cells: [CellView]
}

struct SummaryFiguresSectionBody {
    let figuresCaption: String
    let figuresColumns: [String]
    let figureRows: [SummaryFigureRowView]
    let figuresNote: String
}

struct SummaryChartSectionBody {
    let chartIntro: String
    let chartSet: GapSetView?
    let noChartText: String
}
