import Foundation

/// The KS4 disadvantage gap index in a secondary school's evidence pack: one finding in words, after Progress 8
/// (`gapIndexSentence`).
extension PageBuilder {
    static let gapIndexHeading = "Disadvantage gap index"

    /// The school's KS4 index within the school in `period`, or `nil` when `gap-index.csv` (or that row) is absent.
    func ks4GapIndexFindingGroup(at place: AggregatePlace, period: String) -> FindingGroupView? {
        guard let record = gapIndexRecords(.ks4, at: place, comparator: AggregateLabels.withinSchool)
            .first(where: { $0.timePeriod == period }) else { return nil }
        return FindingGroupView(findingsHeading: Self.gapIndexHeading, sentences: [gapIndexSentence(record)])
    }
}
