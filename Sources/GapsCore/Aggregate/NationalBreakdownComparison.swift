import Foundation

/// The "National other pupils" rows of `gaps-by-characteristic.csv`: which national figures each group is compared
/// with, for every key stage the national files cover (docs/outputs-breakdowns.md). The interval methods are those
/// of `gaps.csv`'s national rows (`BreakdownGapTable.nationalRow`, `NationalIntervalMethod`).
extension BreakdownGapTable {
    /// Which national figures a group is compared with, or nil when the national files cannot hold the group.
    struct NationalChoice {
        /// `comparison_group`.
        var label: String
        /// The national row of the comparison group itself (a sibling group).
        var sibling: NationalFigureKey?
        /// Otherwise national Total minus the national group.
        var total: NationalFigureKey?
        var group: NationalFigureKey?
    }

    /// The national comparison of a group in a measure, or nil when there is none to publish: the Total, a key stage
    /// no national file covers, or a group fixing a characteristic the files have no column for (minor ethnic
    /// groups always; FSM, SEN and first language unless a file has `fsm_status`, `sen_provision`,
    /// `first_language`). In order:
    /// - a group with a disadvantage status: the national group with the other status and the same other values
    ///   (a school's disadvantaged pupils against national non-disadvantaged pupils, as the DfE and Ofsted compare);
    /// - Boys against national Girls and Girls against national Boys;
    /// - an FSM group against the national group of the other FSM status;
    /// - any other group (an ethnic group, a SEN provision, a first language): national Total minus the group, from
    ///   the national counts, for percentages only.
    static func comparison(for group: BreakdownGroup, measure: BreakdownMeasure, topics: BreakdownTopics,
                           national: NationalFigures) -> NationalChoice? {
        guard !group.isTotal, let carried = national.carried[measure.keyStage],
              BreakdownDimension.allCases.allSatisfy({ carried.contains($0) || group.value($0) == PublishedFilter.total })
        else { return nil }
        func key(_ values: [String]) -> NationalFigureKey {
            var key = NationalFigureKey(timePeriod: "", keyStage: measure.keyStage, measure: measure.name)
            for (_, dimension) in NationalFigures.groupColumns { key.set(dimension, values[dimension.rawValue]) }
            return key
        }
        func sibling(along dimension: BreakdownDimension, among pair: [String]) -> NationalChoice? {
            guard pair.count == 2, let index = pair.firstIndex(of: group.value(dimension)) else { return nil }
            var values = group.filterValues
            values[dimension.rawValue] = pair[1 - index]
            let label = topics.group(filterValues: values)?.label ?? values.filter { $0 != PublishedFilter.total }.joined(separator: ", ")
            return NationalChoice(label: label, sibling: key(values))
        }
        if group.value(.disadvantage) != PublishedFilter.total {
            return sibling(along: .disadvantage, among: PublishedFilter.disadvantageStatuses)
                ?? NationalChoice(label: BreakdownComparator.otherPupils)
        }
        if group.value(.sex) != PublishedFilter.total && group.value(.ethnicityMajor) == PublishedFilter.total,
           let choice = sibling(along: .sex, among: PublishedFilter.sexes) {
            return choice
        }
        if group.value(.fsmEligible) != PublishedFilter.total {
            // The two FSM statuses as published (characteristic-labels.csv), Unknown aside.
            let statuses = topics.groups.filter { $0.topic == BreakdownDimension.fsmEligible.topicName }
                .map { $0.value(.fsmEligible) }.filter { $0 != PublishedFilter.unknownEthnicity }
            if let choice = sibling(along: .fsmEligible, among: statuses) { return choice }
        }
        let total = Array(repeating: PublishedFilter.total, count: BreakdownDimension.allCases.count)
        return NationalChoice(label: BreakdownComparator.otherPupils, total: key(total), group: key(group.filterValues))
    }

    /// The national side of a comparison for one year: `nil` figures (a year or group the file lacks, or a value
    /// it gives as a symbol) leave the comparison `x`.
    static func nationalSide(_ choice: NationalChoice, national: NationalFigures, timePeriod: String,
                             indicator: BreakdownIndicator) -> NationalSide {
        func figure(_ key: NationalFigureKey?) -> NationalFigure? {
            guard var key else { return nil }
            key.timePeriod = timePeriod
            return national.figure(key)
        }
        if let sibling = figure(choice.sibling) {
            if indicator.isPercentage {
                return NationalSide(count: sibling.pupilCount, value: sibling.proportion(for: indicator.gapIndicator),
                                    counts: sibling.counts(for: indicator.gapIndicator))
            }
            var side = NationalSide(count: sibling.pupilCount, value: sibling.averageScore)
            if let mean = sibling.averageScore, let sd = sibling.averageScoreSD, let count = sibling.pupilCount, count >= 2 {
                side.scores = SampleSummary(count: count, mean: mean, variance: sd * sd)
            }
            return side
        }
        // Total minus the group, from counts: percentages only.
        guard indicator.isPercentage, let total = figure(choice.total), let group = figure(choice.group),
              let totalCount = total.pupilCount, let groupCount = group.pupilCount, totalCount > groupCount
        else { return NationalSide() }
        let (totalReaching, groupReaching) = indicator == .expectedStandard
            ? (total.expectedStandardCount, group.expectedStandardCount)
            : (total.higherStandardCount, group.higherStandardCount)
        guard let totalReaching, let groupReaching, totalReaching >= groupReaching else {
            return NationalSide(count: totalCount - groupCount)
        }
        return NationalSide(count: totalCount - groupCount,
                            value: Double(totalReaching - groupReaching) / Double(totalCount - groupCount),
                            counts: (totalReaching - groupReaching, totalCount - groupCount))
    }
}
