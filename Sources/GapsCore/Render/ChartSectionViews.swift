/// The views of the chart sections (trends, distributions, data quality, the LA-wide sections), drawn by
/// `section-charts.mustache` and `chart-figure.mustache`. As in `PageViews.swift`, plain structs with stored
/// properties, and every optional has a name no enclosing view uses.

struct FigureColumnView {
    let columnHeading: String
    let isNumericColumn: Bool
}

struct FigureRowView {
    let rowHeading: String
    /// A page the row heading links to (a school's evidence pack), or `nil`.
    let rowLink: String?
    let rowCells: [CellView]

    init(heading: String, link: String? = nil, cells: [CellView]) {
        rowHeading = heading
        rowLink = link
        rowCells = cells
    }
}

/// Rows under a `<th scope="rowgroup">` heading ("Reading"); `nil` for rows that need none.
struct FigureRowGroupView {
    let rowGroupLabel: String?
    /// Columns the heading spans: the row-heading column and every data column.
    let groupSpan: Int
    let groupRows: [FigureRowView]
}

/// The table of the numbers a chart draws (or a table on its own): caption, column headings, rows.
struct FigureTableView {
    let figureTableCaption: String
    /// The heading of the row-heading column ("Year", "School").
    let cornerHeading: String
    let columns: [FigureColumnView]
    let rowGroups: [FigureRowGroupView]
    /// An extra `class` for the table (`characteristics`: set full width), or `nil`.
    var figureTableClass: String? = nil

    init(caption: String, cornerHeading: String, columns: [FigureColumnView], rowGroups: [FigureRowGroupView]) {
        figureTableCaption = caption
        self.cornerHeading = cornerHeading
        self.columns = columns
        self.rowGroups = rowGroups
    }

    /// Column headings, numeric unless listed in `textColumns`.
    static func columns(_ headings: [String], textColumns: Set<String> = []) -> [FigureColumnView] {
        headings.map { FigureColumnView(columnHeading: $0, isNumericColumn: !textColumns.contains($0)) }
    }
}

/// One figure under its `<h3>`: a chart with its caption (when the figure is a chart), what the chart could not
/// draw, and the table of the same numbers.
struct ChartFigureView {
    let figureID: String
    let figureHeading: String
    /// Whether this figure is a chart; a table-only figure has none and no "cannot be drawn" text.
    let isChart: Bool
    /// Generated, already-escaped SVG; `nil` when nothing can be drawn.
    let figureSVG: String?
    let figureCaption: String
    let noFigureText: String
    let figureNotes: [String]
    let hasFigureNotes: Bool
    let figureTable: FigureTableView
    let figureMethod: String?

    init(
        id: String, heading: String, isChart: Bool = true, svg: String?, caption: String = "",
        noFigureText: String = "Nothing in this chart can be drawn: every figure is suppressed or not available. The table gives what is published.",
        notes: [String] = [], table: FigureTableView, method: String? = nil
    ) {
        figureID = id
        figureHeading = heading
        self.isChart = isChart
        figureSVG = svg
        figureCaption = caption
        self.noFigureText = noFigureText
        figureNotes = notes
        hasFigureNotes = !notes.isEmpty
        figureTable = table
        figureMethod = method
    }
}

/// A section made of an introduction, sentences, and figures.
struct ChartSectionBody {
    let sectionIntro: String
    let sectionSentences: [String]
    let hasSectionSentences: Bool
    let figures: [ChartFigureView]

    init(intro: String, sentences: [String] = [], figures: [ChartFigureView]) {
        sectionIntro = intro
        sectionSentences = sentences
        hasSectionSentences = !sentences.isEmpty
        self.figures = figures
    }
}
