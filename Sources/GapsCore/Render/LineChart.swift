import Foundation

/// Sizes of a line chart over years, in SVG user units.
public struct LineChartLayout: Sendable, Equatable {
    public var plotWidth: Double
    public var plotHeight: Double
    /// Space left of the plot for the value tick labels and the vertical axis title.
    public var leftMargin: Double
    public var rightMargin: Double
    public var topMargin: Double
    /// Space below the plot for the year labels and the axis title, above the legend.
    public var axisHeight: Double
    /// Gap between the plot's edges and the first and last year, so end points are not drawn on the axis.
    public var inset: Double
    public var legendRowHeight: Double

    public init(
        plotWidth: Double = 420, plotHeight: Double = 200, leftMargin: Double = 64, rightMargin: Double = 24,
        topMargin: Double = 12, axisHeight: Double = 46, inset: Double = 24, legendRowHeight: Double = 20
    ) {
        self.plotWidth = plotWidth
        self.plotHeight = plotHeight
        self.leftMargin = leftMargin
        self.rightMargin = rightMargin
        self.topMargin = topMargin
        self.axisHeight = axisHeight
        self.inset = inset
        self.legendRowHeight = legendRowHeight
    }

    public static let standard = LineChartLayout()
}

/// A year on the horizontal axis: its label, its position (the academic year's first calendar year, so that
/// years without data keep their place), and whether a line may join it to the year before.
public struct LineChartCategory: Sendable, Equatable {
    public var label: String
    public var position: Double

    public init(label: String, position: Double) {
        self.label = label
        self.position = position
    }
}

/// The marker each series uses, so that series differ in shape as well as colour (colour is never the only cue).
public enum LineChartMarker: Int, Sendable, CaseIterable {
    case circle, square, diamond, openCircle, openSquare
}

/// One line: a value per category, `nil` where the figure is suppressed or not available (nothing is drawn there,
/// and no line passes through it).
public struct LineChartSeries: Sendable, Equatable {
    public var label: String
    public var colour: String
    public var marker: LineChartMarker
    /// Dashed lines are pooled (three-year rolling) figures.
    public var dashed: Bool
    public var values: [Double?]

    public init(label: String, colour: String, marker: LineChartMarker, dashed: Bool = false, values: [Double?]) {
        self.label = label
        self.colour = colour
        self.marker = marker
        self.dashed = dashed
        self.values = values
    }
}

/// Draws figures over years as an inline SVG line chart with its legend, under the same rules as `GapChart`:
/// `role="img"`, `aria-label`, `<title>` and `<desc>`, every piece of text escaped, the page's table beside it.
///
/// A line joins two points only when both are published and the years are consecutive (one year apart): a
/// suppressed figure, or a year without assessments (2019/20, 2020/21), leaves a gap, so the line never suggests
/// a figure that was not published. A point between two gaps is drawn as a marker alone.
public enum LineChart {
    /// Years one apart are joined; anything further is a gap in the line.
    static let consecutiveYears = 1.0

    /// Horizontal position of each category: spread by position between the insets; one category sits centred.
    public static func xPositions(_ categories: [LineChartCategory], layout: LineChartLayout) -> [Double] {
        guard let first = categories.map(\.position).min(), let last = categories.map(\.position).max(), last > first
        else { return categories.map { _ in layout.plotWidth / 2 } }
        let span = layout.plotWidth - 2 * layout.inset
        return categories.map { layout.inset + ($0.position - first) / (last - first) * span }
    }

    /// Vertical position of `value` within the plot (0 at the top).
    public static func y(_ value: Double, scale: GapChartScale, layout: LineChartLayout) -> Double {
        layout.plotHeight - (value - scale.lower) / (scale.upper - scale.lower) * layout.plotHeight
    }

    public static func svg(
        id: String, title: String, description: String, valueAxisTitle: String, categories: [LineChartCategory],
        series: [LineChartSeries], scale: GapChartScale, layout: LineChartLayout = .standard
    ) -> String {
        let c = DisplayFormat.coordinate
        let e = HTMLEscaping.escape
        let xs = xPositions(categories, layout: layout)
        let plotHeight = layout.plotHeight, plotWidth = layout.plotWidth

        var axis: [String] = []
        for tick in scale.ticks {
            let y = c(self.y(tick, scale: scale, layout: layout))
            axis.append("<line class=\"grid\" x1=\"0\" x2=\"\(c(plotWidth))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#d0d3d4\" stroke-width=\"1\"/>")
            axis.append(
                "<text class=\"tick-label\" x=\"-8\" y=\"\(c(self.y(tick, scale: scale, layout: layout) + 4))\" text-anchor=\"end\">\(DisplayFormat.number(tick, places: scale.tickPlaces))</text>")
        }
        if scale.lower < 0, scale.upper > 0 {
            let zeroY = c(y(0, scale: scale, layout: layout))
            axis.append("<line class=\"zero\" x1=\"0\" x2=\"\(c(plotWidth))\" y1=\"\(zeroY)\" y2=\"\(zeroY)\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/>")
        }
        axis.append("<line class=\"axis\" x1=\"0\" x2=\"\(c(plotWidth))\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
        axis.append("<line class=\"axis\" x1=\"0\" x2=\"0\" y1=\"0\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
        for (category, x) in zip(categories, xs) {
            axis.append("<line class=\"tick\" x1=\"\(c(x))\" x2=\"\(c(x))\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight + 5))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
            axis.append(
                "<text class=\"year-label\" x=\"\(c(x))\" y=\"\(c(plotHeight + 18))\" text-anchor=\"middle\">\(e(category.label))</text>")
        }
        axis.append(
            "<text class=\"axis-title\" x=\"\(c(-layout.leftMargin + 12))\" y=\"\(c(plotHeight / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 \(c(-layout.leftMargin + 12)) \(c(plotHeight / 2)))\">\(e(valueAxisTitle))</text>")
        axis.append(
            "<text class=\"axis-title\" x=\"\(c(plotWidth / 2))\" y=\"\(c(plotHeight + 38))\" text-anchor=\"middle\">Year</text>")

        var lines: [String] = []
        for line in series {
            let colour = e(line.colour)
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            var parts: [String] = []
            for index in line.values.indices.dropLast() {
                guard index + 1 < categories.count, let from = line.values[index], let to = line.values[index + 1],
                      categories[index + 1].position - categories[index].position <= consecutiveYears
                else { continue }
                parts.append(
                    "<line class=\"segment\" x1=\"\(c(xs[index]))\" y1=\"\(c(y(from, scale: scale, layout: layout)))\" x2=\"\(c(xs[index + 1]))\" y2=\"\(c(y(to, scale: scale, layout: layout)))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash)/>")
            }
            for (index, value) in line.values.enumerated() where index < categories.count {
                guard let value else { continue }
                parts.append(marker(line.marker, x: xs[index], y: y(value, scale: scale, layout: layout), colour: colour))
            }
            lines.append("<g class=\"series\">\(parts.joined())</g>")
        }

        // The legend, under the axis title: a sample of each line with its marker, and its label.
        var legend: [String] = []
        let legendTop = plotHeight + layout.axisHeight
        for (index, line) in series.enumerated() {
            let y = legendTop + Double(index) * layout.legendRowHeight + layout.legendRowHeight / 2
            let colour = e(line.colour)
            let dash = line.dashed ? " stroke-dasharray=\"6 4\"" : ""
            legend.append(
                "<g class=\"legend-entry\"><line x1=\"0\" x2=\"28\" y1=\"\(c(y))\" y2=\"\(c(y))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash)/>"
                    + marker(line.marker, x: 14, y: y, colour: colour, className: "legend-marker")
                    + "<text x=\"36\" y=\"\(c(y + 4))\">\(e(line.label))</text></g>")
        }

        let width = layout.leftMargin + plotWidth + layout.rightMargin
        let height = layout.topMargin + plotHeight + layout.axisHeight + Double(series.count) * layout.legendRowHeight + 4
        let titleID = e(id + "-title"), descID = e(id + "-desc")
        return """
            <svg class="line-chart" id="\(e(id))" role="img" aria-label="\(e(title))" aria-describedby="\(descID)" \
            viewBox="0 0 \(c(width)) \(c(height))" width="\(c(width))" height="\(c(height))" font-size="12">\
            <title id="\(titleID)">\(e(title))</title>\
            <desc id="\(descID)">\(e(description))</desc>\
            <g class="plot" transform="translate(\(c(layout.leftMargin)),\(c(layout.topMargin)))">\
            \(axis.joined())\(lines.joined())\(legend.joined())\
            </g></svg>
            """
    }

    /// A marker centred on (x, y); `colour` is already escaped.
    static func marker(
        _ marker: LineChartMarker, x: Double, y: Double, colour: String, className: String = "point"
    ) -> String {
        let c = DisplayFormat.coordinate
        switch marker {
        case .circle, .openCircle:
            let fill = marker == .circle ? colour : "#ffffff"
            return "<circle class=\"\(className)\" cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"4.5\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
        case .square, .openSquare:
            let fill = marker == .square ? colour : "#ffffff"
            return "<rect class=\"\(className)\" x=\"\(c(x - 4))\" y=\"\(c(y - 4))\" width=\"8\" height=\"8\" fill=\"\(fill)\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
        case .diamond:
            return "<rect class=\"\(className)\" x=\"\(c(x - 4))\" y=\"\(c(y - 4))\" width=\"8\" height=\"8\" fill=\"\(colour)\" stroke=\"\(colour)\" stroke-width=\"2\" transform=\"rotate(45 \(c(x)) \(c(y)))\"/>"
        }
    }
}
