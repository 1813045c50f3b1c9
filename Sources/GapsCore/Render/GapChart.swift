import Foundation

/// Sizes of a gap chart, in SVG user units (pixels at 100% zoom).
public struct GapChartLayout: Sendable, Equatable {
    /// Width of the plotting area between the labels and the values; the scale maps the axis onto it.
    public var plotWidth: Double
    /// Space on the left for the row labels such as "Disadvantaged − others" (subject headings start here too).
    public var labelWidth: Double
    /// Space on the right for each gap written out with its interval.
    public var valueWidth: Double
    public var rowHeight: Double
    public var subjectHeadingHeight: Double
    public var topMargin: Double
    /// Space below the plot for tick labels and the axis title.
    public var axisHeight: Double

    public init(
        plotWidth: Double = 340, labelWidth: Double = 170, valueWidth: Double = 150, rowHeight: Double = 24,
        subjectHeadingHeight: Double = 20, topMargin: Double = 8, axisHeight: Double = 46
    ) {
        self.plotWidth = plotWidth
        self.labelWidth = labelWidth
        self.valueWidth = valueWidth
        self.rowHeight = rowHeight
        self.subjectHeadingHeight = subjectHeadingHeight
        self.topMargin = topMargin
        self.axisHeight = axisHeight
    }

    public static let standard = GapChartLayout()
}

/// A linear horizontal scale from an axis domain onto `0...plotWidth`, with evenly spaced ticks.
public struct GapChartScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double
    public let plotWidth: Double

    public init(lower: Double, upper: Double, step: Double, plotWidth: Double) {
        self.lower = lower
        self.upper = upper
        self.step = step
        self.plotWidth = plotWidth
    }

    /// The tightest domain that holds every value and zero, in whole multiples of a 1-2-5 step with 3 to 8
    /// intervals, so tick labels are round numbers, zero always has a tick, and little of the plot is wasted.
    /// Between equally tight domains the larger step wins (fewer, rounder ticks).
    public static func fitting(_ values: [Double], plotWidth: Double) -> GapChartScale {
        var low = min(values.min() ?? 0, 0)
        var high = max(values.max() ?? 0, 0)
        if high == low { low = -1; high = 1 }
        let exponent = Int(log10(high - low).rounded(.down))
        var best: GapChartScale?
        for power in (exponent - 2)...(exponent + 1) {
            for factor in [1.0, 2.0, 5.0] {
                let step = factor * pow(10, Double(power))
                // A hair of tolerance so that a value already on a tick (20.000000000000004) adds no interval.
                let lower = (low / step + 1e-9).rounded(.down) * step
                let upper = (high / step - 1e-9).rounded(.up) * step
                let intervals = ((upper - lower) / step).rounded()
                guard intervals >= 3, intervals <= 8 else { continue }
                let candidate = GapChartScale(lower: lower, upper: upper, step: step, plotWidth: plotWidth)
                // Steps come smallest first, so a candidate as tight as the best so far replaces it.
                if let current = best, current.upper - current.lower < candidate.upper - candidate.lower - step * 1e-9 {
                    continue
                }
                best = candidate
            }
        }
        // Three to eight intervals always exist among 1-2-5 steps; the fallback only guards the arithmetic.
        return best ?? GapChartScale(lower: low, upper: high, step: (high - low) / 4, plotWidth: plotWidth)
    }

    /// Horizontal position of `value` within the plotting area.
    public func x(_ value: Double) -> Double {
        (value - lower) / (upper - lower) * plotWidth
    }

    /// Tick values from `lower` to `upper`, computed by index so that rounding errors do not accumulate.
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...count).map { index in
            let tick = lower + Double(index) * step
            return abs(tick) < step * 1e-9 ? 0 : tick
        }
    }

    /// Decimals that tick labels need at this step (0 for a step of 1 or more).
    var tickPlaces: Int { step >= 1 ? 0 : Int((-log10(step)).rounded(.up)) }
}

/// One gap that the chart draws: a point with its 95% interval.
public struct GapChartPoint: Sendable, Equatable {
    /// The row label, shown left of the plot: the groups compared, such as "Disadvantaged − others".
    public var label: String
    public var gap: Double
    public var lower: Double
    public var upper: Double
    public var significant: Bool
    /// Fill and stroke colour, from `GapChart.palette`.
    public var colour: String
    /// The gap written out for the right-hand column ("-10 (-20 to 0)").
    public var valueText: String

    public init(label: String, gap: Double, lower: Double, upper: Double, significant: Bool, colour: String, valueText: String) {
        self.label = label
        self.gap = gap
        self.lower = lower
        self.upper = upper
        self.significant = significant
        self.colour = colour
        self.valueText = valueText
    }
}

/// A subject heading with the gaps drawn under it.
public struct GapChartGroup: Sendable, Equatable {
    public var heading: String
    public var points: [GapChartPoint]

    public init(heading: String, points: [GapChartPoint]) {
        self.heading = heading
        self.points = points
    }
}

/// Draws gaps with their confidence intervals as an inline SVG forest plot.
///
/// The SVG is built here rather than in a template because its coordinates are computed; every piece of text in it
/// goes through `HTMLEscaping.escape`, and it carries `role="img"`, an `aria-label`, `<title>` and `<desc>` so that a
/// screen reader announces what it shows (the page repeats the numbers in a table). No `xmlns` is written: inline SVG
/// in HTML does not need one, and the pages hold no web addresses.
public enum GapChart {
    /// Okabe-Ito colours (safe for the common colour-vision deficiencies). Only those with at least 3:1 contrast on
    /// white, which WCAG 2.2 (1.4.11) asks of graphics, are kept: orange, sky blue and yellow are left out. Colour is
    /// never the only cue: every row is labelled.
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]

    public static func svg(
        id: String, title: String, description: String, axisTitle: String, groups: [GapChartGroup],
        layout: GapChartLayout = .standard
    ) -> String {
        let points = groups.flatMap(\.points)
        let scale = GapChartScale.fitting(points.flatMap { [$0.lower, $0.upper, $0.gap] }, plotWidth: layout.plotWidth)
        let c = DisplayFormat.coordinate
        let e = HTMLEscaping.escape

        var rows: [String] = []
        var y = 0.0
        for group in groups where !group.points.isEmpty {
            rows.append(
                "<text class=\"subject\" x=\"\(c(-layout.labelWidth))\" y=\"\(c(y + layout.subjectHeadingHeight - 6))\" font-weight=\"bold\">\(e(group.heading))</text>")
            y += layout.subjectHeadingHeight
            for point in group.points {
                let cy = y + layout.rowHeight / 2
                let lowX = scale.x(point.lower), highX = scale.x(point.upper), gapX = scale.x(point.gap)
                let capHalf = layout.rowHeight / 4
                let colour = e(point.colour)
                let fill = point.significant ? colour : "#ffffff"
                rows.append(
                    """
                    <g class="gap\(point.significant ? " significant" : "")">\
                    <text class="label" x="-8" y="\(c(cy + 4))" text-anchor="end">\(e(point.label))</text>\
                    <line class="whisker" x1="\(c(lowX))" x2="\(c(highX))" y1="\(c(cy))" y2="\(c(cy))" stroke="\(colour)" stroke-width="2"/>\
                    <line class="cap" x1="\(c(lowX))" x2="\(c(lowX))" y1="\(c(cy - capHalf))" y2="\(c(cy + capHalf))" stroke="\(colour)" stroke-width="2"/>\
                    <line class="cap" x1="\(c(highX))" x2="\(c(highX))" y1="\(c(cy - capHalf))" y2="\(c(cy + capHalf))" stroke="\(colour)" stroke-width="2"/>\
                    <circle class="estimate" cx="\(c(gapX))" cy="\(c(cy))" r="5" fill="\(fill)" stroke="\(colour)" stroke-width="2"/>\
                    <text class="value" x="\(c(layout.plotWidth + 10))" y="\(c(cy + 4))">\(e(point.valueText))</text>\
                    </g>
                    """)
                y += layout.rowHeight
            }
        }
        let plotHeight = y

        var axis: [String] = []
        for tick in scale.ticks {
            let x = c(scale.x(tick))
            axis.append("<line class=\"grid\" x1=\"\(x)\" x2=\"\(x)\" y1=\"0\" y2=\"\(c(plotHeight))\" stroke=\"#d0d3d4\" stroke-width=\"1\"/>")
            axis.append("<line class=\"tick\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight + 5))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
            axis.append(
                "<text class=\"tick-label\" x=\"\(x)\" y=\"\(c(plotHeight + 18))\" text-anchor=\"middle\">\(DisplayFormat.number(tick, places: scale.tickPlaces))</text>")
        }
        let zeroX = c(scale.x(0))
        axis.append("<line class=\"zero\" x1=\"\(zeroX)\" x2=\"\(zeroX)\" y1=\"0\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1.5\"/>")
        axis.append("<line class=\"axis\" x1=\"0\" x2=\"\(c(layout.plotWidth))\" y1=\"\(c(plotHeight))\" y2=\"\(c(plotHeight))\" stroke=\"#0b0c0c\" stroke-width=\"1\"/>")
        axis.append(
            "<text class=\"axis-title\" x=\"\(c(layout.plotWidth / 2))\" y=\"\(c(plotHeight + 38))\" text-anchor=\"middle\">\(e(axisTitle))</text>")

        let width = layout.labelWidth + layout.plotWidth + layout.valueWidth
        let height = layout.topMargin + plotHeight + layout.axisHeight
        let titleID = e(id + "-title"), descID = e(id + "-desc")
        return """
            <svg class="gap-chart" id="\(e(id))" role="img" aria-label="\(e(title))" aria-describedby="\(descID)" \
            viewBox="0 0 \(c(width)) \(c(height))" width="\(c(width))" height="\(c(height))" font-size="12">\
            <title id="\(titleID)">\(e(title))</title>\
            <desc id="\(descID)">\(e(description))</desc>\
            <g class="plot" transform="translate(\(c(layout.labelWidth)),\(c(layout.topMargin)))">\
            \(axis.joined())\(rows.joined())\
            </g></svg>
            """
    }
}
