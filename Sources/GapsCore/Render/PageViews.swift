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
    let cells: [CellView]
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
}

struct YearLinkView {
    let id: String
    let label: String
}

/// One place (a school or the local authority) in one year.
struct PlaceYearView {
    let id: String
    let label: String
    let name: String
    let headlineTables: [HeadlineTableView]
    let hasHeadline: Bool
    let gapSets: [GapSetView]
    let hasGaps: Bool
}

struct SchoolListRowView {
    let name: String
    let href: String
    let urn: String
    let cells: [CellView]
}

struct IndexYearView {
    let id: String
    let label: String
    let schoolsCaption: String
    let schools: [SchoolListRowView]
    let hasSchools: Bool
    let authorities: [PlaceYearView]
}

struct IndexPageView {
    let pageTitle: String
    let heading: String
    let lede: String
    let yearLinks: [YearLinkView]
    let years: [IndexYearView]
    let symbolNotes: [String]
    let hasSymbolNotes: Bool
    let footer: [String]
}

struct SchoolPageView {
    let pageTitle: String
    let heading: String
    let details: [String]
    let indexHref: String
    let authorityName: String
    let yearLinks: [YearLinkView]
    let years: [PlaceYearView]
    let symbolNotes: [String]
    let hasSymbolNotes: Bool
    let footer: [String]
}
