import Foundation

/// The five figures a box shows: whiskers from the 10th to the 90th percentile, the box from the 25th to the 75th,
/// a line at the median.
public struct BoxPlotSummary: Sendable, Equatable {
    public var p10: Double
    public var p25: Double
    public var median: Double
    public var p75: Double
    public var p90: Double

    public init(p10: Double, p25: Double, median: Double, p75: Double, p90: Double) {
        self.p10 = p10
        self.p25 = p25
        self.median = median
        self.p75 = p75
        self.p90 = p90
    }
}

/// One group's row: a box when its percentiles are published, otherwise the symbol that stands in for them.
public struct BoxPlotRow: Sendable, Equatable {
    public var label: String
    public var colour: String
    public var summary: BoxPlotSummary?
    /// What the row shows instead of a box ("c"), and beside it; never a number.
    public var symbol: String?
    /// The figures written out in the right-hand column ("median 105 (101 to 109)"), or the symbol.
    public var valueText: String

    public init(label: String, colour: String, summary: BoxPlotSummary?, symbol: String?, valueText: String) {
        self.label = label
        self.colour = colour
        self.summary = summary
        self.symbol = symbol
        self.valueText = valueText
    }
}

public struct BoxPlotGroup: Sendable, Equatable {
    public var heading: String
    public var rows: [BoxPlotRow]

    public init(heading: String, rows: [BoxPlotRow]) {
        self.heading = heading
        self.rows = rows
    }
}

/// Draws score distributions by group as horizontal box-and-whisker plots on a scaled-score axis, as inline SVG,
/// under the same rules as `GapChart` (same layout type, `role="img"`, `<title>`, `<desc>`, escaped text).
///
/// A group whose percentiles are withheld keeps its row, labelled, with its symbol where the box would be, so the
/// reader sees the group exists and why it has no box. A dashed reference line marks a score such as 100, the
/// expected standard.
public enum BoxPlotChart {
    /// The KS2 scaled-score axis: 80 to 120 in steps of 5, the same on every chart so that charts compare.
    public static func scaledScoreScale(plotWidth: Double) -> GapChartScale {
        GapChartScale(lower: 80, upper: 120, step: 5, plotWidth: plotWidth)
    }

    public static func svg(
        id: String, title: String, description: String, axisTitle: String, groups: [BoxPlotGroup],
        scale: GapChartScale, reference: Double? = nil, layout: GapChartLayout = .standard
    ) -> String {
        let c = DisplayFormat.coordinate
        let e = HTMLEscaping.escape
        /// Positions inside the plot even for a value off the axis (none should be: scores lie in 80-120).
        func x(_ value: Double) -> Double { min(max(scale.x(value), 0), scale.plotWidth) }

        var rows: [String] = []
        var y = 0.0
        for group in groups where !group.rows.isEmpty {
            rows.append(
                "<text class=\"subject\" x=\"\(c(-layout.labelWidth))\" y=\"\(c(y + layout.subjectHeadingHeight - 6))\" font-weight=\"bold\">\(e(group.heading))</text>")
            y += layout.subjectHeadingHeight
            for row in group.rows {
                let cy = y + layout.rowHeight / 2
                let colour = e(row.colour)
                var parts = ["<text class=\"label\" x=\"-8\" y=\"\(c(cy + 4))\" text-anchor=\"end\">\(e(row.label))</text>"]
                if let box = row.summary {
                    let half = layout.rowHeight * 0.3, cap = layout.rowHeight / 4
                    parts += [
                        "<line class=\"whisker\" x1=\"\(c(x(box.p10)))\" x2=\"\(c(x(box.p90)))\" y1=\"\(c(cy))\" y2=\"\(c(cy))\" stroke=\"\(colour)\" stroke-width=\"2\"/>",
                        "<line class=\"cap\" x1=\"\(c(x(box.p10)))\" x2=\"\(c(x(box.p10)))\" y1=\"\(c(cy - cap))\" y2=\"\(c(cy + cap))\" stroke=\"\(colour)\" stroke-width=\"2\"/>",
                        "<line class=\"cap\" x1=\"\(c(x(box.p90)))\" x2=\"\(c(x(box.p90)))\" y1=\"\(c(cy - cap))\" y2=\"\(c(cy + cap))\" stroke=\"\(colour)\" stroke-width=\"2\"/>",
                        "<rect class=\"box\" x=\"\(c(x(box.p25)))\" y=\"\(c(cy - half))\" width=\"\(c(x(box.p75) - x(box.p25)))\" height=\"\(c(2 * half))\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"2\"/>",
                        "<line class=\"median\" x1=\"\(c(x(box.median)))\" x2=\"\(c(x(box.median)))\" y1=\"\(c(cy - half))\" y2=\"\(c(cy + half))\" stroke=\"\(colour)\" stroke-width=\"4\"/>",
                    ]
                } else {
                    parts.append(
                        "<text class=\"withheld\" x=\"6\" y=\"\(c(cy + 4))\" font-style=\"italic\">\(e(row.symbol ?? PublishedSymbol.notAvailable.rawValue))</text>")
                }
                parts.append("<text class=\"value\" x=\"\(c(layout.plotWidth + 10))\" y=\"\(c(cy + 4))\">\(e(row.valueText))</text>")
                rows.append("<g class=\"group-row\">\(parts.joined())</g>")
                y += layout.rowHeight
            }
        }
        let plotHeight = y

        var axis: [String] = []
        for tick in scale.ticks {
            let tx = c(scale.x(tick))
            axis.append("<line class=\"grid\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"0\" y2=\"\(c(plotHeight))\" stroke=\"#d0d3d4\" stroke-width=\"1\"/>")
            axis.append("<line class=\"tick\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight + 5))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
            axis.append(
                "<text class=\"tick-label\" x=\"\(tx)\" y=\"\(c(plotHeight + 18))\" text-anchor=\"middle\">\(DisplayFormat.number(tick, places: scale.tickPlaces))</text>")
        }
        if let reference, reference >= scale.lower, reference <= scale.upper {
            let rx = c(scale.x(reference))
            axis.append("<line class=\"reference\" x1=\"\(rx)\" x2=\"\(rx)\" y1=\"0\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>")
        }
        axis.append("<line class=\"axis\" x1=\"0\" x2=\"\(c(layout.plotWidth))\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
        axis.append(
            "<text class=\"axis-title\" x=\"\(c(layout.plotWidth / 2))\" y=\"\(c(plotHeight + 38))\" text-anchor=\"middle\">\(e(axisTitle))</text>")

        let width = layout.labelWidth + layout.plotWidth + layout.valueWidth
        let height = layout.topMargin + plotHeight + layout.axisHeight
        let titleID = e(id + "-title"), descID = e(id + "-desc")
        return """
            <svg class="box-chart" id="\(e(id))" role="img" aria-label="\(e(title))" aria-describedby="\(descID)" \
            viewBox="0 0 \(c(width)) \(c(height))" width="\(c(width))" height="\(c(height))" font-size="12">\
            <title id="\(titleID)">\(e(title))</title>\
            <desc id="\(descID)">\(e(description))</desc>\
            <g class="plot" transform="translate(\(c(layout.labelWidth)),\(c(layout.topMargin)))">\
            \(axis.joined())\(rows.joined())\
            </g></svg>
            """
    }
}
