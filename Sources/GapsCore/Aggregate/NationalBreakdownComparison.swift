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
        /// When the file has no such row: national `total` minus the national `group` (`NationalFigure.otherPupils`);
        /// for a sibling, `total` is the group with the sibling's characteristic at Total, so the difference is the
        /// sibling (England's Totals are the sum of their two sexes, disadvantage or FSM statuses).
        var total: NationalFigureKey?
        var group: NationalFigureKey?
    }

    /// The national comparison of a group in a measure, or nil when there is none to publish: the Total, a key stage
    /// no national file covers, or a group fixing a characteristic the files have no column for (minor ethnic
    /// groups unless a file has `ethnicity_minor`; FSM, SEN and first language unless a file has `fsm_status`,
    /// `sen_provision`, `first_language`). In order:
    /// - a group with a disadvantage status: the national group with the other status and the same other values
    ///   (a school's disadvantaged pupils against national non-disadvantaged pupils, as the DfE and Ofsted compare);
    /// - Boys against national Girls and Girls against national Boys;
    /// - an FSM group against the national group of the other FSM status;
    /// - any other group (an ethnic group, major or minor, a SEN provision, a first language): national Total minus
    ///   the group.
    /// A sibling row the file lacks is national Total minus the group as well (`nationalSide`).
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
            let siblingKey = key(values)
            values[dimension.rawValue] = PublishedFilter.total
            return NationalChoice(label: label, sibling: siblingKey, total: key(values), group: key(group.filterValues))
        }
        let total = Array(repeating: PublishedFilter.total, count: BreakdownDimension.allCases.count)
        let otherPupils = NationalChoice(label: BreakdownComparator.otherPupils, total: key(total), group: key(group.filterValues))
        if group.value(.disadvantage) != PublishedFilter.total {
            return sibling(along: .disadvantage, among: PublishedFilter.disadvantageStatuses) ?? otherPupils
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
        return otherPupils
    }

    /// The national side of a comparison for one year: the sibling row the file gives, otherwise national Total minus
    /// the group (`NationalFigures.otherPupilsFigure`). `nil` figures (a year or group the file lacks, or a value it
    /// gives as a symbol) leave the comparison `x`.
    static func nationalSide(_ choice: NationalChoice, national: NationalFigures, timePeriod: String,
                             indicator: BreakdownIndicator) -> NationalSide {
        func inYear(_ key: NationalFigureKey?) -> NationalFigureKey? {
            guard var key else { return nil }
            key.timePeriod = timePeriod
            return key
        }
        guard let others = national.otherPupilsFigure(given: inYear(choice.sibling), total: inYear(choice.total), group: inYear(choice.group))
        else { return NationalSide() }
        if indicator.isPercentage {
            return NationalSide(count: others.pupilCount, value: others.proportion(for: indicator.gapIndicator),
                                counts: others.counts(for: indicator.gapIndicator))
        }
        var side = NationalSide(count: others.pupilCount, value: others.averageScore)
        if let mean = others.averageScore, let sd = others.averageScoreSD, let count = others.pupilCount, count >= 2 {
            side.scores = SampleSummary(count: count, mean: mean, variance: sd * sd)
        }
        return side
    }
}
