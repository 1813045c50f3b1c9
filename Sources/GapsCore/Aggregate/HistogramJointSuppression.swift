import Foundation

extension CharacteristicHistogramTable {
    /// `histograms-by-characteristic.csv` suppressed jointly with `attainment-by-characteristic.csv` **(ours)**, so
    /// that a reader of both files can work out none of the counts either withholds.
    ///
    /// The two files are one linear system: a group's bands add up to its pupil count, and (where the bands split
    /// cleanly at the thresholds) the bands at or above a standard add up to the count reaching it. So the
    /// histogram's secondary suppression (`init(breakdowns:measures:resultsFile:)`) protects the breakdown file's
    /// withheld counts on those lines as well as its own bands: it withholds bands first (an empty band too, where
    /// a group's pupils all fall in one band), and a breakdown count (the group's pupils, or those reaching a
    /// standard) only when no band will do. Such a count is then withheld in `breakdowns` too, protected there on
    /// the breakdown file's own lines (`BreakdownTable.withhold`), and the histograms are suppressed again with the
    /// new marks, until they need nothing more withheld there. Each round only adds marks, so this ends; in the
    /// tables we have seen it takes one round, as bands nearly always suffice.
    ///
    /// The primary rules of both files are unchanged. `breakdowns.withheldForHistograms` counts what this added
    /// to the breakdown file.
    static func suppressedJointly(with breakdowns: inout BreakdownTable, measures: [HistogramMeasure] = HistogramMeasure.all,
                                  resultsFile: String) throws -> CharacteristicHistogramTable {
        var histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, measures: measures, resultsFile: resultsFile)
        while !histograms.breakdownCountsToWithhold.isEmpty {
            guard breakdowns.withhold(histograms.breakdownCountsToWithhold) else { break }
            histograms = try CharacteristicHistogramTable(breakdowns: breakdowns, measures: measures, resultsFile: resultsFile)
        }
        return histograms
    }
}
